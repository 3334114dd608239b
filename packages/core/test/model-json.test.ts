import { describe, expect, it } from 'vitest';
import { DummyClassifier, DummyRegressor, SerializationError, StateReader, readClasses, readHistory, readInt32Array } from '../src/index.js';

type Json = Record<string, any>;

function json(m: { toJSON(): unknown }): Json {
  return JSON.parse(JSON.stringify(m.toJSON())) as Json;
}

describe('StateReader and the read* helpers', () => {
  it('name the field, the rule and the value', () => {
    const r = StateReader.of('Ridge', 'state.model', { coef: [1, 2, 3], intercept: NaN, extra: true });
    expect(() => r.float64('coef', { length: 4, why: 'one per feature: state.nFeatures is 4' })).toThrow(
      "Invalid Ridge JSON: 'state.model.coef' must be an array of 4 finite numbers (one per feature: state.nFeatures is 4), but got an array of 3 items.",
    );
    expect(() => r.number('intercept')).toThrow("Invalid Ridge JSON: 'state.model.intercept' must be a finite number, but got NaN.");
    expect(() => r.number('missing')).toThrow("Invalid Ridge JSON: 'state.model.missing' must be a finite number, but got nothing (the field is missing).");
    expect(() => r.done()).toThrow("Invalid Ridge JSON: 'state.model' must be an object with only the fields 'coef', 'intercept', 'missing', but got an unknown field 'extra'.");
    expect(() => StateReader.of('Ridge', 'state.model', [1])).toThrow("Invalid Ridge JSON: 'state.model' must be an object, but got an array of 1 item.");
  });

  it('refuse integers an Int32Array would wrap or truncate, naming the item', () => {
    expect(() => readInt32Array('T', 'state.model.left', [1, 2 ** 32 + 1])).toThrow(
      "Invalid T JSON: 'state.model.left[1]' must be an integer in [-2147483648, 2147483647], but got 4294967297.",
    );
    expect(() => readInt32Array('T', 'state.model.left', [1.5])).toThrow(/'state\.model\.left\[0\]' must be an integer/);
    expect(readInt32Array('T', 'p', [0, -1, 7])).toEqual(Int32Array.from([0, -1, 7]));
  });

  it('readClasses wants sorted distinct labels of one kind', () => {
    expect(readClasses('M', 'state.classes', [1, 2], 2)).toEqual([1, 2]);
    expect(() => readClasses('M', 'state.classes', ['b', 'a'], 2)).toThrow(/'state\.classes' must be .* sorted as fit sorts them, but got \['b', 'a'\] \(out of order\)\./);
    expect(() => readClasses('M', 'state.classes', [1, 1], 2)).toThrow(/\(with repeats\)/);
    expect(() => readClasses('M', 'state.classes', ['a', { x: 1 }], 2)).toThrow(/'state\.classes\[1\]' must be a label of the same kind/);
    expect(() => readClasses('M', 'state.classes', [1], 2)).toThrow(/at least 2 distinct class labels/);
  });

  it('readHistory checks every field and the epoch limit', () => {
    const h = { loss: [0.5, 0.25], epochs: 2, stopReason: 'maxIter reached' };
    expect(readHistory('M', 'h', h, { maxEpochs: 2, lossLength: 'epochs' })).toEqual(h);
    expect(() => readHistory('M', 'h', { ...h, epochs: 3 }, { maxEpochs: 2 })).toThrow("Invalid M JSON: 'h.epochs' must be an integer in [0, 2], but got 3.");
    expect(() => readHistory('M', 'h', { ...h, epochs: 1 }, { lossLength: 'epochs' })).toThrow(/'h\.loss' must be an array of 1 finite numbers \(one per epoch/);
    expect(() => readHistory('M', 'h', { ...h, validationScore: [1, 1] }, { validation: false })).toThrow(/'h\.validationScore' must be absent without early stopping/);
  });
});

describe('restoreModel: a model file says how the model was made', () => {
  it('refuses a parameter that is missing instead of filling in its default', async () => {
    const j = json(await new DummyClassifier({ strategy: 'mostFrequent' }).fit([[0], [1]], ['a', 'b']));
    delete j.params.strategy;
    expect(() => DummyClassifier.fromJSON(j)).toThrow(SerializationError);
    expect(() => DummyClassifier.fromJSON(j)).toThrow(/^Invalid DummyClassifier JSON: 'params\.strategy' must be present .* its default, 'prior'\), but got nothing/);
  });

  it('refuses invalid and unknown parameters as SerializationError (not ParameterError)', async () => {
    const j = json(await new DummyRegressor().fit([[0]], [1]));
    expect(() => DummyRegressor.fromJSON({ ...j, params: { ...j.params, strategy: 'mode' } })).toThrow(
      "Invalid DummyRegressor JSON: 'params.strategy' must be one of 'mean', 'median', 'quantile', 'constant', but got 'mode'.",
    );
    expect(() => DummyRegressor.fromJSON({ ...j, params: { ...j.params, quantil: 0.5 } })).toThrow(/'params' must be an object of DummyRegressor's parameters only, but got an unknown parameter 'quantil' \(did you mean 'quantile'\?\)/);
    // Each value valid alone, refused together by the constructor.
    expect(() => DummyRegressor.fromJSON({ ...j, params: { ...j.params, strategy: 'quantile', quantile: null } })).toThrow(
      /^Invalid DummyRegressor JSON: 'params' must be parameters DummyRegressor accepts together, but its constructor refused them: The 'quantile' parameter/,
    );
  });

  it('refuses unknown top-level fields and a missing state', async () => {
    const j = json(new DummyRegressor());
    expect(() => DummyRegressor.fromJSON({ ...j, note: 'hi' })).toThrow(/must be an object with only the fields .*, but got an unknown field 'note'/);
    const { state: _s, ...noState } = j;
    expect(() => DummyRegressor.fromJSON(noState)).toThrow("Invalid DummyRegressor JSON: 'state' must be null (an unfitted model) or the learned state, but got nothing (the field is missing).");
  });
});

describe('Dummy models check their state', () => {
  it('DummyClassifier: shortened classes, objects as classes, priors that do not sum to 1', async () => {
    const j = json(await new DummyClassifier().fit([[0], [0], [0]], ['a', 'b', 'c']));
    const short = { ...j, state: { ...j.state, classes: ['a', 'b'] } };
    expect(() => DummyClassifier.fromJSON(short)).toThrow(/^Invalid DummyClassifier JSON: 'state\.model\.prior' must be an array of 2 finite numbers in \(0, 1\] \(one per class: state\.classes has 2\), but got an array of 3 items\.$/);
    const objects = { ...j, state: { ...j.state, classes: [{ a: 1 }, { b: 2 }, { c: 3 }] } };
    expect(() => DummyClassifier.fromJSON(objects)).toThrow(/'state\.classes\[0\]' must be a label/);
    const skewed = { ...j, state: { ...j.state, model: { prior: [0.5, 0.3, 0.1] } } };
    expect(() => DummyClassifier.fromJSON(skewed)).toThrow(/'state\.model\.prior' must be class shares that sum to 1, but got shares that sum to 0\.9/);
  });

  it("DummyRegressor: strategy 'constant' must predict its constant", async () => {
    const j = json(await new DummyRegressor({ strategy: 'constant', constant: 3 }).fit([[0]], [1]));
    expect(DummyRegressor.fromJSON(j).getParams().constant).toBe(3);
    expect(() => DummyRegressor.fromJSON({ ...j, state: { ...j.state, model: 1e9 } })).toThrow(
      "Invalid DummyRegressor JSON: 'state.model' must be 3 (strategy 'constant' predicts params.constant), but got 1000000000.",
    );
  });
});
