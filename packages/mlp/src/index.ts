/**
 * `@mlcompare/mlp`: multilayer perceptrons (classification and regression) trained in TensorFlow.js, on
 * native TensorFlow when `@tensorflow/tfjs-node` loads, else WebAssembly, else pure JavaScript.
 * @packageDocumentation
 * @module @mlcompare/mlp
 */
import type { ModelSpec } from '@mlcompare/core';
import { mlpClassifierSpec } from './mlp-classifier.js';
import { mlpRegressorSpec } from './mlp-regressor.js';

export { MLPClassifier, mlpClassifierSpec, type MLPClassifierParams } from './mlp-classifier.js';
export { MLPRegressor, mlpRegressorSpec, type MLPRegressorParams } from './mlp-regressor.js';
export { mlpParamSpec, type MLPParams } from './params.js';
export { BACKEND_ENV_VAR, backendUnavailableReason, loadTensorFlow, type LoadedTf, type Tf, type TfBackendChoice, type TfBackendName } from './backend.js';

/** The registry entries this package provides. */
export const models: ModelSpec[] = [mlpClassifierSpec, mlpRegressorSpec];
