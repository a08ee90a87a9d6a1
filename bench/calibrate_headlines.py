"""Fit the headline model on a corpus with gold (FORMAT.md layout).

Usage: python bench/calibrate_headlines.py CORPUS_DIR [--write]

Every line that could open a headline run is a sample; it is positive when the
run's text starts a gold headline.  Gradient-boosted trees (100 trees of depth 2,
scikit-learn, needed only here) are fitted on the even-numbered pages and checked
on the odd ones, then refitted on all pages; with ``--write`` the trees go to
``src/broadsheet/data/headline_model.json``, which ``broadsheet.headline_model``
scores in plain Python.  A logistic regression is printed beside it for comparison.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from broadsheet import segment
from broadsheet.lexicon import Lexicon
from broadsheet.lines import norm_letters, normalize_text, split_lines
from broadsheet.model import Label


def samples(corpus: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, pages = [], [], []
    for gold_path in sorted(corpus.glob("*/gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        heads = [norm_letters(a["headline"]) for a in gold["articles"] if a.get("headline")]
        text = (gold_path.parent / "page.txt").read_text(encoding="utf-8")
        lines = split_lines(normalize_text(text))
        lex = Lexicon("en")
        c, _, _, _ = segment.prepare(lines, lex)
        page_no = int(gold_path.parent.name.split("-")[1])
        for i in range(len(lines)):
            if c.labels[i] != Label.UNASSIGNED or not c.feats[i].starts_upper:
                continue
            run = segment._headline_run(c, i)
            x = segment.headline_features(c, run)
            if x is None:
                continue
            letters = norm_letters(" ".join(lines[k].text for k in run))
            first = norm_letters(lines[i].text)
            pos = any(h.startswith(first) and len(first) >= min(5, len(h)) for h in heads)
            if not pos and len(first) >= 4 and any(first in h for h in heads):
                continue  # the inside of a headline: the run from its first line covers it
            xs.append(x)
            ys.append(1.0 if pos else 0.0)
            pages.append(page_no)
            del letters
    return np.array(xs), np.array(ys), np.array(pages)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 4000, lr: float = 0.5) -> np.ndarray:
    """Logistic regression by gradient descent (the comparison model)."""
    w = np.zeros(x.shape[1])
    pos_weight = (len(y) - y.sum()) / max(y.sum(), 1.0)
    sw = np.where(y > 0, pos_weight, 1.0)
    sw = sw / sw.mean()
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ ((p - y) * sw) / len(y) + l2 * np.r_[0.0, w[1:]]
        w -= lr * grad
    return w


def fit_trees(x: np.ndarray, y: np.ndarray) -> Any:
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(n_estimators=100, max_depth=2, learning_rate=0.1, random_state=0).fit(x, y)


def export(model: Any, x: np.ndarray) -> dict[str, Any]:
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append(
            {
                "feature": t.feature.tolist(),
                "threshold": [round(v, 6) for v in t.threshold.tolist()],
                "left": t.children_left.tolist(),
                "right": t.children_right.tolist(),
                "value": [round(v[0][0], 6) for v in t.value.tolist()],
            }
        )
    init = float(model._raw_predict_init(x[:1])[0][0])
    return {"init": init, "learning_rate": 0.1, "features": list(segment.HEADLINE_FEATURES), "trees": trees}


def report(w: np.ndarray, x: np.ndarray, y: np.ndarray, label: str) -> None:
    z = x @ w
    for thr in (-1.0, -0.5, 0.0, 0.5, 1.0):
        pred = z >= thr
        tp = float((pred & (y > 0)).sum())
        prec = tp / max(pred.sum(), 1)
        rec = tp / max(y.sum(), 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        print(f"{label} thr={thr:+.1f} precision={prec:.3f} recall={rec:.3f} f1={f1:.3f}")


def main() -> None:
    corpus = Path(sys.argv[1])
    x, y, pages = samples(corpus)
    print(f"{len(y)} candidates, {int(y.sum())} headline starts")
    even = pages % 2 == 0
    w = fit(x[even], y[even])
    report(w, x[~even], y[~even], "logistic, held-out")
    trees = fit_trees(x[even], y[even])
    z = trees.decision_function(x[~even])
    for thr in (-0.85, 0.0):
        pred = z >= thr
        tp = float((pred & (y[~even] > 0)).sum())
        prec, rec = tp / max(pred.sum(), 1), tp / max(y[~even].sum(), 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        print(f"trees, held-out thr={thr:+.2f} precision={prec:.3f} recall={rec:.3f} f1={f1:.3f}")
    if "--write" in sys.argv:
        model = fit_trees(x, y)
        out = Path(__file__).resolve().parent.parent / "src" / "broadsheet" / "data" / "headline_model.json"
        out.write_text(json.dumps(export(model, x), separators=(",", ":")), encoding="utf-8")
        print(f"written: {out.name}")


if __name__ == "__main__":
    main()
