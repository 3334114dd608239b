/**
 * Speed and memory of `@mlcompare/ensemble` (issue 14): RandomForest* and GradientBoosting* (our
 * defaults) against scikit-learn 1.2.1's `RandomForest*(random_state=0, n_jobs=1)` and
 * `HistGradientBoosting*(random_state=0)`, side by side in one run, both on one thread
 * (scikit-learn runs with OMP_NUM_THREADS=1; our models are single-threaded JavaScript):
 *
 * 1. the reference folds (`referenceData` + core's `foldMatrices`: StandardScaler per fold, as
 *    benchmarks/reference/sklearn_ensemble_ref.py): per fold, the fastest of `--reps` fits (default
 *    3, after one untimed warm-up fit per data set) and of the matching predicts; "ms/fold" is the
 *    mean over the folds; the ratio is ours ÷ scikit-learn;
 * 2. generated data (makeClassification(nSamples n, nFeatures 20, nInformative 10, seed 0), 80/20
 *    split, not standardised; perf/scaling-data.ts writes the same matrices for the Python side):
 *    after one untimed warm-up fit per family on the smallest size, one fit and one predict per size (`--sizes`, default 1000,10000,100000); boosting's early
 *    stopping is 'auto' on both sides, so it is on at 100,000 rows (80,000 training rows);
 * 3. two threads (`--thread-sizes`, default 10000,100000; `--no-threads` skips it): the forest fit
 *    on the generated data with 1 and 2 threads, in wall seconds (threads shorten wall time, not
 *    CPU time), ours with `nJobs` (trees in worker threads over SharedArrayBuffers, after one
 *    untimed fit that starts the workers) and scikit-learn with `n_jobs`; the load average is
 *    printed with it, since on a shared machine a second thread may find no free core;
 * 4. memory: a 100-tree forest fitted on all 100,000 generated rows: bytes of its typed arrays
 *    (ours) and of its trees' node arrays (scikit-learn's `tree_.__getstate__()`), and the size
 *    of our JSON;
 * 5. boosting in wall time with 1 and 2 threads (`--boost-sizes`, default 1000,10000,20000,50000,100000;
 *    `--no-boost-threads` skips it): `GradientBoostingClassifier({ nJobs })` against
 *    `HistGradientBoostingClassifier(random_state=0)` in one long-lived `/usr/bin/python3` whose
 *    OpenMP threads `threadpoolctl` limits to 1 or 2 (2 is scikit-learn's default here), on the
 *    generated data of 2.; interleaved (ours 1, sklearn 1, ours 2, sklearn 2, repeated `--reps`
 *    times), the fastest of each, fit and predict (ours predicts with the `nJobs` it was fitted
 *    with: rows split between the calling thread and a worker from 2,000 rows; the ratios compare
 *    one thread with one and two with two); the load average is printed before and after
 *    (two-thread figures mean something only when a second core is free).
 *
 * Times are CPU time of the process (JS: `process.cpuUsage()`, user + system; Python:
 * `time.process_time()`), not wall time: on a shared 2-core machine under load a process waits
 * for a core far longer than it computes, and wall times swing by 3–10× between runs. Both sides
 * are single-threaded (our CPU time also counts V8's garbage-collector helper threads, a slight
 * overcount against us). Read ratios, not absolute times.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/ensemble.ts [--reps 3] [--sizes 1000,10000,100000]
 *      [--datasets iris,wine,breast_cancer,digits,diabetes] [--families forest,boosting] [--no-scaling] [--no-cv] [--no-memory]
 *      [--thread-sizes 10000,100000] [--no-threads] [--boost-sizes 1000,10000,20000,50000,100000] [--no-boost-threads]
 */
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { Matrix, foldMatrices, type Labels } from '@mlcompare/core';
import { datasetsDir, referenceData } from '@mlcompare/datasets';
import { GradientBoostingClassifier, GradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor } from '@mlcompare/ensemble';
import { PYTHON, PY_READ_SCALING, scalingData, scalingDataNote, scalingSizes, sklearnUnavailable, type ScalingData } from './scaling-data.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const REPS = Number(arg('reps', '3'));
const CV = !process.argv.includes('--no-cv');
const SCALING = !process.argv.includes('--no-scaling');
const MEMORY = !process.argv.includes('--no-memory');
const THREADS = !process.argv.includes('--no-threads');
const THREAD_SIZES = arg('thread-sizes', '10000,100000').split(',').map(Number);
const BOOST_THREADS = !process.argv.includes('--no-boost-threads');
const BOOST_SIZES = arg('boost-sizes', '1000,10000,20000,50000,100000').split(',').map(Number);
const SIZES = scalingSizes();
const DATASETS = arg('datasets', 'iris,wine,breast_cancer,digits,diabetes').split(',');
const ALL_FAMILIES = ['forest', 'boosting'] as const;
type Family = (typeof ALL_FAMILIES)[number];
const FAMILIES = arg('families', ALL_FAMILIES.join(',')).split(',') as Family[];
for (const f of FAMILIES) if (!ALL_FAMILIES.includes(f)) throw new Error(`--families takes forest and/or boosting, got '${f}'`);

