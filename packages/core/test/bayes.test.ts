// Expected values: test/data/stats-reference.json (benchmarks/reference/stats_ref.py, Debian's scipy
// 1.10.1: baycomp's correlated t-test is scipy.stats.t.cdf at ±rope with loc mean(y − x) and scale
// √(s²(1/n + ρ/(1 − ρ))); the signed-rank expectations are numpy sums of the Dirichlet moments over
// baycomp's Heaviside matrix), and baycomp's published result on its own data file
// (test/data/baycomp-accuracies.txt, MIT licence in baycomp-LICENSE.txt; docs/functions.rst at 0ce309b7).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  InputError,
  Rng,
  bayesianCorrelatedTTest,
  bayesianSignedRankTest,
  defaultRope,
  effectSizeRope,
  signedRankExpectation,
} from '../src/index.js';
import { gammaVariate } from '../src/internal/more-distributions.js';

interface Probs {
  left: number;
  rope: number;
  right: number;
}
interface Ref {
  correlatedTTest: Array<{ x: number[]; y: number[]; rope: number; runs: number; testFraction?: number; expected: Probs & { meanDifference: number; scale: number; df: number } }>;
  signedRank: Array<{ x: number[]; y: number[]; rope: number; prior: number; expected: Probs }>;
  effectSizeRope: Array<{ x: number[]; y: number[]; normal: number; nonNormal: number }>;
}
const ref = JSON.parse(readFileSync(new URL('./data/stats-reference.json', import.meta.url), 'utf8')) as Ref;

/** baycomp's accuracies.txt: classifier → 54 rows of 100 scores (10 × 10-fold CV), in file order. */
function readBaycomp(): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  let cur: number[][] = [];
  for (const line of readFileSync(new URL('./data/baycomp-accuracies.txt', import.meta.url), 'utf8').split('\n')) {
    const parts = line.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 1) out.set(parts[0]!, (cur = []));
    else if (parts.length > 1) cur.push(parts.slice(1).map(Number));
  }
  return out;
}
const mean = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

const near = (a: number, b: number, tol: number, what: string): void => {
  expect(Math.abs(a - b), `${what}: got ${a}, expected ${b}`).toBeLessThanOrEqual(tol);
};

