/**
 * Speed of @mlcompare/mlp (a benchmark, not a test). Three parts, each measured side by side in one run:
 *
 * 1. Training throughput of the issue's network: 64-64-64-10 ReLU, batch 32, Adam 1e-3, on
 *    digits-sized synthetic data (1437 × 64, 10 classes): tfjs `model.fit` against the package's
 *    training loop, in steps/s (reps interleaved), with the kernels each step launches; then the
 *    same network and epochs against scikit-learn 1.2.1's MLPClassifier(hidden_layer_sizes=(64, 64, 64),
 *    batch_size=32, alpha=1e-4, max_iter=epochs, tol=0, n_iter_no_change=epochs + 1), fit
 *    times interleaved (A B A B, fastest of each side): the fit ratio and both sides' steps/s, and
 *    the ratio to scikit-learn with one BLAS thread (a second worker, OMP_NUM_THREADS=1).
 *    Beside the wall-clock rate, steps per CPU-second of this process (`process.cpuUsage`): the loop
 *    is single-threaded, so on a loaded machine this is the steadier figure (time spent waiting for
 *    a core is not counted). `--before DIR` adds the package's loop from another version's
 *    `packages/mlp/src` copied to DIR inside `packages/mlp/` (so that its imports resolve), interleaved:
 *      mkdir -p packages/mlp/.before && git archive COMMIT packages/mlp/src | tar -x --strip-components=3 -C packages/mlp/.before
 *      … perf/mlp.ts --before .before --skip-sklearn
 * 2. Fit time per fold with scikit-learn's default parameters, against scikit-learn 1.2.1's
 *    MLPClassifier / MLPRegressor (Debian's /usr/bin/python3, a worker process), on every bundled
 *    data set with the reference folds and a StandardScaler per fold: each fold fitted by both
 *    back to back, `--fold-reps` rounds, the fastest of each side counting.
 * 3. The same on generated data (perf/scaling-data.ts: makeClassification, 20 features, 80/20
 *    split, StandardScaler) at `--sizes` rows (default 1,000, 10,000, 100,000), `--scaling-reps`
 *    interleaved rounds (default 2; 1 at 100,000 rows).
 *
 * The load average is printed beside each table (the machine is shared: only ratios from one run mean anything).
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/mlp.ts [--epochs 10] [--reps 3] [--fold-reps 3] [--scaling-reps 2] [--sizes 1000,10000,100000] [--backend wasm] [--skip-sklearn] [--skip-throughput] [--skip-same] [--skip-folds] [--skip-scaling] [--before DIR]
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng, foldMatrices } from '@mlcompare/core';
import { listDatasets, referenceData } from '@mlcompare/datasets';
import { MLPClassifier, MLPRegressor, loadTensorFlow, type TfBackendChoice, type Tf } from '@mlcompare/mlp';
import { PY_READ_SCALING, scalingData, scalingDataNote, scalingSizes, type ScalingFiles } from './scaling-data.js';

const { values: opt } = parseArgs({
  options: {
    epochs: { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    'fold-reps': { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
    'skip-sklearn': { type: 'boolean', default: false },
    'skip-throughput': { type: 'boolean', default: false },
    'skip-scaling': { type: 'boolean', default: false },
    'skip-folds': { type: 'boolean', default: false },
    'skip-same': { type: 'boolean', default: false },
    'scaling-reps': { type: 'string', default: '2' },
    sizes: { type: 'string' },
    before: { type: 'string' },
  },
});
const SCALING_REPS = Number(opt['scaling-reps']);
const EPOCHS = Number(opt.epochs);
const REPS = Number(opt.reps);
const FOLD_REPS = Number(opt['fold-reps']);
const BACKEND = opt.backend as TfBackendChoice;
/** The bundled data sets (name and task), from datasets/manifest.json. */
const DATASETS = await listDatasets();

/** The reference folds (@mlcompare/datasets, StandardScaler per fold by core's `foldMatrices`) as number[][], as a user would pass them. */
async function scaledFolds(name: string) {
  const { data, folds } = await referenceData(name);
  return folds.map((fold) => {
    const f = foldMatrices(data, fold, { needsScaling: true, handlesMissing: false, probabilities: false });
    return { train: fold.train, Xtr: f.Xtrain.toArray(), Xte: f.Xtest.toArray(), ytr: f.yTrain, yte: f.yTest };
  });
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a: number[]): number => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
const fmt = (a: number[], digits = 0): string => `${mean(a).toFixed(digits)} ± ${sd(a).toFixed(digits)}`;

