/** Type shim for libsvm-js 0.2.1 (CommonJS, no types): only the parts mlcompare uses. */
declare module 'libsvm-js' {
  /** Options of the SVM constructor; any other key throws `Error: Bad option`. */
  export interface LibsvmOptions {
    type?: string;
    kernel?: string;
    degree?: number;
    gamma?: number;
    coef0?: number;
    cost?: number;
    nu?: number;
    epsilon?: number;
    cacheSize?: number;
    tolerance?: number;
    shrinking?: boolean;
    probabilityEstimates?: boolean;
    weight?: Record<string, number>;
    quiet?: boolean;
  }
  /** One probability estimate. */
  export interface LibsvmEstimate {
    label: number;
    probability: number;
  }
  /** A libsvm model living in the WASM heap. */
  export interface LibsvmModel {
    /** Pointer to libsvm's `struct svm_model` in the WASM heap (null before training). */
    model: number | null;
    train(samples: ArrayLike<ArrayLike<number>>, labels: ArrayLike<number>): void;
    predictOne(sample: ArrayLike<number>): number;
    predict(samples: ArrayLike<ArrayLike<number>>): number[];
    predictOneProbability(sample: ArrayLike<number>): { prediction: number; estimates: LibsvmEstimate[] };
    getLabels(): number[];
    getSVIndices(): number[];
    serializeModel(): string;
    free(): void;
  }
  /** The SVM class the module's promise resolves to. */
  export interface LibsvmClass {
    new (options?: LibsvmOptions): LibsvmModel;
    load(serialized: string): LibsvmModel;
    readonly SVM_TYPES: { C_SVC: string; NU_SVC: string; ONE_CLASS: string; EPSILON_SVR: string; NU_SVR: string };
    readonly KERNEL_TYPES: { LINEAR: string; POLYNOMIAL: string; RBF: string; SIGMOID: string; PRECOMPUTED: string };
  }
}
