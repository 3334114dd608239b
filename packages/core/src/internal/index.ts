/**
 * `@mlcompare/core/internal`: the kernels and helpers that mlcompare's own packages share, outside
 * the public surface. Nothing here is part of the model contract and any of it may change without
 * notice: the WebAssembly SIMD encoders and the pairwise-dot kernel (used by knn, linear and svm)
 * and scikit-learn's tree random stream (used by cart).
 * @packageDocumentation
 */
export {
  wasmEncoding,
  wasmOps,
  compileSimd,
  instantiateSimd,
  pairwiseDots,
  pairwiseDotsJs,
  type WasmFunction,
  type SimdMemory,
  type SimdModule,
  type SimdInstance,
  type PairwiseDots,
} from './simd.js';
export { sklearnTreeRandom, numpyRandint0, type IntSource } from './sklearn-random.js';
