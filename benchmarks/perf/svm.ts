/**
 * Speed of @mlcompare/svm (default engine 'libsvm', and engine 'libsvm-js') against the raw
 * libsvm-js call and scikit-learn 1.2.1 on the reference folds (StandardScaler fit on each
 * training fold), then a scaling run of SVC on generated data (1,000 / 10,000 / 20,000 rows × 20
 * features by default, made by perf/scaling-data.ts with @mlcompare/datasets' makeClassification;
 * scikit-learn reads the same matrices, and without it ours and libsvm-js still run). Also times
 * the 'ml-svm' engine on the one binary data set (breast_cancer).
 *
 * Under load, both sides are timed in rounds, A B A B: each round times ours (and libsvm-js) and
 * then runs scikit-learn in /usr/bin/python3 on the same folds or matrices; each figure is the
 * minimum over the rounds (of the median of repeated calls within a round, for the data sets),
 * and the ratios are of those minima. The load average (uptime) is printed beside each table.
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/svm.ts [--quick] [--no-scaling] [--sizes 1000,10000,20000] [--rounds 3]
 *
 * The harness (median of repeated calls, Python side in /usr/bin/python3) is in perf/knn.ts.
 */
import { loadavg } from 'node:os';
import { SVC, SVR, resolveGamma } from '@mlcompare/svm';
import { Matrix } from '@mlcompare/core';
import type { LibsvmClass } from 'libsvm-js';
import { referenceTimes } from '@mlcompare/datasets';
import { DATASETS, codes, foldTime, once, printTable, ratio, requireFrom, runPython, scaledFolds, timeit, type ScaledFold } from './knn.js';
import { PY_READ_SCALING, reportSklearn, scalingData, scalingDataNote, scalingSizes } from './scaling-data.js';

// Wall and CPU (process_time) medians of repeated calls, as timeitEach does on our side.
const SKLEARN_SVM_CV = `
from sklearn.svm import SVC, SVR
def timeit2(fn, budget=0.2):
    fn()
    ws, cs = [], []
    start = time.perf_counter()
    while len(ws) < 3 or (time.perf_counter() - start < budget and len(ws) < 25):
        w0, c0 = time.perf_counter(), time.process_time(); fn(); ws.append(time.perf_counter() - w0); cs.append(time.process_time() - c0)
    ws.sort(); cs.sort()
    return ws[len(ws) // 2] * 1e3, cs[len(cs) // 2] * 1e3
out = {}
for name, reg in json.loads(sys.argv[2]):
    fs = folds_of(name, reg)
    mk = (lambda: SVR(kernel='rbf', C=1.0, gamma='scale')) if reg else (lambda: SVC(kernel='rbf', C=1.0, gamma='scale'))
    r = {'fit': 0.0, 'fitCpu': 0.0, 'predict': 0.0, 'predictCpu': 0.0}
    for a, b, c, d in fs:
        w, cpu = timeit2(lambda: mk().fit(a, c))
        r['fit'] += w / len(fs); r['fitCpu'] += cpu / len(fs)
        m = mk().fit(a, c)
        w, cpu = timeit2(lambda: m.predict(b))
        r['predict'] += w / len(fs); r['predictCpu'] += cpu / len(fs)
    out[name] = r
print(json.dumps(out))
`;

/** scikit-learn's SVC fitted once on a generated data set: wall and CPU times (ms) and accuracy. */
const SKLEARN_SVC_SCALING = `${PY_READ_SCALING}
from sklearn.svm import SVC
Xtr, ytr, Xte, yte = read_scaling(json.loads(sys.argv[2]))
m = SVC(kernel='rbf', C=1.0, gamma='scale')
w0, c0 = time.perf_counter(), time.process_time(); m.fit(Xtr, ytr); w1, c1 = time.perf_counter(), time.process_time()
p = m.predict(Xte); w2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({'fit': (w1 - w0) * 1e3, 'predict': (w2 - w1) * 1e3, 'fitCpu': (c1 - c0) * 1e3, 'predictCpu': (c2 - c1) * 1e3, 'accuracy': float((p == yte).mean())}))
`;

