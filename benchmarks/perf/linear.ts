/**
 * Speed of @mlcompare/linear against the raw library calls beneath it (ml-regression,
 * ml-logistic-regression) and scikit-learn 1.2.1, side by side in one run on the reference folds
 * (StandardScaler fitted on each training fold), then a scaling run on generated data
 * (1,000 / 10,000 / 100,000 rows × 20 features, 80/20 split, StandardScaler on the training rows;
 * made by perf/scaling-data.ts: makeClassification for the classifiers, makeRegression for the
 * regressors, both from @mlcompare/datasets).
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/linear.ts [--quick] [--no-scaling] [--sizes 1000,10000] [--crossover]
 *
 * The scaling run times LogisticRegression with nJobs 1 and nJobs 2 (its loss and gradient split
 * over two worker threads from 8,192 training rows) and Ridge with nJobs 1 and nJobs 2 (its Gram
 * matrix split from 16,384 rows and 64 features), and prints the ratios to scikit-learn of fit and
 * of predict apart, with the load average. `--crossover` adds nJobs 1 against nJobs 2 from 2,000
 * to 32,000 training rows for LogisticRegression and from 20,480 × 20 to 20,480 × 128 for Ridge
 * (where threads start to pay).
 *
 * Each cell is the fastest of repeated calls after one untimed warm-up call (at least 3, until
 * about 60 ms are spent; calls over a second run once; the machine is shared, and other
 * processes only ever add time),
 * averaged over the five folds. scikit-learn runs in /usr/bin/python3 (Debian's python3-sklearn)
 * (a worker process answering one request per line, so that each scikit-learn cell is timed
 * right after ours on the same fold) on the same folds and the same generated matrices (read from
 * the files perf/scaling-data.ts writes); the script says so when scikit-learn is not available
 * (`MLCOMPARE_PYTHON` picks another interpreter) and still times ours and the raw libraries.
 * `--quick` runs one fold per data set and skips the 100,000-row size.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldMatrices, threadBudget, type Matrix } from '@mlcompare/core';
import { listDatasets, makeRegression, referenceData } from '@mlcompare/datasets';
import { LinearRegression, LogisticRegression, Perceptron, Ridge } from '@mlcompare/linear';
import type MlLogisticRegressionType from 'ml-logistic-regression';
import type { MultivariateLinearRegression as MlrType } from 'ml-regression';
import { PYTHON, PY_READ_SCALING, SCALING_FEATURES, SCALING_INFORMATIVE, SCALING_REGRESSION_NOISE, SCALING_SEED, scalingData, scalingDataNote, scalingSizes } from './scaling-data.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The benchmarks package does not list the libraries beneath the models: load them as the linear package does.
const requireLinear = createRequire(join(ROOT, 'packages', 'linear', 'package.json'));
const { MultivariateLinearRegression } = requireLinear('ml-regression') as { MultivariateLinearRegression: typeof MlrType };
const MlLogisticRegression = (requireLinear('ml-logistic-regression') as { default?: typeof MlLogisticRegressionType }).default ??
  (requireLinear('ml-logistic-regression') as typeof MlLogisticRegressionType);
/** The part of ml-matrix's Matrix used here. */
interface MlMatrixType {
  setRow(i: number, row: number[]): void;
}
const { Matrix: MlMatrix } = requireLinear('ml-matrix') as {
  Matrix: { new (rows: number, cols: number): MlMatrixType; columnVector(v: number[]): MlMatrixType };
};

const QUICK = process.argv.includes('--quick');
const SCALING = !process.argv.includes('--no-scaling');
const CROSSOVER = process.argv.includes('--crossover');
/** Gradient steps given to ml-logistic-regression (its default, 50,000, takes minutes a fold). */
const ML_STEPS = 100;
const MIN_REPS = 3;
const BUDGET_MS = 60;
/** GRAM_THREAD_MIN_ROWS and GRAM_THREAD_MIN_FEATURES of packages/linear/src/internal/linalg.ts: the smallest Gram matrix nJobs 2 splits. */
const GRAM_THREAD_MIN_ROWS = 16_384;
const GRAM_THREAD_MIN_FEATURES = 64;

// ------------------------------------------------------------------ timing

