/** The default search spaces of the ensembles (see the README's table for the source). */
import type { SearchSpace } from '@mlcompare/core';

/**
 * mlr3tuningspaces' `classif.ranger.default` / `regr.ranger.default` (Bischl et al. 2023):
 * num.trees in [1, 2000], mtry.ratio in [0, 1] (here `maxFeatures` as a fraction, which must lie
 * in (0, 1): [0.01, 0.99]) and sample.fraction in [0.1, 1] (here `maxSamples`, the bootstrap
 * sample's fraction in (0, 1): [0.1, 0.99]). ranger's `replace` has no counterpart: our
 * `maxSamples` sizes a bootstrap (with replacement) only.
 */
export const forestDefaultSpace: SearchSpace = {
  nEstimators: { kind: 'int', low: 1, high: 2000, log: false },
  maxFeatures: { kind: 'float', low: 0.01, high: 0.99, log: false },
  maxSamples: { kind: 'float', low: 0.1, high: 0.99, log: false },
};

/**
 * mlr3tuningspaces' `classif.xgboost.default` / `regr.xgboost.default` (Bischl et al. 2023), for
 * the parameters histogram gradient boosting has: eta in [1e-4, 1] (log) → `learningRate`,
 * nrounds in [1, 5000] → `maxIter`, max_depth in [1, 20] → `maxDepth`, lambda in [1e-3, 1e3] (log)
 * → `l2Regularization`. (Column and row subsampling and the L1 alpha have no counterpart in
 * scikit-learn 1.2.1's HistGradientBoosting.)
 */
export const boostingDefaultSpace: SearchSpace = {
  learningRate: { kind: 'float', low: 1e-4, high: 1, log: true },
  maxIter: { kind: 'int', low: 1, high: 5000, log: false },
  maxDepth: { kind: 'int', low: 1, high: 20, log: false },
  l2Regularization: { kind: 'float', low: 1e-3, high: 1e3, log: true },
};
