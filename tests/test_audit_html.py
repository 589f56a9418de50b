"""The HTML summary of `clearance audit` (clearance/render/audit_html.py): its charts draw the summary's
numbers, the page is self-contained and deterministic, and hostile ids stay text. The browser test
(headless Chromium) renders it and measures the bars."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_browser import CHROMIUM, _chromium
from test_hostile_ids import IDS, raw_unsafe

import clearance
from clearance.render.audit_html import TOP, render, render_audit
from clearance.render.html import POLICY

from examples import EXAMPLES

FIXTURES = EXAMPLES.parent / "tests" / "fixtures"
SUMMARY = {  # the shape of clearance.audit-summary/1
    "schema": "clearance.audit-summary/1",
    "repositories": 1000,
    "problems": 42,
    "counts": {"compliant": 610, "not-compliant": 290, "unknown": 100, "invalid": 0, "inconclusive": 0},
    "rates": {"compliant": 0.61, "not-compliant": 0.29, "unknown": 0.1, "invalid": 0.0, "inconclusive": 0.0},
    "codes": {"cannot-relicense": 250, "license-unknown": 100, "non-commercial": 40},
    "top_pairs": [{"declared": "Apache-2.0", "upstream": "Llama-3.1", "relation": "finetune", "count": 120,
                   "example": "user1/llama-ft"},
                  {"declared": "MIT", "upstream": "CC-BY-NC-4.0", "relation": "adapter", "count": 60,
                   "example": "user2/nc-lora"},
                  {"declared": "Apache-2.0", "upstream": "Gemma", "relation": "quantized", "count": 3,
                   "example": "user3/gemma-GGUF"}],
    "families": [{"family": "meta-llama/Llama-3.1-8B", "models": 400, "not_compliant": 200, "unknown": 20,
                  "inconsistency_rate": 0.5, "example": "user1/llama-ft"},
                 {"family": "mistralai/Mistral-7B-v0.1", "models": 300, "not_compliant": 30, "unknown": 30,
                  "inconsistency_rate": 0.1, "example": "user4/mistral-ft"},
                 {"family": "google/gemma-2-2b", "models": 50, "not_compliant": 0, "unknown": 0,
                  "inconsistency_rate": 0.0, "example": None}],
    "suggested": {"Llama-3.1": 120, "CC-BY-NC-4.0": 60},
}


class Page(HTMLParser):
    """The charts' bars (with their segments) and the lineage's nodes of a page or a dumped DOM."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.bars: dict[str, list[dict[str, str]]] = {}
        self.nodes: dict[str, dict[str, str]] = {}
        self.body: dict[str, str] = {}
        self.chart: str | None = None
        self.node: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if tag == "body":
            self.body = attributes
        elif tag == "svg" and "chart" in classes:
            self.chart = attributes["data-chart"]
            self.bars[self.chart] = []
        elif tag == "g" and "bar" in classes:
            self.bars[self.chart].append({**attributes, "segments": []})
        elif tag == "rect" and "segment" in classes:
            self.bars[self.chart][-1]["segments"].append(attributes)
        elif tag == "g" and "node" in classes:
            self.node = attributes["data-work"]
            self.nodes[self.node] = attributes
        elif tag == "rect" and self.node is not None:
            self.nodes[self.node]["data-probe"] = attributes.get("data-probe", "")
            self.node = None


