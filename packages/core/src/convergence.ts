/**
 * Training that stopped at its iteration limit, said one way by every model: a model whose fit
 * runs an iterative solver with a limit (the network's and the linear models' `maxIter`, libsvm's
 * iteration limit) reports a {@link Convergence} after `fit`, as scikit-learn's
 * `ConvergenceWarning` does; the runner records it in the result line and the report turns the
 * folds that did not converge into one warning with a remedy that runs as printed.
 */
import type { TrainingHistory } from './model-json.js';

/** How a fit's iterative solver ended. */
export interface Convergence {
  /** False when the solver stopped at its iteration limit before meeting its stopping rule. */
  converged: boolean;
  /** Iterations (epochs) the solver ran. */
  iterations: number;
  /**
   * The parameter that sets the limit, as a user writes it (`maxIter`); absent when no parameter
   * sets it (libsvm's built-in limit).
   */
  param?: string;
  /** The limit the solver had. */
  limit: number;
}

/**
 * The beginning of a {@link TrainingHistory.stopReason} that says the fit stopped at its
 * `maxIter` limit (`maxIter reached (200 epochs)`); every model that writes it reports
 * `converged: false` through {@link convergenceOfHistory}.
 */
export const MAX_ITER_REACHED = 'maxIter reached';

/**
 * The {@link Convergence} of a fit whose history ends with a stop reason: not converged when the
 * reason begins with {@link MAX_ITER_REACHED}.
 * @param history - the fit's training history.
 * @param param - the parameter that sets the limit (`maxIter`).
 * @param limit - its value in that fit.
 * @returns the convergence of that fit.
 * @example
 * ```ts
 * convergenceOfHistory({ loss: [1, 0.5], epochs: 2, stopReason: 'maxIter reached (2 epochs)' }, 'maxIter', 2);
 * // { converged: false, iterations: 2, param: 'maxIter', limit: 2 }
 * ```
 */
export function convergenceOfHistory(history: TrainingHistory, param: string, limit: number): Convergence {
  return { converged: !history.stopReason.startsWith(MAX_ITER_REACHED), iterations: history.epochs, param, limit };
}

/** How much a suggested limit raises the one that was reached (scikit-learn's MLP: 200 → 1000). */
const RAISE_FACTOR = 5;

/** A parameter value in the `name:param=value` syntax of suites and `--models`: lists as `64x32`. */
function itemValue(v: unknown): string {
  if (Array.isArray(v)) return v.join('x');
  if (v === null) return 'null';
  return String(v);
}

/**
 * The model item to try when a fit stopped at its limit: the same registry name and parameters,
 * with the limit raised five-fold, in the `name:param=value` syntax that `--models` and a suite's
 * `models` accept (`mlp:maxIter=1000`, `mlp:hiddenLayerSizes=64x32,maxIter=1000`). Undefined when
 * no parameter sets the limit.
 * @param model - the registry name (`mlp`).
 * @param params - the parameters the suite gave (not the defaults).
 * @param c - the convergence of one of its fits.
 * @returns the item, or undefined.
 * @example
 * ```ts
 * raisedLimitItem('mlp', {}, { converged: false, iterations: 200, param: 'maxIter', limit: 200 }); // 'mlp:maxIter=1000'
 * ```
 */
export function raisedLimitItem(model: string, params: Readonly<Record<string, unknown>>, c: Convergence): string | undefined {
  if (c.param === undefined) return undefined;
  const next = { ...params, [c.param]: c.limit * RAISE_FACTOR };
  return `${model}:${Object.entries(next)
    .map(([k, v]) => `${k}=${itemValue(v)}`)
    .join(',')}`;
}
