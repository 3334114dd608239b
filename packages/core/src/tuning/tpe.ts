/**
 * The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio & Kégl, "Algorithms for
 * Hyper-Parameter Optimization", NeurIPS 2011), after Optuna 3.1.0's `TPESampler` with its default
 * settings (independent sampling: one estimator pair per parameter). Origin, part by part:
 *
 * - `sampler.py` `sample_independent`: fewer than `n_startup_trials` (10) finished trials → random;
 *   else the finished trials are sorted by loss (a stable sort; the loss here is −score) and split
 *   into the best `gamma(n) = min(⌈0.1·n⌉, 25)` ("below") and the rest ("above"), each kept in
 *   trial order; `n_ei_candidates` (24) values are drawn from the below estimator l(x) and the one
 *   with the largest log l(x) − log g(x) is proposed (the first on ties, as `np.argmax`). Failed
 *   trials (null score) are left out, as Optuna leaves out FAIL trials.
 * - `sampler.py` `default_weights`: weight 1 per observation below 25; from 25 on, the oldest
 *   n − 25 get a ramp `linspace(1/n, 1, n − 25)` and the newest 25 weight 1.
 * - `parzen_estimator.py`: a mixture of one kernel per observation plus a prior kernel (weight
 *   `prior_weight` = 1; always present when there are no observations), weights normalised. A
 *   numerical parameter works on [low, high] (on log low..log high for a log domain; an integer one
 *   on [low − ½, high + ½], or log(low − ½)..log(high + ½)); the prior kernel has mean (low + high)/2
 *   and σ = high − low; each observation's σ is the larger gap to its sorted neighbours (the bounds
 *   count as neighbours; without `consider_endpoints` the two outermost take their inner gap),
 *   clipped to [(high − low) / min(100, 1 + number of kernels), high − low] (the "magic clip").
 *   Kernels are normals truncated to the domain; an integer value's likelihood is the kernel's mass
 *   on [x − ½, x + ½] ∩ [low, high]. A categorical parameter's kernel for an observation c puts
 *   `prior_weight / (n + 1)` on every choice plus 1 on c, normalised; the prior kernel is uniform.
 *   Samples are drawn in the transformed space, then mapped back (exp; integers rounded half to
 *   even, as `np.round`, and clipped).
 * - `_truncnorm.py` (itself after scipy's `truncnorm`): sampling by the inverse CDF, worked in
 *   logs on the left tail (the right tail by symmetry); Φ from core's incomplete-gamma normal CDF
 *   with the asymptotic series of log Φ below −20.
 *
 * Kept as in Optuna 3.1: its truncated-normal kernel log density (`_truncnorm.logpdf`) leaves out
 * the −log σ term, so a kernel's height does not grow as its width shrinks (later Optuna releases
 * subtract `np.log(scale)`). We follow 3.1, the reference of our tests: with the term, the median
 * best of the 5-D sphere after 50 trials over seeds 0–19 was 3.12 instead of 2.29 (Optuna 3.1: 1.74).
 */
import { InputError, formatValue } from '../errors.js';
import { normalCdf } from '../internal/distributions.js';
import { normalQuantile } from '../internal/more-distributions.js';
import type { SearchSpace, SpaceDomain } from '../results.js';
import type { Rng } from '../rng.js';
import { valueIndex } from './grid.js';
import type { SpaceValue, TuneConfig } from './space.js';

/** TPE settings; each defaults to Optuna 3.1's `TPESampler` default. */
export interface TpeOptions {
  /** Scored trials sampled at random before the model is used (with 0, the model starts after the first score). @defaultValue 10 */
  nStartupTrials?: number;
  /** Values drawn from l(x) per parameter, of which the best l/g ratio is proposed. @defaultValue 24 */
  nEiCandidates?: number;
  /** Weight of the prior kernel. @defaultValue 1 */
  priorWeight?: number;
  /** Add the prior kernel (it is always added when a side has no observation). @defaultValue true */
  considerPrior?: boolean;
  /** Clip each kernel's σ from below at range / min(100, 1 + kernels). @defaultValue true */
  considerMagicClip?: boolean;
  /** Let the outermost kernels take their gap to the domain bound. @defaultValue false */
  considerEndpoints?: boolean;
}

