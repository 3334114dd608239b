import { describe, expect, it } from 'vitest';
import { DataError, innerSplitsKey, jobResultProblem, parseResults, parseRunInfo, parseSplits, type JobResult, type TuneSpec, type TuningInfo } from '../src/index.js';

function job(id: string, extra: Partial<JobResult> = {}): JobResult {
  return {
    schema: 1,
    jobId: id,
    dataset: 'iris',
    task: 'classification',
    model: 'knn',
    className: 'KNNClassifier',
    params: { nNeighbors: 5 },
    label: 'knn (tuned)',
    repeat: 0,
    fold: 0,
    seed: 3,
    status: 'ok',
    error: null,
    metrics: { accuracy: 0.5 },
    fitMs: 1.5,
    predictMs: 0.5,
    nTrain: 100,
    nTest: 50,
    backend: 'js',
    finishedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const tuning: TuningInfo = {
  strategy: 'grid',
  nested: true,
  evaluations: 2,
  budget: { evals: 2 },
  innerFolds: 3,
  metric: 'accuracy',
  bestInnerScore: 0.9,
  space: { nNeighbors: { kind: 'values', values: [1, 5] }, C: { kind: 'float', low: 1e-3, high: 1e3, log: true }, k: { kind: 'int', low: 1, high: 1, log: false } },
  cpuMs: 12.5,
  anytime: [
    { evaluations: 1, cpuMs: 6, best: 0.8 },
    { evaluations: 2, cpuMs: 12.5, best: null },
  ],
};

describe('tuned result lines', () => {
  it('accepts a tuned outer line and an inner trial line (with and without halving fields)', () => {
    expect(jobResultProblem(job('a', { tuning }))).toBeNull();
    expect(jobResultProblem(job('a', { tuning: { ...tuning, budget: { seconds: 0.5 } } }))).toBeNull();
    expect(jobResultProblem(job('a|t0|i0', { inner: { outerJobId: 'a', trial: 0, innerFold: 0 } }))).toBeNull();
    expect(jobResultProblem(job('a|t0|i0', { inner: { outerJobId: 'a', trial: 3, innerFold: 2, round: 1, resources: 40 } }))).toBeNull();
  });

  it.each([
    ['a strategy', { ...tuning, strategy: 'bayes' }, "'tuning.strategy' must be one of 'grid', 'random', 'halving', 'tpe', got 'bayes'"],
    ['nested false', { ...tuning, nested: false }, "'tuning.nested' must be one of true, got false"],
    ['a budget of two kinds', { ...tuning, budget: { evals: 2, seconds: 1 } }, `'tuning.budget' must be { evals: N } or { seconds: S }, got {"evals":2,"seconds":1}`],
    ['zero evaluations', { ...tuning, budget: { evals: 0 } }, "'tuning.budget.evals' must be an integer >= 1, got 0"],
    ['zero seconds', { ...tuning, budget: { seconds: 0 } }, "'tuning.budget.seconds' must be a number > 0, got 0"],
    ['the metric', { ...tuning, metric: '' }, "'tuning.metric' must be a non-empty string, got ''"],
    ['the best inner score', { ...tuning, bestInnerScore: 'x' }, "'tuning.bestInnerScore' must be null or a finite number, got 'x'"],
    ['negative CPU time', { ...tuning, cpuMs: -1 }, "'tuning.cpuMs' must be a number >= 0, got -1"],
    ['an anytime point', { ...tuning, anytime: [{ evaluations: 1, cpuMs: 1, best: Infinity }] }, "'tuning.anytime[0].best' must be null or a finite number, got Infinity"],
    ['an empty value list', { ...tuning, space: { k: { kind: 'values', values: [] } } }, "'tuning.space.k.values' must be a non-empty array, got []"],
    ['a reversed range', { ...tuning, space: { C: { kind: 'float', low: 2, high: 1, log: false } } }, "'tuning.space.C.high' must be >= 'low' (2), got 1"],
    ['a log range from 0', { ...tuning, space: { C: { kind: 'float', low: 0, high: 1, log: true } } }, "'tuning.space.C.low' must be > 0 on a log scale, got 0"],
    ['a fractional int range', { ...tuning, space: { k: { kind: 'int', low: 1.5, high: 3, log: false } } }, "'tuning.space.k.low' must be an integer, got 1.5"],
    ['an unknown domain kind', { ...tuning, space: { k: { kind: 'set' } } }, "'tuning.space.k.kind' must be one of 'values', 'int', 'float', got 'set'"],
  ])('refuses a tuning object with %s', (_what, t, message) => {
    expect(jobResultProblem(job('a', { tuning: t as TuningInfo }))).toBe(message);
  });

  it.each([
    ['no outer job', { trial: 0, innerFold: 0 }, "'inner.outerJobId' must be a non-empty string, got undefined"],
    ['a negative trial', { outerJobId: 'a', trial: -1, innerFold: 0 }, "'inner.trial' must be an integer >= 0, got -1"],
    ['a fractional inner fold', { outerJobId: 'a', trial: 0, innerFold: 0.5 }, "'inner.innerFold' must be an integer >= 0, got 0.5"],
    ['zero resources', { outerJobId: 'a', trial: 0, innerFold: 0, resources: 0 }, "'inner.resources' must be an integer >= 1, got 0"],
  ])('refuses an inner object with %s', (_what, inner, message) => {
    expect(jobResultProblem(job('a', { inner: inner as JobResult['inner'] }))).toBe(message);
  });

  it('refuses a line that is both an inner trial and a tuned outer job, and parseResults does not count it', () => {
    const both = job('a', { tuning, inner: { outerJobId: 'b', trial: 0, innerFold: 0 } });
    expect(jobResultProblem(both)).toMatch(/^'inner' must be absent on a line with 'tuning'/);
    const parsed = parseResults(`${JSON.stringify(both)}\n${JSON.stringify(job('c', { inner: { outerJobId: 'a', trial: 0, innerFold: 0 } }))}\n`);
    expect(parsed.results.map((r) => r.jobId)).toEqual(['c']);
    expect(parsed.problems.map((p) => p.line)).toEqual([1]);
  });
});

describe('a recorded suite with a tuned model', () => {
  const tune: TuneSpec = {
    strategy: 'halving',
    budget: { evals: 20 },
    inner: { kind: 'kfold', folds: 3, shuffle: false },
    metric: 'accuracy',
    space: { nNeighbors: { kind: 'int', low: 1, high: 30, log: false } },
    halving: { factor: 3, minResources: 'exhaust' },
  };
  const run = (t: unknown): string =>
    JSON.stringify({
      schema: 1,
      suite: {
        name: 's',
        description: '',
        datasets: [{ kind: 'bundled', name: 'iris' }],
        models: [
          { model: 'knn', params: {}, label: 'knn' },
          { model: 'knn', params: {}, label: 'knn (tuned)', tune: t },
        ],
        resampling: { kind: 'kfold', folds: 5, repeats: 1, stratify: true },
        metrics: [],
        seed: 0,
        limits: { timeoutSec: 600, maxRows: {} },
        resamplingText: 'stratified 5-fold',
      },
      suiteName: 's',
      commandLine: 'x',
      startedAt: 'x',
      seed: 0,
      primaryMetric: { classification: 'accuracy', regression: 'r2' },
      versions: {},
      machine: { platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'x', memoryGiB: 1, node: 'v20' },
      datasets: [{ name: 'iris', task: 'classification', rows: 150, features: 4, source: 'x' }],
      totalJobs: 10,
    });

  it('reads it back', () => {
    expect(parseRunInfo(run(tune)).suite.models[1]!.tune).toEqual(tune);
    expect(parseRunInfo(run({ ...tune, halving: { factor: 2, minResources: 30 }, taskSpaces: { regression: {} } })).suite.models[1]!.tune?.halving?.minResources).toBe(30);
  });

  it.each([
    ['one inner fold', { ...tune, inner: { kind: 'kfold', folds: 1, shuffle: false } }, "'suite.models[1].tune.inner.folds' must be an integer >= 2, got 1"],
    ['a factor of 1', { ...tune, halving: { factor: 1, minResources: 'exhaust' } }, "'suite.models[1].tune.halving.factor' must be a number > 1, got 1"],
    ['unknown min resources', { ...tune, halving: { factor: 3, minResources: 'all' } }, "'suite.models[1].tune.halving.minResources' must be an integer >= 1, 'exhaust' or 'smallest', got 'all'"],
    ['no space', { ...tune, space: undefined }, "'suite.models[1].tune.space' must be an object, got undefined"],
  ])('refuses %s', (_what, t, message) => {
    expect(() => parseRunInfo(run(t), 'run.json')).toThrow(`File 'run.json' is not a valid run description: ${message}.`);
  });
});

describe('inner folds in splits.json', () => {
  const outer = [
    { train: [0, 1, 2, 3], test: [4, 5] },
    { train: [2, 3, 4, 5], test: [0, 1] },
  ];
  const inner = [
    [
      { train: [2, 3], test: [0, 1] },
      { train: [0, 1], test: [2, 3] },
    ],
    [
      { train: [4, 5], test: [2, 3] },
      { train: [2, 3], test: [4, 5] },
    ],
  ];
  const file = (inn: unknown): string => JSON.stringify({ schema: 1, datasets: { a: { rows: 6, repeats: [outer], inner: inn } } });

  it('names the inner resampling', () => {
    expect(innerSplitsKey({ kind: 'kfold', folds: 3, shuffle: false })).toBe('kfold-3');
    expect(innerSplitsKey({ kind: 'kfold', folds: 5, shuffle: true })).toBe('kfold-5-shuffle');
  });

  it('reads inner folds that lie within their outer training rows', () => {
    expect(parseSplits(file({ 'kfold-2': [inner] })).datasets['a']!.inner).toEqual({ 'kfold-2': [inner] });
  });

  it.each([
    ['not an object', [], "datasets['a'].inner must be an object, got []"],
    ['a repeat missing', { 'kfold-2': [] }, "datasets['a'].inner['kfold-2'] must be an array of 1 repeat(s), got []"],
    ['an outer fold missing', { 'kfold-2': [[inner[0]]] }, `datasets['a'].inner['kfold-2'][0] must be an array of 2 outer fold(s), got [[{"train":[2,3],"test":[0,1]}, {"train":[0,1],"test":[2,3]}]]`],
    ['no inner fold', { 'kfold-2': [[inner[0], []]] }, "datasets['a'].inner['kfold-2'][0][1] must be a non-empty array of inner folds, got []"],
    ['an outer test row', { 'kfold-2': [[inner[0], [{ train: [4, 5], test: [2, 0] }]]] }, "datasets['a'].inner['kfold-2'][0][1][0] 'test[1]' must be a training row of outer fold 1, got 0"],
  ])('refuses %s', (_what, inn, message) => {
    expect(() => parseSplits(file(inn), 's.json')).toThrow(new DataError(`File 's.json' is not a valid splits file: ${message}. It was edited or written by another version of mlcompare.`));
  });
});
