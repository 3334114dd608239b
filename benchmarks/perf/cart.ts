/**
 * Speed of `@mlcompare/cart` (issues 3 and 15): our DecisionTreeClassifier/Regressor (default
 * engine), the raw ml-cart 2.1.1 calls, our wrapper around ml-cart (`engine: 'ml-cart'`), and
 * scikit-learn 1.2.1 `DecisionTree*(random_state=0)`, side by side in one run on the reference
 * folds (`referenceData`, StandardScaler per fold by core's `foldMatrices`, as benchmarks/reference/sklearn_ref.py),
 * then a scaling run on generated data at each size, for the classifier (makeClassification) and
 * the regressor (makeRegression): nFeatures 20, nInformative 10, seed 0 from
 * @mlcompare/datasets, 80/20 trainTestSplit, not standardised (a tree does not need it), made by
 * perf/scaling-data.ts and written to float64 files that the Python side reads, so both sides fit
 * the same matrices.
 *
 * Timing, interleaved because the machine is shared: scikit-learn runs in a worker process
 * (/usr/bin/python3 — Debian's, where sklearn is installed; `MLCOMPARE_PYTHON` picks another —
 * with OMP_NUM_THREADS=2) that answers one fit + predict per request, and every cell is timed
 * A B A B: one scikit-learn fit, then one of ours, `--reps` times (default 5; `--scaling-reps`,
 * default 2, on generated data), the fastest of each side kept (load only ever adds time).
 * Before a data set's first fold both sides make `--warmup` untimed fits (default 3). "ms/fold"
 * is the mean over folds of those minima. Predict: each fitted model (both sides) predicts
 * `--predict-reps` times (default 10) and the fastest counts. The load average is printed beside each table.
 * ml-cart is fitted once per fold, and on digits only on `--mlcart-digits-folds` folds (default
 * 1: it takes ~14 s per fold there), after our and scikit-learn's timings; `--no-mlcart` skips
 * it. Scaling: ml-cart (classifier only) is skipped where the time projected from the previous
 * size (exponent 2) exceeds 60 s. If scikit-learn cannot be imported, the script says so and
 * prints our and ml-cart's figures only.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/cart.ts [--reps 5] [--warmup 3] [--scaling-reps 2] [--predict-reps 10] [--mlcart-digits-folds 1] [--no-mlcart] [--no-scaling] [--sizes 1000,10000,100000]
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { foldMatrices, uniqueSorted, type Labels, type Matrix } from '@mlcompare/core';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '@mlcompare/cart';
import { datasetsDir, referenceData } from '@mlcompare/datasets';
import { PYTHON, PY_READ_SCALING, scalingData, scalingDataNote, scalingSizes, sklearnUnavailable } from './scaling-data.js';

// ml-cart is a dependency of @mlcompare/cart, not of the benchmarks: load it from there.
interface MlCartTree {
  train(X: number[][], y: number[]): void;
  predict(X: number[][]): number[];
}
const mlCart = createRequire(fileURLToPath(import.meta.resolve('@mlcompare/cart')))('ml-cart') as {
  DecisionTreeClassifier: new (o: object) => MlCartTree;
  DecisionTreeRegression: new (o: object) => MlCartTree;
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const REPS = Number(arg('reps', '5'));
const WARMUP = Number(arg('warmup', '3'));
const MLCART_DIGITS_FOLDS = Number(arg('mlcart-digits-folds', '1'));
const SCALING = !process.argv.includes('--no-scaling');
const MLCART = !process.argv.includes('--no-mlcart');
const SCALING_REPS = Number(arg('scaling-reps', '2'));
const PREDICT_REPS = Number(arg('predict-reps', '10'));
const SIZES = scalingSizes();
const DATASETS = ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes'];
const BUDGET_S = 60;

const now = (): number => performance.now();

// ------------------------------------------------------------------ scikit-learn (worker process)
const PY = PY_READ_SCALING + String.raw`
import json, os, sys, time, csv
import numpy as np
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.preprocessing import StandardScaler
import sklearn
root = sys.argv[1]
cache = {}
def load(name):
    with open(os.path.join(root, name + ".csv")) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = [r[-1] for r in rows]
    return X, y
def cv_fold(name, k):
    if (name, k) not in cache:
        X, y = load(name)
        reg = name == "diabetes"
        y = np.array([float(v) for v in y]) if reg else np.array(y)
        for i, fo in enumerate(json.load(open(os.path.join(root, "folds", name + ".json")))["folds"]):
            tr, te = np.array(fo["train"]), np.array(fo["test"])
            sc = StandardScaler().fit(X[tr])
            cache[(name, i)] = (reg, sc.transform(X[tr]), y[tr], sc.transform(X[te]), y[te])
    return cache[(name, k)]
print(json.dumps({"ready": True, "version": sklearn.__version__}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    if req["kind"] == "cv":
        reg, Xtr, ytr, Xte, yte = cv_fold(req["dataset"], req["fold"])
    else:
        key = json.dumps(req["files"])
        if key not in cache: cache[key] = read_scaling(req["files"])
        Xtr, ytr, Xte, yte = cache[key]
        reg = req["task"] == "regression"
    Make = (lambda: DecisionTreeRegressor(random_state=0)) if reg else (lambda: DecisionTreeClassifier(random_state=0))
    for _ in range(req.get("warmup", 0)): Make().fit(Xtr, ytr)
    m = Make(); t0 = time.perf_counter(); m.fit(Xtr, ytr); t1 = time.perf_counter()
    pred = 1e99
    for _ in range(req["predict_reps"]):
        t2 = time.perf_counter(); m.predict(Xte); pred = min(pred, time.perf_counter() - t2)
    print(json.dumps({"fit_ms": (t1 - t0) * 1e3, "predict_ms": pred * 1e3, "score": float(m.score(Xte, yte))}), flush=True)
`;

interface SkFit {
  fit_ms: number;
  predict_ms: number;
  score: number;
}

/** The scikit-learn worker: one JSON request per line, one JSON answer per line. */
class SklearnWorker {
  readonly #waiting: ((line: string) => void)[] = [];
  readonly #proc: ChildProcessWithoutNullStreams;
  version = '';
  constructor() {
    this.#proc = spawn(PYTHON, ['-c', PY, datasetsDir()], { env: { ...process.env, OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2' } });
    let stderr = '';
    this.#proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    this.#proc.on('exit', (code) => {
      for (const w of this.#waiting.splice(0)) w(JSON.stringify({ error: `python exited (${code}): ${stderr.trim().split('\n').slice(-3).join(' | ')}` }));
    });
    createInterface({ input: this.#proc.stdout }).on('line', (line) => this.#waiting.shift()?.(line));
  }
  #ask(req: object | undefined): Promise<Record<string, unknown>> {
    const answer = new Promise<Record<string, unknown>>((resolve) => this.#waiting.push((line) => resolve(JSON.parse(line) as Record<string, unknown>)));
    if (req !== undefined) this.#proc.stdin.write(`${JSON.stringify(req)}\n`);
    return answer;
  }
  async ready(): Promise<void> {
    const msg = await this.#ask(undefined);
    if (!msg.ready) throw new Error(`scikit-learn worker failed: ${String(msg.error)}`);
    this.version = String(msg.version);
  }
  async fit(req: object): Promise<SkFit> {
    const msg = await this.#ask(req);
    if (msg.error) throw new Error(String(msg.error));
    return msg as unknown as SkFit;
  }
  close(): void {
    this.#proc.stdin.end();
  }
}

const load = (): string => loadavg().map((v) => v.toFixed(1)).join(' ');

// ------------------------------------------------------------------ JS side
interface Timing {
  fit: number[];
  predict: number[];
  scores: number[];
}

function score(pred: ArrayLike<number | string>, truth: Labels, reg: boolean): number {
  if (!reg) {
    let ok = 0;
    for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) ok++;
    return ok / truth.length;
  }
  const t = truth as number[];
  const m = t.reduce((a, b) => a + b, 0) / t.length;
  let rs = 0;
  let ts = 0;
  for (let i = 0; i < t.length; i++) {
    rs += (t[i]! - (pred[i] as number)) ** 2;
    ts += (t[i]! - m) ** 2;
  }
  return 1 - rs / ts;
}

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const ratio = (a: number, b: number | undefined): string => (b === undefined ? '—' : `${(a / b).toFixed(2)}×`);

