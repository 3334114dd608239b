/**
 * Speed of `@mlcompare/cart` (issue 3): our DecisionTreeClassifier/Regressor (default engine),
 * the raw ml-cart 2.1.1 calls, our wrapper around ml-cart (`engine: 'ml-cart'`), and
 * scikit-learn 1.2.1 `DecisionTree*(random_state=0)`, side by side in one run on the reference
 * folds (`referenceData`, StandardScaler per fold by core's `foldMatrices`, as benchmarks/reference/sklearn_ref.py),
 * then a scaling run on generated data (makeClassification(nSamples n, nFeatures 20,
 * nInformative 10, seed 0) from @mlcompare/datasets, 80/20 trainTestSplit, not standardised: a
 * tree does not need it), made by perf/scaling-data.ts and written to float64 files that the
 * Python side reads, so both sides fit the same matrices.
 *
 * Timing: for our engine and scikit-learn, `--warmup` untimed fits per data set (default 3), then
 * each fold is fitted `--reps` times (default 5) and the fastest is kept; scikit-learn runs before
 * and after the JS side and the faster of its two runs is kept per cell (the machine is shared); "ms/fold" is the mean over folds
 * of that. ml-cart is fitted once per fold, and on digits only on `--mlcart-digits-folds` folds
 * (default 1: it takes ~14 s per fold there). Scaling cells: the faster of two fits for ours and
 * scikit-learn, one fit for ml-cart; ml-cart is
 * skipped where the time projected from the previous size (exponent 2) exceeds 60 s.
 * scikit-learn runs in a child /usr/bin/python3 (Debian's, where sklearn is installed;
 * `MLCOMPARE_PYTHON` picks another) with OMP_NUM_THREADS=2; if it cannot be imported, the script
 * says so and prints our and ml-cart's figures only.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/cart.ts [--reps 5] [--warmup 3] [--mlcart-digits-folds 1] [--no-scaling] [--sizes 1000,10000,100000]
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { foldMatrices, uniqueSorted, type Labels, type Matrix } from '@mlcompare/core';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '@mlcompare/cart';
import { datasetsDir, referenceData } from '@mlcompare/datasets';
import { PYTHON, PY_READ_SCALING, scalingData, scalingDataNote, scalingSizes, sklearnUnavailable, type ScalingData } from './scaling-data.js';

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
const SIZES = scalingSizes();
const DATASETS = ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes'];
const BUDGET_S = 60;

const now = (): number => performance.now();

// ------------------------------------------------------------------ scikit-learn (child process)
const PY = PY_READ_SCALING + String.raw`
import json, os, sys, time, csv
import numpy as np
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.preprocessing import StandardScaler
import sklearn
cfg = json.loads(sys.argv[1])
out = {"version": sklearn.__version__, "cv": {}, "scaling": {}}
def load(name):
    with open(os.path.join(cfg["data"], name + ".csv")) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = [r[-1] for r in rows]
    return X, y
for name in cfg["datasets"]:
    X, y = load(name)
    reg = name == "diabetes"
    y = np.array([float(v) for v in y]) if reg else np.array(y)
    folds = json.load(open(os.path.join(cfg["data"], "folds", name + ".json")))["folds"]
    Make = (lambda: DecisionTreeRegressor(random_state=0)) if reg else (lambda: DecisionTreeClassifier(random_state=0))
    fit_ms, pred_ms, scores = [], [], []
    first = True
    for fo in folds:
        tr, te = np.array(fo["train"]), np.array(fo["test"])
        sc = StandardScaler().fit(X[tr]); Xtr, Xte = sc.transform(X[tr]), sc.transform(X[te])
        if first:
            for _ in range(cfg["warmup"]): Make().fit(Xtr, y[tr])
            first = False
        bf, bp = 1e99, 1e99
        for _ in range(cfg["reps"]):
            m = Make(); t0 = time.perf_counter(); m.fit(Xtr, y[tr]); t1 = time.perf_counter(); p = m.predict(Xte); t2 = time.perf_counter()
            bf, bp = min(bf, t1 - t0), min(bp, t2 - t1)
        fit_ms.append(bf * 1e3); pred_ms.append(bp * 1e3); scores.append(float(m.score(Xte, y[te])))
    out["cv"][name] = {"fit_ms": fit_ms, "predict_ms": pred_ms, "scores": scores}
for s in cfg["scaling"]:
    Xtr, ytr, Xte, yte = read_scaling(s["files"])
    m = DecisionTreeClassifier(random_state=0)
    t0 = time.perf_counter(); m.fit(Xtr, ytr); t1 = time.perf_counter(); p = m.predict(Xte); t2 = time.perf_counter()
    out["scaling"][str(s["n"])] = {"fit_s": t1 - t0, "predict_s": t2 - t1, "acc": float((p == yte).mean())}
print(json.dumps(out))
`;

interface SkOut {
  version: string;
  cv: Record<string, { fit_ms: number[]; predict_ms: number[]; scores: number[] }>;
  scaling: Record<string, { fit_s: number; predict_s: number; acc: number }>;
}

function runSklearn(scaling: ScalingData[]): SkOut | string {
  const missing = sklearnUnavailable();
  if (missing !== undefined) return missing;
  const cfg = { data: datasetsDir(), datasets: DATASETS, reps: REPS, warmup: WARMUP, scaling: scaling.map((g) => ({ n: g.n, files: g.files })) };
  const r = spawnSync(PYTHON, ['-c', PY, JSON.stringify(cfg)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '2' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) return `could not start ${PYTHON} (${r.error.message})`;
  if (r.status !== 0) {
    const err = r.stderr.trim().split('\n').pop() ?? '';
    return `python failed: ${err}`;
  }
  return JSON.parse(r.stdout) as SkOut;
}

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

async function cv(): Promise<Record<string, Record<string, Timing>>> {
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

  // Phase 1, ours (default engine) on every data set before ml-cart runs, so that ml-cart's
  // garbage is not collected inside our timings: WARMUP untimed fits (V8 compiles hot code after
  // a few calls; a cold first fit on iris takes ~0.7 ms against ~0.1 ms warm), then best of REPS.
  for (const name of DATASETS) {
    const { reg, prepared } = data.get(name)!;
    for (let w = 0; w < WARMUP; w++) await make(reg, 'fast').fit(prepared[0]!.Xtr, prepared[0]!.ytr);
    const ours: Timing = { fit: [], predict: [], scores: [] };
    for (const f of prepared) {
      let bf = Infinity;
      let bp = Infinity;
      let pred: ArrayLike<number | string> = [];
      for (let r = 0; r < REPS; r++) {
        const m = make(reg, 'fast');
        const t0 = now();
        await m.fit(f.Xtr, f.ytr);
        const t1 = now();
        pred = await m.predict(f.Xte);
        const t2 = now();
        bf = Math.min(bf, t1 - t0);
        bp = Math.min(bp, t2 - t1);
      }
      ours.fit.push(bf);
      ours.predict.push(bp);
      ours.scores.push(score(pred, f.yte, reg));
    }
    out[name]!['ours'] = ours;
  }
  process.stderr.write('  ours done\n');

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
  console.log(`# @mlcompare/cart speed — ${new Date().toISOString()}, Node ${process.version}`);
  // Generated on our side (perf/scaling-data.ts); scikit-learn reads the same files.
  const scaling = SCALING ? SIZES.map((n) => scalingData(n, { standardize: false })) : [];
  process.stderr.write('scikit-learn (child process)...\n');
  const sk = runSklearn(scaling);
  const skOk = typeof sk !== 'string';
  if (!skOk) console.log(`\nscikit-learn: NOT RUN — ${sk}. Ratios to scikit-learn are omitted.`);
  else console.log(`\nscikit-learn ${sk.version} via ${PYTHON}, OMP_NUM_THREADS=2 (run before and after the JS side; the faster of the two kept per cell).`);
  process.stderr.write('JS side...\n');
  const js = await cv();
  if (skOk) {
    // The machine is shared: run scikit-learn again after the JS side and keep, per cell, the
    // faster of its two runs, so that a busy period does not favour either side.
    process.stderr.write('scikit-learn again...\n');
    const again = runSklearn(scaling);
    if (typeof again !== 'string') {
      for (const [name, c] of Object.entries(sk.cv)) {
        const a = again.cv[name]!;
        c.fit_ms = c.fit_ms.map((v, k) => Math.min(v, a.fit_ms[k]!));
        c.predict_ms = c.predict_ms.map((v, k) => Math.min(v, a.predict_ms[k]!));
      }
      for (const [n, c] of Object.entries(sk.scaling)) {
        const a = again.scaling[n]!;
        c.fit_s = Math.min(c.fit_s, a.fit_s);
        c.predict_s = Math.min(c.predict_s, a.predict_s);
      }
    }
  }

  console.log(`\n## Cross-validation on the reference folds (ms per fold; ours and scikit-learn: best of ${REPS} per fold after ${WARMUP} warm-up fits; ml-cart: one fit per fold)\n`);
  console.log('| dataset | score ours | score sklearn | score ml-cart | fit ours | fit sklearn | fit ml-cart | fit ours ÷ sklearn | fit ml-cart ÷ sklearn | predict ours | predict sklearn | predict ours ÷ sklearn | ml-cart wrapper ÷ raw (fit) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const name of DATASETS) {
    const r = js[name]!;
    const s = skOk ? sk.cv[name] : undefined;
    const o = r['ours']!;
    const raw = r['ml-cart raw']!;
    const w = r['ours ml-cart']!;
    const sf = s ? mean(s.fit_ms) : undefined;
    const sp = s ? mean(s.predict_ms) : undefined;
    const note = name === 'digits' ? ` (${raw.fit.length} fold${raw.fit.length === 1 ? '' : 's'})` : '';
    console.log(
      `| ${name} | ${mean(o.scores).toFixed(4)} | ${s ? mean(s.scores).toFixed(4) : '—'} | ${mean(raw.scores).toFixed(4)}${note} | ${fmt(mean(o.fit))} | ${sf === undefined ? '—' : fmt(sf)} | ${fmt(mean(raw.fit))}${note} | ${ratio(mean(o.fit), sf)} | ${ratio(mean(raw.fit), sf)} | ${fmt(mean(o.predict))} | ${sp === undefined ? '—' : fmt(sp)} | ${ratio(mean(o.predict), sp)} | ${ratio(mean(w.fit), mean(raw.fit))} |`,
    );
  }
  console.log('\nScores: accuracy (classification) or R² (diabetes), mean over folds; ml-cart on digits over the folds it ran.');

  if (!SCALING) return;
  console.log('\n## Scaling: generated classification data (n rows × 20 features); seconds; ours: faster of 2 fits, scikit-learn: faster of its 2 runs, ml-cart: one fit\n');
  console.log(`${scalingDataNote(false)}${skOk ? '' : ` The scikit-learn columns are missing: ${sk}.`}\n`);
  console.log('| n | ours fit | ours predict | sklearn fit | sklearn predict | ours ÷ sklearn (fit+predict) | ml-cart fit+predict | ml-cart ÷ sklearn | acc ours / sklearn / ml-cart |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  let lastMl: { n: number; s: number } | undefined;
  let prevOurs: number | undefined;
  let prevSk: number | undefined;
  const growth: string[] = [];
  for (const g of scaling) {
    const { n, Xtr, Xte, ytr, yte } = g;
    let oursFit = Infinity;
    let oursPred = Infinity;
    let p: number[] = [];
    for (let r = 0; r < 2; r++) {
      const m = new DecisionTreeClassifier();
      const t0 = now();
      await m.fit(Xtr, ytr);
      const t1 = now();
      p = (await m.predict(Xte)) as number[];
      const t2 = now();
      oursFit = Math.min(oursFit, (t1 - t0) / 1e3);
      oursPred = Math.min(oursPred, (t2 - t1) / 1e3);
    }
    const accOurs = score(p, yte, false);
    const s = skOk ? sk.scaling[String(n)] : undefined;
    const skTotal = s ? s.fit_s + s.predict_s : undefined;
    let mlCell = 'skipped';
    let mlRatio = '—';
    let mlAcc = '—';
    const projected = lastMl ? lastMl.s * (n / lastMl.n) ** 2 : 0;
    if (lastMl && projected > BUDGET_S) {
      mlCell = `skipped (projected ${projected.toFixed(0)} s)`;
    } else {
      const lib = new mlCart.DecisionTreeClassifier({ minNumSamples: 1, gainThreshold: 0, maxDepth: Infinity });
      const rows = Xtr.toArray();
      const a = now();
      lib.train(rows, ytr);
      const q = lib.predict(Xte.toArray());
      const secs = (now() - a) / 1e3;
      lastMl = { n, s: secs };
      mlCell = secs.toFixed(3);
      mlRatio = skTotal === undefined ? '—' : `${(secs / skTotal).toFixed(0)}×`;
      mlAcc = score(q, yte, false).toFixed(3);
    }
    const opt = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(4));
    console.log(
      `| ${n} | ${oursFit.toFixed(4)} | ${oursPred.toFixed(4)} | ${opt(s?.fit_s)} | ${opt(s?.predict_s)} | ${ratio(oursFit + oursPred, skTotal)} | ${mlCell} | ${mlRatio} | ${accOurs.toFixed(3)} / ${s ? s.acc.toFixed(3) : '—'} / ${mlAcc} |`,
    );
    if (prevOurs !== undefined) {
      growth.push(`${n}: ours ×${((oursFit + oursPred) / prevOurs).toFixed(1)}${skTotal !== undefined && prevSk !== undefined ? `, sklearn ×${(skTotal / prevSk).toFixed(1)}` : ''}`);
    }
    prevOurs = oursFit + oursPred;
    prevSk = skTotal;
  }
  if (growth.length > 0) console.log(`\nGrowth of fit+predict time from the previous size: ${growth.join('; ')}.`);
  console.log('ml-cart is skipped where the time projected from the previous size with exponent 2 exceeds 60 s.');
}

await main();
