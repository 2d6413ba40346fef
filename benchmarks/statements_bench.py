"""Statement extraction: lenient and strict precision/recall by outlet, wrong-person rate, and a regex baseline.

Gold (``tests/data/statements/``, see ANNOTATION_GUIDE.md there): the original Fars/Varzesh3/Hamshahri sets
(``dev.jsonl``, ``heldout.jsonl``) and the cross-outlet sets of issue 16 (``iranintl.jsonl``, ``irnews_*.jsonl``,
``ntrex.jsonl``), whose records carry ``split`` (dev/heldout) and ``round`` (1, 2 for dev; 0 for held-out). dabir
runs as a user runs it (the full extraction pipeline). Scores, per outlet family:

- lenient: speaker is the gold canonical or an alias (honorifics, spelling ignored), content overlaps ≥ 80%;
- strict: content starts where the gold starts and the identity is the gold canonical itself;
- wrong person: share of found statements (content matches) credited to a speaker who is not the gold one;
- false statements per 20 documents that have none.

``--write`` replaces the ``## Statements`` section of benchmarks/RESULTS.md. ``--record-first`` appends the scores
of rounds that have none yet to ``benchmarks/statements_first_scores.tsv`` (with the commit): that is the score of a
round *before* any tuning on it, the measure of generalisation; rows already there are never rewritten.
``--misses SET`` lists the misses of a dev set (never of a held-out split: those are for reporting only).

    .venv/bin/python benchmarks/statements_bench.py --write
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import time
from collections import defaultdict
from pathlib import Path

from results_page import write_section

from dabir.annotate.statement_eval import (
    Prediction,
    Tally,
    dabir_extractor,
    family,
    load,
    score_document,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "statements"
FIRST_SCORES = Path(__file__).resolve().parent / "statements_first_scores.tsv"
BASELINE_VERB = re.compile(
    r"(?:گفت|افزود|اظهار ?داشت|اظهار کرد|تاکید کرد|تأکید کرد|تصریح کرد|خاطرنشان کرد|یادآور شد|عنوان کرد|بیان کرد|"
    r"ادامه داد|اعلام کرد)(?:ند)?\s*:"
)


def baseline_extractor(text: str) -> list[Prediction]:
    """The simplest rule a user might try: speech verb + colon; speaker = the sentence up to the verb,
    content = after the colon to the end of the line."""
    normal = text.replace("ي", "ی").replace("ك", "ک")
    found = []
    for match in BASELINE_VERB.finditer(normal):
        sentence_start = max(normal.rfind(c, 0, match.start()) for c in ".\n!؟") + 1
        line_end = normal.find("\n", match.end())
        line_end = len(normal) if line_end < 0 else line_end
        start, end = match.end(), line_end
        while start < end and normal[start] in " «":
            start += 1
        while end > start and normal[end - 1] in " .»":
            end -= 1
        speaker = normal[sentence_start : match.start()].strip()
        found.append(Prediction(speaker, speaker, start, end))
    return found


def gold_sets() -> dict[str, list[dict]]:
    """Every gold document by set: 'dev', 'heldout' (the original sets), and for the cross-outlet files
    'dev round 1', 'dev round 2', 'heldout (new)'."""
    sets: dict[str, list[dict]] = {"dev": load(GOLD / "dev.jsonl"), "heldout": load(GOLD / "heldout.jsonl")}
    for path in sorted(GOLD.glob("*.jsonl")):
        if path.stem in {"dev", "heldout"}:
            continue
        for doc in load(path):
            name = f"dev round {doc['round']}" if doc["split"] == "dev" else "heldout (new)"
            sets.setdefault(name, []).append(doc)
    return sets


def run(names: list[str], extractor=dabir_extractor) -> tuple[dict[tuple[str, str], Tally], float, int]:
    """Tallies by (set, family) and by (set, 'all'); CPU seconds and characters processed."""
    sets = gold_sets()
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    chars = 0
    started = time.process_time()
    for name in names:
        for doc in sets.get(name, []):
            tally = score_document(doc, extractor(doc["text"]))
            tallies[(name, family(doc))].add(tally)
            tallies[(name, "all")].add(tally)
            chars += len(doc["text"])
    return dict(tallies), time.process_time() - started, chars


def _row(name: str, fam: str, t: Tally) -> str:
    empty = f"{20 * t.false_in_empty / t.docs_without:.1f}" if t.docs_without else "–"
    return (
        f"| {name} | {fam} | {t.docs} | {t.lenient.gold} | {t.lenient.predicted} | "
        f"{t.lenient.precision:.3f} | {t.lenient.recall:.3f} | {t.strict.precision:.3f} | {t.strict.recall:.3f} | "
        f"{t.wrong_person_rate:.1%} | {empty} |"
    )


HEADER = [
    "| set | outlet | docs | gold | predicted | lenient P | lenient R | strict P | strict R | wrong person | "
    "false per 20 empty docs |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
]


def statement_cost(names: list[str]) -> float:
    """CPU ms per 1,000 characters of :func:`annotate_statements` alone, on the repaired gold texts."""
    from dabir.annotate.statements import annotate_statements
    from dabir.extract import extract_text

    docs = [extract_text(doc["text"]) for name in names for doc in gold_sets().get(name, [])]
    started = time.process_time()
    for doc in docs:
        annotate_statements(doc)
    seconds = time.process_time() - started
    return 1e6 * seconds / max(1, sum(len(doc.text) for doc in docs))


def render(
    tallies: dict[tuple[str, str], Tally],
    base: dict[tuple[str, str], Tally],
    seconds: float,
    chars: int,
    names: list[str],
) -> str:
    lines = [
        "## Statements",
        "",
        "Who said what (issues 5, 16). *Lenient*: the speaker is the gold canonical or an alias (honorifics, spelling",
        "ignored) and the content overlaps the gold by ≥ 80% of the longer span. *Strict*: the content starts where the",
        "gold starts and the speaker's identity (canonical, else the mention) is the gold canonical itself. *Wrong",
        "person*: found statements (content matches) credited to someone else. Gold: `tests/data/statements/`; dabir",
        "runs its full extraction pipeline (entities and sentences), as a user gets it.",
        "",
        *HEADER,
    ]
    order = [key for key in tallies if key[1] == "all"] + sorted(k for k in tallies if k[1] != "all")
    for name, fam in sorted(order, key=lambda k: (k[0], k[1] != "all", k[1])):
        lines.append(_row(name, fam, tallies[(name, fam)]))
    lines += [
        "",
        "Baseline (speech verb + colon regex, speaker = the sentence before it), same documents:",
        "",
        *HEADER,
    ]
    for (name, fam), tally in sorted(base.items()):
        if fam == "all":
            lines.append(_row(name, "all", tally))
    per_k = 1e6 * seconds / chars if chars else 0.0
    statements_ms = statement_cost(names)
    lines += [
        "",
        f"CPU per 1,000 characters on these documents ({chars:,} characters): the statement extractor alone "
        f"{statements_ms:.2f} ms (repaired text, entities given); the whole pipeline (read, repair, sentences, "
        f"entities, statements) {per_k:.0f} ms.",
        "The original rules were fitted on `dev`; the cross-outlet rounds were each scored before any tuning on them",
        "(their first scores are in `benchmarks/statements_first_scores.tsv`); held-out splits are never inspected.",
        "",
        f"Command: `.venv/bin/python benchmarks/statements_bench.py --write`; machine: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.",
        "",
    ]
    return "\n".join(lines)


def record_first(tallies: dict[tuple[str, str], Tally], label: str = "") -> list[str]:
    """Append first scores for (set, outlet) pairs of the new rounds that have none yet; return the new rows.
    ``label`` names the state the scores were taken in («after tuning on round 1»), kept in the set column."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    lines = FIRST_SCORES.read_text(encoding="utf-8").splitlines() if FIRST_SCORES.exists() else []
    if not lines:
        lines = ["set\toutlet\tdocs\tlenient_p\tlenient_r\tstrict_p\tstrict_r\twrong_person\tcommit"]
    have = {tuple(line.split("\t")[:2]) for line in lines[1:]}
    added = []
    for (name, fam), t in sorted(tallies.items()):
        name = f"{name} ({label})" if label else name
        if name in {"dev", "heldout"} or (name, fam) in have:
            continue
        added.append(
            f"{name}\t{fam}\t{t.docs}\t{t.lenient.precision:.3f}\t{t.lenient.recall:.3f}\t"
            f"{t.strict.precision:.3f}\t{t.strict.recall:.3f}\t{t.wrong_person_rate:.3f}\t{commit}"
        )
    FIRST_SCORES.write_text("\n".join(lines + added) + "\n", encoding="utf-8")
    return added


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="", help="comma list of sets to score (default: all)")
    parser.add_argument("--misses", metavar="SET", help="list dabir's misses on a dev set")
    parser.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    parser.add_argument("--record-first", action="store_true", help="record first scores of unscored rounds")
    parser.add_argument("--label", default="", help="with --record-first: the state the scores are taken in")
    args = parser.parse_args(argv)
    names = args.sets.split(",") if args.sets else list(gold_sets())
    if args.misses:
        if "heldout" in args.misses:
            parser.error("held-out splits are for reporting only: their misses are not listed")
        notes: list[str] = []
        for doc in gold_sets()[args.misses]:
            score_document(doc, dabir_extractor(doc["text"]), notes)
        print("\n".join(notes))
        return
    tallies, seconds, chars = run(names)
    base, _, _ = run(names, baseline_extractor)
    section = render(tallies, base, seconds, chars, names)
    print(section)
    if args.record_first:
        print("\n".join(record_first(tallies, args.label)) or "no new rounds to record")
    if args.write:
        write_section("## Statements", section)


if __name__ == "__main__":
    main()
