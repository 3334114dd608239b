/**
 * Classification and regression metrics. Every function takes `(yTrue, yPred, options)` and
 * agrees with scikit-learn 1.2.1 on the same inputs (to 1e-9), edge cases included: a class that is
 * never predicted scores 0 (scikit-learn's `zero_division='warn'`, without the warning), a constant
 * target gives R² 1 when predicted perfectly and 0 otherwise.
 *
 * Labels may be strings or numbers (yTrue and yPred of the same kind). Class order, where it matters
 * (confusion matrix rows, probability columns), is the sorted order of numpy's `unique`.
 */
import { InputError, formatValue } from './errors.js';
import { Matrix, uniqueSorted, type Label, type Labels, type LabelsLike, type MatrixLike } from './matrix.js';
import { indexOf, labelPair, targetPair, toScores, unionLabels } from './internal/validate.js';

/** How per-class scores are combined (scikit-learn's `average`). */
export type Average = 'binary' | 'macro' | 'weighted';

/** Options of {@link precisionScore}, {@link recallScore} and {@link f1Score}. */
export interface PrfOptions {
  /**
   * `'binary'`: the score of class `posLabel` only (needs at most two distinct labels);
   * `'macro'`: unweighted mean over the labels; `'weighted'`: mean weighted by each label's support.
   * @defaultValue `'binary'` (as scikit-learn)
   */
  average?: Average;
  /** The positive class for `average: 'binary'`. @defaultValue `1` (as scikit-learn) */
  posLabel?: Label;
  /** Value of a score whose denominator is zero (scikit-learn's `zero_division`, where `'warn'` means 0). @defaultValue `0` */
  zeroDivision?: 0 | 1;
}

/** Scores or probabilities for {@link logLoss} and {@link rocAucScore}. */
export type ScoresLike = MatrixLike | ArrayLike<number>;

const AVERAGES: readonly Average[] = ['binary', 'macro', 'weighted'];

/**
 * Fraction of samples predicted exactly (scikit-learn's `accuracy_score`).
 * @param yTrue - true labels.
 * @param yPred - predicted labels.
 * @param options - `normalize: false` returns the number of correct predictions instead.
 * @returns the accuracy in [0, 1], or the count of correct predictions with `normalize: false`.
 * @throws {@link InputError} for empty, NaN, mixed or unequal-length labels.
 * @example
 * ```ts
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }); // 2
 * ```
 */
export function accuracyScore(yTrue: LabelsLike, yPred: LabelsLike, options: { normalize?: boolean } = {}): number {
  const { t, p } = labelPair(yTrue, yPred, 'accuracyScore');
  let ok = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) ok++;
  return options.normalize === false ? ok : ok / t.length;
}

/**
 * Confusion matrix: entry `[i][j]` counts samples of true class `labels[i]` predicted as `labels[j]`
 * (scikit-learn's `confusion_matrix`).
 * @param yTrue - true labels.
 * @param yPred - predicted labels, paired with `yTrue`.
 * @param options - `labels`: the rows/columns order (default: the sorted labels of both arrays);
 *   `normalize`: divide by row sums (`'true'`), column sums (`'pred'`) or the total (`'all'`), 0 where a sum is 0.
 * @returns a square matrix as nested arrays, counts or (with `normalize`) fractions; samples whose
 *   label is not in `labels` are not counted.
 * @throws {@link InputError} for empty, NaN, mixed or unequal-length labels; `labels` that are empty, of
 *   another kind than yTrue's, with duplicates or with none of yTrue's labels; an unknown `normalize`.
 * @example
 * ```ts
 * confusionMatrix(['a', 'b', 'a'], ['a', 'a', 'a']); // [[2, 0], [1, 0]]
 * confusionMatrix(['a', 'b', 'a'], ['a', 'a', 'a'], { normalize: 'true' }); // [[1, 0], [1, 0]]
 * ```
 */