/** A timed call: fastest of the repeated calls in milliseconds, and the last result. */
interface Timed<T> {
  ms: number;
  out: T;
}

/**
 * Wall times of one or more functions called in alternation (a, b, a, b, …) after one untimed
 * warm-up call each, so that load from other processes hits them alike: at least MIN_REPS calls
 * each, until about BUDGET_MS are spent; the fastest call counts (interference from other
 * processes only ever adds time). Functions over a second run once.
 */
async function timeAlternating<T extends unknown[]>(...fns: { [K in keyof T]: () => Promise<T[K]> | T[K] }): Promise<{ [K in keyof T]: Timed<T[K]> }> {
  const times: number[][] = fns.map(() => []);
  const outs: unknown[] = [];
  let slow = false;
  for (let f = 0; f < fns.length; f++) {
    const t0 = performance.now();
    outs[f] = await fns[f]!();
    const dt = performance.now() - t0;
    times[f]!.push(dt);
    if (dt > 1000) slow = true;
  }
  // Slow calls: the warm-up call is the measurement; otherwise it is discarded.
  if (!slow) for (const ts of times) ts.length = 0;
  let spent = 0;
  while (!slow && (times[0]!.length < MIN_REPS || (spent < BUDGET_MS * fns.length && times[0]!.length < 50))) {
    for (let f = 0; f < fns.length; f++) {
      const t0 = performance.now();
      outs[f] = await fns[f]!();
      const dt = performance.now() - t0;
      times[f]!.push(dt);
      spent += dt;
    }
  }
  return times.map((ts, f) => ({ ms: ts.length > 0 ? Math.min(...ts) : NaN, out: outs[f] })) as { [K in keyof T]: Timed<T[K]> };
}

// ------------------------------------------------------------------ data

interface Fold {
  Xtr: Matrix;
  Xte: Matrix;
  ytr: string[] | number[];
  yte: string[] | number[];
}

/** The reference folds (StandardScaler fitted on each training fold); the first one only with --quick. */
async function readFolds(name: string): Promise<Fold[]> {
  const { data, folds } = await referenceData(name);
  return (QUICK ? folds.slice(0, 1) : folds).map((fold) => {
    const f = foldMatrices(data, fold, { needsScaling: true, handlesMissing: false, probabilities: false });
    return { Xtr: f.Xtrain, Xte: f.Xtest, ytr: f.yTrain as string[] | number[], yte: f.yTest as string[] | number[] };
  });
}

/** X with a ones column as an ml-matrix (what ml-logistic-regression needs for an intercept). */
function mlWithOnes(X: Matrix): MlMatrixType {
  const M = new MlMatrix(X.rows, X.cols + 1);
  for (let i = 0; i < X.rows; i++) M.setRow(i, [...X.row(i), 1]);
  return M;
}

function codesOf(y: string[] | number[]): number[] {
  const classes = [...new Set(y as (string | number)[])].sort();
  return (y as (string | number)[]).map((v) => classes.indexOf(v));
}

// ------------------------------------------------------------------ JS side

/** One measured implementation on one data set (mean over folds). */
interface Cell {
  fit: number;
  predict: number;
  score?: number;
}
type Row = { label: string; ours?: Cell; raw?: Cell; sk?: Cell; note?: string };

async function measure(folds: Fold[], run: (f: Fold) => Promise<{ fit: number; predict: number; score?: number }>): Promise<Cell> {
  const cells: { fit: number; predict: number; score?: number }[] = [];
  for (const f of folds) cells.push(await run(f));
  return meanCell(cells);
}

type AnyModel = LogisticRegression | Perceptron | LinearRegression | Ridge;

/** Our model alone. */
function oursRun(make: () => AnyModel) {
  return async (f: Fold) => {
    const [fit] = await timeAlternating<[AnyModel]>(() => make().fit(f.Xtr, f.ytr));
    const model = fit.out;
    const [pred] = await timeAlternating<[unknown]>(() => model.predict(f.Xte));
    return { fit: fit.ms, predict: pred.ms, score: await model.score(f.Xte, f.yte) };
  };
}

