"""Bytes -> str for text files: BOMs, UTF-16 without BOM, legacy Windows-1256, and UTF-8 mojibake.

Persian files in the wild come in three families: UTF-8 (often with a BOM from Notepad), UTF-16 (Word's
"Unicode text"), and Windows-1256 from older Windows software.  A generic detector easily mistakes
Windows-1256 for latin-1 or cp1252 (every byte decodes in those), so Persian candidates are scored by how much
of the non-ASCII text is Arabic-script letters.  Mojibake (UTF-8 bytes once decoded as cp1256 or latin-1 and
saved again: «ط®ط§ظ…ظ†ظ‡», «Ø®Ø§Ù…Ù†Ù‡») is undone by the round trip back to the original bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from dabir.errors import UserError


class ReadError(UserError):
    """A file that cannot be read as a document: one line with the file name and the problem."""


@dataclass
class Decoded:
    """Decoded text with the encoding that was detected and notes about what was fixed."""

    text: str
    encoding: str
    diagnostics: list[str] = field(default_factory=list)


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# High bytes of UTF-16 code units in Persian text: ASCII/controls (00), Arabic block (06), ZWNJ & co. (20),
# presentation forms (FB, FE).
_UTF16_HIGH_BYTES = frozenset({0x00, 0x06, 0x20, 0xFB, 0xFE})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ARABIC_LETTER = re.compile(
    r"[\u0621-\u064a\u0660-\u0669\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0\u06f0-\u06f9]"
)
# Characters that a cp1256 or latin-1 reading of UTF-8 Persian produces in bulk.
_MOJIBAKE_LATIN = re.compile(
    r"[ØÙÚÛ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)
_MOJIBAKE_ARABIC = re.compile(
    r"[طظعغ][\x80-\xbf\u0152\u0153\u0192\u02c6\u2013-\u2122\u067e-\u06af\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2\u200c-\u200f]"
)


def arabic_share(text: str) -> float:
    """Share of Arabic-script letters and digits among the non-ASCII, non-space characters of ``text``."""
    sample = [
        ch for ch in text[:200_000] if ord(ch) > 127 and not ch.isspace() and ch not in "\u200c\u200d\ufeff"
    ]
    if not sample:
        return 0.0
    return len(_ARABIC_LETTER.findall("".join(sample))) / len(sample)


def _control_share(text: str) -> float:
    sample = text[:100_000]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when every other byte looks like the high byte of Persian or ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:20_000]
    odd, even = sample[1::2], sample[0::2]
    for high, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        share = sum(byte in _UTF16_HIGH_BYTES for byte in high) / len(high)
        zeros = high.count(0) / len(high)
        if share >= 0.95 and (zeros >= 0.05 or high.count(6) / len(high) >= 0.3):
            return codec
    return None


def _sloppy_encode(text: str, codec: str) -> bytes | None:
    """Encode as a Windows code page would have been decoded by sloppy software (undefined bytes kept as C1)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode(codec)
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))
            else:
                return None
    return bytes(out)


def _unmojibake_once(text: str, min_markers: int = 2) -> tuple[str, str] | None:
    """Undo one layer of UTF-8-read-as-``codec`` mojibake on the whole of ``text``; return (fixed, codec)."""
    before = arabic_share(text)
    for codec, marker in (("cp1256", _MOJIBAKE_ARABIC), ("cp1252", _MOJIBAKE_LATIN)):
        if len(marker.findall(text)) < min_markers:
            continue
        raw = _sloppy_encode(text, codec)
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if fixed != text and arabic_share(fixed) >= max(0.5, before):
            return fixed, codec
    return None


_WORD = re.compile(r"\S+")


def _unmojibake_words(line: str) -> tuple[str, str] | None:
    """Word by word, for a line where damaged words sit among sound ones (text pasted from two sources)."""
    codecs_used: list[str] = []

    def fix(match: re.Match[str]) -> str:
        fixed = _unmojibake_once(match.group(0), min_markers=1)
        if fixed is None:
            return match.group(0)
        codecs_used.append(fixed[1])
        return fixed[0]

    result = _WORD.sub(fix, line)
    return (result, codecs_used[0]) if codecs_used else None


