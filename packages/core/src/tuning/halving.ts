/**
 * Successive halving after scikit-learn 1.2.1's `HalvingRandomSearchCV`
 * (`model_selection/_search_successive_halving.py`: `_check_input_parameters`, `_run_search`,
 * `_generate_candidate_params`, `_top_k`): how many candidates each round evaluates with how many
 * resources (training rows, or epochs for the network), and which candidates go on.
 */
import { InputError, formatValue } from '../errors.js';

/** The settings of {@link halvingSchedule}, named after scikit-learn's. */
export interface HalvingOptions {
  /**
   * Candidates of the first round: a number, or `'exhaust'` (`max_resources // min_resources`, so
   * that the last round uses as many resources as possible). @defaultValue 'exhaust'
   */
  nCandidates?: number | 'exhaust';
  /** The ratio of candidates kept (1/factor) and of resources added (×factor) per round; > 1. @defaultValue 3 */
  factor?: number;
  /**
   * Resources of the first round: a positive integer, `'smallest'` (for training rows: 2 × the
   * inner folds × the classes of a classifier; for any other resource: 1) or `'exhaust'` (the
   * largest that lets the last required round reach `maxResources`). @defaultValue 'exhaust'
   */
  minResources?: number | 'smallest' | 'exhaust';
  /** The most resources a candidate may get: the training rows, or the epochs. */
  maxResources: number;
  /** Run all the rounds needed to leave fewer than `factor` candidates, starting again at `minResources` while needed. @defaultValue false */
  aggressiveElimination?: boolean;
  /** What the resource is: `'samples'` (training rows; `'smallest'` then depends on `nSplits` and `nClasses`) or `'other'` (epochs). @defaultValue 'samples' */
  resource?: 'samples' | 'other';
  /** Inner folds (for `'smallest'` on samples). @defaultValue 5 */
  nSplits?: number;
  /** Classes of a classifier (for `'smallest'` on samples); leave out for a regressor. */
  nClasses?: number;
  /**
   * The number of distinct configurations the space holds (the grid size of an all-list space;
   * Infinity otherwise): `ParameterSampler` proposes no more than that. @defaultValue Infinity
   */
  spaceSize?: number;
}

/** One round of successive halving. */
export interface HalvingRound {
  /** Candidates evaluated in this round. */
  nCandidates: number;
  /** Resources (training rows or epochs) each candidate gets. */
  resources: number;
}

/** A successive-halving plan: scikit-learn's fitted attributes of the same names. */
export interface HalvingSchedule {
  rounds: HalvingRound[];
  /** `min_resources_` after 'smallest' / 'exhaust' are resolved. */
  minResources: number;
  maxResources: number;
  /** Candidates sampled for the first round (`n_candidates_` of round 0). */
  nCandidates: number;
  /** `n_required_iterations_`: rounds needed to leave fewer than `factor` candidates. */
  nRequiredIterations: number;
  /** `n_possible_iterations_`: rounds the resources allow from `minResources` to `maxResources`. */
  nPossibleIterations: number;
  /** Candidates left after the last round (`n_remaining_candidates_`). */
  nRemainingCandidates: number;
}

