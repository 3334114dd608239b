// The default registry (every model package plus the baselines), as the CLI uses it.
import { describe, expect, it } from 'vitest';
import { modelVariants, specDrift } from '@mlcompare/core';
import { datasetCatalog } from '../src/data.js';
import { models } from '../src/registry.js';
import { planRun } from '../src/run.js';
import { parseSuite } from '../src/suite.js';

describe('the default registry', () => {
  it('every entry matches its class (modelSpec derives them; this catches a hand-written one)', () => {
    for (const spec of models) expect(specDrift(spec), `${spec.className}`).toEqual([]);
    expect(models.map((s) => s.className)).toEqual([
      'DummyClassifier',
      'DummyRegressor',
      'LinearRegression',
      'Ridge',
      'LogisticRegression',
      'Perceptron',
      'KNNClassifier',
      'KNNRegressor',
      'SVC',
      'SVR',
      'DecisionTreeClassifier',
      'DecisionTreeRegressor',
      'RandomForestClassifier',
      'RandomForestRegressor',
      'GradientBoostingClassifier',
      'GradientBoostingRegressor',
      'MLPClassifier',
      'MLPRegressor',
    ]);
    expect(modelVariants(models, 'svm').map((s) => s.task)).toEqual(['classification', 'regression']);
  });

  it("svm:engine=ml-svm on regression data is a planning note ('no regression variant'), not failed jobs", async () => {
    const ctx = { source: 'test.json', baseDir: '/', registry: models, catalog: await datasetCatalog() };
    const suite = parseSuite({ datasets: ['diabetes'], models: ['svm:engine=ml-svm', 'svm', 'dummy'], resampling: { kind: 'kfold', folds: 3 } }, ctx);
    const plan = await planRun(suite, models);
    expect(plan.jobs.map((j) => j.label).sort()).toEqual(['dummy', 'dummy', 'dummy', 'svm', 'svm', 'svm']);
    expect(plan.jobs.filter((j) => j.label === 'svm').every((j) => j.className === 'SVR')).toBe(true);
    expect(plan.skipped).toEqual([]);
    expect(plan.notes).toContain(
      "'svm(engine=ml-svm)' is not run on 'diabetes': The 'engine' parameter of SVR must be one of 'libsvm', 'libsvm-js'. Got 'ml-svm' instead: ml-svm has no regression variant (ml-svm 2.1.2 does binary classification only).",
    );
  });
});
