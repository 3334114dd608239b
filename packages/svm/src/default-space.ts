/** The default search space of the SVMs (see the README's table for the source). */
import type { SearchSpace } from '@mlcompare/core';

/**
 * mlr3tuningspaces' `classif.svm.default` / `regr.svm.default` (Bischl et al. 2023): cost and gamma
 * in [1e-4, 1e4] on a log scale, the kernel among polynomial, radial, sigmoid and linear, and the
 * polynomial degree in [2, 5] (used by 'poly' only, as in e1071).
 */
export const svmDefaultSpace: SearchSpace = {
  C: { kind: 'float', low: 1e-4, high: 1e4, log: true },
  gamma: { kind: 'float', low: 1e-4, high: 1e4, log: true },
  kernel: { kind: 'values', values: ['poly', 'rbf', 'sigmoid', 'linear'] },
  degree: { kind: 'int', low: 2, high: 5, log: false },
};
