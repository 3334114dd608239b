/**
 * Speed of nested tuning (issue 16): random search, 20 candidate evaluations × 3 inner folds × the
 * 5 reference folds (outer), every family on the bundled data sets, each family in its default
 * search space. Wall time of `runSuite` with `--jobs 1` and `--jobs 2`, side by side with
 * scikit-learn 1.2.1's `cross_val_score(RandomizedSearchCV(estimator, distributions, n_iter=20,
 * cv=3), cv=<the same 5 folds>, n_jobs=2)` on the same data (a StandardScaler in a Pipeline for the
 * families mlcompare scales; scikit-learn's names and scipy distributions for each default space:
 * the same ranges and scales, as far as scikit-learn takes them). Ratios are ours ÷ scikit-learn's
 * (target: `--jobs 2` no slower, ratio ≤ 1).
 *
 * Wall time, not CPU time: both sides use two processes or threads. On a shared machine the
 * figures move with the load; read the ratios. The full default (every family, five data sets)
 * fits tens of thousands of models, networks and 2,000-tree forests among them: hours on two cores.
 * `--families` and `--datasets` take a part of it.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/tuning.ts
 *      [--families knn,svm,cart,logistic,ridge,mlp,forest,boosting] [--datasets iris,wine,breast_cancer,digits,diabetes] [--evals 20]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGISTRY_MODULE, parseSuite, runSuite } from '@mlcompare/bench';
import { models } from '@mlcompare/bench/registry';
import { parseResults } from '@mlcompare/core';
import { datasetsDir } from '@mlcompare/datasets';
import { PYTHON, sklearnUnavailable } from './scaling-data.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const FAMILIES = arg('families', 'knn,svm,cart,logistic,ridge,mlp,forest,boosting').split(',');
const DATASETS = arg('datasets', 'iris,wine,breast_cancer,digits,diabetes').split(',');
const EVALS = Number(arg('evals', '20'));
const INNER = 3;

// ------------------------------------------------------------------ scikit-learn (child process)
const PY = String.raw`
import json, os, sys, time
import numpy as np, pandas as pd
from scipy import stats
from sklearn.model_selection import RandomizedSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.svm import SVC, SVR
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor, HistGradientBoostingClassifier, HistGradientBoostingRegressor

cfg = json.loads(sys.argv[1])

class LogInt:
    """An integer drawn log-uniformly on [low - 0.5, high + 0.5] and rounded (as the TS sampler)."""
    def __init__(self, low, high):
        self.d = stats.loguniform(low - 0.5 if low > 0.5 else low, high + 0.5)
        self.low, self.high = low, high
    def rvs(self, random_state=None):
        return int(min(self.high, max(self.low, round(self.d.rvs(random_state=random_state)))))

layers = [tuple([w] * d) for d in (1, 2, 3) for w in (16, 64, 256)]
L = stats.loguniform
# family -> (classifier, regressor, scaled, distributions); the default spaces of the model packages
FAM = {
  "knn": (KNeighborsClassifier, KNeighborsRegressor, True, {"n_neighbors": LogInt(1, 50), "weights": ["uniform", "distance"], "metric": ["euclidean", "manhattan"]}),
  "svm": (SVC, SVR, True, {"C": L(1e-4, 1e4), "gamma": L(1e-4, 1e4), "kernel": ["poly", "rbf", "sigmoid", "linear"], "degree": stats.randint(2, 6)}),
  "cart": (lambda: DecisionTreeClassifier(random_state=0), lambda: DecisionTreeRegressor(random_state=0), False,
           {"min_samples_split": LogInt(2, 128), "min_samples_leaf": LogInt(1, 64), "min_impurity_decrease": L(1e-4, 0.1)}),
  "logistic": (lambda: LogisticRegression(max_iter=1000), None, True, {"C": L(1e-4, 1e4)}),
  "ridge": (None, Ridge, True, {"alpha": L(1e-4, 1e4)}),
  "mlp": (lambda: MLPClassifier(random_state=0), lambda: MLPRegressor(random_state=0), True,
          {"hidden_layer_sizes": layers, "activation": ["tanh", "relu"], "alpha": L(1e-5, 1), "learning_rate_init": L(1e-4, 0.5)}),
  "forest": (lambda: RandomForestClassifier(random_state=0), lambda: RandomForestRegressor(random_state=0), False,
             {"n_estimators": stats.randint(1, 2001), "max_features": stats.uniform(0.01, 0.98), "max_samples": stats.uniform(0.1, 0.89)}),
  "boosting": (lambda: HistGradientBoostingClassifier(random_state=0), lambda: HistGradientBoostingRegressor(random_state=0), False,
               {"learning_rate": L(1e-4, 1), "max_iter": stats.randint(1, 5001), "max_depth": stats.randint(1, 21), "l2_regularization": L(1e-3, 1e3)}),
}
out = []
for name in cfg["datasets"]:
    df = pd.read_csv(os.path.join(cfg["data"], name + ".csv"))
    X = df.drop(columns=["target"]).to_numpy(dtype=np.float64)
    y = df["target"].to_numpy()
    with open(os.path.join(cfg["data"], "folds", name + ".json")) as f:
        meta = json.load(f)
    reg = meta["task"] == "regression"
    folds = [(np.asarray(f["train"]), np.asarray(f["test"])) for f in meta["folds"]]
    for fam in cfg["families"]:
        clf, rgr, scaled, dist = FAM[fam]
        make = rgr if reg else clf
        if make is None:
            continue
        est = make()
        if scaled:
            est = Pipeline([("scale", StandardScaler()), ("est", est)])
            dist = {"est__" + k: v for k, v in dist.items()}
        search = RandomizedSearchCV(est, dist, n_iter=cfg["evals"], cv=cfg["inner"], random_state=0, error_score=np.nan)
        t0 = time.perf_counter()
        scores = cross_val_score(search, X, y, cv=folds, n_jobs=2, error_score=np.nan)
        out.append({"dataset": name, "family": fam, "seconds": time.perf_counter() - t0, "score": float(np.nanmean(scores)) if not np.isnan(scores).all() else None})
        print(json.dumps(out[-1]), file=sys.stderr, flush=True)
print(json.dumps(out))
`;

interface SkRow {
  dataset: string;
  family: string;
  seconds: number;
  score: number | null;
}

function runSklearn(): SkRow[] | string {
  const missing = sklearnUnavailable();
  if (missing !== undefined) return missing;
  const cfg = { data: datasetsDir(), datasets: DATASETS, families: FAMILIES, evals: EVALS, inner: INNER };
  const r = spawnSync(PYTHON, ['-W', 'ignore', '-c', PY, JSON.stringify(cfg)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', PYTHONWARNINGS: 'ignore' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) return `could not start ${PYTHON} (${r.error.message})`;
  if (r.status !== 0) return `python failed: ${r.stderr.trim().split('\n').pop() ?? ''}`;
  return JSON.parse(r.stdout) as SkRow[];
}

// ------------------------------------------------------------------ our side
/**
 * Every family on every data set, tuned, in one run (as `mlcompare bench --tune random` runs them):
 * wall seconds, and the mean outer score per data set and family.
 */
