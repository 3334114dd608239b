/** Type shim for ml-svm 2.1.2 (CommonJS, no types): only the parts mlcompare uses. */
declare module 'ml-svm' {
  /** Options of the SVM constructor. */
  export interface MlSvmOptions {
    C?: number;
    tol?: number;
    alphaTol?: number;
    maxPasses?: number;
    maxIterations?: number;
    kernel?: string;
    kernelOptions?: Record<string, number>;
    random?: () => number;
    whitening?: boolean;
  }
  /** Binary SVM trained by simplified SMO; labels must be -1 / +1. */
  export default class SVM {
    constructor(options?: MlSvmOptions);
    train(features: number[][], labels: number[]): void;
    predict(features: number[][]): number[];
    marginOne(features: number[], noWhitening?: boolean): number;
    toJSON(): Record<string, unknown>;
    static load(model: Record<string, unknown>): SVM;
  }
}
