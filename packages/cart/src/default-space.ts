/** The default search space of the decision trees (see the README's table for the source). */
import type { SearchSpace } from '@mlcompare/core';

/**
 * mlr3tuningspaces' `classif.rpart.default` / `regr.rpart.default` (Bischl et al. 2023): minsplit
 * in [2, 128] and minbucket in [1, 64], both on a log scale; rpart's complexity parameter cp in
 * [1e-4, 0.1] (log) becomes `minImpurityDecrease` (scikit-learn's absolute, weighted decrease, where
 * rpart's cp is relative to the root's error: the same range, a different scale).
 */
export const cartDefaultSpace: SearchSpace = {
  minSamplesSplit: { kind: 'int', low: 2, high: 128, log: true },
  minSamplesLeaf: { kind: 'int', low: 1, high: 64, log: true },
  minImpurityDecrease: { kind: 'float', low: 1e-4, high: 0.1, log: true },
};