/** CPU time of this process so far (ms, user + system). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** libsvm-js loaded as a user would (hiding fetch avoids its "wasm streaming compile failed" warning). */
async function rawLibsvm(): Promise<LibsvmClass> {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (saved) delete (globalThis as { fetch?: unknown }).fetch;
  try {
    return await (requireFrom('svm', 'libsvm-js') as Promise<LibsvmClass>);
  } finally {
    if (saved) Object.defineProperty(globalThis, 'fetch', saved);
  }
}

/** The load average, printed beside each table (the machine may be shared). */
function load(): string {
  return `load average ${loadavg().map((v) => v.toFixed(2)).join(', ')}`;
}

/**
 * Median wall and CPU times (ms) of each function, called in turn (f0, f1, …, f0, f1, …) so that
 * a change in load hits all of them; at least 3 calls each, up to `budgetMs` of calls.
 */
async function timeitEach(fns: Array<() => unknown>, budgetMs = 300): Promise<Array<{ wall: number; cpu: number }>> {
  for (const f of fns) await f();
  const walls = fns.map((): number[] => []);
  const cpus = fns.map((): number[] => []);
  const start = performance.now();
  while (walls[0]!.length < 3 || (performance.now() - start < budgetMs && walls[0]!.length < 25)) {
    for (let i = 0; i < fns.length; i++) {
      const t0 = performance.now();
      const c0 = cpuMs();
      await fns[i]!();
      cpus[i]!.push(cpuMs() - c0);
      walls[i]!.push(performance.now() - t0);
    }
  }
  const med = (t: number[]): number => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
  return walls.map((w, i) => ({ wall: med(w), cpu: med(cpus[i]!) }));
}

