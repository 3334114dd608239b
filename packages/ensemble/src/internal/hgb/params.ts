/** The parameters both gradient-boosting models declare identically (scikit-learn 1.2.1's defaults). */
import { bool, float, int, nullValue, oneOf, seedParam, union } from '@mlcompare/core';

/** The parameter declarations shared by the classifier and the regressor. */
export function boostingSpec() {
  return {
    learningRate: float({ default: 0.1, min: 0, minExclusive: true, doc: 'Multiplier of every leaf value (shrinkage).' }),
    maxIter: int({ default: 100, min: 1, doc: 'Boosting iterations (one tree per iteration, or one per class for more than two classes).' }),
    maxLeafNodes: union<number | null>([nullValue(), int({ default: 31, min: 2, doc: 'A leaf count.' })], {
      default: 31,
      doc: 'Most leaves per tree (trees grow leaf-wise, best gain first); null for no limit.',
    }),
    maxDepth: union<number | null>([nullValue(), int({ default: 1, min: 1, doc: 'A depth.' })], {
      default: null,
      doc: 'Deepest level of each tree (the root is level 0); null for no limit.',
    }),
    minSamplesLeaf: int({ default: 20, min: 1, doc: 'Fewest training rows per leaf.' }),
    l2Regularization: float({ default: 0, min: 0, doc: 'L2 penalty on leaf values (added to the hessian sum).' }),
    maxBins: int({ default: 255, min: 2, max: 255, doc: 'Most bins per feature for non-missing values (one more bin always holds missing values).' }),
    earlyStopping: union<'auto' | boolean>([oneOf(['auto'] as const, { default: 'auto', doc: "'auto'" }), bool({ default: false, doc: 'On or off.' })], {
      default: 'auto',
      doc: "Stop when the validation loss stops improving: 'auto' turns it on for more than 10,000 training rows.",
    }),
    validationFraction: union<number | null>(
      [nullValue(), float({ default: 0.1, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'A fraction of the rows.' })],
      { default: 0.1, doc: 'Share of the training rows held out (stratified for classifiers) to decide early stopping; null: decide on the training loss.' },
    ),
    nIterNoChange: int({ default: 10, min: 1, doc: 'Early stopping: iterations without an improvement larger than tol before stopping.' }),
    tol: float({ default: 1e-7, min: 0, doc: 'Early stopping: the smallest improvement of the (negative) loss that counts.' }),
    nJobs: union<number | null>([nullValue(), int({ default: 1, min: 1, max: 256, doc: 'A number of threads.' })], {
      default: null,
      doc: "Threads sharing each node's histograms and split search by features (scikit-learn's OpenMP threads): null, the thread budget (core's threadBudget: every core unless the runner or setThreadBudget says otherwise); 1, the calling thread. Fits of fewer than 4,000 rows use one thread. The trees are the same for any value.",
    }),
    seed: seedParam('Seed of the early-stopping validation split (nothing else is random); without early stopping the fit is deterministic.'),
  };
}
