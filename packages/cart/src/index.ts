/**
 * `@mlcompare/cart`: CART decision trees (classification and regression), with scikit-learn's
 * best splitter on typed arrays as the default engine and ml-cart selectable.
 * @packageDocumentation
 * @module @mlcompare/cart
 */
import type { ModelSpec } from '@mlcompare/core';
import { decisionTreeClassifierSpec } from './decision-tree-classifier.js';
import { decisionTreeRegressorSpec } from './decision-tree-regressor.js';

export {
  CLASSIFIER_CRITERIA,
  DecisionTreeClassifier,
  decisionTreeClassifierSpec,
  type DecisionTreeClassifierParams,
} from './decision-tree-classifier.js';
export {
  REGRESSOR_CRITERIA,
  DecisionTreeRegressor,
  decisionTreeRegressorSpec,
  type DecisionTreeRegressorParams,
} from './decision-tree-regressor.js';
export type { MaxFeatures } from './internal/common.js';

/** The registry entries of this package: the classifier and the regressor, both named `cart`. */
export const models: ModelSpec[] = [decisionTreeClassifierSpec, decisionTreeRegressorSpec];
