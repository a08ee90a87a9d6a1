"""Rebuild real METS/ALTO samples and report how broadsheet does on them.

Usage::

    python bench/bench_ocr.py [DATA] [--out bench/results/ocr]

``DATA`` (default ``../shared/real-data/alto`` next to the repository) holds one
folder per sample: an issue (``*_mets.xml`` plus its ALTO pages), or a single
ALTO page ``ocr.xml`` with the plain text ``ocr.txt`` its publisher extracted
from it.  The data is not part of the repository (licences vary); only the
numbers are written, to ``OUT.json`` and ``OUT.md``.

Per METS issue: pages, METS ARTICLE divs, the articles rebuilt from them, the
articles broadsheet's own segmentation finds, headline matches (METS title vs
own headline, rapidfuzz ratio >= ``broadsheet.metseval.HEADLINE_MATCH_RATIO``),
body matches, the scores of the own articles with the METS articles as gold,
words in vs words out (nothing lost), and seconds per page.

Per ALTO page with ``ocr.txt``: the word error rate of broadsheet's output (all
articles, furniture and unassigned text in page order) against ``ocr.txt``'s
words in order, raw and with ``ocr.txt``'s line-end word halves joined where the
ALTO marks a hyphenation (``ocr.txt`` prints "Har" / "bor" for the ALTO's
HypPart1/HypPart2 pair; broadsheet writes "Harbor").
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

import broadsheet
from _report import write_results  # bench/ is the script's folder, first on sys.path
from broadsheet.evaluate import align_words
from broadsheet.metseval import HEADLINE_MATCH_RATIO, compare_mets
from broadsheet.model import Document, TextItem
from broadsheet.readers.alto import read_alto
from broadsheet.readers.mets import read_mets

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "real-data" / "alto"
SOFT = "\u00ad"


def reading_order_words(doc: Document) -> list[str]:
    """Every output item's words, items in page-text order."""
    items: list[TextItem] = []
    for a in doc.articles:
        for it in (a.headline, a.byline, a.dateline):
            if it is not None:
                items.append(it)
        items += a.decks + a.captions + a.pull_quotes
        items += [TextItem(p.text, p.start, p.end) for p in a.paragraphs]
    items += doc.furniture + doc.unassigned
    items.sort(key=lambda t: (t.start, t.end))
    return [w for it in items for w in it.text.split()]


def output_words(doc: Document) -> int:
    return len(reading_order_words(doc))


def bench_issue(mets_path: Path) -> dict[str, Any]:
    issue = read_mets(mets_path)
    t0 = time.perf_counter()
    doc = broadsheet.rebuild(mets_path)
    mets_seconds = time.perf_counter() - t0
    cmp = compare_mets(mets_path).to_dict()
    alto_words = 0
    hyphen_joins = 0
    for page in issue.pages:
        ap = read_alto(page.path)
        for ln in ap.page.lines:
            alto_words += len(ln.words)
            hyphen_joins += sum(1 for w in ln.words if w.text.endswith(SOFT))
    n_divs = len([a for a in issue.article_divs if a.areas])
    return {
        "issue": mets_path.parent.name,
        "pages": doc.page_count,
        "mets_article_divs": n_divs,
        "articles_from_mets": len(doc.articles),
        "mets_titles_printed": sum(1 for a in doc.articles if a.headline and "printed here" in a.headline.why),
        "own_articles": cmp["own_articles"],
        "headline_matches": cmp["headline_matches"],
        "mets_titled": cmp["mets_titled"],
        "body_matches": cmp["body_matches"],
        "score_own_vs_mets": cmp["score_vs_mets"],
        "per_page_mets_own": [[p["page"], p["mets"], p["own"]] for p in cmp["per_page"]],
        "alto_words": alto_words,
        "alto_hyphen_pairs_joined": hyphen_joins,
        "output_words": output_words(doc),
        "furniture_items": len(doc.furniture),
        "unassigned_items": len(doc.unassigned),
        "mean_word_confidence": doc.ocr_summary()["mean_confidence"] if doc.word_confidences else None,
        "seconds_per_page_mets": round(mets_seconds / max(1, doc.page_count), 3),
        "seconds_per_page_compare_both": cmp["seconds_per_page"],
    }


