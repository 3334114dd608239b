import { describe, expect, it } from 'vitest';
import {
  MAX_ITER_REACHED,
  Matrix,
  convergenceOfHistory,
  evaluateFold,
  jobResultProblem,
  parseRunInfo,
  raisedLimitItem,
  scalesTarget,
  type Convergence,
  type EvaluationData,
  type Labels,
  type Model,
  type ModelJSON,
} from '../src/index.js';

/** A regressor that remembers its training target and predicts its first training value for every row. */
class FirstValue implements Model {
  readonly modelName = 'FirstValue';
  readonly task = 'regression' as const;
  readonly params = {};
  readonly backend = 'js';
  readonly history = undefined;
  isFitted = false;
  fitY: number[] = [];
  constructor(readonly convergence?: Convergence) {}
  async fit(_X: Matrix, y: Labels): Promise<this> {
    this.fitY = [...(y as number[])];
    this.isFitted = true;
    return this;
  }
  async predict(X: Matrix): Promise<number[]> {
    return Array.from({ length: X.rows }, () => this.fitY[0]!);
  }
  async score(): Promise<number> {
    return 0;
  }
  getParams() {
    return {};
  }
  clone(): FirstValue {
    return new FirstValue(this.convergence);
  }
  toJSON(): ModelJSON {
    return { format: 'mlcompare-model', model: this.modelName, version: 1, params: {}, state: null };
  }
  dispose(): void {}
}

// Targets in the thousands, as diabetes' (25 … 346) or statecrime's.
const y = [1200, 3400, 2100, 5600, 4300, 3900, 800, 2500];
const data: EvaluationData = { X: Matrix.fromRows(y.map((_, i) => [i])), y, task: 'regression' };
const fold = { train: [0, 1, 2, 3, 4, 5], test: [6, 7] };
const train = fold.train.map((i) => y[i]!);
const mean = train.reduce((a, b) => a + b, 0) / train.length;
const sd = Math.sqrt(train.reduce((a, b) => a + (b - mean) ** 2, 0) / train.length);

async function run(scaleTarget: 'auto' | boolean | undefined, needsTargetScaling: boolean, d: EvaluationData = data) {
  const model = new FirstValue();
  const e = await evaluateFold(d, fold, {
    create: () => model,
    capabilities: { needsScaling: false, handlesMissing: false, probabilities: false, needsTargetScaling },
    metrics: d.task === 'regression' ? ['mae'] : ['accuracy'],
    ...(scaleTarget === undefined ? {} : { scaleTarget }),
  });
  return { e, model };
}

describe('evaluateFold scaleTarget (TransformedTargetRegressor with a StandardScaler)', () => {
  it("'auto' standardises the target of a model that asks for it: fitted on (y − mean) / sd of the training rows, predictions mapped back", async () => {
    const { e, model } = await run('auto', true);
    expect(e.scaledTarget).toBe(true);
    model.fitY.forEach((v, i) => expect(v).toBeCloseTo((train[i]! - mean) / sd, 12));
    // It predicts its first (scaled) training value: mapped back, that is y[0] = 1200 in the target's units.
    const mae = (Math.abs(y[6]! - y[0]!) + Math.abs(y[7]! - y[0]!)) / 2;
    expect(e.metrics.mae).toBeCloseTo(mae, 6);
  });

  it("'auto' leaves the target of other models alone; false never scales; true scales every regressor", async () => {
    const plain = await run('auto', false);
    expect(plain.e.scaledTarget).toBe(false);
    expect(plain.model.fitY).toEqual(train);
    const off = await run(false, true);
    expect(off.e.scaledTarget).toBe(false);
    expect(off.model.fitY).toEqual(train);
    const on = await run(true, false);
    expect(on.e.scaledTarget).toBe(true);
    expect(on.model.fitY[0]).toBeCloseTo((train[0]! - mean) / sd, 12);
  });

  it('is off by default (scikit-learn plain behaviour, which the parity tests compare with)', async () => {
    const { e, model } = await run(undefined, true);
    expect(e.scaledTarget).toBe(false);
    expect(model.fitY).toEqual(train);
  });

  it('a constant training target is centred with scale 1 (StandardScaler), not divided by 0', async () => {
    const flat: EvaluationData = { ...data, y: y.map((v, i) => (i < 6 ? 7 : v)) };
    const { e, model } = await run('auto', true, flat);
    expect(model.fitY).toEqual([0, 0, 0, 0, 0, 0]);
    expect(e.metrics.mae).toBeCloseTo((800 - 7 + (2500 - 7)) / 2, 9);
  });

  it('scalesTarget never scales class labels', () => {
    expect(scalesTarget(true, 'classification', { needsTargetScaling: true })).toBe(false);
    expect(scalesTarget('auto', 'regression', {})).toBe(false);
    expect(scalesTarget('auto', 'regression', { needsTargetScaling: true })).toBe(true);
  });
});

