/**
 * Fixed cost per epoch of @mlcompare/mlp (a benchmark, not a test): fits every fold of one data set
 * with scikit-learn's defaults, repeatedly, and prints the fastest and median ms per fold and µs per
 * epoch. On iris (120 training rows, batch 'auto' = 120) an epoch is one step, so this measures
 * the per-step and per-epoch overhead of the training loop. For a CPU profile:
 *
 *   pnpm --dir benchmarks exec tsx --cpu-prof --cpu-prof-dir=../reports/prof --conditions=@mlcompare/source perf/mlp-epoch.ts [--data iris] [--reps 5] [--backend wasm]
 */
import { parseArgs } from 'node:util';
import { foldMatrices } from '@mlcompare/core';
import { listDatasets, referenceData } from '@mlcompare/datasets';
import { MLPClassifier, MLPRegressor, loadTensorFlow, type TfBackendChoice } from '@mlcompare/mlp';

const { values: opt } = parseArgs({
  options: {
    data: { type: 'string', default: 'iris' },
    reps: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'wasm' },
    predict: { type: 'boolean', default: false },
  },
});
const DATASETS = await listDatasets();
const name = opt.data!;
const info = DATASETS.find((d) => d.name === name);
if (!info) throw new Error(`--data must be one of ${DATASETS.map((d) => d.name).join(', ')}, got ${opt.data}`);
const BACKEND = opt.backend as TfBackendChoice;
const REPS = Number(opt.reps);

const { tf, backend } = await loadTensorFlow(BACKEND);
// The reference folds (StandardScaler per fold) as number[][], as a user would pass them.
const ref = await referenceData(name);
const folds = ref.folds.map((fold) => {
  const f = foldMatrices(ref.data, fold, { needsScaling: true, handlesMissing: false, probabilities: false });
  return { Xtr: f.Xtrain.toArray(), Xte: f.Xtest.toArray(), ytr: f.yTrain, yte: f.yTest };
});
const make = (): MLPClassifier | MLPRegressor => (info.task === 'classification' ? new MLPClassifier({ backend: BACKEND }) : new MLPRegressor({ backend: BACKEND }));

const tensors0 = tf.memory().numTensors;
const perFold: number[] = [];
const perEpoch: number[] = [];
const perPredict: number[] = [];
for (let rep = 0; rep <= REPS; rep++) {
  for (const f of folds) {
    const m = make();
    const t0 = performance.now();
    await m.fit(f.Xtr, f.ytr);
    const ms = performance.now() - t0;
    if (rep > 0) {
      perFold.push(ms);
      perEpoch.push((ms * 1000) / m.history!.epochs);
    }
    if (opt.predict) {
      const t1 = performance.now();
      for (let i = 0; i < 20; i++) await m.predict(f.Xte);
      if (rep > 0) perPredict.push(((performance.now() - t1) * 1000) / 20);
    }
    m.dispose();
  }
}
const q = (a: number[], p: number): number => [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))]!;
console.log(`${name}, backend ${backend}, ${REPS} reps × ${folds.length} folds`);
console.log(`ms per fold: fastest ${q(perFold, 0).toFixed(1)}, median ${q(perFold, 0.5).toFixed(1)}`);
console.log(`µs per epoch: fastest ${q(perEpoch, 0).toFixed(0)}, median ${q(perEpoch, 0.5).toFixed(0)}`);
if (opt.predict) console.log(`µs per predict (${folds[0]!.Xte.length} rows): fastest ${q(perPredict, 0).toFixed(0)}, median ${q(perPredict, 0.5).toFixed(0)}`);
console.log(`tensors before ${tensors0}, after ${tf.memory().numTensors}`);
