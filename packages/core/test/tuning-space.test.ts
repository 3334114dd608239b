import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  InputError,
  bool,
  createSampler,
  deriveSeed,
  float,
  gridAt,
  gridCandidates,
  gridSize,
  int,
  intArray,
  nullValue,
  oneOf,
  parseSpace,
  spaceFromJSON,
  union,
  validateSpace,
  type ParamSpecs,
  type SearchSpace,
} from '../src/index.js';

/** Declarations shaped like the SVC's, k-NN's, the tree's and the MLP's. */
const decls = {
  C: float({ default: 1, min: 0, minExclusive: true, doc: '' }),
  gamma: float({ default: 0.1, min: 0, minExclusive: true, doc: '' }),
  kernel: oneOf(['rbf', 'linear', 'poly'] as const, { default: 'rbf', doc: '' }),
  nNeighbors: int({ default: 5, min: 1, doc: '' }),
  maxDepth: union<number | null>([int({ default: 1, min: 1, doc: '' }), nullValue()], { default: null, doc: '' }),
  shrinking: bool({ default: true, doc: '' }),
  hiddenLayerSizes: intArray({ default: [100], min: 1, doc: '' }),
  alpha: float({ default: 0.5, min: 0, max: 1, doc: '' }),
  maxFeatures: union<number | string | null>(
    [nullValue(), oneOf(['sqrt'] as const, { default: 'sqrt', doc: '' }), int({ default: 1, min: 1, doc: '' }), float({ default: 0.5, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: '' })],
    { default: null, doc: '' },
  ),
} satisfies ParamSpecs;
const where = "--space 'svm:…'";

function configError(f: () => unknown): ConfigError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseSpace', () => {
  it('reads lists, ranges and log ranges; int or float from the declaration', () => {
    expect(parseSpace('C=log(1e-3,1e3),gamma=log(1e-4,1e1)', decls, where)).toEqual({
      C: { kind: 'float', low: 0.001, high: 1000, log: true },
      gamma: { kind: 'float', low: 0.0001, high: 10, log: true },
    });
    expect(parseSpace('nNeighbors=1,5,15', decls, where)).toEqual({ nNeighbors: { kind: 'values', values: [1, 5, 15] } });
    expect(parseSpace('nNeighbors=range(1,50),kernel=rbf,linear,alpha=range(0, 0.5)', decls, where)).toEqual({
      nNeighbors: { kind: 'int', low: 1, high: 50, log: false },
      kernel: { kind: 'values', values: ['rbf', 'linear'] },
      alpha: { kind: 'float', low: 0, high: 0.5, log: false },
    });
    // A union with an integer part tunes as an integer; its null parses by the declaration.
    expect(parseSpace('maxDepth=log(1,30)', decls, where)).toEqual({ maxDepth: { kind: 'int', low: 1, high: 30, log: true } });
    // A union of a count and a fraction: an integer range when both bounds are integers, else a real one.
    expect(parseSpace('maxFeatures=range(1,8)', decls, where)).toEqual({ maxFeatures: { kind: 'int', low: 1, high: 8, log: false } });
    expect(parseSpace('maxFeatures=range(0.1,0.9)', decls, where)).toEqual({ maxFeatures: { kind: 'float', low: 0.1, high: 0.9, log: false } });
    expect(spaceFromJSON({ maxFeatures: { range: [0.1, 0.9] } }, decls, 'w')).toEqual({ maxFeatures: { kind: 'float', low: 0.1, high: 0.9, log: false } });
    expect(parseSpace('maxDepth=2,null,shrinking=true,false,hiddenLayerSizes=64,64x32', decls, where)).toEqual({
      maxDepth: { kind: 'values', values: [2, null] },
      shrinking: { kind: 'values', values: [true, false] },
      hiddenLayerSizes: { kind: 'values', values: [[64], [64, 32]] },
    });
  });

  it('names the place, the parameter, the rule and the value of every mistake', () => {
    expect(configError(() => parseSpace('nNeigbors=1,5', decls, where)).message).toBe(
      `${where}: unknown parameter 'nNeigbors'. Did you mean 'nNeighbors'? Valid parameters: C, gamma, kernel, nNeighbors, maxDepth, shrinking, hiddenLayerSizes, alpha, maxFeatures.`,
    );
    expect(configError(() => parseSpace('nNeighbors=1,0', decls, where)).message).toBe(
      `${where}: the 'nNeighbors' parameter must be an integer in [1, Infinity). Got '0' instead.`,
    );
    expect(configError(() => parseSpace('C=log(0,1)', decls, where)).message).toMatch(/^--space 'svm:…': the lower bound of 'C' log\(0,1\) must satisfy its rule: a number in \(0, Infinity\)\. Got 0 instead\.$/);
    expect(configError(() => parseSpace('alpha=log(0.5,0.1)', decls, where)).message).toBe(`${where}: the range of 'alpha' must have low <= high, but got log(0.5,0.1).`);
    expect(configError(() => parseSpace('kernel=range(1,2)', decls, where)).message).toMatch(/'kernel' is one of 'rbf', 'linear', 'poly', not a number: it takes a list of values/);
    expect(configError(() => parseSpace('nNeighbors=range(1.5,9)', decls, where)).message).toMatch(/the lower bound of 'nNeighbors' must be an integer/);
    expect(configError(() => parseSpace('C=log(1,x)', decls, where)).message).toMatch(/the bounds of 'C=log\(\.\.\.\)' must be finite numbers, but got 'x'/);
    expect(configError(() => parseSpace('C=log(1,2,3)', decls, where)).message).toMatch(/must have two bounds, log\(lo,hi\), but got 3/);
    expect(configError(() => parseSpace('C=1,log(1,2)', decls, where)).message).toMatch(/'C' mixes a range with other values/);
    expect(configError(() => parseSpace('C=1,C=2', decls, where)).message).toBe(`${where}: parameter 'C' is given twice.`);
    expect(configError(() => parseSpace('5,C=1', decls, where)).message).toMatch(/must start with name=\.\.\., but got '5'/);
    expect(configError(() => parseSpace('  ', decls, where)).message).toMatch(/must be name=values or name=range/);
    expect(configError(() => parseSpace('C=1,,2', decls, where)).message).toMatch(/'C' has an empty value/);
  });
});