const DEFAULTS: Required<TpeOptions> = {
  nStartupTrials: 10,
  nEiCandidates: 24,
  priorWeight: 1,
  considerPrior: true,
  considerMagicClip: true,
  considerEndpoints: false,
};

/** Fills Optuna's defaults and checks every option. */
export function resolveTpeOptions(options: TpeOptions | undefined): Required<TpeOptions> {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InputError(`Argument 'options' passed to 'createSampler' must be an object of TPE settings. Got ${formatValue(options)} instead.`);
  }
  const o = { ...DEFAULTS };
  for (const [k, v] of Object.entries(options ?? {})) {
    if (!(k in DEFAULTS)) {
      throw new InputError(`Argument 'options' passed to 'createSampler' has an unknown TPE setting '${k}'. Valid settings: ${Object.keys(DEFAULTS).join(', ')}.`);
    }
    if (v === undefined) continue;
    const bad = (rule: string): never => {
      throw new InputError(`Option '${k}' passed to 'createSampler' must be ${rule}. Got ${formatValue(v)} instead.`);
    };
    if (k === 'nStartupTrials' && !(Number.isSafeInteger(v) && (v as number) >= 0)) bad('an integer >= 0');
    if (k === 'nEiCandidates' && !(Number.isSafeInteger(v) && (v as number) >= 1)) bad('an integer >= 1');
    if (k === 'priorWeight' && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) bad('a finite number > 0');
    if (k.startsWith('consider') && typeof v !== 'boolean') bad('a boolean');
    (o as Record<string, unknown>)[k] = v;
  }
  return o;
}

// ----------------------------------------------------------------------------------------------
// The standard normal in logs (after Optuna's `_truncnorm.py`, itself after scipy)

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Φ(a), accurate in both tails. */
export function logNdtr(a: number): number {
  if (a > 6) return -normalCdf(-a); // log(1 − ε) ≈ −ε
  if (a > -20) return Math.log(normalCdf(a));
  // Asymptotic series: Φ(a) ≈ φ(a)/(−a) · Σ (−1)^k (2k−1)!! / a^(2k), summed until it stops changing.
  const logLhs = -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI;
  let last = 0;
  let total = 1;
  let numerator = 1;
  let denom = 1;
  const a2inv = 1 / (a * a);
  let sign = 1;
  for (let i = 1; Math.abs(last - total) > Number.EPSILON && i < 200; i++) {
    last = total;
    sign = -sign;
    denom *= a2inv;
    numerator *= 2 * i - 1;
    total += sign * numerator * denom;
  }
  return logLhs + Math.log(total);
}

function logAddExp(x: number, y: number): number {
  if (x === -Infinity) return y;
  if (y === -Infinity) return x;
  const m = Math.max(x, y);
  return m + Math.log1p(Math.exp(-Math.abs(x - y)));
}

/** log(e^p − e^q) for p ≥ q. */
function logDiff(p: number, q: number): number {
  return p + Math.log1p(-Math.exp(q - p));
}

