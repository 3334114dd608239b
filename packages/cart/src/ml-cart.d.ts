/**
 * Type shim for ml-cart 2.1.1 (it ships no types). Only what this package calls is declared.
 */
declare module 'ml-cart' {
  /** Options shared by ml-cart's two trees. */
  export interface MlCartOptions {
    /** 'gini' (classifier) or 'regression' (regressor); the only ones it has. */
    gainFunction?: string;
    /** 'mean' (midpoint of two neighbouring values); the only one it has. */
    splitFunction?: string;
    /** A node with at most this many samples is a leaf (default 3). */
    minNumSamples?: number;
    /** Deepest node depth (default Infinity). */
    maxDepth?: number;
    /** A node splits only when its gain is above this (default 0.01 for the classifier). */
    gainThreshold?: number;
  }

  /** A node of ml-cart's tree (the fields this package reads). */
  export interface MlCartNode {
    left?: MlCartNode;
    right?: MlCartNode;
    splitColumn?: number;
    splitValue?: number;
    gain?: number;
    numberSamples?: number;
    /** Leaf prediction: a 1 × m row of class frequencies (classifier) or the mean (regressor). */
    distribution?: { to1DArray(): number[] } | number;
  }

  /** ml-cart's CART classifier; labels must be integer class indices. */
  export class DecisionTreeClassifier {
    constructor(options?: MlCartOptions);
    root: MlCartNode;
    train(X: number[][], y: number[]): void;
    predict(X: number[][]): number[];
    toJSON(): unknown;
    static load(model: unknown): DecisionTreeClassifier;
  }

  /** ml-cart's CART regressor. */
  export class DecisionTreeRegression {
    constructor(options?: MlCartOptions);
    root: MlCartNode;
    train(X: number[][], y: number[]): void;
    predict(X: number[][]): number[];
    toJSON(): unknown;
    static load(model: unknown): DecisionTreeRegression;
  }
}