describe('spaceFromJSON', () => {
  it('reads arrays, { range }, { log } and the recorded form', () => {
    const json = { C: { log: [1e-3, 1e3] }, kernel: ['rbf', 'linear'], nNeighbors: { range: [1, 30] }, hiddenLayerSizes: [[64], [64, 32]] };
    const space = spaceFromJSON(json, decls, 'models[0].tune.space');
    expect(space).toEqual({
      C: { kind: 'float', low: 0.001, high: 1000, log: true },
      kernel: { kind: 'values', values: ['rbf', 'linear'] },
      nNeighbors: { kind: 'int', low: 1, high: 30, log: false },
      hiddenLayerSizes: { kind: 'values', values: [[64], [64, 32]] },
    });
    // The recorded form (run.json) reads back to the same space.
    expect(spaceFromJSON(JSON.parse(JSON.stringify(space)), decls, 'run.json')).toEqual(space);
  });
  it('refuses other shapes, naming the path', () => {
    expect(configError(() => spaceFromJSON({ C: { log: [1] } }, decls, 's')).message).toBe(`s.C: { "log": [lo, hi] } must hold two numbers, but got [1].`);
    expect(configError(() => spaceFromJSON({ C: 3 }, decls, 's')).message).toBe(`s.C: must be an array of values, { "range": [lo, hi] } or { "log": [lo, hi] }, but got 3.`);
    expect(configError(() => spaceFromJSON([], decls, 's')).message).toMatch(/^s: a search space must be an object/);
    expect(configError(() => spaceFromJSON({ C: { kind: 'float', low: 1, high: 2 } }, decls, 's')).message).toBe("s.C: 'log' must be a boolean, but got undefined.");
    expect(configError(() => spaceFromJSON({ C: { kind: 'float', low: 1, high: 2, log: true, step: 1 } }, decls, 's')).message).toMatch(/^s\.C: a recorded domain must be/);
    expect(configError(() => spaceFromJSON({ kernel: ['rbf', 'sigmoid'] }, decls, 's')).message).toBe(`s: the 'kernel' parameter must be one of 'rbf', 'linear', 'poly'. Got 'sigmoid' instead.`);
    expect(configError(() => spaceFromJSON({ gama: [1] }, decls, 's')).message).toMatch(/^s: unknown parameter 'gama'\. Did you mean 'gamma'\?/);
  });
});

describe('validateSpace', () => {
  it('accepts a space inside the declarations and refuses one outside', () => {
    expect(() => validateSpace({ alpha: { kind: 'float', low: 0, high: 1, log: false } }, decls, 'w')).not.toThrow();
    expect(configError(() => validateSpace({ alpha: { kind: 'float', low: 0, high: 2, log: false } }, decls, 'w')).message).toMatch(/the upper bound of 'alpha' range\(0,2\) must satisfy its rule: a number in \[0, 1\]\. Got 2 instead\./);
    expect(configError(() => validateSpace({ nNeighbors: { kind: 'float', low: 1, high: 2, log: false } }, decls, 'w')).message).toMatch(/'nNeighbors' is an integer parameter: its range must be an integer range/);
    expect(configError(() => validateSpace({ nNeighbors: { kind: 'values', values: [] } }, decls, 'w')).message).toMatch(/'nNeighbors' must have at least one value/);
    expect(configError(() => validateSpace({ C: { kind: 'float', low: 1, high: Infinity, log: true } }, decls, 'w')).message).toMatch(/the upper bound of 'C' must be a finite number/);
  });
});

