"""Search latency of ``broadsheet search`` on an index of at least 10,000 articles.

Usage::

    python bench/bench_search.py [--articles 10000] [--from OUT_DIR] [--queries 300]
                                 [--out bench/results/search.md]

Without ``--from``, pages are generated with ``tests/fixtures/pagegen.py`` (distinct
seeds, all five languages) and rebuilt with ``broadsheet batch`` until the batch holds
``--articles`` articles; ``--from`` indexes the output folder of an earlier batch.  The
index is built with ``broadsheet.search.build_index`` (timed), then queries drawn from
the indexed articles (seeded) are timed:

* ``word``     - one word of an article's body
* ``two words`` - two words of one paragraph (both must match)
* ``headline`` - a headline's longest words
* ``byline``   - a byline (a name)
* ``phrase``   - three consecutive body words as a quoted phrase
* ``common``   - a frequent word (the worst case: many matches to rank)

Each query runs through :func:`broadsheet.search.search` (BM25 ranking, top 10, with
snippets) on an open connection; ``cold`` times open + query + close, as one
``broadsheet search`` command does (interpreter start not included).  Median and p95 in
milliseconds are printed and written to ``--out`` (Markdown) and the same name ``.json``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _report import machine, write_results  # bench/ is the script's folder, first on sys.path
from broadsheet.batch import run_batch
from broadsheet.search import build_index, iter_result_articles, open_index, search

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results" / "search.md"
LANGS = ("en", "fr", "de", "it", "es")
_WORD = re.compile(r"[^\W\d_]{4,}")


def generate_batch(work: Path, articles: int, jobs: int) -> Path:
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.pagegen import generate_page  # type: ignore[import-not-found]

    pages = work / "pages"
    out = work / "out"
    seed = 20000
    total = 0
    while total < articles:
        # a round of pages sized from the articles still missing (about 1.6 a page)
        need = max(50, int((articles - total) / 1.5) + 20)
        folder = pages / f"round-{seed}"
        for s in range(seed, seed + need):
            sub = folder / f"d{(s - seed) // 200:03d}"
            sub.mkdir(parents=True, exist_ok=True)
            text, _gold = generate_page(s, lang=LANGS[s % len(LANGS)])
            (sub / f"page-{s}.txt").write_text(text, encoding="utf-8")
        seed += need
        summary = run_batch([str(pages)], out, formats=["jsonl"], jobs=jobs)
        total = summary.articles
        print(f"  {summary.files} pages -> {total} articles", file=sys.stderr)
    return out


def draw_queries(out: Path, n: int, rng: random.Random) -> list[tuple[str, str]]:
    rows = list(iter_result_articles(out))
    counts: dict[str, int] = {}
    for row in rows:
        for p in row["paragraphs"]:
            for w in _WORD.findall(p):
                counts[w.lower()] = counts.get(w.lower(), 0) + 1
    common = [w for w, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:30]]
    queries: list[tuple[str, str]] = []
    kinds = ("word", "two words", "headline", "byline", "phrase", "common")
    while len(queries) < n:
        kind = kinds[len(queries) % len(kinds)]
        row = rng.choice(rows)
        paragraphs = [p for p in row["paragraphs"] if len(_WORD.findall(p)) >= 3]
        if kind == "common":
            queries.append((kind, f'"{rng.choice(common)}"'))
        elif kind == "byline":
            if row["byline"]:
                queries.append((kind, " ".join(f'"{w}"' for w in _WORD.findall(row["byline"]))))
        elif kind == "headline":
            words = sorted(_WORD.findall(row["headline"] or ""), key=len, reverse=True)[:3]
            if words:
                queries.append((kind, " ".join(f'"{w}"' for w in words)))
        elif paragraphs:
            words = _WORD.findall(rng.choice(paragraphs))
            if kind == "word":
                queries.append((kind, f'"{rng.choice(words)}"'))
            elif kind == "two words":
                queries.append((kind, " ".join(f'"{w}"' for w in rng.sample(words, 2))))
            else:
                tokens = rng.choice(paragraphs).split()
                i = rng.randrange(len(tokens) - 2)
                phrase = " ".join(re.sub(r"[^\w]+", " ", t).strip() for t in tokens[i : i + 3]).strip()
                if _WORD.search(phrase):
                    queries.append((kind, f'"{phrase}"'))
    return queries


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values) * 1000, 3),
        "p95_ms": round(p95 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--from", dest="source", type=Path, help="output folder of an earlier broadsheet batch")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        work = Path(tmp)
        out = args.source or generate_batch(work, args.articles, args.jobs)
        db = work / "search.sqlite"
        t0 = time.perf_counter()
        n = build_index(out, db)
        build_s = time.perf_counter() - t0
        size_mb = db.stat().st_size / 2**20
        print(f"  indexed {n} articles in {build_s:.1f} s ({size_mb:.1f} MB)", file=sys.stderr)
        rng = random.Random(args.seed)
        queries = draw_queries(out, args.queries, rng)

        conn = open_index(db)
        for _kind, q in queries[:20]:  # warm the page cache
            search(conn, q)
        by_kind: dict[str, list[float]] = {}
        hits_found = 0
        for kind, q in queries:
            start = time.perf_counter()
            hits = search(conn, q, limit=10)
            by_kind.setdefault(kind, []).append(time.perf_counter() - start)
            hits_found += bool(hits)
        conn.close()
        cold: list[float] = []
        for _kind, q in queries[:100]:
            start = time.perf_counter()
            search(db, q, limit=10)
            cold.append(time.perf_counter() - start)
        rows = sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    all_times = [t for ts in by_kind.values() for t in ts]
    result: dict[str, Any] = {
        "machine": machine(f"SQLite {sqlite3.sqlite_version}"),
        "articles": n,
        "rows": rows,
        "source": str(args.source) if args.source else f"pages generated by tests/fixtures/pagegen.py ({n} articles)",
        "index_build_s": round(build_s, 2),
        "index_mb": round(size_mb, 1),
        "queries": len(queries),
        "queries_with_hits": hits_found,
        "all": _ms(all_times),
        "by_kind": {k: _ms(v) for k, v in by_kind.items()},
        "cold_open_query_close": _ms(cold),
    }
    lines = [
        "# Search benchmark",
        "",
        f"- machine: {result['machine']}",
        f"- index: {n} articles ({result['source'] if args.source else 'generated pages rebuilt by broadsheet batch'}),"
        f" built in {result['index_build_s']} s, {result['index_mb']} MB",
        f"- {len(queries)} queries drawn from the indexed articles (seed {args.seed}), top 10 hits with BM25 ranking"
        f" and snippets; {hits_found} of them had hits",
        "",
        "| queries | n | median (ms) | p95 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, stats in (
        [("all, open connection", result["all"])]
        + [(k, v) for k, v in result["by_kind"].items()]
        + [("open + query + close", result["cold_open_query_close"])]
    ):
        lines.append(f"| {label} | {stats['n']} | {stats['median_ms']} | {stats['p95_ms']} | {stats['max_ms']} |")
    write_results(args.out, "\n".join(lines) + "\n", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
