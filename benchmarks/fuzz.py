"""Fuzz repair, extraction (txt, html, pdf, docx) and the HTTP API with generated input; count the crashes.

A crash is any exception other than dabir's own one-line input error (:class:`~dabir.errors.UserError`, its
message on one line) and, through the API, any 5xx answer.  Inputs are mutations of small valid documents
(the reports in ``examples/`` written as txt, html, pdf and docx by ``tests/read/make_formats.py``, and the
repair cases in ``tests/cases/repair``) and random Persian/Unicode text, from a fixed seed, so a run can be
repeated.  An input that runs past ``--slow`` seconds is stopped and counted apart (a slow input, not a crash);
the first input of each distinct crash is saved under ``--crashes`` as a reproducer.

    nice .venv/bin/python benchmarks/fuzz.py [--count 100000] [--seed 17] [--write]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import pickle
import random
import resource
import signal
import sys
import time
import traceback
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "read"))
from results_page import publish  # noqa: E402

FONT = ROOT / "src" / "dabir" / "web" / "static" / "fonts" / "Vazirmatn-Regular.ttf"
PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإؤئءةيكۀ"
MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
INVISIBLE = "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202e\u2066\u2069\ufeff\u200b\u00ad\u2060"
PUNCTUATION = "«»،؛؟.:!\"'()[]-–—…/\\*#@%&<>=+_|~^`{}"
DIGITS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
SPACES = " \n\t\r\u00a0\u2009\u3000\n\n"
WORDS = [
    "گفت",
    "گفت:",
    "افزود",
    "اظهار داشت",
    "به گزارش",
    "به نقل از",
    "وی",
    "او",
    "ایشان",
    "رئیس",
    "سخنگوی",
    "وزیر",
    "آیت‌الله",
    "خرداد",
    "۱۴۰۲",
    "۳۱",
    "می کرد",
    "میکرد",
    "نمی‌شود",
    "ها",
    "های",
    "تهران -",
    "ﷺ",
    "ﻻ",
    "http://x.ir/a?b=1",
    "@user",
    "#هشتگ",
]


class Slow(Exception):
    """An input ran past the per-input time limit."""


def _alarm(signum: int, frame: Any) -> None:
    raise Slow


def random_text(rng: random.Random, size: int) -> str:
    """Persian-looking text with the characters that break tools: ZWNJ and bidi marks, mixed digits, quotes."""
    pools = [PERSIAN, PERSIAN, PERSIAN, MARKS, INVISIBLE, PUNCTUATION, DIGITS, SPACES, SPACES]
    out: list[str] = []
    while len(out) < size:
        roll = rng.random()
        if roll < 0.12:
            out.append(rng.choice(WORDS))
        elif roll < 0.16:
            point = rng.randint(0x20, 0x2FFFF)  # anything but surrogates, unassigned and private use included
            out.append(chr(point if not 0xD800 <= point <= 0xDFFF else 0xFFFD))
        elif roll < 0.17:
            out.append(chr(rng.randint(0, 0x1F)))
        else:
            out.append(rng.choice(rng.choice(pools)))
    return "".join(out)


def mutate_text(rng: random.Random, text: str) -> str:
    """Cut, repeat, splice in random text, delete or swap characters: a few edits per input."""
    for _ in range(rng.randint(1, 4)):
        if not text:
            return random_text(rng, rng.randint(1, 60))
        i = rng.randrange(len(text))
        j = min(len(text), i + rng.randint(1, 40))
        op = rng.randrange(6)
        if op == 0:
            text = text[:i] + random_text(rng, rng.randint(1, 30)) + text[i:]
        elif op == 1:
            text = text[:i] + text[j:]
        elif op == 2:
            text = text[:i] + text[i:j] * rng.randint(2, 20) + text[j:]
        elif op == 3:
            text = text[:i] + rng.choice(INVISIBLE + MARKS + "\x00«»:") * rng.randint(1, 30) + text[j:]
        elif op == 4:
            text = text[i:] + text[:i]
        else:
            text = text[: rng.randint(0, len(text))]
    return text


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """Byte-level damage: flips, inserted and deleted runs, truncation, repeats, NULs and UTF-8 fragments."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not buffer:
            buffer.extend(rng.randbytes(rng.randint(1, 50)))
            continue
        i = rng.randrange(len(buffer))
        op = rng.randrange(7)
        if op == 0:
            buffer[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            buffer[i:i] = rng.randbytes(rng.randint(1, 20))
        elif op == 2:
            del buffer[i : i + rng.randint(1, 40)]
        elif op == 3:
            del buffer[rng.randint(0, len(buffer)) :]
        elif op == 4:
            j = min(len(buffer), i + rng.randint(1, 60))
            buffer[i:i] = buffer[i:j] * rng.randint(2, 10)
        elif op == 5:
            buffer[i:i] = b"\x00" * rng.randint(1, 8)
        else:
            buffer[i:i] = random_text(rng, rng.randint(1, 20)).encode("utf-8", "surrogatepass")
    return bytes(buffer)


def mutate_docx(rng: random.Random, data: bytes) -> bytes:
    """A docx whose XML parts (or the zip itself) are damaged: the reader must see through both."""
    if rng.random() < 0.3:
        return mutate_bytes(rng, data)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "word/document.xml" or (
                item.filename.endswith(".xml") and rng.random() < 0.1
            ):
                text = part.decode("utf-8", "replace")
                part = (
                    mutate_text(rng, text)
                    if rng.random() < 0.5
                    else mutate_bytes(rng, part).decode("latin-1")
                ).encode("utf-8", "surrogatepass")
            if rng.random() < 0.02:
                continue  # a part missing altogether
            target.writestr(item.filename, part)
    return out.getvalue()


def seeds() -> dict[str, list[Any]]:
    """Small valid inputs per target: txt and the repair cases, and the examples as html, pdf and docx."""
    from make_formats import make_docx, make_html, make_pdf

    reports = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.txt"))]
    blocks = [[block.strip() for block in report.split("\n\n") if block.strip()] for report in reports]
    short = ["\n\n".join(parts[:3])[:400] for parts in blocks if parts]  # short: fast to extract
    cases: list[str] = []
    for file in sorted((ROOT / "tests" / "cases" / "repair").glob("*.json")):
        for case in json.loads(file.read_text(encoding="utf-8")):
            if isinstance(case, dict) and isinstance(case.get("input"), str):
                cases.append(case["input"])
    return {
        "text": short + cases,
        "html": [make_html(text) for text in short],
        "pdf": [make_pdf(text, FONT) for text in short[:2]],
        "docx": [make_docx(text) for text in short],
    }


class Fuzz:
    def __init__(self, slow_seconds: float, crashes: Path) -> None:
        self.slow_seconds = slow_seconds
        self.crash_dir = crashes
        self.runs: Counter[str] = Counter()
        self.crashes: Counter[str] = Counter()
        self.slow: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.kinds: dict[tuple[str, str], tuple[str, int]] = {}
        self.seconds: Counter[str] = Counter()

    def once(self, target: str, call: Callable[[], Any], data: bytes | str) -> None:
        self.runs[target] += 1
        started = time.perf_counter()
        # The API stops a slow job itself (503 time_limit, counted as slow); the alarm is only a backstop there.
        signal.setitimer(signal.ITIMER_REAL, self.slow_seconds * (3 if target == "api" else 1))
        try:
            problem = call()
        except Slow:
            self.slow[target] += 1
            self._save(target, "slow", data, f"ran past {self.slow_seconds} s")
            return
        except Exception as error:  # noqa: BLE001 - counting every kind is the point
            from dabir.errors import UserError

            if isinstance(error, UserError) and "\n" not in str(error):
                self.refused[target] += 1
                return
            frames = traceback.extract_tb(error.__traceback__)
            where = (
                f"{frames[-1].filename.split('/site-packages/')[-1]}:{frames[-1].lineno}" if frames else "?"
            )
            problem = f"{type(error).__name__} at {where}: {str(error)[:200]}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.seconds[target] += time.perf_counter() - started
        if problem:
            self.crashes[target] += 1
            self._save(target, problem.split(":")[0] if " at " in problem else problem, data, problem)

    def _save(self, target: str, kind: str, data: bytes | str, problem: str) -> None:
        key = (target, kind)
        if key in self.kinds:
            self.kinds[key] = (self.kinds[key][0], self.kinds[key][1] + 1)
            return
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        name = f"{target}-{hashlib.sha256(raw).hexdigest()[:12]}.bin"
        self.crash_dir.mkdir(parents=True, exist_ok=True)
        (self.crash_dir / name).write_bytes(raw)
        self.kinds[key] = (f"{problem} (input: {self.crash_dir / name})", 1)
        print(f"fuzz: {target}: {problem} -> {self.crash_dir / name}", file=sys.stderr)


def run(count: int, seed: int, slow_seconds: float, crash_dir: Path) -> Fuzz:
    from dabir.extract import extract_bytes
    from dabir.repair import repair

    rng = random.Random(seed)
    fuzz = Fuzz(slow_seconds, crash_dir)
    pool = seeds()
    # Shares by cost: a repair takes milliseconds, an extraction (NER, statements) tens of them.
    share = {"repair": 0.82, "txt": 0.03, "html": 0.02, "pdf": 0.01, "docx": 0.05, "api": 0.07}
    plan = [(target, int(count * part)) for target, part in share.items()]
    plan[0] = ("repair", count - sum(n for _, n in plan[1:]))

    def repair_check(text: str) -> str | None:
        result = repair(text)
        rebuilt = text
        for edit in sorted(result.edits, key=lambda e: e.start, reverse=True):
            rebuilt = rebuilt[: edit.start] + edit.after + rebuilt[edit.end :]
        return (
            None if rebuilt == result.text else "EditsDoNotReplay: applying the edits does not give the text"
        )

    for target, n in plan:
        started = time.perf_counter()
        if target == "api":
            fuzz_api(fuzz, rng, pool, n)
        for _ in range(n if target != "api" else 0):
            if target == "repair":
                base = rng.choice(pool["text"])
                text = random_text(rng, rng.randint(0, 300)) if rng.random() < 0.4 else mutate_text(rng, base)
                fuzz.once("repair", lambda text=text: repair_check(text), text)
            elif target == "txt":
                base = rng.choice(pool["text"]).encode(
                    rng.choice(["utf-8", "utf-8", "utf-16", "cp1256"]), "ignore"
                )
                data = (
                    mutate_bytes(rng, base)
                    if rng.random() < 0.6
                    else mutate_text(rng, base.decode("utf-8", "ignore")).encode("utf-8", "surrogatepass")
                )
                fuzz.once("txt", lambda data=data: _extract(extract_bytes, data, "fuzz.txt", "txt"), data)
            elif target == "html":
                base = rng.choice(pool["html"])
                data = (
                    mutate_bytes(rng, base)
                    if rng.random() < 0.5
                    else mutate_text(rng, base.decode("utf-8")).encode("utf-8", "surrogatepass")
                )
                fuzz.once("html", lambda data=data: _extract(extract_bytes, data, "fuzz.html", "html"), data)
            elif target == "pdf":
                data = mutate_bytes(rng, rng.choice(pool["pdf"]))
                fuzz.once("pdf", lambda data=data: _extract(extract_bytes, data, "fuzz.pdf", "pdf"), data)
            else:
                data = mutate_docx(rng, rng.choice(pool["docx"]))
                fuzz.once("docx", lambda data=data: _extract(extract_bytes, data, "fuzz.docx", "docx"), data)
        print(
            f"fuzz: {target}: {fuzz.runs[target]:,} inputs in {time.perf_counter() - started:.0f} s, "
            f"{fuzz.crashes[target]} crashes",
            file=sys.stderr,
        )
    return fuzz


def _extract(extract_bytes: Callable[..., Any], data: bytes, name: str, fmt: str) -> str | None:
    document = extract_bytes(data, name, fmt)
    text = document.text
    for span in [*document.sentences, *document.entities]:
        if not (0 <= span.start <= span.end <= len(text)):
            return "SpanOutOfText: a span points outside the text"
    if "\x00" in document.model_dump_json():
        return "NulInRecord: the record holds a NUL character"
    return None


def fuzz_api(fuzz: Fuzz, rng: random.Random, pool: dict[str, list[Any]], n: int) -> None:
    """Requests of every shape through the TestClient: JSON, uploads, raw bodies, forms, odd headers and queries."""
    import tempfile

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from dabir.api import create_app

    folder = tempfile.mkdtemp(prefix="dabir-fuzz-")
    app = create_app(
        db_url=f"{folder}/archive.sqlite3", token="", max_bytes=256 * 1024, seconds=fuzz.slow_seconds
    )
    options = [{}, {"digits": "latin"}, {"skip": "halfspace"}, {"quotes": True}, {"digits": 5}, {"x": 1}]
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        for _ in range(n):
            kind = rng.randrange(8)
            text = mutate_text(rng, rng.choice(pool["text"])) if rng.random() < 0.7 else random_text(rng, 200)
            if kind == 0:
                body = {"text": text, **rng.choice(options)}
                request = ("post", "/api/repair", {"json": body})
            elif kind == 1:
                request = (
                    "post",
                    "/api/extract",
                    {"json": {"text": text, "format": rng.choice(["txt", "html"])}},
                )
            elif kind == 2:
                fmt = rng.choice(["html", "pdf", "docx"])
                data = (
                    mutate_docx(rng, rng.choice(pool["docx"]))
                    if fmt == "docx"
                    else mutate_bytes(rng, rng.choice(pool[fmt]))
                )
                request = (
                    "post",
                    rng.choice(["/api/extract", "/api/repair"]),
                    {"files": {"file": (f"f.{fmt}", data)}},
                )
            elif kind == 3:
                data = mutate_bytes(rng, text.encode("utf-8", "surrogatepass"))
                media = rng.choice(
                    [
                        "text/plain",
                        "text/html",
                        "application/pdf",
                        "application/json",
                        "text/plain; charset=x",
                    ]
                )
                request = (
                    "post",
                    rng.choice(["/api/extract", "/api/repair"]),
                    {"content": data, "headers": {"content-type": media}},
                )
            elif kind == 4:
                params = {"q": text[:200], "limit": rng.choice([1, 10, 100]), "offset": rng.choice([0, 5])}
                if rng.random() < 0.3:
                    params["from"] = mutate_text(rng, "۱ خرداد ۱۴۰۲")
                if rng.random() < 0.3:
                    params["speaker"] = text[:50]
                request = ("get", "/api/search", {"params": params})
            elif kind == 5:
                request = ("post", "/api/documents", {"json": {"text": text}})
            elif kind == 6:
                request = ("get", "/api/date", {"params": {"text": mutate_text(rng, "۳۱ خرداد ۱۴۰۲")[:60]}})
            else:
                raw = mutate_bytes(
                    rng, json.dumps({"text": text}, ensure_ascii=False).encode("utf-8", "surrogatepass")
                )
                request = (
                    "post",
                    "/api/extract",
                    {"content": raw, "headers": {"content-type": "application/json"}},
                )
            method, path, kwargs = request
            data = pickle.dumps((method, path, kwargs))  # a reproducer: client.<method>(path, **kwargs)

            def call(method: str = method, path: str = path, kwargs: dict = kwargs) -> str | None:
                response = getattr(client, method)(path, **kwargs)
                if response.status_code == 503 and '"time_limit"' in response.text:
                    raise Slow
                if response.status_code >= 500:
                    return f"HTTP{response.status_code} on {path}: {response.text[:200]}"
                return None

            fuzz.once("api", call, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="inputs in all")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--slow", type=float, default=10.0, help="seconds after which an input counts as slow"
    )
    parser.add_argument("--memory-mb", type=int, default=4096, help="address-space cap of this process")
    parser.add_argument(
        "--crashes", type=Path, default=ROOT / "test-output" / "fuzz", help="reproducers go here"
    )
    parser.add_argument("--write", action="store_true", help="write the section into benchmarks/RESULTS.md")
    args = parser.parse_args()
    limit = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    fuzz = run(args.count, args.seed, args.slow, args.crashes)
    minutes = (time.perf_counter() - started) / 60
    lines = [
        "## Fuzz",
        "",
        f"{sum(fuzz.runs.values()):,} generated inputs (seed {args.seed}) in {minutes:.1f} minutes, one core. A crash is",
        "any exception other than dabir's one-line input error, a record that breaks its own invariants (edits that",
        "do not replay, a span outside the text, a NUL in the record) or, through the API, a 5xx answer.",
        "",
        f"| target | inputs | refused (one-line error) | crashes | slow (> {args.slow:g} s) | ms per input |",
        "|---|---|---|---|---|---|",
    ]
    for target in fuzz.runs:
        runs = fuzz.runs[target]
        lines.append(
            f"| {target} | {runs:,} | {fuzz.refused[target]:,} | {fuzz.crashes[target]} | {fuzz.slow[target]} | "
            f"{1000 * fuzz.seconds[target] / max(1, runs):.1f} |"
        )
    total = sum(fuzz.crashes.values())
    lines += ["", f"Crashes: {total}; slow inputs: {sum(fuzz.slow.values())}."]
    for (target, _kind), (problem, times) in sorted(fuzz.kinds.items()):
        lines.append(f"- {target}, {times}×: {problem}")
    publish("## Fuzz", lines, "nice .venv/bin/python benchmarks/fuzz.py --write", args.write)


if __name__ == "__main__":
    main()
