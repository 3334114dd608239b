/**
 * Speed of @mlcompare/svm against the raw libsvm-js call and scikit-learn 1.2.1, side by side in
 * one run on the reference folds (StandardScaler fit on each training fold), then a scaling run
 * on generated data (1,000 / 10,000 / 100,000 rows × 20 features, made by perf/scaling-data.ts
 * with @mlcompare/datasets' makeClassification; scikit-learn reads the same matrices, and without
 * it ours and libsvm-js still run). Also times the 'ml-svm' engine on the one binary data set
 * (breast_cancer).
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/svm.ts [--quick] [--no-scaling] [--sizes 1000,10000]
 *
 * The harness (median of repeated calls, Python side in /usr/bin/python3) is in perf/knn.ts.
 */
import { SVC, SVR, resolveGamma } from '@mlcompare/svm';
import { Matrix } from '@mlcompare/core';
import type { LibsvmClass } from 'libsvm-js';
import { referenceTimes } from '@mlcompare/datasets';
import { DATASETS, codes, foldTime, timeitPair, once, printTable, ratio, requireFrom, runPython, scaledFolds, timeit, type ScaledFold } from './knn.js';
import { pythonScalingScript, reportSklearn, scalingData, scalingDataNote, scalingSizes } from './scaling-data.js';

