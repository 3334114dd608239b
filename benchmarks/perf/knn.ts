/**
 * Speed of @mlcompare/knn against the raw ml-knn call and scikit-learn 1.2.1, side by side in
 * one run on the reference folds (StandardScaler fit on each training fold), then a scaling run
 * on generated data (1,000 / 10,000 / 100,000 rows × 20 features, made by perf/scaling-data.ts
 * with @mlcompare/datasets' makeClassification). The folds come from `referenceData`
 * (@mlcompare/datasets), preprocessed by core's `foldMatrices` (the runner's own fold
 * preprocessing) and turned into number[][] as a user would pass them.
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/knn.ts [--quick] [--no-scaling] [--sizes 1000,10000]
 *
 * Ours with nJobs 2 and nJobs 1, scikit-learn with its defaults (2 threads here) and limited to one
 * thread (threadpoolctl), in alternating rounds (each cell keeps its best round), with the load
 * average printed beside the figures.
 * Times are medians of repeated calls (at least 3, until ~100 ms per cell); scikit-learn runs in
 * /usr/bin/python3 (Debian's python3-sklearn; `MLCOMPARE_PYTHON` picks another) on the same folds
 * and the same generated data; without it the scaling run still times ours and ml-knn.
 * This file also exports the small harness that perf/svm.ts uses.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { foldMatrices, type Labels } from '@mlcompare/core';
import { listDatasets, referenceData } from '@mlcompare/datasets';
import { KNNClassifier, KNNRegressor } from '@mlcompare/knn';
import type MlKnn from 'ml-knn';
import { PY_READ_SCALING, PYTHON, reportSklearn, scalingData, scalingDataNote, scalingSizes, sklearnUnavailable } from './scaling-data.js';

export { PYTHON };

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Loads a library the way a model package does (the benchmarks package does not list the
 * libraries beneath the models): resolved from `packages/<pkg>`.
 */
export function requireFrom(pkg: string, id: string): unknown {
  return createRequire(join(ROOT, 'packages', pkg, 'package.json'))(id);
}

const KNN = requireFrom('knn', 'ml-knn') as typeof MlKnn;

/** The five bundled data sets (name and task), from datasets/manifest.json. */
export const DATASETS = (await listDatasets()).map(({ name, task }) => ({ name, task }));

/** One scaled fold, as number[][] (what a user passes). */
export interface ScaledFold {
  Xtr: number[][];
  Xte: number[][];
  /** Class labels as in the CSV (classification) or numbers (regression). */
  ytr: Labels;
  yte: Labels;
}

/** The reference folds of a bundled data set, standardised on each training fold, as number[][]. */
export async function scaledFolds(name: string): Promise<ScaledFold[]> {
  const { data, folds } = await referenceData(name);
  return folds.map((fold) => {
    const f = foldMatrices(data, fold, { needsScaling: true, handlesMissing: false, probabilities: false });
    return { Xtr: f.Xtrain.toArray(), Xte: f.Xtest.toArray(), ytr: f.yTrain, yte: f.yTest };
  });
}

/** Class labels as codes 0..k-1 in sorted order (what the raw libraries take). */
export function codes(y: Labels): number[] {
  const ys = y as ReadonlyArray<string | number>;
  const classes = [...new Set(ys)].sort();
  return ys.map((v) => classes.indexOf(v));
}

/** Median wall time (ms) of `fn`: one warm-up call, then at least 3 calls, until ~100 ms or 25 calls. */
export async function timeit(fn: () => unknown, budgetMs = 100): Promise<number> {
  await fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < 3 || (performance.now() - start < budgetMs && times.length < 25)) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Median wall times (ms) of `a` and `b`, called alternately (a, b, a, b, …) so that a change in
 * machine load hits both alike: one warm-up call each, then at least 3 pairs, until ~budget ms.
 */