/** A raw library call: fit and predict on inputs already in the library's format (conversion not timed). */
interface RawCall<M> {
  fit(): M;
  predict(m: M): unknown;
}

function rawLogistic(f: Fold): RawCall<MlLogisticRegressionType> {
  const X = mlWithOnes(f.Xtr);
  const Y = MlMatrix.columnVector(codesOf(f.ytr));
  const Xte = mlWithOnes(f.Xte);
  return {
    fit: () => {
      const m = new MlLogisticRegression({ numSteps: ML_STEPS });
      m.train(X as never, Y as never);
      return m;
    },
    predict: (m) => m.predict(Xte as never),
  };
}

function rawRegression(f: Fold): RawCall<MlrType> {
  const X = f.Xtr.toArray();
  const Y = Array.from(f.ytr as number[], (v) => [v]);
  const Xte = f.Xte.toArray();
  return { fit: () => new MultivariateLinearRegression(X, Y, { intercept: true, statistics: false }), predict: (m) => m.predict(Xte) };
}

/** Our wrapper and the raw library call beneath it, timed in alternation on each fold. */
async function measurePair<M>(folds: Fold[], make: () => AnyModel, raw: (f: Fold) => RawCall<M>): Promise<{ ours: Cell; raw: Cell }> {
  const o: Cell[] = [];
  const r: Cell[] = [];
  for (const f of folds) {
    const call = raw(f);
    const [fo, fr] = await timeAlternating<[AnyModel, M]>(() => make().fit(f.Xtr, f.ytr), () => call.fit());
    const [po, pr] = await timeAlternating<[unknown, unknown]>(() => fo.out.predict(f.Xte), () => call.predict(fr.out));
    o.push({ fit: fo.ms, predict: po.ms, score: await fo.out.score(f.Xte, f.yte) });
    r.push({ fit: fr.ms, predict: pr.ms });
  }
  const mean = (cs: Cell[], k: 'fit' | 'predict' | 'score'): number => cs.reduce((s, c) => s + (c[k] ?? NaN), 0) / cs.length;
  return {
    ours: { fit: mean(o, 'fit'), predict: mean(o, 'predict'), score: mean(o, 'score') },
    raw: { fit: mean(r, 'fit'), predict: mean(r, 'predict') },
  };
}

// ------------------------------------------------------------------ Python side

/**
 * scikit-learn runs in a worker process that answers one request per line, so that each of its
 * cells is timed right after ours on the same fold (load from other processes then hits both
 * alike). Request: {dataset, fold, model} or {n, target, model}; answer: {fit, predict, score}.
 */
const PY = PY_READ_SCALING + String.raw`
import json, sys, time, warnings
import numpy as np
warnings.simplefilter("ignore")
try:
    import sklearn
    import pandas as pd
    from sklearn.linear_model import LinearRegression, LogisticRegression, Perceptron, Ridge
    from sklearn.preprocessing import StandardScaler
except Exception as e:
    print(json.dumps({"error": repr(e)}), flush=True); sys.exit(0)
job = json.load(open(sys.argv[1]))
MIN_REPS, BUDGET = job["min_reps"], job["budget_ms"] / 1e3
def timeit(fn):
    ts, out, spent = [], fn(), 0.0  # one untimed warm-up call, as on the JS side
    while len(ts) < MIN_REPS or (spent < BUDGET and len(ts) < 50):
        t0 = time.perf_counter(); out = fn(); dt = time.perf_counter() - t0
        ts.append(dt); spent += dt
    return min(ts) * 1e3, out
MODELS = {"logistic": lambda: LogisticRegression(max_iter=1000), "perceptron": lambda: Perceptron(random_state=0),
          "linear": lambda: LinearRegression(), "ridge": lambda: Ridge(alpha=1.0)}
data = {}
for ds in job["datasets"]:
    df = pd.read_csv(ds["csv"]); X = df.drop(columns=["target"]).to_numpy(float); y = df["target"].to_numpy()
    y = y.astype(float) if ds["task"] == "regression" else y.astype(str)
    for i, f in enumerate(json.load(open(ds["folds"]))["folds"]):
        tr, te = np.array(f["train"]), np.array(f["test"])
        sc = StandardScaler().fit(X[tr])
        data[(ds["name"], i)] = (sc.transform(X[tr]), y[tr], sc.transform(X[te]), y[te])
for s in job["scaling"]:
    data[(s["n"], s["target"])] = read_scaling(s["files"])  # already standardised on our side
print(json.dumps({"ready": True, "sklearn": sklearn.__version__}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    Xtr, ytr, Xte, yte = data[(req["dataset"], req["fold"]) if "dataset" in req else (req["n"], req["target"])]
    fit_ms, m = timeit(lambda: MODELS[req["model"]]().fit(Xtr, ytr))
    pred_ms, _ = timeit(lambda: m.predict(Xte))
    print(json.dumps({"fit": fit_ms, "predict": pred_ms, "score": float(m.score(Xte, yte))}), flush=True)
`;