/** The fastest of PREDICT_REPS predictions by a fitted model (the first one pays for the garbage of the fit and cold caches), and its predictions. */
async function predictTimed(m: { predict(X: Matrix): Promise<ArrayLike<number | string>> }, X: Matrix): Promise<{ predict: number; pred: ArrayLike<number | string> }> {
  let best = Infinity;
  let pred: ArrayLike<number | string> = [];
  for (let r = 0; r < PREDICT_REPS; r++) {
    const t0 = now();
    pred = await m.predict(X);
    best = Math.min(best, now() - t0);
  }
  return { predict: best, pred };
}

/** The fastest of each side over `reps` alternating fits (scikit-learn, then ours). */
async function interleaved(
  reps: number,
  sk: SklearnWorker | undefined,
  skReq: object,
  ours: () => Promise<{ fit: number; predict: number; pred: ArrayLike<number | string> }>,
): Promise<{ fit: number; predict: number; pred: ArrayLike<number | string>; sk?: SkFit }> {
  let best = { fit: Infinity, predict: Infinity, pred: [] as ArrayLike<number | string> };
  let bestSk: SkFit | undefined;
  for (let r = 0; r < reps; r++) {
    if (sk) {
      const s = await sk.fit(skReq);
      bestSk = bestSk ? { fit_ms: Math.min(bestSk.fit_ms, s.fit_ms), predict_ms: Math.min(bestSk.predict_ms, s.predict_ms), score: s.score } : s;
    }
    const o = await ours();
    best = { fit: Math.min(best.fit, o.fit), predict: Math.min(best.predict, o.predict), pred: o.pred };
  }
  return { ...best, sk: bestSk };
}

