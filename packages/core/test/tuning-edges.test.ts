/**
 * The tuning engine's edges that the parity tests leave open (written against the survivors of a
 * focused Stryker run on `src/tuning/`, see packages/core/MUTATION.md): which candidate is best,
 * numpy's pairwise mean past 8 and 128 folds, random search over linear ranges, the order of a
 * grid's names, and every refusal of halvingSchedule, halvingTopK, gridAt and validateSpace.
 */
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  InputError,
  bestCandidate,
  createSampler,
  float,
  gridAt,
  gridCandidates,
  halvingSchedule,
  halvingTopK,
  int,
  meanInnerScore,
  oneOf,
  validateSpace,
  type HalvingOptions,
  type ParamSpecs,
  type SearchSpace,
} from '../src/index.js';
import { logGaussMass, logNdtr } from '../src/tuning/tpe.js';

describe('bestCandidate', () => {
  it('takes the highest mean wherever it is, keeps the first of a tie, and never a candidate with a failed fold', () => {
    expect(bestCandidate([{ scores: [0.2, 0.4] }, { scores: [0.5, 0.7] }, { scores: [0.1, 0.3] }])).toEqual({ index: 1, meanScore: 0.6 });
    expect(bestCandidate([{ scores: [-3, -1] }, { scores: [-1, -1] }])).toEqual({ index: 1, meanScore: -1 });
    expect(bestCandidate([{ scores: [0.5] }, { scores: [0.9] }, { scores: [0.9] }])).toEqual({ index: 1, meanScore: 0.9 });
    expect(bestCandidate([{ scores: [0.5] }, { scores: [0.9, null] }])).toEqual({ index: 0, meanScore: 0.5 });
    expect(bestCandidate([{ scores: [null] }, { scores: [null, 1] }])).toEqual({ index: 0, meanScore: null });
  });

  it('refuses an item that is not a { scores } object, naming it', () => {
    for (const bad of [null, 3]) {
      expect(() => bestCandidate([{ scores: [1] }, bad as never])).toThrow(
        new InputError(`Argument 'trials' passed to 'bestCandidate' must hold { scores } objects, but item 1 is ${bad === null ? 'null' : '3'}.`),
      );
    }
  });
});

describe("meanInnerScore is numpy's mean, bit for bit (pairwise summation)", () => {
  // numpy 1.24 (/usr/bin/python3): np.mean(x) for x[i] = 0.1·((7i) mod 11) + 1e-9·i; a left-to-right sum gives another last digit.
  const xs = (n: number) => Array.from({ length: n }, (_, i) => 0.1 * ((i * 7) % 11) + 1e-9 * i);
  it('on 128 folds (eight running sums), 150 and 200 (split in two halves)', () => {
    expect(meanInnerScore(xs(128))).toBe(0.5015625635000001);
    expect(meanInnerScore(xs(200))).toBe(0.4985000995);
    expect(meanInnerScore(xs(13))).toBe(0.47692308292307695);
    // 8 folds are already summed in eight running sums (a left-to-right sum gives 0.2625000035000001)
    expect(meanInnerScore(Array.from({ length: 8 }, (_, i) => 0.1 * (i % 7) + 1e-9 * i))).toBe(0.2625000035);
    // 150 folds, another sequence: split 72 + 78 (the half rounded down to a multiple of 8), each half in eight running sums
    expect(meanInnerScore(Array.from({ length: 150 }, (_, i) => 0.1 * ((i * 9) % 11) + 1e-9 * i * 3))).toBe(0.5000002235000002);
  });
});

describe('meanInnerScore refuses a score that is not a finite number or null', () => {
  it('naming the item', () => {
    expect(() => meanInnerScore([0.5, Number.NaN])).toThrow(
      new InputError("Argument 'scores' passed to 'meanInnerScore' must hold finite numbers or null (a failed fold), but item 1 is NaN."),
    );
    expect(() => meanInnerScore([0.5, '1' as never])).toThrow(/item 1 is '1'/);
  });
});

