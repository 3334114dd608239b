"""Reference numbers for packages/linear/test/sklearn-reference.ts (scikit-learn 1.2.1).

Run from the repository root with Debian's python:
    /usr/bin/python3 packages/linear/test/sklearn_reference.py
"""
import numpy as np, pandas as pd, json, warnings
from sklearn.linear_model import LinearRegression, Ridge, LogisticRegression, Perceptron
from sklearn.preprocessing import StandardScaler
warnings.simplefilter('ignore')
np.set_printoptions(precision=17)
def load(n):
    df = pd.read_csv(f'datasets/{n}.csv'); X = df.drop(columns=['target']).to_numpy(float); y = df['target'].to_numpy(); return X, y
out = {}
X, y = load('diabetes')
X40, y40 = X[:40], y[:40].astype(float)
m = LinearRegression().fit(X40, y40); out['ols_diab40'] = [m.coef_.tolist(), float(m.intercept_)]
m = LinearRegression(fit_intercept=False).fit(X40, y40); out['ols_diab40_noint'] = [m.coef_.tolist(), float(m.intercept_)]
Xd = np.hstack([X40[:, :3], X40[:, :1]])  # column 0 duplicated -> rank deficient
m = LinearRegression().fit(Xd, y40); out['ols_dup'] = [m.coef_.tolist(), float(m.intercept_)]
m = Ridge(alpha=1.0).fit(X40, y40); out['ridge_diab40'] = [m.coef_.tolist(), float(m.intercept_)]
m = Ridge(alpha=0.01, fit_intercept=False).fit(X40, y40); out['ridge_diab40_noint'] = [m.coef_.tolist(), float(m.intercept_)]
Xi, yi = load('iris'); Xi = StandardScaler().fit_transform(Xi)
m = LogisticRegression(max_iter=10000, tol=1e-10).fit(Xi, yi.astype(str)); out['logit_iris'] = [m.coef_.tolist(), m.intercept_.tolist(), m.predict_proba(Xi[[0, 60, 120]]).tolist()]
m = LogisticRegression(C=0.1, max_iter=10000, tol=1e-10).fit(Xi, yi.astype(str)); out['logit_iris_C01'] = [m.coef_.tolist(), m.intercept_.tolist(), m.predict_proba(Xi[[0, 60, 120]]).tolist()]
Xb, yb = load('breast_cancer'); Xb = StandardScaler().fit_transform(Xb)
m = LogisticRegression(max_iter=10000, tol=1e-10).fit(Xb, yb.astype(str)); out['logit_bc'] = [m.coef_.tolist(), m.intercept_.tolist(), m.predict_proba(Xb[[0, 1, 100]]).tolist(), list(m.classes_)]
m = LogisticRegression(max_iter=10000, tol=1e-10, fit_intercept=False).fit(Xi, yi.astype(str)); out['logit_iris_noint'] = [m.coef_.tolist(), m.intercept_.tolist()]
m = Perceptron(shuffle=False).fit(Xi, yi.astype(str)); out['perc_iris'] = [m.coef_.tolist(), m.intercept_.tolist(), int(m.n_iter_), float(m.score(Xi, yi.astype(str)))]
m = Perceptron(shuffle=False).fit(Xb, yb.astype(str)); out['perc_bc'] = [m.coef_.tolist(), m.intercept_.tolist(), int(m.n_iter_), float(m.score(Xb, yb.astype(str)))]
m = Perceptron(shuffle=False, eta0=0.1, fit_intercept=False).fit(Xi, yi.astype(str)); out['perc_iris_noint'] = [m.coef_.tolist(), m.intercept_.tolist(), int(m.n_iter_)]
print(json.dumps(out))
