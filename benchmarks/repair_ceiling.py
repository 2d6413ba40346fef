"""What the UD test files allow: how far a half-space repair built from the allowed data can go on them.

Measuring only (nothing here builds or tunes anything). Three questions, answered with ``zwnj_bench``'s own
scorer on the UD PerDT and Seraji *test* files:

1. *One spelling per word.* A repair that sees a joined word («آنها») without context can write it one way
   only. The best it can do is each word's commonest spelling; where the two treebanks spell the same word
   differently («آنها» PerDT 56:1, «آن‌ها» Seraji 20:0 in dev), one of them loses whatever the repair does.
   Rows: each file's own spellings (the self-oracle), the spellings of UD dev (both treebanks pooled, Seraji's
   counts weighted 1, 2 or 3) with every word dev never saw written *as its gold* (a perfect guesser).
2. The same for the spaced corruption: each space the corruption made is decided from its two neighbouring
   pieces alone, by UD dev's majority, a gap dev never saw decided as its gold.
3. *Where dabir's errors are.* dabir's output on the joined corruption, each wrong word classed by what UD dev
   (the build data of the shipped lexicon) says of it: *unseen* (dev never has it), *seen* (dev spells it as
   this gold does), *conflict* (dev's commonest spelling is another). Then dabir's score if every *seen* error
   were mended (a repair perfect on every word its data knows), and also every *conflict* error (impossible
   for one spelling per word: shown to size the treebanks' disagreement).

    .venv/bin/python benchmarks/repair_ceiling.py [--data DIR] [--write]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from repair_bench import ROOT, TREEBANKS, dabir_tool, load_zwnj_bench
from results_page import publish

SECTION = "## Repair, what the test files allow"
ZWNJ = "\u200c"
_EDGE = "«»\"'.,،؛:!؟?()[]"
#: Seraji's weight in the pooled dev counts: 100 = Seraji's spelling wherever Seraji dev has the word.
WEIGHTS = (1, 3, 100)
TARGET = 0.97
SPACED_TARGET = 0.98


def core(token: str) -> tuple[str, str, str]:
    """A whitespace token as (leading punctuation, word, trailing punctuation)."""
    word = token.strip(_EDGE)
    if not word:
        return token, "", ""
    start = token.index(word)
    return token[:start], word, token[start + len(word) :]


def spellings(sentences: dict[str, list[str]], weights: dict[str, float]) -> dict[str, Counter]:
    """Every word's spellings, keyed by the word without ZWNJ, counted over the named files."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for name, lines in sentences.items():
        for line in lines:
            for token in line.split():
                word = core(token)[1]
                counts[word.replace(ZWNJ, "")][word] += weights.get(name, 1.0)
    return counts


def oracle_joined(gold: list[str], counts: dict[str, Counter]) -> list[str]:
    """The joined corruption written back one spelling per word; a word ``counts`` lacks is written as gold."""
    out = []
    for line in gold:
        tokens = []
        for token in line.split():
            lead, word, trail = core(token)
            known = counts.get(word.replace(ZWNJ, ""))
            tokens.append(lead + (known.most_common(1)[0][0] if known else word) + trail)
        out.append(" ".join(tokens))
    return out


def pieces(line: str) -> tuple[list[str], list[str]]:
    """A gold line cut at every space and ZWNJ: the pieces and the separator after each but the last."""
    parts, seps, current = [], [], ""
    for ch in line:
        if ch in (" ", ZWNJ):
            if current:
                parts.append(current)
                seps.append(ch)
                current = ""
            elif seps and ch == " ":
                seps[-1] = " "
        else:
            current += ch
    if current:
        parts.append(current)
    return parts, seps[: max(len(parts) - 1, 0)]


def gap_counts(sentences: dict[str, list[str]], weights: dict[str, float]) -> dict[tuple[str, str], Counter]:
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for name, lines in sentences.items():
        for line in lines:
            parts, seps = pieces(line)
            for index, sep in enumerate(seps):
                counts[parts[index], parts[index + 1]][sep] += weights.get(name, 1.0)
    return counts