const now = (): number => performance.now();
/** CPU milliseconds (user + system) this process has used: the timing of both sides (see the header). */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// ------------------------------------------------------------------ scikit-learn (child process)
const PY = PY_READ_SCALING + String.raw`
import json, os, sys, time, csv, pickle
import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor, HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.preprocessing import StandardScaler
cfg = json.loads(sys.argv[1])
def make(family, reg):
    if family == "forest":
        return RandomForestRegressor(random_state=0, n_jobs=1) if reg else RandomForestClassifier(random_state=0, n_jobs=1)
    return HistGradientBoostingRegressor(random_state=0) if reg else HistGradientBoostingClassifier(random_state=0)
out = {"version": sklearn.__version__, "cv": {}, "scaling": {}, "memory": None}
def load(name):
    with open(os.path.join(cfg["data"], name + ".csv")) as f:
        rows = list(csv.reader(f))[1:]
    return np.array([[float(v) for v in r[:-1]] for r in rows]), [r[-1] for r in rows]
for name in cfg["datasets"]:
    X, y = load(name)
    reg = name == "diabetes"
    y = np.array([float(v) for v in y]) if reg else np.array(y)
    folds = json.load(open(os.path.join(cfg["data"], "folds", name + ".json")))["folds"]
    for family in cfg["families"]:
        fit_ms, pred_ms, scores = [], [], []
        first = True
        for fo in folds:
            tr, te = np.array(fo["train"]), np.array(fo["test"])
            sc = StandardScaler().fit(X[tr]); Xtr, Xte = sc.transform(X[tr]), sc.transform(X[te])
            if first:
                make(family, reg).fit(Xtr, y[tr]); first = False
            bf, bp = 1e99, 1e99
            for _ in range(cfg["reps"]):
                m = make(family, reg); t0 = time.process_time(); m.fit(Xtr, y[tr]); t1 = time.process_time(); p = m.predict(Xte); t2 = time.process_time()
                bf, bp = min(bf, t1 - t0), min(bp, t2 - t1)
            fit_ms.append(bf * 1e3); pred_ms.append(bp * 1e3); scores.append(float(m.score(Xte, y[te])))
        out["cv"][name + "/" + family] = {"fit_ms": fit_ms, "predict_ms": pred_ms, "scores": scores}
for s in cfg["scaling"]:
    Xtr, ytr, Xte, yte = read_scaling(s["files"])
    for family in cfg["families"]:
        m = make(family, False)
        t0 = time.process_time(); m.fit(Xtr, ytr); t1 = time.process_time(); p = m.predict(Xte); t2 = time.process_time()
        r = {"fit_s": t1 - t0, "predict_s": t2 - t1, "acc": float((p == yte).mean())}
        if family == "boosting": r["n_iter"] = int(m.n_iter_)
        out["scaling"][str(s["n"]) + "/" + family] = r
out["threads"] = {}
for s in cfg["threads"]:
    Xtr, ytr, Xte, yte = read_scaling(s["files"])
    r = {}
    for jobs in (1, 2):
        m = RandomForestClassifier(random_state=0, n_jobs=jobs)
        t0 = time.perf_counter(); m.fit(Xtr, ytr); r["fit%d" % jobs] = time.perf_counter() - t0
    out["threads"][str(s["n"])] = r
if cfg["memory"] is not None:
    Xtr, ytr, Xte, yte = read_scaling(cfg["memory"])
    X = np.vstack([Xtr, Xte]); y = np.concatenate([ytr, yte])
    m = RandomForestClassifier(random_state=0, n_jobs=1).fit(X, y)
    nbytes = 0; nodes = 0
    for t in m.estimators_:
        st = t.tree_.__getstate__()
        nbytes += st["nodes"].nbytes + st["values"].nbytes
        nodes += t.tree_.node_count
    out["memory"] = {"bytes": nbytes, "nodes": nodes, "pickle": len(pickle.dumps(m, protocol=5))}
print(json.dumps(out))
`;

