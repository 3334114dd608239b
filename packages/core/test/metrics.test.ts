// Expected values: scikit-learn 1.2.1 (numpy 1.24.2) via Debian's /usr/bin/python3, computed on the
// same inputs (script: sklearn.metrics.<name>(yTrue, yPred, ...) printed with repr()).
import { describe, expect, it } from 'vitest';
import {
  InputError,
  Matrix,
  accuracyScore,
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

const TOL = 1e-12;
const close = (a: number, b: number, tol = TOL): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);
};

describe('binary labels (scikit-learn 1.2.1)', () => {
  const t = [0, 1, 1, 0, 1, 1, 0, 0, 1, 0];
  const p = [0, 1, 0, 0, 1, 1, 1, 0, 1, 1];
  it('accuracy and balanced accuracy', () => {
    close(accuracyScore(t, p), 0.7);
    expect(accuracyScore(t, p, { normalize: false })).toBe(7);
    close(balancedAccuracyScore(t, p), 0.7);
    close(balancedAccuracyScore(t, p, { adjusted: true }), 0.3999999999999999);
  });
  it('precision, recall and F1 for each average', () => {
    close(precisionScore(t, p), 0.6666666666666666);
    close(precisionScore(t, p, { average: 'macro' }), 0.7083333333333333);
    close(precisionScore(t, p, { average: 'weighted' }), 0.7083333333333333);
    close(precisionScore(t, p, { posLabel: 0 }), 0.75);
    close(recallScore(t, p), 0.8);
    close(recallScore(t, p, { average: 'macro' }), 0.7);
    close(recallScore(t, p, { average: 'weighted' }), 0.7);
    close(recallScore(t, p, { posLabel: 0 }), 0.6);
    close(f1Score(t, p), 0.7272727272727272);
    close(f1Score(t, p, { average: 'macro' }), 0.6969696969696968);
    close(f1Score(t, p, { average: 'weighted' }), 0.6969696969696969);
    close(f1Score(t, p, { posLabel: 0 }), 0.6666666666666665);
  });
  it('accepts typed arrays as labels', () => {
    close(f1Score(Int32Array.from(t), Float64Array.from(p)), 0.7272727272727272);
  });
});

describe('multiclass string labels with a class never predicted (scikit-learn 1.2.1)', () => {
  const t = ['cat', 'dog', 'bird', 'cat', 'dog', 'bird', 'cat'];
  const p = ['cat', 'cat', 'cat', 'cat', 'dog', 'cat', 'dog'];
  it('scores it 0 (zero_division) without crashing', () => {
    close(accuracyScore(t, p), 0.42857142857142855);
    close(balancedAccuracyScore(t, p), 0.38888888888888884);
    close(precisionScore(t, p, { average: 'macro' }), 0.3);
    close(precisionScore(t, p, { average: 'weighted' }), 0.31428571428571433);
    close(recallScore(t, p, { average: 'macro' }), 0.38888888888888884);
    close(recallScore(t, p, { average: 'weighted' }), 0.42857142857142855);
    close(f1Score(t, p, { average: 'macro' }), 0.3333333333333333);
    close(f1Score(t, p, { average: 'weighted' }), 0.35714285714285715);
  });
  it('zeroDivision: 1', () => {
    close(precisionScore(t, p, { average: 'macro', zeroDivision: 1 }), 0.6333333333333333);
    close(precisionScore(t, p, { average: 'weighted', zeroDivision: 1 }), 0.6);
    close(recallScore(t, p, { average: 'macro', zeroDivision: 1 }), 0.38888888888888884);
    close(f1Score(t, p, { average: 'macro', zeroDivision: 1 }), 0.3333333333333333);
    close(f1Score(t, p, { average: 'weighted', zeroDivision: 1 }), 0.35714285714285715);
  });
  it('confusion matrix, normalised and with explicit labels', () => {
    expect(confusionMatrix(t, p)).toEqual([
      [0, 2, 0],
      [0, 2, 1],
      [0, 1, 1],
    ]);
    const nt = confusionMatrix(t, p, { normalize: 'true' });
    const et = [
      [0, 1, 0],
      [0, 0.6666666666666666, 0.3333333333333333],
      [0, 0.5, 0.5],
    ];
    nt.forEach((r, i) => r.forEach((v, j) => close(v, et[i]![j]!)));
    const np = confusionMatrix(t, p, { normalize: 'pred' });
    const ep = [
      [0, 0.4, 0],
      [0, 0.4, 0.5],
      [0, 0.2, 0.5],
    ];
    np.forEach((r, i) => r.forEach((v, j) => close(v, ep[i]![j]!)));
    expect(confusionMatrix(t, p, { labels: ['dog', 'cat'] })).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });
  it("rejects average 'binary' (the default) on a multiclass target", () => {
    expect(() => f1Score(t, p)).toThrow(InputError);
    expect(() => f1Score(t, p)).toThrow(/^Option 'average' passed to 'f1Score' is 'binary' \(the default\), but the target is multiclass/);
  });
  it('rejects the default posLabel 1 for string labels, with a remedy', () => {
    expect(() => precisionScore(['a', 'b'], ['a', 'a'])).toThrow(/^Option 'posLabel' passed to 'precisionScore' must be one of the labels \['a', 'b'\], but got 1 \(the default\)/);
    close(precisionScore(['a', 'b', 'b'], ['a', 'b', 'a'], { posLabel: 'b' }), 1);
  });
});

