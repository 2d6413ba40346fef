"""The repair engine: runs the named rules in order and composes their edits against the original text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dabir.repair import characters, compounds, halfspace, layout
from dabir.repair.edits import Edit, OffsetMap, apply_edits, compose
from dabir.repair.options import RepairOptions

Rule = Callable[[str, RepairOptions], list[Edit]]


def _rules() -> dict[str, Rule]:
    # Order matters: characters are made uniform first, then layout, then words.
    rules: dict[str, Rule] = {
        "line_endings": characters.line_endings,
        "invisible_marks": characters.invisible_marks,
        "presentation_forms": characters.presentation_forms,
        "artifacts": layout.artifacts,
        "arabic_letters": characters.arabic_letters,
        "kashida": characters.kashida,
        "diacritics": characters.diacritics,
        "digits": characters.digits,
        "zwnj_cleanup": halfspace.zwnj_cleanup,
        # After the character rules: a ZWNJ, an underscore or another digit script must not hide a page number.
        "page_numbers": layout.page_numbers,
        "leading_blank_lines": layout.leading_blank_lines,
        "line_breaks": layout.line_breaks,
        "spaces": characters.spaces,
    }
    # Closed compounds first: a word they make («ا ي» -> «ای») may then take its half-space («معامله‌ای»).
    rules.update(compounds.RULES)
    rules.update(halfspace.WORD_RULES)
    rules["punctuation"] = characters.punctuation
    rules["punctuation_spacing"] = characters.punctuation_spacing
    rules["space_after_punctuation"] = characters.space_after_punctuation
    rules["spaces_final"] = characters.spaces
    return rules


RULES: dict[str, Rule] = _rules()


def rule_names() -> list[str]:
    """The names of all repair rules, in the order they run."""
    return list(RULES)


def rule_doc(name: str) -> str:
    """First line of a rule's docstring."""
    doc = RULES[name].__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


@dataclass
class Repaired:
    """The result of a repair: the new text, the edits against the original, and an offset map."""

    original: str
    text: str
    edits: list[Edit]
    steps: list[tuple[str, list[Edit]]] = field(default_factory=list)
    _map: OffsetMap | None = field(default=None, repr=False)

    @property
    def offset_map(self) -> OffsetMap:
        if self._map is None:
            self._map = OffsetMap(self.edits)
        return self._map

    def to_original(self, offset: int) -> int:
        """Offset in the repaired text -> offset in the original text."""
        return self.offset_map.to_original(offset)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """A span of the repaired text -> the span of the original it came from."""
        return self.offset_map.span_to_original(start, end)

    def to_repaired(self, offset: int) -> int:
        """Offset in the original text -> offset in the repaired text."""
        return self.offset_map.to_repaired(offset)

    def as_dict(self) -> dict:
        return {"text": self.text, "edits": [edit.as_dict() for edit in self.edits]}


def repair(
    text: str,
    options: RepairOptions | None = None,
    *,
    skip: set[str] | frozenset[str] = frozenset(),
    keep_steps: bool = False,
) -> Repaired:
    """Repair damaged Persian text; every change is an edit with offsets into ``text``.

    >>> repair("ميكرد").text
    'می\u200cکرد'
    """
    options = options or RepairOptions()
    skipped = set(options.skip) | set(skip)
    unknown = skipped - set(RULES)
    if unknown:
        raise ValueError(f"unknown repair rule(s): {', '.join(sorted(unknown))}")
    current = text
    composed: list[Edit] = []
    steps: list[tuple[str, list[Edit]]] = []
    for name, rule in RULES.items():
        if name in skipped:
            continue
        edits = rule(current, options)
        if not edits:
            continue
        if keep_steps:
            steps.append((name, edits))
        composed = compose(text, composed, current, edits)
        current = apply_edits(current, edits)
    return Repaired(original=text, text=current, edits=composed, steps=steps)
