"""Reference values for core's tuning engine (issue 16), from Debian's scikit-learn 1.2.1.

Run with Debian's python (the python3 on PATH may lack scikit-learn):
    /usr/bin/python3 benchmarks/reference/sklearn_tuning_ref.py

Writes packages/core/test/data/sklearn-tuning.json, which packages/core/test/tuning-sklearn.test.ts
compares with:
- "grids": list(ParameterGrid(grid)) for a few grids (the candidate order of GridSearchCV).
- "halving": the fitted attributes of HalvingRandomSearchCV (n_candidates_, n_resources_,
  min_resources_, max_resources_, n_required_iterations_, n_possible_iterations_,
  n_remaining_candidates_) over many settings of factor, min_resources, max_resources,
  n_candidates, aggressive_elimination, resource, folds, classes and grid size. The estimator is a
  constant classifier (fits are instant; the schedule does not depend on the scores).
- "topK": the private `_top_k` on score lists with NaNs and ties (the candidates kept between rounds).
- "best": GridSearchCV's best_index_ for fold-score tables with ties, near-ties in floating point
  and failed folds (error_score=nan), by an estimator whose parameter is the candidate number and
  a scorer that reads the table.
"""
import itertools
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import GridSearchCV, HalvingRandomSearchCV, ParameterGrid, PredefinedSplit, StratifiedKFold
from sklearn.model_selection._search_successive_halving import _top_k
from scipy.stats import uniform

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "packages", "core", "test", "data", "sklearn-tuning.json")


class Constant(ClassifierMixin, BaseEstimator):
    """Predicts the first class; `a` is the searched parameter, `epochs` a non-sample resource."""

    def __init__(self, a=0.0, epochs=1):
        self.a = a
        self.epochs = epochs

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def grids():
    cases = [
        {"gamma": [0.01, 0.1], "C": [1, 10, 100], "kernel": ["rbf", "linear"]},
        {"nNeighbors": [1, 5, 15], "weights": ["uniform", "distance"]},
        {"maxDepth": [2, None, 8]},
        {"b": [1, 2], "B": [3, 4], "a": [5], "_x": [6, 7]},
    ]
    return [{"grid": g, "candidates": list(ParameterGrid(g))} for g in cases]


