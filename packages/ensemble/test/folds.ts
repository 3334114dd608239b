/**
 * The reference folds as matrices, for tests that fit on one fold and inspect the model (not
 * just its score): `referenceData` + core's `foldMatrices` with the reference's StandardScaler
 * fitted on each training fold, as `evaluateFold` prepares them.
 */
import { foldMatrices, type FoldMatrices } from '@mlcompare/core';
import { referenceData } from '@mlcompare/datasets';

/** One reference fold: its scaled matrices and targets, and its row indices into the CSV. */
interface TestFold extends FoldMatrices {
  /** Training rows (indices into the data set). */
  train: Int32Array;
  /** Test rows (indices into the data set). */
  test: Int32Array;
}

/** The five reference folds of a bundled data set, standardised per training fold. */
export async function scaledFolds(name: string): Promise<TestFold[]> {
  const { data, folds } = await referenceData(name);
  return folds.map((fold) => ({ ...foldMatrices(data, fold, { needsScaling: true, handlesMissing: false, probabilities: false }), train: fold.train, test: fold.test }));
}