describe('bayesianCorrelatedTTest (Corani & Benavoli 2015; baycomp CorrelatedTTest)', () => {
  it("matches scipy's Student-t CDF to 1e-9: 10 × 10-fold scores with runs = 10, hand cases with rope 0 and ρ = 0.25", () => {
    expect(ref.correlatedTTest.length).toBe(6);
    for (const c of ref.correlatedTTest) {
      const r = bayesianCorrelatedTTest(c.x, c.y, { rope: c.rope, runs: c.runs, ...(c.testFraction === undefined ? {} : { testFraction: c.testFraction }) });
      for (const key of ['left', 'rope', 'right'] as const) near(r[key], c.expected[key], 1e-9, `${key} (rope ${c.rope}, n ${c.x.length})`);
      near(r.meanDifference, c.expected.meanDifference, 1e-12, 'meanDifference');
      near(r.scale, c.expected.scale, 1e-12, 'scale');
      expect(r.df).toBe(c.expected.df);
      expect(r.left + r.rope + r.right).toBeCloseTo(1, 14);
    }
  });
  it('a difference far beyond the ROPE keeps its tiny ROPE mass (no 1 − left − right cancelling to 0), both ways round', () => {
    // scipy 1.10.1: t.cdf(hi, 4) − t.cdf(lo, 4) with both arguments ≈ −1e5 (the small side, no
    // cancellation) = 4.28464164670323e-21, t.cdf(lo, 4) = 1.934801505266588e-20; t.cdf((m − rope)/s, 4) = 1.0.
    const x = [0.9, 0.91, 0.89, 0.9, 0.92];
    const y = [0.5, 0.50999, 0.49, 0.49999000000000005, 0.52];
    const r = bayesianCorrelatedTTest(x, y, { rope: 0.01 });
    expect(Math.abs(r.rope / 4.28464164670323e-21 - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.right / 1.934801505266588e-20 - 1)).toBeLessThan(1e-6);
    expect(r.left).toBe(1);
    const s = bayesianCorrelatedTTest(y, x, { rope: 0.01 });
    expect([s.left, s.rope, s.right]).toEqual([r.right, r.rope, r.left]);
  });
  it('ρ defaults to runs / n = 1/k (baycomp: 1/n + 1/(k − 1))', () => {
    const c = ref.correlatedTTest[0]!;
    const r = bayesianCorrelatedTTest(c.x, c.y, { rope: 1, runs: 10 });
    expect(r.testFraction).toBe(0.1);
    expect(bayesianCorrelatedTTest(c.x, c.y, { rope: 1, runs: 10, testFraction: 0.1 })).toEqual(r);
    // runs = 1 on the same 100 scores is 100-fold: a much smaller correction, a narrower posterior.
    expect(bayesianCorrelatedTTest(c.x, c.y, { rope: 1 }).scale).toBeLessThan(r.scale / 2);
  });
  it('swapping x and y swaps left and right (left = x better)', () => {
    const { x, y } = ref.correlatedTTest[3]!;
    const a = bayesianCorrelatedTTest(x, y, { rope: 0.01 });
    const b = bayesianCorrelatedTTest(y, x, { rope: 0.01 });
    near(a.left, b.right, 1e-15, 'left ↔ right');
    near(a.rope, b.rope, 1e-15, 'rope');
    expect(a.left).toBeGreaterThan(a.right); // x is higher on 8 of 10 folds
  });
  it('equal differences: a point mass, as baycomp (left/right by the sign, half each at 0 with rope 0)', () => {
    // Differences exactly representable (0.5 and 0.125), so the sample variance is exactly 0.
    expect(bayesianCorrelatedTTest([1, 2, 3], [0.5, 1.5, 2.5], { rope: 0.25 })).toMatchObject({ left: 1, rope: 0, right: 0, scale: 0 });
    expect(bayesianCorrelatedTTest([0.5, 1.5, 2.5], [1, 2, 3], { rope: 0.25 })).toMatchObject({ left: 0, rope: 0, right: 1, scale: 0 });
    expect(bayesianCorrelatedTTest([1, 2, 3], [0.875, 1.875, 2.875], { rope: 0.25 })).toMatchObject({ left: 0, rope: 1, right: 0 });
    expect(bayesianCorrelatedTTest([1, 2, 3], [1, 2, 3])).toMatchObject({ left: 0.5, rope: 0, right: 0.5 });
    expect(bayesianCorrelatedTTest([1, 2, 3], [2, 3, 4])).toMatchObject({ left: 0, rope: 0, right: 1 });
  });
  it('rejects bad input with coded errors naming the argument', () => {
    const e = (f: () => unknown, re: RegExp): void => {
      expect(f).toThrow(InputError);
      expect(f).toThrow(re);
    };
    e(() => bayesianCorrelatedTTest([1, 2, 3], [1, 2]), /Arguments 'x' and 'y' passed to 'bayesianCorrelatedTTest' must have the same length \(paired scores\), but got \[3, 2\]/);
    e(() => bayesianCorrelatedTTest([1, NaN, 3], [1, 2, 3]), /Argument 'x' passed to 'bayesianCorrelatedTTest' .* x\[1\] is NaN/);
    e(() => bayesianCorrelatedTTest([1, 2, 3], [1, 2, 4], { rope: -0.01 }), /Option 'rope' passed to 'bayesianCorrelatedTTest' must be a finite number ≥ 0 .* but got -0.01/);
    e(() => bayesianCorrelatedTTest([1, 2, 3], [1, 2, 4], { rope: NaN }), /Option 'rope' .* but got NaN/);
    e(() => bayesianCorrelatedTTest([1, 2, 3, 4], [1, 2, 4, 4], { runs: 3 }), /Option 'runs' passed to 'bayesianCorrelatedTTest' must be a positive integer that divides the 4 scores into folds of at least 2, but got 3/);
    e(() => bayesianCorrelatedTTest([1, 2, 3, 4], [1, 2, 4, 4], { runs: 4 }), /Option 'runs' .* but got 4/);
    e(() => bayesianCorrelatedTTest([1, 2, 3, 4], [1, 2, 4, 4], { testFraction: 1 }), /Option 'testFraction' passed to 'bayesianCorrelatedTTest' must be a number in \(0, 1\), but got 1/);
    e(() => bayesianCorrelatedTTest([1], [2]), /must be an array of at least 2 finite numbers, but got 1/);
  });
});

