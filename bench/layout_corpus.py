"""Make a corpus of layout-mode text from a corpus's PDFs, to score on it.

Usage: python bench/layout_corpus.py CORPUS OUT [--extractor pdfminer]

For every sample of CORPUS extracted by ``--extractor`` (one per typeset page),
runs ``pdftotext -layout`` on its ``page.pdf`` and writes ``OUT/<id>-layout/``
with that text as ``page.txt`` and the sample's gold (its ``meta.extractor``
set to ``pdftotext-layout``).  Then ``broadsheet eval OUT`` scores broadsheet on text
printed with its columns side by side.  Needs poppler's ``pdftotext`` on PATH.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--extractor", default="pdfminer", help="take one sample per page: those of this extractor")
    args = ap.parse_args(argv)
    tool = shutil.which("pdftotext")
    if tool is None:
        print("pdftotext is not on PATH (poppler-utils)", file=sys.stderr)
        return 2
    made = 0
    suffix = "-" + args.extractor
    for sample in sorted(p for p in args.corpus.iterdir() if p.is_dir() and p.name.endswith(suffix)):
        pdf = sample / "page.pdf"
        if not pdf.is_file():
            continue
        sample_id = sample.name[: -len(suffix)] + "-layout"
        dest = args.out / sample_id
        dest.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool, "-layout", "-enc", "UTF-8", str(pdf), str(dest / "page.txt")], check=True)
        gold = json.loads((sample / "gold.json").read_text(encoding="utf-8"))
        gold["sample_id"] = sample_id
        meta = gold.setdefault("meta", {})
        meta["extractor"] = "pdftotext-layout"
        meta["extractor_detail"] = "poppler pdftotext -layout -enc UTF-8"
        (dest / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        made += 1
    print(f"{made} pages written to {args.out}")
    return 0 if made else 1


if __name__ == "__main__":
    raise SystemExit(main())