const SKLEARN_SVM_CV = `
from sklearn.svm import SVC, SVR
out = {}
for name, reg in json.loads(sys.argv[2]):
    fs = folds_of(name, reg)
    mk = (lambda: SVR(kernel='rbf', C=1.0, gamma='scale')) if reg else (lambda: SVC(kernel='rbf', C=1.0, gamma='scale'))
    fit = sum(timeit(lambda: mk().fit(a, c)) for a, b, c, d in fs) / len(fs)
    pred = 0.0
    for a, b, c, d in fs:
        m = mk().fit(a, c)
        pred += timeit(lambda: m.predict(b)) / len(fs)
    out[name] = {'fit': fit, 'predict': pred}
print(json.dumps(out))
`;

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

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const scaling = !process.argv.includes('--no-scaling');
  const SVM = await rawLibsvm();
  console.log(`# SVM speed (rbf, C 1, gamma 'scale'): @mlcompare/svm vs libsvm-js 0.2.1 vs scikit-learn\n`);
  console.log(`node ${process.version}; times in ms per fold (mean over 5 folds of the median of repeated calls)\n`);
  const sk = runPython(SKLEARN_SVM_CV, [JSON.stringify(DATASETS.map((d) => [d.name, d.task === 'regression']))]);
  if (sk) console.log('scikit-learn timed in /usr/bin/python3 on the same folds.\n');
  // Warm-up (JIT, WASM tiers): one untimed round of every call on an iris fold.
  {
    const f = (await scaledFolds('iris'))[0]!;
    for (let i = 0; i < 20; i++) {
      const m = await new SVC().fit(f.Xtr, f.ytr);
      await m.predict(f.Xte);
      m.dispose();
      const s = new SVM({ type: SVM.SVM_TYPES.C_SVC, kernel: SVM.KERNEL_TYPES.RBF, gamma: 0.25, cost: 1, quiet: true });
      s.train(f.Xtr, codes(f.ytr));
      s.predict(f.Xte);
      s.free();
    }
  }
  const rows: Array<Array<string | number | undefined>> = [];
  let mlsvmRow: Array<string | number | undefined> | undefined;
  for (const { name, task } of DATASETS) {
    const folds = await scaledFolds(name);
    const reg = task === 'regression';
    const make = (): SVC | SVR => (reg ? new SVR() : new SVC());
    // Raw libsvm-js: same options, gamma computed beforehand as scikit-learn's 'scale'.
    const opts = (f: ScaledFold) => ({
      type: reg ? SVM.SVM_TYPES.EPSILON_SVR : SVM.SVM_TYPES.C_SVC,
      kernel: SVM.KERNEL_TYPES.RBF,
      gamma: resolveGamma('scale', Matrix.fromRows(f.Xtr)),
      cost: 1,
      quiet: true,
    });
    const labels = (f: ScaledFold): number[] => (reg ? (f.ytr as number[]) : codes(f.ytr));
    // Ours and the raw call are timed alternately, fold by fold (see timeitPair).
    let fit = 0;
    let rawFit = 0;
    let predict = 0;
    let rawPredict = 0;
    for (const f of folds) {
      const o = opts(f);
      const y = labels(f);
      const [a, b] = await timeitPair(
        async () => (await make().fit(f.Xtr, f.ytr)).dispose(),
        () => {
          const r = new SVM(o);
          r.train(f.Xtr, y);
          r.free();
        },
      );
      fit += a / folds.length;
      rawFit += b / folds.length;
      const m = await make().fit(f.Xtr, f.ytr);
      const r = new SVM(o);
      r.train(f.Xtr, y);
      const [c, d] = await timeitPair(() => m.predict(f.Xte), () => r.predict(f.Xte));
      predict += c / folds.length;
      rawPredict += d / folds.length;
      m.dispose();
      r.free();
    }
    const s = sk?.[name] as { fit: number; predict: number } | undefined;
    const ref = await referenceTimes(name, 'svm');
    rows.push([name, fit, rawFit, s?.fit, ratio(fit, s?.fit), ratio(fit, ref.fitMs), ratio(fit, rawFit), predict, rawPredict, s?.predict, ratio(predict, s?.predict), ratio(predict, ref.predictMs), ratio(predict, rawPredict)]);
    if (name === 'breast_cancer' && !quick) {
      const mfit = await foldTime(folds, (f) => new SVC({ engine: 'ml-svm' }).fit(f.Xtr, f.ytr));
      let mpred = 0;
      for (const f of folds) {
        const m = await new SVC({ engine: 'ml-svm' }).fit(f.Xtr, f.ytr);
        mpred += (await timeit(() => m.predict(f.Xte), 0)) / folds.length;
      }
      mlsvmRow = [name, "SVC engine 'ml-svm'", mfit, mpred, ratio(mfit, s?.fit), ratio(mpred, s?.predict), ratio(mfit, fit)];
    }
  }
  console.log("## Bundled data sets (SVC / SVR, engine 'libsvm-js')\n");
  console.log("'÷ sklearn ref': against the per-fold times in datasets/reference/sklearn-1.2.1.json (measured on an idle machine).\n");
  printTable(
    ['data set', 'ours fit', 'libsvm-js fit', 'sklearn fit', 'fit ÷ sklearn', '÷ sklearn ref', 'fit ÷ libsvm-js', 'ours predict', 'libsvm-js predict', 'sklearn predict', 'predict ÷ sklearn', '÷ sklearn ref', 'predict ÷ libsvm-js'],
    rows,
  );
  if (mlsvmRow) {
    console.log("## The 'ml-svm' engine (binary data set only)\n");
    printTable(['data set', 'model', 'fit', 'predict', 'fit ÷ sklearn', 'predict ÷ sklearn', "fit ÷ engine 'libsvm-js'"], [mlsvmRow]);
  }
  if (!scaling) return;
  console.log('## Scaling: generated classification data (n rows × 20 features), SVC fit + predict once\n');
  console.log(`${scalingDataNote()}\n`);
  const withSk = reportSklearn();
  const srows: Array<Array<string | number | undefined>> = [];
  let prev: { n: number; ours: number; sk?: number } | undefined;
  for (const n of scalingSizes(quick)) {
    // Skip a size when the time projected from the previous one (quadratic) exceeds 120 s.
    const projected = prev ? prev.ours * (n / prev.n) ** 2 : 0;
    const skProjected = prev?.sk !== undefined ? prev.sk * (n / prev.n) ** 2 : 0;
    if (projected > 120_000) {
      srows.push([n, `skipped (projected ${(projected / 1000).toFixed(0)} s)`, undefined, undefined, undefined, skProjected > 120_000 ? `skipped (projected ${(skProjected / 1000).toFixed(0)} s)` : undefined]);
      continue;
    }
    const g = scalingData(n);
    const Xtr = g.Xtr.toArray();
    const Xte = g.Xte.toArray();
    const fit = await once(() => new SVC().fit(Xtr, g.ytr));
    const pred = await once(() => fit.value.predict(Xte));
    const acc = pred.value.filter((v, i) => v === g.yte[i]).length / g.yte.length;
    fit.value.dispose();
    const gamma = resolveGamma('scale', g.Xtr);
    const raw = new SVM({ type: SVM.SVM_TYPES.C_SVC, kernel: SVM.KERNEL_TYPES.RBF, gamma, cost: 1, quiet: true });
    const rf = await once(() => raw.train(Xtr, g.ytr));
    const rp = await once(() => raw.predict(Xte));
    raw.free();
    const s = withSk ? runPython(pythonScalingScript("__import__('sklearn.svm').svm.SVC(kernel='rbf', C=1.0, gamma='scale')"), [JSON.stringify(g.files)]) : null;
    srows.push([n, fit.ms, pred.ms, rf.ms, rp.ms, s?.fit, s?.predict, ratio(fit.ms + pred.ms, s ? s.fit + s.predict : undefined), ratio(fit.ms + pred.ms, rf.ms + rp.ms), acc.toFixed(4), s?.accuracy?.toFixed(4)]);
    prev = { n, ours: fit.ms + pred.ms, sk: s ? s.fit + s.predict : undefined };
  }
  printTable(['n', 'ours fit', 'ours predict', 'libsvm-js fit', 'libsvm-js predict', 'sklearn fit', 'sklearn predict', '(fit+predict) ÷ sklearn', '÷ libsvm-js', 'ours acc', 'sklearn acc'], srows);
}

await main();