describe('edge cases (scikit-learn 1.2.1)', () => {
  it('a predicted class absent from yTrue', () => {
    const t = [0, 0, 1, 1, 1];
    const p = [0, 2, 1, 1, 0];
    close(balancedAccuracyScore(t, p), 0.5833333333333333);
    // adjusted: chance is 1/2 (yTrue's classes), not 1/3 (the union with the predicted-only 2).
    close(balancedAccuracyScore(t, p, { adjusted: true }), 0.16666666666666652);
    close(balancedAccuracyScore(['a', 'a', 'b', 'b', 'c', 'c'], ['a', 'd', 'b', 'b', 'd', 'c'], { adjusted: true }), 0.49999999999999994);
    close(f1Score(t, p, { average: 'macro' }), 0.43333333333333335);
    close(precisionScore(t, p, { average: 'weighted' }), 0.8);
  });
  it('generated 5-class problem: scores, log loss and one-vs-rest ROC AUC', () => {
    // Same formulas as the Python script: t[i] = (7i+3) mod 5, p[i] = (i²+1) mod 5 unless i mod 3 = 0.
    const n = 200;
    const t = Array.from({ length: n }, (_, i) => (i * 7 + 3) % 5);
    const p = Array.from({ length: n }, (_, i) => (i % 3 ? (i * i + 1) % 5 : (i * 7 + 3) % 5));
    const raw = Array.from({ length: n }, (_, i) =>
      Array.from({ length: 5 }, (_, j) => ((i * (j + 3) * 37) % 101) / 101 + ((i * 7 + 3) % 5 === j ? 0.5 : 0)),
    );
    const P = raw.map((r) => {
      const s = r.reduce((a, b) => a + b, 0);
      return r.map((v) => v / s);
    });
    close(accuracyScore(t, p), 0.335);
    close(balancedAccuracyScore(t, p), 0.3350000000000001);
    close(precisionScore(t, p, { average: 'macro' }), 0.5448665762098598);
    close(precisionScore(t, p, { average: 'weighted' }), 0.5448665762098598);
    close(recallScore(t, p, { average: 'macro' }), 0.3350000000000001);
    close(recallScore(t, p, { average: 'weighted' }), 0.335);
    close(f1Score(t, p, { average: 'macro' }), 0.3708849268322404);
    close(f1Score(t, p, { average: 'weighted' }), 0.3708849268322404);
    close(logLoss(t, P), 1.0347188879731446);
    // Rows that do not sum to 1 are renormalised (1.2.1 does so silently).
    close(logLoss(t, raw), 1.120919739554851);
    close(rocAucScore(t, P), 0.9430624999999999);
    close(rocAucScore(t, P, { average: 'weighted' }), 0.9430625);
    // The same through a Matrix.
    close(rocAucScore(t, Matrix.fromRows(P)), 0.9430624999999999);
  });
  it('binary scores with ties: ROC AUC and log loss', () => {
    const t = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.0, 1.0, 0.35];
    close(rocAucScore(t, s), 0.86);
    close(rocAucScore(t, s.map((v) => [1 - v, v])), 0.86);
    close(rocAucScore(t.map((v) => (v ? 'y' : 'n')), s), 0.86);
    close(logLoss(t, s), 0.38524116026271316);
    close(logLoss(t, s, { normalize: false }), 3.8524116026271313);
    close(logLoss(t, s.map((v) => [1 - v, v])), 0.38524116026271316);
  });
  it('log loss clips certain wrong predictions at eps = 2^-52 (1.2.1 default)', () => {
    close(logLoss([0, 1, 1], [0, 1, 0]), 12.014551129705717, 1e-9);
    close(logLoss([0, 1, 1], [[1, 0], [0, 1], [1, 0]]), 12.014551129705717, 1e-9);
  });
  it("the 'labels' option when yTrue lacks a class", () => {
    close(logLoss(['a', 'c', 'c', 'a'], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0, 0.5, 0.5], [1, 0, 0]], { labels: ['a', 'b', 'c'] }), 0.631432161077064);
    expect(() => logLoss(['a', 'c', 'c', 'a'], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8], [0, 0.5, 0.5], [1, 0, 0]])).toThrow(
      /^Arguments 'yTrue' and 'yProb' passed to 'logLoss' contain different numbers of classes/,
    );
    const P = [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4], [0.4, 0.2, 0.4], [0.3, 0.4, 0.3]];
    close(rocAucScore([0, 1, 2, 2, 1, 0], P, { labels: [0, 1, 2] }), 0.7916666666666666);
    // scikit-learn raises "Only one class present in y_true" here; so do we, naming the class.
    expect(() => rocAucScore([0, 1, 1, 0], P.slice(0, 4), { labels: [0, 1, 2] })).toThrow(/class 2 does not occur/);
  });
  it('regression metrics (scikit-learn 1.2.1)', () => {
    const t = [3, -0.5, 2, 7, 4.25, 1e3];
    const p = [2.5, 0.0, 2, 8, 4.0, 999.5];
    close(r2Score(t, p), 0.9999978113136243);
    close(meanSquaredError(t, p), 0.3020833333333333);
    close(rootMeanSquaredError(t, p), 0.5496210815947049);
    close(meanAbsoluteError(t, p), 0.4583333333333333);
    expect(r2Score([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(r2Score([2, 2, 2], [2, 2, 3])).toBe(0);
    close(r2Score([1, 2, 3], [3, 2, 1]), -3);
    expect(r2Score([1], [1])).toBeNaN();
  });
});

describe('input validation', () => {
  it('rejects unequal lengths, empty input, NaN and mixed kinds', () => {
    const err = (f: () => unknown, re: RegExp): void => {
      let caught: unknown;
      try {
        f();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as InputError).code).toBe('MLCOMPARE_INPUT');
      expect((caught as Error).message).toMatch(re);
    };
    err(() => accuracyScore([1, 2], [1]), /^Arguments 'yTrue' and 'yPred' passed to 'accuracyScore' must have the same length, but got inconsistent numbers of samples: \[2, 1\]/);
    err(() => accuracyScore([], []), /^Argument 'yTrue' passed to 'accuracyScore' must be a non-empty 1-D array of labels.*empty array/);
    err(() => f1Score([1, NaN], [1, 0]), /^Argument 'yTrue' passed to 'f1Score' .* yTrue\[1\] is NaN/);
    err(() => accuracyScore(['a'], [1]), /^Arguments 'yTrue' and 'yPred' passed to 'accuracyScore' must hold labels of the same kind/);
    err(() => meanSquaredError([1, 2], [1, NaN]), /^Argument 'yPred' passed to 'meanSquaredError' must be a non-empty 1-D array of finite numbers, but yPred\[1\] is NaN/);
    err(() => r2Score([1, 2, 3], [1, 2]), /^Arguments 'yTrue' and 'yPred' passed to 'r2Score' must have the same length/);
    err(() => logLoss([0, 1], [0.5]), /^Arguments 'yTrue' and 'yProb' passed to 'logLoss' must have the same number of samples, but got \[2, 1\]/);
    err(() => logLoss([1, 1], [0.5, 0.2]), /^Argument 'yTrue' passed to 'logLoss' contains only one label \(1\)/);
    err(() => rocAucScore([1, 1], [0.5, 0.2]), /^Argument 'yTrue' passed to 'rocAucScore' contains only one class \(1\)/);
    err(() => rocAucScore([0, 1, 2], [[0.5, 0.5, 0.5], [0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]), /row 0 sums to 1.5/);
    err(() => rocAucScore([0, 1, 2], [0.1, 0.2, 0.3]), /must be an n × k matrix of probabilities for a multiclass target/);
    err(() => rocAucScore([0, 1], [0.1, Infinity]), /yScore\[1\] is Infinity/);
    err(() => f1Score([0, 1], [0, 1], { average: 'micro' as never }), /^Option 'average' passed to 'f1Score' must be one of 'binary', 'macro', 'weighted', but got 'micro'/);
  });
  it('never mutates its inputs', () => {
    const t = [0, 1, 1];
    const s = [[0.3, 0.7], [0, 1], [0.6, 0.4]];
    const copy = JSON.stringify([t, s]);
    logLoss(t, s);
    rocAucScore(t, s);
    expect(JSON.stringify([t, s])).toBe(copy);
  });
});
