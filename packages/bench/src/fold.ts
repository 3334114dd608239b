/**
 * One fold's data, with preprocessing fitted on that fold's training rows only: imputation when
 * the data has missing values and the model does not take them, one-hot encoding of categorical
 * columns, and standardisation when the model's capabilities ask for it.
 */
import { Matrix, type Capabilities, type Labels } from '@mlcompare/core';
import type { Dataset } from '@mlcompare/datasets';
import type { Split } from './data.js';

/** A fold ready for `fit` and `predict`. */
export interface PreparedFold {
  Xtrain: Matrix;
  Xtest: Matrix;
  ytrain: Labels;
  ytest: Labels;
  /** Applies the fold's fitted preprocessing to other rows in the data's original columns (the boundary grid). */
  transform(X: Matrix): Matrix;
  /** What was applied, in order (`impute`, `one-hot`, `scale`). */
  steps: string[];
}

type Step = (X: Matrix) => Matrix;

function hasNaN(X: Matrix): boolean {
  const d = X.data;
  for (let i = 0; i < d.length; i++) if (d[i] !== d[i]) return true;
  return false;
}

/** Mean (numeric) or most frequent value (categorical) of each training column; NaN ignored. */
function fitImputer(X: Matrix, categorical: boolean[]): Step {
  const fill = new Float64Array(X.cols);
  for (let j = 0; j < X.cols; j++) {
    if (categorical[j]) {
      const counts = new Map<number, number>();
      for (let i = 0; i < X.rows; i++) {
        const v = X.data[i * X.cols + j]!;
        if (v === v) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      let best = 0;
      let bestN = -1;
      for (const [v, n] of counts) if (n > bestN || (n === bestN && v < best)) [best, bestN] = [v, n];
      fill[j] = best;
    } else {
      let s = 0;
      let n = 0;
      for (let i = 0; i < X.rows; i++) {
        const v = X.data[i * X.cols + j]!;
        if (v === v) {
          s += v;
          n++;
        }
      }
      // A column with no value in the training rows carries no information: fill with 0.
      fill[j] = n > 0 ? s / n : 0;
    }
  }
  return (Z) => {
    const out = new Float64Array(Z.data);
    for (let k = 0; k < out.length; k++) if (out[k] !== out[k]) out[k] = fill[k % Z.cols]!;
    return new Matrix(out, Z.rows, Z.cols);
  };
}

/** One-hot encoding of the categorical columns (codes 0..k-1); an unseen or missing code gives all zeros. */
function oneHot(cols: number, categorical: boolean[], sizes: number[]): Step {
  const width = categorical.reduce((w, c, j) => w + (c ? sizes[j]! : 1), 0);
  return (Z) => {
    const out = new Float64Array(Z.rows * width);
    for (let i = 0; i < Z.rows; i++) {
      let o = i * width;
      for (let j = 0; j < cols; j++) {
        const v = Z.data[i * cols + j]!;
        if (categorical[j]) {
          if (Number.isInteger(v) && v >= 0 && v < sizes[j]!) out[o + v] = 1;
          o += sizes[j]!;
        } else {
          out[o++] = v;
        }
      }
    }
    return new Matrix(out, Z.rows, width);
  };
}

/** Standardisation with the training mean and (population) standard deviation; a constant column keeps scale 1. */
function fitScaler(X: Matrix): Step {
  const d = X.cols;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < X.rows; i++) s += X.data[i * d + j]!;
    const m = s / X.rows;
    let v = 0;
    for (let i = 0; i < X.rows; i++) v += (X.data[i * d + j]! - m) ** 2;
    const sd = Math.sqrt(v / X.rows);
    mean[j] = m;
    scale[j] = sd > 0 ? sd : 1;
  }
  return (Z) => {
    const out = new Float64Array(Z.data.length);
    for (let k = 0; k < out.length; k++) {
      const j = k % d;
      out[k] = (Z.data[k]! - mean[j]!) / scale[j]!;
    }
    return new Matrix(out, Z.rows, d);
  };
}

function pick(y: Labels, idx: Int32Array): Labels {
  return Array.from(idx, (i) => y[i]!) as Labels;
}

/**
 * Splits the data and fits the fold's preprocessing on the training rows.
 * @param ds - the whole data set.
 * @param split - the fold's row indices.
 * @param caps - the model's capabilities (`handlesMissing`, `needsScaling`).
 * @returns the fold's matrices and labels, and the fitted transform.
 */
export function prepareFold(ds: Dataset, split: Split, caps: Capabilities): PreparedFold {
  const categorical = ds.featureTypes.map((t) => t === 'categorical');
  const sizes = ds.categories.map((c) => c?.length ?? 0);
  const rawTrain = ds.X.selectRows(split.train);
  const steps: string[] = [];
  const chain: Step[] = [];
  let Xtr = rawTrain;
  const anyCategorical = categorical.some(Boolean);
  if (hasNaN(ds.X) && (!caps.handlesMissing || anyCategorical)) {
    const impute = fitImputer(Xtr, categorical);
    chain.push(impute);
    steps.push('impute');
    Xtr = impute(Xtr);
  }
  if (anyCategorical) {
    const enc = oneHot(ds.X.cols, categorical, sizes);
    chain.push(enc);
    steps.push('one-hot');
    Xtr = enc(Xtr);
  }
  if (caps.needsScaling) {
    const scale = fitScaler(Xtr);
    chain.push(scale);
    steps.push('scale');
    Xtr = scale(Xtr);
  }
  const transform = (X: Matrix): Matrix => chain.reduce((Z, f) => f(Z), X);
  return {
    Xtrain: Xtr,
    Xtest: transform(ds.X.selectRows(split.test)),
    ytrain: pick(ds.y, split.train),
    ytest: pick(ds.y, split.test),
    transform,
    steps,
  };
}
