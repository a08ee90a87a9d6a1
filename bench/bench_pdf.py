"""PDF input: speed, memory and scores on the dev pages; word coverage on real PDFs.

Usage::

    python bench/bench_pdf.py [--corpus ../shared/corpora/dev] [--real ../shared/real-data/real-pdfs]
                              [--runs 3] [--out bench/results/pdf.md]

* Speed: every distinct ``page.pdf`` of the corpus rebuilt from its path in one
  process pinned to one CPU (``os.sched_setaffinity``), after one warm-up page;
  median pages/second of ``--runs`` passes; peak RSS (``ru_maxrss``) and the
  ``tracemalloc`` peak of one more pass.
* Scores: ``broadsheet eval --input pdf`` (each distinct page.pdf once) beside text
  mode on the same pages (every extractor's page.txt).
* Real PDFs: each file rebuilt; its words compared with poppler's ``pdftotext``
  output for the same file (when pdftotext is installed): a word of poppler's
  text that is missing from everything broadsheet returned (articles,
  furniture, unassigned) counts as lost.  Multisets of words, so a repeated word
  must come out as often as poppler printed it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import broadsheet  # noqa: E402
from broadsheet.audit import audit  # noqa: E402
from broadsheet.evaluate import evaluate_corpus  # noqa: E402

WORD = re.compile(r"\w+", re.UNICODE)


def _distinct_pdfs(corpus: Path) -> list[Path]:
    seen: set[int] = set()
    out = []
    for pdf in sorted(corpus.glob("*/page.pdf")):
        key = pdf.stat().st_size
        data_key = hash(pdf.read_bytes())
        if (key, data_key) in seen:  # type: ignore[comparison-overlap]
            continue
        seen.add((key, data_key))  # type: ignore[arg-type]
        out.append(pdf)
    return out


def speed(pdfs: list[Path], runs: int) -> dict[str, float]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    broadsheet.rebuild(pdfs[0]).to_dict()
    rates = []
    for _ in range(runs):
        t = time.perf_counter()
        for p in pdfs:
            broadsheet.rebuild(p).to_dict()
        rates.append(len(pdfs) / (time.perf_counter() - t))
    tracemalloc.start()
    for p in pdfs:
        broadsheet.rebuild(p).to_dict()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "pages": len(pdfs),
        "pages_per_s": statistics.median(rates),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tracemalloc_peak_mb": peak / 2**20,
    }


def scores(corpus: Path) -> dict[str, Any]:
    pred = lambda p: broadsheet.rebuild(p).to_dict(offsets=False)  # noqa: E731
    pdf = evaluate_corpus(corpus, pred, input_name="page.pdf")
    txt = evaluate_corpus(corpus, pred, input_name="page.txt")
    return {"pdf": pdf.overall(), "text": txt.overall(), "text_by_extractor": txt.by_extractor()}


def _words_out(doc: dict[str, Any]) -> Counter[str]:
    parts: list[str] = []
    for a in doc["articles"]:
        for key in ("headline", "byline", "dateline"):
            if a.get(key):
                parts.append(a[key])
        parts += a["paragraphs"] + a["pull_quotes"] + a["captions"] + a.get("decks", [])
    parts += doc["furniture"] + doc["unassigned"]
    return Counter(w.lower() for w in WORD.findall(" ".join(parts)))  # lower() keeps alnum counts


def real(folder: Path) -> list[dict[str, Any]]:
    rows = []
    poppler = shutil.which("pdftotext")
    for pdf in sorted(folder.glob("*.pdf")):
        row: dict[str, Any] = {"file": pdf.name}
        t = time.perf_counter()
        try:
            doc = broadsheet.rebuild(pdf)
        except broadsheet.BroadsheetError as exc:
            row["error"] = str(exc)
            rows.append(row)
            continue
        row["seconds"] = round(time.perf_counter() - t, 3)
        d = doc.to_dict(offsets=False)
        row.update(pages=doc.page_count, articles=len(d["articles"]), notes=d["notes"][:3])
        row["headlines"] = [a["headline"] for a in d["articles"] if a["headline"]][:8]
        if poppler:
            text = subprocess.run([poppler, str(pdf), "-"], capture_output=True, text=True, check=False).stdout
            want = Counter(w.lower() for w in WORD.findall(text))
            got = _words_out(d)
            lost = want - got
            # "By" of a byline may go (FORMAT.md); everything else must be there
            lost.pop("by", None)
            # the reader: every letter poppler found is in the page text PDFium gave
            want_chars = Counter(c for c in text.lower() if c.isalnum())
            page_chars = Counter(c for c in doc.page.text.lower() if c.isalnum())
            lost_chars = want_chars - page_chars
            # the engine: every letter of the page text is in the output
            # (broadsheet.audit forgives a byline's leading "By"/"di"/"von"...)
            row["audit_missing_chars"] = sum(audit(doc).missing.values())
            row.update(
                poppler_chars=sum(want_chars.values()),
                lost_chars=sum(lost_chars.values()),
                poppler_words=sum(want.values()),
                words_split_or_joined_differently=sum(lost.values()),
                sample=[w for w, _ in lost.most_common(6)],
            )
        rows.append(row)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora" / "dev")
    ap.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real-data" / "real-pdfs")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pdf.md")
    args = ap.parse_args()
    result: dict[str, Any] = {}
    if args.corpus.is_dir():
        result["scores"] = scores(args.corpus)
        result["speed"] = speed(_distinct_pdfs(args.corpus), args.runs)
    if args.real.is_dir():
        result["real"] = real(args.real)
    lines = ["# PDF input", "", "```json", json.dumps(result, indent=2, ensure_ascii=False), "```", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