/** A request to the scikit-learn worker. */
type PyRequest = { dataset: string; fold: number; model: string } | { n: number; target: 'class' | 'value'; model: string };

/** The scikit-learn worker process. */
class SklearnWorker {
  private readonly waiting: ((line: string) => void)[] = [];
  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    readonly version: string,
  ) {
    createInterface({ input: proc.stdout }).on('line', (line) => this.waiting.shift()?.(line));
  }

  /** Starts the worker; resolves to a reason string when scikit-learn cannot run here. */
  static async start(jobFile: string): Promise<SklearnWorker | string> {
    const proc = spawn(PYTHON, ['-c', PY, jobFile], { env: { ...process.env, OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2' } });
    let stderr = '';
    proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const first = await new Promise<string>((resolve) => {
      proc.on('error', (e) => resolve(JSON.stringify({ error: `${PYTHON} could not be started (${e.message})` })));
      proc.on('exit', () => resolve(JSON.stringify({ error: `${PYTHON} exited: ${stderr.trim().split('\n').slice(-2).join(' | ')}` })));
      createInterface({ input: proc.stdout }).once('line', resolve);
    });
    const msg = JSON.parse(first) as { ready?: boolean; sklearn?: string; error?: string };
    if (!msg.ready) {
      proc.kill();
      return msg.error?.includes('could not') || msg.error?.includes('exited') ? msg.error : `scikit-learn is not importable in ${PYTHON} (${msg.error}); install Debian's python3-sklearn`;
    }
    proc.stdout.removeAllListeners('data');
    return new SklearnWorker(proc, msg.sklearn ?? '?');
  }

  /** Times fit and predict of one model on one data split. */
  ask(req: PyRequest): Promise<Cell> {
    return new Promise((resolve) => {
      this.waiting.push((line) => resolve(JSON.parse(line) as Cell));
      this.proc.stdin.write(`${JSON.stringify(req)}\n`);
    });
  }

  close(): void {
    this.proc.stdin.end();
  }
}

/** Our model and scikit-learn's, fold by fold: ours, then scikit-learn's, on each fold. */
async function measureWithSk(
  folds: Fold[],
  make: () => AnyModel,
  sk: SklearnWorker | undefined,
  req: (fold: number) => PyRequest,
): Promise<{ ours: Cell; sk?: Cell }> {
  const o: Cell[] = [];
  const k: Cell[] = [];
  const run = oursRun(make);
  for (let i = 0; i < folds.length; i++) {
    o.push(await run(folds[i]!));
    if (sk) k.push(await sk.ask(req(i)));
  }
  return { ours: meanCell(o), ...(sk ? { sk: meanCell(k) } : {}) };
}

/** Rounds of alternation per scaling cell (ours, scikit-learn, ours, …); the fastest of each side counts. */
const ROUNDS = 3;

/**
 * Runs each measurement in turn, ROUNDS times (a, b, a, b, …: load from other processes hits
 * them alike), and keeps each one's fastest fit and fastest predict. An undefined run (no
 * scikit-learn) gives an undefined cell.
 */
async function alternate(runs: ((() => Promise<Cell>) | undefined)[]): Promise<(Cell | undefined)[]> {
  const best: (Cell | undefined)[] = runs.map(() => undefined);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i];
      if (!run) continue;
      const c = await run();
      const b = best[i];
      best[i] = b ? { fit: Math.min(b.fit, c.fit), predict: Math.min(b.predict, c.predict), ...(c.score === undefined ? {} : { score: c.score }) } : c;
    }
  }
  return best;
}