// ---------------------------------------------------------------- 1. throughput
/** The throughput data: 1437 × 64 standard normal, 10 classes from a linear rule (seeded). */
function synthetic() {
  const n = 1437;
  const d = 64;
  const k = 10;
  const rng = new Rng(0);
  const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
  const y = X.map((r) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (r[j]! + 0.5 * r[j + k]! > r[best]! + 0.5 * r[best + k]!) best = j;
    return best;
  });
  return { n, d, k, X, y };
}

async function throughput(): Promise<void> {
  const { tf, backend } = await loadTensorFlow(BACKEND);
  const { n, d, k, X, y } = synthetic();
  const stepsPerEpoch = Math.ceil(n / 32);

  const tensors0 = tf.memory().numTensors;
  const Xt = tf.tensor2d(X);
  const Yt = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), k).toFloat());
  const layersFit = async (epochs: number): Promise<void> => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 64, activation: 'relu', inputShape: [d] }));
    model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
    model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
    model.add(tf.layers.dense({ units: k, activation: 'softmax' }));
    const optimizer = tf.train.adam(1e-3);
    model.compile({ optimizer, loss: 'categoricalCrossentropy' });
    await model.fit(Xt, Yt, { epochs, batchSize: 32, shuffle: true, verbose: 0 });
    model.dispose();
    optimizer.dispose(); // BASELINES.md: model.dispose() leaves Adam's 15 moment variables
  };
  const ours = (alpha: number, Model: typeof MLPClassifier = MLPClassifier) => async (epochs: number): Promise<void> => {
    const m = new Model({ hiddenLayerSizes: [64, 64, 64], batchSize: 32, alpha, maxIter: epochs, tol: 0, nIterNoChange: epochs + 1, backend: BACKEND, seed: 1 });
    await m.fit(X, y);
    m.dispose();
  };
  const variants: Array<[string, (e: number) => Promise<void>]> = [
    ['tfjs model.fit (layers API, tf.train.adam)', layersFit],
    ['@mlcompare/mlp, alpha 0 (same loss as model.fit)', ours(0)],
    ['@mlcompare/mlp, alpha 1e-4 (default, L2 as scikit-learn)', ours(1e-4)],
  ];
  if (opt.before) {
    // Another version of the package's source, for a before → after in one run.
    const url = new URL(`../../packages/mlp/${opt.before.replace(/\/+$/, '')}/index.ts`, import.meta.url);
    const { MLPClassifier: Before } = (await import(url.href)) as { MLPClassifier: typeof MLPClassifier };
    variants.push([`${opt.before}, alpha 0`, ours(0, Before)], [`${opt.before}, alpha 1e-4`, ours(1e-4, Before)]);
  }

  // Kernels per step: profile 1 and 2 epochs, divide the difference by the steps of one epoch.
  const kernelsPerStep = async (f: (e: number) => Promise<void>): Promise<{ perStep: number; byName: Map<string, number> }> => {
    const count = async (e: number): Promise<string[]> => (await tf.profile(async () => { await f(e); })).kernels.map((x) => x.name);
    const one = await count(1);
    const two = await count(2);
    const byName = new Map<string, number>();
    for (const name of two) byName.set(name, (byName.get(name) ?? 0) + 1);
    for (const name of one) byName.set(name, (byName.get(name) ?? 0) - 1);
    return { perStep: (two.length - one.length) / stepsPerEpoch, byName };
  };

  console.log(`\n## Training throughput: 64-64-64-10 ReLU, batch 32, Adam 1e-3, ${n} × ${d} synthetic, backend ${backend}`);
  console.log(`${EPOCHS} epochs = ${EPOCHS * stepsPerEpoch} steps per rep, ${REPS} reps interleaved, 1 warm-up epoch each; load average ${load()} (1, 5, 15 min).\n`);
  for (const [, f] of variants) await f(1);
  const rates = variants.map(() => [] as number[]);
  const cpuRates = variants.map(() => [] as number[]);
  for (let rep = 0; rep < REPS; rep++) {
    for (let v = 0; v < variants.length; v++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await variants[v]![1](EPOCHS);
      rates[v]!.push((EPOCHS * stepsPerEpoch) / ((performance.now() - t0) / 1000));
      const c = process.cpuUsage(c0);
      cpuRates[v]!.push((EPOCHS * stepsPerEpoch) / ((c.user + c.system) / 1e6));
    }
  }
  const median = (a: number[]): number => [...a].sort((p, q) => p - q)[a.length >> 1]!;
  console.log('| loop | steps/s (mean ± sd) | steps/s best | steps per CPU-second (median) | × model.fit | kernels per step (under tf.profile) |');
  console.log('|---|---|---|---|---|---|');
  const kernelInfo = [];
  for (let v = 0; v < variants.length; v++) {
    const ks = await kernelsPerStep(variants[v]![1]);
    kernelInfo.push(ks);
    console.log(`| ${variants[v]![0]} | ${fmt(rates[v]!)} | ${Math.max(...rates[v]!).toFixed(0)} | ${median(cpuRates[v]!).toFixed(0)} | ${(mean(rates[v]!) / mean(rates[0]!)).toFixed(2)} | ${ks.perStep.toFixed(1)} |`);
  }
  console.log(`load average after: ${load()}`);
  for (let v = 1; v < variants.length; v++) {
    const parts = [...kernelInfo[v]!.byName].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]);
    console.log(`\nkernels per step, ${variants[v]![0]}: ${parts.map(([nm, c]) => `${nm} ${(c / stepsPerEpoch).toFixed(1)}`).join(', ')}`);
  }
  const fitParts = [...kernelInfo[0]!.byName].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1]);
  console.log(`kernels per step, model.fit: ${fitParts.map(([nm, c]) => `${nm} ${(c / stepsPerEpoch).toFixed(1)}`).join(', ')}`);

  console.log(
    `(tf.profile sees only kernels run through the engine, so under it the package's loop runs every kernel through the engine; unprofiled on wasm it calls them directly: linear/ReLU matMuls on the package's own SIMD GEMM (no XNNPACK packing), Adam's 15 element-wise kernels and the L2 gradient as one SIMD pass, the other kernels through the wasm module's exports, Reshape a view and SplitV / Concat / PadV2 copies inside the WebAssembly heap.)`,
  );
  await whereTimeGoes(tf, ours(1e-4), stepsPerEpoch);
  Xt.dispose();
  Yt.dispose();
  console.log(`\ntensors before ${tensors0}, after every run ${tf.memory().numTensors} (must be equal)`);
}