export async function timeitPair(a: () => unknown, b: () => unknown, budgetMs = 200): Promise<[number, number]> {
  await a();
  await b();
  const ta: number[] = [];
  const tb: number[] = [];
  const start = performance.now();
  while (ta.length < 3 || (performance.now() - start < budgetMs && ta.length < 25)) {
    let t0 = performance.now();
    await a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    await b();
    tb.push(performance.now() - t0);
  }
  const med = (x: number[]): number => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
  return [med(ta), med(tb)];
}

/** Mean over folds of per-fold medians. */
export async function foldTime(folds: ScaledFold[], fn: (f: ScaledFold) => unknown): Promise<number> {
  let sum = 0;
  for (const f of folds) sum += await timeit(() => fn(f));
  return sum / folds.length;
}

/** Python prelude shared by the inline scripts: reads the same CSVs and folds, times as `timeit`. */
export const PY_PRELUDE = `
import json, sys, time, os
import numpy as np
ROOT = sys.argv[1]
def load(name):
    import csv
    with open(os.path.join(ROOT, 'datasets', name + '.csv')) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = np.array([r[-1] for r in rows])
    folds = json.load(open(os.path.join(ROOT, 'datasets', 'folds', name + '.json')))['folds']
    return X, y, folds
def timeit(fn, budget=0.1):
    fn()
    ts = []
    start = time.perf_counter()
    while len(ts) < 3 or (time.perf_counter() - start < budget and len(ts) < 25):
        t0 = time.perf_counter(); fn(); ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2] * 1e3
def folds_of(name, regression):
    from sklearn.preprocessing import StandardScaler
    X, y, folds = load(name)
    if regression: y = y.astype(float)
    out = []
    for fo in folds:
        tr, te = np.array(fo['train']), np.array(fo['test'])
        sc = StandardScaler().fit(X[tr])
        out.append((sc.transform(X[tr]), sc.transform(X[te]), y[tr], y[te]))
    return out
`;

/**
 * Runs an inline Python script with /usr/bin/python3 and parses the JSON it prints last.
 * Returns null (with the reason printed) when scikit-learn is not importable.
 */
export function runPython(script: string, args: string[] = [], timeoutMs = 900_000): any {
  const missing = sklearnUnavailable();
  if (missing !== undefined) {
    console.log(`${missing}: its columns are left empty.`);
    return null;
  }
  const r = spawnSync(PYTHON, ['-c', PY_PRELUDE + script, ROOT, ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '2' },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) {
    console.log(`scikit-learn run failed (status ${r.status}): ${r.stderr.slice(-2000)}`);
    return null;
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

/** Prints a markdown table. */
export function printTable(header: string[], rows: Array<Array<string | number | undefined>>): void {
  const cell = (v: string | number | undefined): string =>
    v === undefined ? '—' : typeof v === 'number' ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3)) : v;
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.map(cell).join(' | ')} |`);
  console.log();
}

/** a ÷ b as "2.31×", or undefined when either is missing. */
export function ratio(a: number | undefined, b: number | undefined): string | undefined {
  return a === undefined || b === undefined ? undefined : `${(a / b).toFixed(2)}×`;
}

/** Runs `fn` once and returns its wall time in ms with its result. */
export async function once<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

// ------------------------------------------------------------------------------------------ k-NN

/** Raw ml-knn regression: its tree (default euclidean) and the mean of the k targets. */
function mlKnnRegress(knn: MlKnn, X: number[][], y: number[], k: number): number[] {
  return X.map((q) => {
    const nb = knn.kdTree.nearest(q, k);
    let s = 0;
    for (const [p] of nb) s += y[p[p.length - 1]!]!;
    return s / nb.length;
  });
}

const SKLEARN_KNN_CV = `
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from threadpoolctl import threadpool_limits
out = {}
algos = json.loads(sys.argv[3])
for name, reg in json.loads(sys.argv[2]):
    fs = folds_of(name, reg)
    res = {}
    for algo, threads in [(a, None) for a in algos] + [('auto', 1)]:
        mk = (lambda: KNeighborsRegressor(n_neighbors=5, algorithm=algo)) if reg else (lambda: KNeighborsClassifier(n_neighbors=5, algorithm=algo))
        with threadpool_limits(threads):
            fit = sum(timeit(lambda: mk().fit(a, c)) for a, b, c, d in fs) / len(fs)
            pred = 0.0
            for a, b, c, d in fs:
                m = mk().fit(a, c)
                pred += timeit(lambda: m.predict(b)) / len(fs)
        res[algo if threads is None else algo + '1'] = {'fit': fit, 'predict': pred}
    out[name] = res
