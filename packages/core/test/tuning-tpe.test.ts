/**
 * TPE against random search and against Optuna 3.1.0's TPESampler (fixture written by
 * benchmarks/reference/optuna_ref.py: the best value after 50 trials for seeds 0..19).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, createSampler, type SearchSpace } from '../src/index.js';
import { logGaussMass, logNdtr, tpeGamma, tpeWeights } from '../src/tuning/tpe.js';
import { bestAfter, branin, median, sphere5, type Objective } from './tuning-objectives.js';

const optuna = JSON.parse(readFileSync(new URL('./data/optuna-tpe.json', import.meta.url), 'utf8')) as {
  trials: number;
  seeds: number[];
  objectives: Record<string, { tpe: Array<{ best: number }>; random: Array<{ best: number }> }>;
};

const SEEDS = Array.from({ length: 20 }, (_, i) => i);
const TRIALS = 50;

describe.each([
  ['branin', branin],
  ['sphere5', sphere5],
] as Array<[string, Objective]>)('TPE on %s, 20 seeds, 50 trials', (name, objective) => {
  const ours = SEEDS.map((s) => bestAfter('tpe', objective, s, TRIALS));
  const random = SEEDS.map((s) => bestAfter('random', objective, s, TRIALS));
  const ref = optuna.objectives[name]!.tpe.map((r) => r.best);

  it('beats random search in median best value', () => {
    expect(median(ours)).toBeLessThan(median(random));
  });
  it("has its median inside the spread (min–max) of Optuna 3.1's TPESampler over the same number of seeds", () => {
    expect(optuna.trials).toBe(TRIALS);
    expect(ref).toHaveLength(SEEDS.length);
    expect(median(ours)).toBeGreaterThanOrEqual(Math.min(...ref));
    expect(median(ours)).toBeLessThanOrEqual(Math.max(...ref));
  });
});

const mixed: SearchSpace = {
  C: { kind: 'float', low: 1e-3, high: 1e3, log: true },
  k: { kind: 'int', low: 1, high: 100, log: true },
  depth: { kind: 'int', low: 1, high: 8, log: false },
  kernel: { kind: 'values', values: ['a', 'b', 'c', 'd'] },
};
/** Best at C = 1, k = 7, depth = 3, kernel 'b'. */
function mixedScore(c: Record<string, unknown>): number {
  return -(Math.log10(c.C as number) ** 2) - Math.abs(Math.log(c.k as number) - Math.log(7)) - Math.abs((c.depth as number) - 3) - (c.kernel === 'b' ? 0 : 2);
}

describe('TPE on log, integer and categorical domains', () => {
  it('proposes values inside the domains (integers whole) and concentrates on the best ones', () => {
    const s = createSampler('tpe', mixed, 3);
    const late: Array<Record<string, unknown>> = [];
    for (let t = 0; t < 80; t++) {
      const c = s.ask();
      expect(Number.isInteger(c.k) && (c.k as number) >= 1 && (c.k as number) <= 100).toBe(true);
      expect(Number.isInteger(c.depth) && (c.depth as number) >= 1 && (c.depth as number) <= 8).toBe(true);
      expect((c.C as number) >= 1e-3 && (c.C as number) <= 1e3).toBe(true);
      expect(['a', 'b', 'c', 'd']).toContain(c.kernel);
      s.tell(c, mixedScore(c));
      if (t >= 40) late.push(c);
    }
    // Random search would pick 'b' a quarter of the time and depth 3 an eighth of the time.
    expect(late.filter((c) => c.kernel === 'b').length).toBeGreaterThan(late.length * 0.6);
    expect(late.filter((c) => c.depth === 3).length).toBeGreaterThan(late.length * 0.4);
    expect(median(late.map((c) => Math.abs(Math.log10(c.C as number))))).toBeLessThan(1);
  });

  it('is reproducible from its seed, and the seed matters', () => {
    const run = (seed: number): unknown[] => {
      const s = createSampler('tpe', mixed, seed);
      return Array.from({ length: 25 }, () => {
        const c = s.ask();
        s.tell(c, mixedScore(c));
        return c;
      });
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('leaves failed trials (null) out: until 10 trials have a score it samples at random', () => {
    const tpe = createSampler('tpe', mixed, 5);
    const rnd = createSampler('random', mixed, 5);
    for (let t = 0; t < 30; t++) {
      const c = tpe.ask();
      expect(c).toEqual(rnd.ask());
      tpe.tell(c, null);
    }
    // Once 10 scores are told, the model takes over and the proposals part ways with random search.
    for (let t = 0; t < 10; t++) {
      const c = tpe.ask();
      expect(c).toEqual(rnd.ask());
      tpe.tell(c, mixedScore(c));
    }
    expect(tpe.ask()).not.toEqual(rnd.ask());
  });

  it('checks its options', () => {
    expect(() => createSampler('tpe', mixed, 1, { nStartupTrials: -1 })).toThrow(/^Option 'nStartupTrials' passed to 'createSampler' must be an integer >= 0\. Got -1 instead\.$/);
    expect(() => createSampler('tpe', mixed, 1, { gamma: 0.2 } as never)).toThrow(/^Argument 'options' passed to 'createSampler' has an unknown TPE setting 'gamma'\./);
    expect(() => createSampler('random', mixed, 1, { nEiCandidates: 5 })).toThrow(InputError);
  });
});

describe("TPE's parts (Optuna 3.1's defaults)", () => {
  it('gamma(n) = min(ceil(0.1 n), 25)', () => {
    // numpy: [min(int(np.ceil(0.1 * x)), 25) for x in [0, 1, 10, 11, 20, 30, 70, 249, 250, 251, 1000]]
    expect([0, 1, 10, 11, 20, 30, 70, 249, 250, 251, 1000].map(tpeGamma)).toEqual([0, 1, 1, 2, 2, 3, 7, 25, 25, 25, 25]);
  });
  it('weights: ones below 25 observations, then a ramp from 1/n for the oldest n − 25', () => {
    expect(tpeWeights(3)).toEqual([1, 1, 1]);
    expect(tpeWeights(25)).toEqual(new Array(25).fill(1));
    expect(tpeWeights(26)).toEqual([1 / 26, ...new Array(25).fill(1)]);
    const w = tpeWeights(29); // np.linspace(1/29, 1, 4)
    expect(w.slice(0, 4)).toEqual([1 / 29, 1 / 29 + (1 - 1 / 29) / 3, 1 / 29 + (2 * (1 - 1 / 29)) / 3, 1]);
  });
  it('log Φ and the log mass of an interval hold in both tails (scipy.special.log_ndtr)', () => {
    // scipy 1.10.1: log_ndtr(-30) = -454.32124395634327, log_ndtr(-5) = -15.064998393988727, log_ndtr(3) = -0.001350809964748193
    expect(logNdtr(-30)).toBeCloseTo(-454.32124395634327, 9);
    // Φ(−38) is a subnormal double and Φ(−100) underflows: the asymptotic series (scipy: −726.5572160188201, −5005.524208694205).
    expect(logNdtr(-38)).toBeCloseTo(-726.5572160188201, 9);
    expect(logNdtr(-100)).toBeCloseTo(-5005.524208694205, 8);
    expect(logNdtr(-5)).toBeCloseTo(-15.064998393988727, 10);
    expect(logNdtr(3)).toBeCloseTo(-0.001350809964748193, 14);
    expect(logGaussMass(-1, 1)).toBeCloseTo(Math.log(0.6826894921370859), 12);
    expect(logGaussMass(40, 41)).toBeCloseTo(logGaussMass(-41, -40), 10);
  });
});
