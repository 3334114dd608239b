import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mlcompare/core';
import { expandGrid, parseItem, parseSuite, splitList, type SuiteContext } from '../src/suite.js';
import { models } from './fixtures/registry.js';

const ctx: SuiteContext = {
  source: 'test.json',
  baseDir: '/data',
  registry: models,
  catalog: { bundled: ['iris', 'wine', 'diabetes'], generators: ['moons', 'circles'] },
};

function configError(raw: unknown): ConfigError {
  try {
    parseSuite(raw, ctx);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('MLCOMPARE_CONFIG');
    return err as ConfigError;
  }
  throw new Error('parseSuite accepted an invalid suite');
}

describe('parseItem and splitList', () => {
  it('reads name:param=value lists, commas continuing a value', () => {
    expect(parseItem('moons:nSamples=200,noise=0.3')).toEqual({ name: 'moons', params: [['nSamples', '200'], ['noise', '0.3']] });
    expect(parseItem('knn:nNeighbors=1,5,15')).toEqual({ name: 'knn', params: [['nNeighbors', '1,5,15']] });
    expect(parseItem('iris')).toEqual({ name: 'iris', params: [] });
  });

  it('blames a malformed item on its place in the suite, or on its option', () => {
    expect(configError({ datasets: ['iris'], models: ['dummy', 'centroid:'] }).message).toMatch(/^Invalid suite test\.json: models\[1\]: 'centroid:' has nothing after ':'\. Write centroid alone/);
    expect(() => parseSuite({ datasets: ['iris'], models: ['centroid:5'] }, { ...ctx, fromCommandLine: { models: '--models' } })).toThrow(
      /^Invalid option '--models' \(item 1\): 'centroid:5': '5' is not of the form param=value/,
    );
    // Items past the ninth are numbered in full (models[11] is item 12).
    const twelve = [...Array.from({ length: 11 }, (_, i) => `centroid:jitter=${i}`), 'centroid:5'];
    expect(() => parseSuite({ datasets: ['iris'], models: twelve }, { ...ctx, fromCommandLine: { models: '--models' } })).toThrow(/^Invalid option '--models' \(item 12\): 'centroid:5'/);
  });

  it('splits command-line lists where a new item starts', () => {
    const isModel = (n: string): boolean => ['knn', 'svm', 'dummy'].includes(n);
    expect(splitList('knn:nNeighbors=1,5,15,svm,dummy', isModel)).toEqual(['knn:nNeighbors=1,5,15', 'svm', 'dummy']);
    expect(splitList('iris,moons:nSamples=200,noise=0.3,wine', () => true)).toEqual(['iris', 'moons:nSamples=200,noise=0.3', 'wine']);
  });
});

describe('CSV data sets', () => {
  it('takes a delimiter (tab written as tab) and rejects any other', () => {
    const s = parseSuite({ datasets: [{ csv: 'a.tsv', target: 'y', delimiter: 'tab' }], models: ['dummy'] }, ctx);
    expect(s.datasets[0]).toMatchObject({ kind: 'csv', path: '/data/a.tsv', delimiter: '\t' });
    expect(configError({ datasets: [{ csv: 'a.csv', target: 'y', delimiter: '|' }], models: ['dummy'] }).message).toMatch(
      /^Invalid suite test\.json: datasets\[0\]\.delimiter: must be ',', ';', 'tab' \(or '\\t'\), 'space' \(or ' ': one space per break\) or 'whitespace' \(runs of spaces and tabs\), but got '\|'\./,
    );
  });
});

