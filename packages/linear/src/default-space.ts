/** The default search spaces of the linear models (see the README's table for the source). */
import type { SearchSpace } from '@mlcompare/core';

/**
 * mlr3tuningspaces' `classif.glmnet.default` (Bischl et al. 2023) tunes the penalty s in
 * [1e-4, 1e4] on a log scale (and the elastic-net mixing alpha, which an L2-only model does not
 * have): `C` is the inverse penalty, and the range is symmetric on the log scale.
 */
export const logisticDefaultSpace: SearchSpace = {
  C: { kind: 'float', low: 1e-4, high: 1e4, log: true },
};

/** `regr.glmnet.default`'s penalty s in [1e-4, 1e4] (log scale), as ridge regression's `alpha` (glmnet with alpha = 0). */
export const ridgeDefaultSpace: SearchSpace = {
  alpha: { kind: 'float', low: 1e-4, high: 1e4, log: true },
};

/**
 * Nothing to tune: ordinary least squares and the perceptron have no penalty or capacity parameter
 * (their parameters choose a solver, a stopping rule or an intercept), and the literature gives
 * them no space. A tuned entry then evaluates the defaults alone.
 */
export const untunedDefaultSpace: SearchSpace = {};