def _join_reference(ref: list[str], pairs: set[tuple[str, str]]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(ref):
        if i + 1 < len(ref) and (ref[i], ref[i + 1]) in pairs:
            out.append(ref[i] + ref[i + 1])
            i += 2
        else:
            out.append(ref[i])
            i += 1
    return out


def bench_page(alto_path: Path, reference: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    doc = broadsheet.rebuild(alto_path)
    seconds = time.perf_counter() - t0
    ours = reading_order_words(doc)
    ref = reference.read_text(encoding="utf-8").split()
    pairs: set[tuple[str, str]] = set()
    lines = read_alto(alto_path).page.lines
    for a, b in itertools.pairwise(lines):
        if a.words and b.words and a.words[-1].text.endswith(SOFT):
            pairs.add((a.words[-1].text[:-1], b.words[0].text))
    joined = _join_reference(ref, pairs)
    raw_dist, _ = align_words(ours, ref)
    joined_dist, _ = align_words(ours, joined)
    return {
        "page": alto_path.parent.name,
        "articles": len(doc.articles),
        "reference_words": len(ref),
        "output_words": len(ours),
        "wer_vs_reference": round(raw_dist / len(ref), 4),
        "wer_vs_reference_hyphen_halves_joined": round(joined_dist / len(joined), 4),
        "hyphen_pairs": len(pairs),
        "seconds": round(seconds, 3),
    }


def to_markdown(result: dict[str, Any]) -> str:
    out = ["# OCR bench (METS/ALTO)", "", f"python {result['python']}, {result['platform']}", ""]
    out += [
        "| issue | pages | METS articles | rebuilt from METS | METS titles found printed | own articles "
        "| headline matches | body matches | own vs METS: wer / para_f1 | words in / out (hyphen joins) | s/page |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["issues"]:
        s = r["score_own_vs_mets"]
        out.append(
            f"| {r['issue']} | {r['pages']} | {r['mets_article_divs']} | {r['articles_from_mets']} "
            f"| {r['mets_titles_printed']} | {r['own_articles']} | {r['headline_matches']} of {r['mets_titled']} "
            f"| {r['body_matches']} of {r['mets_article_divs']} | {s['wer']:.3f} / {s['para_f1']:.3f} "
            f"| {r['alto_words']} / {r['output_words']} ({r['alto_hyphen_pairs_joined']}) "
            f"| {r['seconds_per_page_mets']} |"
        )
    out += ["", f"Headline match: rapidfuzz ratio >= {HEADLINE_MATCH_RATIO:g}, same page, one-to-one.", ""]
    for p in result["pages"]:
        out.append(
            f"- {p['page']}: WER vs ocr.txt {p['wer_vs_reference']:.4f} "
            f"({p['wer_vs_reference_hyphen_halves_joined']:.4f} with ocr.txt's {p['hyphen_pairs']} hyphen halves "
            f"joined); {p['reference_words']} reference words, {p['output_words']} out; "
            f"{p['articles']} articles; {p['seconds']} s"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ocr")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data folder at {args.data}", file=sys.stderr)
        return 2
    result: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}",
        "issues": [],
        "pages": [],
    }
    for folder in sorted(p for p in args.data.iterdir() if p.is_dir()):
        mets = sorted(folder.glob("*_mets.xml"))
        if mets:
            r = bench_issue(mets[0])
            result["issues"].append(r)
            print(json.dumps(r), flush=True)
        elif (folder / "ocr.xml").exists() and (folder / "ocr.txt").exists():
            r = bench_page(folder / "ocr.xml", folder / "ocr.txt")
            result["pages"].append(r)
            print(json.dumps(r), flush=True)
    write_results(args.out, to_markdown(result), result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
