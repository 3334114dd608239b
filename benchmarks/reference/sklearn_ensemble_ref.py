"""scikit-learn 1.2.1 reference for @mlcompare/ensemble (issue 14): random forests and
histogram gradient boosting on the committed reference folds.

Run with Debian's python (python3-sklearn 1.2.1), from the repository root:
    OMP_NUM_THREADS=1 /usr/bin/python3 benchmarks/reference/sklearn_ensemble_ref.py

Protocol: the five folds of datasets/folds/<name>.json (the same splits as sklearn_ref.py), a
StandardScaler fitted on each training fold, one fresh model per fold:
    forest:   RandomForestClassifier / RandomForestRegressor(random_state=0, n_jobs=1)
    boosting: HistGradientBoostingClassifier / HistGradientBoostingRegressor(
                  early_stopping=False, random_state=0)
(every other parameter at its 1.2.1 default). Early stopping is off so that boosting is
deterministic; 'auto' would leave it off on these sets anyway (all have at most 10,000 rows).

Writes
    datasets/reference/sklearn-1.2.1.json                 adds cv.<name>.models.forest / .boosting
                                                         (accuracy, f1_macro or r2, rmse; fit/predict ms),
                                                         leaving every other entry as it was;
    packages/ensemble/test/fixtures/sklearn-1.2.1-boosting.json
                                                         boosting's test-row predictions per fold
                                                         (labels, or values to 17 significant digits),
                                                         and n_iter_, for the parity tests; and
                                                         under "missing", the same on breast_cancer
                                                         and diabetes with NaN put in (see inject_nan);
                                                         under "bin_thresholds", _BinMapper's thresholds
                                                         on the whole breast_cancer CSV.
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import json
import math
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, r2_score
from sklearn.preprocessing import StandardScaler

assert sklearn.__version__ == "1.2.1", "needs scikit-learn 1.2.1, got %s" % sklearn.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
DATA = os.path.join(ROOT, "datasets")
REF = os.path.join(DATA, "reference", "sklearn-1.2.1.json")
FIXTURE = os.path.join(ROOT, "packages", "ensemble", "test", "fixtures", "sklearn-1.2.1-boosting.json")
CLASSIF = ["iris", "wine", "breast_cancer", "digits"]
REGRESS = ["diabetes"]


def models(task):
    if task == "classification":
        return {"forest": lambda: RandomForestClassifier(random_state=0, n_jobs=1),
                "boosting": lambda: HistGradientBoostingClassifier(early_stopping=False, random_state=0)}
    return {"forest": lambda: RandomForestRegressor(random_state=0, n_jobs=1),
            "boosting": lambda: HistGradientBoostingRegressor(early_stopping=False, random_state=0)}


def load(name):
    df = pd.read_csv(os.path.join(DATA, name + ".csv"))
    X = df.drop(columns=["target"]).to_numpy(dtype=np.float64)
    y = df["target"].to_numpy()
    y = y.astype(np.float64) if name in REGRESS else y.astype(str)
    with open(os.path.join(DATA, "folds", name + ".json")) as f:
        folds = json.load(f)["folds"]
    return X, y, [(np.asarray(fo["train"]), np.asarray(fo["test"])) for fo in folds]


def inject_nan(X, rows, train):
    """NaN where (row * 7 + feature * 3) % 11 == 0 (row = the CSV row), after scaling; on test
    rows also in feature 0 where row % 5 == 0 (a feature with no NaN in training: its splits send
    NaN to the larger child)."""
    X = X.copy()
    for j, r in enumerate(rows):
        for f in range(X.shape[1]):
            if (r * 7 + f * 3) % 11 == 0 and f != 0:
                X[j, f] = np.nan
        if not train and r % 5 == 0:
            X[j, 0] = np.nan
    return X


def missing_fixture():
    out = {}
    for name in ["breast_cancer", "diabetes"]:
        task = "classification" if name in CLASSIF else "regression"
        X, y, splits = load(name)
        preds = []
        for tr, te in splits:
            sc = StandardScaler().fit(X[tr])
            Xtr, Xte = inject_nan(sc.transform(X[tr]), tr, True), inject_nan(sc.transform(X[te]), te, False)
            m = models(task)["boosting"]().fit(Xtr, y[tr])
            p = m.predict(Xte)
            preds.append([str(v) for v in p] if task == "classification" else [float(v) for v in p])
        out[name] = {"task": task, "predictions": preds}
    return out


def summarize(vals):
    a = np.asarray(vals, dtype=np.float64)
    return {"mean": float(a.mean()), "std": float(a.std()), "per_fold": [float(v) for v in a]}


def main():
    with open(REF) as f:
        ref = json.load(f)
    fixture = {"sklearn": sklearn.__version__, "numpy": np.__version__,
               "model": "HistGradientBoosting*(early_stopping=False, random_state=0), StandardScaler per fold",
               "datasets": {}}
    for name in CLASSIF + REGRESS:
        task = "classification" if name in CLASSIF else "regression"
        X, y, splits = load(name)
        for mname, make in models(task).items():
            scores = {"accuracy": [], "f1_macro": []} if task == "classification" else {"r2": [], "rmse": []}
            fit_ms, pred_ms, preds, n_iter = [], [], [], []
            for tr, te in splits:
                sc = StandardScaler().fit(X[tr])
                Xtr, Xte = sc.transform(X[tr]), sc.transform(X[te])
                m = make()
                t0 = time.perf_counter()
                m.fit(Xtr, y[tr])
                t1 = time.perf_counter()
                p = m.predict(Xte)
                t2 = time.perf_counter()
                fit_ms.append((t1 - t0) * 1e3)
                pred_ms.append((t2 - t1) * 1e3)
                if task == "classification":
                    scores["accuracy"].append(accuracy_score(y[te], p))
                    scores["f1_macro"].append(f1_score(y[te], p, average="macro"))
                else:
                    scores["r2"].append(r2_score(y[te], p))
                    scores["rmse"].append(math.sqrt(mean_squared_error(y[te], p)))
                if mname == "boosting":
                    preds.append([str(v) for v in p] if task == "classification" else [float(v) for v in p])
                    n_iter.append(int(m.n_iter_))
            out = {k: summarize(v) for k, v in scores.items()}
            out["fit_ms"] = summarize(fit_ms)
            out["predict_ms"] = summarize(pred_ms)
            out["estimator"] = repr(make())
            ref["cv"][name]["models"][mname] = out
            key = "accuracy" if task == "classification" else "r2"
            print("%-14s %-9s %s=%.4f fit=%.1fms pred=%.2fms" % (name, mname, key, out[key]["mean"],
                                                                out["fit_ms"]["mean"], out["predict_ms"]["mean"]), flush=True)
            if mname == "boosting":
                fixture["datasets"][name] = {"task": task, "predictions": preds, "n_iter": n_iter}
    fixture["missing"] = missing_fixture()
    from sklearn.ensemble._hist_gradient_boosting.binning import _BinMapper
    Xbc = load("breast_cancer")[0]
    fixture["bin_thresholds"] = {"breast_cancer": [t.tolist() for t in _BinMapper().fit(Xbc).bin_thresholds_]}
    with open(REF, "w") as f:
        json.dump(ref, f, indent=1)
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(REF, ROOT), "and", os.path.relpath(FIXTURE, ROOT))


if __name__ == "__main__":
    sys.exit(main())