describe('bayesianSignedRankTest (Benavoli et al. 2014; baycomp SignedRankTest)', () => {
  const acc = readBaycomp();
  const nbc = acc.get('nbc')!.map(mean);
  const j48 = acc.get('j48')!.map(mean);

  it("reproduces baycomp's published nbc vs j48 result on its data file to ±0.01: (0.23014, 0.00674, 0.76312)", () => {
    expect([acc.size, nbc.length, acc.get('nbc')![0]!.length]).toEqual([5, 54, 100]);
    const r = bayesianSignedRankTest(nbc, j48, { rope: 1, seed: 20261207, nSamples: 50000 });
    near(r.left, 0.23014, 0.01, 'p_left');
    near(r.rope, 0.00674, 0.01, 'p_rope');
    near(r.right, 0.76312, 0.01, 'p_right');
    expect(r.left + r.rope + r.right).toBeCloseTo(1, 12);
    expect([r.samples.rows, r.samples.cols]).toEqual([50000, 3]);
  });

  it('closed-form E[θ] from the Dirichlet moments matches the numpy sums to 1e-9 (including sums exactly at ±2·rope)', () => {
    expect(ref.signedRank.length).toBe(4);
    for (const c of ref.signedRank) {
      const e = signedRankExpectation(c.x, c.y, { rope: c.rope, priorStrength: c.prior });
      for (const key of ['left', 'rope', 'right'] as const) near(e[key], c.expected[key], 1e-9, `E[θ_${key}] (rope ${c.rope}, prior ${c.prior})`);
    }
  });

  it('the Monte Carlo mean of the samples is within 4 standard errors of the closed-form E[θ]', () => {
    for (const c of ref.signedRank) {
      const n = 20000;
      const r = bayesianSignedRankTest(c.x, c.y, { rope: c.rope, priorStrength: c.prior, seed: 7, nSamples: n });
      expect(r.expected).toEqual(signedRankExpectation(c.x, c.y, { rope: c.rope, priorStrength: c.prior }));
      for (const [col, key] of [[0, 'left'], [1, 'rope'], [2, 'right']] as const) {
        const v = r.samples.column(col);
        const m = mean(Array.from(v));
        const sd = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
        const se = sd / Math.sqrt(n);
        expect(Math.abs(m - c.expected[key]), `θ_${key}: MC mean ${m} ± ${se}, expected ${c.expected[key]}`).toBeLessThanOrEqual(4 * se + 1e-12);
      }
    }
  });

  it('every sample is a point of the simplex; with rope 0, θ_rope is 0 and left + right = 1', () => {
    const r = bayesianSignedRankTest(nbc, j48, { seed: 3, nSamples: 2000 });
    for (let t = 0; t < 2000; t++) {
      const [l, m, rr] = [r.samples.get(t, 0), r.samples.get(t, 1), r.samples.get(t, 2)];
      expect(m).toBe(0);
      expect(l).toBeGreaterThanOrEqual(-1e-12);
      near(l + rr, 1, 1e-12, 'sum');
    }
    expect(r.rope).toBe(0);
  });

  it('the probabilities are the shares of samples where each θ is the largest (first on ties, as argmax)', () => {
    const r = bayesianSignedRankTest(nbc, j48, { rope: 1, seed: 5, nSamples: 5000 });
    const wins = [0, 0, 0];
    for (let t = 0; t < 5000; t++) {
      const row = [r.samples.get(t, 0), r.samples.get(t, 1), r.samples.get(t, 2)];
      wins[row.indexOf(Math.max(...row))]!++;
    }
    expect([r.left, r.rope, r.right]).toEqual(wins.map((w) => w / 5000));
  });

  it('models within the ROPE on every data set: practically equivalent with probability ≈ 1', () => {
    // |x − y| ≤ 0.004 everywhere, rope 0.01: every Walsh average lies inside the ROPE.
    const x = [0.81, 0.9, 0.77, 0.85, 0.93, 0.68, 0.88, 0.8, 0.95, 0.72];
    const y = x.map((v, i) => v + (i % 2 === 0 ? 0.004 : -0.003));
    const r = bayesianSignedRankTest(x, y, { rope: 0.01, seed: 9, nSamples: 4000 });
    expect(r.rope).toBeGreaterThan(0.99);
    near(r.expected.rope, 1, 1e-12, 'E[θ_rope]');
  });

  it('seeded: the same seed gives identical output, another seed another sample', () => {
    const a = bayesianSignedRankTest(nbc, j48, { rope: 1, seed: 11, nSamples: 3000 });
    const b = bayesianSignedRankTest(nbc, j48, { rope: 1, seed: 11, nSamples: 3000 });
    const c = bayesianSignedRankTest(nbc, j48, { rope: 1, seed: 12, nSamples: 3000 });
    expect(b).toEqual(a);
    expect(Array.from(c.samples.data)).not.toEqual(Array.from(a.samples.data));
  });

  it('swapping x and y mirrors the posterior (left ↔ right)', () => {
    const e1 = signedRankExpectation(nbc, j48, { rope: 1 });
    const e2 = signedRankExpectation(j48, nbc, { rope: 1 });
    near(e1.left, e2.right, 1e-12, 'left ↔ right');
    near(e1.rope, e2.rope, 1e-12, 'rope');
  });

  it('priorStrength moves the posterior towards the pseudo-observation at 0', () => {
    // One data set where x is clearly better: the stronger the prior at 0, the less mass on "left".
    const weak = signedRankExpectation([0.9], [0.5], { rope: 0.01, priorStrength: 0.1 });
    const strong = signedRankExpectation([0.9], [0.5], { rope: 0.01, priorStrength: 5 });
    expect(weak.left).toBeGreaterThan(strong.left);
    expect(strong.rope).toBeGreaterThan(weak.rope);
  });

  it('gamma variates (Marsaglia–Tsang, shape < 1, = 1, > 1) have mean and variance = shape', () => {
    const rng = new Rng(5);
    for (const shape of [0.5, 1, 2.5]) {
      const n = 40000;
      const v = Array.from({ length: n }, () => gammaVariate(rng, shape));
      const m = mean(v);
      const s2 = v.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
      near(m, shape, 4 * Math.sqrt(shape / n), `mean (shape ${shape})`);
      near(s2, shape, 0.05 * shape, `variance (shape ${shape})`);
    }
  });

  it('rejects bad input with coded errors naming the argument', () => {
    const e = (f: () => unknown, re: RegExp): void => {
      expect(f).toThrow(InputError);
      expect(f).toThrow(re);
    };
    e(() => bayesianSignedRankTest([1, 2], [1], { seed: 1 }), /Arguments 'x' and 'y' passed to 'bayesianSignedRankTest' must have the same length \(paired scores\), but got \[2, 1\]/);
    e(() => bayesianSignedRankTest([1, 2], [1, NaN], { seed: 1 }), /Argument 'y' passed to 'bayesianSignedRankTest' .* y\[1\] is NaN/);
    e(() => bayesianSignedRankTest([1, 2], [1, 3], { seed: 1, rope: -1 }), /Option 'rope' passed to 'bayesianSignedRankTest' must be a finite number ≥ 0 .* but got -1/);
    e(() => bayesianSignedRankTest([1, 2], [1, 3], { seed: 1, nSamples: 0 }), /Option 'nSamples' passed to 'bayesianSignedRankTest' must be an integer in \[1, 10000000\], but got 0/);
    e(() => bayesianSignedRankTest([1, 2], [1, 3], { seed: 1, priorStrength: 0 }), /Option 'priorStrength' passed to 'bayesianSignedRankTest' must be a positive finite number, but got 0/);
    e(() => bayesianSignedRankTest([1, 2], [1, 3], {} as { seed: number }), /Option 'seed' passed to 'bayesianSignedRankTest' must be a non-negative safe integer \(the run's seed\), but got undefined/);
    e(() => signedRankExpectation([1, 2], [1, 3], { rope: Infinity }), /Option 'rope' passed to 'signedRankExpectation'/);
  });
});

describe('defaultRope and effectSizeRope', () => {
  it('0.01 for accuracy-like metrics; an error naming the metric for the others', () => {
    for (const m of ['accuracy', 'balancedAccuracy', 'f1Macro', 'rocAuc', 'r2']) expect(defaultRope(m)).toBe(0.01);
    for (const m of ['logLoss', 'rmse', 'mae', 'nonsense']) {
      expect(() => defaultRope(m)).toThrow(InputError);
      expect(() => defaultRope(m)).toThrow(new RegExp(`Argument 'metric' passed to 'defaultRope' must be an accuracy-like metric .* but got '${m}'`));
    }
  });
  it("autorank's effect-size ROPE: 0.1 × pooled SD (normal) or pooled scaled MAD, to 1e-12", () => {
    for (const c of ref.effectSizeRope) {
      near(effectSizeRope(c.x, c.y), c.normal, 1e-12, 'normal');
      near(effectSizeRope(c.x, c.y, { normal: false }), c.nonNormal, 1e-12, 'non-normal');
      near(effectSizeRope(c.x, c.y, { fraction: 0.2 }), 2 * c.normal, 1e-12, 'fraction 0.2');
      expect(defaultRope('logLoss', { mode: 'effectSize', x: c.x, y: c.y, normal: false })).toBe(effectSizeRope(c.x, c.y, { normal: false }));
    }
  });
  it('rejects a missing sample, an unknown mode and a bad fraction by name', () => {
    expect(() => defaultRope('accuracy', { mode: 'effectSize', x: [1, 2] })).toThrow(/Options 'x' and 'y' passed to 'defaultRope' are required with mode 'effectSize'/);
    expect(() => defaultRope('accuracy', { mode: 'relative' as 'absolute' })).toThrow(/Option 'mode' passed to 'defaultRope' must be 'absolute' or 'effectSize', but got 'relative'/);
    expect(() => effectSizeRope([1, 2], [1, 2], { fraction: -1 })).toThrow(/Option 'fraction' passed to 'effectSizeRope' must be a positive number, but got -1/);
    expect(() => effectSizeRope([1], [1, 2])).toThrow(/Argument 'x' passed to 'effectSizeRope' must be an array of at least 2 finite numbers, but got 1/);
  });
});
