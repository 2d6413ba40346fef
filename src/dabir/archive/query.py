"""Query parsing: the user's search string becomes units that each backend turns into its own syntax.

Syntax (deliberately small, so that no input can be an error of the engine): words are ANDed; «"…"» or «…»
is a phrase; a trailing ``*`` makes a prefix; a leading ``-`` excludes.  Everything else (FTS operators,
parentheses, SQL, quotes left open) is text: it is normalised like the documents and each token is quoted
before it reaches FTS5 or ``tsquery``, so the engine never sees user syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dabir.archive.normalise import Group, analyse
from dabir.errors import UserError


@dataclass(frozen=True)
class Unit:
    """One thing to match: a phrase of joined forms (``body``) or, equivalently, of pieces (``parts``)."""

    body: tuple[str, ...]
    parts: tuple[str, ...]
    prefix: bool = False
    negated: bool = False


@dataclass(frozen=True)
class Query:
    units: tuple[Unit, ...]

    @property
    def positive(self) -> list[Unit]:
        return [unit for unit in self.units if not unit.negated]

    @property
    def negative(self) -> list[Unit]:
        return [unit for unit in self.units if unit.negated]

    def hit_forms(self) -> tuple[set[str], set[str]]:
        """Exact forms and prefixes that count as hits when marking a snippet."""
        exact: set[str] = set()
        prefixes: set[str] = set()
        # Joined forms only: a piece such as «های» of «گروه های» would mark every plural in the snippet.  A
        # written word answers to its joined form and to its pieces, so «گروه» still marks «گروه‌ها».
        for unit in self.positive:
            exact.update(unit.body)
            if unit.prefix:
                prefixes.add(unit.body[-1])
        return exact, prefixes


_CHUNK = re.compile(r'(-?)(?:"([^"]*)"?|«([^»]*)»?|(\S+))(\*?)')


def _unit(groups: list[Group], prefix: bool, negated: bool) -> Unit:
    body = tuple(group.body for group in groups)
    parts = tuple(piece for group in groups for piece in group.parts)
    return Unit(body, parts, prefix, negated)


def parse_query(text: str) -> Query:
    """Parse a search string; never raises for odd input (an empty result means: nothing to search for)."""
    units: list[Unit] = []
    bare: list[str] = []

    def flush() -> None:
        # Consecutive bare words are analysed together so that «گروه های» joins as it does in documents.
        for group in analyse(" ".join(bare)):
            units.append(_unit([group], False, False))
        bare.clear()

    for match in _CHUNK.finditer(text):
        minus, quoted, guillemet, word, star = match.groups()
        phrase = quoted if quoted is not None else guillemet
        if phrase is not None:
            flush()
            groups = analyse(phrase)
            if groups:
                units.append(_unit(groups, bool(star), bool(minus)))
            continue
        word += star
        prefix = word.endswith("*")
        if not minus and not prefix and not word.startswith("-"):
            bare.append(word)
            continue
        flush()
        groups = analyse(word)
        if groups:
            units.append(_unit(groups, prefix, bool(minus)))
    flush()
    return Query(tuple(units))


def _fts5_phrase(tokens: tuple[str, ...], prefix: bool) -> str:
    quoted = " + ".join(f'"{token}"' for token in tokens)
    return quoted + ("*" if prefix else "")


def _fts5_unit(unit: Unit) -> str:
    body = _fts5_phrase(unit.body, unit.prefix)
    if unit.body == unit.parts:
        return f"({{body parts}} : {body})"
    return f"((body : {body}) OR (parts : {_fts5_phrase(unit.parts, unit.prefix)}))"


def to_fts5(query: Query) -> str:
    """An FTS5 MATCH expression.  Tokens are letters and digits only, so quoting them is always safe."""
    positive = query.positive
    if not positive:
        raise UserError("the query needs at least one word to search for (not only excluded ones)")
    expression = " AND ".join(_fts5_unit(unit) for unit in positive)
    for unit in query.negative:
        expression = f"({expression}) NOT {_fts5_unit(unit)}"
    return expression


def _tsquery_phrase(tokens: tuple[str, ...], prefix: bool) -> str:
    lexemes = [f"'{token}'" for token in tokens]
    if prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


def _tsquery_unit(unit: Unit) -> str:
    # No weight restriction: a joined form or a run of pieces is a hit wherever it stands, and a query
    # without weights is answered by the GIN index without reading every matching row back.
    body = _tsquery_phrase(unit.body, unit.prefix)
    if unit.body == unit.parts:
        return body
    return f"({body} | {_tsquery_phrase(unit.parts, unit.prefix)})"


def to_tsquery(query: Query) -> str:
    """A PostgreSQL ``tsquery`` literal over dabir's tsvector (body lexemes weight A, pieces weight B)."""
    positive = query.positive
    if not positive:
        raise UserError("the query needs at least one word to search for (not only excluded ones)")
    expression = " & ".join(_tsquery_unit(unit) for unit in positive)
    for unit in query.negative:
        expression += f" & !{_tsquery_unit(unit)}"
    return expression