def fix_mojibake(text: str) -> tuple[str, list[str]]:
    """Undo UTF-8 mojibake, on the whole text or line by line when only some lines are damaged.

    >>> fix_mojibake("Ø®Ø§Ù…Ù†Ù‡")[0]
    'خامنه'
    """
    notes: list[str] = []
    for _ in range(2):  # double mojibake happens (a file "fixed" twice); never loop forever
        whole = _unmojibake_once(text)
        if whole:
            text = whole[0]
            notes.append(f"mojibake: UTF-8 read as {whole[1]}, fixed")
            continue
        lines = text.split("\n")
        changed: dict[str, int] = {}
        for index, line in enumerate(lines):
            fixed = _unmojibake_once(line) or _unmojibake_words(line)
            if fixed:
                lines[index] = fixed[0]
                changed[fixed[1]] = changed.get(fixed[1], 0) + 1
        if not changed:
            break
        text = "\n".join(lines)
        for codec, count in changed.items():
            notes.append(f"mojibake: UTF-8 read as {codec} on {count} line(s), fixed")
    return text, notes


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> Decoded:
    """Decode a text file's bytes; raise :class:`ReadError` for binary or undecodable data.

    ``declared`` is an encoding the container names (an html ``<meta charset>``); it is tried after BOMs.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise ReadError(
                    f"undecodable bytes: invalid {codec.upper()} despite its byte-order mark", name
                )
            label = "utf-8-sig" if codec == "utf-8-sig" else f"{codec}-{'le' if bom[0] == 0xFF else 'be'}"
            return _finish(text.lstrip("\ufeff"), label)
    codec16 = _utf16_without_bom(data)
    if codec16:
        text = _strict(data, codec16)
        if text is not None and _control_share(text) < 0.01:
            return _finish(text, codec16)
    if declared:
        declared = _normalise_label(declared)
        text = _strict(data, declared)
        if text is not None:
            if (
                declared in ("cp1252", "latin-1", "iso-8859-1")
                and arabic_share(_strict(data, "cp1256") or "") > 0.6
            ):
                # Pages that declare latin-1 but hold Windows-1256 bytes are common; the bytes decide.
                return _finish(
                    data.decode("cp1256"), "windows-1256", [f"declared {declared}, bytes are windows-1256"]
                )
            return _finish(text, _label(declared))
    if b"\x00" in data[:8192]:
        raise ReadError("unsupported or binary format", name)
    text = _strict(data, "utf-8")
    if text is not None:
        if _control_share(text) > 0.01:
            raise ReadError("unsupported or binary format", name)
        return _finish(text, "utf-8")
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return _finish(
            damaged[0], "utf-8", [f"{damaged[1]} invalid UTF-8 byte sequence(s) replaced with U+FFFD"]
        )
    legacy = _strict(data, "cp1256")
    if legacy is not None and _control_share(legacy) < 0.01 and arabic_share(legacy) >= 0.6:
        return _finish(legacy, "windows-1256")
    guess = _charset_normalizer_guess(data)
    if guess is not None and _control_share(guess[0]) < 0.01:
        return _finish(guess[0], guess[1], [f"encoding guessed by charset-normalizer: {guess[1]}"])
    if _control_share(legacy or "") > 0.01:
        raise ReadError("unsupported or binary format", name)
    raise ReadError("undecodable bytes: not UTF-8, UTF-16 or Windows-1256 text", name)


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few broken bytes (a truncated download, a bad copy): decoded with the damage marked.

    Windows-1256 Persian read as UTF-8 breaks on nearly every letter, so a handful of bad sequences in a
    long text means damaged UTF-8, not a legacy encoding.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(2, len(text) // 2000) and arabic_share(text.replace("\ufffd", "")) >= 0.5:
        return text, bad
    return None


def _normalise_label(label: str) -> str:
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return "utf-8"


def _label(codec: str) -> str:
    return {"cp1256": "windows-1256", "utf_8": "utf-8"}.get(codec, codec)


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """A second opinion for encodings other than the Persian ones, accepted only when it is coherent."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.chaos > 0.2:
        return None
    text = _strict(data, best.encoding)
    return (text, _label(best.encoding)) if text is not None else None


def _finish(text: str, encoding: str, notes: list[str] | None = None) -> Decoded:
    fixed, more = fix_mojibake(text)
    return Decoded(fixed, encoding, (notes or []) + more)
