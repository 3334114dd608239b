import { describe, expect, it } from 'vitest';
import {
  DEFAULT_METRICS,
  InputError,
  METRICS,
  UndefinedMetricError,
  f1Score,
  metricsForTask,
  rootMeanSquaredError,
  scoreFold,
  type FoldPredictions,
} from '../src/index.js';

// Imbalanced three-class fold where accuracy, balanced accuracy, macro-F1 and weighted F1 all differ.
const yTrue = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'c', 'c'];
const yPred = ['a', 'a', 'a', 'a', 'b', 'c', 'b', 'a', 'c', 'c'];
const proba = yPred.map((p, i) => (p === 'a' ? [0.7, 0.2, 0.1] : p === 'b' ? [0.2, 0.6, 0.2] : [0.1, 0.1 + i / 100, 0.8 - i / 100]));
const cls: FoldPredictions = { task: 'classification', yTrue, yPred, proba, classes: ['a', 'b', 'c'] };
const reg: FoldPredictions = { task: 'regression', yTrue: [1, 2, 3, 4, 10], yPred: [1.5, 2, 2, 6, 7] };

describe('METRICS', () => {
  it('gives each metric its task and direction', () => {
    const table = Object.fromEntries(Object.values(METRICS).map((m) => [m.name, [m.task, m.higherIsBetter, m.needsProba === true]]));
    expect(table).toEqual({
      accuracy: ['classification', true, false],
      balancedAccuracy: ['classification', true, false],
      f1Macro: ['classification', true, false],
      rocAuc: ['classification', true, true],
      logLoss: ['classification', false, true],
      r2: ['regression', true, false],
      rmse: ['regression', false, false],
      mae: ['regression', false, false],
    });
    for (const [key, m] of Object.entries(METRICS)) expect(m.name).toBe(key);
  });

  it('maps each name to the right scorer (scikit-learn 1.2.1 values on this fold)', () => {
    const s = scoreFold(DEFAULT_METRICS.classification, cls);
    // scikit-learn 1.2.1 on the same fold: accuracy_score 0.7, balanced_accuracy_score 0.7222…,
    // f1_score(average='macro') 0.67575… (weighted would be 0.69636…),
    // roc_auc_score(multi_class='ovr', labels=[a, b, c]) 0.79513…, log_loss(labels=[a, b, c]) 0.81299…
    expect(s.accuracy).toBeCloseTo(0.7, 12);
    expect(s.balancedAccuracy).toBeCloseTo(0.7222222222222222, 12);
    expect(s.f1Macro).toBeCloseTo(0.6757575757575758, 12);
    expect(s.f1Macro).not.toBeCloseTo(f1Score(yTrue, yPred, { average: 'weighted' }), 6);
    expect(s.rocAuc).toBeCloseTo(0.795138888888889, 12);
    expect(s.logLoss).toBeCloseTo(0.8129980693301977, 12);

    const r = scoreFold(DEFAULT_METRICS.regression, reg);
    // scikit-learn 1.2.1: mean_absolute_error 1.3, mean_squared_error(squared=False) 1.68819…, r2_score 0.715
    expect(r.mae).toBeCloseTo(1.3, 12);
    expect(r.mae).not.toBeCloseTo(rootMeanSquaredError(reg.yTrue, reg.yPred), 6);
    expect(r.rmse).toBeCloseTo(1.6881943016134133, 12);
    expect(r.r2).toBeCloseTo(0.715, 12);
  });
});

describe('scoreFold', () => {
  it('gives null for a probability metric when the model gave no probabilities', () => {
    const s = scoreFold(['accuracy', 'rocAuc', 'logLoss'], { task: 'classification', yTrue, yPred });
    expect(s).toEqual({ accuracy: 0.7, rocAuc: null, logLoss: null });
  });

  it('gives null for ROC AUC when the test rows hold one class, through a recognisable UndefinedMetricError', () => {
    const one: FoldPredictions = { task: 'classification', yTrue: ['a', 'a'], yPred: ['a', 'b'], proba: [[0.9, 0.1], [0.4, 0.6]], classes: ['a', 'b'] };
    expect(() => METRICS.rocAuc!.score(one)).toThrow(UndefinedMetricError);
    expect(() => METRICS.rocAuc!.score(one)).toThrow("The metric 'rocAuc' is not defined on this fold: the test rows hold one class only ('a').");
    expect(scoreFold(['accuracy', 'rocAuc', 'logLoss'], one)).toEqual({ accuracy: 0.5, rocAuc: null, logLoss: expect.any(Number) });
  });

  it('gives null for one-vs-rest ROC AUC when a class has no test row', () => {
    const p: FoldPredictions = { ...cls, yTrue: yTrue.map((y) => (y === 'b' ? 'a' : y)) };
    expect(() => METRICS.rocAuc!.score(p)).toThrow(/one-vs-rest needs every class among the test rows, and \['b'\] has none/);
    expect(scoreFold(['rocAuc'], p)).toEqual({ rocAuc: null });
  });

  it('gives null for the probability metrics when a test class was not among the training rows', () => {
    const p: FoldPredictions = { ...cls, yTrue: [...yTrue.slice(0, 9), 'd'] };
    expect(() => METRICS.logLoss!.score(p)).toThrow(/the test rows hold the class 'd', which was not among the training rows/);
    expect(scoreFold(['logLoss', 'rocAuc'], p)).toEqual({ logLoss: null, rocAuc: null });
  });

  it('gives null for R² of a single test row', () => {
    expect(scoreFold(['r2', 'mae'], { task: 'regression', yTrue: [3], yPred: [1] })).toEqual({ r2: null, mae: 2 });
  });

  it('rethrows any other error of a scorer: a programming error is not an undefined metric', () => {
    // probabilities with a column too few: logLoss's InputError, not null
    const bad: FoldPredictions = { ...cls, proba: proba.map((r) => r.slice(0, 2)) };
    expect(() => scoreFold(['accuracy', 'logLoss'], bad)).toThrow(InputError);
    expect(() => scoreFold(['accuracy', 'logLoss'], bad)).toThrow(/logLoss/);
  });

  it('throws for an unknown metric or one of the other task', () => {
    expect(() => scoreFold(['accuracy', 'f1'], cls)).toThrow(/^Argument 'names' passed to 'scoreFold' must hold metric names \(accuracy, .*\), but got 'f1'\.$/);
    expect(() => scoreFold(['mae'], cls)).toThrow("Argument 'names' passed to 'scoreFold' holds the regression metric 'mae' for a classification fold.");
  });
});

describe('metricsForTask', () => {
  it("keeps the suite's metrics of the task in order, else the defaults", () => {
    expect(metricsForTask(['rmse', 'accuracy', 'r2'], 'regression')).toEqual(['rmse', 'r2']);
    expect(metricsForTask(['accuracy'], 'regression')).toEqual(['r2', 'rmse', 'mae']);
    expect(metricsForTask([], 'classification')).toEqual(['accuracy', 'balancedAccuracy', 'f1Macro', 'rocAuc', 'logLoss']);
  });
});
