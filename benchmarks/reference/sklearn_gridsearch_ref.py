"""GridSearchCV reference for the runner's nested grid search (scikit-learn 1.2.1, Debian's python).

Run with Debian's python (it has scikit-learn 1.2.1):
    OMP_NUM_THREADS=2 /usr/bin/python3 benchmarks/reference/sklearn_gridsearch_ref.py

Reads   datasets/<name>.csv and datasets/folds/<name>.json (the reference folds: the outer folds)
Writes  packages/bench/test/fixtures/gridsearch-sklearn-1.2.1.json

For every bundled classification data set and every family below, on each outer fold:
GridSearchCV(estimator, grid, cv=3, scoring="accuracy") fitted on the outer training rows (in the
fold file's order; cv=3 on a classifier is StratifiedKFold(3) unshuffled, refit=True), and the
refitted best estimator scored on the outer test rows. A family that mlcompare fits on scaled data
(capabilities.needsScaling) gets Pipeline([StandardScaler(), estimator]), as the runner fits a
StandardScaler inside every inner and outer training fold. The JSON records the grid in mlcompare's
parameter names, the chosen parameters, the best mean inner score and the outer accuracy per fold.
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "2")

import json
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
DATA = os.path.join(ROOT, "datasets")
OUT = os.path.join(ROOT, "packages", "bench", "test", "fixtures", "gridsearch-sklearn-1.2.1.json")

DATASETS = ["iris", "wine", "breast_cancer", "digits"]

# family -> (estimator, scaled, fixed mlcompare params, grid as {mlcompare name: (sklearn name, values)})
FAMILIES = {
    "knn": (lambda: KNeighborsClassifier(), True, {}, {"nNeighbors": ("n_neighbors", [1, 3, 5, 9, 15])}),
    "svm": (lambda: SVC(kernel="rbf"), True, {}, {"C": ("C", [0.1, 1.0, 10.0]), "gamma": ("gamma", [0.001, 0.01, 0.1])}),
    "cart": (lambda: DecisionTreeClassifier(random_state=0), False, {"seed": 0}, {"maxDepth": ("max_depth", [1, 2, 3, 5, 8])}),
    "logistic": (lambda: LogisticRegression(max_iter=1000), True, {}, {"C": ("C", [0.01, 0.1, 1.0, 10.0])}),
}


def load(name):
    df = pd.read_csv(os.path.join(DATA, name + ".csv"))
    X = df.drop(columns=["target"]).to_numpy(dtype=np.float64)
    y = df["target"].to_numpy()
    with open(os.path.join(DATA, "folds", name + ".json")) as f:
        folds = json.load(f)["folds"]
    return X, y, folds


def main():
    if sklearn.__version__ != "1.2.1":
        sys.exit(f"scikit-learn 1.2.1 expected (Debian's /usr/bin/python3), found {sklearn.__version__}")
    out = {"sklearn": sklearn.__version__, "innerFolds": 3, "families": {}, "results": {}}
    for fam, (make, scaled, fixed, grid) in FAMILIES.items():
        out["families"][fam] = {"scaled": scaled, "fixed": fixed, "grid": {k: v for k, (_, v) in grid.items()}}
    for name in DATASETS:
        X, y, folds = load(name)
        out["results"][name] = {}
        for fam, (make, scaled, fixed, grid) in FAMILIES.items():
            prefix = "est__" if scaled else ""
            est = Pipeline([("scale", StandardScaler()), ("est", make())]) if scaled else make()
            param_grid = {prefix + sk: values for (sk, values) in grid.values()}
            per_fold = []
            for fold in folds:
                train, test = np.asarray(fold["train"]), np.asarray(fold["test"])
                gs = GridSearchCV(est, param_grid, cv=3, scoring="accuracy", refit=True)
                gs.fit(X[train], y[train])
                best = {ours: gs.best_params_[prefix + sk] for ours, (sk, _) in grid.items()}
                per_fold.append({
                    "best": {k: (float(v) if isinstance(v, float) else int(v)) for k, v in best.items()},
                    "bestInnerScore": float(gs.best_score_),
                    "meanInnerScores": [float(s) for s in gs.cv_results_["mean_test_score"]],
                    "outerScore": float(gs.score(X[test], y[test])),
                })
            out["results"][name][fam] = per_fold
            print(name, fam, [f["best"] for f in per_fold], flush=True)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
