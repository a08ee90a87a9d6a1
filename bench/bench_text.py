"""Time broadsheet's text engine against what a user would try instead, on one core.

Usage::

    python bench/bench_text.py [CORPUS] [--runs 3] [--limit N] [--pages N] [--out bench/results/text.md]

``CORPUS`` is a folder of ``<sample>/page.txt`` (with ``gold.json`` for scores).  Without
it, pages come from the test fixture generator (``tests/fixtures/pagegen.py``, with gold)
when it is there, else the bundled sample page is replicated (no gold).

Compared, on the same pages:

* ``broadsheet``      - ``broadsheet.rebuild(text).to_dict()``
* ``baseline``        - ``broadsheet.evaluate.baseline_predict`` (the do-little baseline)
* ``naive-regex``     - a dehyphenate-and-join regex cleaner, what a user would hack
* ``unstructured``    - ``unstructured.cleaners.core.group_broken_paragraphs`` + ``clean``,
  only when the package is already installed (``pip install unstructured`` pulls ~70
  packages, spaCy and numba among them, so the bench does not install it)

Each method runs in its own worker process pinned to one CPU: the cold start (interpreter
start to the first page rebuilt, and that first call alone) is timed, then the pages
are run ``--runs`` times after one warm-up page and the median pages/second is kept;
peak memory is ``tracemalloc``'s peak over one more pass and the worker's ``ru_maxrss``.
With gold, each method is also scored with ``broadsheet.evaluate.evaluate_corpus``.
The result is printed as a Markdown table and written to ``--out``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "text.md"
METHODS = ("broadsheet", "baseline", "naive-regex", "unstructured")
GENERATED_PAGES = 60

Predict = Callable[[str], Mapping[str, Any]]


# --------------------------------------------------------------------------
# the alternatives


def _one_article(paragraphs: list[str]) -> dict[str, Any]:
    article = {
        "headline": None,
        "byline": None,
        "dateline": None,
        "paragraphs": paragraphs,
        "pull_quotes": [],
        "captions": [],
    }
    return {"articles": [article], "furniture": []}


_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n+")
_INNER_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def naive_regex_clean(text: str) -> dict[str, Any]:
    """What a user would hack: glue 'word-\\nword', split at blank lines, join the rest."""
    text = text.replace("\r\n", "\n").replace("\f", "\n\n")
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    paragraphs = [" ".join(_INNER_BREAK.sub(" ", block).split()) for block in _BLOCK_SPLIT.split(text)]
    return _one_article([p for p in paragraphs if p])


def _unstructured_predict() -> Predict:
    from unstructured.cleaners.core import clean, group_broken_paragraphs  # type: ignore[import-not-found]

    def predict(text: str) -> dict[str, Any]:
        grouped = group_broken_paragraphs(text)
        paragraphs = [clean(block, extra_whitespace=True, dashes=False) for block in grouped.split("\n\n")]
        return _one_article([p for p in paragraphs if p])

    return predict


def make_predict(method: str) -> Predict:
    if method == "broadsheet":
        import broadsheet

        return lambda text: broadsheet.rebuild(text).to_dict(offsets=False)
    if method == "baseline":
        from broadsheet.evaluate import baseline_predict

        return baseline_predict
    if method == "naive-regex":
        return naive_regex_clean
    if method == "unstructured":
        return _unstructured_predict()
    raise ValueError(f"unknown method {method!r}")


def method_available(method: str) -> bool:
    if method != "unstructured":
        return True
    try:
        import unstructured.cleaners.core  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


# --------------------------------------------------------------------------
# pages


def generate_corpus(folder: Path, n: int) -> str:
    """Write ``n`` pages with gold into ``folder``; return a description of their origin."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from fixtures.pagegen import generate_page  # type: ignore[import-not-found]
    except ImportError:
        generate_page = None
    if generate_page is not None:
        for seed in range(n):
            text, gold = generate_page(9000 + seed)
            sample = folder / f"gen-{seed:04d}-pagegen"
            sample.mkdir(parents=True)
            (sample / "page.txt").write_text(text, encoding="utf-8")
            (sample / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        return f"{n} pages from tests/fixtures/pagegen.py (seeds 9000-{9000 + n - 1})"
    sys.path.insert(0, str(ROOT / "src"))
    from broadsheet.cli import sample_text

    for seed in range(n):
        sample = folder / f"sample-{seed:04d}"
        sample.mkdir(parents=True)
        (sample / "page.txt").write_text(sample_text(), encoding="utf-8")
    return f"the bundled sample page, {n} times (no gold)"


def page_paths(corpus: Path, input_name: str, limit: int | None) -> list[Path]:
    paths = sorted(p / input_name for p in corpus.iterdir() if (p / input_name).is_file())
    return paths[:limit] if limit else paths


# --------------------------------------------------------------------------
# worker: one method, one process, one core


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"cpu {cpu}"
    return "not pinned"


def worker(method: str, pages_file: Path, runs: int, corpus: Path | None, input_name: str, t0: float) -> dict[str, Any]:
    pinned = _pin_one_core()
    paths = [Path(line) for line in pages_file.read_text(encoding="utf-8").splitlines() if line]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    start = time.perf_counter()
    predict = make_predict(method)
    predict(texts[0])
    first_call = time.perf_counter() - start
    cold_total = time.time() - t0  # from before the interpreter started
    # warm runs (the first call above was the warm-up)
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            predict(text)
        rates.append(len(texts) / (time.perf_counter() - start))
    tracemalloc.start()
    for text in texts:
        predict(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result: dict[str, Any] = {
        "method": method,
        "pages": len(texts),
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "pinned": pinned,
        "cold_total_s": cold_total,
        "first_call_s": first_call,
        "pages_per_s": statistics.median(rates),
        "runs": rates,
        "tracemalloc_peak_mb": peak / 1e6,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # KiB on Linux
    }
    if corpus is not None and any(corpus.glob("*/gold.json")):
        from broadsheet.evaluate import evaluate_corpus

        report = evaluate_corpus(corpus, lambda path: predict(path.read_text(encoding="utf-8")), input_name)
        result["scores"] = report.overall()
        result["score_errors"] = len(report.errors())
    return result


def run_worker(method: str, pages_file: Path, runs: int, corpus: Path | None, input_name: str) -> dict[str, Any]:
    env = dict(os.environ)
    if importlib.util.find_spec("broadsheet") is None:
        # not installed in this interpreter: use the source tree (an installed
        # build, such as the compiled one of `./run compiled bench`, is used as is)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        env[var] = "1"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        method,
        "--pages-file",
        str(pages_file),
        "--runs",
        str(runs),
        "--input",
        input_name,
        "--t0",
        repr(time.time()),
    ]
    if corpus is not None:
        cmd.append(str(corpus))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{method} worker failed:\n{proc.stderr}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# --------------------------------------------------------------------------
# report


def _fmt(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}"


def engine_build() -> str:
    """Which build of the engine the workers import: compiled with mypyc, or pure Python."""
    try:
        spec = importlib.util.find_spec("broadsheet.segment")
    except ModuleNotFoundError:
        return "pure Python (source tree)"
    origin = spec.origin if spec is not None and spec.origin else ""
    return "compiled with mypyc (C extensions)" if origin.endswith((".so", ".pyd")) else "pure Python"


def markdown(results: list[dict[str, Any]], origin: str, skipped: list[str], runs: int) -> str:
    first = results[0]
    lines = [
        "# Text engine benchmark",
        "",
        f"- pages: {origin}; {first['pages']} pages, {first['bytes'] / 1e6:.2f} MB",
        f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"one core per method ({first['pinned']})",
        f"- engine build: {engine_build()}",
        f"- throughput: median of {runs} runs over all pages after one warm-up page; "
        "cold start: interpreter start to the first page done (import + first call), and the first call alone",
        "- memory: tracemalloc peak over one pass (Python allocations), ru_maxrss of the worker process",
        "",
        "| method | pages/s | ms/page | cold start (s) | first call (s) "
        "| tracemalloc peak, warm pass (MB) | max RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['method']} | {r['pages_per_s']:.1f} | {1000 / r['pages_per_s']:.2f} | {_fmt(r['cold_total_s'], 2)} "
            f"| {_fmt(r['first_call_s'], 3)} | {_fmt(r['tracemalloc_peak_mb'], 1)} | {_fmt(r['maxrss_mb'], 0)} |"
        )
    scored = [r for r in results if "scores" in r]
    if scored:
        from broadsheet.evaluate import METRICS

        lines += [
            "",
            "Scores on the same pages (`broadsheet.evaluate.evaluate_corpus`, micro-averaged):",
            "",
            "| method | " + " | ".join(METRICS) + " |",
            "|---|" + "---:|" * len(METRICS),
        ]
        for r in scored:
            cells = " | ".join(_fmt(r["scores"][m], 4) for m in METRICS)
            lines.append(f"| {r['method']} | {cells} |")
    for note in skipped:
        lines += ["", f"- skipped: {note}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="folder of <sample>/page.txt (gold.json optional)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, help="use at most this many pages of the corpus")
    parser.add_argument("--pages", type=int, default=GENERATED_PAGES, help="pages to generate without a corpus")
    parser.add_argument("--input", default="page.txt", help="input file name in each sample folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated subset of " + ", ".join(METHODS))
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--pages-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = worker(args.worker, args.pages_file, args.runs, args.corpus, args.input, args.t0 or time.time())
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as tmp:
        if args.corpus is None:
            corpus = Path(tmp) / "corpus"
            origin = generate_corpus(corpus, args.pages)
        else:
            corpus = args.corpus
            origin = f"corpus `{corpus.name}`"
        paths = page_paths(corpus, args.input, args.limit)
        if not paths:
            parser.error(f"no */{args.input} in {corpus}")
        if args.limit:
            # score exactly the timed pages: a corpus view of the first --limit samples
            view = Path(tmp) / "view"
            view.mkdir()
            for path in paths:
                (view / path.parent.name).symlink_to(path.parent.resolve(), target_is_directory=True)
            corpus = view
            origin += f" (first {len(paths)} samples)"
        pages_file = Path(tmp) / "pages.txt"
        pages_file.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
        results: list[dict[str, Any]] = []
        skipped: list[str] = []
        for method in args.methods.split(","):
            if not method_available(method):
                skipped.append(
                    f"{method}: not installed (`pip install unstructured` pulls ~70 packages incl. spaCy, "
                    "numba/llvmlite and pypdfium2, too heavy to install for a comparison)"
                )
                continue
            print(f"bench: {method} ...", file=sys.stderr, flush=True)
            results.append(run_worker(method, pages_file, args.runs, corpus, args.input))
    table = markdown(results, origin, skipped, args.runs)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    print(f"bench: written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