describe('random search over ranges', () => {
  const draws = (space: SearchSpace, n: number, seed = 3) => {
    const s = createSampler('random', space, seed);
    return Array.from({ length: n }, () => s.ask());
  };
  it('draws a linear real range uniformly, a linear integer range uniformly with both ends, a log integer range from both ends too', () => {
    const x = draws({ x: { kind: 'float', low: 0, high: 10, log: false } }, 4000).map((c) => c.x as number);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(10);
    // uniform: mean 5, a quarter of the draws below 2.5 (a log-uniform draw would not even be defined at 0)
    expect(x.reduce((a, v) => a + v, 0) / x.length).toBeCloseTo(5, 0);
    expect(x.filter((v) => v < 2.5).length / x.length).toBeCloseTo(0.25, 1);
    const k = draws({ k: { kind: 'int', low: 1, high: 100, log: false } }, 4000).map((c) => c.k as number);
    expect(k.every((v) => Number.isInteger(v) && v >= 1 && v <= 100)).toBe(true);
    expect(new Set(k).has(1) && new Set(k).has(100)).toBe(true);
    // uniform on 1..100: mean 50.5 (log-uniform: about 21.5)
    expect(k.reduce((a, v) => a + v, 0) / k.length).toBeGreaterThan(45);
    const l = draws({ l: { kind: 'int', low: 1, high: 1000, log: true } }, 4000).map((c) => c.l as number);
    expect(new Set(l).has(1) && new Set(l).has(1000)).toBe(true);
    expect(l.filter((v) => v <= 31).length / l.length).toBeCloseTo(0.5, 1);
  });

  it('the same seed gives the same draws, another seed others; 0 is a seed like any other', () => {
    const space: SearchSpace = { x: { kind: 'float', low: 0, high: 1, log: false }, k: { kind: 'int', low: 1, high: 9, log: false } };
    expect(draws(space, 20, 5)).toEqual(draws(space, 20, 5));
    expect(draws(space, 20, 6)).not.toEqual(draws(space, 20, 5));
    expect(draws(space, 20, 0)).toEqual(draws(space, 20, 0));
    expect(draws(space, 20, 0)).not.toEqual(draws(space, 20, 1));
  });
});

describe('grids', () => {
  it("vary the last name in sorted order fastest, whatever order the space lists them in (scikit-learn's ParameterGrid)", () => {
    const space: SearchSpace = { c: { kind: 'values', values: [1, 2] }, a: { kind: 'values', values: ['x', 'y'] }, b: { kind: 'values', values: [true] } };
    expect(gridCandidates(space)).toEqual([
      { a: 'x', b: true, c: 1 },
      { a: 'x', b: true, c: 2 },
      { a: 'y', b: true, c: 1 },
      { a: 'y', b: true, c: 2 },
    ]);
    expect(Object.keys(gridCandidates(space)[0]!)).toEqual(['a', 'b', 'c']);
  });

  it('gridAt refuses a range, and an index outside [0, size - 1] or not an integer, naming the bounds', () => {
    const space: SearchSpace = { a: { kind: 'values', values: [1, 2, 3] } };
    for (const i of [-1, 3, 1.5]) {
      expect(() => gridAt(space, i)).toThrow(new InputError(`Argument 'index' passed to 'gridAt' must be an integer in [0, 2] (the grid has 3 configurations). Got ${i} instead.`));
    }
    expect(gridAt(space, 2)).toEqual({ a: 3 });
    expect(() => gridAt({ a: { kind: 'float', low: 0, high: 1, log: false } }, 0)).toThrow(/'a'/);
  });
});