interface SkOut {
  version: string;
  cv: Record<string, { fit_ms: number[]; predict_ms: number[]; scores: number[] }>;
  scaling: Record<string, { fit_s: number; predict_s: number; acc: number; n_iter?: number }>;
  memory: { bytes: number; nodes: number; pickle: number } | null;
  threads: Record<string, { fit1: number; fit2: number }>;
}

function runSklearn(scaling: ScalingData[], threads: ScalingData[], memory: ScalingData | undefined): SkOut | string {
  const missing = sklearnUnavailable();
  if (missing !== undefined) return missing;
  const cfg = {
    data: datasetsDir(),
    datasets: CV ? DATASETS : [],
    families: FAMILIES,
    reps: REPS,
    scaling: scaling.map((g) => ({ n: g.n, files: g.files })),
    threads: threads.map((g) => ({ n: g.n, files: g.files })),
    memory: memory ? memory.files : null,
  };
  const r = spawnSync(PYTHON, ['-c', PY, JSON.stringify(cfg)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) return `could not start ${PYTHON} (${r.error.message})`;
  if (r.status !== 0) return `python failed: ${r.stderr.trim().split('\n').pop() ?? ''}`;
  return JSON.parse(r.stdout) as SkOut;
}

// ------------------------------------------------------------------ scikit-learn's boosting, 1 or 2 OpenMP threads, on request
const PY_BOOST_SERVER = PY_READ_SCALING + String.raw`
import json, sys, time
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits
data = {}
for line in sys.stdin:
    cmd = json.loads(line)
    key = cmd["files"]["Xtr"]
    if key not in data: data = {key: read_scaling(cmd["files"])}
    Xtr, ytr, Xte, yte = data[key]
    with threadpool_limits(limits=cmd["threads"], user_api="openmp"):
        m = HistGradientBoostingClassifier(random_state=0)
        t0 = time.perf_counter(); m.fit(Xtr, ytr); t1 = time.perf_counter(); p = m.predict(Xte); t2 = time.perf_counter()
    print(json.dumps({"fit": t1 - t0, "predict": t2 - t1, "n_iter": int(m.n_iter_), "acc": float((p == yte).mean())}), flush=True)
`;

/** One long-lived scikit-learn process answering boosting fits, one JSON line per request. */
class SkBoost {
  private readonly child = spawn(PYTHON, ['-u', '-c', PY_BOOST_SERVER], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, OMP_NUM_THREADS: '2' } });
  private readonly lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  async fit(g: ScalingData, threads: number): Promise<{ fit: number; predict: number; n_iter: number; acc: number }> {
    this.child.stdin.write(`${JSON.stringify({ files: g.files, threads })}\n`);
    const r = await this.lines.next();
    if (r.done) throw new Error('scikit-learn process ended');
    return JSON.parse(r.value) as { fit: number; predict: number; n_iter: number; acc: number };
  }
  close(): void {
    this.child.stdin.end();
  }
}