/** Kernel time by kernel (tf.profile) against the wall time of the same epochs: the rest is JS and engine overhead. */
async function whereTimeGoes(tf: Tf, f: (e: number) => Promise<void>, stepsPerEpoch: number): Promise<void> {
  const epochs = 3;
  const t0 = performance.now();
  await f(epochs);
  const wall = performance.now() - t0;
  const prof = await tf.profile(async () => { await f(epochs); });
  const byName = new Map<string, number>();
  let kernelMs = 0;
  for (const kk of prof.kernels) {
    const ms = typeof kk.kernelTimeMs === 'number' ? kk.kernelTimeMs : 0;
    byName.set(kk.name, (byName.get(kk.name) ?? 0) + ms);
    kernelMs += ms;
  }
  const steps = epochs * stepsPerEpoch;
  console.log(`\nWhere the time goes (@mlcompare/mlp, alpha 1e-4, ${steps} steps): wall ${((wall / steps) * 1000).toFixed(0)} µs/step unprofiled;`);
  console.log(`in the profiled run (through the engine), kernels ${((kernelMs / steps) * 1000).toFixed(0)} µs/step: ${[...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([nm, ms]) => `${nm} ${((ms / steps) * 1000).toFixed(0)}`).join(', ')} µs/step`);
}

// ---------------------------------------------------------------- 2. against scikit-learn
/**
 * scikit-learn runs in a worker process answering one request per line ({dataset, fold} →
 * {fit_ms, n_iter, score}), so that each of its fits is timed right after ours on the same fold:
 * load from other processes then hits both alike.
 */
