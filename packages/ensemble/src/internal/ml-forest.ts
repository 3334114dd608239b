/**
 * The 'ml-random-forest' engine: our parameters mapped to the options of the
 * [ml-random-forest](https://github.com/mljs/random-forest) 2.1.0 library (mljs), which grows
 * ml-cart trees. What it cannot express is refused by {@link checkForestParams}.
 */
import { resolveMaxFeatures, type MaxFeatures } from '@mlcompare/cart/engine';
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
