"""Reading user input for commands that take plain text (``FILE`` or ``-``), with one-line errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dabir.errors import UserError


def read_text_arg(arg: str) -> tuple[str, str]:
    """Read ``arg`` (a path, or ``-`` for stdin) as UTF-8 text; return ``(text, display_name)``.

    Raises :class:`UserError` for a missing file, a directory, binary or non-UTF-8 data and empty input, in the
    words `dabir extract` uses for the same input («no such file», «empty file», «unsupported or binary format»).
    """
    name = "<stdin>" if arg == "-" else arg
    if arg == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(arg)
        if not path.exists():
            raise UserError("no such file", name)
        if path.is_dir():
            raise UserError("is a directory, not a file", name)
        if not os.access(path, os.R_OK):
            raise UserError("permission denied", name)
        data = path.read_bytes()
    return decode_text(data, name), name


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; refuse empty, binary and other encodings."""
    if not data.strip():
        raise UserError("empty file", name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return check_decoded(data.decode("utf-16"), name)
        except UnicodeDecodeError as error:
            raise UserError(f"invalid UTF-16 at byte {error.start}", name) from None
    if b"\x00" in data[:4096]:
        raise UserError("unsupported or binary format", name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            f"not UTF-8 text (invalid byte at offset {error.start}); "
            "'dabir extract' detects legacy encodings such as Windows-1256",
            name,
        ) from None
    return check_decoded(text, name)


def check_decoded(text: str, name: str) -> str:
    """Refuse NUL characters anywhere (no archive can store them) and text with nothing visible in it."""
    from dabir.read.text import invisible_only

    if "\x00" in text:
        raise UserError(f"binary data, not text (NUL character at character {text.index(chr(0))})", name)
    problem = invisible_only(text)
    if problem:
        raise UserError(problem, name)
    return text