const PY = PY_READ_SCALING + String.raw`
import json, os, sys, time, warnings
import numpy as np, pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler
warnings.simplefilter("ignore", ConvergenceWarning)
root = sys.argv[1]
data = {}
for name in sys.argv[2:]:
    df = pd.read_csv(os.path.join(root, "datasets", name + ".csv"))
    X = df.drop(columns=["target"]).to_numpy(dtype=np.float64)
    reg = name == "diabetes"
    y = df["target"].to_numpy().astype(np.float64 if reg else str)
    for i, f in enumerate(json.load(open(os.path.join(root, "datasets", "folds", name + ".json")))["folds"]):
        tr, te = np.array(f["train"]), np.array(f["test"])
        sc = StandardScaler().fit(X[tr])
        data[(name, i)] = (reg, sc.transform(X[tr]), y[tr], sc.transform(X[te]), y[te])
files = {}
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    if "files" in req:
        key = json.dumps(req["files"])
        if key not in files: files[key] = read_scaling(req["files"])
        Xtr, ytr, Xte, yte = files[key]
        reg = False
    else:
        reg, Xtr, ytr, Xte, yte = data[(req["dataset"], req["fold"])]
    m = MLPRegressor(random_state=0) if reg else MLPClassifier(random_state=0, **req.get("params", {}))
    t0 = time.perf_counter(); m.fit(Xtr, ytr); t1 = time.perf_counter()
    print(json.dumps({"fit_ms": (t1 - t0) * 1000, "n_iter": m.n_iter_, "score": float(m.score(Xte, yte))}), flush=True)
`;

interface SkFit {
  fit_ms: number;
  n_iter: number;
  score: number;
}