def oracle_spaced(gold: list[str], counts: dict[tuple[str, str], Counter]) -> list[str]:
    """The spaced corruption written back one decision per neighbouring pair; unseen pairs as gold."""
    out = []
    for line in gold:
        parts, seps = pieces(line)
        text = parts[0] if parts else ""
        for index, sep in enumerate(seps):
            known = counts.get((parts[index], parts[index + 1]))
            text += (known.most_common(1)[0][0] if known else sep) + parts[index + 1]
        out.append(text)
    return out


def f1(zb, gold: list[str], outputs: list[str]) -> float:
    result = zb.Score()
    for line, out in zip(gold, outputs, strict=True):
        result.add(line, out)
    return result.summary()["f1"]


def classify(gold_word: str, counts: dict[str, Counter]) -> str:
    known = counts.get(gold_word.replace(ZWNJ, ""))
    if not known:
        return "unseen"
    return "seen" if known.most_common(1)[0][0] == gold_word else "conflict"


def mended(gold: list[str], outputs: list[str], counts, mend: set[str]) -> tuple[list[str], Counter, Counter]:
    """dabir's outputs with the wrong words of the classes ``mend`` written as gold; wrong words and gold ZWNJs
    by class (sentences whose words dabir split or merged are left as they are)."""
    fixed, wrong, zwnjs = [], Counter(), Counter()
    for line, out in zip(gold, outputs, strict=True):
        gold_tokens, out_tokens = line.split(), out.split()
        if [t.replace(ZWNJ, "") for t in gold_tokens] != [t.replace(ZWNJ, "") for t in out_tokens]:
            fixed.append(out)
            continue
        tokens = []
        for g, o in zip(gold_tokens, out_tokens, strict=True):
            kind = classify(core(g)[1], counts)
            zwnjs[kind] += g.count(ZWNJ)
            if g != o:
                wrong[kind] += 1
            tokens.append(g if g != o and kind in mend else o)
        fixed.append(" ".join(tokens))
    return fixed, wrong, zwnjs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--write", action="store_true", help="write the tables into benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    zb = load_zwnj_bench(args.data.parent)
    ud = args.data / "ud"
    dev = {name: zb.load_gold([ud / pattern.format(split="dev")]) for name, pattern in TREEBANKS.items()}
    test = {name: zb.load_gold([ud / pattern.format(split="test")]) for name, pattern in TREEBANKS.items()}
    repair = dabir_tool()
    lines = [
        SECTION,
        "",
        "Measuring only: how far a repair built from the allowed data can go on the test files "
        "(`benchmarks/repair_ceiling.py`, zwnj_bench's scorer, one sentence per call as in `## Repair`).",
        "",
        "One spelling per word, joined corruption. *self*: each word in its commonest spelling in the very test",
        "file; *dev, Seraji ×w*: the commonest spelling in UD dev (both treebanks, Seraji's counts weighted w),",
        "a word dev never saw written as its gold (a perfect guesser). Spaced corruption: each space decided from",
        "its two neighbouring pieces by UD dev's majority, a pair dev never saw as its gold.",
        "",
        "| treebank | gold ZWNJs | in words dev never saw | joined: self | "
        + " | ".join(f"joined: dev, Seraji ×{w}" for w in WEIGHTS)
        + " | "
        + " | ".join(f"spaced: dev, Seraji ×{w}" for w in WEIGHTS)
        + " |",
        "|---|---:|---:|---:|" + "---:|" * (2 * len(WEIGHTS)),
    ]
    pooled = {f"dev-{name}": dev[name] for name in dev}
    dev_counts = spellings(pooled, {})
    weighted = [spellings(pooled, {"dev-Seraji": w}) for w in WEIGHTS]
    weighted_gaps = [gap_counts(pooled, {"dev-Seraji": w}) for w in WEIGHTS]
    for name, gold in test.items():
        self_counts = spellings({name: gold}, {})
        total = sum(line.count(ZWNJ) for line in gold)
        unseen = sum(
            core(t)[1].count(ZWNJ)
            for line in gold
            for t in line.split()
            if core(t)[1].replace(ZWNJ, "") not in dev_counts
        )
        joined = [f1(zb, gold, oracle_joined(gold, counts)) for counts in weighted]
        spaced = [f1(zb, gold, oracle_spaced(gold, counts)) for counts in weighted_gaps]
        lines.append(
            f"| {name} | {total} | {unseen} ({unseen / total:.0%}) | {f1(zb, gold, oracle_joined(gold, self_counts)):.3f} | "
            + " | ".join(f"{v:.3f}" for v in joined + spaced)
            + " |"
        )
    lines += [
        "",
        "dabir's joined-corruption errors by what UD dev (the shipped lexicon's running text) says of the word,",
        "and its F1 with some of them mended. *needed*: the share of the unseen words' wrong words that would",
        f"also have to go for F1 {TARGET}, with the seen errors mended (conflicts as dabir writes them: one",
        "spelling per word), and with the conflicts mended too.",
        "",
        "| treebank | dabir F1 | wrong words: unseen / seen / conflict | gold ZWNJs: unseen / seen / conflict "
        "| seen mended | seen + conflict mended | needed | needed, conflicts mended |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, gold in test.items():
        joined_input = [line.replace(ZWNJ, "") for line in gold]
        outputs = [repair(line) for line in joined_input]
        base = f1(zb, gold, outputs)
        seen_fixed, wrong, zwnjs = mended(gold, outputs, dev_counts, {"seen"})
        both_fixed, _, _ = mended(gold, outputs, dev_counts, {"seen", "conflict"})
        both = f1(zb, gold, both_fixed)
        needed = _needed(zb, gold, outputs, dev_counts, {"seen"})
        needed_both = _needed(zb, gold, outputs, dev_counts, {"seen", "conflict"})
        lines.append(
            f"| {name} | {base:.3f} | {wrong['unseen']} / {wrong['seen']} / {wrong['conflict']} "
            f"| {zwnjs['unseen']} / {zwnjs['seen']} / {zwnjs['conflict']} | {f1(zb, gold, seen_fixed):.3f} "
            f"| {both:.3f} | {needed} | {needed_both} |"
        )
    lines += [
        "",
        "The same for the spaced corruption, gap by gap (zwnj_bench's labels): each wrong space or ZWNJ classed by",
        "its two neighbouring pieces in UD dev (*seen*: dev's majority is this gold's; *inside*: a ZWNJ put",
        "inside a gold word). *needed*: the share of the unseen pairs' errors that would also have to go for F1",
        f"{SPACED_TARGET}, the seen ones mended.",
        "",
        "| treebank | dabir F1 | errors: unseen / seen / conflict / inside | seen mended | seen + conflict mended "
        "| needed |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    pair_counts = folded_gap_counts(zb, [line for part in dev.values() for line in part])
    for name, gold in test.items():
        outputs = [repair(line.replace(ZWNJ, " ")) for line in gold]
        lines.append(spaced_row(zb, name, gold, outputs, pair_counts))
    publish(SECTION, lines, ".venv/bin/python benchmarks/repair_ceiling.py --write", args.write)
    return 0


def folded_pairs(zb, line: str) -> tuple[list[str], dict[int, tuple[str, str]]]:
    """zwnj_bench's gap labels of a line and, for each gap between two pieces, the two pieces (folded)."""
    chars, labels = zb.segment(line, fold=True)
    cuts = [i for i, label in enumerate(labels) if label != zb.NONE]
    bounds = [0, *[i + 1 for i in cuts], len(chars)]
    parts = [chars[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    return labels, {i: (parts[k], parts[k + 1]) for k, i in enumerate(cuts)}


def folded_gap_counts(zb, lines: list[str]) -> dict[tuple[str, str], Counter]:
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for line in lines:
        labels, pairs = folded_pairs(zb, line)
        for i, pair in pairs.items():
            counts[pair][labels[i]] += 1
    return counts


def spaced_row(zb, name: str, gold: list[str], outputs: list[str], counts) -> str:
    """One table row: dabir's spaced-corruption errors by class, and F1 with classes mended."""
    result = zb.Score()
    fp, fn = Counter(), Counter()
    for line, out in zip(gold, outputs, strict=True):
        labels, pairs = folded_pairs(zb, line)
        for i, g, _ in result.add(line, out):
            if i not in pairs:
                kind = "inside"
            else:
                known = counts.get(pairs[i])
                kind = "unseen" if not known else ("seen" if known.most_common(1)[0][0] == g else "conflict")
            (fn if g == zb.ZW else fp)[kind] += 1
    summary = result.summary()
    tp = summary["tp"]

    def score(mend: set[str], unseen_share: float = 0.0) -> float:
        share = {kind: 1.0 for kind in mend} | {"unseen": unseen_share}
        gained = sum(fn[k] * share.get(k, 0.0) for k in fn)
        left = sum(fp[k] * (1 - share.get(k, 0.0)) for k in fp) + sum(
            fn[k] * (1 - share.get(k, 0.0)) for k in fn
        )
        return 2 * (tp + gained) / (2 * (tp + gained) + left)

    needed = "0%"
    if score({"seen"}) < SPACED_TARGET:
        if score({"seen"}, 1.0) < SPACED_TARGET:
            needed = f"out of reach (all mended: {score({'seen'}, 1.0):.3f})"
        else:
            share = next(k / 100 for k in range(101) if score({"seen"}, k / 100) >= SPACED_TARGET)
            needed = f"{share:.0%} of {fp['unseen'] + fn['unseen']}"
    errors = " / ".join(str(fp[k] + fn[k]) for k in ("unseen", "seen", "conflict", "inside"))
    return (
        f"| {name} | {summary['f1']:.3f} | {errors} | {score({'seen'}):.3f} | {score({'seen', 'conflict'}):.3f} "
        f"| {needed} |"
    )


def _needed(zb, gold: list[str], outputs: list[str], counts, mend: set[str]) -> str:
    """The share of unseen-word errors that must also go (the classes ``mend`` mended) to reach ``TARGET``,
    mending them in file order: a rough figure, errors differ in size only by the number of ZWNJs in the word."""
    wrong_unseen = [
        (i, j)
        for i, (line, out) in enumerate(zip(gold, outputs, strict=True))
        if [t.replace(ZWNJ, "") for t in line.split()] == [t.replace(ZWNJ, "") for t in out.split()]
        for j, (g, o) in enumerate(zip(line.split(), out.split(), strict=True))
        if g != o and classify(core(g)[1], counts) == "unseen"
    ]
    base, _, _ = mended(gold, outputs, counts, mend)
    everything, _, _ = mended(gold, outputs, counts, mend | {"unseen"})
    best = f1(zb, gold, everything)
    if best < TARGET:
        return f"out of reach (all {len(wrong_unseen)} mended: {best:.3f})"
    lo, hi = 0, len(wrong_unseen)
    while lo < hi:
        mid = (lo + hi) // 2
        trial = [line.split() for line in base]
        for i, j in wrong_unseen[:mid]:
            trial[i][j] = gold[i].split()[j]
        if f1(zb, gold, [" ".join(t) for t in trial]) >= TARGET:
            hi = mid
        else:
            lo = mid + 1
    return f"{lo / len(wrong_unseen):.0%} of {len(wrong_unseen)}" if wrong_unseen else "-"


if __name__ == "__main__":
    sys.exit(main())
