/**
 * Cost of checking a model file (issue 11, "model files cannot lie"): `fromJSON` now checks every
 * field of the learned state against the others and the parameters before the model uses it.
 * For each model (default parameters; MLP with one hidden layer of 32 and 50 epochs), fitted on
 * fold 0 of the reference folds of digits (1,797 × 64, classifiers) and diabetes (442 × 10,
 * regressors), this prints the size of its JSON text, the time of `JSON.parse` alone, the time of
 * `fromJSON(text)` (parse + checks + construction), the ratio of the two, and the time of
 * predicting the fold's test rows once after loading (SVM and MLP load their engines lazily there).
 * Each timing is the fastest of `--reps` runs (default 20) after 3 untimed ones (the machine is shared).
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/model-json.ts [--reps 20]
 */
import { DummyClassifier, DummyRegressor, foldMatrices, type Model } from '@mlcompare/core';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '@mlcompare/cart';
import { referenceData } from '@mlcompare/datasets';
import { KNNClassifier, KNNRegressor } from '@mlcompare/knn';
import { LinearRegression, LogisticRegression, Perceptron, Ridge } from '@mlcompare/linear';
import { MLPClassifier, MLPRegressor } from '@mlcompare/mlp';
import { SVC, SVR } from '@mlcompare/svm';

const i = process.argv.indexOf('--reps');
const REPS = i >= 0 ? Number(process.argv[i + 1]) : 20;

interface Loadable {
  new (params?: any): Model<any>;
  fromJSON(json: unknown): Model<any>;
}

function fastest(fn: () => void): number {
  for (let k = 0; k < 3; k++) fn();
  let best = Infinity;
  for (let k = 0; k < REPS; k++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const mlp = { hiddenLayerSizes: [32], maxIter: 50 };
const cases: Array<[string, Loadable, Record<string, unknown>]> = [
  ['digits', DummyClassifier, {}],
  ['digits', LogisticRegression, {}],
  ['digits', Perceptron, {}],
  ['digits', KNNClassifier, {}],
  ['digits', SVC, {}],
  ['digits', DecisionTreeClassifier, {}],
  ['digits', MLPClassifier, mlp],
  ['diabetes', DummyRegressor, {}],
  ['diabetes', LinearRegression, {}],
  ['diabetes', Ridge, {}],
  ['diabetes', KNNRegressor, {}],
  ['diabetes', SVR, {}],
  ['diabetes', DecisionTreeRegressor, {}],
  ['diabetes', MLPRegressor, mlp],
];

console.log(`fromJSON cost, fastest of ${REPS} (ms)`);
console.log('model                   data      JSON KB    parse  fromJSON  fromJSON/parse  first predict');
for (const [data, Model, params] of cases) {
  const ref = await referenceData(data);
  const fold = foldMatrices(ref.data, ref.folds[0]!, { needsScaling: true, handlesMissing: false, probabilities: false });
  const m = await new Model(params).fit(fold.Xtrain, fold.yTrain);
  const text = JSON.stringify(m.toJSON());
  m.dispose();
  const parse = fastest(() => JSON.parse(text));
  const load = fastest(() => Model.fromJSON(text).dispose());
  const back = Model.fromJSON(text);
  const t = performance.now();
  await back.predict(fold.Xtest);
  const predict = performance.now() - t;
  back.dispose();
  console.log(
    `${back.modelName.padEnd(23)} ${data.padEnd(9)} ${(text.length / 1024).toFixed(1).padStart(8)} ${parse.toFixed(3).padStart(8)} ${load.toFixed(3).padStart(9)} ${(load / parse).toFixed(2).padStart(15)} ${predict.toFixed(2).padStart(14)}`,
  );
}
