import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DummyClassifier,
  DummyRegressor,
  dummyModels,
  findModel,
  findModelByClass,
  modelForTask,
  modelSpec,
  modelVariants,
  specDrift,
  type ModelSpec,
} from '../src/index.js';

const info = {
  name: 'dummy',
  packageName: '@mlcompare/core',
  description: 'd',
  capabilities: { probabilities: true, needsScaling: false, handlesMissing: true, randomized: false },
};

describe('modelSpec', () => {
  it('derives class name, task, parameters, create and fromJSON from the class', async () => {
    const c = modelSpec(DummyClassifier, info);
    expect(c.className).toBe('DummyClassifier');
    expect(c.task).toBe('classification');
    expect(c.params).toBe(DummyClassifier.paramSpec);
    const m = c.create({ strategy: 'mostFrequent' });
    expect(m).toBeInstanceOf(DummyClassifier);
    expect(m.getParams()).toEqual({ strategy: 'mostFrequent', seed: 0 });
    await m.fit([[0], [1], [2]], ['a', 'b', 'b']);
    const back = c.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back).toBeInstanceOf(DummyClassifier);
    expect(await back.predict([[9]])).toEqual(['b']);
    const r = modelSpec(DummyRegressor, info);
    expect(r.task).toBe('regression');
    expect(r.className).toBe('DummyRegressor');
    expect(r.params).toBe(DummyRegressor.paramSpec);
    expect('inDefaultSuite' in r).toBe(false);
    expect(modelSpec(DummyRegressor, { ...info, inDefaultSuite: false }).inDefaultSuite).toBe(false);
  });

  it('refuses a class that extends neither base class', () => {
    class Loose {
      static readonly modelName = 'Loose';
      static readonly paramSpec = {};
      static fromJSON(): never {
        throw new Error('unused');
      }
    }
    expect(() => modelSpec(Loose as never, info)).toThrow(ConfigError);
    expect(() => modelSpec(Loose as never, info)).toThrow(/^Argument 'Class' passed to 'modelSpec' must extend BaseClassifier or BaseRegressor .* but Loose extends neither\.$/);
  });
});

describe('specDrift', () => {
  const good = dummyModels[0]!;
  it('finds nothing in entries made by modelSpec', () => {
    for (const s of dummyModels) expect(specDrift(s)).toEqual([]);
  });
  it('names each way a hand-written entry can drift from its class', () => {
    expect(specDrift({ ...good, className: 'Dummy' })).toEqual(["className is 'Dummy' but create() builds a DummyClassifier"]);
    expect(specDrift({ ...good, task: 'regression' })).toEqual(["task is 'regression' but create() builds a classification model"]);
    const { seed: _seed, ...fewer } = DummyClassifier.paramSpec;
    expect(specDrift({ ...good, params: fewer })).toEqual(['params declares [strategy] but DummyClassifier.paramSpec declares [seed, strategy]']);
    expect(specDrift({ ...good, params: { ...DummyClassifier.paramSpec, seed: DummyRegressor.paramSpec.strategy } })).toEqual([
      'params.seed is not DummyClassifier.paramSpec.seed',
    ]);
    expect(specDrift({ ...good, fromJSON: () => new DummyRegressor() })).toEqual(['fromJSON returns a DummyRegressor, not a DummyClassifier']);
  });
});

describe('registry lookups', () => {
  const registry: ModelSpec[] = [...dummyModels];
  it('modelVariants: every task of a registry name; one class by class name', () => {
    expect(modelVariants(registry, 'dummy').map((s) => s.className)).toEqual(['DummyClassifier', 'DummyRegressor']);
    expect(modelVariants(registry, 'DummyRegressor').map((s) => s.className)).toEqual(['DummyRegressor']);
  });
  it('modelVariants: ignores case when nothing matches exactly (scikit-learn spellings: svc, SVR, MLP)', () => {
    expect(modelVariants(registry, 'DUMMY').map((s) => s.className)).toEqual(['DummyClassifier', 'DummyRegressor']);
    expect(modelVariants(registry, 'dummyregressor').map((s) => s.className)).toEqual(['DummyRegressor']);
    expect(modelVariants(registry, ' DummyClassifier ').map((s) => s.className)).toEqual(['DummyClassifier']);
    // A registry name wins over a class name of another model spelled the same way.
    const clash: ModelSpec[] = [{ ...registry[0]!, name: 'dummyclassifier' }, registry[1]!];
    expect(modelVariants(clash, 'DummyClassifier').map((s) => s.name)).toEqual(['dummyclassifier']);
    expect(modelVariants(clash, 'DUMMYCLASSIFIER').map((s) => s.name)).toEqual(['dummyclassifier']);
  });
  it('an unknown name: ConfigError with the closest name and the list', () => {
    expect(() => modelVariants(registry, 'dumy')).toThrow(ConfigError);
    expect(() => modelVariants(registry, 'dumy')).toThrow(
      "Unknown model 'dumy'. Did you mean 'dummy'? Valid models: dummy. Run 'mlcompare models' to see them with their parameters.",
    );
    expect(() => findModel(registry, 'forest')).toThrow(/^Unknown model 'forest'\. Valid models: dummy\./);
    expect(() => modelForTask(registry, 'DumyRegressor', 'regression')).toThrow(/^Unknown model 'DumyRegressor'\. Did you mean 'DummyRegressor'\?/);
  });
  it('findModel: by name and task; a missing task lists the ones the model has', () => {
    expect(findModel(registry, 'dummy', 'regression').className).toBe('DummyRegressor');
    expect(findModel(registry, 'dummy').className).toBe('DummyClassifier');
    expect(() => findModel([registry[0]!], 'dummy', 'regression')).toThrow("Model 'dummy' has no regression variant (it supports: classification).");
  });
  it('modelForTask: the variant, or undefined when there is none for the task', () => {
    expect(modelForTask(registry, 'dummy', 'classification')?.className).toBe('DummyClassifier');
    expect(modelForTask([registry[1]!], 'dummy', 'classification')).toBeUndefined();
  });
  it('findModelByClass: exact class and task only', () => {
    expect(findModelByClass(registry, 'DummyRegressor', 'regression')).toBe(registry[1]);
    expect(() => findModelByClass(registry, 'DummyRegressor', 'classification')).toThrow(
      "The registry has no classification model of class 'DummyRegressor'. Its classification classes: DummyClassifier.",
    );
    expect(() => findModelByClass(registry, 'DummyRegresor', 'regression')).toThrow(/Did you mean 'DummyRegressor'\?/);
  });
});