@pytest.fixture(scope="module")
def picture():
    """The project and report of a fine-tune of Llama 3.1 declared Apache-2.0 (the hub fixtures)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_CACHE", str(FIXTURES / "hf-cache"))
        report = clearance.check(FIXTURES / "hub" / "llama-finetune-apache")
    return report.project, report


def _width(segment: dict[str, str]) -> float:
    return float(segment["width"])


def test_the_charts_draw_the_summary_and_the_lineage_its_conflict(picture, kb):
    html = render_audit(SUMMARY, picture, kb)
    assert render_audit(SUMMARY, picture, kb) == html
    page = Page(html)
    assert [bar["data-verdict"] for bar in page.bars["verdicts"]] == ["compliant", "not-compliant", "unknown",
                                                                     "invalid", "inconclusive"]
    widths = [_width(bar["segments"][0]) for bar in page.bars["verdicts"][:3]]
    assert widths[0] / widths[1] == pytest.approx(610 / 290, rel=0.01)
    pairs = page.bars["pairs"]
    assert [bar["data-example"] for bar in pairs] == ["user1/llama-ft", "user2/nc-lora", "user3/gemma-GGUF"]
    assert _width(pairs[0]["segments"][0]) == pytest.approx(2 * _width(pairs[1]["segments"][0]), rel=0.01)
    assert "Apache-2.0 \u00d7 Llama-3.1 (finetune)" in pairs[0]["data-label"]
    families = {bar["data-family"]: bar for bar in page.bars["families"]}
    assert list(families) == [f["family"] for f in SUMMARY["families"]]  # largest first
    red, grey = (_width(s) for s in families["meta-llama/Llama-3.1-8B"]["segments"])
    assert red / grey == pytest.approx(10, rel=0.01) and families["google/gemma-2-2b"]["segments"] == []
    assert [bar["data-code"] for bar in page.bars["codes"]] == list(SUMMARY["codes"])
    assert "42 distinct problems" in html
    assert set(page.nodes) == set(picture[0].works) | set(picture[0].steps)
    assert "conflict" in page.nodes["llama-finetune-apache"]["class"].split()
    embedded = re.search(r'<script type="application/json" id="clearance-data">\n(.*)\n</script>', html, re.S)
    assert json.loads(embedded.group(1)) == SUMMARY
    assert "<script" not in html.replace(embedded.group(0), "") and "http" not in html.split("</head>")[1]
    assert f'content="{POLICY}"' in html


def test_a_summary_without_conflicts_or_families_says_so():
    html = render_audit({"repositories": 3, "counts": {"compliant": 3}})
    page = Page(html)
    assert "No conflicting pair was found" in html and "pairs" not in page.bars and not page.nodes
    assert [bool(bar["segments"]) for bar in page.bars["verdicts"]] == [True, False, False, False, False]


def test_only_the_top_pairs_are_drawn():
    pairs = [{"declared": "mit", "upstream": f"L{n}", "relation": "finetune", "count": 100 - n, "example": f"r{n}"}
             for n in range(TOP + 5)]
    assert len(Page(render_audit({**SUMMARY, "top_pairs": pairs})).bars["pairs"]) == TOP


def test_render_is_the_page_of_the_summary_and_the_picture(picture, kb):
    assert render(SUMMARY, picture, kb) == render_audit(SUMMARY, picture, kb)
    assert "lineage-figure" not in render(SUMMARY)


def test_hostile_ids_stay_text():
    hostile = list(IDS.values()) + ['"><script>alert(1)</script>', "</script><b>x"]
    pairs = [{"declared": ident, "upstream": ident, "relation": "merge", "count": 5, "example": ident}
             for ident in hostile]
    families = [{"family": ident, "models": 5, "not_compliant": 1, "unknown": 1, "example": ident} for ident in hostile]
    codes = {ident: 3 for ident in hostile}
    html = render_audit({**SUMMARY, "top_pairs": pairs, "families": families, "codes": codes, "suggested": codes},
                        title=hostile[0])
    assert not raw_unsafe(html), raw_unsafe(html)
    assert "<script>alert" not in html and "</script><b>" not in html
    page = Page(html)
    assert len(page.bars["pairs"]) == len(page.bars["families"]) == len(page.bars["codes"]) == len(hostile)


PROBE = """
document.querySelectorAll("svg.chart g.bar rect, svg.lineage g.node rect").forEach(function (rect) {
  var box = rect.getBoundingClientRect();
  rect.setAttribute("data-probe", [box.width, box.height].join(","));
});
document.body.setAttribute("data-probe-resources", String(performance.getEntriesByType("resource").length));
"""


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")
def test_the_summary_renders_in_chromium_with_its_charts(picture, kb, tmp_path):
    import base64
    import hashlib
    digest = base64.b64encode(hashlib.sha256(PROBE.encode()).digest()).decode()
    html = render_audit(SUMMARY, picture, kb)
    html = html.replace(f'content="{POLICY}"', f"content=\"{POLICY}; script-src 'sha256-{digest}'\"")
    page = tmp_path / "audit.html"
    page.write_text(html.replace("</body>", f"<script>{PROBE}</script></body>"), encoding="utf-8")
    dom = _chromium(tmp_path, page, "--dump-dom")
    drawn = Page(dom)
    assert drawn.body["data-probe-resources"] == "0"
    for chart in ("verdicts", "pairs", "families", "codes"):
        for bar in drawn.bars[chart]:
            for segment in bar["segments"]:
                width, height = (float(v) for v in segment["data-probe"].split(","))
                assert width >= 1 and height > 10, (chart, bar["data-label"])
    pairs = drawn.bars["pairs"]
    first, second = (float(bar["segments"][0]["data-probe"].split(",")[0]) for bar in pairs[:2])
    assert first == pytest.approx(2 * second, rel=0.02)  # as laid out, the bars keep the counts' ratio
    assert set(drawn.nodes) == set(picture[0].works) | set(picture[0].steps)
    assert all(float(node["data-probe"].split(",")[0]) > 0 for node in drawn.nodes.values())
