"""Reads the metadata of a GGUF file (llama.cpp's model format) without any library: the magic
`GGUF`, a version, the tensor and key/value counts, then typed key/value pairs. Only the
`general.*` keys are kept (`general.license`, `general.base_model.N.*`); tensors are never read.
Every length is checked against what is left of the file, so a hostile header cannot make the
reader allocate or loop without bound."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any, BinaryIO

from clearance.exceptions import InputError

MAGIC = b"GGUF"
MAX_KVS = 1 << 16
MAX_STRING = 1 << 20
MAX_HEADER = 256 * 1024 * 1024
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
STRING, ARRAY = 8, 9


class _Reader:
    def __init__(self, handle: BinaryIO, size: int, source: str) -> None:
        self.handle, self.left, self.source = handle, min(size, MAX_HEADER), source

    def fail(self, message: str) -> InputError:
        return InputError(f"invalid GGUF header: {message} (at byte {self.handle.tell()})", self.source)

    def take(self, count: int) -> bytes:
        if count > self.left:
            raise self.fail("it ends before the metadata does")
        self.left -= count
        return self.handle.read(count)

    def scalar(self, kind: int) -> Any:
        fmt = _SCALARS[kind]
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self, keep: bool = True) -> str | None:
        length = self.scalar(10)
        if length > MAX_STRING:
            raise self.fail(f"a string of {length} bytes")
        data = self.take(length)
        if not keep:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail("a string that is not UTF-8") from None

    def value(self, kind: int, keep: bool, depth: int = 0) -> Any:
        if kind in _SCALARS:
            return self.scalar(kind)
        if kind == STRING:
            return self.string(keep)
        if kind == ARRAY:
            item_kind, count = self.scalar(4), self.scalar(10)
            if depth > 8:
                raise self.fail("arrays nested deeper than 8 levels")
            if item_kind not in _SCALARS and item_kind not in (STRING, ARRAY):
                raise self.fail(f"an array of unknown type {item_kind}")
            if count > self.left:
                raise self.fail(f"an array of {count} values")
            items = [self.value(item_kind, keep, depth + 1) for _ in range(count)]
            return items if keep else None
        raise self.fail(f"unknown value type {kind}")


def read_gguf_metadata(path: Path) -> dict[str, Any]:
    """The `general.*` metadata of the GGUF file at `path`."""
    source = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            reader = _Reader(handle, size, source)
            if size < 4 or reader.take(4) != MAGIC:
                raise InputError("not a GGUF file (no 'GGUF' magic)", source)
            version = reader.scalar(4)
            if version not in (2, 3):
                raise InputError(f"unsupported GGUF version {version}", source, hint="versions 2 and 3 are read")
            reader.scalar(10)  # tensor count
            kv_count = reader.scalar(10)
            if kv_count > MAX_KVS:
                raise reader.fail(f"{kv_count} key/value pairs")
            metadata: dict[str, Any] = {}
            for _ in range(kv_count):
                key = reader.string()
                keep = key.startswith("general.")
                value = reader.value(reader.scalar(4), keep)
                if keep:
                    metadata[key] = value
            return metadata
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", source) from None


def gguf_bases(metadata: dict[str, Any]) -> list[str]:
    """The base models a GGUF file names: `general.base_model.N.repo_url` on the Hub, else
    ORGANIZATION/NAME."""
    count = metadata.get("general.base_model.count", 0)
    bases = []
    for index in range(count if isinstance(count, int) else 0):
        prefix = f"general.base_model.{index}."
        url = metadata.get(prefix + "repo_url") or ""
        if isinstance(url, str) and "huggingface.co/" in url:
            bases.append(url.split("huggingface.co/", 1)[1].strip("/"))
            continue
        name, org = metadata.get(prefix + "name"), metadata.get(prefix + "organization")
        if isinstance(name, str) and name:
            bases.append(f"{org.replace(' ', '-')}/{name.replace(' ', '-')}" if isinstance(org, str) and org else name)
    return bases


def write_gguf(path: Path, metadata: dict[str, str | int]) -> None:
    """Write a GGUF v3 file holding `metadata` and no tensors (fixtures and tests)."""
    out = bytearray(MAGIC + struct.pack("<IQQ", 3, 0, len(metadata)))
    for key, value in metadata.items():
        encoded = key.encode()
        out += struct.pack("<Q", len(encoded)) + encoded
        if isinstance(value, int):
            out += struct.pack("<IQ", 10, value)
        else:
            data = value.encode()
            out += struct.pack("<IQ", STRING, len(data)) + data
    path.write_bytes(bytes(out))
