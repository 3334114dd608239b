/**
 * Samplers that propose candidate configurations one at a time: random search after scikit-learn
 * 1.2.1's `ParameterSampler`, and TPE after Optuna 3.1's `TPESampler` (see `tpe.ts`).
 *
 * The runner calls `ask` and `tell` in turn (candidate t is asked after trials 0..t-1 are told), so
 * the proposals depend only on the seed and the scores told, never on the number of workers.
 */
import { InputError, formatValue } from '../errors.js';
import type { SearchSpace, SpaceDomain } from '../results.js';
import { Rng } from '../rng.js';
import { gridAt, gridSize, sortedNames, valueIndex } from './grid.js';
import type { SpaceValue, TuneConfig } from './space.js';
import { TpeModel, resolveTpeOptions, type TpeOptions } from './tpe.js';

/** Proposes configurations and learns from their scores. */
export interface Sampler {
  /** The strategy (`random` or `tpe`). */
  readonly strategy: 'random' | 'tpe';
  /**
   * Distinct configurations the space holds: the grid size of an all-list space, Infinity when a
   * parameter is a range. Random search on an all-list space proposes each configuration at most
   * once, so it cannot be asked more than `size` times (as `ParameterSampler` caps `n_iter`); TPE
   * may propose a configuration again, as Optuna's does.
   */
  readonly size: number;
  /**
   * The next configuration to evaluate (keys in sorted order).
   * @throws {@link InputError} when random search has proposed every configuration of a grid.
   */
  ask(): TuneConfig;
  /**
   * Records a configuration's score: higher is better; null for a failed trial (Optuna's FAIL: left
   * out of the model, and not counted toward the startup trials).
   * @throws {@link InputError} for a score that is neither a finite number nor null, or a config
   *   whose values are outside the space.
   */
  tell(config: TuneConfig, score: number | null): void;
}

/** Options of {@link createSampler} (TPE only; random search has none). */
export type SamplerOptions = TpeOptions;

/**
 * One value drawn from a domain, as Optuna 3.1's `RandomSampler` draws it (which for lists and
 * uniform reals is also what `ParameterSampler` does): a list value uniformly; a real uniformly on
 * [low, high] or on [log low, log high] then exp; an integer uniformly among low..high, or on a
 * log scale log-uniformly on [low − ½, high + ½], rounded and clipped.
 */
function sampleDomain(rng: Rng, d: SpaceDomain): SpaceValue {
  if (d.kind === 'values') {
    const v = d.values[rng.int(d.values.length)]!;
    return Array.isArray(v) ? [...v] : v;
  }
  if (d.low === d.high) return d.low;
  if (d.kind === 'float') {
    if (!d.log) return rng.uniform(d.low, d.high);
    return Math.min(d.high, Math.max(d.low, Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high)))));
  }
  if (!d.log) return d.low + rng.int(d.high - d.low + 1);
  const x = Math.round(Math.exp(rng.uniform(Math.log(d.low - 0.5), Math.log(d.high + 0.5))));
  return Math.min(d.high, Math.max(d.low, x));
}

/** Random search (scikit-learn's `ParameterSampler`). */
class RandomSampler implements Sampler {
  readonly strategy = 'random' as const;
  readonly size: number;
  readonly #space: SearchSpace;
  readonly #names: string[];
  readonly #rng: Rng;
  /** Without replacement: the swaps of a lazy Fisher–Yates shuffle of 0..size-1. */
  readonly #swapped = new Map<number, number>();
  #drawn = 0;

  constructor(space: SearchSpace, seed: number) {
    this.#space = space;
    this.#names = sortedNames(space);
    this.#rng = new Rng(seed);
    this.size = gridSize(space);
  }