async function ours(jobs: number): Promise<{ seconds: number; scores: Map<string, number>; failed: number }> {
  for (const f of FAMILIES) if (!models.some((m) => m.name === f)) throw new Error(`--families: no registry entry '${f}'`);
  const dir = mkdtempSync(join(tmpdir(), 'mlcompare-perf-tuning-'));
  try {
    const suite = parseSuite(
      {
        datasets: DATASETS,
        models: FAMILIES.map((family) => ({ model: family, tune: { strategy: 'random', budget: { evals: EVALS }, inner: { folds: INNER } } })),
        resampling: { kind: 'predefined' },
      },
      { source: 'perf/tuning.ts', baseDir: dir, registry: models, catalog: { bundled: DATASETS, generators: [] } },
    );
    const t0 = performance.now();
    const out = await runSuite({ suite, registry: models, registryModule: DEFAULT_REGISTRY_MODULE, outDir: join(dir, 'out'), jobs, commandLine: 'perf/tuning.ts' });
    const seconds = (performance.now() - t0) / 1000;
    const lines = parseResults(readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')).results.filter((r) => r.tuning && r.status === 'ok');
    const sums = new Map<string, number[]>();
    for (const r of lines) {
      const v = r.metrics[r.tuning!.metric];
      if (typeof v !== 'number') continue;
      const key = `${r.dataset}|${r.model}`;
      sums.set(key, [...(sums.get(key) ?? []), v]);
    }
    return { seconds, scores: new Map([...sums].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length])), failed: out.failed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`nested random search: ${EVALS} evaluations × ${INNER} inner folds × 5 reference folds; families ${FAMILIES.join(', ')}; data ${DATASETS.join(', ')}`);
const sk = runSklearn();
if (typeof sk === 'string') console.log(`scikit-learn: not run (${sk})`);
const a = await ours(1);
const b = await ours(2);
for (const dataset of DATASETS) {
  for (const family of FAMILIES) {
    const s = typeof sk === 'string' ? undefined : sk.find((r) => r.dataset === dataset && r.family === family);
    const mine = a.scores.get(`${dataset}|${family}`);
    if (mine === undefined && !s) continue;
    console.log(
      `${dataset.padEnd(14)} ${family.padEnd(9)} mean outer score ours ${mine?.toFixed(4) ?? '—'} / scikit-learn ${s?.score?.toFixed(4) ?? '—'}` +
        (s ? `   scikit-learn wall ${s.seconds.toFixed(1)} s` : ''),
    );
  }
}
const tsk = typeof sk === 'string' ? 0 : sk.reduce((t, r) => t + r.seconds, 0);
console.log(`wall time: --jobs 1 ${a.seconds.toFixed(1)} s, --jobs 2 ${b.seconds.toFixed(1)} s (speed-up ${(a.seconds / b.seconds).toFixed(2)}×)${a.failed + b.failed > 0 ? `, ${a.failed + b.failed} failed jobs` : ''}`);
if (tsk > 0) {
  console.log(`scikit-learn (cross_val_score n_jobs=2) ${tsk.toFixed(1)} s → ratio ours ÷ scikit-learn: --jobs 1 ${(a.seconds / tsk).toFixed(2)}, --jobs 2 ${(b.seconds / tsk).toFixed(2)} (target ≤ 1)`);
}
