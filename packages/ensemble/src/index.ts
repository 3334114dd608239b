/**
 * `@mlcompare/ensemble`: tree ensembles — random forests on @mlcompare/cart's tree engine
 * (ml-random-forest selectable) and histogram gradient boosting after scikit-learn's
 * `HistGradientBoosting*`.
 */
import type { ModelSpec } from '@mlcompare/core';
import { gradientBoostingClassifierSpec } from './gradient-boosting-classifier.js';
import { gradientBoostingRegressorSpec } from './gradient-boosting-regressor.js';
import { randomForestClassifierSpec } from './random-forest-classifier.js';
import { randomForestRegressorSpec } from './random-forest-regressor.js';

export {
  FOREST_CLASSIFIER_CRITERIA,
  RandomForestClassifier,
  randomForestClassifierSpec,
  type RandomForestClassifierParams,
} from './random-forest-classifier.js';
export {
  FOREST_REGRESSOR_CRITERIA,
  RandomForestRegressor,
  randomForestRegressorSpec,
  type RandomForestRegressorParams,
} from './random-forest-regressor.js';
export {
  GradientBoostingClassifier,
  gradientBoostingClassifierSpec,
  type GradientBoostingClassifierParams,
} from './gradient-boosting-classifier.js';
export {
  GradientBoostingRegressor,
  gradientBoostingRegressorSpec,
  type GradientBoostingRegressorParams,
} from './gradient-boosting-regressor.js';
export { FOREST_ENGINES, type ForestEngine, type MaxSamples } from './internal/forest.js';

/** The registry entries of this package: the forests (`forest`) and the boosted trees (`boosting`). */
export const models: ModelSpec[] = [
  randomForestClassifierSpec,
  randomForestRegressorSpec,
  gradientBoostingClassifierSpec,
  gradientBoostingRegressorSpec,
];
