import { describe, expect, it } from 'vitest';
import {
  DummyClassifier,
  InputError,
  Matrix,
  accuracyScore,
  evaluateFold,
  foldMatrices,
  foldPreprocessing,
  logLoss,
  type EvaluationData,
  type Labels,
  type Model,
  type ModelJSON,
} from '../src/index.js';
import { IRIS_X, IRIS_Y } from '../src/testing/index.js';

/** A classifier that predicts the first class and remembers what it was given. */
class Recorder implements Model {
  readonly modelName = 'Recorder';
  readonly task = 'classification' as const;
  readonly params = {};
  readonly backend = 'js';
  readonly history = undefined;
  readonly supportsProba: boolean;
  fitX: number[][] = [];
  fitY: Labels = [];
  predictX: number[][] = [];
  probaCalls = 0;
  disposed = 0;
  classes: Labels = [];
  isFitted = false;
  constructor(
    private readonly proba = true,
    private readonly failFit = false,
  ) {
    this.supportsProba = proba;
  }
  async fit(X: Matrix, y: Labels): Promise<this> {
    if (this.failFit) throw new Error('fit failed on purpose');
    this.fitX = X.toArray();
    this.fitY = [...y] as Labels;
    this.classes = [...new Set(y as string[])].sort();
    this.isFitted = true;
    return this;
  }
  async predict(X: Matrix): Promise<Labels> {
    this.predictX = X.toArray();
    return Array.from({ length: X.rows }, () => this.classes[0]!) as Labels;
  }
  async predictProba(X: Matrix): Promise<number[][]> {
    this.probaCalls++;
    return Array.from({ length: X.rows }, () => this.classes.map((_, i) => (i === 0 ? 0.75 : 0.25 / (this.classes.length - 1))));
  }
  async score(): Promise<number> {
    return 0;
  }
  getParams(): Record<string, unknown> {
    return {};
  }
  clone(): Model {
    return new Recorder(this.proba, this.failFit);
  }
  toJSON(): ModelJSON {
    return { format: 'mlcompare-model', model: 'Recorder', version: 1, params: {}, state: null };
  }
  dispose(): void {
    this.disposed++;
    this.isFitted = false;
  }
}

// Column 0 numeric with a missing value, column 1 categorical codes (0..2) with a missing value.
const toy: EvaluationData = {
  task: 'classification',
  X: Matrix.fromRows([
    [1, 0],
    [NaN, 1],
    [3, NaN],
    [100, 2],
    [NaN, 2],
  ]),
  y: ['a', 'b', 'a', 'b', 'a'],
  featureTypes: ['numeric', 'categorical'],
};
const fold = { train: Int32Array.from([0, 1, 2]), test: Int32Array.from([3, 4]) };
const caps = { probabilities: true, needsScaling: false, handlesMissing: false };

async function run(capabilities = caps, metrics = ['accuracy'], model = new Recorder()): Promise<{ model: Recorder; e: Awaited<ReturnType<typeof evaluateFold>> }> {
  const e = await evaluateFold(toy, fold, { create: () => model, capabilities, metrics });
  return { model, e };
}

describe('foldPreprocessing', () => {
  it('one-hot first, imputation only with NaN and a model that needs it, scaling on request', () => {
    expect(foldPreprocessing(toy, caps).names).toEqual(['one-hot', 'impute']);
    expect(foldPreprocessing(toy, { ...caps, handlesMissing: true, needsScaling: true }).names).toEqual(['one-hot', 'scale']);
    const clean: EvaluationData = { task: 'classification', X: Matrix.fromRows([[1], [2]]), y: ['a', 'b'] };
    expect(foldPreprocessing(clean, caps).names).toEqual([]);
    expect(foldPreprocessing({ ...clean, hasMissing: true }, caps).names).toEqual(['impute']);
  });
});

describe('foldMatrices', () => {
  it('gives exactly the matrices the model of evaluateFold is fitted on and predicts', async () => {
    for (const capabilities of [caps, { ...caps, needsScaling: true }, { ...caps, handlesMissing: true }]) {
      const { model, e } = await run(capabilities);
      const f = foldMatrices(toy, fold, capabilities);
      expect(f.Xtrain.toArray()).toEqual(model.fitX);
      expect(f.Xtest.toArray()).toEqual(model.predictX);
      expect([f.yTrain, f.yTest, f.steps]).toEqual([['a', 'b', 'a'], ['b', 'a'], e.steps]);
    }
  });
});