def halving_case(n_rows, n_classes, folds, factor, min_resources, n_candidates, aggressive, resource, max_resources, grid_size):
    X = np.arange(n_rows, dtype=float).reshape(-1, 1)
    y = np.arange(n_rows) % n_classes
    if grid_size is None:
        dist = {"a": uniform(0, 1)}
    else:
        dist = {"a": list(range(grid_size))}
    kw = {}
    if resource == "other":
        kw["resource"] = "epochs"
        kw["max_resources"] = max_resources
    search = HalvingRandomSearchCV(
        Constant(),
        dist,
        n_candidates=n_candidates,
        factor=factor,
        min_resources=min_resources,
        aggressive_elimination=aggressive,
        cv=StratifiedKFold(folds),
        random_state=0,
        refit=False,
        **kw,
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            search.fit(X, y)
    except ValueError as e:
        return {"error": str(e)}
    return {
        "nCandidates": [int(v) for v in search.n_candidates_],
        "resources": [int(v) for v in search.n_resources_],
        "minResources": float(search.min_resources_),
        "maxResources": int(search.max_resources_),
        "nRequiredIterations": int(search.n_required_iterations_),
        "nPossibleIterations": int(search.n_possible_iterations_),
        "nRemainingCandidates": int(search.n_remaining_candidates_),
    }


def halving():
    out = []
    settings = []
    for n_rows, n_classes, folds in [(150, 3, 5), (569, 2, 3), (1000, 2, 5), (1797, 10, 3), (300, 2, 2)]:
        for factor in [2, 3, 4]:
            for min_res in ["smallest", "exhaust", 20, 100]:
                for n_cand in ["exhaust", 7, 40]:
                    for aggressive in [False, True]:
                        settings.append((n_rows, n_classes, folds, factor, min_res, n_cand, aggressive, "samples", None, None))
    # A float factor, small grids (ParameterSampler caps the candidates), and epochs as the resource.
    for factor in [2.5, 1.5]:
        for min_res in ["smallest", 30]:
            settings.append((1000, 2, 5, factor, min_res, "exhaust", False, "samples", None, None))
            settings.append((1000, 2, 5, factor, min_res, 50, True, "samples", None, None))
    for grid_size in [1, 5, 9, 30]:
        for min_res in ["smallest", "exhaust"]:
            settings.append((569, 2, 3, 3, min_res, "exhaust" if min_res != "exhaust" else 40, False, "samples", None, grid_size))
    for max_res in [10, 27, 100, 200]:
        for min_res in ["smallest", "exhaust", 3]:
            for aggressive in [False, True]:
                settings.append((150, 3, 5, 3, min_res, "exhaust" if min_res != "exhaust" else 50, aggressive, "other", max_res, None))
    # Refused settings.
    settings.append((150, 3, 5, 3, 200, "exhaust", False, "samples", None, None))  # min > max
    settings.append((150, 3, 5, 3, "exhaust", "exhaust", False, "samples", None, None))  # both exhaust
    for s in settings:
        n_rows, n_classes, folds, factor, min_res, n_cand, aggressive, resource, max_res, grid_size = s
        r = halving_case(*s)
        out.append(
            {
                "rows": n_rows,
                "classes": n_classes,
                "folds": folds,
                "factor": factor,
                "minResources": min_res,
                "nCandidates": n_cand,
                "aggressiveElimination": aggressive,
                "resource": resource,
                "maxResources": max_res if resource == "other" else n_rows,
                "gridSize": grid_size,
                "expected": r,
            }
        )
    return out


def top_k():
    nan = float("nan")
    cases = [
        ([0.7, nan, 0.9, 0.8], 2),
        ([0.5, 0.5, 0.5, 0.4], 2),
        ([0.5, 0.5, 0.5, 0.4], 3),
        ([nan, nan, 0.1], 2),
        ([nan, nan, 0.1], 3),
        ([0.3, 0.1, 0.2, 0.3, 0.1, 0.2, 0.3], 3),
        ([0.9, 0.8, 0.9, 0.7, 0.9, 0.85, 0.8, 0.9, 0.6, 0.9, 0.95, 0.9], 4),
    ]
    out = []
    for scores, k in cases:
        results = {"iter": [0] * len(scores), "mean_test_score": scores, "params": [{"i": i} for i in range(len(scores))]}
        kept = _top_k(results, k, 0)
        out.append({"scores": [None if np.isnan(s) else s for s in scores], "k": k, "kept": [p["i"] for p in kept]})
    return out


class TableEstimator(ClassifierMixin, BaseEstimator):
    """Fits nothing; `candidate` selects a row of the score table (None fails the fit)."""

    def __init__(self, candidate=0):
        self.candidate = candidate

    def fit(self, X, y):
        # The training rows hold every fold but the test fold.
        test_fold = (set(range(len(TABLE[0]))) - set(int(f) for f in X[:, 1])).pop()
        if TABLE[self.candidate][test_fold] is None:
            raise RuntimeError("this fold fails")
        self.classes_ = np.unique(y)
        return self


TABLE = []


def table_scorer(est, X, y):
    return TABLE[est.candidate][int(X[0, 1])]


def best():
    global TABLE
    cases = [
        [[0.8, 0.9, 0.7], [0.9, 0.8, 0.7], [0.7, 0.8, 0.9]],  # equal means up to rounding
        [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1], [0.2, 0.2, 0.2]],
        [[0.5, None, 0.9], [0.6, 0.6, 0.6], [0.6, 0.6, 0.6]],  # a failed fold; a tie
        [[None, 0.9, 0.9], [0.1, None, 0.1]],  # all failed
        [[0.9, 0.95, 0.85, 0.9, 0.9], [0.91, 0.91, 0.91, 0.91, 0.86], [0.9, 0.9, 0.9, 0.9, 0.9]],
        [[0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55], [0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]],  # 9 folds: numpy's pairwise sum
        [[1 / 3, 2 / 3, 1.0], [2 / 3, 1 / 3, 1.0], [1.0, 1 / 3, 2 / 3]],
    ]
    out = []
    for table in cases:
        TABLE = table
        folds = len(table[0])
        rows = 4 * folds
        fold_of_row = np.repeat(np.arange(folds), 4)
        X = np.column_stack([np.arange(rows), fold_of_row]).astype(float)
        y = np.tile([0, 1], rows // 2)
        search = GridSearchCV(
            TableEstimator(),
            {"candidate": list(range(len(table)))},
            scoring=table_scorer,
            cv=PredefinedSplit(fold_of_row),
            error_score=np.nan,
            refit=False,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            search.fit(X, y)
        means = search.cv_results_["mean_test_score"]
        out.append(
            {
                "table": table,
                "bestIndex": int(search.best_index_),
                "means": [None if np.isnan(m) else float(m) for m in means],
            }
        )
    return out


def main():
    doc = {
        "source": f"scikit-learn {sklearn.__version__}, benchmarks/reference/sklearn_tuning_ref.py",
        "grids": grids(),
        "halving": halving(),
        "topK": top_k(),
        "best": best(),
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(doc['halving'])} halving settings")


if __name__ == "__main__":
    main()