export function confusionMatrix(
  yTrue: LabelsLike,
  yPred: LabelsLike,
  options: { labels?: Labels; normalize?: 'true' | 'pred' | 'all' } = {},
): number[][] {
  const caller = 'confusionMatrix';
  const { t, p } = labelPair(yTrue, yPred, caller);
  let labels: readonly Label[];
  if (options.labels !== undefined) {
    labels = checkLabelsOption(options.labels, typeof t[0], caller);
    const known = new Set<Label>(labels);
    if (!t.some((v) => known.has(v))) {
      throw new InputError(`Argument 'labels' passed to '${caller}' must contain at least one label of yTrue, but got ${formatValue(options.labels)}.`);
    }
  } else {
    labels = unionLabels(t, p);
  }
  const k = labels.length;
  const idx = indexOf(labels);
  const C = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < t.length; i++) {
    const a = idx.get(t[i]!);
    const b = idx.get(p[i]!);
    if (a !== undefined && b !== undefined) C[a]![b]!++;
  }
  const norm = options.normalize;
  if (norm === undefined) return C;
  if (norm !== 'true' && norm !== 'pred' && norm !== 'all') {
    throw new InputError(`Option 'normalize' passed to '${caller}' must be one of 'true', 'pred', 'all', but got ${formatValue(norm)}.`);
  }
  const k2 = labels.length;
  const rowSums = C.map((r) => r.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: k2 }, (_, j) => C.reduce((s, r) => s + r[j]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  // scikit-learn divides and then maps NaN (0 / 0) to 0.
  return C.map((row, i) =>
    row.map((v, j) => {
      const d = norm === 'all' ? total : norm === 'true' ? rowSums[i]! : colSums[j]!;
      return d === 0 ? 0 : v / d;
    }),
  );
}

/**
 * Mean of per-class recall over the classes present in yTrue (scikit-learn's `balanced_accuracy_score`;
 * classes that appear only in yPred are left out, as scikit-learn does after its warning).
 * @param yTrue - true labels.
 * @param yPred - predicted labels, paired with `yTrue`.
 * @param options - `adjusted: true` rescales so that chance scores 0 and perfect scores 1
 *   (score − 1/k) / (1 − 1/k) with k the classes of yTrue, as scikit-learn's `adjusted=True`.
 * @returns the mean recall over yTrue's classes, in [0, 1] (may be negative when adjusted).
 * @throws {@link InputError} for empty, NaN, mixed or unequal-length labels.
 * @example
 * ```ts
 * balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]); // 0.625
 * ```
 */
export function balancedAccuracyScore(yTrue: LabelsLike, yPred: LabelsLike, options: { adjusted?: boolean } = {}): number {
  const { t, p } = labelPair(yTrue, yPred, 'balancedAccuracyScore');
  const labels = unionLabels(t, p);
  const idx = indexOf(labels);
  const k = labels.length;
  const support = new Float64Array(k);
  const hit = new Float64Array(k);
  for (let i = 0; i < t.length; i++) {
    const a = idx.get(t[i]!)!;
    support[a]!++;
    if (t[i] === p[i]) hit[a]!++;
  }
  const per: number[] = [];
  for (let c = 0; c < k; c++) if (support[c]! > 0) per.push(hit[c]! / support[c]!);
  let score = mean(per);
  if (options.adjusted) {
    const chance = 1 / per.length;
    score -= chance;
    score /= 1 - chance;
  }
  return score;
}

interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** scikit-learn 1.2.1's `precision_recall_fscore_support` with beta = 1 and one `average`. */
function prf(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions, caller: string): Prf {
  const { t, p } = labelPair(yTrue, yPred, caller);
  const average = options.average ?? 'binary';
  if (!AVERAGES.includes(average)) {
    throw new InputError(`Option 'average' passed to '${caller}' must be one of 'binary', 'macro', 'weighted', but got ${formatValue(average)}.`);
  }
  const zd = options.zeroDivision ?? 0;
  if (zd !== 0 && zd !== 1) {
    throw new InputError(`Option 'zeroDivision' passed to '${caller}' must be 0 or 1, but got ${formatValue(zd)}.`);
  }
  const present = unionLabels(t, p);
  let labels: readonly Label[];
  if (average === 'binary') {
    const pos = options.posLabel ?? 1;
    if (present.length > 2) {
      throw new InputError(
        `Option 'average' passed to '${caller}' is 'binary' (the default), but the target is multiclass (labels ${formatValue(present)}). ` +
          `Choose average: 'macro' or 'weighted'.`,
      );
    }
    if (!(present as Label[]).includes(pos) && present.length >= 2) {
      throw new InputError(
        `Option 'posLabel' passed to '${caller}' must be one of the labels ${formatValue(present)}, but got ${formatValue(pos)}` +
          (options.posLabel === undefined ? ' (the default). Pass posLabel to name the positive class.' : '.'),
      );
    }
    labels = [pos];
  } else {
    labels = present;
  }
  const k = labels.length;
  const idx = indexOf(labels);
  const tp = new Float64Array(k);
  const predSum = new Float64Array(k);
  const trueSum = new Float64Array(k);
  for (let i = 0; i < t.length; i++) {
    const a = idx.get(t[i]!);
    const b = idx.get(p[i]!);
    if (a !== undefined) trueSum[a]!++;
    if (b !== undefined) predSum[b]!++;
    if (a !== undefined && t[i] === p[i]) tp[a]!++;
  }
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    precision[c] = predSum[c] === 0 ? zd : tp[c]! / predSum[c]!;
    recall[c] = trueSum[c] === 0 ? zd : tp[c]! / trueSum[c]!;
    const denom = precision[c]! + recall[c]!;
    f[c] = (2 * precision[c]! * recall[c]!) / (denom === 0 ? 1 : denom);
  }
  if (average === 'weighted') {
    let wSum = 0;
    let pSum = 0;
    for (let c = 0; c < k; c++) {
      wSum += trueSum[c]!;
      pSum += predSum[c]!;
    }
    if (wSum === 0) {
      return pSum === 0 ? { precision: zd, recall: zd, f1: zd } : { precision: 0, recall: zd, f1: 0 };
    }
    return { precision: weightedMean(precision, trueSum), recall: weightedMean(recall, trueSum), f1: weightedMean(f, trueSum) };
  }
  return { precision: mean(precision), recall: mean(recall), f1: mean(f) };
}

/**
 * Precision tp / (tp + fp) (scikit-learn's `precision_score`).
 * @param yTrue - true labels.
 * @param yPred - predicted labels, paired with `yTrue`.
 * @param options - `average` (default `'binary'`, which needs at most two labels), `posLabel` (default 1), `zeroDivision`.
 * @returns the precision of `posLabel`, or its macro/weighted mean over the labels, in [0, 1];
 *   `zeroDivision` where nothing was predicted as the class.
 * @throws {@link InputError} for empty, NaN, mixed or unequal-length labels; `average: 'binary'` on
 *   multiclass labels or a `posLabel` that is not a label; an unknown `average` or a `zeroDivision` other than 0 or 1.
 * @example
 * ```ts
 * precisionScore(['a', 'b', 'c', 'a'], ['a', 'b', 'b', 'a'], { average: 'macro' }); // 0.5
 * ```
 */
export function precisionScore(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions = {}): number {
  return prf(yTrue, yPred, options, 'precisionScore').precision;
}

/**
 * Recall tp / (tp + fn) (scikit-learn's `recall_score`).
 * @param yTrue - true labels.
 * @param yPred - predicted labels, paired with `yTrue`.
 * @param options - `average` (default `'binary'`), `posLabel` (default 1), `zeroDivision`.
 * @returns the recall of `posLabel`, or its macro/weighted mean over the labels, in [0, 1];
 *   `zeroDivision` where the class has no true samples.
 * @throws {@link InputError} for empty, NaN, mixed or unequal-length labels; `average: 'binary'` on
 *   multiclass labels or a `posLabel` that is not a label; an unknown `average` or a `zeroDivision` other than 0 or 1.
 * @example
 * ```ts
 * recallScore([0, 1, 1, 0], [0, 1, 0, 0]); // 0.5
 * ```
 */
export function recallScore(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions = {}): number {
  return prf(yTrue, yPred, options, 'recallScore').recall;
}