describe('evaluateFold', () => {
  it('one-hot encodes categories and imputes the training mean, both learned from the training rows only', async () => {
    const { model, e } = await run();
    expect(e.steps).toEqual(['one-hot', 'impute']);
    // training categories are {0, 1}: code 2 (only in the test rows) and NaN give all-zero blocks
    expect(model.fitX).toEqual([
      [1, 1, 0],
      [2, 0, 1],
      [3, 0, 0],
    ]);
    // the test row's missing value takes the training mean (1 + 3) / 2 = 2, not a mean including 100
    expect(model.predictX).toEqual([
      [100, 0, 0],
      [2, 0, 0],
    ]);
    expect(model.fitY).toEqual(['a', 'b', 'a']);
    expect([e.nTrain, e.nTest]).toEqual([3, 2]);
    // predicts 'a' for test rows labelled ['b', 'a']
    expect(e.metrics).toEqual({ accuracy: 0.5 });
  });

  it('standardises with the training mean and standard deviation when the model needs scaling', async () => {
    const { model, e } = await run({ ...caps, needsScaling: true });
    expect(e.steps).toEqual(['one-hot', 'impute', 'scale']);
    // numeric column after imputation: [1, 2, 3] → mean 2, population sd sqrt(2/3)
    const sd = Math.sqrt(2 / 3);
    expect(model.fitX[0]![0]).toBeCloseTo(-1 / sd, 12);
    expect(model.predictX[0]![0]).toBeCloseTo(98 / sd, 12);
  });

  it('leaves missing values to a model that handles them', async () => {
    const { model, e } = await run({ ...caps, handlesMissing: true });
    expect(e.steps).toEqual(['one-hot']);
    expect(Number.isNaN(model.fitX[1]![0])).toBe(true);
  });

  it('asks for probabilities only when a metric needs them and the model gives them', async () => {
    expect((await run(caps, ['accuracy'])).model.probaCalls).toBe(0);
    const withProba = await run(caps, ['accuracy', 'logLoss']);
    expect(withProba.model.probaCalls).toBe(1);
    expect(withProba.e.metrics.logLoss).toBeCloseTo(logLoss(['b', 'a'], [[0.75, 0.25], [0.75, 0.25]], { labels: ['a', 'b'] }), 12);
    const noProba = await run({ ...caps, probabilities: false }, ['accuracy', 'logLoss']);
    expect(noProba.model.probaCalls).toBe(0);
    expect(noProba.e.metrics).toEqual({ accuracy: 0.5, logLoss: null });
    expect((await run(caps, ['logLoss'], new Recorder(false))).e.metrics).toEqual({ logLoss: null });
  });

  it("passes the model's notes on how it ran into the evaluation, and none when it has none", async () => {
    expect((await run()).e.notes).toBeUndefined();
    const noted = new Recorder();
    Object.defineProperty(noted, 'notes', { value: ['restored on wasm, fitted on tensorflow'] });
    expect((await run(caps, ['accuracy'], noted)).e.notes).toEqual(['restored on wasm, fitted on tensorflow']);
  });

  it('times fit and predict with the given clock, and disposes the model', async () => {
    let t = 0;
    const model = new Recorder();
    let started = -1;
    const e = await evaluateFold(toy, fold, {
      create: () => model,
      capabilities: caps,
      metrics: ['accuracy', 'rocAuc'],
      now: () => (t += 10),
      beforeFit: () => (started = t),
    });
    expect([e.fitMs, e.predictMs, e.probaMs, e.scoreMs]).toEqual([10, 10, 10, 10]);
    expect(started).toBe(0);
    expect(model.disposed).toBe(1);
    expect(e.backend).toBe('js');
  });

  it('hands the fitted pipeline to inspect before disposing, and disposes after a failed fit', async () => {
    const model = new Recorder();
    let seen: unknown[] = [];
    await evaluateFold(toy, fold, {
      create: () => model,
      capabilities: caps,
      metrics: ['accuracy'],
      inspect: async (fitted, yPred) => {
        seen = [fitted.isFitted, model.disposed, await fitted.predict(Matrix.fromRows([[3, 1]])), yPred];
      },
    });
    expect(seen).toEqual([true, 0, ['a'], ['a', 'a']]);
    const failing = new Recorder(true, true);
    await expect(evaluateFold(toy, fold, { create: () => failing, capabilities: caps, metrics: ['accuracy'] })).rejects.toThrow('fit failed on purpose');
    expect(failing.disposed).toBe(1);
  });

  it('fails before building the model for a metric it cannot score, or a fold without test rows', async () => {
    let built = 0;
    const create = (): Model => {
      built++;
      return new Recorder();
    };
    await expect(evaluateFold(toy, fold, { create, capabilities: caps, metrics: ['accuracy', 'mae'] })).rejects.toThrow(InputError);
    await expect(evaluateFold(toy, fold, { create, capabilities: caps, metrics: ['rmsle'] })).rejects.toThrow(
      /^Option 'metrics' passed to 'evaluateFold' must hold classification metrics \(accuracy, balancedAccuracy, f1Macro, rocAuc, logLoss\), but got 'rmsle'\.$/,
    );
    await expect(evaluateFold(toy, { train: [0, 1], test: [] }, { create, capabilities: caps, metrics: ['accuracy'] })).rejects.toThrow(
      "Argument 'fold' passed to 'evaluateFold' must have training and test rows, but has 2 and 0.",
    );
    expect(built).toBe(0);
  });

  it('scores a real model as its own predictions say (DummyClassifier on iris)', async () => {
    const data: EvaluationData = { task: 'classification', X: Matrix.fromRows(IRIS_X), y: [...IRIS_Y] };
    const train = Int32Array.from({ length: 100 }, (_, i) => i + 25);
    const test = Int32Array.from([...Array(25).keys(), ...Array.from({ length: 25 }, (_, i) => 125 + i)]);
    const e = await evaluateFold(data, { train, test }, { create: () => new DummyClassifier({ strategy: 'mostFrequent' }), capabilities: caps, metrics: ['accuracy', 'rocAuc'] });
    // training rows: 25 setosa, 50 versicolor, 25 virginica → always 'versicolor'; no test row is one
    expect(e.metrics.accuracy).toBe(accuracyScore(Array.from(test, (i) => IRIS_Y[i]!), Array(50).fill('versicolor')));
    expect(e.metrics.accuracy).toBe(0);
    // the test rows hold setosa and virginica only: one-vs-rest ROC AUC over three classes is undefined → null
    expect(e.metrics.rocAuc).toBeNull();
  });
});