/** log of the standard normal mass on [a, b] (a ≤ b), working in the left tail by symmetry. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-normalCdf(a) - normalCdf(-b));
}

/** The x with log Φ(x) = y (y ≤ 0): a start from core's normal quantile, then Newton steps in logs. */
function ndtriExp(y: number): number {
  if (y >= 0) return Infinity;
  if (y === -Infinity) return -Infinity;
  const p = Math.exp(y);
  let x = p > 0 ? normalQuantile(p) : -Math.sqrt(-2 * y);
  if (!Number.isFinite(x)) x = y < -1 ? -Math.sqrt(-2 * y) : 8;
  for (let it = 0; it < 8; it++) {
    const l = logNdtr(x);
    // d/dx log Φ(x) = φ(x) / Φ(x).
    const slope = Math.exp(-0.5 * x * x - LOG_SQRT_2PI - l);
    if (!(slope > 0) || !Number.isFinite(slope)) break;
    const step = (l - y) / slope;
    x -= step;
    if (Math.abs(step) <= 1e-14 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

/**
 * The q-quantile of the standard normal truncated to [a, b], given `mass` = log of its mass on
 * [a, b] and `tail` = log Φ(a) when a < 0, else log Φ(−b) (both fixed per kernel, so computed once).
 */
function truncnormPpf(q: number, a: number, b: number, mass: number, tail: number): number {
  if (q <= 0) return a;
  if (q >= 1) return b;
  const x = a < 0 ? ndtriExp(logAddExp(tail, Math.log(q) + mass)) : -ndtriExp(logAddExp(tail, Math.log1p(-q) + mass));
  return Math.min(b, Math.max(a, x));
}

/** `np.round`: half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// ----------------------------------------------------------------------------------------------
// Parzen estimators

/** `default_weights(n)` of Optuna 3.1. */
export function tpeWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const ramp = n - 25;
  const out: number[] = [];
  const start = 1 / n;
  // np.linspace(start, 1, num): start + i·step, the last exactly 1.
  const step = ramp > 1 ? (1 - start) / (ramp - 1) : 0;
  for (let i = 0; i < ramp; i++) out.push(ramp > 1 && i === ramp - 1 ? 1 : start + i * step);
  for (let i = 0; i < 25; i++) out.push(1);
  return out;
}

/** `default_gamma(n)` of Optuna 3.1: how many of n finished trials are "below" (the good side). */
export function tpeGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** The numeric transform of a domain: working bounds, whether log, whether integer (step 1). */
interface NumericFrame {
  low: number;
  high: number;
  log: boolean;
  int: boolean;
  domain: Extract<SpaceDomain, { kind: 'int' | 'float' }>;
}

function frameOf(d: Extract<SpaceDomain, { kind: 'int' | 'float' }>): NumericFrame {
  if (d.kind === 'float') return d.log ? { low: Math.log(d.low), high: Math.log(d.high), log: true, int: false, domain: d } : { low: d.low, high: d.high, log: false, int: false, domain: d };
  return d.log
    ? { low: Math.log(d.low - 0.5), high: Math.log(d.high + 0.5), log: true, int: false, domain: d }
    : { low: d.low - 0.5, high: d.high + 0.5, log: false, int: true, domain: d };
}

/** One side's mixture for one parameter. */
interface Mixture {
  weights: number[];
  sample(rng: Rng, n: number): number[];
  logPdf(x: number): number;
}

function mixtureWeights(n: number, o: Required<TpeOptions>): number[] {
  const prior = o.considerPrior || n === 0;
  const w = tpeWeights(n);
  if (prior) w.push(o.priorWeight);
  const sum = w.reduce((s, v) => s + v, 0);
  return w.map((v) => v / sum);
}

/** Indices drawn by weight (`rng.choice(len(w), size, p=w)`). */
function chooseComponents(rng: Rng, weights: number[], n: number): number[] {
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) cum.push((s += w));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng.random() * s;
    let k = 0;
    while (k < cum.length - 1 && cum[k]! <= u) k++;
    out.push(k);
  }
  return out;
}

function logSumExp(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i]! > m) m = xs[i]!;
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i]! - m);
  return m + Math.log(s);
}

