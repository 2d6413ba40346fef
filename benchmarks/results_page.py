"""benchmarks/RESULTS.md: every benchmark owns one ``## Heading`` section and replaces only that one."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(heading: str, section: str, results: Path = RESULTS) -> None:
    """Replace the section that starts with the line ``heading`` (or append it), leaving the others alone.

    ``section`` is the whole new section, its heading line included.
    """
    text = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    start = text.find(heading + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + section.rstrip("\n") + "\n" + ("\n" + text[end + 1 :] if end >= 0 else "")
    results.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def publish(heading: str, lines: list[str], command: str, write: bool) -> None:
    """Print a section (its lines, then the command that makes it) and, with ``write``, put it into RESULTS.md."""
    body = "\n".join([*lines, "", f"Command: `{command}`.", ""])
    print(body)
    if write:
        write_section(heading, body)
