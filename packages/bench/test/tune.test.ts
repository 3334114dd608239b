import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, float, nullValue, union, type TuneSpec } from '@mlcompare/core';
import { EXIT_OK, EXIT_USAGE, main, type CliIO } from '../src/cli.js';
import { models as realModels } from '../src/registry.js';
import { readResults } from '../src/store.js';
import { parseSuite, type SuiteContext } from '../src/suite.js';
import { jobsPerOuterFold, parseBudget } from '../src/tune.js';
import { models } from './fixtures/registry.js';

const ctx: SuiteContext = { source: 's.json', baseDir: '.', registry: models, catalog: { bundled: ['iris'], generators: [] } };
const real: SuiteContext = { ...ctx, registry: realModels };
const parse = (raw: object, c: SuiteContext = ctx) => parseSuite({ datasets: ['iris'], ...raw }, c);
const problem = (raw: object, c: SuiteContext = ctx): string => {
  try {
    parse(raw, c);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return 'accepted';
};

describe('a suite\'s "tune"', () => {
  it('for all models: a tuned entry beside each default one, every default filled in', () => {
    const s = parse({ models: ['dummy', 'centroid'], tune: { space: { centroid: 'jitter=0,5', dummy: { strategy: ['prior', 'stratified'] } } } });
    expect(s.models.map((m) => m.label)).toEqual(['dummy', 'centroid', 'dummy (tuned)', 'centroid (tuned)']);
    const tune: TuneSpec = { strategy: 'random', budget: { evals: 20 }, inner: { kind: 'kfold', folds: 3, shuffle: false }, metric: 'primary', space: { jitter: { kind: 'values', values: [0, 5] } } };
    expect(s.models[3]).toEqual({ model: 'centroid', params: {}, label: 'centroid (tuned)', tune });
    expect(s.models[0]!.tune).toBeUndefined();
  });

  it('keeps the fixed parameters outside the space, and makes one tuned entry of a grid over a searched parameter', () => {
    const s = parse({ models: ['centroid:jitter=1,2,seed=3'], tune: { strategy: 'grid', space: { centroid: { jitter: [0, 9] } } } });
    expect(s.models.map((m) => m.label)).toEqual(['centroid(jitter=1,seed=3)', 'centroid(jitter=2,seed=3)', 'centroid(seed=3) (tuned)']);
    expect(s.models[2]!.params).toEqual({ seed: 3 });
    // a grid search evaluates the whole grid unless told otherwise
    expect(s.models[2]!.tune!.budget).toEqual({ evals: 2 });
  });

  it('per model: only the tuned entry, with its label, halving settings and inner folds', () => {
    const s = parse({
      models: [{ model: 'centroid', label: 'c*', tune: { strategy: 'halving', budget: { evals: 27 }, inner: { folds: 5, shuffle: true }, metric: 'f1Macro', space: 'jitter=range(0,100)' } }],
    });
    expect(s.models).toEqual([
      {
        model: 'centroid',
        params: {},
        label: 'c*',
        tune: {
          strategy: 'halving',
          budget: { evals: 27 },
          inner: { kind: 'kfold', folds: 5, shuffle: true },
          metric: 'f1Macro',
          space: { jitter: { kind: 'int', low: 0, high: 100, log: false } },
          halving: { factor: 3, minResources: 'exhaust' },
        },
      },
    ]);
    // 27 candidates at most 27 + 9 + 3 + 1 evaluations (bounded by 27·3/2), × 5 inner folds, + the refit
    expect(jobsPerOuterFold(s.models[0]!)).toBe(Math.ceil((27 * 3) / 2) * 5 + 1);
    expect(jobsPerOuterFold({ model: 'centroid', params: {}, label: 'c' })).toBe(1);
  });

  it('adds no tuned row for a family with nothing to tune (an empty default space), and refuses to tune it alone', () => {
    expect(parse({ models: ['linear', 'knn'], tune: {} }, real).models.map((m) => m.label)).toEqual(['linear', 'knn', 'knn (tuned)']);
    expect(problem({ models: [{ model: 'linear', tune: {} }] }, real)).toMatch(/^Invalid suite s\.json: models\[0\]\.tune\.space: 'linear' has nothing to tune by default \(its default search space is empty\)/);
  });

  it("takes each family's default space, per task when its variants differ", () => {
    const s = parse({ models: ['knn', 'svm'], tune: {} }, real);
    const knn = s.models.find((m) => m.label === 'knn (tuned)')!.tune!;
    expect(knn.space).toEqual(realModels.find((m) => m.name === 'knn')!.defaultSpace);
    const svm = s.models.find((m) => m.label === 'svm (tuned)')!.tune!;
    const svc = realModels.find((m) => m.className === 'SVC')!.defaultSpace!;
    const svr = realModels.find((m) => m.className === 'SVR')!.defaultSpace!;
    expect(svm.space).toEqual(svc);
    if (JSON.stringify(svc) !== JSON.stringify(svr)) expect(svm.taskSpaces).toEqual({ classification: svc, regression: svr });
  });

  it.each([
    [{ strategy: 'bayes' }, "Invalid suite s.json: tune.strategy: must be one of 'grid', 'random', 'halving', 'tpe', but got 'bayes'."],
    [{ budget: { evals: 0 } }, 'Invalid suite s.json: tune.budget: a budget must be { "evals": N } (an integer >= 1) or { "seconds": S } (CPU seconds > 0), but got {"evals":0}.'],
    [{ budget: '10m' }, "Invalid suite s.json: tune.budget: a budget must be a number of evaluations (an integer >= 1, such as 50) or of CPU seconds (such as 60s), but got '10m'."],
    [{ strategy: 'halving', budget: { seconds: 5 } }, /^Invalid suite s\.json: tune\.budget: successive halving takes a number of evaluations/],
    [{ inner: { folds: 1 } }, 'Invalid suite s.json: tune.inner.folds: must be an integer >= 2, but got 1.'],
    [{ inner: { kind: 'holdout' } }, "Invalid suite s.json: tune.inner.kind: must be 'kfold' (the only inner resampling), but got 'holdout'."],
    [{ metric: 'acuracy' }, /^Invalid suite s\.json: tune\.metric: must be 'primary' \(each data set's primary metric\) or a metric name, but got 'acuracy'\. Did you mean 'accuracy'\?/],
    [{ halving: { factor: 3 } }, "Invalid suite s.json: tune.halving: applies to the 'halving' strategy only, but the strategy is 'random'."],
    [{ strategy: 'halving', halving: { factor: 1 } }, 'Invalid suite s.json: tune.halving.factor: must be a number > 1, but got 1.'],
    [{ budgett: 3 }, /^Invalid suite s\.json: tune: unknown key 'budgett'\. Did you mean 'budget'\?/],
    [{ space: { knn: 'nNeighbors=1' } }, /^Invalid suite s\.json: tune\.space\.knn: 'knn' is not a model of this suite\./],
    [{ space: { centroid: 'jiter=1,2' } }, /^Invalid suite s\.json: tune\.space\.centroid: unknown parameter 'jiter'\. Did you mean 'jitter'\?/],
    [{ strategy: 'grid', space: { centroid: 'jitter=range(0,9)' } }, /^Invalid suite s\.json: tune\.space\.centroid: .*jitter/],
    [{}, /^Invalid suite s\.json: tune\.space\.centroid: 'centroid' has no default search space: give one, as --space 'centroid:jitter=1' \(the values to try/],
  ])('refuses %j', (tune, message) => {
    const got = problem({ models: ['centroid'], tune });
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  it('refuses a parameter both fixed and searched', () => {
    expect(problem({ models: [{ model: 'centroid', params: { jitter: 3 }, tune: { space: { jitter: [1, 2] } } }] })).toBe(
      "Invalid suite s.json: models[0].tune.space: 'jitter' is both fixed (jitter=3) and searched; give it in one place.",
    );
  });

  it('plans a space that only one task variant takes on that task only, with a note elsewhere', async () => {
    const { planRun } = await import('../src/run.js');
    const suite = parseSuite({ datasets: ['iris', 'diabetes'], models: [{ model: 'svm', tune: { space: 'epsilon=0.01,0.1' } }] }, { ...real, catalog: { bundled: ['iris', 'diabetes'], generators: [] } });
    const plan = await planRun(suite, realModels);
    expect(new Set(plan.jobs.map((j) => j.dataset))).toEqual(new Set(['diabetes']));
    expect(plan.jobs.every((j) => j.tune?.space['epsilon'] !== undefined && j.tune.metric === 'r2')).toBe(true);
    expect(plan.notes).toEqual([expect.stringMatching(/^'svm \(tuned\)' is not run on 'iris': the search space of SVC: unknown parameter 'epsilon'/)]);
    // the inner folds of the data set it runs on are planned once, for its inner resampling
    expect(Object.keys(plan.data.find((d) => d.name === 'diabetes')!.inner!)).toEqual(['kfold-3']);
    expect(plan.data.find((d) => d.name === 'iris')!.inner).toBeUndefined();
  });

  it('reads budgets as the command line writes them', () => {
    expect(parseBudget('50')).toEqual({ evals: 50 });
    expect(parseBudget('60s')).toEqual({ seconds: 60 });
    expect(parseBudget('0.5s')).toEqual({ seconds: 0.5 });
    expect(() => parseBudget('0')).toThrow(ConfigError);
    expect(() => parseBudget('1.5')).toThrow(ConfigError);
    expect(() => parseBudget('0s')).toThrow(ConfigError);
  });
});

describe('mlcompare bench --tune', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlcompare-tune-cli-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIO = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s), isTTY: false },
      cwd: root,
      registryModule: new URL('./fixtures/registry.ts', import.meta.url).href,
      suitesDir: new URL('./fixtures/suites/', import.meta.url).pathname,
      signal: new AbortController().signal,
    };
    const code = await main(argv, io);
    return { code, out, err };
  }

  it('runs tuned rows beside the default ones; the leaderboard shows outer jobs only', async () => {
    const r = await run('bench', 'tiny', '--models', 'centroid', '--tune', 'grid', '--space', 'centroid:jitter=0,50', '--inner-folds', '2', '--inner-shuffle', '--jobs', '1', '--out', 'grid');
    expect(r.code).toBe(EXIT_OK);
    const lines = readResults(join(root, 'grid', 'results.jsonl')).results;
    // 2 outer folds × (1 default + 1 tuned) outer lines; 2 candidates × 2 inner folds per tuned outer fold
    expect(lines.filter((l) => !l.inner).map((l) => l.label).sort()).toEqual(['centroid', 'centroid', 'centroid (tuned)', 'centroid (tuned)']);
    expect(lines.filter((l) => l.inner).length).toBe(2 * 2 * 2);
    expect(lines.find((l) => l.tuning)!.tuning!.innerFolds).toBe(2);
    expect(r.err).toMatch(/^4 jobs: 4 ok, 0 failed, 0 skipped\.$/m);
    // the progress counts outer jobs: one line each, inner trials are not jobs of the bar
    expect(r.err.split('\n').filter((l) => /^\[\s*\d+\/\d+\] /.test(l)).map((l) => l.slice(0, 6))).toEqual(['[1/4] ', '[2/4] ', '[3/4] ', '[4/4] ']);
    expect(r.out).toMatch(/centroid \(tuned\)/);
    expect(r.out).not.toMatch(/\|t0\|/);
  }, 60_000);

  it.each([
    [['--budget', '5'], '--budget sets how models are tuned, but no strategy is given: add --tune with one of grid, random, halving, tpe (or a "tune" object in the suite), as in'],
    [['--inner-folds', '3', '--space', 'centroid:jitter=1'], '--inner-folds, --space set how models are tuned, but no strategy is given: add --tune with one of grid, random, halving, tpe (or a "tune" object in the suite), as in'],
    [['--tune', 'random', '--space', 'jitter=1'], "Option '--space' must be MODEL:SPACE (such as 'knn:nNeighbors=1,5,15'), but got 'jitter=1'."],
    [['--tune', 'random', '--inner-folds', '1'], "Option '--inner-folds' must be an integer >= 2, but got '1'."],
    [['--tune', 'anneal'], /^Invalid option '--tune': must be one of 'grid', 'random', 'halving', 'tpe', but got 'anneal'\./],
    // each value is blamed on the option that gave it
    [['--tune', 'random', '--budget', '5m', '--space', 'centroid:jitter=1'], /^Invalid option '--budget': a budget must be a number of evaluations/],
    [['--tune', 'random', '--space', 'knn:nNeighbors=1,5'], /^Invalid option '--space': 'knn' is not a model of this suite\./],
  ])('refuses %j', async (args, message) => {
    const r = await run('bench', 'tiny', '--out', 'bad', ...(args as string[]));
    expect(r.code).toBe(EXIT_USAGE);
    const line = r.err.trim().split('\n').find((l) => l.startsWith('error: '))!.slice('error: '.length);
    if (typeof message === 'string') expect(line).toBe(message);
    else expect(line).toMatch(message);
  });
});

describe('a bad space given for one model is blamed on what wrote it', () => {
  const named = models.find((m) => m.name === 'centroid')!;
  // A model name with a digit and a '-' (a registry module may name its models so).
  const odd = { ...named, name: 'jitter-2' };
  const c: SuiteContext = { ...ctx, registry: [...models, odd] };

  it('the suite file, at tune.space.<model>', () => {
    expect(problem({ models: ['centroid'], tune: { strategy: 'grid', space: { centroid: 'jitter=-1' } } })).toBe(
      "Invalid suite s.json: tune.space.centroid: the 'jitter' parameter must be an integer in [0, Infinity). Got '-1' instead.",
    );
  });

  it('--space, whatever characters the model name holds', () => {
    const raw = { models: ['jitter-2', 'centroid'], tune: { strategy: 'grid', space: { 'jitter-2': 'jitter=-1', centroid: 'jitter=1' } } };
    expect(problem(raw, { ...c, fromCommandLine: { 'tune.space.jitter-2': '--space' } })).toBe(
      "Invalid option '--space': the 'jitter' parameter must be an integer in [0, Infinity). Got '-1' instead.",
    );
    // the other model's space, written by the file, is still the file's
    const other = { ...raw, tune: { ...raw.tune, space: { 'jitter-2': 'jitter=1', centroid: 'jitter=-1' } } };
    expect(problem(other, { ...c, fromCommandLine: { 'tune.space.jitter-2': '--space' } })).toMatch(/^Invalid suite s\.json: tune\.space\.centroid: /);
  });
});

describe('the --space value a message suggests is one the model takes', () => {
  it("a model with a parameter of choices: all its choices (the fixture's dummy, whose default space is empty)", () => {
    const m = problem({ models: [{ model: 'dummy', tune: {} }] });
    const value = /as --space '([^']+)'/.exec(m)![1]!;
    expect(value).toBe('dummy:strategy=prior,mostFrequent,stratified,uniform');
    expect(parse({ models: [{ model: 'dummy', tune: { space: value.slice('dummy:'.length) } }] }).models[0]!.tune!.space).toEqual({
      strategy: { kind: 'values', values: ['prior', 'mostFrequent', 'stratified', 'uniform'] },
    });
  });

  it('else its first number other than the seed, at its default', () => {
    const named = models.find((m) => m.name === 'centroid')!;
    const seedFirst = { ...named, name: 'seedfirst', params: { seed: named.params['seed']!, jitter: named.params['jitter']! } };
    const m = problem({ models: [{ model: 'seedfirst', tune: {} }] }, { ...ctx, registry: [...models, seedFirst] });
    expect(/as --space '([^']+)'/.exec(m)![1]).toBe('seedfirst:jitter=1');
  });

  it('passes over a parameter of another kind with a number default, and a number whose default is not finite; with neither, it names the place to fill', () => {
    const named = models.find((m) => m.name === 'centroid')!;
    const seed = named.params['seed']!;
    const odd = {
      ...named,
      name: 'oddparams',
      params: {
        seed,
        shift: union<number | null>([float({ default: 0, doc: '' }), nullValue()], { default: 3, doc: 'A shift, or null.' }),
        limit: float({ default: Infinity, min: 0, allowInfinity: true, doc: 'No limit unless given.' }),
        jitter: named.params['jitter']!,
      },
    };
    // (A boolean has choices, false and true: only a parameter of neither kind leaves the placeholder.)
    const bare = { ...named, name: 'bare', params: { seed, shift: odd.params.shift } };
    const c = { ...ctx, registry: [...models, odd, bare] };
    const suggested = (model: string): string => /as --space '([^']+)'/.exec(problem({ models: [{ model, tune: {} }] }, c))![1]!;
    expect(suggested('oddparams')).toBe('oddparams:jitter=1');
    expect(suggested('bare')).toBe('bare:PARAM=A,B,C');
  });
});