function meanCell(cs: Cell[]): Cell {
  const mean = (key: 'fit' | 'predict' | 'score'): number => cs.reduce((s, c) => s + (c[key] ?? NaN), 0) / cs.length;
  return { fit: mean('fit'), predict: mean('predict'), score: mean('score') };
}

// ------------------------------------------------------------------ printing

const f2 = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toFixed(3));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || !(b > 0) ? '—' : `${(a / b).toFixed(2)}×`);

function printTable(title: string, rows: Row[]): void {
  console.log(`\n### ${title}\n`);
  console.log('| model | fit ms ours | raw lib | sklearn | fit ours÷sklearn | fit ours÷raw | predict ms ours | raw lib | sklearn | predict ours÷sklearn | predict ours÷raw | score ours | score sklearn |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${f2(r.ours?.fit)} | ${f2(r.raw?.fit)} | ${f2(r.sk?.fit)} | ${ratio(r.ours?.fit, r.sk?.fit)} | ${ratio(r.ours?.fit, r.raw?.fit)} | ` +
        `${f2(r.ours?.predict)} | ${f2(r.raw?.predict)} | ${f2(r.sk?.predict)} | ${ratio(r.ours?.predict, r.sk?.predict)} | ${ratio(r.ours?.predict, r.raw?.predict)} | ` +
        `${r.ours?.score === undefined || Number.isNaN(r.ours.score) ? '—' : r.ours.score.toFixed(4)} | ${r.sk?.score === undefined ? '—' : r.sk.score.toFixed(4)} |`,
    );
  }
}

// ------------------------------------------------------------------ main

const DATASETS = await listDatasets();
const SIZES = scalingSizes(QUICK);
const D = SCALING_FEATURES;

