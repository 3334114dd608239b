/**
 * `@mlcompare/knn`: k-nearest-neighbour classification and regression.
 * @packageDocumentation
 */
import type { ModelSpec } from '@mlcompare/core';
import { knnClassifierSpec } from './knn-classifier.js';
import { knnRegressorSpec } from './knn-regressor.js';

export { KNNClassifier, knnClassifierSpec, type KNNClassifierParams } from './knn-classifier.js';
export { KNNRegressor, knnRegressorSpec, type KNNRegressorParams } from './knn-regressor.js';
export { knnParamSpec } from './params.js';
export { AUTO_MAX_TREE_FEATURES, AUTO_MIN_TREE_ROWS, SKLEARN_MAX_TREE_FEATURES } from './internal/search.js';

/** The registry entries of this package. */
export const models: ModelSpec[] = [knnClassifierSpec, knnRegressorSpec];