// ------------------------------------------------------------------ our side
interface Model {
  fit(X: Matrix, y: Labels): Promise<unknown>;
  predict(X: Matrix): Promise<ArrayLike<unknown>>;
  score(X: Matrix, y: Labels): Promise<number>;
}
function make(family: Family, reg: boolean): Model {
  if (family === 'forest') return reg ? new RandomForestRegressor() : new RandomForestClassifier();
  // One thread, as scikit-learn's side of sections 1 and 2 (section 5 times nJobs 1 and 2 in wall time).
  return reg ? new GradientBoostingRegressor({ nJobs: 1 }) : new GradientBoostingClassifier({ nJobs: 1 });
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const fmt = (v: number, d = 1): string => v.toFixed(d);
const ratio = (a: number, b: number | undefined): string => (b === undefined ? '—' : `${(a / b).toFixed(2)}×`);

async function main(): Promise<void> {
  const gens = SCALING ? SIZES.map((n) => scalingData(n, { standardize: false })) : [];
  const memData = MEMORY ? scalingData(100_000, { standardize: false }) : undefined;
  const threadData = THREADS ? THREAD_SIZES.map((n) => scalingData(n, { standardize: false })) : [];
  console.log(`perf/ensemble.ts — ${new Date().toISOString()}, node ${process.version}; scikit-learn in ${PYTHON} with OMP_NUM_THREADS=1, n_jobs=1`);
  const t0 = now();
  const sk = runSklearn(gens, threadData, memData);
  const skOk = typeof sk !== 'string';
  console.log(skOk ? `scikit-learn ${sk.version} ran in ${fmt((now() - t0) / 1000)} s.\n` : `No scikit-learn column: ${sk}\n`);

  if (CV) {
    console.log(`## Reference folds (CPU ms per fold: fastest of ${REPS} after a warm-up; ratio = ours ÷ scikit-learn)\n`);
    console.log('| data set | model | fit ours | fit sklearn | fit ratio | predict ours | predict sklearn | predict ratio | score ours | score sklearn |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const name of DATASETS) {
      const ref = await referenceData(name);
      const folds = ref.folds.map((fold) => foldMatrices(ref.data, fold, { needsScaling: true, handlesMissing: false, probabilities: false }));
      const reg = name === 'diabetes';
      for (const family of FAMILIES) {
        await make(family, reg).fit(folds[0]!.Xtrain, folds[0]!.yTrain);
        const fit: number[] = [];
        const pred: number[] = [];
        const scores: number[] = [];
        for (const f of folds) {
          let bf = Infinity;
          let bp = Infinity;
          let m: Model | undefined;
          for (let r = 0; r < REPS; r++) {
            m = make(family, reg);
            const a = cpu();
            await m.fit(f.Xtrain, f.yTrain);
            const b = cpu();
            await m.predict(f.Xtest);
            const c = cpu();
            bf = Math.min(bf, b - a);
            bp = Math.min(bp, c - b);
          }
          fit.push(bf);
          pred.push(bp);
          scores.push(await m!.score(f.Xtest, f.yTest));
        }
        const s = skOk ? sk.cv[`${name}/${family}`] : undefined;
        const skFit = s ? mean(s.fit_ms) : undefined;
        const skPred = s ? mean(s.predict_ms) : undefined;
        console.log(
          `| ${name} | ${family} | ${fmt(mean(fit))} | ${skFit === undefined ? '—' : fmt(skFit)} | ${ratio(mean(fit), skFit)} | ${fmt(mean(pred), 2)} | ${skPred === undefined ? '—' : fmt(skPred, 2)} | ${ratio(mean(pred), skPred)} | ${fmt(mean(scores), 4)} | ${s ? fmt(mean(s.scores), 4) : '—'} |`,
        );
      }
    }
    console.log('');
  }

  if (SCALING) {
    console.log(`## Generated data (${scalingDataNote(false)}; one fit after a warm-up fit on the smallest size, CPU seconds)\n`);
    console.log('| rows | model | fit ours | fit sklearn | fit ratio | predict ours | predict sklearn | predict ratio | accuracy ours | accuracy sklearn | iterations ours / sklearn |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    // One untimed fit per family on the smallest data first (V8 compiles the hot loops on first
    // use; the reference-fold section warms up the same way).
    for (const family of FAMILIES) await make(family, false).fit(gens[0]!.Xtr, gens[0]!.ytr);
    for (const g of gens) {
      for (const family of FAMILIES) {
        const m = make(family, false) as Model & { nIter?: number };
        const a = cpu();
        await m.fit(g.Xtr, g.ytr);
        const b = cpu();
        const p = await m.predict(g.Xte);
        const c = cpu();
        let ok = 0;
        for (let i = 0; i < g.yte.length; i++) if (p[i] === g.yte[i]) ok++;
        const s = skOk ? sk.scaling[`${g.n}/${family}`] : undefined;
        const fitS = (b - a) / 1000;
        const predS = (c - b) / 1000;
        const iters = family === 'boosting' ? `${m.nIter} / ${s?.n_iter ?? '—'}` : '';
        console.log(
          `| ${g.n} | ${family} | ${fmt(fitS, 3)} | ${s ? fmt(s.fit_s, 3) : '—'} | ${ratio(fitS, s?.fit_s)} | ${fmt(predS, 3)} | ${s ? fmt(s.predict_s, 3) : '—'} | ${ratio(predS, s?.predict_s)} | ${fmt(ok / g.yte.length, 4)} | ${s ? fmt(s.acc, 4) : '—'} | ${iters} |`,
        );
      }
    }
    console.log('');
  }

  if (threadData.length > 0) {
    // Wall time: threads shorten it, not the CPU time. One untimed fit with 2 workers first starts
    // the worker pool (each worker loads the modules).
    await new RandomForestClassifier({ nEstimators: 4, nJobs: 2 }).fit(threadData[0]!.Xtr, threadData[0]!.ytr);
    console.log(`## Two threads: RandomForestClassifier() fit, wall seconds, 1 and 2 threads (ours: nJobs, trees in worker threads over SharedArrayBuffers; scikit-learn: n_jobs); load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}\n`);
    console.log('| rows | ours 1 | ours 2 | ours speed-up | sklearn 1 | sklearn 2 | sklearn speed-up | ratio 1 thread | ratio 2 threads | same forest |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const g of threadData) {
      const wall: number[] = [];
      const states: string[] = [];
      for (const nJobs of [1, 2]) {
        const a = now();
        const m = await new RandomForestClassifier({ nJobs }).fit(g.Xtr, g.ytr);
        wall.push((now() - a) / 1000);
        states.push(JSON.stringify(m.toJSON().state));
      }
      const s = skOk ? sk.threads[String(g.n)] : undefined;
      console.log(
        `| ${g.n} | ${fmt(wall[0]!, 2)} | ${fmt(wall[1]!, 2)} | ${fmt(wall[0]! / wall[1]!, 2)}× | ${s ? fmt(s.fit1, 2) : '—'} | ${s ? fmt(s.fit2, 2) : '—'} | ${s ? `${fmt(s.fit1 / s.fit2, 2)}×` : '—'} | ${ratio(wall[0]!, s?.fit1)} | ${ratio(wall[1]!, s?.fit2)} | ${states[0] === states[1] ? 'yes' : 'NO'} |`,
      );
    }
    console.log(`\n(load average after: ${loadavg().map((v) => v.toFixed(1)).join(' ')})\n`);
  }

  if (BOOST_THREADS) {
    const sizes = BOOST_SIZES.map((n) => scalingData(n, { standardize: false }));
    const skUnavailable = sklearnUnavailable();
    const sk = skUnavailable === undefined ? new SkBoost() : undefined;
    const la = (): string => loadavg().map((v) => v.toFixed(1)).join(' ');
    // Warm-up: V8 compiles the loops, the worker pool starts, Python imports scikit-learn.
    await new GradientBoostingClassifier({ nJobs: 2 }).fit(sizes[0]!.Xtr, sizes[0]!.ytr);
    if (sk) await sk.fit(sizes[0]!, 2);
    console.log(`## Boosting, wall seconds, 1 and 2 threads (ours: nJobs; scikit-learn: OpenMP threads via threadpoolctl; fastest of ${REPS}, interleaved); load average ${la()}\n`);
    if (skUnavailable !== undefined) console.log(`No scikit-learn column: ${skUnavailable}\n`);
    console.log('| rows | fit ours 1 | fit sklearn 1 | ratio 1 thread | fit ours 2 | fit sklearn 2 | ratio 2 threads | predict ours 1 / 2 | predict sklearn 1 / 2 | predict ratio 1 / 2 threads | same trees | iterations ours / sklearn | accuracy ours / sklearn |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const g of sizes) {
      const ours = [Infinity, Infinity];
      const skf = [Infinity, Infinity];
      const skp = [Infinity, Infinity];
      const ourPredict = [Infinity, Infinity];
      const states: string[] = [];
      let nIter = 0;
      let acc = 0;
      let skIter = 0;
      let skAcc = 0;
      for (let r = 0; r < REPS; r++) {
        for (const threads of [1, 2]) {
          const a = now();
          const m = await new GradientBoostingClassifier({ nJobs: threads }).fit(g.Xtr, g.ytr);
          const b = now();
          const p = await m.predict(g.Xte);
          ourPredict[threads - 1] = Math.min(ourPredict[threads - 1]!, (now() - b) / 1000);
          ours[threads - 1] = Math.min(ours[threads - 1]!, (b - a) / 1000);
          if (r === 0) states.push(JSON.stringify(m.toJSON().state));
          nIter = m.nIter;
          let ok = 0;
          for (let i = 0; i < g.yte.length; i++) if (p[i] === g.yte[i]) ok++;
          acc = ok / g.yte.length;
          if (sk) {
            const s = await sk.fit(g, threads);
            skf[threads - 1] = Math.min(skf[threads - 1]!, s.fit);
            skp[threads - 1] = Math.min(skp[threads - 1]!, s.predict);
            skIter = s.n_iter;
            skAcc = s.acc;
          }
        }
      }
      const has = sk !== undefined;
      const cell = (v: number, dd = 3): string => (has ? fmt(v, dd) : '—');
      console.log(
        `| ${g.n} | ${fmt(ours[0]!, 3)} | ${cell(skf[0]!)} | ${has ? ratio(ours[0]!, skf[0]) : '—'} | ${fmt(ours[1]!, 3)} | ${cell(skf[1]!)} | ${has ? ratio(ours[1]!, skf[1]) : '—'} | ${fmt(ourPredict[0]!, 4)} / ${fmt(ourPredict[1]!, 4)} | ${cell(skp[0]!, 4)} / ${cell(skp[1]!, 4)} | ${has ? `${ratio(ourPredict[0]!, skp[0])} / ${ratio(ourPredict[1]!, skp[1])}` : '—'} | ${states[0] === states[1] ? 'yes' : 'NO'} | ${nIter} / ${has ? skIter : '—'} | ${fmt(acc, 4)} / ${has ? fmt(skAcc, 4) : '—'} |`,
      );
    }
    sk?.close();
    console.log(`\n(load average after: ${la()})\n`);
  }

  if (memData) {
    const X = new Matrix(Float64Array.from([...memData.Xtr.data, ...memData.Xte.data]), memData.Xtr.rows + memData.Xte.rows, memData.Xtr.cols);
    const y = [...memData.ytr, ...memData.yte];
    const a = cpu();
    const m = await new RandomForestClassifier().fit(X, y);
    const fitS = (cpu() - a) / 1000;
    const j = m.toJSON();
    const json = JSON.stringify(j);
    const nodes = (j.state as { model: { trees: Array<{ nodeCount: number }> } }).model.trees.reduce((s, t) => s + t.nodeCount, 0);
    const mb = (v: number): string => `${(v / 2 ** 20).toFixed(1)} MiB`;
    console.log(`## Memory: RandomForestClassifier() (100 trees) on all ${X.rows} generated rows (fit ${fmt(fitS, 1)} s)\n`);
    console.log(`- ours: ${nodes} nodes in typed arrays: ${mb(m.treeBytes)} (${fmt(m.treeBytes / nodes, 1)} bytes per node); JSON ${mb(json.length)}`);
    if (skOk && sk.memory) {
      console.log(
        `- scikit-learn: ${sk.memory.nodes} nodes; node and value arrays ${mb(sk.memory.bytes)} (${fmt(sk.memory.bytes / sk.memory.nodes, 1)} bytes per node); pickle ${mb(sk.memory.pickle)}`,
      );
    }
  }
}

await main();
