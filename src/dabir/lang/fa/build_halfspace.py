"""Build the half-space (ZWNJ) lexicon shipped as ``halfspace.tsv.gz``.

Run ``python -m dabir.lang.fa.build_halfspace [--data DIR] [--out PATH] [--no-ud]``.  ``DIR`` defaults to the
``shared/data`` folder next to the repository root.  Only dev/train material is read, never a test split:

* UD PerDT and Seraji *dev* ``# text`` lines (gold ZWNJ, CC BY-SA 4.0): word forms and spaced bigrams;
* hazm ``words.dat`` (MIT): 193k words with corpus frequencies and POS, ``verbs.dat``: past#present stems;
* shekar ``compound_words.csv`` (MIT): compounds written with ZWNJ; ``vocab.csv``: known words (stems only,
  since its text lost many ZWNJs: «بهویژه», «مهمتر»);
* ParsTwiNER ``train.txt`` tokens (MIT; word forms, lower weight).

Nothing research-only (ArmanPersoNER, PEYMA) feeds it, so the lexicon and the letter model trained on it may be
shipped under the terms of their sources (MIT, CC BY-SA 4.0); ``dabir models`` lists them.

Each word form gets a *vote*: for every source, its share among the forms of the same ZWNJ-less key, times the
source's weight and a confidence that grows with the source's count.  The runtime (``dabir.repair.halfspace``)
chooses among the forms of a key by vote.  Forms are normalised first: NFC, Arabic letters to Persian, and no
ZWNJ after a letter that does not join forward (the project never writes one).

Output lines (tab-separated; lines starting with ``#`` are provenance):
``W  form  vote  flags  count``  (count: in running text, UD three times; flags: ``A`` adjective, ``V`` verb form, ``S`` stem-only word from shekar's vocab,
``C`` hazm word with a frequency, ``H`` common, ``U`` seen in UD dev, ``F`` function word, ``L`` a ZWNJ spelling on a word list)
``B  w1 w2  count``       a bigram seen with a space in UD dev text (count x3), when ``w1w2`` is also a key.
``P  head  apart  closed``  a compound's second part, with how many known compounds write it apart/closed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from dabir.lang.fa.script import ZWNJ, joins_forward, letter_table
from dabir.train.shared_data import SHARED_DATA

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "halfspace.tsv.gz"
DEFAULT_DATA = SHARED_DATA

#: Source weights: gold treebank forms count most; tweets are partly damaged («ارزشها»).
WEIGHTS = {"ud": 3.0, "hazm": 1.5, "shekar_compounds": 1.0, "verbs": 2.0, "parstwiner": 0.5}

CURATED = {"hazm", "shekar_compounds", "verbs"}
NOISY = {"parstwiner"}
NOISY_PLAIN = 0.25
#: hazm frequency from which a word is common (flag H): «پیش‌بینی» 3.4M, «سال‌گذشته» 0.
COMMON = 100_000
#: Only these present stems take «می» bare («می‌توان»); others would outvote nouns such as «میدان».
BARE_STEMS = {"توان"}
#: A compound head is listed when this many known compounds write it after a ZWNJ.
HEAD_MIN = 3

_FIX_LETTERS = letter_table({"\u0640": ""})
_DIACRITICS = re.compile("[\u064b-\u0652\u0670]")
_WORD = re.compile(f"^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0{ZWNJ}]+$")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")

PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")
PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
VERB_PREFIXES = ("می", "نمی")


def normalise(word: str) -> str:
    """NFC, Persian letters, no diacritics or tatweel, no ZWNJ at the edges or after a non-joining letter."""
    word = _DIACRITICS.sub("", unicodedata.normalize("NFC", word).translate(_FIX_LETTERS)).strip(ZWNJ)
    if ZWNJ not in word:
        return word
    out = []
    for index, char in enumerate(word):
        if char == ZWNJ and (index == 0 or not joins_forward(word[index - 1]) or out[-1:] == [ZWNJ]):
            continue
        out.append(char)
    return "".join(out)


def key_of(form: str) -> str:
    return form.replace(ZWNJ, "")


def clean_token(token: str) -> str | None:
    """A running-text token without edge punctuation, or None when it is not a Persian word."""
    token = normalise(_EDGE_PUNCT.sub("", token))
    return token if token and _WORD.match(token) and len(token) > 1 else None


def read_sentences_ud(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# text ="):
                yield line[len("# text =") :].split()


def read_sentences_columns(path: Path) -> Iterator[list[str]]:
    """One token per line with a tag after it; blank lines end sentences (Arman, ParsTwiNER)."""
    sentence: list[str] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if not parts:
                if sentence:
                    yield sentence
                sentence = []
                continue
            sentence.append(parts[0] if len(parts) == 2 else " ".join(parts[:-1]))
    if sentence:
        yield sentence


def count_running_text(sentences: Iterable[list[str]]) -> tuple[Counter, Counter]:
    """Word-form counts and spaced-bigram counts (adjacent tokens, both Persian words)."""
    words: Counter = Counter()
    bigrams: Counter = Counter()
    for raw in sentences:
        tokens: list[str | None] = []
        for piece in raw:
            # A token with an inner space (some NER corpora keep multiword tokens) is split.
            tokens.extend(clean_token(part) for part in piece.split())
        for token in tokens:
            if token:
                words[token] += 1
        for left, right in zip(tokens, tokens[1:], strict=False):
            if left and right:
                bigrams[(left, right)] += 1
    return words, bigrams


def verb_forms(verbs_path: Path) -> tuple[set[str], set[str]]:
    """Conjugated forms from hazm's past#present stems: (plain forms, forms with می/نمی prefix and ZWNJ)."""
    plain: set[str] = set()
    bare: set[str] = set()
    for line in verbs_path.read_text(encoding="utf-8").splitlines():
        if "#" not in line:
            continue
        past, present = (normalise(part) for part in line.split("#", 1))
        if past:
            plain.update(past + ending for ending in PAST_ENDINGS)
            plain.add(past + "ه")
        if present:
            if present in BARE_STEMS:
                bare.add(present)
            # «آ»→«آید», «گو»→«گوید» but «شو»→«شود»: after a vowel both spellings are generated.
            stems = [present + "ی", present] if present.endswith(("ا", "و", "آ")) else [present]
            if present.endswith(("ا", "آ")):
                stems = stems[:1]
            plain.update(stem + ending for stem in stems for ending in PRESENT_ENDINGS)
    plain.discard("")
    # «می‌توان», «نمی‌شاید»: the bare present stem takes the prefix too.
    prefixed = {prefix + ZWNJ + form for prefix in VERB_PREFIXES for form in plain | bare}
    return plain | bare, prefixed


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def input_paths(data: Path, use_ud: bool = True) -> list[Path]:
    paths = [
        data / "lexicon/hazm/words.dat",
        data / "lexicon/hazm/verbs.dat",
        data / "lexicon/hazm/stopwords.dat",
        data / "lexicon/shekar/compound_words.csv",
        data / "lexicon/shekar/vocab.csv",
        data / "ner/parstwiner/train.txt",
    ]
    if use_ud:
        paths += [data / "ud/fa_perdt-ud-dev.conllu", data / "ud/fa_seraji-ud-dev.conllu"]
    return paths