/**
 * F1, the harmonic mean of precision and recall, 2·P·R / (P + R) per class (scikit-learn's `f1_score`).
 * @param yTrue - true labels.
 * @param yPred - predicted labels, paired with `yTrue`.
 * @param options - `average` (default `'binary'`), `posLabel` (default 1), `zeroDivision`.
 * @returns the F1 of `posLabel`, or the macro/weighted mean of the per-class F1 (not the F1 of the
 *   averaged precision and recall, as scikit-learn), in [0, 1]; 0 where P + R = 0.
 * @throws {@link InputError} for empty, NaN, mixed or unequal-length labels; `average: 'binary'` on
 *   multiclass labels or a `posLabel` that is not a label; an unknown `average` or a `zeroDivision` other than 0 or 1.
 * @example
 * ```ts
 * f1Score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 0.2666…
 * ```
 */
export function f1Score(yTrue: LabelsLike, yPred: LabelsLike, options: PrfOptions = {}): number {
  return prf(yTrue, yPred, options, 'f1Score').f1;
}

/** Options of {@link logLoss} and {@link rocAucScore}. */
export interface ProbaMetricOptions {
  /**
   * All class labels, sorted, naming the probability columns. Needed when yTrue lacks a class
   * (a small test fold). Default: the sorted labels of yTrue.
   */
  labels?: Labels;
}

/**
 * Cross-entropy loss of predicted probabilities (scikit-learn 1.2.1's `log_loss`): probabilities are
 * clipped to [eps, 1 − eps] with eps = 2⁻⁵² (1.2's `eps='auto'` for float64; earlier versions used 1e-15),
 * each row is then renormalised to sum 1, and the mean of −log p(true class) is returned.
 * @param yTrue - true labels.
 * @param yProb - an n × k matrix of probabilities, columns in sorted label order, or for two classes
 *   a 1-D array of the positive (larger) class's probabilities.
 * @param options - `labels` (see {@link ProbaMetricOptions}), `eps` (clipping, in [0, 0.5)), `normalize: false` for the sum.
 * @returns the mean (or, with `normalize: false`, the sum) of −ln p(true class), in nats; ≥ 0, lower is better.
 * @throws {@link InputError} when yTrue has one label and no `labels` are given, `labels` has fewer than
 *   two labels, the column count differs from the number of labels, a label of yTrue is not in `labels`,
 *   `eps` is outside [0, 0.5), or yTrue and yProb have different numbers of rows.
 * @example
 * ```ts
 * logLoss(['spam', 'ham', 'ham', 'spam'], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.21616…
 * ```
 */
export function logLoss(yTrue: LabelsLike, yProb: ScoresLike, options: ProbaMetricOptions & { eps?: number; normalize?: boolean } = {}): number {
  const caller = 'logLoss';
  const { t, classes, s } = probaInputs(yTrue, yProb, options.labels, caller);
  if (classes.length === 1) {
    throw new InputError(
      options.labels === undefined
        ? `Argument 'yTrue' passed to '${caller}' contains only one label (${formatValue(classes[0])}). Provide the true labels explicitly through the 'labels' option.`
        : `Option 'labels' passed to '${caller}' must contain at least two labels, but got ${formatValue(options.labels)}.`,
    );
  }
  const eps = options.eps ?? 2 ** -52;
  if (!(eps >= 0 && eps < 0.5)) throw new InputError(`Option 'eps' passed to '${caller}' must be a number in [0, 0.5), but got ${formatValue(eps)}.`);
  const n = t.length;
  const k = classes.length;
  let P: Matrix;
  if (s.oneD) {
    P = Matrix.zeros(n, 2);
    for (let i = 0; i < n; i++) {
      const q = clip(s.oneD[i]!, eps);
      P.data[2 * i] = 1 - q;
      P.data[2 * i + 1] = q;
    }
  } else {
    const src = s.twoD!;
    if (src.cols === 1) {
      P = Matrix.zeros(n, 2);
      for (let i = 0; i < n; i++) {
        const q = clip(src.data[i]!, eps);
        P.data[2 * i] = 1 - q;
        P.data[2 * i + 1] = q;
      }
    } else {
      P = Matrix.zeros(n, src.cols);
      for (let i = 0; i < src.data.length; i++) P.data[i] = clip(src.data[i]!, eps);
    }
  }
  if (P.cols !== k) {
    throw new InputError(
      options.labels === undefined
        ? `Arguments 'yTrue' and 'yProb' passed to '${caller}' contain different numbers of classes: ${k} labels in yTrue (${formatValue(classes)}) but ${P.cols} probability columns. Provide all the labels through the 'labels' option.`
        : `Argument 'yProb' passed to '${caller}' must have one column per label in 'labels' (${k}), but has ${P.cols}.`,
    );
  }
  const idx = indexOf(classes);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let rowSum = 0;
    for (let j = 0; j < k; j++) rowSum += P.data[i * k + j]!;
    const c = idx.get(t[i]!)!;
    total += -Math.log(P.data[i * k + c]! / rowSum);
  }
  return options.normalize === false ? total : total / n;
}

