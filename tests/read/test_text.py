"""Text files: every encoding Persian files come in decodes to the same text, and the encoding is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from read_helpers import comparable, to_cp1256

from dabir.read import read_bytes, read_path
from dabir.read.encoding import fix_mojibake

CASES = Path(__file__).resolve().parents[1] / "cases" / "read"


def _mojibake_latin(text: str) -> bytes:
    """UTF-8 read as cp1252 by software that keeps the five undefined bytes as C1 controls, saved as UTF-8."""
    raw = text.encode("utf-8")
    return "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in raw
    ).encode()


ENCODINGS = {
    "utf-8": (lambda t: t.encode("utf-8"), "utf-8"),
    "utf-8-bom": (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    "utf-16-bom": (lambda t: t.encode("utf-16"), "utf-16-le"),
    "utf-16-le-no-bom": (lambda t: t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be-no-bom": (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    "windows-1256": (to_cp1256, "windows-1256"),
    "mojibake-cp1256": (lambda t: t.encode("utf-8").decode("cp1256").encode("utf-8"), "utf-8"),
    "mojibake-latin": (_mojibake_latin, "utf-8"),
}


@pytest.mark.parametrize("kind", list(ENCODINGS))
def test_encodings_read_back_to_the_seed(kind: str, seed_text: str, tmp_path: Path) -> None:
    encode, expected_encoding = ENCODINGS[kind]
    path = tmp_path / f"seed-{kind}.txt"
    path.write_bytes(encode(seed_text))
    doc = read_path(path)
    assert doc.source.format == "txt"
    assert doc.source.encoding == expected_encoding
    assert doc.source.size == path.stat().st_size
    assert comparable(doc.text) == comparable(seed_text)
    if kind.startswith("mojibake"):
        assert any(note.startswith("mojibake") for note in doc.diagnostics)
    else:
        assert doc.diagnostics == []


def test_sha256_is_of_the_original_bytes(seed_text: str) -> None:
    import hashlib

    data = to_cp1256(seed_text)
    assert read_bytes(data, "x.txt").source.sha256 == hashlib.sha256(data).hexdigest()


def test_short_windows_1256_is_not_latin(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(to_cp1256("سلام دنیا"))
    doc = read_path(path)
    assert doc.source.encoding == "windows-1256"
    assert doc.text == "سلام دنيا"


def _mojibake_cases() -> list[dict]:
    return json.loads((CASES / "mojibake.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _mojibake_cases(), ids=lambda case: case["name"])
def test_mojibake_cases(case: dict) -> None:
    fixed, notes = fix_mojibake(case["input"])
    assert fixed == case["expect"]
    assert bool(notes) == (case["input"] != case["expect"])


def test_mojibake_on_some_lines_only() -> None:
    damaged = "خبر".encode().decode("cp1256")
    fixed, notes = fix_mojibake(f"سلام دنیا\n{damaged} امروز {damaged}")
    assert fixed == "سلام دنیا\nخبر امروز خبر"
    assert notes and "line" in notes[0]


def test_damaged_utf8_is_marked_not_taken_for_a_legacy_encoding(seed_text: str) -> None:
    raw = seed_text.encode("utf-8")
    cut = raw.rindex("کرد".encode()) + 1  # in the middle of «ک», as a truncated download ends
    doc = read_bytes(raw[:1000] + b"\xff" + raw[1000:cut], "damaged.txt")
    assert doc.source.encoding == "utf-8"
    assert doc.text.count("\ufffd") == 2
    assert doc.diagnostics == ["2 invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
