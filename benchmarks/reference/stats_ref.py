"""Reference values for core's comparison statistics (issue 13), from Debian's scipy 1.10.1 and
statsmodels 0.13.5 (`apt-get install python3-scipy python3-statsmodels`).

Run with Debian's python (the python3 on PATH may lack scipy):
    /usr/bin/python3 benchmarks/reference/stats_ref.py

Writes packages/core/test/data/stats-reference.json: the fixed inputs and scipy's / statsmodels' /
baycomp's-formula outputs that packages/core/test/{stat-tests,bayes}.test.ts compare with.

- Bayesian correlated t-test: baycomp's `CorrelatedTTest` (single.py at 0ce309b7) is analytic; its
  probabilities are scipy's Student-t CDF with loc = mean(y − x), scale = sqrt(var · (1/n + ρ/(1 − ρ))),
  df = n − 1, evaluated at ±rope. With ρ = 1/k it is baycomp's 1/n + 1/(k − 1).
- Bayesian signed-rank test: the closed-form posterior expectation of θ = (θ_left, θ_rope, θ_right)
  under the Dirichlet(prior, 1, …, 1) weights of baycomp's `SignedRankTest` (multiple.py):
  E[w_i w_j] = a_i a_j / (A (A + 1)) for i ≠ j and a_i (a_i + 1) / (A (A + 1)) for i = j.
- Frequentist tests: scipy.stats.shapiro, bartlett, levene, ttest_rel, tukey_hsd,
  studentized_range; statsmodels.stats.anova.AnovaRM (what autorank calls).
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.anova import AnovaRM

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "packages", "core", "test", "data")


def read_baycomp(path):
    """{classifier: [[100 scores] × 54 data sets]} in file order."""
    out, cur = {}, None
    with open(path) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if len(parts) == 1:
                cur = parts[0]
                out[cur] = []
            else:
                out[cur].append([float(v) for v in parts[1:]])
    return out


def lst(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def correlated_t(x, y, rope, runs=1, rho=None):
    diff = np.asarray(y, float) - np.asarray(x, float)
    n = len(diff)
    if rho is None:
        rho = runs / n
    mean = diff.mean()
    var = diff.var(ddof=1) * (1 / n + rho / (1 - rho))
    sd = np.sqrt(var)
    left = stats.t.cdf(-rope, n - 1, mean, sd)
    right = stats.t.sf(rope, n - 1, mean, sd)
    return {"expected": {"meanDifference": float(-mean), "scale": float(sd), "df": n - 1,
                         "left": float(left), "rope": float(1 - left - right), "right": float(right)}}


def signed_rank_expectation(x, y, rope, prior=0.5):
    diff = np.hstack(([0.0], np.asarray(y, float) - np.asarray(x, float)))
    sums = diff[:, None] + diff[None, :]

    def heaviside(a, thresh):
        return (a > thresh).astype(float) + 0.5 * (a == thresh).astype(float)

    a = np.ones(len(diff))
    a[0] = prior
    A = a.sum()
    e = np.outer(a, a) / (A * (A + 1))
    e[np.diag_indices_from(e)] = a * (a + 1) / (A * (A + 1))
    if rope > 0:
        left = float(np.sum(e * heaviside(-sums, 2 * rope)))
        right = float(np.sum(e * heaviside(sums, 2 * rope)))
    else:
        right = float(np.sum(e * heaviside(sums, 0)))
        left = 1 - right
    return {"left": left, "rope": 1 - left - right, "right": right}


def main():
    acc = read_baycomp(os.path.join(DATA, "baycomp-accuracies.txt"))
    nbc, j48, aode = (np.array(acc[c]) for c in ("nbc", "j48", "aode"))
    out = {"_generated_by": "benchmarks/reference/stats_ref.py",
           "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                        "statsmodels": statsmodels.__version__}}

    # Bayesian correlated t-test: 10 × 10-fold scores of one data set, and small hand cases.
    ct = []
    for ds in (0, 7, 30):
        ct.append({"x": lst(nbc[ds]), "y": lst(j48[ds]), "rope": 1.0, "runs": 10,
                   **correlated_t(nbc[ds], j48[ds], 1.0, runs=10)})
    hx = [0.81, 0.84, 0.79, 0.86, 0.83, 0.80, 0.85, 0.82, 0.84, 0.81]
    hy = [0.80, 0.82, 0.80, 0.83, 0.82, 0.78, 0.83, 0.82, 0.81, 0.80]
    ct.append({"x": hx, "y": hy, "rope": 0.01, "runs": 1, **correlated_t(hx, hy, 0.01, runs=1)})
    ct.append({"x": hx, "y": hy, "rope": 0.0, "runs": 1, **correlated_t(hx, hy, 0.0, runs=1)})
    ct.append({"x": hx, "y": hy, "rope": 0.005, "runs": 1, "testFraction": 0.25,
               **correlated_t(hx, hy, 0.005, rho=0.25)})
    out["correlatedTTest"] = ct

    # Bayesian signed-rank test: means over the 100 scores, nbc (x) against j48 (y), rope 1 point.
    mx, my = nbc.mean(axis=1), j48.mean(axis=1)
    ma = aode.mean(axis=1)
    out["signedRank"] = [
        {"x": lst(mx), "y": lst(my), "rope": 1.0, "prior": 0.5, "expected": signed_rank_expectation(mx, my, 1.0)},
        {"x": lst(mx), "y": lst(my), "rope": 0.0, "prior": 0.5, "expected": signed_rank_expectation(mx, my, 0.0)},
        {"x": lst(ma), "y": lst(mx), "rope": 0.5, "prior": 1.0, "expected": signed_rank_expectation(ma, mx, 0.5, 1.0)},
        # Ties on the rope's edge: differences ±0.5 and −1 with rope 0.5, so sums (diagonal included) hit ±2·rope.
        {"x": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "y": [1.5, 2.0, 2.5, 4.5, 5.0, 5.0], "rope": 0.5, "prior": 0.5,
         "expected": signed_rank_expectation([1, 2, 3, 4, 5, 6], [1.5, 2, 2.5, 4.5, 5, 5], 0.5)},
    ]

    # autorank's ROPE (rope_mode='effsize', rope=0.1): 0.1 × _pooled_std (normal) or _pooled_mad (not).
    def pooled_std(x, y):
        nx, ny = len(x), len(y)
        return np.sqrt(((nx - 1) * np.std(x, ddof=1) ** 2 + (ny - 1) * np.std(y, ddof=1) ** 2) / (nx + ny - 2))

    def pooled_mad(x, y):
        nx, ny = len(x), len(y)
        mx_, my_ = (stats.median_abs_deviation(v, scale=1 / 1.4826) for v in (x, y))
        return np.sqrt(((nx - 1) * mx_ ** 2 + (ny - 1) * my_ ** 2) / (nx + ny - 2))

    out["effectSizeRope"] = []
    for x, y in [(hx, hy), (lst(nbc[5][:20]), lst(j48[5][:23]))]:
        out["effectSizeRope"].append({"x": x, "y": y, "normal": float(0.1 * pooled_std(x, y)),
                                      "nonNormal": float(0.1 * pooled_mad(x, y))})

    rs = np.random.RandomState(20261207)
    # Shapiro–Wilk: n = 3 … 60, normal, skewed and uniform samples (scipy 1.10's swilk is single precision).
    sw = []
    for n, kind in [(3, "normal"), (3, "exp"), (4, "normal"), (5, "exp"), (6, "normal"), (7, "uniform"), (11, "normal"),
                    (11, "exp"), (12, "normal"), (20, "uniform"), (30, "exp"), (54, "normal"), (100, "normal"),
                    (100, "exp"), (500, "normal")]:
        v = {"normal": rs.normal(0.8, 0.05, n), "exp": rs.exponential(1.0, n), "uniform": rs.uniform(0, 1, n)}[kind]
        v = np.round(v, 6)
        r = stats.shapiro(v)
        case = {"x": lst(v), "statistic": float(r.statistic), "pValue": float(r.pvalue)}
        if n == 3:
            # swilk runs in single precision; for n = 3 W and p have closed forms, evaluated here in double:
            # W = (x₍₃₎ − x₍₁₎)² / (2 Σ(x − x̄)²), p = (6/π)(asin √W − asin √¾).
            s3 = np.sort(v)
            w = (s3[2] - s3[0]) ** 2 / (2 * np.sum((s3 - s3.mean()) ** 2))
            case["double"] = {"statistic": float(w),
                              "pValue": float(6 / np.pi * (np.arcsin(np.sqrt(w)) - np.arcsin(np.sqrt(0.75))))}
        sw.append(case)
    sw.append({"x": lst(np.round(mx, 6)), "statistic": float(stats.shapiro(np.round(mx, 6)).statistic),
               "pValue": float(stats.shapiro(np.round(mx, 6)).pvalue)})
    out["shapiro"] = sw

    # Groups for Bartlett / Levene / Tukey (unequal sizes included).
    groups_sets = [
        [lst(np.round(rs.normal(0.80, 0.02, 10), 6)), lst(np.round(rs.normal(0.82, 0.03, 10), 6)),
         lst(np.round(rs.normal(0.79, 0.05, 10), 6))],
        [lst(np.round(rs.normal(5, 1, 8), 6)), lst(np.round(rs.normal(6, 2, 12), 6)),
         lst(np.round(rs.exponential(2, 7), 6)), lst(np.round(rs.normal(5.5, 1, 15), 6))],
        [lst(np.round(rs.normal(0, 1, 30), 6)), lst(np.round(rs.normal(0.3, 1, 30), 6))],
    ]
    out["bartlett"] = []
    out["levene"] = []
    out["tukey"] = []
    for g in groups_sets:
        b = stats.bartlett(*g)
        out["bartlett"].append({"groups": g, "statistic": float(b.statistic), "pValue": float(b.pvalue)})
        for center in ("median", "mean", "trimmed"):
            lv = stats.levene(*g, center=center)
            out["levene"].append({"groups": g, "center": center, "statistic": float(lv.statistic),
                                  "pValue": float(lv.pvalue)})
        t = stats.tukey_hsd(*g)
        out["tukey"].append({"groups": g, "statistic": [lst(r) for r in t.statistic],
                             "pValue": [lst(r) for r in t.pvalue]})

    # Paired t-test.
    pt = []
    for a, b in [(hx, hy), (lst(mx), lst(my)), (lst(nbc[3][:10]), lst(j48[3][:10]))]:
        r = stats.ttest_rel(a, b)
        pt.append({"x": a, "y": b, "statistic": float(r.statistic), "pValue": float(r.pvalue)})
    out["pairedTTest"] = pt

    # Repeated-measures ANOVA (statsmodels AnovaRM, as autorank): rows = subjects, columns = treatments.
    rm = []
    for data in [np.column_stack([mx, my, ma]),
                 np.round(np.column_stack([rs.normal(0.8, 0.03, 12), rs.normal(0.81, 0.03, 12),
                                           rs.normal(0.8, 0.03, 12), rs.normal(0.83, 0.03, 12)]), 6),
                 np.array([[1.0, 2.0, 3.1], [2.0, 2.9, 4.2], [1.5, 2.7, 3.3], [3.0, 3.2, 4.8], [2.2, 3.1, 3.9]])]:
        df = pd.DataFrame(data).stack().reset_index()
        df.columns = ["id", "treatment", "result"]
        table = AnovaRM(df, "result", "id", within=["treatment"]).fit().anova_table
        rm.append({"scores": [lst(r) for r in data], "statistic": float(table["F Value"].iat[0]),
                   "df1": float(table["Num DF"].iat[0]), "df2": float(table["Den DF"].iat[0]),
                   "pValue": float(table["Pr > F"].iat[0])})
    out["rmAnova"] = rm

    # Studentized range distribution (scipy.stats.studentized_range, numerical integration).
    sr = []
    for q, k, df in [(0.5, 2, 5), (1.0, 3, 2), (2.5, 3, 10), (3.5, 4, 20), (3.5, 4, 1), (4.2, 5, 30),
                     (5.0, 10, 60), (3.0, 3, 200), (6.0, 4, 12), (2.0, 20, 15), (3.3, 5, 1000), (8.0, 3, 3)]:
        sr.append({"q": q, "k": k, "df": df, "cdf": float(stats.studentized_range.cdf(q, k, df)),
                   "sf": float(stats.studentized_range.sf(q, k, df))})
    out["studentizedRange"] = sr

    # Normal quantile (for Shapiro–Wilk's coefficients).
    out["normalQuantile"] = [{"p": p, "x": float(stats.norm.ppf(p))}
                             for p in (1e-300, 1e-20, 1e-8, 0.001, 0.02425, 0.1, 0.375, 0.5, 0.6, 0.975, 0.999999, 1 - 1e-12)]

    # autorank's decision rules (autorank/_util.py at 10b65d3) re-run with scipy/statsmodels on constructed
    # cases, one per branch. Differences kept on purpose: Wilcoxon two-sided (autorank: one-sided).
    def autorank_path(data, alpha=0.05):
        k = data.shape[1]
        a_norm = alpha / k
        pv = [float(stats.shapiro(data[:, j]).pvalue) for j in range(k)]
        all_normal = all(p >= a_norm for p in pv)
        cols = [data[:, j] for j in range(k)]
        hom = stats.bartlett(*cols) if all_normal else stats.levene(*cols)
        equal = bool(hom.pvalue >= alpha)
        res = {"shapiro": pv, "allNormal": all_normal, "homogeneity": "bartlett" if all_normal else "levene",
               "homogeneityP": float(hom.pvalue), "equalVariances": equal}
        if k == 2:
            if all_normal:
                res["omnibus"], res["omnibusP"] = "pairedTTest", float(stats.ttest_rel(cols[0], cols[1]).pvalue)
            else:
                res["omnibus"], res["omnibusP"] = "wilcoxon", float(stats.wilcoxon(cols[0], cols[1]).pvalue)
        elif all_normal and equal:
            df = pd.DataFrame(data).stack().reset_index()
            df.columns = ["id", "treatment", "result"]
            res["omnibus"] = "rmAnova"
            res["omnibusP"] = float(AnovaRM(df, "result", "id", within=["treatment"]).fit().anova_table["Pr > F"].iat[0])
            res["tukeyP"] = [lst(r) for r in stats.tukey_hsd(*cols).pvalue]
        else:
            res["omnibus"], res["omnibusP"] = "friedman", float(stats.friedmanchisquare(*cols).pvalue)
        return res

    def normal_col(rsx, mu, sd, n):
        return mu + sd * stats.norm.ppf((np.arange(n) + 0.5) / n)[rsx.permutation(n)]

    def expo_col(rsx, mu, scale, n):
        return mu + scale * -np.log(1 - (np.arange(n) + 0.5) / n)[rsx.permutation(n)]

    ra = np.random.RandomState(13)
    n = 30
    cases = {
        "twoNormal": np.column_stack([normal_col(ra, 0.85, 0.02, n), normal_col(ra, 0.83, 0.02, n)]),
        "twoNotNormal": np.column_stack([expo_col(ra, 0.80, 0.03, n), normal_col(ra, 0.84, 0.02, n)]),
        "normalEqualVariances": np.column_stack([normal_col(ra, 0.80, 0.02, n), normal_col(ra, 0.82, 0.02, n),
                                                 normal_col(ra, 0.81, 0.02, n), normal_col(ra, 0.86, 0.02, n)]),
        "unequalVariances": np.column_stack([normal_col(ra, 0.80, 0.005, n), normal_col(ra, 0.82, 0.05, n),
                                             normal_col(ra, 0.81, 0.02, n)]),
        "notAllNormal": np.column_stack([expo_col(ra, 0.70, 0.05, n), normal_col(ra, 0.82, 0.02, n),
                                         normal_col(ra, 0.81, 0.02, n), expo_col(ra, 0.75, 0.02, n)]),
    }
    # Scores rounded to 0.01: ties within rows, where scipy's Friedman statistic is tie-corrected.
    cases["notAllNormalTies"] = np.round(cases["notAllNormal"], 2)
    out["autorank"] = {name: {"scores": [lst(np.round(r, 12)) for r in d], **autorank_path(np.round(d, 12))}
                       for name, d in cases.items()}

    path = os.path.join(DATA, "stats-reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


if __name__ == "__main__":
    main()
