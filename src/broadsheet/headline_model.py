"""The headline model: boosted decision stumps over the features of
:func:`broadsheet.segment.headline_features`.

The trees live in ``data/headline_model.json``, written by
``bench/calibrate_headlines.py`` (gradient boosting, 100 trees of depth 2, fitted on
the dev corpus; checked on held-out pages and on the project's generated pages).
Scoring is plain Python: walk each tree to a leaf and add its value.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple


class Tree(NamedTuple):
    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]


class Model(NamedTuple):
    init: float
    rate: float
    features: list[str]
    trees: list[Tree]


@lru_cache(maxsize=1)
def load() -> Model:
    raw: dict[str, Any] = json.loads(
        resources.files("broadsheet").joinpath("data/headline_model.json").read_text(encoding="utf-8")
    )
    trees = [Tree(t["feature"], t["threshold"], t["left"], t["right"], t["value"]) for t in raw["trees"]]
    return Model(float(raw["init"]), float(raw["learning_rate"]), list(raw["features"]), trees)


#: A tree node: a leaf's contribution to the log-odds (learning rate times
#: value), or (feature, threshold, left node, right node).  The child nodes are
#: typed ``Any``: mypyc (the optional compiled build) cannot compile a
#: recursive type alias.
Node = float | tuple[int, float, Any, Any]


@lru_cache(maxsize=1)
def _nodes() -> tuple[float, tuple[Node, ...]]:
    """The model's trees as nested nodes, walked without index look-ups."""
    model = load()

    def node(tree: Tree, n: int) -> Node:
        if tree.left[n] == -1:
            return model.rate * tree.value[n]
        return (tree.feature[n], tree.threshold[n], node(tree, tree.left[n]), node(tree, tree.right[n]))

    return model.init, tuple(node(tree, 0) for tree in model.trees)


#: A tree of depth at most two, flat: (feature, threshold, left split, right
#: split), each split (feature, threshold, leaf if <=, leaf if >).  A leaf
#: higher up becomes a split on the bias feature (index 0) with the leaf on
#: both sides, which adds the same value whatever the feature holds.
FlatTree = tuple[int, float, int, float, float, float, int, float, float, float]


def _leaf_split(node: Node) -> tuple[int, float, float, float] | None:
    """``node`` as one split over two leaves, or ``None`` when it goes deeper."""
    if not isinstance(node, tuple):
        return 0, math.inf, node, node
    feature, threshold, left, right = node
    if isinstance(left, tuple) or isinstance(right, tuple):
        return None
    return feature, threshold, left, right


def flatten(trees: tuple[Node, ...]) -> tuple[FlatTree, ...] | None:
    """The trees as :data:`FlatTree` tuples, or ``None`` when one is deeper than two."""
    out: list[FlatTree] = []
    for tree in trees:
        root = tree if isinstance(tree, tuple) else (0, math.inf, tree, tree)
        feature, threshold, left, right = root
        lo, hi = _leaf_split(left), _leaf_split(right)
        if lo is None or hi is None:
            return None
        out.append((feature, threshold, *lo, *hi))
    return tuple(out)


@lru_cache(maxsize=1)
def _flat() -> tuple[float, tuple[FlatTree, ...] | None]:
    init, trees = _nodes()
    return init, flatten(trees)


def walk(x: list[float], z: float, trees: tuple[Node, ...]) -> float:
    """``z`` plus the leaf each tree gives ``x`` (trees of any depth)."""
    for tree in trees:
        node = tree
        while isinstance(node, tuple):
            feature, threshold, left, right = node
            node = left if x[feature] <= threshold else right
        z += node
    return z


def walk_flat(x: list[float], z: float, trees: tuple[FlatTree, ...]) -> float:
    """:func:`walk` over trees in the flat form."""
    for feature, threshold, lf, lt, ll, lr, rf, rt, rl, rr in trees:
        if x[feature] <= threshold:
            z += ll if x[lf] <= lt else lr
        else:
            z += rl if x[rf] <= rt else rr
    return z


def raw_score(x: list[float]) -> float:
    """Log-odds that the candidate is a headline (the same sum, in the same
    order, from the flat trees when the model's trees are at most two deep)."""
    z, flat = _flat()
    if flat is None:
        return walk(x, z, _nodes()[1])
    return walk_flat(x, z, flat)
