"""The headline model: boosted decision stumps over the features of
:func:`broadsheet.segment.headline_features`.

The trees live in ``data/headline_model.json``, written by
``bench/calibrate_headlines.py`` (gradient boosting, 100 trees of depth 2, fitted on
the dev corpus; checked on held-out pages and on the project's generated pages).
Scoring is plain Python: walk each tree to a leaf and add its value.
"""

from __future__ import annotations

import json
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
#: value), or (feature, threshold, left node, right node).
Node = float | tuple[int, float, "Node", "Node"]


@lru_cache(maxsize=1)
def _nodes() -> tuple[float, tuple[Node, ...]]:
    """The model's trees as nested nodes, walked without index look-ups."""
    model = load()

    def node(tree: Tree, n: int) -> Node:
        if tree.left[n] == -1:
            return model.rate * tree.value[n]
        return (tree.feature[n], tree.threshold[n], node(tree, tree.left[n]), node(tree, tree.right[n]))

    return model.init, tuple(node(tree, 0) for tree in model.trees)


def raw_score(x: list[float]) -> float:
    """Log-odds that the candidate is a headline."""
    z, trees = _nodes()
    for tree in trees:
        node = tree
        while isinstance(node, tuple):
            feature, threshold, left, right = node
            node = left if x[feature] <= threshold else right
        z += node
    return z