describe('convergence', () => {
  it('evaluateFold carries the model’s convergence (and none for a model without one)', async () => {
    const c: Convergence = { converged: false, iterations: 200, param: 'maxIter', limit: 200 };
    const e = await evaluateFold(data, fold, {
      create: () => new FirstValue(c),
      capabilities: { needsScaling: false, handlesMissing: false, probabilities: false },
      metrics: ['mae'],
    });
    expect(e.convergence).toEqual(c);
    expect((await run('auto', false)).e.convergence).toBeUndefined();
  });

  it('convergenceOfHistory: a stop reason beginning with "maxIter reached" did not converge', () => {
    expect(convergenceOfHistory({ loss: [1, 0.5], epochs: 2, stopReason: `${MAX_ITER_REACHED} (2 epochs)` }, 'maxIter', 2)).toEqual({
      converged: false,
      iterations: 2,
      param: 'maxIter',
      limit: 2,
    });
    expect(convergenceOfHistory({ loss: [1], epochs: 1, stopReason: 'training loss did not improve by more than tol=0.0001 for 10 consecutive epochs' }, 'maxIter', 200)).toEqual({
      converged: true,
      iterations: 1,
      param: 'maxIter',
      limit: 200,
    });
  });

  it('raisedLimitItem keeps the other parameters, writes lists as 64x32 and raises the limit five-fold', () => {
    const c: Convergence = { converged: false, iterations: 200, param: 'maxIter', limit: 200 };
    expect(raisedLimitItem('mlp', {}, c)).toBe('mlp:maxIter=1000');
    expect(raisedLimitItem('mlp', { hiddenLayerSizes: [64, 32], maxIter: 200, alpha: 0.01 }, c)).toBe('mlp:hiddenLayerSizes=64x32,maxIter=1000,alpha=0.01');
    expect(raisedLimitItem('svm', {}, { converged: false, iterations: 10, limit: 10 })).toBeUndefined();
  });

  it('the results contract checks convergence, scaledTarget and a recorded data summary', () => {
    const line = {
      schema: 1, jobId: 'a|m|r0|f0', dataset: 'a', task: 'regression', model: 'm', className: 'M', params: {}, label: 'm',
      repeat: 0, fold: 0, seed: 0, status: 'ok', error: null, metrics: {}, fitMs: 1, predictMs: 1, nTrain: 1, nTest: 1, backend: 'js', finishedAt: '',
    };
    expect(jobResultProblem({ ...line, convergence: { converged: false, iterations: 200, param: 'maxIter', limit: 200 }, scaledTarget: true })).toBeNull();
    expect(jobResultProblem({ ...line, convergence: { converged: 'no', iterations: 200, limit: 200 } })).toBe("'convergence.converged' must be true or false, got 'no'");
    expect(jobResultProblem({ ...line, scaledTarget: 'auto' })).toBe("'scaledTarget' must be true or false, got 'auto'");
    const run = {
      schema: 1,
      suite: { name: 's', description: '', datasets: [], models: [], resampling: { kind: 'kfold', folds: 5, repeats: 1, stratify: true }, metrics: [], seed: 0, limits: { timeoutSec: 1, maxRows: {} }, resamplingText: '', scaleTarget: 'auto' },
      suiteName: 's', commandLine: '', startedAt: '', seed: 0, primaryMetric: { classification: 'accuracy', regression: 'r2' }, versions: {},
      machine: { platform: 'linux', arch: 'x64', cpus: 1, cpuModel: '', memoryGiB: 1, node: 'v20' }, totalJobs: 0,
      datasets: [{ name: 'f', task: 'regression', rows: 3, features: 1, source: 'f.csv', summary: { rowsRead: 4, rowsKept: 3, rowsDroppedMissingTarget: 1, columns: [{ name: 'id', role: 'dropped', type: 'text', missing: 0, reason: 'identifier' }], notes: ['n'] } }],
    };
    expect(parseRunInfo(JSON.stringify(run)).datasets[0]!.summary!.columns[0]!.reason).toBe('identifier');
    const bad = structuredClone(run);
    (bad.datasets[0]!.summary!.columns[0] as { role: string }).role = 'ignored';
    expect(() => parseRunInfo(JSON.stringify(bad))).toThrow(/'datasets\[0\]\.summary\.columns\[0\]\.role' must be one of 'feature', 'target', 'dropped', got 'ignored'/);
    const badScale = structuredClone(run);
    (badScale.suite as { scaleTarget: unknown }).scaleTarget = 'yes';
    expect(() => parseRunInfo(JSON.stringify(badScale))).toThrow(/'suite\.scaleTarget' must be one of 'auto', true, false, got 'yes'/);
  });
});
