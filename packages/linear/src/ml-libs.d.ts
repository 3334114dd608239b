/**
 * Type shims for the two mljs libraries this package wraps (they ship no types).
 * Only what this package calls is declared.
 */
declare module 'ml-regression' {
  import type { Matrix as MlMatrix } from 'ml-matrix';

  /** Options of ml-regression's `MultivariateLinearRegression`. */
  export interface MultivariateLinearRegressionOptions {
    /** Add an intercept column (default true). */
    intercept?: boolean;
    /** Compute standard errors and t statistics (default true; extra work). */
    statistics?: boolean;
  }

  /** Ordinary least squares through the SVD of XᵀX (ml-regression 6.3.0). */
  export class MultivariateLinearRegression {
    constructor(x: ArrayLike<number>[] | MlMatrix, y: number[][] | MlMatrix, options?: MultivariateLinearRegressionOptions);
    /** (d [+ 1]) × outputs; the intercept row is last. */
    weights: number[][];
    inputs: number;
    outputs: number;
    intercept: boolean;
    predict(x: number[][]): number[][];
    predict(x: MlMatrix): MlMatrix;
    toJSON(): unknown;
    static load(model: unknown): MultivariateLinearRegression;
  }
}

declare module 'ml-logistic-regression' {
  import type { Matrix as MlMatrix } from 'ml-matrix';

  /** Options of ml-logistic-regression's model. */
  export interface LogisticRegressionOptions {
    /** Gradient steps per one-vs-all classifier (default 50000). */
    numSteps?: number;
    /** Step size (default 5e-4). */
    learningRate?: number;
  }

  /** One binary classifier of the one-vs-all set. */
  export interface LogisticRegressionTwoClasses {
    /** 1 × d weights (no intercept). */
    weights: MlMatrix;
    /** σ(X wᵀ) for each row: the probability of "not this class" (the library labels its class 0). */
    testScores(features: MlMatrix): number[];
  }

  /** One-vs-all logistic regression by fixed-step gradient descent (ml-logistic-regression 2.0.0). */
  export default class LogisticRegression {
    constructor(options?: LogisticRegressionOptions);
    numberClasses: number;
    classifiers: LogisticRegressionTwoClasses[];
    /** `X` n × d, `Y` an n × 1 column of class codes 0..K-1. */
    train(X: MlMatrix, Y: MlMatrix): void;
    predict(Xtest: MlMatrix): number[];
    toJSON(): unknown;
    static load(model: unknown): LogisticRegression;
  }
}
