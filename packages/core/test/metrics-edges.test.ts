// Branches of the metrics that the main test file leaves open (found by mutation testing:
// `pnpm mutation packages/core/src/metrics.ts`). Expected values: scikit-learn 1.2.1 (numpy
// 1.24.2) via /usr/bin/python3, e.g. `roc_auc_score(t, P, multi_class='ovr', average='weighted')`.
import { describe, expect, it } from 'vitest';
import {
  InputError,
  Matrix,
  balancedAccuracyScore,
  confusionMatrix,
  f1Score,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  precisionScore,
  r2Score,
  recallScore,
  rocAucScore,
  rootMeanSquaredError,
} from '../src/index.js';

const close = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);
};
const throwsInput = (f: () => unknown, re: RegExp): void => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as Error).message).toMatch(re);
};

describe('precision, recall, F1: options and degenerate labels (scikit-learn 1.2.1)', () => {
  it('binary with only the negative class: 0, or 1 with zeroDivision 1', () => {
    for (const f of [precisionScore, recallScore, f1Score]) {
      expect(f([0, 0], [0, 0])).toBe(0);
      expect(f([0, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
    }
    expect(precisionScore([1, 1], [1, 1])).toBe(1);
  });
  it('weighted with zeroDivision 1 (a class never predicted)', () => {
    close(precisionScore([0, 1, 2, 2], [0, 0, 0, 2], { average: 'weighted', zeroDivision: 1 }), 0.8333333333333333);
    close(f1Score([0, 1, 2, 2], [0, 0, 0, 2], { average: 'weighted', zeroDivision: 1 }), 0.4583333333333333);
  });
  it('string posLabel', () => {
    close(recallScore(['a', 'b', 'b', 'a'], ['a', 'a', 'b', 'b'], { posLabel: 'b' }), 0.5);
  });
  it('rejects a bad zeroDivision and an explicit posLabel not among the labels', () => {
    throwsInput(() => f1Score([0, 1], [0, 1], { zeroDivision: 2 as 0 }), /^Option 'zeroDivision' passed to 'f1Score' must be 0 or 1, but got 2\.$/);
    throwsInput(() => precisionScore([0, 1], [0, 1], { posLabel: 2 }), /^Option 'posLabel' passed to 'precisionScore' must be one of the labels \[0, 1\], but got 2\.$/);
  });
});

describe('balanced accuracy', () => {
  it('one class in yTrue: adjusted is −∞ (chance 1), as scikit-learn', () => {
    close(balancedAccuracyScore([0, 0, 0], [0, 1, 0]), 0.6666666666666666);
    expect(balancedAccuracyScore([0, 0, 0], [0, 1, 0], { adjusted: true })).toBe(-Infinity);
  });
});

describe('log loss: options (scikit-learn 1.2.1)', () => {
  it('eps clips, normalize: false sums', () => {
    close(logLoss([0, 1, 1], [0.0, 1.0, 0.3], { eps: 0.1 }), 0.4715646118805295);
    close(logLoss([0, 1, 1], [0.0, 1.0, 0.3], { eps: 0.1, normalize: false }), 1.4146938356415886);
    // The same as one column of P(positive).
    close(logLoss([0, 1, 1], Matrix.fromRows([[0.0], [1.0], [0.3]]), { eps: 0.1 }), 0.4715646118805295);
  });
  it('three classes', () => {
    close(logLoss([0, 1, 2, 1], [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.3, 0.4]]), 0.5736542308362171);
  });
  it('rejects eps outside [0, 0.5), one label in labels, and a column count unlike labels', () => {
    throwsInput(() => logLoss([0, 1], [0.5, 0.5], { eps: 0.5 }), /^Option 'eps' passed to 'logLoss' must be a number in \[0, 0\.5\), but got 0\.5\.$/);
    throwsInput(() => logLoss([0, 1], [0.5, 0.5], { eps: -1 }), /must be a number in \[0, 0\.5\)/);
    expect(logLoss([0, 1], [0.5, 0.5], { eps: 0 })).toBeCloseTo(Math.LN2, 15);
    throwsInput(() => logLoss([1, 1], [0.5, 0.5], { labels: [1] }), /^Option 'labels' passed to 'logLoss' must contain at least two labels, but got \[1\]\.$/);
    throwsInput(() => logLoss([0, 1], [[0.5, 0.5], [0.5, 0.5]], { labels: [0, 1, 2] }), /^Argument 'yProb' passed to 'logLoss' must have one column per label in 'labels' \(3\), but has 2\.$/);
    throwsInput(() => logLoss([0, 3], [0.5, 0.5], { labels: [0, 1] }), /^Argument 'yTrue' passed to 'logLoss' contains the label 3 \(at 1\), which is not in option 'labels' \[0, 1\]\.$/);
  });
});

describe('ROC AUC: options (scikit-learn 1.2.1)', () => {
  const t = [0, 0, 0, 0, 1, 1, 2, 2, 2, 0];
  const P = [
    [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.5, 0.25, 0.25], [0.4, 0.4, 0.2], [0.3, 0.6, 0.1],
    [0.5, 0.3, 0.2], [0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.2, 0.5, 0.3], [0.7, 0.2, 0.1],
  ];
  it('weighted differs from macro when supports differ', () => {
    close(rocAucScore(t, P), 0.8420634920634921);
    close(rocAucScore(t, P, { average: 'weighted' }), 0.8428571428571429);
    close(rocAucScore(t, P, { labels: [0, 1, 2] }), 0.8420634920634921);
  });
  it('binary: one score per row, one column, or the second of two columns', () => {
    const tb = [0, 1, 1, 0, 1];
    const sb = [0.2, 0.7, 0.4, 0.4, 0.9];
    close(rocAucScore(tb, sb), 0.9166666666666666);
    close(rocAucScore(tb, Matrix.fromRows(sb.map((v) => [v]))), 0.9166666666666666);
    close(rocAucScore(tb, sb.map((v) => [0.5, v])), 0.9166666666666666);
  });
  it('rejects bad averages and labels, naming what is wrong', () => {
    throwsInput(() => rocAucScore(t, P, { average: 'micro' as 'macro' }), /^Option 'average' passed to 'rocAucScore' must be 'macro' or 'weighted', but got 'micro'\.$/);
    throwsInput(() => rocAucScore(t, P, { labels: [2, 1, 0] }), /^Option 'labels' passed to 'rocAucScore' must be sorted \(the column order of yScore\), but got \[2, 1, 0\]\.$/);
    throwsInput(() => rocAucScore(t, P, { labels: [0, 1, 2, 3] }), /^Option 'labels' passed to 'rocAucScore' must have one label per column of yScore \(3\), but has 4\.$/);
    throwsInput(() => rocAucScore(t, P, { labels: [0, 1, 3] }), /^Argument 'yTrue' passed to 'rocAucScore' contains labels not in option 'labels': \[2\]\.$/);
    throwsInput(() => rocAucScore([0, 1, 1, 0, 1, 0, 1, 1, 0, 1], P), /^Argument 'yScore' passed to 'rocAucScore' has 3 columns but yTrue has 2 classes \(\[0, 1\]\)\. Provide all the labels/);
    throwsInput(() => rocAucScore(t.map(() => 0), P, { labels: [0, 1, 2] }), /class 0 is the only one\.$/);
    throwsInput(() => rocAucScore(t, P, { labels: [] }), /^Option 'labels' passed to 'rocAucScore' must be a non-empty array of labels, but got \[\]\.$/);
    throwsInput(() => rocAucScore(t, P, { labels: ['0', '1', '2'] }), /must hold labels of the same kind as yTrue \(numbers\), but contains '0'\.$/);
    throwsInput(() => rocAucScore(t, P, { labels: [0, 1, 1] }), /must not contain duplicates, but got \[0, 1, 1\]\.$/);
    throwsInput(() => rocAucScore([0, 1], [0.5, 0.5, 0.5]), /^Arguments 'yTrue' and 'yScore' passed to 'rocAucScore' must have the same number of samples, but got \[2, 3\]\.$/);
  });
  it('rows summing to 1 within numpy.allclose pass; further off fail', () => {
    const ok = P.map((r) => [r[0]! + 5e-9, r[1]!, r[2]!]);
    close(rocAucScore(t, ok), 0.8420634920634921);
    const off = P.map((r, i) => (i === 3 ? [r[0]! + 2e-5, r[1]!, r[2]!] : r));
    throwsInput(() => rocAucScore(t, off), /row 3 sums to 1\.00002/);
  });
});

describe('regression metrics (scikit-learn 1.2.1)', () => {
  it('values on a second example', () => {
    expect(r2Score([1, 2], [2, 1])).toBe(-3);
    close(r2Score([1, 2, 4], [1.5, 2, 3]), 0.7321428571428571);
    expect(meanAbsoluteError([1, -2, 3], [2, 2, 2])).toBe(2);
    expect(meanSquaredError([1, -2, 3], [2, 2, 2])).toBe(6);
    close(rootMeanSquaredError([1, -2, 3], [2, 2, 2]), 2.449489742783178);
  });
});

describe('confusion matrix options and the names in error messages', () => {
  it("normalize 'all', labels with none of yTrue's, an unknown normalize (scikit-learn 1.2.1)", () => {
    const all = confusionMatrix(['a', 'b', 'a'], ['a', 'a', 'b'], { normalize: 'all' });
    [[1 / 3, 1 / 3], [1 / 3, 0]].forEach((r, i) => r.forEach((v, j) => close(all[i]![j]!, v)));
    // Samples whose predicted label is not listed are not counted.
    expect(confusionMatrix(['a', 'b', 'a'], ['c', 'a', 'a'], { labels: ['a', 'b'] })).toEqual([[1, 0], [1, 0]]);
    throwsInput(() => confusionMatrix(['a', 'b'], ['a', 'b'], { labels: ['c'] }), /^Argument 'labels' passed to 'confusionMatrix' must contain at least one label of yTrue, but got \['c'\]\.$/);
    throwsInput(() => confusionMatrix(['a', 'b'], ['a', 'b'], { normalize: 'rows' as 'all' }), /^Option 'normalize' passed to 'confusionMatrix' must be one of 'true', 'pred', 'all', but got 'rows'\.$/);
  });
  it('each metric names itself when its input is bad', () => {
    throwsInput(() => confusionMatrix([1, 2], [1]), /passed to 'confusionMatrix'/);
    throwsInput(() => balancedAccuracyScore([1, 2], [1]), /passed to 'balancedAccuracyScore'/);
    throwsInput(() => recallScore([1, 2], [1]), /passed to 'recallScore'/);
    throwsInput(() => rootMeanSquaredError([1, 2], [1]), /passed to 'rootMeanSquaredError'/);
    throwsInput(() => meanAbsoluteError([1, 2], [1]), /passed to 'meanAbsoluteError'/);
    throwsInput(() => logLoss([0, 1], [0.5, NaN]), /^Argument 'yProb' passed to 'logLoss'/);
    throwsInput(() => rocAucScore([0, 1], [0.5, NaN]), /^Argument 'yScore' passed to 'rocAucScore'/);
    throwsInput(() => logLoss([0, 1, 0], [0.5, 0.5]), /^Arguments 'yTrue' and 'yProb' passed to 'logLoss' must have the same number of samples/);
  });
  it('log loss clips a certain prediction at 1 − eps too (scikit-learn 1.2.1: 18.021826694558577)', () => {
    close(logLoss([0, 1], [1, 1]), 18.021826694558577, 1e-9);
  });
  it('two rows: R² is defined (one row is NaN)', () => {
    expect(r2Score([1, 3], [1, 3])).toBe(1);
  });
});
