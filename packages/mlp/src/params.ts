/**
 * The hyper-parameters of {@link MLPClassifier} and {@link MLPRegressor}: scikit-learn's MLP
 * parameters, camelCased, with scikit-learn's defaults, plus `seed` and `backend`.
 */
import { bool, float, int, intArray, oneOf, seedParam, union, type ParamSpecs, type ParamsOf } from '@mlcompare/core';

/** Parameter declarations shared by the MLP classifier and regressor. */
export const mlpParamSpec = {
  hiddenLayerSizes: intArray({ default: [100], min: 1, doc: 'Units in each hidden layer, input side first (scikit-learn hidden_layer_sizes).' }),
  activation: oneOf(['relu', 'tanh', 'logistic', 'identity'] as const, { default: 'relu', doc: 'Activation of the hidden layers.' }),
  solver: oneOf(['adam', 'sgd'] as const, { default: 'adam', doc: "Optimiser: Adam, or SGD with momentum (constant learning rate)." }),
  alpha: float({ default: 1e-4, min: 0, doc: 'L2 penalty: loss += alpha/(2·batch size)·‖W‖² per batch (weights only).' }),
  batchSize: union<'auto' | number>([oneOf(['auto'] as const, { default: 'auto', doc: '' }), int({ default: 200, min: 1, doc: '' })], {
    default: 'auto',
    doc: "Mini-batch size; 'auto' is min(200, n). Larger than n is clipped to n.",
  }),
  learningRateInit: float({ default: 1e-3, min: 0, minExclusive: true, doc: 'Step size of Adam / SGD.' }),
  beta1: float({ default: 0.9, min: 0, max: 1, maxExclusive: true, doc: "Adam's decay of the first moment." }),
  beta2: float({ default: 0.999, min: 0, max: 1, maxExclusive: true, doc: "Adam's decay of the second moment." }),
  epsilon: float({ default: 1e-8, min: 0, minExclusive: true, doc: "Adam's numerical-stability term." }),
  momentum: float({ default: 0.9, min: 0, max: 1, doc: 'SGD momentum.' }),
  nesterovsMomentum: bool({ default: true, doc: "Use Nesterov's momentum (SGD with momentum > 0)." }),
  maxIter: int({ default: 200, min: 1, doc: 'Maximum number of epochs.' }),
  tol: float({ default: 1e-4, min: 0, doc: 'Improvement of the loss (or validation score) that counts as progress.' }),
  nIterNoChange: int({ default: 10, min: 1, doc: 'Training stops after more than this many epochs without progress by tol.' }),
  earlyStopping: bool({ default: false, doc: 'Hold out validationFraction of the data (stratified for classifiers) and stop on its score; keeps the best weights.' }),
  validationFraction: float({ default: 0.1, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'Share of the training data held out when earlyStopping is on.' }),
  shuffle: bool({ default: true, doc: 'Shuffle the samples every epoch.' }),
  seed: seedParam('Seed of the initial weights, the early-stopping split and the shuffles; same seed and backend give the same model.'),
  backend: oneOf(['auto', 'tensorflow', 'wasm', 'cpu'] as const, {
    default: 'auto',
    doc: "TensorFlow.js backend; 'auto' takes MLCOMPARE_TF_BACKEND if set, else tensorflow (tfjs-node) → wasm → cpu.",
  }),
} satisfies ParamSpecs;

/** Parameters of {@link MLPClassifier} and {@link MLPRegressor}. @useDeclaredType */
export type MLPParams = ParamsOf<typeof mlpParamSpec>;