def build(data: Path, use_ud: bool = True) -> str:
    """Return the artifact's text (deterministic for given inputs)."""
    per_source: dict[str, Counter] = {}
    flags: dict[str, set[str]] = defaultdict(set)
    bigrams: Counter = Counter()

    if use_ud:
        ud_words: Counter = Counter()
        for name in ("fa_perdt-ud-dev.conllu", "fa_seraji-ud-dev.conllu"):
            words, pairs = count_running_text(read_sentences_ud(data / "ud" / name))
            ud_words.update(words)
            # Gold spacing counts three times: the house style of edited news, not of tweets.
            bigrams.update({pair: 3 * count for pair, count in pairs.items()})
        per_source["ud"] = ud_words
    words, _ = count_running_text(read_sentences_columns(data / "ner/parstwiner/train.txt"))
    per_source["parstwiner"] = words  # its bigrams are not used: a space there is often a lost ZWNJ

    hazm: Counter = Counter()
    doubtful: set[str] = set()
    unseen: set[str] = set()
    for line in (data / "lexicon/hazm/words.dat").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        form = normalise(parts[0])
        if not _WORD.match(form or "-"):
            continue
        frequency = int(parts[1]) if parts[1].isdigit() else 0
        hazm[form] += frequency + 1
        if len(parts) > 2 and "AJ" in parts[2].split(","):
            flags[form].add("A")
    # A form may come from several entries («مدت», «مدّت»): judge its summed frequency.
    for form, count in hazm.items():
        entries_only = count - 1  # at least one «+1» per entry; a real frequency is far larger
        if entries_only < 10:
            unseen.add(form)
            if ZWNJ not in form:
                doubtful.add(form)  # hazm's zero-frequency entries include ZWNJ-less damage: «میکند», «آنها»
        if count >= COMMON:
            flags[form].add("H")
    per_source["hazm"] = hazm

    compounds: Counter = Counter()
    for line in (data / "lexicon/shekar/compound_words.csv").read_text(encoding="utf-8").splitlines():
        form = normalise(line.strip())
        if form and _WORD.match(form):
            compounds[form] += 1
    per_source["shekar_compounds"] = compounds

    plain, prefixed = verb_forms(data / "lexicon/hazm/verbs.dat")
    per_source["verbs"] = Counter(dict.fromkeys(sorted(prefixed), 1))
    for form in plain | prefixed:
        flags[form].add("V")

    # Provenance a rule may ask for: «C» curated list (hazm, shekar compounds), «U» seen in UD dev text.
    # shekar's compound list and hazm's zero-frequency entries also hold noun phrases («امام‌خمینی»,
    # «سال‌گذشته») that news writes apart, so only hazm words with a frequency count as curated.
    for form in hazm:
        if form not in unseen:
            flags[form].add("C")
    for form in per_source.get("ud", ()):
        flags[form].add("U")
    # «L»: a ZWNJ spelling some word list has, whatever its frequency («شبه‌نظامیان», «مدت‌زمان»).
    for form in (*hazm, *compounds):
        if ZWNJ in form:
            flags[form].add("L")

    # Votes: per source and key, each form's share, times the weight and a count-based confidence.
    votes: dict[str, float] = defaultdict(float)
    for source, counter in per_source.items():
        by_key: dict[str, list[str]] = defaultdict(list)
        for form in counter:
            by_key[key_of(form)].append(form)
        weight = WEIGHTS[source]
        for forms in by_key.values():
            total = sum(counter[f] for f in forms)
            # Curated lists count as sure; running-text counts grow surer with every occurrence.
            confidence = 1.0 if source in CURATED else total / (total + 1.0)
            for form in forms:
                share = counter[form] / total
                if source in NOISY and ZWNJ not in form:
                    share *= NOISY_PLAIN  # these corpora lost many ZWNJs; a plain spelling proves little
                if source == "hazm" and form in doubtful:
                    share *= NOISY_PLAIN
                votes[form] += weight * confidence * share

    # Function words (hazm stopwords): a pair containing one needs running-text evidence to be joined.
    for line in (data / "lexicon/hazm/stopwords.dat").read_text(encoding="utf-8").splitlines():
        form = normalise(line.strip())
        if form and _WORD.match(form):
            flags[form].add("F")

    # shekar's vocabulary: stems the morphology may build on, without a vote.
    for line in (data / "lexicon/shekar/vocab.csv").read_text(encoding="utf-8").splitlines():
        word, _, freq = line.partition(",")
        form = normalise(word)
        if form and _WORD.match(form) and freq.isdigit() and int(freq) >= 1000 and form not in votes:
            flags[form].add("S")

    running: Counter = Counter()
    for source in ("ud", "parstwiner"):
        factor = 3 if source == "ud" else 1
        running.update({form: factor * count for form, count in per_source.get(source, Counter()).items()})
    keys = {key_of(form) for form in votes}
    lines = [
        "# dabir half-space lexicon, built by `python -m dabir.lang.fa.build_halfspace` (do not edit).",
        "# Sources: UD PerDT+Seraji dev (CC BY-SA 4.0), hazm words.dat/verbs.dat (MIT), shekar compound_words",
        "# and vocab (MIT), ParsTwiNER train (MIT). No test split, no research-only corpus.",
        f"# inputs-sha256: {_digest(input_paths(data, use_ud))} ud: {use_ud}",
        "# W<TAB>form<TAB>vote<TAB>flags<TAB>running-text count | B<TAB>w1 w2<TAB>count (real-space bigram whose join is a key)",
    ]
    for form in sorted(set(votes) | set(flags)):
        vote = votes.get(form, 0.0)
        tags = "".join(sorted(flags.get(form, ())))
        lines.append(f"W\t{form}\t{vote:.3f}\t{tags}\t{running.get(form, 0)}")
    for (left, right), count in sorted(bigrams.items()):
        if ZWNJ in left or ZWNJ in right:
            continue
        if key_of(left + right) in keys:
            lines.append(f"B\t{left} {right}\t{count}")
    for head, (apart, closed) in sorted(compound_heads(votes, flags).items()):
        lines.append(f"P\t{head}\t{apart}\t{closed}")
    return "\n".join(lines) + "\n"


