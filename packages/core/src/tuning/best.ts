/**
 * The choice of the best candidate, as scikit-learn 1.2.1's `GridSearchCV` makes it
 * (`model_selection/_search.py`, `_format_results._store`): the mean of each candidate's inner
 * test scores (`np.average`, numpy's pairwise sum), NaN means (a failed fold) ranked below every
 * other, `rankdata(-means, method='min')` and `argmin` of the ranks — the highest mean, the first
 * candidate in order among equal means; every candidate failed → the first.
 */
import { InputError, formatValue } from '../errors.js';

/** A candidate's inner scores: one per inner fold, null where the fit or the score failed. */
export interface CandidateScores {
  /** Inner test scores (higher is better), in inner-fold order. */
  readonly scores: ReadonlyArray<number | null>;
}

/** numpy's pairwise summation (`pairwise_sum` in `loops_utils.h`): 8 accumulators in blocks of up to 128. */
function pairwiseSum(a: readonly number[], start: number, n: number): number {
  if (n < 8) {
    let s = -0;
    for (let i = 0; i < n; i++) s += a[start + i]!;
    return s;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/**
 * The mean inner score of a candidate as scikit-learn computes `mean_test_score` (numpy's
 * summation order, then one division), or null when a fold failed (scikit-learn's NaN).
 * @param scores - the inner-fold scores, null for a failed fold.
 * @returns the mean, or null.
 * @throws {@link InputError} for an empty list or a score neither finite nor null.
 * @example
 * ```ts
 * meanInnerScore([0.9, 0.8, 1]); // 0.9
 * meanInnerScore([0.9, null]); // null
 * ```
 */
export function meanInnerScore(scores: ReadonlyArray<number | null>): number | null {
  if (!Array.isArray(scores) || scores.length === 0) {
    throw new InputError(`Argument 'scores' passed to 'meanInnerScore' must be a non-empty array of inner-fold scores. Got ${formatValue(scores)} instead.`);
  }
  scores.forEach((s, i) => {
    if (s !== null && (typeof s !== 'number' || !Number.isFinite(s))) {
      throw new InputError(`Argument 'scores' passed to 'meanInnerScore' must hold finite numbers or null (a failed fold), but item ${i} is ${formatValue(s)}.`);
    }
  });
  if (scores.some((s) => s === null)) return null;
  return pairwiseSum(scores as number[], 0, scores.length) / scores.length;
}

/**
 * The candidate `GridSearchCV` would choose: the highest mean inner score; among equal means the
 * first candidate in order; a candidate with a failed fold (null mean) never, unless all failed
 * (then the first).
 * @param trials - the candidates in evaluation order (grid order for a grid search).
 * @returns the index of the chosen candidate and its mean inner score (null when all failed).
 * @throws {@link InputError} for an empty list or scores that are not finite numbers or null.
 * @example
 * ```ts
 * bestCandidate([{ scores: [0.8, 0.9] }, { scores: [0.9, null] }, { scores: [0.9, 0.8] }]); // { index: 0, meanScore: 0.8500000000000001 }
 * ```
 */
export function bestCandidate(trials: ReadonlyArray<CandidateScores>): { index: number; meanScore: number | null } {
  if (!Array.isArray(trials) || trials.length === 0) {
    throw new InputError(`Argument 'trials' passed to 'bestCandidate' must be a non-empty array of { scores }. Got ${formatValue(trials)} instead.`);
  }
  let index = 0;
  let best: number | null = null;
  trials.forEach((t, i) => {
    if (typeof t !== 'object' || t === null) throw new InputError(`Argument 'trials' passed to 'bestCandidate' must hold { scores } objects, but item ${i} is ${formatValue(t)}.`);
    const m = meanInnerScore(t.scores);
    if (m !== null && (best === null || m > best)) {
      best = m;
      index = i;
    }
  });
  return { index, meanScore: best };
}