/**
 * Area under the ROC curve (scikit-learn 1.2.1's `roc_auc_score`), tied scores counted half.
 * Binary: the positive class is the larger of yTrue's two labels, scored by a 1-D array or by the
 * second column of an n × 2 matrix. Multiclass: one-vs-rest (`multi_class='ovr'`), averaged over the
 * classes without (`'macro'`, default) or with (`'weighted'`, by support) weights; rows must be
 * probabilities that sum to 1.
 * @param yTrue - true labels.
 * @param yScore - scores or probabilities (columns in sorted label order).
 * @param options - `labels` (multiclass: all labels, sorted), `average`.
 * @returns the AUC in [0, 1] (0.5 is chance); multiclass, the mean of the one-vs-rest AUCs.
 * @throws {@link InputError} when yTrue has a single class, the columns do not match the labels, a
 *   multiclass `yScore` is 1-D or has rows that do not sum to 1 (numpy.allclose), a class of `labels` is
 *   absent from yTrue, or `average` is unknown.
 * @example
 * ```ts
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * ```
 */
export function rocAucScore(yTrue: LabelsLike, yScore: ScoresLike, options: ProbaMetricOptions & { average?: 'macro' | 'weighted' } = {}): number {
  const caller = 'rocAucScore';
  const { t, s } = probaInputs(yTrue, yScore, undefined, caller);
  const present = uniqueSorted(t);
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted') {
    throw new InputError(`Option 'average' passed to '${caller}' must be 'macro' or 'weighted', but got ${formatValue(average)}.`);
  }
  const multiclass = present.length > 2 || (s.twoD !== undefined && s.twoD.cols > 2);
  if (!multiclass) {
    if (present.length < 2) {
      throw new InputError(`Argument 'yTrue' passed to '${caller}' contains only one class (${formatValue(present[0])}); ROC AUC is not defined in that case.`);
    }
    let score: Float64Array;
    if (s.oneD) score = s.oneD;
    else if (s.twoD!.cols === 1) score = s.twoD!.data;
    else score = s.twoD!.column(1);
    const pos = present[1];
    const isPos = new Uint8Array(t.length);
    for (let i = 0; i < t.length; i++) isPos[i] = t[i] === pos ? 1 : 0;
    return binaryAuc(isPos, score);
  }
  if (s.oneD || s.twoD === undefined) {
    throw new InputError(
      `Argument 'yScore' passed to '${caller}' must be an n × k matrix of probabilities for a multiclass target (labels ${formatValue(present)}), but got a 1-D array.`,
    );
  }
  const P = s.twoD;
  let classes: readonly Label[];
  if (options.labels !== undefined) {
    classes = checkLabelsOption(options.labels, typeof t[0], caller);
    const sorted = uniqueSorted([...classes] as Labels);
    if (sorted.some((v, i) => v !== classes[i])) {
      throw new InputError(`Option 'labels' passed to '${caller}' must be sorted (the column order of yScore), but got ${formatValue(options.labels)}.`);
    }
    if (classes.length !== P.cols) {
      throw new InputError(`Option 'labels' passed to '${caller}' must have one label per column of yScore (${P.cols}), but has ${classes.length}.`);
    }
    const known = new Set<Label>(classes);
    const missing = present.filter((v) => !known.has(v as Label));
    if (missing.length > 0) throw new InputError(`Argument 'yTrue' passed to '${caller}' contains labels not in option 'labels': ${formatValue(missing)}.`);
  } else {
    classes = present;
    if (classes.length !== P.cols) {
      throw new InputError(
        `Argument 'yScore' passed to '${caller}' has ${P.cols} columns but yTrue has ${classes.length} classes (${formatValue(classes)}). Provide all the labels through the 'labels' option.`,
      );
    }
  }
  const k = P.cols;
  for (let i = 0; i < P.rows; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += P.data[i * k + j]!;
    // numpy.allclose(1, sum): |1 − sum| ≤ 1e-8 + 1e-5·|sum|
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new InputError(
        `Argument 'yScore' passed to '${caller}' must hold probabilities that sum to 1 over the classes for a multiclass ROC AUC, but row ${i} sums to ${sum}.`,
      );
    }
  }
  const scores: number[] = [];
  const weights: number[] = [];
  for (let c = 0; c < k; c++) {
    const isPos = new Uint8Array(t.length);
    let npos = 0;
    for (let i = 0; i < t.length; i++) {
      isPos[i] = t[i] === classes[c] ? 1 : 0;
      npos += isPos[i]!;
    }
    if (npos === 0 || npos === t.length) {
      throw new InputError(
        `Argument 'yTrue' passed to '${caller}' must contain both members and non-members of each class for one-vs-rest ROC AUC, but class ${formatValue(classes[c])} ` +
          (npos === 0 ? 'does not occur.' : 'is the only one.'),
      );
    }
    scores.push(binaryAuc(isPos, P.column(c)));
    weights.push(npos);
  }
  return average === 'weighted' ? weightedMean(scores, weights) : mean(scores);
}

