/**
 * The 'ml-random-forest' engine: our parameters mapped to the options of the
 * [ml-random-forest](https://github.com/mljs/random-forest) 2.1.0 library (mljs), which grows
 * ml-cart trees. What it cannot express is refused by {@link checkForestParams}.
 */
import { StateReader, describeJsonValue, stateError, type StateContext } from '@mlcompare/core';
import { readMlCart, resolveMaxFeatures, type MaxFeatures } from '@mlcompare/cart/engine';
import type { ForestParams } from './forest.js';

/** Options passed to ml-random-forest's constructors. */
export interface MlForestOptions {
  nEstimators: number;
  maxFeatures: number;
  replacement: boolean;
  useSampleBagging: boolean;
  noOOB: boolean;
  seed: number;
  treeOptions: { gainFunction?: string; minNumSamples: number; maxDepth: number; gainThreshold: number };
  selectionMethod?: 'mean';
}

/**
 * ml-random-forest's options for our parameters on data with `d` features.
 *
 * - `maxFeatures` is resolved to a count as scikit-learn resolves it, then passed as a fraction
 *   that ml-random-forest floors back to that count (it reads an integer 1 as "100 %"). It draws
 *   the features once per tree (without replacement), not at each split.
 * - `bootstrap` → `useSampleBagging`; trees: `minNumSamples = minSamplesSplit − 1`,
 *   `maxDepth`, `gainThreshold = 0`, as @mlcompare/cart maps them for ml-cart.
 * - `seed` → a 31-bit seed for its Mersenne Twister (random-js).
 */
export function mlForestOptions(p: ForestParams, d: number, caller: string, gainFunction: string | undefined): MlForestOptions {
  const count = resolveMaxFeatures(p.maxFeatures as MaxFeatures, d, caller);
  return {
    nEstimators: p.nEstimators,
    maxFeatures: count === d ? 1.0 : (count + 0.5) / d,
    replacement: false,
    useSampleBagging: p.bootstrap,
    noOOB: true,
    seed: p.seed % 2147483648,
    treeOptions: {
      ...(gainFunction === undefined ? {} : { gainFunction }),
      minNumSamples: p.minSamplesSplit - 1,
      maxDepth: p.maxDepth ?? Infinity,
      gainThreshold: 0,
    },
  };
}

/**
 * Checks ml-random-forest's JSON (the field `model` of `r`) before the library loads it: its
 * name tag (and the regressor's `selectionMethod`), its options against the parameters and
 * `state.nFeatures` (as {@link mlForestOptions} makes them), `indexes` (per tree, the `n`
 * distinct features it sees, each below `state.nFeatures`), and each of the `nEstimators` trees
 * as @mlcompare/cart checks an ml-cart tree (its `splitColumn`s index the tree's own features).
 * @param r - the reader of `state.model`.
 * @param ctx - the model's context.
 * @param p - the forest's parameters.
 * @param nClasses - the classes of a classifier; undefined for a regressor.
 * @returns a copy of the JSON, for the library's `load` (and to be written back unchanged).
 * @throws {@link @mlcompare/core!SerializationError | SerializationError} naming the field and the rule.
 */
export function readMlForest(r: StateReader, ctx: StateContext, p: ForestParams, nClasses: number | undefined): unknown {
  const isClf = nClasses !== undefined;
  const raw = r.raw('model');
  const m = StateReader.of(ctx.owner, r.at('model'), raw);
  m.equal('name', isClf ? 'RFClassifier' : 'RFRegression', "ml-random-forest's tag for this model");
  if (!isClf) m.equal('selectionMethod', 'mean', 'the regressor averages its trees');
  let o: MlForestOptions;
  try {
    o = mlForestOptions(p, ctx.nFeatures, `${ctx.owner}.fromJSON`, isClf ? 'gini' : undefined);
  } catch {
    throw stateError(ctx.owner, 'state.nFeatures', `at least params.maxFeatures (${String(p.maxFeatures)})`, String(ctx.nFeatures));
  }
  const count = resolveMaxFeatures(p.maxFeatures as MaxFeatures, ctx.nFeatures, `${ctx.owner}.fromJSON`);
  const b = m.object('baseModel');
  const why = 'from the parameters and state.nFeatures';
  b.equal('nEstimators', o.nEstimators, 'params.nEstimators');
  b.equal('n', count, `features per tree: params.maxFeatures of state.nFeatures ${ctx.nFeatures}`);
  b.equal('maxFeatures', o.maxFeatures, why);
  b.equal('replacement', o.replacement, why);
  b.equal('useSampleBagging', o.useSampleBagging, 'params.bootstrap');
  b.equal('isClassifier', isClf, 'the task');
  b.equal('seed', o.seed, 'params.seed');
  const t = b.object('treeOptions');
  // JSON writes maxDepth Infinity as null.
  const treeOptions: Record<string, string | number | null> = { ...o.treeOptions, maxDepth: p.maxDepth };
  for (const [key, value] of Object.entries(treeOptions)) {
    if (t.raw(key) !== value) throw stateError(ctx.owner, t.at(key), `${describeJsonValue(value)} (${why})`, describeJsonValue(t.raw(key)));
  }
  t.done();
  const indexes = b.raw('indexes');
  const estimators = b.raw('estimators');
  b.done();
  m.done();
  const trees = `an array of ${p.nEstimators} items (params.nEstimators)`;
  if (!Array.isArray(indexes) || indexes.length !== p.nEstimators) throw stateError(ctx.owner, b.at('indexes'), trees, describeJsonValue(indexes));
  if (!Array.isArray(estimators) || estimators.length !== p.nEstimators) throw stateError(ctx.owner, b.at('estimators'), trees, describeJsonValue(estimators));
  for (let i = 0; i < p.nEstimators; i++) {
    const at = `${b.at('indexes')}[${i}]`;
    const idx = StateReader.of(ctx.owner, b.path, { [`indexes[${i}]`]: indexes[i] }).int32(`indexes[${i}]`, {
      length: count,
      min: 0,
      max: ctx.nFeatures - 1,
      why: `baseModel.n features: below state.nFeatures ${ctx.nFeatures}`,
    });
    if (new Set(idx).size !== idx.length) throw stateError(ctx.owner, at, 'distinct features', describeJsonValue(indexes[i]));
    readMlCart(`${b.at('estimators')}[${i}]`, estimators[i], { ...ctx, nFeatures: count }, {
      name: isClf ? 'DTClassifier' : 'DTRegression',
      options: { ...(isClf ? { gainFunction: 'gini' } : { gainFunction: 'regression' }), splitFunction: 'mean', minNumSamples: o.treeOptions.minNumSamples, maxDepth: p.maxDepth, gainThreshold: 0, kind: isClf ? 'classifier' : 'regression' },
      ...(isClf ? { nClasses } : {}),
      maxDepth: p.maxDepth,
    });
  }
  return JSON.parse(JSON.stringify(raw)) as unknown;
}