async function cv(sk: SklearnWorker | undefined): Promise<Record<string, Record<string, Timing>>> {
  const out: Record<string, Record<string, Timing>> = {};
  const data = new Map<string, { reg: boolean; classes: Array<string | number>; prepared: Array<{ Xtr: Matrix; Xte: Matrix; ytr: Labels; yte: Labels }> }>();
  for (const name of DATASETS) {
    const reg = name === 'diabetes';
    const ref = await referenceData(name);
    const prepared = ref.folds.map((fold) => {
      const f = foldMatrices(ref.data, fold, { needsScaling: true, handlesMissing: false, probabilities: false });
      return { Xtr: f.Xtrain, Xte: f.Xtest, ytr: f.yTrain, yte: f.yTest };
    });
    // Every row is in fold 0's training or test rows.
    const classes = reg ? [] : (uniqueSorted([...prepared[0]!.ytr, ...prepared[0]!.yte] as Labels) as Array<string | number>);
    data.set(name, { reg, classes, prepared });
    out[name] = {};
  }
  const make = (reg: boolean, engine: 'fast' | 'ml-cart') => (reg ? new DecisionTreeRegressor({ engine }) : new DecisionTreeClassifier({ engine }));

  // Phase 1, ours (default engine) and scikit-learn's, interleaved, on every data set before
  // ml-cart runs, so that ml-cart's garbage is not collected inside our timings: WARMUP untimed
  // fits (V8 compiles hot code after a few calls; a cold first fit on iris takes ~0.7 ms against
  // ~0.1 ms warm), then the fastest of REPS.
  for (const name of DATASETS) {
    const { reg, prepared } = data.get(name)!;
    for (let w = 0; w < WARMUP; w++) await make(reg, 'fast').fit(prepared[0]!.Xtr, prepared[0]!.ytr);
    const ours: Timing = { fit: [], predict: [], scores: [] };
    const theirs: Timing = { fit: [], predict: [], scores: [] };
    for (let k = 0; k < prepared.length; k++) {
      const f = prepared[k]!;
      const r = await interleaved(REPS, sk, { kind: 'cv', dataset: name, fold: k, warmup: k === 0 ? WARMUP : 0, predict_reps: PREDICT_REPS }, async () => {
        const m = make(reg, 'fast');
        const t0 = now();
        await m.fit(f.Xtr, f.ytr);
        const t1 = now();
        return { fit: t1 - t0, ...(await predictTimed(m, f.Xte)) };
      });
      ours.fit.push(r.fit);
      ours.predict.push(r.predict);
      ours.scores.push(score(r.pred, f.yte, reg));
      if (r.sk) {
        theirs.fit.push(r.sk.fit_ms);
        theirs.predict.push(r.sk.predict_ms);
        theirs.scores.push(r.sk.score);
      }
    }
    out[name]!['ours'] = ours;
    if (sk) out[name]!['sklearn'] = theirs;
  }
  process.stderr.write('  ours and scikit-learn done\n');
  if (!MLCART) return out;

  // Phase 2, raw ml-cart and our wrapper around it: once per fold (a fold or two on digits).
  for (const name of DATASETS) {
    const { reg, classes, prepared } = data.get(name)!;
    const nMl = name === 'digits' ? Math.min(MLCART_DIGITS_FOLDS, prepared.length) : prepared.length;
    const raw: Timing = { fit: [], predict: [], scores: [] };
    const wrapped: Timing = { fit: [], predict: [], scores: [] };
    for (const f of prepared.slice(0, nMl)) {
      const XtrRows = f.Xtr.toArray();
      const XteRows = f.Xte.toArray();
      const codes = reg ? (f.ytr as number[]) : (f.ytr as Array<string | number>).map((v) => classes.indexOf(v));
      const lib = reg
        ? new mlCart.DecisionTreeRegression({ minNumSamples: 1, maxDepth: Infinity })
        : new mlCart.DecisionTreeClassifier({ minNumSamples: 1, gainThreshold: 0, maxDepth: Infinity });
      let t0 = now();
      lib.train(XtrRows, codes);
      let t1 = now();
      const p = lib.predict(XteRows);
      let t2 = now();
      raw.fit.push(t1 - t0);
      raw.predict.push(t2 - t1);
      raw.scores.push(score(reg ? p : p.map((c) => classes[c]!), f.yte, reg));
      const m = make(reg, 'ml-cart');
      t0 = now();
      await m.fit(f.Xtr, f.ytr);
      t1 = now();
      const q = await m.predict(f.Xte);
      t2 = now();
      wrapped.fit.push(t1 - t0);
      wrapped.predict.push(t2 - t1);
      wrapped.scores.push(score(q, f.yte, reg));
    }
    out[name]!['ml-cart raw'] = raw;
    out[name]!['ours ml-cart'] = wrapped;
    process.stderr.write(`  ml-cart ${name} done\n`);
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`# @mlcompare/cart speed — ${new Date().toISOString()}, Node ${process.version}, load average ${load()} (1, 5, 15 min)`);
  const missing = sklearnUnavailable();
  let sk: SklearnWorker | undefined;
  if (missing === undefined) {
    sk = new SklearnWorker();
    await sk.ready();
    console.log(`\nscikit-learn ${sk.version} via ${PYTHON} (a worker process, OMP_NUM_THREADS=2), timed interleaved with ours: A B A B, fastest of each side.`);
  } else console.log(`\nscikit-learn: NOT RUN — ${missing}. Ratios to scikit-learn are omitted.`);
  process.stderr.write('cross-validation...\n');
  const js = await cv(sk);
  const opt = (v: number | undefined, f: (x: number) => string = fmt): string => (v === undefined ? '—' : f(v));

  console.log(`\n## Cross-validation on the reference folds (ms per fold; ours and scikit-learn: fastest of ${REPS} interleaved fits per fold after ${WARMUP} warm-up fits, predict: fastest of ${PREDICT_REPS} per fitted model; ml-cart: one fit per fold)\n`);
  console.log(`Load average at the end of these fits: ${load()}.\n`);
  console.log('| dataset | score ours | score sklearn | score ml-cart | fit ours | fit sklearn | fit ml-cart | fit ours ÷ sklearn | fit ml-cart ÷ sklearn | predict ours | predict sklearn | predict ours ÷ sklearn | ml-cart wrapper ÷ raw (fit) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const name of DATASETS) {
    const r = js[name]!;
    const s = r['sklearn'];
    const o = r['ours']!;
    const raw = r['ml-cart raw'];
    const w = r['ours ml-cart'];
    const sf = s ? mean(s.fit) : undefined;
    const sp = s ? mean(s.predict) : undefined;
    const rf = raw ? mean(raw.fit) : undefined;
    const note = name === 'digits' && raw ? ` (${raw.fit.length} fold${raw.fit.length === 1 ? '' : 's'})` : '';
    console.log(
      `| ${name} | ${mean(o.scores).toFixed(4)} | ${s ? mean(s.scores).toFixed(4) : '—'} | ${raw ? mean(raw.scores).toFixed(4) : '—'}${note} | ${fmt(mean(o.fit))} | ${opt(sf)} | ${opt(rf)}${note} | ${ratio(mean(o.fit), sf)} | ${rf === undefined ? '—' : ratio(rf, sf)} | ${fmt(mean(o.predict))} | ${opt(sp)} | ${ratio(mean(o.predict), sp)} | ${w && rf !== undefined ? ratio(mean(w.fit), rf) : '—'} |`,
    );
  }
  console.log('\nScores: accuracy (classification) or R² (diabetes), mean over folds; ml-cart on digits over the folds it ran.');

  if (SCALING) {
    for (const task of ['classification', 'regression'] as const) await scalingRun(task, sk);
    console.log('\nml-cart (classifier only) is skipped where the time projected from the previous size with exponent 2 exceeds 60 s.');
  }
  sk?.close();
}

