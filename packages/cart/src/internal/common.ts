/**
 * What the classifier and the regressor share: parameter declarations, the float32 column
 * conversion, `maxFeatures` resolution, growing with the 'fast' engine, the ml-cart parameter
 * mapping, and the importances and shape of a fitted tree of either engine.
 */
import {
  InputError,
  ParameterError,
  float,
  formatValue,
  int,
  nullValue,
  oneOf,
  seedParam,
  union,
  type Matrix,
  type ParamDecl,
} from '@mlcompare/core';
import { sklearnTreeRandom } from '@mlcompare/core/internal';
import type { MlCartNode } from 'ml-cart';
import { MAX_SAMPLES, growTree, type ColumnData, type Criterion, type Target } from './builder.js';
import { countLeaves, featureImportances, type TreeArrays } from './tree.js';

/** The engines: our CART on typed arrays, or the ml-cart library. */
const ENGINES = ['fast', 'ml-cart'] as const;
/** An engine name. */
type Engine = (typeof ENGINES)[number];
/** What `maxFeatures` accepts. */
export type MaxFeatures = null | 'sqrt' | 'log2' | number;

/**
 * How a tree grows: the parameters both trees and both forests (`@mlcompare/ensemble`) declare
 * identically, but for the default of `maxFeatures`.
 * @param maxFeaturesDefault - null (all features) for a tree and the regression forest, 'sqrt' for the classification forest, as scikit-learn 1.2.
 */
export function growthSpec(maxFeaturesDefault: MaxFeatures = null) {
  return {
    maxDepth: union<number | null>([nullValue(), int({ default: 1, min: 1, doc: 'Deepest level.' })], {
      default: null,
      doc: 'Deepest level a tree grows to (the root is level 0); null grows until leaves are pure or too small to split.',
    }),
    minSamplesSplit: int({ default: 2, min: 2, doc: 'Fewest samples a node needs to be split.' }),
    minSamplesLeaf: int({ default: 1, min: 1, doc: 'Fewest samples each child of a split must keep.' }),
    maxFeatures: union<MaxFeatures>(
      [
        nullValue(),
        oneOf(['sqrt', 'log2'] as const, { default: 'sqrt', doc: 'sqrt or log2 of the number of features.' }),
        int({ default: 1, min: 1, doc: 'A number of features.' }),
        float({ default: 0.5, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'A fraction of the features.' }),
      ],
      {
        default: maxFeaturesDefault,
        doc: "Features drawn at random and searched at each split: null (all), 'sqrt', 'log2', an integer count, or a fraction in (0, 1).",
      },
    ),
    minImpurityDecrease: float({
      default: 0,
      min: 0,
      doc: 'A node is split only if the split decreases the weighted impurity, N_t / N · (impurity − N_R/N_t · right − N_L/N_t · left), by at least this.',
    }),
  };
}

/** The parameters both trees declare identically (everything but `criterion`). */
export function commonSpec() {
  return {
    ...growthSpec(),
    seed: seedParam("Seed of the random order in which features are searched (it decides between equally good splits); the same draws as scikit-learn's random_state."),
    engine: oneOf(ENGINES, {
      default: 'fast',
      doc: "'fast': CART on typed arrays following scikit-learn's best splitter; 'ml-cart': the ml-cart library (gini / squared error only, no maxFeatures, minSamplesLeaf 1).",
    }) as ParamDecl<Engine>,
  };
}

/** Largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Converts a row-major matrix to float32 columns, as scikit-learn converts X to float32 for its
 * trees.
 * @throws {@link @mlcompare/core!InputError | InputError} when a value is too large for float32 or there are too many rows.
 */
export function toColumns(X: Matrix, caller: string): ColumnData {
  const { rows: n, cols: d, data } = X;
  if (n >= MAX_SAMPLES) {
    throw new InputError(`Argument 'X' passed to '${caller}' must have fewer than ${MAX_SAMPLES} rows, but got ${n}.`);
  }
  const xt = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let f = 0; f < d; f++) {
      const v = data[row + f]!;
      if (v > FLOAT32_MAX || v < -FLOAT32_MAX) {
        throw new InputError(
          `Argument 'X' passed to '${caller}' must hold values that fit in float32 (|x| <= 3.4e38), as decision trees compare features in float32, but got ${formatValue(v)} at row ${i}, column ${f}.`,
        );
      }
      xt[f * n + i] = v;
    }
  }
  return { xt, n, d };
}

/**
 * The number of features searched per split, as scikit-learn 1.2.1 resolves `max_features`.
 * @throws {@link @mlcompare/core!InputError | InputError} when an integer count exceeds the number of features.
 */
export function resolveMaxFeatures(maxFeatures: MaxFeatures, d: number, caller: string): number {
  let m: number;
  if (maxFeatures === null) m = d;
  else if (maxFeatures === 'sqrt') m = Math.max(1, Math.floor(Math.sqrt(d)));
  else if (maxFeatures === 'log2') m = Math.max(1, Math.floor(Math.log2(d)));
  else if (Number.isInteger(maxFeatures)) m = maxFeatures;
  else m = Math.max(1, Math.floor(maxFeatures * d));
  if (m > d) {
    throw new InputError(
      `The 'maxFeatures' parameter passed to '${caller}' must be at most the number of features of X (${d}). Got ${formatValue(maxFeatures)} instead.`,
    );
  }
  return m;
}