const tmp = mkdtempSync(join(tmpdir(), 'mlcompare-perf-linear-'));
try {
  // Generated, split and standardised on our side (perf/scaling-data.ts); scikit-learn reads the same files.
  const synth = SCALING ? SIZES.map((n) => ({ n, clf: scalingData(n), reg: scalingData(n, { task: 'regression' }) })) : [];
  const scalingJob = synth.flatMap((s) => [
    { n: s.n, target: 'class', files: s.clf.files },
    { n: s.n, target: 'value', files: s.reg.files },
  ]);
  const job = {
    min_reps: MIN_REPS,
    budget_ms: BUDGET_MS,
    datasets: DATASETS.map((d) => ({
      name: d.name,
      task: d.task,
      csv: join(ROOT, 'datasets', `${d.name}.csv`),
      folds: join(ROOT, 'datasets', 'folds', `${d.name}.json`),
      n_folds: QUICK ? 1 : 5,
      models: d.task === 'classification' ? ['logistic', 'perceptron'] : ['linear', 'ridge'],
    })),
    scaling: scalingJob,
  };
  console.log(`# @mlcompare/linear speed (${QUICK ? 'quick: 1 fold' : '5 folds'}; node ${process.version}; fastest of ≥${MIN_REPS} calls per cell after a warm-up, mean over folds)`);
  console.log(`load average before: ${loadavg().map((v) => v.toFixed(1)).join(' ')} (${cpus().length} CPUs)`);
  const jobFile = join(tmp, 'job.json');
  writeFileSync(jobFile, JSON.stringify(job));
  const started = await SklearnWorker.start(jobFile);
  const sk = typeof started === 'string' ? undefined : started;
  console.log(
    typeof started === 'string'
      ? `\nscikit-learn: NOT RUN — ${started}`
      : `\nscikit-learn ${started.version} via ${PYTHON} (OMP_NUM_THREADS=2), same folds, same scaling; each of its cells is timed right after ours on the same fold.`,
  );

  for (const d of DATASETS) {
    const folds = await readFolds(d.name);
    const rows: Row[] = [];
    const req = (model: string) => (fold: number) => ({ dataset: d.name, fold, model });
    if (d.task === 'classification') {
      rows.push({ label: 'LogisticRegression (L-BFGS)', ...(await measureWithSk(folds, () => new LogisticRegression(), sk, req('logistic'))) });
      rows.push({
        label: `LogisticRegression engine ml-logistic-regression (${ML_STEPS} steps)`,
        ...(await measurePair(folds, () => new LogisticRegression({ engine: 'ml-logistic-regression', maxIter: ML_STEPS }), rawLogistic)),
      });
      rows.push({ label: 'Perceptron', ...(await measureWithSk(folds, () => new Perceptron(), sk, req('perceptron'))) });
    } else {
      const lin = await measureWithSk(folds, () => new LinearRegression(), sk, req('linear'));
      rows.push({ label: 'LinearRegression (Cholesky)', ...lin });
      rows.push({
        label: 'LinearRegression engine ml-regression',
        ...(await measurePair(folds, () => new LinearRegression({ engine: 'ml-regression' }), rawRegression)),
        sk: lin.sk,
      });
      rows.push({ label: 'Ridge (alpha 1)', ...(await measureWithSk(folds, () => new Ridge(), sk, req('ridge'))) });
      rows.push({ label: "LinearRegression solver 'gd'", ours: await measure(folds, oursRun(() => new LinearRegression({ solver: 'gd' }))) });
    }
    printTable(`${d.name} (${d.task}; score = ${d.task === 'classification' ? 'accuracy' : 'R²'})`, rows);
  }

  if (SCALING) {
    console.log(`\n## Scaling: generated data × ${D} features, 80/20 split, StandardScaler on the training rows; fit + predict ms (ratio to the previous size in brackets)\n`);
    console.log(`load average now: ${loadavg().map((v) => v.toFixed(1)).join(' ')} (${cpus().length} CPUs)\n`);
    console.log(`${scalingDataNote()} The regressors get makeRegression(nFeatures ${D}, nInformative ${SCALING_INFORMATIVE}, noise ${SCALING_REGRESSION_NOISE}, seed ${SCALING_SEED}), split and standardised the same way.${sk ? '' : ' The scikit-learn rows are missing (see above).'}\n`);
    const LOGI1 = 'LogisticRegression nJobs 1';
    const LOGI2 = 'LogisticRegression nJobs 2';
    const RIDGE1 = 'Ridge nJobs 1';
    const RIDGE2 = 'Ridge nJobs 2';
    const impls = [
      LOGI1,
      LOGI2,
      'sklearn LogisticRegression',
      'Perceptron',
      'sklearn Perceptron',
      'LinearRegression',
      'sklearn LinearRegression',
      RIDGE1,
      RIDGE2,
      'sklearn Ridge',
      'LinearRegression engine ml-regression',
      'raw ml-regression',
      `LogisticRegression engine ml-logistic-regression (${ML_STEPS} steps)`,
      `raw ml-logistic-regression (${ML_STEPS} steps)`,
    ];
    const table: Record<string, string[]> = Object.fromEntries(impls.map((k) => [k, []]));
    const prev: Record<string, number> = {};
    const totals: Record<string, number[]> = Object.fromEntries(impls.map((k) => [k, []]));
    const cells: Record<string, (Cell | undefined)[]> = Object.fromEntries(impls.map((k) => [k, []]));
    const loads: string[] = [];
    const put = (k: string, c: Cell | undefined): void => {
      cells[k]!.push(c);
      if (!c) {
        table[k]!.push('—');
        totals[k]!.push(NaN);
        return;
      }
      const t = c.fit + c.predict;
      totals[k]!.push(t);
      table[k]!.push(`${f2(c.fit)} + ${f2(c.predict)}${prev[k] ? ` (${(t / prev[k]).toFixed(1)}×)` : ''}`);
      prev[k] = t;
    };
    for (const s of synth) {
      const clf: Fold = { Xtr: s.clf.Xtr, Xte: s.clf.Xte, ytr: s.clf.ytr, yte: s.clf.yte };
      const reg: Fold = { Xtr: s.reg.Xtr, Xte: s.reg.Xte, ytr: s.reg.ytr, yte: s.reg.yte };
      const skRun = (target: 'class' | 'value', model: string) => (sk ? () => sk.ask({ n: s.n, target, model }) : undefined);
      const [l1, l2, lsk] = await alternate([
        () => oursRun(() => new LogisticRegression({ nJobs: 1 }))(clf),
        () => oursRun(() => new LogisticRegression({ nJobs: 2 }))(clf),
        skRun('class', 'logistic'),
      ]);
      put(LOGI1, l1);
      put(LOGI2, l2);
      put('sklearn LogisticRegression', lsk);
      const [pe, psk] = await alternate([() => oursRun(() => new Perceptron())(clf), skRun('class', 'perceptron')]);
      put('Perceptron', pe);
      put('sklearn Perceptron', psk);
      const [li, lisk] = await alternate([() => oursRun(() => new LinearRegression())(reg), skRun('value', 'linear')]);
      put('LinearRegression', li);
      put('sklearn LinearRegression', lisk);
      const [r1, r2, risk] = await alternate([() => oursRun(() => new Ridge({ nJobs: 1 }))(reg), () => oursRun(() => new Ridge({ nJobs: 2 }))(reg), skRun('value', 'ridge')]);
      put(RIDGE1, r1);
      put(RIDGE2, r2);
      put('sklearn Ridge', risk);
      loads.push(loadavg()[0]!.toFixed(1));
      const mr = await measurePair([reg], () => new LinearRegression({ engine: 'ml-regression' }), rawRegression);
      put('LinearRegression engine ml-regression', mr.ours);
      put('raw ml-regression', mr.raw);
      // Projected from the 1,000-row time: 10× the rows is ~10× the time; skip beyond a few seconds.
      if (s.n <= 10000 && !(prev[`raw ml-logistic-regression (${ML_STEPS} steps)`]! * (s.n / 1000) > 20000)) {
        const ml = await measurePair([clf], () => new LogisticRegression({ engine: 'ml-logistic-regression', maxIter: ML_STEPS }), rawLogistic);
        put(`LogisticRegression engine ml-logistic-regression (${ML_STEPS} steps)`, ml.ours);
        put(`raw ml-logistic-regression (${ML_STEPS} steps)`, ml.raw);
      } else {
        for (const k of [`LogisticRegression engine ml-logistic-regression (${ML_STEPS} steps)`, `raw ml-logistic-regression (${ML_STEPS} steps)`]) {
          table[k]!.push('skipped');
          totals[k]!.push(NaN);
          cells[k]!.push(undefined);
        }
      }
    }
    console.log(`| implementation | ${SIZES.map((n) => `n = ${n.toLocaleString('en')}`).join(' | ')} |`);
    console.log(`|---|${SIZES.map(() => '---').join('|')}|`);
    for (const k of impls) console.log(`| ${k} | ${table[k]!.join(' | ')} |`);
    if (sk) {
      console.log(
        `\nRatios ours ÷ scikit-learn, fit · predict, per size (each side the fastest of ${ROUNDS} rounds timed in alternation: ours, scikit-learn, ours, …; ` +
          `${LOGI2} splits its loss and gradient over two worker threads from ${(8192).toLocaleString('en')} rows, ${RIDGE2} its Gram matrix from ${GRAM_THREAD_MIN_ROWS.toLocaleString('en')} rows and ${GRAM_THREAD_MIN_FEATURES} features (so not here); ` +
          `the defaults use the thread budget (${threadBudget(availableParallelism())} here); ` +
          'two-thread figures mean something only when the load average is below the number of CPUs):\n',
      );
      console.log(`| model | ${SIZES.map((n) => `n = ${n.toLocaleString('en')}`).join(' | ')} |`);
      console.log(`|---|${SIZES.map(() => '---').join('|')}|`);
      for (const [ours, theirs] of [[LOGI1, 'sklearn LogisticRegression'], [LOGI2, 'sklearn LogisticRegression'], ['Perceptron', 'sklearn Perceptron'], ['LinearRegression', 'sklearn LinearRegression'], [RIDGE1, 'sklearn Ridge'], [RIDGE2, 'sklearn Ridge']] as const) {
        const row = SIZES.map((_, i) => {
          const a = cells[ours]![i];
          const b = cells[theirs]![i];
          return `fit ${ratio(a?.fit, b?.fit)} · predict ${ratio(a?.predict, b?.predict)}`;
        });
        console.log(`| ${ours} | ${row.join(' | ')} |`);
      }
      console.log(`| load average (1 min) after the size | ${loads.join(' | ')} |`);
    }
    const wrap = (a: string, b: string): void =>
      console.log(`  ${a} ÷ ${b}: ${totals[a]!.map((t, i) => `n = ${SIZES[i]}: ${ratio(t, totals[b]![i])}`).join(', ')}`);
    console.log('\nRatios of the library engines (fit + predict):');
    wrap('LinearRegression', 'raw ml-regression');
    wrap('LinearRegression engine ml-regression', 'raw ml-regression');
    wrap(`LogisticRegression engine ml-logistic-regression (${ML_STEPS} steps)`, `raw ml-logistic-regression (${ML_STEPS} steps)`);
  }
  if (CROSSOVER) {
    // Where two threads start to pay for LogisticRegression (THREAD_MIN_ROWS in src/logistic-regression.ts).
    console.log('\n## Thread crossover: LogisticRegression fit, nJobs 1 vs nJobs 2 forced (fastest of the alternated calls)\n');
    console.log(`load average now: ${loadavg().map((v) => v.toFixed(1)).join(' ')} (${cpus().length} CPUs; two-thread figures mean something only below ${cpus().length})\n`);
    console.log('| training rows | nJobs 1 ms | nJobs 2 ms | 2 ÷ 1 |');
    console.log('|---|---|---|---|');
    for (const n of [2500, 5000, 7500, 10000, 15000, 20000, 40000]) {
      const c = scalingData(n);
      const [a, b] = await timeAlternating<[unknown, unknown]>(
        () => new LogisticRegression({ nJobs: 1 }).fit(c.Xtr, c.ytr),
        () => new LogisticRegression({ nJobs: 2 }).fit(c.Xtr, c.ytr),
      );
      const note = c.Xtr.rows < 8192 ? ' (below 8,192 rows nJobs 2 fits on one thread)' : '';
      console.log(`| ${c.Xtr.rows.toLocaleString('en')} | ${f2(a.ms)} | ${f2(b.ms)} | ${(b.ms / a.ms).toFixed(2)}×${note} |`);
    }
    // Where two threads start to pay for the least-squares Gram matrix (GRAM_THREAD_MIN_ROWS and
    // GRAM_THREAD_MIN_FEATURES in src/internal/linalg.ts): the copy of X grows with d, the products with d².
    console.log(
      `\n## Thread crossover: Ridge fit, nJobs 1 vs nJobs 2 forced (fastest of the alternated calls; nJobs 2 fits on one thread below ${GRAM_THREAD_MIN_ROWS.toLocaleString('en')} rows or ${GRAM_THREAD_MIN_FEATURES} features)\n`,
    );
    console.log(`load average now: ${loadavg().map((v) => v.toFixed(1)).join(' ')} (${cpus().length} CPUs; two-thread figures mean something only below ${cpus().length})\n`);
    console.log('| rows × features | nJobs 1 ms | nJobs 2 ms | 2 ÷ 1 |');
    console.log('|---|---|---|---|');
    for (const [n, d] of [[20480, 20], [81920, 20], [81920, 40], [20480, 64], [51200, 64], [20480, 128]] as const) {
      const ds = makeRegression({ nSamples: n, nFeatures: d, nInformative: Math.min(SCALING_INFORMATIVE, d), noise: SCALING_REGRESSION_NOISE, seed: SCALING_SEED });
      const [a, b] = await timeAlternating<[unknown, unknown]>(
        () => new Ridge({ nJobs: 1 }).fit(ds.X, ds.y),
        () => new Ridge({ nJobs: 2 }).fit(ds.X, ds.y),
      );
      const note = d < GRAM_THREAD_MIN_FEATURES ? ' (one thread both)' : '';
      console.log(`| ${n.toLocaleString('en')} × ${d} | ${f2(a.ms)} | ${f2(b.ms)} | ${(b.ms / a.ms).toFixed(2)}×${note} |`);
    }
  }
  console.log(`\nload average after: ${loadavg().map((v) => v.toFixed(1)).join(' ')} — timings on a shared machine move with it; ratios are measured side by side.`);
  sk?.close();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