async function scalingRun(task: 'classification' | 'regression', sk: SklearnWorker | undefined): Promise<void> {
  const reg = task === 'regression';
  console.log(
    `\n## Scaling: generated ${task} data (n rows × 20 features), ${reg ? 'DecisionTreeRegressor' : 'DecisionTreeClassifier'}; seconds; ours and scikit-learn: fastest of ${SCALING_REPS} interleaved fits, predict: fastest of ${PREDICT_REPS} per fitted model${reg ? '' : ', ml-cart: one fit'}\n`,
  );
  console.log(`${scalingDataNote(false).replace('makeClassification(', reg ? 'makeRegression(noise 10, ' : 'makeClassification(')}${sk ? '' : ' The scikit-learn columns are missing.'}\n`);
  console.log(
    `| n | ours fit | sklearn fit | fit ours ÷ sklearn | ours predict | sklearn predict | predict ours ÷ sklearn | ours ÷ sklearn (fit+predict) |${reg ? '' : ' ml-cart fit+predict | ml-cart ÷ sklearn |'} ${reg ? 'R²' : 'acc'} ours / sklearn${reg ? '' : ' / ml-cart'} | load |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|${reg ? '' : '---|---|'}---|---|`);
  let lastMl: { n: number; s: number } | undefined;
  for (const n of SIZES) {
    const g = scalingData(n, { standardize: false, task });
    const { Xtr, Xte, ytr, yte } = g;
    const r = await interleaved(SCALING_REPS, sk, { kind: 'scaling', task, files: g.files, predict_reps: PREDICT_REPS }, async () => {
      const m = reg ? new DecisionTreeRegressor() : new DecisionTreeClassifier();
      const t0 = now();
      await m.fit(Xtr, ytr);
      const t1 = now();
      return { fit: t1 - t0, ...(await predictTimed(m, Xte)) };
    });
    const s = r.sk;
    const oursScore = score(r.pred, yte, reg);
    const sec = (v: number | undefined): string => (v === undefined ? '—' : (v / 1e3).toFixed(4));
    let ml = '';
    let mlAcc = '';
    if (!reg) {
      let mlCell = 'skipped';
      let mlRatio = '—';
      mlAcc = ' / —';
      const projected = lastMl ? lastMl.s * (n / lastMl.n) ** 2 : 0;
      if (!MLCART) mlCell = 'not run (--no-mlcart)';
      else if (lastMl && projected > BUDGET_S) mlCell = `skipped (projected ${projected.toFixed(0)} s)`;
      else {
        const lib = new mlCart.DecisionTreeClassifier({ minNumSamples: 1, gainThreshold: 0, maxDepth: Infinity });
        const a = now();
        lib.train(Xtr.toArray(), ytr);
        const q = lib.predict(Xte.toArray());
        const secs = (now() - a) / 1e3;
        lastMl = { n, s: secs };
        mlCell = secs.toFixed(3);
        mlRatio = s === undefined ? '—' : `${(secs / ((s.fit_ms + s.predict_ms) / 1e3)).toFixed(0)}×`;
        mlAcc = ` / ${score(q, yte, false).toFixed(3)}`;
      }
      ml = ` ${mlCell} | ${mlRatio} |`;
    }
    console.log(
      `| ${n} | ${sec(r.fit)} | ${sec(s?.fit_ms)} | ${ratio(r.fit, s?.fit_ms)} | ${sec(r.predict)} | ${sec(s?.predict_ms)} | ${ratio(r.predict, s?.predict_ms)} | ${ratio(r.fit + r.predict, s ? s.fit_ms + s.predict_ms : undefined)} |${ml} ${oursScore.toFixed(3)} / ${s ? s.score.toFixed(3) : '—'}${mlAcc} | ${loadavg()[0]!.toFixed(1)} |`,
    );
  }
}

await main();
