/** The training history of a boosting fit, in core's `TrainingHistory` form. */
import type { TrainingHistory } from '@mlcompare/core';
import type { BoostedTrees } from './boosting.js';

/**
 * Losses per iteration and why the fit stopped.
 * @param m - the fitted trees.
 * @param p - `maxIter`, `nIterNoChange` and `tol` of the fit.
 */
export function historyOf(m: BoostedTrees, p: { maxIter: number; nIterNoChange: number; tol: number }): TrainingHistory {
  const stopReason =
    m.nIter < p.maxIter
      ? `early stopping: the ${m.validationLoss ? 'validation' : 'training'} loss did not improve by more than tol (${p.tol}) for ${p.nIterNoChange} iterations`
      : 'maxIter reached';
  return {
    loss: [...m.trainLoss],
    ...(m.validationLoss ? { validationScore: m.validationLoss.map((v) => -v) } : {}),
    epochs: m.nIter,
    stopReason,
  };
}