function categoricalMixture(observed: number[], nChoices: number, o: Required<TpeOptions>): Mixture {
  const n = observed.length;
  const weights = mixtureWeights(n, o);
  const prior = o.considerPrior || n === 0;
  const fill = prior ? o.priorWeight / (n + 1) : o.priorWeight / n;
  const rows: number[][] = [];
  for (let i = 0; i < weights.length; i++) {
    const row = new Array<number>(nChoices).fill(fill);
    if (i < n) row[observed[i]!]! += 1;
    const sum = row.reduce((s, v) => s + v, 0);
    rows.push(row.map((v) => v / sum));
  }
  // Probability of each choice under the mixture (the single-categorical shortcut of `log_pdf`).
  const p = new Array<number>(nChoices).fill(0);
  for (let i = 0; i < rows.length; i++) for (let c = 0; c < nChoices; c++) p[c]! += weights[i]! * rows[i]![c]!;
  return {
    weights,
    sample(rng, size) {
      return chooseComponents(rng, weights, size).map((k) => {
        const u = rng.random();
        let acc = 0;
        let c = 0;
        // np.sum(cumsum < u): the first choice whose cumulative probability reaches u.
        for (; c < nChoices - 1; c++) {
          acc += rows[k]![c]!;
          if (!(acc < u)) break;
        }
        return c;
      });
    },
    logPdf: (x) => Math.log(p[x]!),
  };
}

function numericMixture(observed: number[], f: NumericFrame, o: Required<TpeOptions>): Mixture {
  const n = observed.length;
  const weights = mixtureWeights(n, o);
  const prior = o.considerPrior || n === 0;
  const { low, high } = f;
  const mus = f.log ? observed.map(Math.log) : [...observed];
  if (prior) mus.push(0.5 * (low + high));
  // σ: the larger gap to the sorted neighbours, the bounds counting as neighbours.
  const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]!);
  const sorted = [low, ...order.map((i) => mus[i]!), high];
  const sortedSigmas: number[] = [];
  for (let j = 1; j < sorted.length - 1; j++) sortedSigmas.push(Math.max(sorted[j]! - sorted[j - 1]!, sorted[j + 1]! - sorted[j]!));
  if (!o.considerEndpoints && sorted.length >= 4) {
    sortedSigmas[0] = sorted[2]! - sorted[1]!;
    sortedSigmas[sortedSigmas.length - 1] = sorted[sorted.length - 2]! - sorted[sorted.length - 3]!;
  }
  const sigmas = new Array<number>(mus.length);
  order.forEach((i, j) => (sigmas[i] = sortedSigmas[j]!));
  const maxSigma = high - low;
  const minSigma = o.considerMagicClip ? (high - low) / Math.min(100, 1 + mus.length) : 1e-12;
  for (let i = 0; i < sigmas.length; i++) sigmas[i] = Math.min(maxSigma, Math.max(minSigma, sigmas[i]!));
  if (prior) sigmas[n] = high - low;
  const k = mus.length;
  // Per kernel: the standardised bounds, the log mass on them and the log tail the quantile starts from.
  const za = new Float64Array(k);
  const zb = new Float64Array(k);
  const logAccept = new Float64Array(k);
  const tail = new Float64Array(k);
  const logW = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    za[i] = (low - mus[i]!) / sigmas[i]!;
    zb[i] = (high - mus[i]!) / sigmas[i]!;
    logAccept[i] = logGaussMass(za[i]!, zb[i]!);
    tail[i] = za[i]! < 0 ? logNdtr(za[i]!) : logNdtr(-zb[i]!);
    logW[i] = Math.log(weights[i]!);
  }
  const terms = new Float64Array(k);
  return {
    weights,
    sample(rng, size) {
      return chooseComponents(rng, weights, size).map((j) => truncnormPpf(rng.random(), za[j]!, zb[j]!, logAccept[j]!, tail[j]!) * sigmas[j]! + mus[j]!);
    },
    logPdf(x) {
      for (let i = 0; i < k; i++) {
        const m = mus[i]!;
        const s = sigmas[i]!;
        if (f.int) {
          const lb = Math.max(x - 0.5, low);
          const ub = Math.min(x + 0.5, high);
          terms[i] = logW[i]! + logGaussMass((lb - m) / s, (ub - m) / s) - logAccept[i]!;
        } else if (x < low || x > high) {
          terms[i] = -Infinity;
        } else {
          const z = (x - m) / s;
          // No −log σ: Optuna 3.1's density (see the header).
          terms[i] = logW[i]! - 0.5 * z * z - LOG_SQRT_2PI - logAccept[i]!;
        }
      }
      return logSumExp(terms);
    },
  };
}

