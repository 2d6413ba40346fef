"""Input built to break the readers: NUL characters past the binary sniff, invisible-only text, deep html."""

from __future__ import annotations

import pytest

from dabir.cli import main
from dabir.errors import UserError
from dabir.extract import extract_bytes, extract_text
from dabir.inputs import decode_text
from dabir.read import read_bytes

REPORT = "سخنگوی دولت گفت: نشست هفتگی هیئت وزیران فردا برگزار می‌شود و گزارش آن منتشر خواهد شد.\n"


def test_nul_past_the_sniffed_head_is_removed_with_a_note() -> None:
    data = (REPORT * 100).encode("utf-8") + b"\x00\x00" + REPORT.encode("utf-8")
    assert b"\x00" not in data[:8192]
    document = extract_bytes(data, "late-nul.txt")
    assert "\x00" not in document.text and "\x00" not in document.model_dump_json()
    assert any("2 NUL character(s) removed" in note.message for note in document.diagnostics)
    record = extract_text(REPORT * 100 + "\x00" + REPORT, "<text>")
    assert "\x00" not in record.text


def test_nul_in_plain_text_for_repair_is_refused() -> None:
    data = (REPORT * 100).encode("utf-8") + b"\x00" + REPORT.encode("utf-8")
    with pytest.raises(UserError, match="NUL character at character"):
        decode_text(data, "late-nul.txt")


@pytest.mark.parametrize(
    "text",
    ["\u200c", "\u200c\u200c\u200c\n", "\ufeff\u200c\u200f \u200b", "\u200d\u2060\n\n\u200c"],
)
def test_invisible_only_input_is_named_not_called_empty(text: str) -> None:
    with pytest.raises(UserError, match="no visible text: only invisible characters"):
        read_bytes(text.encode("utf-8"), "zwnj.txt")
    with pytest.raises(UserError, match="no visible text"):
        decode_text(text.encode("utf-8"), "zwnj.txt")


@pytest.mark.parametrize("command", ["extract", "repair", "statements", "entities"])
def test_invisible_only_input_exits_2_with_one_line(
    command: str, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "zwnj.txt"
    path.write_text("\u200c" * 40 + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main([command, str(path)])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "ZERO WIDTH NON-JOINER" in error and str(path) in error


@pytest.mark.parametrize("depth", [300, 3000])
def test_html_nested_past_the_parser_depth_keeps_its_text(depth: int) -> None:
    body = "".join(f"<p>{line}</p>" for line in (REPORT * 3).splitlines())
    page = (
        "<html><head><title>نشست هیئت وزیران</title></head><body>"
        + "<div>" * depth
        + body
        + "<script>var hidden = 1;</script>"
        + "</div>" * depth
        + "</body></html>"
    )
    document = read_bytes(page.encode("utf-8"), "deep.html")
    assert document.text.count("نشست هفتگی") == 3 and "hidden" not in document.text
    assert any("nested more than 255 deep" in note for note in document.diagnostics)