/** The parameters the 'fast' engine reads (everything but `criterion` and `engine`). */
interface FastParams {
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  minImpurityDecrease: number;
  seed: number;
}

/**
 * Grows a tree with the 'fast' engine, as both models' `fit` does: X as float32 columns,
 * `maxFeatures` resolved, and the feature draws from scikit-learn's own random stream (see
 * @mlcompare/core's sklearn-random.ts), so that `seed: s` grows the tree `random_state=s` grows.
 * @throws {@link @mlcompare/core!InputError | InputError} for X that float32 cannot hold or a `maxFeatures` above the number of features.
 */
export function growFast(X: Matrix, target: Target, criterion: Criterion, p: FastParams, caller: string): TreeArrays {
  const options = {
    criterion,
    maxDepth: p.maxDepth ?? 2147483647,
    minSamplesSplit: p.minSamplesSplit,
    minSamplesLeaf: p.minSamplesLeaf,
    maxFeatures: resolveMaxFeatures(p.maxFeatures, X.cols, caller),
    minImpurityDecrease: p.minImpurityDecrease,
  };
  return growTree(toColumns(X, caller), target, options, sklearnTreeRandom(p.seed));
}

/**
 * What a tree read from JSON must respect of the growth parameters (see `readTree`): the depth
 * limit, the fewest samples of a split node (as the builder: max of minSamplesSplit and
 * 2 · minSamplesLeaf) and of any node but the root.
 */
export function treeExpectations(p: { maxDepth: number | null; minSamplesSplit: number; minSamplesLeaf: number }): { maxDepth: number | null; minSplit: number; minLeaf: number } {
  return { maxDepth: p.maxDepth, minSplit: Math.max(p.minSamplesSplit, 2 * p.minSamplesLeaf), minLeaf: p.minSamplesLeaf };
}

/** The fitted state both models share the shape of: our flat tree, or an ml-cart model. */
export type FittedTree = { engine: 'fast'; tree: TreeArrays; nFeatures: number } | { engine: 'ml-cart'; model: { root: MlCartNode } };

/**
 * `featureImportances` of either model.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} with engine 'ml-cart' (its tree keeps no node impurities).
 */
export function importancesOf(owner: string, s: FittedTree): number[] {
  if (s.engine !== 'fast') {
    throw new ParameterError(`${owner}.featureImportances is not available with engine 'ml-cart' (its tree does not keep node impurities); use engine 'fast'.`);
  }
  return Array.from(featureImportances(s.tree, s.nFeatures));
}

/** Leaves and depth of a fitted tree of either engine (a single leaf has depth 0). */
export function shapeOf(s: FittedTree): { leaves: number; depth: number } {
  return s.engine === 'fast' ? { leaves: countLeaves(s.tree), depth: s.tree.maxDepth } : mlCartShape(s.model.root);
}

/** The parameters the ml-cart mapping reads. */
interface MappedParams {
  criterion: string;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  minImpurityDecrease: number;
}

/**
 * Checks that the parameters can be expressed with ml-cart and returns its options:
 * `minNumSamples = minSamplesSplit − 1` (ml-cart makes a leaf of a node with at most
 * `minNumSamples` samples), `maxDepth` as is (Infinity for null), `gainThreshold = 0`.
 * @throws {@link @mlcompare/core!ParameterError | ParameterError} for what ml-cart cannot do.
 */
export function mlCartOptions(owner: string, p: MappedParams, criterion: string) {
  const refuse = (name: string, value: unknown, why: string): never => {
    throw new ParameterError(`The '${name}' parameter of ${owner} must be ${why} with engine 'ml-cart'. Got ${formatValue(value)} instead.`);
  };
  if (p.criterion !== criterion) refuse('criterion', p.criterion, `'${criterion}' (the only criterion ml-cart has)`);
  if (p.minSamplesLeaf !== 1) refuse('minSamplesLeaf', p.minSamplesLeaf, '1 (ml-cart has no minimum leaf size)');
  if (p.maxFeatures !== null) refuse('maxFeatures', p.maxFeatures, 'null (ml-cart always searches every feature)');
  if (p.minImpurityDecrease !== 0) {
    refuse('minImpurityDecrease', p.minImpurityDecrease, "0 (ml-cart's gainThreshold is not weighted by the node's share of samples, so it cannot express it)");
  }
  return { minNumSamples: p.minSamplesSplit - 1, maxDepth: p.maxDepth ?? Infinity, gainThreshold: 0 };
}

/** Leaves and depth of an ml-cart tree. */
function mlCartShape(root: MlCartNode): { leaves: number; depth: number } {
  let leaves = 0;
  let depth = 0;
  const stack: Array<[MlCartNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    if (d > depth) depth = d;
    if (node.left && node.right) {
      stack.push([node.right, d + 1], [node.left, d + 1]);
    } else leaves++;
  }
  return { leaves, depth };
}