const svmGrid: SearchSpace = {
  gamma: { kind: 'values', values: [0.01, 0.1] },
  C: { kind: 'values', values: [1, 10, 100] },
  kernel: { kind: 'values', values: ['rbf', 'linear'] },
};

describe('gridCandidates', () => {
  it("follows ParameterGrid: names sorted (upper case first), the last varying fastest", () => {
    const g = gridCandidates(svmGrid);
    expect(g).toHaveLength(12);
    expect(g.slice(0, 3)).toEqual([
      { C: 1, gamma: 0.01, kernel: 'rbf' },
      { C: 1, gamma: 0.01, kernel: 'linear' },
      { C: 1, gamma: 0.1, kernel: 'rbf' },
    ]);
    expect(g[11]).toEqual({ C: 100, gamma: 0.1, kernel: 'linear' });
    expect(Object.keys(g[0]!)).toEqual(['C', 'gamma', 'kernel']);
    expect(gridCandidates({})).toEqual([{}]);
    for (let i = 0; i < 12; i++) expect(gridAt(svmGrid, i)).toEqual(g[i]);
  });
  it('refuses a range with the remedy', () => {
    const err = configError(() => gridCandidates({ ...svmGrid, C: { kind: 'float', low: 1e-3, high: 1e3, log: true } }));
    expect(err.message).toBe(
      "A grid search needs a list of values for every parameter, but 'C' is the range log(0.001,1000): give values instead (C=a,b,c), or tune with 'random', 'halving' or 'tpe', which sample ranges.",
    );
    expect(() => gridAt(svmGrid, 12)).toThrow(InputError);
  });
});

describe('createSampler: random', () => {
  it('samples an all-list space without replacement, each configuration once', () => {
    const s = createSampler('random', svmGrid, 7);
    expect(s.size).toBe(12);
    const seen = Array.from({ length: 12 }, () => JSON.stringify(s.ask()));
    expect(new Set(seen).size).toBe(12);
    expect(new Set(seen)).toEqual(new Set(gridCandidates(svmGrid).map((c) => JSON.stringify(c))));
    expect(() => s.ask()).toThrow(InputError);
    // Not the grid order: the permutation is random.
    expect(seen).not.toEqual(gridCandidates(svmGrid).map((c) => JSON.stringify(c)));
  });
  it('samples ranges with replacement inside their bounds, log ranges on a log scale', () => {
    const space: SearchSpace = {
      C: { kind: 'float', low: 1e-3, high: 1e3, log: true },
      nNeighbors: { kind: 'int', low: 1, high: 4, log: false },
      kernel: { kind: 'values', values: ['rbf', 'linear'] },
    };
    const s = createSampler('random', space, deriveSeed(0, 'outer', 3));
    expect(s.size).toBe(Infinity);
    const cs = Array.from({ length: 4000 }, () => s.ask());
    const logs = cs.map((c) => Math.log10(c.C as number));
    expect(Math.min(...logs)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...logs)).toBeLessThanOrEqual(3);
    // Log-uniform: about half below 1 (uniform on [1e-3, 1e3] would put 0.05 % there).
    const belowOne = logs.filter((x) => x < 0).length / cs.length;
    expect(belowOne).toBeGreaterThan(0.45);
    expect(belowOne).toBeLessThan(0.55);
    const ks = new Set(cs.map((c) => c.nNeighbors));
    expect([...ks].sort()).toEqual([1, 2, 3, 4]);
    expect(new Set(cs.map((c) => c.kernel))).toEqual(new Set(['rbf', 'linear']));
  });
  it('is reproducible from its seed and differs between seeds', () => {
    const space: SearchSpace = { C: { kind: 'float', low: 1e-3, high: 1e3, log: true }, kernel: { kind: 'values', values: ['rbf', 'linear'] } };
    const run = (seed: number): unknown[] => {
      const s = createSampler('random', space, seed);
      return Array.from({ length: 20 }, () => s.ask());
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
  it('checks its arguments', () => {
    expect(() => createSampler('bayes' as 'tpe', svmGrid, 1)).toThrow(/^Argument 'strategy' passed to 'createSampler' must be 'random' or 'tpe'/);
    expect(() => createSampler('random', svmGrid, -1)).toThrow(/^Argument 'seed' passed to 'createSampler' must be a non-negative safe integer\. Got -1 instead\./);
    const s = createSampler('random', svmGrid, 1);
    expect(() => s.tell(s.ask(), NaN)).toThrow(/^Argument 'score' passed to 'Sampler.tell' must be a finite number/);
    expect(() => s.tell({ C: 3, gamma: 0.1, kernel: 'rbf' }, 0.5)).toThrow(/^Argument 'config' passed to 'Sampler.tell' must hold a value of 'C' inside its domain \[1, 10, 100\]\. Got 3 instead\./);
  });
});
