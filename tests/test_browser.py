"""The HTML report in a real browser: headless Chromium renders the report of each paper case; a
probe script (allowed by its hash, nothing else is) measures every node of the lineage as laid out,
and the test asserts through the DOM that every work is drawn, readable and apart from the others,
that the conflicting works are marked, and that the page fetched nothing. Skipped only when
Chromium is not installed (Debian package `chromium`; .ci/run installs it)."""

from __future__ import annotations

import base64
import hashlib
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import clearance
from clearance.render.html import POLICY, render_html

from examples import PAPER_CASES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="chromium is not installed (apt-get install chromium; .ci/run does it)")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")
PROBE = """
document.querySelectorAll("svg.lineage g.node").forEach(function (node) {
  var box = node.querySelector("rect").getBoundingClientRect();
  var fits = Array.prototype.every.call(node.querySelectorAll("text"), function (text) {
    var line = text.getBoundingClientRect();
    return line.width > 0 && line.left >= box.left && line.right <= box.right + 0.5;
  });
  node.setAttribute("data-probe-box", [box.left, box.top, box.width, box.height].join(","));
  node.setAttribute("data-probe-fits", fits ? "yes" : "no");
});
document.body.setAttribute("data-probe-resources", String(performance.getEntriesByType("resource").length));
"""


def _chromium(tmp_path: Path, page: Path, *extra: str) -> str:
    result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *extra, page.as_uri()],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


class Nodes(HTMLParser):
    """The lineage's nodes and the body's attributes, from a dumped DOM."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.nodes: dict[str, dict[str, str]] = {}
        self.body: dict[str, str] = {}
        self.feed(dom)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "body":
            self.body = attributes
        if tag == "g" and "node" in attributes.get("class", "").split():
            self.nodes[attributes["data-work"]] = attributes


def _probed(html: str) -> str:
    """The page with the probe script at the end of its body, allowed by its hash alone."""
    digest = base64.b64encode(hashlib.sha256(PROBE.encode()).digest()).decode()
    html = html.replace(f'content="{POLICY}"', f"content=\"{POLICY}; script-src 'sha256-{digest}'\"")
    return html.replace("</body>", f"<script>{PROBE}</script></body>")


def _apart(first: list[float], second: list[float]) -> bool:
    (x1, y1, w1, h1), (x2, y2, w2, h2) = first, second
    return x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1


@pytest.mark.parametrize("case", PAPER_CASES, ids=lambda c: c.name)
def test_each_paper_case_renders_with_the_graph_and_the_conflict_marked(case, kb, tmp_path):
    report = clearance.check(case.path)
    page = tmp_path / "report.html"
    page.write_text(_probed(render_html(report, kb)), encoding="utf-8")
    dom = Nodes(_chromium(tmp_path, page, "--dump-dom"))
    assert set(dom.nodes) == set(report.project.works) | set(report.project.steps)
    marked = {work for work, node in dom.nodes.items() if "conflict" in node["class"].split()}
    assert {work for _, work, _ in case.errors} <= marked
    assert bool(marked) == (not case.compliant)
    boxes = {work: [float(v) for v in node["data-probe-box"].split(",")] for work, node in dom.nodes.items()}
    assert all(box[2] > 0 and box[3] > 0 for box in boxes.values())
    assert {work for work, node in dom.nodes.items() if node["data-probe-fits"] != "yes"} == set()
    works = sorted(boxes)
    assert [(a, b) for i, a in enumerate(works) for b in works[i + 1:] if not _apart(boxes[a], boxes[b])] == []
    assert dom.body["data-probe-resources"] == "0"


def test_screenshot_of_a_paper_case(kb, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(clearance.check(PAPER_CASES[0].path), kb), encoding="utf-8")
    dom = Nodes(_chromium(tmp_path, page, "--dump-dom"))  # the page as shipped, without the probe
    assert "conflict" in dom.nodes["FreeLaw"]["class"] and "conflict" not in dom.nodes["BigTranslate"]["class"]
    shot = tmp_path / "report.png"
    _chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,1600")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 1600)
    assert len(data) > 20_000  # a blank page compresses to a few kilobytes
