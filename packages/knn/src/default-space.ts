/** The default search space of the k-NN models (see the README's table for the source). */
import type { SearchSpace } from '@mlcompare/core';

/**
 * mlr3tuningspaces' `classif.kknn.default` / `regr.kknn.default` (Bischl et al. 2023): k in
 * [1, 50] on a log scale; its Minkowski `distance` in [1, 5] becomes our two metrics (p = 1, 2) and
 * its kernels the two weightings we have (rectangular = uniform, inv = distance).
 */
export const knnDefaultSpace: SearchSpace = {
  nNeighbors: { kind: 'int', low: 1, high: 50, log: true },
  weights: { kind: 'values', values: ['uniform', 'distance'] },
  metric: { kind: 'values', values: ['euclidean', 'manhattan'] },
};