/** Element-wise minimum of figures gathered over rounds (undefined where a round had none). */
function minInto(best: Record<string, number | undefined>, now: Record<string, number | undefined>): void {
  for (const [k, v] of Object.entries(now)) if (v !== undefined) best[k] = Math.min(best[k] ?? Infinity, v);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const scaling = !process.argv.includes('--no-scaling');
  const ri = process.argv.indexOf('--rounds');
  const rounds = ri >= 0 ? Number(process.argv[ri + 1]) : quick ? 1 : 3;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`Option '--rounds' must be an integer >= 1, but got '${process.argv[ri + 1]}'.`);
  const SVM = await rawLibsvm();
  console.log(`# SVM speed (rbf, C 1, gamma 'scale'): @mlcompare/svm vs libsvm-js 0.2.1 vs scikit-learn\n`);
  console.log(`node ${process.version}; times in ms per fold (mean over 5 folds of the median of repeated calls), the minimum over ${rounds} round(s)\n`);
  // Warm-up (JIT, WASM tiers): untimed rounds of every call on an iris fold.
  {
    const f = (await scaledFolds('iris'))[0]!;
    for (let i = 0; i < 20; i++) {
      for (const engine of ['libsvm', 'libsvm-js'] as const) {
        const m = await new SVC({ engine }).fit(f.Xtr, f.ytr);
        await m.predict(f.Xte);
        m.dispose();
      }
      const s = new SVM({ type: SVM.SVM_TYPES.C_SVC, kernel: SVM.KERNEL_TYPES.RBF, gamma: 0.25, cost: 1, quiet: true });
      s.train(f.Xtr, codes(f.ytr));
      s.predict(f.Xte);
      s.free();
    }
  }
  const best = new Map<string, Record<string, number | undefined>>(DATASETS.map((d) => [d.name, {}]));
  let skSeen = false;
  for (let round = 0; round < rounds; round++) {
    for (const { name, task } of DATASETS) {
      const folds = await scaledFolds(name);
      const reg = task === 'regression';
      const make = (engine: 'libsvm' | 'libsvm-js'): SVC | SVR => (reg ? new SVR({ engine }) : new SVC({ engine }));
      // Raw libsvm-js: same options, gamma computed beforehand as scikit-learn's 'scale'.
      const opts = (f: ScaledFold) => ({
        type: reg ? SVM.SVM_TYPES.EPSILON_SVR : SVM.SVM_TYPES.C_SVC,
        kernel: SVM.KERNEL_TYPES.RBF,
        gamma: resolveGamma('scale', Matrix.fromRows(f.Xtr)),
        cost: 1,
        quiet: true,
      });
      const labels = (f: ScaledFold): number[] => (reg ? (f.ytr as number[]) : codes(f.ytr));
      const now = { fit: 0, engineFit: 0, rawFit: 0, predict: 0, enginePredict: 0, rawPredict: 0, fitCpu: 0, predictCpu: 0 };
      for (const f of folds) {
        const o = opts(f);
        const y = labels(f);
        const [a, b, c] = await timeitEach([
          async () => (await make('libsvm').fit(f.Xtr, f.ytr)).dispose(),
          async () => (await make('libsvm-js').fit(f.Xtr, f.ytr)).dispose(),
          () => {
            const r = new SVM(o);
            r.train(f.Xtr, y);
            r.free();
          },
        ]);
        now.fit += a!.wall / folds.length;
        now.fitCpu += a!.cpu / folds.length;
        now.engineFit += b!.wall / folds.length;
        now.rawFit += c!.wall / folds.length;
        const m = await make('libsvm').fit(f.Xtr, f.ytr);
        const e = await make('libsvm-js').fit(f.Xtr, f.ytr);
        const r = new SVM(o);
        r.train(f.Xtr, y);
        const [p, q, t] = await timeitEach([() => m.predict(f.Xte), () => e.predict(f.Xte), () => r.predict(f.Xte)]);
        now.predict += p!.wall / folds.length;
        now.predictCpu += p!.cpu / folds.length;
        now.enginePredict += q!.wall / folds.length;
        now.rawPredict += t!.wall / folds.length;
        m.dispose();
        e.dispose();
        r.free();
      }
      minInto(best.get(name)!, now);
    }
    const sk = runPython(SKLEARN_SVM_CV, [JSON.stringify(DATASETS.map((d) => [d.name, d.task === 'regression']))]);
    if (sk) skSeen = true;
    for (const { name } of DATASETS) {
      const s = sk?.[name] as { fit: number; predict: number; fitCpu: number; predictCpu: number } | undefined;
      minInto(best.get(name)!, { skFit: s?.fit, skPredict: s?.predict, skFitCpu: s?.fitCpu, skPredictCpu: s?.predictCpu });
    }
  }
  if (skSeen) console.log('scikit-learn timed in /usr/bin/python3 on the same folds, after ours in each round.\n');
  const rows: Array<Array<string | number | undefined>> = [];
  const cpuRows: Array<Array<string | number | undefined>> = [];
  for (const { name } of DATASETS) {
    const b = best.get(name)!;
    const ref = await referenceTimes(name, 'svm');
    rows.push([
      name,
      b.fit,
      b.engineFit,
      b.rawFit,
      b.skFit,
      ratio(b.fit!, b.skFit),
      ratio(b.fit!, ref.fitMs),
      ratio(b.engineFit!, b.skFit),
      b.predict,
      b.enginePredict,
      b.rawPredict,
      b.skPredict,
      ratio(b.predict!, b.skPredict),
      ratio(b.predict!, ref.predictMs),
      ratio(b.enginePredict!, b.skPredict),
    ]);
    cpuRows.push([name, b.fitCpu, b.skFitCpu, ratio(b.fitCpu!, b.skFitCpu), b.predictCpu, b.skPredictCpu, ratio(b.predictCpu!, b.skPredictCpu)]);
  }
  console.log("## Bundled data sets (SVC / SVR): engine 'libsvm' (ours, default), engine 'libsvm-js', the raw libsvm-js call\n");
  console.log(`'÷ sklearn ref': against the per-fold times in datasets/reference/sklearn-1.2.1.json (measured on an idle machine). ${load()}.\n`);
  printTable(
    ['data set', 'ours fit', "engine 'libsvm-js' fit", 'raw libsvm-js fit', 'sklearn fit', 'fit ÷ sklearn', '÷ sklearn ref', "'libsvm-js' fit ÷ sklearn", 'ours predict', "engine 'libsvm-js' predict", 'raw libsvm-js predict', 'sklearn predict', 'predict ÷ sklearn', '÷ sklearn ref', "'libsvm-js' predict ÷ sklearn"],
    rows,
  );
  console.log('The same in CPU time (user + system of each process: less sensitive to the load of a shared machine; our fits use one thread, as libsvm in scikit-learn):\n');
  printTable(['data set', 'ours fit CPU', 'sklearn fit CPU', 'fit CPU ÷ sklearn', 'ours predict CPU', 'sklearn predict CPU', 'predict CPU ÷ sklearn'], cpuRows);
  if (!quick) {
    const folds = await scaledFolds('breast_cancer');
    const mfit = await foldTime(folds, (f) => new SVC({ engine: 'ml-svm' }).fit(f.Xtr, f.ytr));
    let mpred = 0;
    for (const f of folds) {
      const m = await new SVC({ engine: 'ml-svm' }).fit(f.Xtr, f.ytr);
      mpred += (await timeit(() => m.predict(f.Xte), 0)) / folds.length;
    }
    const b = best.get('breast_cancer')!;
    console.log("## The 'ml-svm' engine (binary data set only)\n");
    printTable(['data set', 'model', 'fit', 'predict', 'fit ÷ sklearn', 'predict ÷ sklearn', "fit ÷ engine 'libsvm'"], [['breast_cancer', "SVC engine 'ml-svm'", mfit, mpred, ratio(mfit, b.skFit), ratio(mpred, b.skPredict), ratio(mfit, b.fit)]]);
  }
  if (!scaling) return;
  console.log('## Scaling: generated classification data (n rows × 20 features), SVC fit and predict\n');
  console.log(`${scalingDataNote()} Ours and scikit-learn: once per round, alternately, the minimum over ${rounds} round(s); libsvm-js once.\n`);
  const withSk = reportSklearn();
  const srows: Array<Array<string | number | undefined>> = [];
  let prev: { n: number; ours: number } | undefined;
  // SVC to 20,000 rows (issue 15): libsvm's time grows about with the square of the rows.
  const sizes = process.argv.includes('--sizes') ? scalingSizes(quick) : quick ? [1000, 10_000] : [1000, 10_000, 20_000];
  for (const n of sizes) {
    // Skip a size when the time projected from the previous one (quadratic) exceeds 120 s.
    const projected = prev ? prev.ours * (n / prev.n) ** 2 : 0;
    if (projected > 120_000) {
      srows.push([n, `skipped (projected ${(projected / 1000).toFixed(0)} s)`]);
      continue;
    }
    const g = scalingData(n);
    const Xtr = g.Xtr.toArray();
    const Xte = g.Xte.toArray();
    const b: Record<string, number | undefined> = {};
    let acc = 0;
    let skAcc: number | undefined;
    for (let round = 0; round < rounds; round++) {
      const c0 = cpuMs();
      const fit = await once(() => new SVC().fit(Xtr, g.ytr));
      const c1 = cpuMs();
      const pred = await once(() => fit.value.predict(Xte));
      const c2 = cpuMs();
      acc = pred.value.filter((v, i) => v === g.yte[i]).length / g.yte.length;
      fit.value.dispose();
      const s = withSk ? runPython(SKLEARN_SVC_SCALING, [JSON.stringify(g.files)]) : null;
      skAcc = s?.accuracy;
      minInto(b, { fit: fit.ms, predict: pred.ms, fitCpu: c1 - c0, predictCpu: c2 - c1, skFit: s?.fit, skPredict: s?.predict, skFitCpu: s?.fitCpu, skPredictCpu: s?.predictCpu });
    }
    const gamma = resolveGamma('scale', g.Xtr);
    const raw = new SVM({ type: SVM.SVM_TYPES.C_SVC, kernel: SVM.KERNEL_TYPES.RBF, gamma, cost: 1, quiet: true });
    const rf = await once(() => raw.train(Xtr, g.ytr));
    const rp = await once(() => raw.predict(Xte));
    raw.free();
    srows.push([n, b.fit, b.predict, b.skFit, b.skPredict, ratio(b.fit!, b.skFit), ratio(b.predict!, b.skPredict), ratio(b.fitCpu!, b.skFitCpu), ratio(b.predictCpu!, b.skPredictCpu), rf.ms, rp.ms, ratio(rf.ms, b.skFit), acc.toFixed(4), skAcc?.toFixed(4)]);
    prev = { n, ours: b.fit! + b.predict! };
  }
  console.log(`${load()}.\n`);
  printTable(['n', 'ours fit', 'ours predict', 'sklearn fit', 'sklearn predict', 'fit ÷ sklearn', 'predict ÷ sklearn', 'fit CPU ÷ sklearn', 'predict CPU ÷ sklearn', 'raw libsvm-js fit', 'raw libsvm-js predict', 'libsvm-js fit ÷ sklearn', 'ours acc', 'sklearn acc'], srows);
}

await main();