describe('halvingSchedule and halvingTopK refuse bad settings by name', () => {
  const cases: Array<[unknown, string]> = [
    [null, "Argument 'options' passed to 'halvingSchedule' must be an object of settings. Got null instead."],
    [{ maxResources: 100, nCandidates: 0 }, "Argument 'nCandidates' passed to 'halvingSchedule' must be 'exhaust' or a positive integer. Got 0 instead."],
    [{ maxResources: 100, nCandidates: 4, minResources: 2.5 }, "Argument 'minResources' passed to 'halvingSchedule' must be 'smallest', 'exhaust' or a positive integer. Got 2.5 instead."],
    [{ maxResources: 100, nCandidates: 4, resource: 'rows' }, "Argument 'resource' passed to 'halvingSchedule' must be 'samples' or 'other'. Got 'rows' instead."],
    [{ maxResources: 100, nCandidates: 4, spaceSize: 0 }, "Argument 'spaceSize' passed to 'halvingSchedule' must be a positive integer or Infinity. Got 0 instead."],
    [{ maxResources: 100, nCandidates: 4, aggressiveElimination: 'yes' }, "Argument 'aggressiveElimination' passed to 'halvingSchedule' must be a boolean. Got 'yes' instead."],
    [{ maxResources: 100, nCandidates: 4, nSplits: 0 }, "Argument 'nSplits' passed to 'halvingSchedule' must be a positive integer. Got 0 instead."],
    [{ maxResources: 100, nCandidates: 4, nClasses: 1.5 }, "Argument 'nClasses' passed to 'halvingSchedule' must be a positive integer. Got 1.5 instead."],
    [{ maxResources: 100, factor: '3', nCandidates: 4 }, "Argument 'factor' passed to 'halvingSchedule' must be a finite number > 1. Got '3' instead."],
    [{ maxResources: 100, factor: Infinity, nCandidates: 4 }, "Argument 'factor' passed to 'halvingSchedule' must be a finite number > 1. Got Infinity instead."],
    [{ maxResources: '100', nCandidates: 4 }, "Argument 'maxResources' passed to 'halvingSchedule' must be a positive integer. Got '100' instead."],
    [{ maxResources: 100.5, nCandidates: 4 }, "Argument 'maxResources' passed to 'halvingSchedule' must be a positive integer. Got 100.5 instead."],
  ];
  it.each(cases)('%j', (options, message) => {
    expect(() => halvingSchedule(options as HalvingOptions)).toThrow(new InputError(message));
  });

  it('accepts minResources equal to maxResources (one round), and nClasses only when given', () => {
    expect(halvingSchedule({ maxResources: 10, minResources: 10, nCandidates: 3 }).rounds).toEqual([{ nCandidates: 3, resources: 10 }]);
    // 5 folds × 2 rows × 3 classes = 30 rows at least; without nClasses, 10
    expect(halvingSchedule({ maxResources: 90, minResources: 'smallest', nCandidates: 3, nClasses: 3 }).minResources).toBe(30);
    expect(halvingSchedule({ maxResources: 90, minResources: 'smallest', nCandidates: 3 }).minResources).toBe(10);
  });

  it('does not eliminate aggressively unless asked', () => {
    // 27 candidates need 4 rounds (27, 9, 3, 1) but 30 / 10 rows allow 2: without aggressive elimination 2 rounds are run
    const o = { maxResources: 30, minResources: 10, nCandidates: 27, resource: 'other' as const };
    expect(halvingSchedule(o).rounds).toEqual(halvingSchedule({ ...o, aggressiveElimination: false }).rounds);
    expect(halvingSchedule(o).rounds).toHaveLength(2);
    expect(halvingSchedule({ ...o, aggressiveElimination: true }).rounds).toHaveLength(4);
  });

  it('halvingTopK: ties go to the later candidate, as _top_k; a bad k or list is refused', () => {
    expect(halvingTopK([0.5, 0.5, 0.5, 0.1], 2)).toEqual([1, 2]);
    expect(halvingTopK([0.5, 0.5, 0.5], 1)).toEqual([2]);
    expect(halvingTopK([0.5, 0.1], 0)).toEqual([]);
    expect(() => halvingTopK([0.1, 0.2], -1)).toThrow(new InputError("Argument 'k' passed to 'halvingTopK' must be an integer in [0, 2]. Got -1 instead."));
    expect(() => halvingTopK([0.1, 0.2], 1.5)).toThrow(new InputError("Argument 'k' passed to 'halvingTopK' must be an integer in [0, 2]. Got 1.5 instead."));
    expect(() => halvingTopK('0.1' as never, 1)).toThrow(/^Argument 'scores' passed to 'halvingTopK' must be an array of numbers or nulls\. Got '0\.1' instead\.$/);
    expect(() => halvingTopK([0.1, '0.2' as never], 1)).toThrow(/item 1 is '0\.2'/);
  });
});