/**
 * Coefficient of determination R² (scikit-learn 1.2.1's `r2_score`, `force_finite=True`): a constant
 * yTrue gives 1 when predicted exactly and 0 otherwise; with fewer than two samples R² is not defined
 * and NaN is returned (scikit-learn warns and returns NaN).
 * @param yTrue - true target values.
 * @param yPred - predicted values, paired with `yTrue`.
 * @returns 1 − Σ(y − ŷ)² / Σ(y − ȳ)²: at most 1, 0 for predicting the mean, negative when worse.
 * @throws {@link InputError} for empty, non-finite or unequal-length inputs.
 * @example
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486…
 * ```
 */
export function r2Score(yTrue: LabelsLike, yPred: LabelsLike): number {
  const { t, p } = targetPair(yTrue, yPred, 'r2Score');
  if (t.length < 2) return NaN;
  const m = mean(t);
  let num = 0;
  let den = 0;
  for (let i = 0; i < t.length; i++) {
    num += (t[i]! - p[i]!) ** 2;
    den += (t[i]! - m) ** 2;
  }
  if (den === 0) return num === 0 ? 1 : 0;
  return 1 - num / den;
}

/**
 * Mean squared error (scikit-learn's `mean_squared_error`).
 * @param yTrue - true target values.
 * @param yPred - predicted values, paired with `yTrue`.
 * @returns (1/n)·Σ(y − ŷ)², ≥ 0.
 * @throws {@link InputError} for empty, non-finite or unequal-length inputs.
 * @example
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375
 * ```
 */
export function meanSquaredError(yTrue: LabelsLike, yPred: LabelsLike): number {
  const { t, p } = targetPair(yTrue, yPred, 'meanSquaredError');
  return mseOf(t, p);
}

/**
 * Root mean squared error (scikit-learn 1.2.1's `mean_squared_error(squared=False)`).
 * @param yTrue - true target values.
 * @param yPred - predicted values, paired with `yTrue`.
 * @returns √((1/n)·Σ(y − ŷ)²), in the units of y, ≥ 0.
 * @throws {@link InputError} for empty, non-finite or unequal-length inputs.
 * @example
 * ```ts
 * rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.6123…
 * ```
 */
export function rootMeanSquaredError(yTrue: LabelsLike, yPred: LabelsLike): number {
  const { t, p } = targetPair(yTrue, yPred, 'rootMeanSquaredError');
  return Math.sqrt(mseOf(t, p));
}