print(json.dumps(out))
`;

/** scikit-learn's fit and predict on one size of the scaling data, with every thread (2 here) and with one (threadpoolctl). */
const SKLEARN_KNN_SCALING = `${PY_READ_SCALING}
from sklearn.neighbors import KNeighborsClassifier
from threadpoolctl import threadpool_limits, threadpool_info
Xtr, ytr, Xte, yte = read_scaling(json.loads(sys.argv[2]))
res = {'threads': [[i['internal_api'], i['num_threads']] for i in threadpool_info()]}
for threads, key in [(None, ''), (1, '1')]:
    with threadpool_limits(threads):
        res['fit' + key] = timeit(lambda: KNeighborsClassifier(n_neighbors=5).fit(Xtr, ytr))
        m = KNeighborsClassifier(n_neighbors=5).fit(Xtr, ytr)
        t1 = time.perf_counter(); p = m.predict(Xte); t2 = time.perf_counter()
    res['predict' + key] = (t2 - t1) * 1e3
    res['accuracy'] = float((p == yte).mean())
    res['method'] = m._fit_method
print(json.dumps(res))
`;

/** The machine's load averages (1, 5, 15 minutes), as `uptime` prints them. */
function load(): string {
  return loadavg().map((l) => l.toFixed(2)).join(', ');
}

/** Element-wise minimum of two records of times (the better of two rounds). */
function best<T extends Record<string, number>>(a: T | undefined, b: T): T {
  if (!a) return b;
  const out: Record<string, number> = { ...a };
  for (const [key, v] of Object.entries(b)) out[key] = Math.min(a[key] ?? v, v);
  return out as T;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const scaling = !process.argv.includes('--no-scaling');
  const rounds = quick ? 1 : 2;
  console.log(`# k-NN speed (nNeighbors 5): @mlcompare/knn vs ml-knn 3.0.0 vs scikit-learn\n`);
  console.log(`node ${process.version}; ${quick ? 'quick run' : 'full run'}; ${availableParallelism()} cores; load average at the start ${load()}.`);
  console.log(
    "Ours: 2 threads = nJobs 2, 1 thread = nJobs 1. scikit-learn: its defaults (OpenMP and BLAS on every core, 2 here), and limited to 1 thread with threadpoolctl. " +
      `Both sides are timed in ${rounds} alternating round(s) (scikit-learn, ours, scikit-learn, ours, …) and each cell keeps its best round. ` +
      'Two-thread figures only mean something on a quiet machine: see the load averages printed.\n',
  );
  const datasetsArg = JSON.stringify(DATASETS.map((d) => [d.name, d.task === 'regression']));
  const skAlgos = JSON.stringify(quick ? ['auto'] : ['auto', 'brute', 'kd_tree']);
  // Warm-up (JIT): one untimed round of every call on an iris fold.
  {
    const f = (await scaledFolds('iris'))[0]!;
    for (let i = 0; i < 20; i++) {
      for (const algorithm of ['auto', 'brute', 'kd-tree'] as const) await (await new KNNClassifier({ algorithm }).fit(f.Xtr, f.ytr)).predict(f.Xte);
      new KNN(f.Xtr, codes(f.ytr), { k: 5 }).predict(f.Xte);
    }
  }
  let sk: any = null;
  type Ours = { fit: number; predict: number; predict1: number };
  const ours: Record<string, Record<string, Ours>> = {};
  for (let round = 0; round < rounds; round++) {
    const s = runPython(SKLEARN_KNN_CV, [datasetsArg, skAlgos]);
    if (s) {
      sk ??= {};
      for (const [name, algos] of Object.entries(s as Record<string, Record<string, { fit: number; predict: number }>>)) {
        sk[name] ??= {};
        for (const [algo, t] of Object.entries(algos)) sk[name][algo] = best(sk[name][algo], t);
      }
    }
    for (const { name, task } of DATASETS) {
      const folds = await scaledFolds(name);
      const Model = task === 'regression' ? KNNRegressor : KNNClassifier;
      ours[name] ??= {};
      for (const algorithm of ['auto', 'brute', 'kd-tree'] as const) {
        if (quick && algorithm !== 'auto') continue;
        const fit = await foldTime(folds, (f) => new Model({ nNeighbors: 5, algorithm }).fit(f.Xtr, f.ytr));
        let predict = 0;
        let predict1 = 0;
        for (const f of folds) {
          const two = await new Model({ nNeighbors: 5, algorithm, nJobs: 2 }).fit(f.Xtr, f.ytr);
          const one = await new Model({ nNeighbors: 5, algorithm, nJobs: 1 }).fit(f.Xtr, f.ytr);
          const [t2, t1] = await timeitPair(() => two.predict(f.Xte), () => one.predict(f.Xte));
          predict += t2 / folds.length;
          predict1 += t1 / folds.length;
        }
        ours[name][algorithm] = best(ours[name][algorithm], { fit, predict, predict1 });
      }
    }
  }
  if (sk) console.log('scikit-learn timed in /usr/bin/python3 on the same folds.\n');
  const rows: Array<Array<string | number | undefined>> = [];
  const engineRows: Array<Array<string | number | undefined>> = [];
  for (const { name, task } of DATASETS) {
    const folds = await scaledFolds(name);
    const reg = task === 'regression';
    const k = 5;
    const Model = reg ? KNNRegressor : KNNClassifier;
    // Raw library: ml-knn builds its tree in the constructor (default euclidean, k = 5).
    let rawPredict = 0;
    if (!quick) {
      for (const f of folds) {
        if (reg) {
          const knn = new KNN(f.Xtr, f.Xtr.map((_, i) => i), { k });
          const y = f.ytr as number[];
          rawPredict += (await timeit(() => mlKnnRegress(knn, f.Xte, y, k))) / folds.length;
        } else {
          const knn = new KNN(f.Xtr, codes(f.ytr), { k });
          rawPredict += (await timeit(() => knn.predict(f.Xte))) / folds.length;
        }
      }
    }
    const auto = ours[name]!.auto!;
    const s = sk?.[name]?.auto as { fit: number; predict: number } | undefined;
    const s1 = sk?.[name]?.auto1 as { fit: number; predict: number } | undefined;
    const effective = (await new Model({ nNeighbors: k }).fit(folds[0]!.Xtr, folds[0]!.ytr)).effectiveAlgorithm;
    rows.push([
      `${name} (${effective})`,
      auto.fit, s?.fit, ratio(auto.fit, s?.fit),
      auto.predict, auto.predict1, s?.predict, s1?.predict,
      ratio(auto.predict, s?.predict), ratio(auto.predict1, s?.predict), ratio(auto.predict1, s1?.predict),
      quick ? undefined : ratio(auto.predict, rawPredict),
    ]);
    if (!quick) {
      for (const algorithm of ['brute', 'kd-tree'] as const) {
        const o = ours[name]![algorithm]!;
        const sa = sk?.[name]?.[algorithm === 'brute' ? 'brute' : 'kd_tree'] as { fit: number; predict: number } | undefined;
        engineRows.push([name, algorithm, o.fit, o.predict, o.fit + o.predict, sa?.fit, sa?.predict, ratio(o.fit + o.predict, sa ? sa.fit + sa.predict : undefined)]);
      }
    }
  }
  console.log("## Bundled data sets, algorithm 'auto' (engine chosen in brackets)\n");
  console.log(`ms per fold (mean over the 5 folds of the median of repeated calls); load average now ${load()}.\n`);
  printTable(
    ['data set', 'ours fit', 'sklearn fit', 'fit ÷ sklearn', 'ours predict 2 thr', 'ours predict 1 thr', 'sklearn predict', 'sklearn predict 1 thr', 'predict ÷ sklearn (2 thr)', 'predict 1 thr ÷ sklearn', 'predict 1 thr ÷ sklearn 1 thr', 'predict ÷ ml-knn'],
    rows,
  );
  if (!quick) {
    console.log('## Engines side by side (ms per fold; sklearn with the same algorithm forced)\n');
    printTable(['data set', 'engine', 'fit', 'predict', 'fit + predict', 'sklearn fit', 'sklearn predict', '(fit+predict) ÷ sklearn'], engineRows);
  }
  if (!scaling) return;
  console.log('## Scaling: generated classification data (n rows × 20 features), fit and predict (ms)\n');
  console.log('fit: median of repeated fits (both sides); predict: one call per round.\n');
  console.log(`${scalingDataNote()} Both sides get the matrices (ours: core's Matrix, as the runner passes them; scikit-learn: numpy arrays).\n`);
  const withSk = reportSklearn();
  const srows: Array<Array<string | number | undefined>> = [];
  for (const n of scalingSizes(quick)) {
    const g = scalingData(n);
    type Times = { fit: number; predict: number; predict1: number };
    let o: Times | undefined;
    let s: (Times & { fit1: number }) | undefined;
    let acc = 0;
    let skInfo: any;
    const reps = n >= 100_000 ? rounds : rounds + 1;
    for (let r = 0; r < reps; r++) {
      const py = withSk ? runPython(SKLEARN_KNN_SCALING, [JSON.stringify(g.files)]) : null;
      if (py) {
        skInfo = py;
        s = best(s, { fit: py.fit, predict: py.predict, predict1: py.predict1, fit1: py.fit1 });
      }
      const fitMs = await timeit(() => new KNNClassifier({ nNeighbors: 5 }).fit(g.Xtr, g.ytr));
      const fit = { value: await new KNNClassifier({ nNeighbors: 5, nJobs: 2 }).fit(g.Xtr, g.ytr) };
      const pred = await once(() => fit.value.predict(g.Xte));
      const one = await new KNNClassifier({ nNeighbors: 5, nJobs: 1 }).fit(g.Xtr, g.ytr);
      const pred1 = await once(() => one.predict(g.Xte));
      acc = pred.value.filter((v, i) => v === g.yte[i]).length / g.yte.length;
      o = best(o, { fit: fitMs, predict: pred.ms, predict1: pred1.ms });
      fit.value.dispose();
      one.dispose();
    }
    if (skInfo && n === scalingSizes(quick)[0]) {
      console.log(`scikit-learn: algorithm 'auto' chose '${skInfo.method}'; threadpoolctl: ${skInfo.threads.map(([api, t]: [string, number]) => `${api} ${t} threads`).join(', ')}.\n`);
    }
    srows.push([
      n, o!.fit, o!.predict, o!.predict1, s?.fit, s?.predict, s?.predict1,
      ratio(o!.fit, s?.fit), ratio(o!.predict, s?.predict), ratio(o!.predict1, s?.predict), ratio(o!.predict1, s?.predict1),
      acc.toFixed(4), skInfo?.accuracy?.toFixed(4), load(),
    ]);
  }
  printTable(
    ['n', 'ours fit', 'ours predict 2 thr', 'ours predict 1 thr', 'sklearn fit', 'sklearn predict', 'sklearn predict 1 thr', 'fit ÷ sklearn', 'predict ÷ sklearn (2 thr)', 'predict 1 thr ÷ sklearn', 'predict 1 thr ÷ sklearn 1 thr', 'ours acc', 'sklearn acc', 'load after'],
    srows,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
