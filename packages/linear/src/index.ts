/**
 * @mlcompare/linear: linear models on typed arrays behind the mlcompare `Model` interface —
 * LinearRegression (least squares or gradient descent), Ridge, LogisticRegression (L-BFGS)
 * and the Perceptron.
 * @packageDocumentation
 * @module @mlcompare/linear
 */
import type { ModelSpec } from '@mlcompare/core';
import { linearRegressionSpec } from './linear-regression.js';
import { logisticRegressionSpec } from './logistic-regression.js';
import { perceptronSpec } from './perceptron.js';
import { ridgeSpec } from './ridge.js';

export { LinearRegression, linearRegressionSpec, type LinearRegressionParams } from './linear-regression.js';
export { Ridge, ridgeSpec, type RidgeParams } from './ridge.js';
export { LogisticRegression, logisticRegressionSpec, type LogisticRegressionParams } from './logistic-regression.js';
export { Perceptron, perceptronSpec, type PerceptronParams } from './perceptron.js';

/** The registry entries of this package. */
export const models: ModelSpec[] = [linearRegressionSpec, ridgeSpec, logisticRegressionSpec, perceptronSpec];