def compound_heads(votes: dict[str, float], flags: dict[str, set[str]]) -> dict[str, tuple[int, int]]:
    """Second parts of compounds («ریزی», «نوردی», «شناسان»): how many known compounds write them after a ZWNJ,
    and how many known closed words end in them after a known word and a joining letter («دانشمند»).

    The runtime reads a word no source knows through its head («دقیقه‌شماری»), when the head is mostly
    written apart."""
    trusted = {form for form, tags in flags.items() if tags & {"C", "U", "V"}}
    apart: Counter = Counter()
    for form, vote in votes.items():
        if vote <= 0 or ZWNJ not in form:
            continue
        left, _, head = form.rpartition(ZWNJ)
        if len(head) >= 2 and left.replace(ZWNJ, "") in trusted:
            apart[head] += 1
    heads = {head for head, count in apart.items() if count >= HEAD_MIN}
    closed: Counter = Counter()
    for word in trusted:
        if ZWNJ in word:
            continue
        for cut in range(2, len(word) - 1):
            if word[cut:] in heads and word[:cut] in trusted and joins_forward(word[cut - 1]):
                closed[word[cut:]] += 1
    return {head: (apart[head], closed[head]) for head in heads}


def write(text: str, out: Path) -> None:
    """Write gzip bytes that depend only on the text (mtime 0), so rebuilds compare equal."""
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        handle.write(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared/data folder")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--no-ud", action="store_true", help="leave out UD dev (to measure on it honestly)")
    args = parser.parse_args(argv)
    text = build(args.data, use_ud=not args.no_ud)
    write(text, args.out)
    print(f"wrote {args.out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