/**
 * Mean absolute error (scikit-learn's `mean_absolute_error`).
 * @param yTrue - true target values.
 * @param yPred - predicted values, paired with `yTrue`.
 * @returns (1/n)·Σ|y − ŷ|, in the units of y, ≥ 0.
 * @throws {@link InputError} for empty, non-finite or unequal-length inputs.
 * @example
 * ```ts
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 * ```
 */
export function meanAbsoluteError(yTrue: LabelsLike, yPred: LabelsLike): number {
  const { t, p } = targetPair(yTrue, yPred, 'meanAbsoluteError');
  let s = 0;
  for (let i = 0; i < t.length; i++) s += Math.abs(t[i]! - p[i]!);
  return s / t.length;
}

// ---------------------------------------------------------------------------------------------

function mseOf(t: Float64Array, p: Float64Array): number {
  let s = 0;
  for (let i = 0; i < t.length; i++) s += (t[i]! - p[i]!) ** 2;
  return s / t.length;
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

function weightedMean(a: ArrayLike<number>, w: ArrayLike<number>): number {
  let s = 0;
  let ws = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * w[i]!;
    ws += w[i]!;
  }
  return s / ws;
}

function clip(v: number, eps: number): number {
  return v < eps ? eps : v > 1 - eps ? 1 - eps : v;
}

function checkLabelsOption(labels: unknown, kind: string, caller: string): readonly Label[] {
  if (!Array.isArray(labels) || labels.length === 0) {
    throw new InputError(`Option 'labels' passed to '${caller}' must be a non-empty array of labels, but got ${formatValue(labels)}.`);
  }
  for (const v of labels) {
    if (typeof v !== kind) {
      throw new InputError(`Option 'labels' passed to '${caller}' must hold labels of the same kind as yTrue (${kind}s), but contains ${formatValue(v)}.`);
    }
  }
  if (new Set(labels).size !== labels.length) {
    throw new InputError(`Option 'labels' passed to '${caller}' must not contain duplicates, but got ${formatValue(labels)}.`);
  }
  return labels as Label[];
}

function probaInputs(
  yTrue: LabelsLike,
  yProb: ScoresLike,
  labels: Labels | undefined,
  caller: string,
): { t: Labels; classes: readonly Label[]; s: ReturnType<typeof toScores> } {
  const { t } = labelPair(yTrue, yTrue, caller);
  const s = toScores(yProb, caller === 'rocAucScore' ? 'yScore' : 'yProb', caller);
  if (s.rows !== t.length) {
    throw new InputError(
      `Arguments 'yTrue' and '${caller === 'rocAucScore' ? 'yScore' : 'yProb'}' passed to '${caller}' must have the same number of samples, but got [${t.length}, ${s.rows}].`,
    );
  }
  let classes: readonly Label[];
  if (labels !== undefined) {
    const given = checkLabelsOption(labels, typeof t[0], caller);
    classes = uniqueSorted([...given] as Labels);
    const known = new Set<Label>(classes);
    for (let i = 0; i < t.length; i++) {
      if (!known.has(t[i]!)) {
        throw new InputError(`Argument 'yTrue' passed to '${caller}' contains the label ${formatValue(t[i])} (at ${i}), which is not in option 'labels' ${formatValue(labels)}.`);
      }
    }
  } else {
    classes = uniqueSorted(t);
  }
  return { t, classes, s };
}

/**
 * Binary ROC AUC by the trapezoidal rule over the distinct thresholds (scikit-learn's
 * `_binary_clf_curve` + `auc`). Counts stay integers and the area is divided once at the end,
 * so ties contribute exactly half.
 */
function binaryAuc(isPos: Uint8Array, score: ArrayLike<number>): number {
  const n = isPos.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b]! - score[a]! || a - b);
  let P = 0;
  for (let i = 0; i < n; i++) P += isPos[i]!;
  const N = n - P;
  let area = 0; // in units of (1/N)·(1/P)·½
  let tps = 0;
  let fps = 0;
  let prevT = 0;
  let prevF = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (isPos[i]) tps++;
    else fps++;
    const last = r === n - 1 || score[order[r + 1]!] !== score[i];
    if (last) {
      area += (fps - prevF) * (tps + prevT);
      prevF = fps;
      prevT = tps;
    }
  }
  return area / (2 * N * P);
}