/** The scikit-learn worker process. */
class SklearnWorker {
  readonly #waiting: ((line: string) => void)[] = [];
  readonly #proc: ChildProcessWithoutNullStreams;
  /** @param threads - OMP_NUM_THREADS / OPENBLAS_NUM_THREADS of the worker (scikit-learn's BLAS threads). */
  constructor(root: string, threads = 2) {
    this.#proc = spawn('/usr/bin/python3', ['-c', PY, root, ...DATASETS.map((d) => d.name)], { env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) } });
    let stderr = '';
    this.#proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    this.#proc.on('exit', (code) => {
      for (const w of this.#waiting.splice(0)) w(JSON.stringify({ error: `python exited (${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}` }));
    });
    createInterface({ input: this.#proc.stdout }).on('line', (line) => this.#waiting.shift()?.(line));
  }
  #next(): Promise<Record<string, unknown>> {
    return new Promise((resolve) => this.#waiting.push((line) => resolve(JSON.parse(line) as Record<string, unknown>)));
  }
  async ready(): Promise<void> {
    const msg = await this.#next();
    if (!msg.ready) throw new Error(`scikit-learn worker failed: ${String(msg.error)}`);
  }
  async fit(dataset: string, fold: number): Promise<SkFit> {
    return this.request({ dataset, fold });
  }
  /** Fits `MLPClassifier(random_state=0, **params)` on the data of `files` (or a data set's fold). */
  async request(req: { files: ScalingFiles; params?: Record<string, unknown> } | { dataset: string; fold: number }): Promise<SkFit> {
    const answer = this.#next();
    this.#proc.stdin.write(`${JSON.stringify(req)}\n`);
    const msg = await answer;
    if (msg.error) throw new Error(String(msg.error));
    return msg as unknown as SkFit;
  }
  close(): void {
    this.#proc.stdin.end();
  }
}

/**
 * Per fold, `FOLD_REPS` rounds of (scikit-learn fit, our fit) back to back; each side's fastest
 * fit of the fold counts (other processes only ever add time), averaged over the folds.
 */
async function versusSklearn(sk: SklearnWorker): Promise<void> {
  console.log(`\n## Fit time per fold with scikit-learn's defaults (hidden [100], ReLU, Adam 1e-3, batch min(200, n), tol 1e-4, max 200 epochs), 5 folds, StandardScaler per fold`);
  console.log(
    `scikit-learn 1.2.1 (/usr/bin/python3 worker, OMP_NUM_THREADS=2) and @mlcompare/mlp (backend ${BACKEND}) fit each fold back to back, ${FOLD_REPS} rounds; the fastest fit of each side per fold, averaged over the folds. Load average at start ${loadavg()[0]!.toFixed(1)} (${cpus().length} CPUs).\n`,
  );
  console.log('| data set | sklearn ms/fold | ours ms/fold | ours ÷ sklearn | sklearn epochs | our epochs | our steps/s | sklearn score | our score |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  // Untimed warm-up: loading tfjs (and the failed tfjs-node attempt) and JIT would land in iris's first fold.
  const warm = (await scaledFolds('iris'))[0]!;
  (await new MLPClassifier({ backend: BACKEND, maxIter: 20 }).fit(warm.Xtr, warm.ytr)).dispose();
  await sk.fit('iris', 0);
  for (const { name, task } of DATASETS) {
    const folds = await scaledFolds(name);
    const skMs: number[] = [];
    const skEp: number[] = [];
    const skSc: number[] = [];
    const ms: number[] = [];
    const ep: number[] = [];
    const sc: number[] = [];
    let steps = 0;
    let stepMs = 0;
    for (let fi = 0; fi < folds.length; fi++) {
      const f = folds[fi]!;
      const { Xtr, Xte, ytr } = f;
      let bestSk: SkFit | undefined;
      let best = Infinity;
      for (let rep = 0; rep < FOLD_REPS; rep++) {
        const s = await sk.fit(name, fi);
        if (!bestSk || s.fit_ms < bestSk.fit_ms) bestSk = s;
        const m = task === 'classification' ? new MLPClassifier({ backend: BACKEND }) : new MLPRegressor({ backend: BACKEND });
        const t0 = performance.now();
        await m.fit(Xtr, ytr);
        const dt = performance.now() - t0;
        if (dt < best) best = dt;
        if (rep === FOLD_REPS - 1) {
          ep.push(m.history!.epochs);
          sc.push(await m.score(Xte, f.yte));
        }
        m.dispose();
      }
      skMs.push(bestSk!.fit_ms);
      skEp.push(bestSk!.n_iter);
      skSc.push(bestSk!.score);
      ms.push(best);
      steps += ep.at(-1)! * Math.ceil(f.train.length / Math.min(200, f.train.length));
      stepMs += best;
    }
    console.log(
      `| ${name} | ${fmt(skMs)} | ${fmt(ms)} | ${(mean(ms) / mean(skMs)).toFixed(2)} | ${mean(skEp).toFixed(0)} | ${mean(ep).toFixed(0)} | ${(steps / (stepMs / 1000)).toFixed(0)} | ${mean(skSc).toFixed(4)} | ${mean(sc).toFixed(4)} |`,
    );
  }
}

const load = (): string => loadavg().map((v) => v.toFixed(1)).join(' ');

/**
 * The throughput network and epochs against scikit-learn's MLPClassifier with the same
 * architecture, batch, optimiser, L2 and number of epochs (no early stop on either side), fit
 * times interleaved: the fit ratio the issue asks for (≤ 1×), with both sides' steps/s.
 */
async function sameArchitecture(sk: SklearnWorker, sk1: SklearnWorker): Promise<void> {
  const { n, d, X, y } = synthetic();
  const dir = mkdtempSync(join(tmpdir(), 'mlcompare-mlp-'));
  try {
    const files: ScalingFiles = { Xtr: join(dir, 'X.f64'), Xte: join(dir, 'X.f64'), ytr: join(dir, 'y.i4'), yte: join(dir, 'y.i4'), d, y: 'i4' };
    const flat = Float64Array.from(X.flat());
    writeFileSync(files.Xtr, new Uint8Array(flat.buffer));
    writeFileSync(files.ytr, new Uint8Array(Int32Array.from(y).buffer));
    const params = { hidden_layer_sizes: [64, 64, 64], batch_size: 32, alpha: 1e-4, learning_rate_init: 1e-3, max_iter: EPOCHS, tol: 0, n_iter_no_change: EPOCHS + 1 };
    const ours = async (): Promise<number> => {
      const m = new MLPClassifier({ hiddenLayerSizes: [64, 64, 64], batchSize: 32, alpha: 1e-4, learningRateInit: 1e-3, maxIter: EPOCHS, tol: 0, nIterNoChange: EPOCHS + 1, backend: BACKEND, seed: 0 });
      const t0 = performance.now();
      await m.fit(X, y);
      const dt = performance.now() - t0;
      m.dispose();
      return dt;
    };
    await sk.request({ files, params: { ...params, max_iter: 1 } });
    await sk1.request({ files, params: { ...params, max_iter: 1 } });
    (await new MLPClassifier({ hiddenLayerSizes: [64, 64, 64], batchSize: 32, maxIter: 1, backend: BACKEND }).fit(X, y)).dispose();
    let skBest = Infinity;
    let sk1Best = Infinity;
    let oursBest = Infinity;
    for (let r = 0; r < REPS; r++) {
      skBest = Math.min(skBest, (await sk.request({ files, params })).fit_ms);
      oursBest = Math.min(oursBest, await ours());
      sk1Best = Math.min(sk1Best, (await sk1.request({ files, params })).fit_ms);
    }
    const steps = EPOCHS * Math.ceil(n / 32);
    console.log(`\n## Same network against scikit-learn: 64-64-64-10 ReLU, batch 32, Adam 1e-3, alpha 1e-4, ${EPOCHS} epochs (${steps} steps, no early stop), ${n} × ${d} synthetic`);
    console.log(`scikit-learn 1.2.1 MLPClassifier(hidden_layer_sizes=(64, 64, 64), batch_size=32, max_iter=${EPOCHS}, tol=0, n_iter_no_change=${EPOCHS + 1}, random_state=0) (worker process, OMP_NUM_THREADS=2) and @mlcompare/mlp (backend ${BACKEND}) fitted alternately, ${REPS} rounds, fastest of each; load average ${load()} (1, 5, 15 min).\n`);
    console.log('| side | fit ms | steps/s | ours ÷ this |');
    console.log('|---|---|---|---|');
    console.log(`| scikit-learn, 2 BLAS threads (default here) | ${skBest.toFixed(0)} | ${((steps * 1000) / skBest).toFixed(0)} | **${(oursBest / skBest).toFixed(2)}** |`);
    console.log(`| scikit-learn, 1 BLAS thread | ${sk1Best.toFixed(0)} | ${((steps * 1000) / sk1Best).toFixed(0)} | ${(oursBest / sk1Best).toFixed(2)} |`);
    console.log(`| @mlcompare/mlp (one thread: tfjs-backend-wasm has no threads in Node) | ${oursBest.toFixed(0)} | ${((steps * 1000) / oursBest).toFixed(0)} | |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** scikit-learn's defaults on generated data at each size, fits interleaved (fastest of each side). */
async function scalingVsSklearn(sk: SklearnWorker): Promise<void> {
  console.log(`\n## Fit time with scikit-learn's defaults on generated data (MLPClassifier, hidden [100], batch min(200, n), tol 1e-4, max 200 epochs)`);
  console.log(`${scalingDataNote(true)} Fits alternate (scikit-learn, ours), ${SCALING_REPS} rounds (1 at 100,000 rows or more), fastest of each side.\n`);
  console.log('| n | sklearn s | ours s | ours ÷ sklearn | sklearn epochs | our epochs | sklearn acc | our acc | load (1 min) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const n of scalingSizes()) {
    const g = scalingData(n);
    const Xtr = g.Xtr.toArray();
    const reps = n >= 100000 ? 1 : SCALING_REPS;
    let bestSk: SkFit | undefined;
    let best = Infinity;
    let epochs = 0;
    let acc = 0;
    for (let r = 0; r < reps; r++) {
      const s = await sk.request({ files: g.files });
      if (!bestSk || s.fit_ms < bestSk.fit_ms) bestSk = s;
      const m = new MLPClassifier({ backend: BACKEND });
      const t0 = performance.now();
      await m.fit(Xtr, g.ytr);
      best = Math.min(best, performance.now() - t0);
      epochs = m.history!.epochs;
      acc = await m.score(g.Xte, g.yte);
      m.dispose();
    }
    console.log(`| ${n} | ${(bestSk!.fit_ms / 1000).toFixed(3)} | ${(best / 1000).toFixed(3)} | ${(best / bestSk!.fit_ms).toFixed(2)} | ${bestSk!.n_iter} | ${epochs} | ${bestSk!.score.toFixed(4)} | ${acc.toFixed(4)} | ${loadavg()[0]!.toFixed(1)} |`);
  }
}

if (!opt['skip-throughput']) await throughput();
if (!opt['skip-sklearn']) {
  const sk = new SklearnWorker(fileURLToPath(new URL('../../', import.meta.url)));
  await sk.ready();
  try {
    if (!opt['skip-same']) {
      const sk1 = new SklearnWorker(fileURLToPath(new URL('../../', import.meta.url)), 1);
      await sk1.ready();
      try {
        await sameArchitecture(sk, sk1);
      } finally {
        sk1.close();
      }
    }
    if (!opt['skip-folds']) await versusSklearn(sk);
    if (!opt['skip-scaling']) await scalingVsSklearn(sk);
  } finally {
    sk.close();
  }
}
