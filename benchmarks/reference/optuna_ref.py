"""Reference runs of Optuna 3.1.0's TPESampler (and RandomSampler) for core's TPE (issue 16).

Run with Debian's python (`apt-get install python3-optuna`; the python3 on PATH may lack it):
    /usr/bin/python3 benchmarks/reference/optuna_ref.py [--no-digits] [--only NAME] [--digits-seeds N]

`--only NAME` runs one objective and updates its entry in the existing JSON; `--digits-seeds N`
(default 20) runs the SVM objective on seeds 0..N-1 only (2 × 50 × N SVC fits: about 30 minutes for
20 seeds on a busy machine).

Writes packages/core/test/data/optuna-tpe.json: for each objective and each seed 0..19, the best
value after 50 trials of `TPESampler(seed=seed)` (all defaults) and of `RandomSampler(seed=seed)`,
and the best-so-far curve. packages/core/test/tuning-tpe.test.ts checks that our TPE's median best
after 50 trials lies within the spread of Optuna's; benchmarks/perf/tpe.ts prints the medians side
by side.

Objectives (minimised):
- branin: x1 in [-5, 10], x2 in [0, 15]; minimum 0.397887 (Dixon & Szegő's test function).
- sphere5: sum of x_i^2 for 5 variables in [-5, 5]; minimum 0.
- svm_digits (unless --no-digits; seeds 0..N-1 with --digits-seeds N): 1 - accuracy of SVC(kernel='rbf', C, gamma) with C log-uniform
  in [1e-2, 1e3] and gamma log-uniform in [1e-4, 1e0], trained on the training rows of the bundled
  digits' reference fold 0 (StandardScaler fitted on them) and scored on its test rows.
"""
import json
import math
import os
import sys

import numpy as np
import optuna

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "packages", "core", "test", "data", "optuna-tpe.json")
SEEDS = list(range(20))
TRIALS = 50


def branin(trial):
    x1 = trial.suggest_float("x1", -5.0, 10.0)
    x2 = trial.suggest_float("x2", 0.0, 15.0)
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def sphere5(trial):
    return sum(trial.suggest_float(f"x{i}", -5.0, 5.0) ** 2 for i in range(5))


def digits_objective():
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    data = np.loadtxt(os.path.join(ROOT, "datasets", "digits.csv"), delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1].astype(int)
    with open(os.path.join(ROOT, "datasets", "folds", "digits.json")) as f:
        fold = json.load(f)["folds"][0]
    tr, te = np.array(fold["train"]), np.array(fold["test"])
    sc = StandardScaler().fit(X[tr])
    Xtr, Xte = sc.transform(X[tr]), sc.transform(X[te])

    def objective(trial):
        C = trial.suggest_float("C", 1e-2, 1e3, log=True)
        gamma = trial.suggest_float("gamma", 1e-4, 1e0, log=True)
        m = SVC(kernel="rbf", C=C, gamma=gamma).fit(Xtr, y[tr])
        return 1.0 - float((m.predict(Xte) == y[te]).mean())

    return objective


def run(objective, make_sampler, seeds=SEEDS):
    out = []
    for seed in seeds:
        study = optuna.create_study(direction="minimize", sampler=make_sampler(seed))
        study.optimize(objective, n_trials=TRIALS)
        values = [t.value for t in study.trials]
        curve = list(np.minimum.accumulate(values))
        out.append({"seed": seed, "best": float(study.best_value), "curve": [float(v) for v in curve]})
    return out


def main():
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    def opt(name, default):
        return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default

    objectives = {"branin": branin, "sphere5": sphere5}
    if "--no-digits" not in sys.argv:
        objectives["svm_digits"] = digits_objective()
    only = opt("--only", None)
    if only is not None:
        objectives = {only: objectives[only]}
    digits_seeds = list(range(int(opt("--digits-seeds", "20"))))
    doc = {
        "source": f"optuna {optuna.__version__}, benchmarks/reference/optuna_ref.py",
        "trials": TRIALS,
        "seeds": SEEDS,
        "objectives": {},
    }
    if only is not None and os.path.exists(OUT):
        with open(OUT) as f:
            doc["objectives"] = json.load(f)["objectives"]
    for name, f in objectives.items():
        seeds = digits_seeds if name == "svm_digits" else SEEDS
        tpe = run(f, lambda s: optuna.samplers.TPESampler(seed=s), seeds)
        rnd = run(f, lambda s: optuna.samplers.RandomSampler(seed=s), seeds)
        doc["objectives"][name] = {"tpe": tpe, "random": rnd}
        med = lambda rs: float(np.median([r["best"] for r in rs]))
        print(f"{name}: median best after {TRIALS} trials: TPE {med(tpe):.6g}, random {med(rnd):.6g}", flush=True)
        # Written after each objective, so that a long SVM run cut short keeps the others.
        with open(OUT, "w") as f:
            json.dump(doc, f)
            f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