function bad(name: string, rule: string, value: unknown): never {
  throw new InputError(`Argument '${name}' passed to 'halvingSchedule' must be ${rule}. Got ${formatValue(value)} instead.`);
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Python's `math.log(x, base)`: log(x) / log(base). Its rounding matters (log(243, 3) = 4.999…). */
function logBase(x: number, base: number): number {
  return Math.log(x) / Math.log(base);
}

/**
 * The rounds of scikit-learn 1.2.1's `HalvingRandomSearchCV` for the same settings: round i
 * evaluates ⌈previous / factor⌉ candidates (all of them in round 0) with
 * `int(factor^i × min_resources)` resources (capped at `maxResources`; with aggressive
 * elimination the first rounds repeat `minResources`).
 * The candidates themselves are what `HalvingRandomSearchCV` draws with `ParameterSampler`: ask
 * `createSampler('random', space, seed)` for `nCandidates` configurations (pass its `size` as
 * `spaceSize`), evaluate round 0, keep {@link halvingTopK} of them, and so on; the last round's
 * best ({@link bestCandidate} over that round, in its order) is the choice.
 * @param options - the settings; see {@link HalvingOptions}.
 * @returns the schedule.
 * @throws {@link InputError} naming the setting, as scikit-learn refuses it: a non-positive or
 *   non-integer resource, `minResources > maxResources`, both `nCandidates` and `minResources`
 *   `'exhaust'`, a factor not > 1.
 * @example
 * ```ts
 * halvingSchedule({ maxResources: 1000, minResources: 'smallest', nSplits: 5, nClasses: 2, factor: 3 }).rounds;
 * // [{ nCandidates: 50, resources: 20 }, { nCandidates: 17, resources: 60 }, { nCandidates: 6, resources: 180 }, { nCandidates: 2, resources: 540 }]
 * ```
 */
export function halvingSchedule(options: HalvingOptions): HalvingSchedule {
  if (typeof options !== 'object' || options === null) bad('options', 'an object of settings', options);
  const factor = options.factor ?? 3;
  const nCand = options.nCandidates ?? 'exhaust';
  const minOpt = options.minResources ?? 'exhaust';
  const resource = options.resource ?? 'samples';
  const maxResources = options.maxResources;
  if (!(typeof factor === 'number' && Number.isFinite(factor) && factor > 1)) bad('factor', 'a finite number > 1', factor);
  if (!isPositiveInt(maxResources)) bad('maxResources', 'a positive integer', maxResources);
  if (nCand !== 'exhaust' && !isPositiveInt(nCand)) bad('nCandidates', "'exhaust' or a positive integer", nCand);
  if (minOpt !== 'exhaust' && minOpt !== 'smallest' && !isPositiveInt(minOpt)) bad('minResources', "'smallest', 'exhaust' or a positive integer", minOpt);
  if (nCand === 'exhaust' && minOpt === 'exhaust') bad('nCandidates', "a positive integer when minResources is 'exhaust' (they cannot both be 'exhaust')", nCand);
  if (resource !== 'samples' && resource !== 'other') bad('resource', "'samples' or 'other'", resource);
  const spaceSize = options.spaceSize ?? Infinity;
  if (!(spaceSize === Infinity || isPositiveInt(spaceSize))) bad('spaceSize', 'a positive integer or Infinity', spaceSize);
  const aggressive = options.aggressiveElimination ?? false;
  if (typeof aggressive !== 'boolean') bad('aggressiveElimination', 'a boolean', aggressive);

  let minResources: number;
  if (minOpt === 'smallest' || minOpt === 'exhaust') {
    if (resource === 'samples') {
      const nSplits = options.nSplits ?? 5;
      if (!isPositiveInt(nSplits)) bad('nSplits', 'a positive integer', nSplits);
      if (options.nClasses !== undefined && !isPositiveInt(options.nClasses)) bad('nClasses', 'a positive integer', options.nClasses);
      // "magic_factor = 2": two rows per fold per class at least.
      minResources = nSplits * 2 * (options.nClasses ?? 1);
    } else {
      minResources = 1;
    }
  } else {
    minResources = minOpt;
  }
  if (minResources > maxResources) bad('minResources', `no greater than maxResources (${maxResources})`, minResources);

  // _generate_candidate_params: 'exhaust' samples max // min candidates; ParameterSampler caps at the grid size.
  const first = Math.min(nCand === 'exhaust' ? Math.floor(maxResources / minResources) : nCand, spaceSize);
  const nRequired = 1 + Math.floor(logBase(first, factor));
  if (minOpt === 'exhaust') {
    minResources = Math.max(minResources, Math.floor(maxResources / factor ** (nRequired - 1)));
  }
  const nPossible = 1 + Math.floor(logBase(Math.floor(maxResources / minResources), factor));
  const nIterations = aggressive ? nRequired : Math.min(nPossible, nRequired);
  const rounds: HalvingRound[] = [];
  let n = first;
  for (let itr = 0; itr < nIterations; itr++) {
    const power = aggressive ? Math.max(0, itr - nRequired + nPossible) : itr;
    const resources = Math.min(Math.trunc(factor ** power * minResources), maxResources);
    rounds.push({ nCandidates: n, resources });
    n = Math.ceil(n / factor);
  }
  return { rounds, minResources, maxResources, nCandidates: first, nRequiredIterations: nRequired, nPossibleIterations: nPossible, nRemainingCandidates: n };
}

/**
 * The candidates that go on to the next round, as scikit-learn 1.2.1's `_top_k` picks them: the
 * `k` best mean scores, a null (failed) score counting below every number. The order is
 * scikit-learn's too (ascending score, the best last; equal scores in candidate order, as numpy's
 * sort keeps them for the short arrays of a search), and the next round evaluates them in that order.
 * @param scores - the mean inner score of each candidate of the round, in evaluation order (null: failed).
 * @param k - how many go on (`ceil(nCandidates / factor)`).
 * @returns the indices into `scores` of the candidates kept, in scikit-learn's order.
 * @throws {@link InputError} for a `k` that is not an integer in [0, scores.length] or a score that is not finite nor null.
 * @example
 * ```ts
 * halvingTopK([0.7, null, 0.9, 0.8], 2); // [3, 2]
 * ```
 */
export function halvingTopK(scores: ReadonlyArray<number | null>, k: number): number[] {
  if (!Array.isArray(scores)) throw new InputError(`Argument 'scores' passed to 'halvingTopK' must be an array of numbers or nulls. Got ${formatValue(scores)} instead.`);
  if (!Number.isInteger(k) || k < 0 || k > scores.length) {
    throw new InputError(`Argument 'k' passed to 'halvingTopK' must be an integer in [0, ${scores.length}]. Got ${formatValue(k)} instead.`);
  }
  scores.forEach((s, i) => {
    if (s !== null && (typeof s !== 'number' || !Number.isFinite(s))) {
      throw new InputError(`Argument 'scores' passed to 'halvingTopK' must hold finite numbers or null (a failed candidate), but item ${i} is ${formatValue(s)}.`);
    }
  });
  // np.argsort puts NaN last; np.roll moves them first, so they are taken only when k reaches them.
  const numbered = scores.map((s, i) => ({ s, i })).filter((x) => x.s !== null) as Array<{ s: number; i: number }>;
  numbered.sort((a, b) => a.s - b.s || a.i - b.i);
  const nulls = scores.map((s, i) => (s === null ? i : -1)).filter((i) => i >= 0);
  const order = [...nulls, ...numbered.map((x) => x.i)];
  return k === 0 ? [] : order.slice(order.length - k);
}
