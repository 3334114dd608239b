/**
 * One fold's data, with preprocessing fitted on that fold's training rows only (core's
 * transformers): one-hot encoding of categorical columns, mean imputation when the data has
 * missing values and the model does not take them, and standardisation when the model's
 * capabilities ask for it.
 */
import { OneHotEncoder, SimpleImputer, StandardScaler, type Capabilities, type Labels, type Matrix, type Transformer } from '@mlcompare/core';
import type { Dataset } from '@mlcompare/datasets';
import { hasMissing, type Split } from './data.js';

/** A fold ready for `fit` and `predict`. */
export interface PreparedFold {
  Xtrain: Matrix;
  Xtest: Matrix;
  ytrain: Labels;
  ytest: Labels;
  /** Applies the fold's fitted preprocessing to other rows in the data's original columns (the boundary grid). */
  transform(X: Matrix): Matrix;
  /** What was applied, in order (`one-hot`, `impute`, `scale`). */
  steps: string[];
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
  const categorical: number[] = [];
  ds.featureTypes.forEach((t, j) => {
    if (t === 'categorical') categorical.push(j);
  });
  const steps: Transformer[] = [];
  const names: string[] = [];
  // One-hot first: a missing category becomes an all-zero block, so only numeric NaN remain.
  if (categorical.length > 0) {
    steps.push(new OneHotEncoder({ columns: categorical }));
    names.push('one-hot');
  }
  if (!caps.handlesMissing && hasMissing(ds)) {
    steps.push(new SimpleImputer({ strategy: 'mean' }));
    names.push('impute');
  }
  if (caps.needsScaling) {
    steps.push(new StandardScaler());
    names.push('scale');
  }
  let Xtrain = ds.X.selectRows(split.train);
  for (const step of steps) Xtrain = step.fitTransform(Xtrain);
  const transform = (X: Matrix): Matrix => steps.reduce((Z, step) => step.transform(Z), X);
  return {
    Xtrain,
    Xtest: transform(ds.X.selectRows(split.test)),
    ytrain: pick(ds.y, split.train),
    ytest: pick(ds.y, split.test),
    transform,
    steps: names,
  };
}