  ask(): TuneConfig {
    if (this.size !== Infinity) {
      // ParameterSampler on an all-list space: sample_without_replacement over the grid indices.
      if (this.#drawn >= this.size) {
        throw new InputError(
          `'Sampler.ask' of random search was called ${this.#drawn + 1} times, but the space holds only ${this.size} configurations, each proposed once (cap the evaluations at 'size').`,
        );
      }
      const remaining = this.size - this.#drawn;
      const j = this.#drawn + (remaining > 2 ** 32 ? Math.floor(this.#rng.random() * remaining) : this.#rng.int(remaining));
      const at = (k: number): number => this.#swapped.get(k) ?? k;
      const pick = at(j);
      this.#swapped.set(j, at(this.#drawn));
      this.#swapped.delete(this.#drawn);
      this.#drawn++;
      return gridAt(this.#space, pick);
    }
    const out: TuneConfig = {};
    for (const name of this.#names) out[name] = sampleDomain(this.#rng, this.#space[name]!);
    return out;
  }

  tell(config: TuneConfig, score: number | null): void {
    checkTell(this.#space, config, score);
  }
}

/** Checks what `tell` receives: a finite score or null, and every parameter of the space inside its domain. */
function checkTell(space: SearchSpace, config: TuneConfig, score: number | null): void {
  if (score !== null && (typeof score !== 'number' || !Number.isFinite(score))) {
    throw new InputError(`Argument 'score' passed to 'Sampler.tell' must be a finite number (higher is better) or null (a failed trial). Got ${formatValue(score)} instead.`);
  }
  if (typeof config !== 'object' || config === null) {
    throw new InputError(`Argument 'config' passed to 'Sampler.tell' must be a configuration object. Got ${formatValue(config)} instead.`);
  }
  for (const [name, d] of Object.entries(space)) {
    const v = config[name];
    const ok =
      d.kind === 'values'
        ? valueIndex(d, v) >= 0
        : typeof v === 'number' && v >= d.low && v <= d.high && (d.kind === 'float' || Number.isInteger(v));
    if (!ok) {
      throw new InputError(`Argument 'config' passed to 'Sampler.tell' must hold a value of '${name}' inside its domain ${formatValue(d.kind === 'values' ? d.values : [d.low, d.high])}. Got ${formatValue(v)} instead.`);
    }
  }
}

/**
 * A seeded sampler of candidate configurations.
 * - `random`: scikit-learn 1.2.1's `ParameterSampler` — an all-list space is sampled without
 *   replacement (at most `size` proposals), any other with replacement, parameters drawn in sorted
 *   name order; ranges as Optuna's `RandomSampler` draws them (see `sampleDomain`).
 * - `tpe`: Optuna 3.1's `TPESampler` with its defaults (independent sampling, 10 random startup
 *   trials, 24 expected-improvement candidates, gamma(n) = min(⌈0.1·n⌉, 25), prior weight 1, magic
 *   clip, log domains, integer rounding, categorical kernels); see `tpe.ts`.
 *
 * All randomness comes from one {@link Rng} seeded with `seed` (derive it with {@link deriveSeed}
 * from the run seed and the outer fold): the same seed and the same scores told give the same
 * proposals.
 * @param strategy - `'random'` or `'tpe'`.
 * @param space - the space (validated against the model's declarations beforehand with `validateSpace`).
 * @param seed - a non-negative safe integer.
 * @param options - TPE's settings (`nStartupTrials`, `nEiCandidates`, `priorWeight`, …); Optuna's defaults when left out.
 * @returns the sampler.
 * @throws {@link InputError} for an unknown strategy, an invalid seed or option.
 * @example
 * ```ts
 * const s = createSampler('tpe', { C: { kind: 'float', low: 1e-3, high: 1e3, log: true } }, 42);
 * for (let t = 0; t < 30; t++) {
 *   const config = s.ask();
 *   s.tell(config, -Math.abs(Math.log10(config.C as number)));
 * }
 * ```
 */
export function createSampler(strategy: 'random' | 'tpe', space: SearchSpace, seed: number, options?: SamplerOptions): Sampler {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InputError(`Argument 'seed' passed to 'createSampler' must be a non-negative safe integer. Got ${formatValue(seed)} instead.`);
  }
  if (typeof space !== 'object' || space === null || Array.isArray(space)) {
    throw new InputError(`Argument 'space' passed to 'createSampler' must be a search space object. Got ${formatValue(space)} instead.`);
  }
  if (strategy === 'random') {
    if (options !== undefined && Object.keys(options).length > 0) {
      throw new InputError(`Argument 'options' passed to 'createSampler' is for 'tpe' only; random search takes none. Got ${formatValue(options)} instead.`);
    }
    return new RandomSampler(space, seed);
  }
  if (strategy === 'tpe') return new TpeSampler(space, seed, resolveTpeOptions(options));
  throw new InputError(`Argument 'strategy' passed to 'createSampler' must be 'random' or 'tpe' (grid and halving use gridCandidates and halvingSchedule). Got ${formatValue(strategy)} instead.`);
}

/** TPE: random startup, then one Parzen-estimator pair per parameter (Optuna's independent sampling). */
class TpeSampler implements Sampler {
  readonly strategy = 'tpe' as const;
  readonly size: number;
  readonly #space: SearchSpace;
  readonly #names: string[];
  readonly #rng: Rng;
  readonly #model: TpeModel;

  constructor(space: SearchSpace, seed: number, options: Required<TpeOptions>) {
    this.#space = space;
    this.#names = sortedNames(space);
    this.#rng = new Rng(seed);
    this.size = gridSize(space);
    this.#model = new TpeModel(space, options);
  }

  ask(): TuneConfig {
    const out: TuneConfig = {};
    const model = this.#model;
    for (const name of this.#names) {
      out[name] = model.ready() ? model.sample(this.#rng, name) : sampleDomain(this.#rng, this.#space[name]!);
    }
    return out;
  }

  tell(config: TuneConfig, score: number | null): void {
    checkTell(this.#space, config, score);
    if (score !== null) this.#model.observe(config, score);
  }
}