/** A sampled internal value back to the parameter's value (exp, round half to even, clip). */
function toExternal(f: NumericFrame, x: number): number {
  const d = f.domain;
  if (d.kind === 'float') {
    const v = f.log ? Math.exp(x) : x;
    return Math.min(d.high, Math.max(d.low, v));
  }
  const v = f.log ? roundHalfEven(Math.exp(x)) : roundHalfEven(x - d.low) + d.low;
  return Math.min(d.high, Math.max(d.low, v));
}

/** The trials told so far and the TPE proposal for one parameter. */
export class TpeModel {
  readonly #space: SearchSpace;
  readonly #o: Required<TpeOptions>;
  /** Finished trials in the order told: internal values per parameter (category index or number) and loss = −score. */
  readonly #trials: Array<{ values: Record<string, number>; loss: number }> = [];

  constructor(space: SearchSpace, options: Required<TpeOptions>) {
    this.#space = space;
    this.#o = options;
  }

  /** The split of the trials told so far (recomputed when a trial is added). */
  #splitCache: { n: number; below: number[]; above: number[] } | undefined;

  /** The best `gamma(n)` trials ("below") and the rest, by a stable ascending sort on the loss, each in trial order. */
  #split(): { below: number[]; above: number[] } {
    const n = this.#trials.length;
    if (this.#splitCache?.n !== n) {
      const byLoss = this.#trials.map((_, i) => i).sort((a, b) => this.#trials[a]!.loss - this.#trials[b]!.loss || a - b);
      const nBelow = tpeGamma(n);
      this.#splitCache = { n, below: byLoss.slice(0, nBelow).sort((a, b) => a - b), above: byLoss.slice(nBelow).sort((a, b) => a - b) };
    }
    return this.#splitCache;
  }

  /** True once `nStartupTrials` finished trials are told. */
  ready(): boolean {
    return this.#trials.length >= this.#o.nStartupTrials && this.#trials.length > 0;
  }

  /** Records a finished trial (a config inside the space, checked by the caller). */
  observe(config: TuneConfig, score: number): void {
    const values: Record<string, number> = {};
    for (const [name, d] of Object.entries(this.#space)) {
      const v = config[name];
      values[name] = d.kind === 'values' ? valueIndex(d, v) : (v as number);
    }
    this.#trials.push({ values, loss: -score });
  }

  /** The proposal for one parameter: argmax over `nEiCandidates` draws from l(x) of log l(x) − log g(x). */
  sample(rng: Rng, name: string): SpaceValue {
    const d = this.#space[name]!;
    if (d.kind === 'values' && d.values.length === 1) return copy(d.values[0]!);
    if (d.kind !== 'values' && d.low === d.high) return d.low;
    const { below: belowIdx, above: aboveIdx } = this.#split();
    const below = belowIdx.map((i) => this.#trials[i]!.values[name]!);
    const above = aboveIdx.map((i) => this.#trials[i]!.values[name]!);
    let l: Mixture;
    let g: Mixture;
    let frame: NumericFrame | undefined;
    if (d.kind === 'values') {
      l = categoricalMixture(below, d.values.length, this.#o);
      g = categoricalMixture(above, d.values.length, this.#o);
    } else {
      frame = frameOf(d);
      l = numericMixture(below, frame, this.#o);
      g = numericMixture(above, frame, this.#o);
    }
    const candidates = l.sample(rng, this.#o.nEiCandidates);
    // The likelihoods are computed on the values as proposed (integers after rounding), as Optuna does.
    const external = frame ? candidates.map((x) => toExternal(frame, x)) : candidates;
    const internal = frame ? external.map((v) => (frame.log ? Math.log(v) : v)) : external;
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < internal.length; i++) {
      const s = l.logPdf(internal[i]!) - g.logPdf(internal[i]!);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return d.kind === 'values' ? copy(d.values[external[best]!]!) : external[best]!;
  }
}

function copy(v: SpaceValue): SpaceValue {
  return Array.isArray(v) ? [...v] : v;
}
