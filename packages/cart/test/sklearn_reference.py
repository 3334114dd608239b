"""Reference numbers pasted into packages/cart/test/*.test.ts.

Run with Debian's python (scikit-learn 1.2.1):  /usr/bin/python3 packages/cart/test/sklearn_reference.py
Data: the bundled CSVs and reference folds (datasets/), StandardScaler per fold as in
benchmarks/reference/sklearn_ref.py.
"""
import json, os
import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")


def load(name):
    df = pd.read_csv(os.path.join(ROOT, "datasets", name + ".csv"))
    X = df.iloc[:, :-1].to_numpy(dtype=np.float64)
    y = df.iloc[:, -1].to_numpy()
    return X, y


def folds(name):
    with open(os.path.join(ROOT, "datasets", "folds", name + ".json")) as f:
        return [(np.array(fo["train"]), np.array(fo["test"])) for fo in json.load(f)["folds"]]


def cv(name, make):
    X, y = load(name)
    out = []
    for tr, te in folds(name):
        sc = StandardScaler().fit(X[tr])
        m = make().fit(sc.transform(X[tr]), y[tr])
        out.append(round(float(m.score(sc.transform(X[te]), y[te])), 12))
    return out


out = {}
X, y = load("iris")
for label, kw in {
    "default": {},
    "entropy": {"criterion": "entropy"},
    "depth3_leaf5": {"max_depth": 3, "min_samples_leaf": 5},
    "sqrt_seed3": {"max_features": "sqrt", "random_state": 3},
}.items():
    kw = {"random_state": 0, **kw}
    m = DecisionTreeClassifier(**kw).fit(X, y)
    out["iris_" + label] = {
        "importances": [round(float(v), 12) for v in m.feature_importances_],
        "n_leaves": int(m.get_n_leaves()), "depth": int(m.get_depth()),
        "proba_row_70": [round(float(v), 12) for v in m.predict_proba(X[70:71])[0]],
    }
Xd, yd = load("diabetes")
m = DecisionTreeRegressor(random_state=0, max_depth=4, min_samples_leaf=5).fit(Xd, yd)
out["diabetes_depth4_leaf5"] = {"importances": [round(float(v), 12) for v in m.feature_importances_],
                               "n_leaves": int(m.get_n_leaves()), "depth": int(m.get_depth()),
                               "pred_first3": [round(float(v), 9) for v in m.predict(Xd[:3])]}
m = DecisionTreeRegressor(random_state=0, min_impurity_decrease=20.0).fit(Xd, yd)
out["diabetes_mid20"] = {"n_leaves": int(m.get_n_leaves()), "depth": int(m.get_depth())}
out["cv_digits_sqrt_seed0"] = cv("digits", lambda: DecisionTreeClassifier(max_features="sqrt", random_state=0))
out["cv_wine_entropy_seed5"] = cv("wine", lambda: DecisionTreeClassifier(criterion="entropy", random_state=5))
out["cv_breast_cancer_log2_leaf3_seed1"] = cv("breast_cancer", lambda: DecisionTreeClassifier(max_features="log2", min_samples_leaf=3, random_state=1))
out["cv_diabetes_frac05_seed2"] = cv("diabetes", lambda: DecisionTreeRegressor(max_features=0.5, random_state=2))
# XOR and a tiny hand-checked set
m = DecisionTreeClassifier(random_state=0).fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0])
out["xor"] = {"n_leaves": int(m.get_n_leaves()), "depth": int(m.get_depth()), "feature": m.tree_.feature.tolist(), "threshold": m.tree_.threshold.tolist()}
print(json.dumps(out, indent=1))

# absolute_error (printed separately)
mae = {}
m = DecisionTreeRegressor(criterion="absolute_error", random_state=0, max_depth=3).fit(Xd, yd)
mae["diabetes_mae_depth3"] = {"importances": [round(float(v), 12) for v in m.feature_importances_],
                              "n_leaves": int(m.get_n_leaves()), "pred_first3": [float(v) for v in m.predict(Xd[:3])]}
mae["cv_diabetes_mae_seed0"] = cv("diabetes", lambda: DecisionTreeRegressor(criterion="absolute_error", random_state=0))
print(json.dumps(mae))