describe('grids', () => {
  it('expands every combination, last parameter fastest', () => {
    expect(expandGrid([['a', [1, 2]], ['b', ['x', 'y']]])).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('turns a string grid into one labelled model per value', () => {
    const s = parseSuite({ datasets: ['iris'], models: ['centroid:jitter=0,5,20'] }, ctx);
    expect(s.models.map((m) => m.label)).toEqual(['centroid(jitter=0)', 'centroid(jitter=5)', 'centroid(jitter=20)']);
    expect(s.models.map((m) => m.params)).toEqual([{ jitter: 0 }, { jitter: 5 }, { jitter: 20 }]);
  });

  it('combines an object grid with fixed parameters', () => {
    const s = parseSuite({ datasets: ['iris'], models: [{ model: 'centroid', params: { seed: 3 }, grid: { jitter: [1, 2] } }] }, ctx);
    expect(s.models).toEqual([
      { model: 'centroid', params: { seed: 3, jitter: 1 }, label: 'centroid(seed=3,jitter=1)' },
      { model: 'centroid', params: { seed: 3, jitter: 2 }, label: 'centroid(seed=3,jitter=2)' },
    ]);
  });
});

describe('parseSuite', () => {
  it('fills defaults: stratified 5-fold, seed 0, every registered model for "*"', () => {
    const s = parseSuite({ datasets: '*', models: '*' }, ctx);
    expect(s.resampling).toEqual({ kind: 'kfold', folds: 5, repeats: 1, stratify: true });
    expect(s.seed).toBe(0);
    expect(s.datasets.map((d) => d.name)).toEqual(['iris', 'wine', 'diabetes']);
    // inDefaultSuite: false keeps the test-only failing models out
    expect(s.models.map((m) => m.label)).toEqual(['dummy', 'centroid']);
  });

  it('reads generators, CSV files (relative to the suite) and resampling kinds', () => {
    const s = parseSuite(
      {
        datasets: ['moons:nSamples=200,noise=0.3', { csv: 'x/houses.csv', target: 'price', categorical: ['zip'] }],
        models: ['dummy'],
        resampling: { kind: 'holdout', testSize: 0.3, repeats: 3 },
      },
      ctx,
    );
    expect(s.datasets[0]).toEqual({ kind: 'generator', name: 'moons(nSamples=200,noise=0.3)', generator: 'moons', params: { nSamples: 200, noise: 0.3 } });
    expect(s.datasets[1]).toEqual({ kind: 'csv', name: 'houses', path: '/data/x/houses.csv', target: 'price', categorical: ['zip'] });
    expect(s.resampling).toEqual({ kind: 'holdout', testSize: 0.3, repeats: 3, stratify: true });
  });

  it('names an unknown data set and lists the valid ones', () => {
    expect(configError({ datasets: ['irsi'], models: ['dummy'] }).message).toMatch(
      /^Invalid suite test\.json: datasets\[0\]: unknown data set 'irsi'\. Did you mean 'iris'\? Bundled data sets: iris, wine, diabetes\. Generators: moons, circles/,
    );
    expect(configError({ datasets: ['moonz:nSamples=50'], models: ['dummy'] }).message).toMatch(/^Invalid suite test\.json: datasets\[0\]: unknown data set 'moonz'\. Did you mean 'moons'\? /);
    expect(configError({ datasets: [{ generator: 'circle' }], models: ['dummy'] }).message).toMatch(
      /^Invalid suite test\.json: datasets\[0\]\.generator: unknown generator 'circle'\. Did you mean 'circles'\? Generators: /,
    );
    expect(configError({ datasets: ['forest'], models: ['dummy'] }).message).not.toMatch(/Did you mean/);
  });

  it('asks for the target of a CSV file', () => {
    expect(configError({ datasets: [{ csv: 'a.csv' }], models: ['dummy'] }).message).toMatch(/^Invalid suite test\.json: datasets\[0\]\.target: must name the target column of a\.csv/);
  });

  it('names an unknown model and lists the valid ones', () => {
    expect(configError({ datasets: ['iris'], models: ['dummy', 'knnn'] }).message).toMatch(
      /^Invalid suite test\.json: models\[1\]: Unknown model 'knnn'\. Valid models: badproba, budget, centroid, crashes, dummy, rowprint, sleepy, slow, throws\./,
    );
    expect(configError({ datasets: ['iris'], models: ['centriod:jitter=2'] }).message).toMatch(
      /^Invalid suite test\.json: models\[0\]: Unknown model 'centriod'\. Did you mean 'centroid'\? Valid models: /,
    );
    expect(configError({ datasets: ['iris'], models: [{ model: 'dumy' }] }).message).toMatch(/^Invalid suite test\.json: models\[0\]: Unknown model 'dumy'\. Did you mean 'dummy'\? /);
    expect(configError({ datasets: ['iris'], models: [{ model: 3 }] }).message).toMatch(/^Invalid suite test\.json: models\[0\]: 'model' must be a registry name such as 'knn', but got 3\./);
  });

  it('names an unknown parameter and lists the valid ones', () => {
    expect(configError({ datasets: ['iris'], models: ['centroid:k=3'] }).message).toMatch(
      /^Invalid suite test\.json: models\[0\]: Unknown parameter 'k' for JitterCentroid\. Valid parameters: jitter, seed\./,
    );
    expect(configError({ datasets: ['iris'], models: ['centroid:jiter=3'] }).message).toMatch(
      /^Invalid suite test\.json: models\[0\]: Unknown parameter 'jiter' for JitterCentroid\. Did you mean 'jitter'\? Valid parameters: jitter, seed\./,
    );
  });

  it('rejects a value that breaks the parameter rule, with the rule', () => {
    expect(configError({ datasets: ['iris'], models: ['centroid:jitter=-1'] }).message).toMatch(
      /^Invalid suite test\.json: models\[0\]: The 'jitter' parameter of JitterCentroid must be an integer in \[0, Infinity\)\. Got '-1' instead\./,
    );
    expect(configError({ datasets: ['iris'], models: [{ model: 'centroid', grid: { jitter: [1, 2.5] } }] }).message).toMatch(
      /^Invalid suite test\.json: models\[0\]: The 'jitter' parameter of JitterCentroid must be an integer in \[0, Infinity\)\. Got 2\.5 instead\./,
    );
  });

  it("reads the ROPE: a number >= 0 in the metric's units, 'auto' (the default) or 'autorank'; refuses others with the rule", () => {
    expect(parseSuite({ datasets: ['iris'], models: ['dummy'] }, ctx).rope).toBe('auto');
    for (const rope of [0, 0.02, 'auto', 'autorank']) expect(parseSuite({ datasets: ['iris'], models: ['dummy'], rope }, ctx).rope).toBe(rope);
    expect(configError({ datasets: ['iris'], models: ['dummy'], rope: -0.01 }).message).toBe(
      "Invalid suite test.json: rope: must be a number >= 0 in the primary metric's units (0.01 = one point of accuracy), 'auto' (0.01 for accuracy-like metrics, else 'autorank') or 'autorank' (a tenth of the pooled spread), but got -0.01.",
    );
    expect(configError({ datasets: ['iris'], models: ['dummy'], rope: 'autoranks' }).message).toMatch(/rope: must be a number >= 0 .* but got 'autoranks'\. Did you mean 'autorank'\?$/);
    expect(configError({ datasets: ['iris'], models: ['dummy'], rope: '0.01' }).message).toMatch(/rope: must be a number >= 0 .* but got '0\.01'\./);
    expect(configError({ datasets: ['iris'], models: ['dummy'], rope: Infinity }).message).toMatch(/rope: must be a number >= 0 .* but got Infinity\./);
  });

  it('rejects unknown keys, resampling kinds, metrics, seeds and limits', () => {
    expect(configError({ datasets: ['iris'], models: ['dummy'], fold: 3 }).message).toMatch(/^Invalid suite test\.json: top level: unknown key 'fold'\. Valid keys: name, /);
    expect(configError({ datasets: ['iris'], models: ['dummy'], metric: [] }).message).toMatch(
      /^Invalid suite test\.json: top level: unknown key 'metric'\. Did you mean 'metrics'\? Valid keys: name, /,
    );
    expect(configError({ datasets: ['iris'], models: ['dummy'], resampling: { kind: 'loo' } }).message).toMatch(
      /^Invalid suite test\.json: resampling\.kind: must be one of 'kfold', 'holdout', 'predefined', but got 'loo'\./,
    );
    expect(configError({ datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 1 } }).message).toMatch(
      /^Invalid suite test\.json: resampling\.folds: must be an integer >= 2, but got 1\./,
    );
    expect(configError({ datasets: ['iris'], models: ['dummy'], metrics: ['accuracy', 'auc'] }).message).toMatch(
      /^Invalid suite test\.json: metrics\[1\]: unknown metric 'auc'\. Valid metrics: accuracy, balancedAccuracy, /,
    );
    expect(configError({ datasets: ['iris'], models: ['dummy'], metrics: ['f1macro'] }).message).toMatch(
      /^Invalid suite test\.json: metrics\[0\]: unknown metric 'f1macro'\. Did you mean 'f1Macro'\? Valid metrics: /,
    );
    expect(configError({ datasets: ['iris'], models: ['dummy'], metrics: ['accurcy'] }).message).toMatch(/unknown metric 'accurcy'\. Did you mean 'accuracy'\?/);
    expect(configError({ datasets: ['iris'], models: ['dummy'], seed: 1.5 }).message).toMatch(/^Invalid suite test\.json: seed: must be an integer \(negative ones too\), but got 1\.5\./);
    expect(configError({ datasets: ['iris'], models: ['dummy'], limits: { maxRows: { svn: 10 } } }).message).toMatch(
      /^Invalid suite test\.json: limits\.maxRows\.svn: Unknown model 'svn'\./,
    );
    expect(configError({ datasets: ['iris'], models: ['dummy'], limits: { maxRows: { sleppy: 10 } } }).message).toMatch(
      /^Invalid suite test\.json: limits\.maxRows\.sleppy: Unknown model 'sleppy'\. Did you mean 'sleepy'\?/,
    );
  });

  it('rejects a model given twice', () => {
    expect(configError({ datasets: ['iris'], models: ['dummy', 'DummyClassifier'] }).message).toMatch(/^Invalid suite test\.json: models: 'dummy' appears twice/);
  });
});
