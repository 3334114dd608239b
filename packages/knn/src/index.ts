/**
 * `@mlcompare/knn`: k-nearest-neighbour classification and regression.
 * @packageDocumentation
 * @module @mlcompare/knn
 */
import type { ModelSpec } from '@mlcompare/core';
import { knnClassifierSpec } from './knn-classifier.js';
import { knnRegressorSpec } from './knn-regressor.js';

export { KNNClassifier, knnClassifierSpec, type KNNClassifierParams } from './knn-classifier.js';
export { KNNRegressor, knnRegressorSpec, type KNNRegressorParams } from './knn-regressor.js';
export { knnParamSpec } from './params.js';
export type { Engine } from './internal/search.js';

/** The registry entries of this package. */
export const models: ModelSpec[] = [knnClassifierSpec, knnRegressorSpec];
