"""Scores of broadsheet and the alternatives a user would try, in one run.

Usage: python bench/compare_alternatives.py CORPUS [--out FILE.md]

Methods (each scored with broadsheet.evaluate on the same pages):
- broadsheet: ``broadsheet.rebuild``;
- baseline: the do-little baseline (the page as one article, blank-line
  paragraphs, line-end hyphens joined);
- unstructured: unstructured's text cleaners (``group_broken_paragraphs`` then
  ``clean_extra_whitespace``), the page as one article -- when the package can be
  imported (``pip install unstructured``; only its cleaners are used).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import broadsheet
from broadsheet.evaluate import baseline_predict, evaluate_corpus, one_article

Predict = Callable[[Path], Mapping[str, Any]]


def _broadsheet(path: Path) -> Mapping[str, Any]:
    return broadsheet.rebuild(path).to_dict(offsets=False)


def _baseline(path: Path) -> Mapping[str, Any]:
    return baseline_predict(path.read_text(encoding="utf-8"))


def _unstructured() -> Predict | None:
    try:
        from unstructured.cleaners.core import clean_extra_whitespace, group_broken_paragraphs
    except ImportError:
        return None

    def predict(path: Path) -> Mapping[str, Any]:
        text = group_broken_paragraphs(path.read_text(encoding="utf-8"))
        paras = [clean_extra_whitespace(p) for p in text.split("\n\n") if p.strip()]
        return one_article(paras)

    return predict


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    methods: list[tuple[str, Predict]] = [("broadsheet", _broadsheet), ("baseline", _baseline)]
    unst = _unstructured()
    if unst is not None:
        methods.append(("unstructured cleaners", unst))
    metrics = ("wer", "cer", "para_f1", "head", "byline", "dateline", "artcount")
    lines = ["| method | extractor | " + " | ".join(metrics) + " |", "|---|---|" + "---:|" * len(metrics)]
    for name, predict in methods:
        t = time.perf_counter()
        report = evaluate_corpus(args.corpus, predict)
        print(f"{name}: {time.perf_counter() - t:.1f} s", file=sys.stderr)
        rows = [("all", report.overall()), *sorted(report.by_extractor().items())]
        for ext, scores in rows:
            lines.append(f"| {name} | {ext} | " + " | ".join(f"{scores[m]:.3f}" for m in metrics) + " |")
    if unst is None:
        lines.append("")
        lines.append("(unstructured not importable here: its row is missing)")
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