describe('validateSpace refuses a recorded domain that breaks a rule, naming it', () => {
  const decls = {
    C: float({ default: 1, min: 0, minExclusive: true, doc: '' }),
    k: int({ default: 5, min: 1, doc: '' }),
    kernel: oneOf(['rbf', 'linear'] as const, { default: 'rbf', doc: '' }),
  } satisfies ParamSpecs;
  const cases: Array<[unknown, string]> = [
    [{ C: 1 }, "w: the domain of 'C' must be an object, but got 1."],
    [{ C: { kind: 'values', values: [] } }, "w: 'C' must have at least one value, but got []."],
    [{ C: { kind: 'grid', low: 1, high: 2, log: false } }, "w: the domain of 'C' must be of kind 'values', 'int' or 'float', but got 'grid'."],
    [{ kernel: { kind: 'int', low: 1, high: 2, log: false } }, "w: 'kernel' is one of 'rbf', 'linear', not a number: it takes a list of values, not range(1,2)."],
    [{ k: { kind: 'float', low: 1, high: 2, log: false } }, "w: 'k' is an integer parameter: its range must be an integer range, but got a real range range(1,2)."],
    [{ C: { kind: 'float', low: 1, high: 2, log: 'no' } }, "w: the 'log' flag of 'C' must be a boolean, but got 'no'."],
    [{ C: { kind: 'float', low: 1, high: Infinity, log: false } }, "w: the upper bound of 'C' must be a finite number, but got Infinity."],
    [{ k: { kind: 'int', low: 1.5, high: 4, log: false } }, "w: the lower bound of 'k' must be an integer (it is an integer parameter), but got 1.5."],
    [{ k: { kind: 'int', low: 0, high: 4, log: false } }, "w: the lower bound of 'k' range(0,4) must satisfy its rule: an integer in [1, Infinity). Got 0 instead."],
    [{ C: { kind: 'float', low: 2, high: 1, log: false } }, "w: the range of 'C' must have low <= high, but got range(2,1)."],
  ];
  it.each(cases)('%j', (space, message) => {
    expect(() => validateSpace(space as SearchSpace, decls, 'w')).toThrow(new ConfigError(message));
  });
  it('accepts low = high', () => {
    expect(() => validateSpace({ C: { kind: 'float', low: 1, high: 1, log: true } }, decls, 'w')).not.toThrow();
  });
});

describe("TPE's normal in logs, against scipy 1.10.1", () => {
  /** Relative distance. */
  const rel = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);
  it('logNdtr far in the upper tail (log(1 − ε) ≈ −ε) and across the switch to the asymptotic series at −20', () => {
    // scipy.special.log_ndtr (the upper tail to 1e-9: core's normal CDF is good to about 2e-11 there;
    // log(Φ(7)) taken directly loses 4 of the 16 digits)
    expect(rel(logNdtr(6.5), -4.016000583939729e-11)).toBeLessThan(1e-9);
    expect(rel(logNdtr(7), -1.2798125438866539e-12)).toBeLessThan(1e-9);
    expect(rel(logNdtr(10), -7.619853024160473e-24)).toBeLessThan(1e-9);
    expect(rel(logNdtr(-19), -184.36612866916096)).toBeLessThan(1e-13);
    expect(rel(logNdtr(-25), -316.63940800802027)).toBeLessThan(1e-13);
  });

  it('logGaussMass, log(Φ(b) − Φ(a)), on each side of 0 and across it', () => {
    // Optuna 3.1's _log_gauss_mass with scipy.special.log_ndtr / ndtr
    const cases: Array<[number, number, number]> = [
      [-3, -1, -1.849566420547609],
      [1, 3, -1.849566420547609],
      [-1, 2, -0.20016629432446262],
      [-40, -30, -454.32124395634327],
      [8, 9, -35.01361859343716],
      [-0.5, 0, -1.653063514255567],
      [0, 0.5, -1.6530635142555674],
    ];
    for (const [a, b, want] of cases) expect(rel(logGaussMass(a, b), want), `[${a}, ${b}]`).toBeLessThan(1e-12);
  });
});
