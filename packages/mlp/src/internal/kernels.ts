/**
 * Thin calls of TensorFlow.js kernels through `tf.engine().runKernel`, skipping the op layer.
 *
 * For a small network the cost of a training step is per kernel launch, not arithmetic. Each
 * public op (`tf.add`, `tf.fused.matMul`, …) opens and closes an engine scope, converts and
 * checks its arguments, and `tf.fused.matMul` adds three reshapes to rank 3 and a custom-gradient
 * wrapper around its one kernel. Running the kernels directly keeps the engine's bookkeeping
 * (tensors stay tracked: `tf.tidy` and `tf.memory()` see them) and drops the rest. Every tensor
 * passed here must already be float32 with the shapes the kernel expects: matrices are rank 3
 * (`[1, rows, cols]`), as the wasm `_FusedMatMul` kernel requires.
 */
import type { NamedTensorMap, Scalar, Tensor, Tensor1D, Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../backend.js';

type Attrs = Record<string, unknown>;

/** Fusable activations (a subset of tfjs's, supported by the cpu, wasm and tensorflow backends). */
export type FusedActivation = 'linear' | 'relu' | 'sigmoid';

/** Kernel launchers bound to one tfjs instance. */
export class Kernels {
  readonly #run: (name: string, inputs: NamedTensorMap | Tensor[], attrs?: Attrs) => Tensor | Tensor[];

  constructor(tf: Tf) {
    const engine = tf.engine();
    this.#run = (name, inputs, attrs) => engine.runKernel(name, inputs as NamedTensorMap, attrs as never) as Tensor | Tensor[];
  }

  #one<T extends Tensor>(name: string, inputs: NamedTensorMap, attrs?: Attrs): T {
    return this.#run(name, inputs, attrs) as T;
  }

  add<T extends Tensor>(a: T, b: Tensor): T {
    return this.#one('Add', { a, b });
  }
  sub<T extends Tensor>(a: T, b: Tensor): T {
    return this.#one('Sub', { a, b });
  }
  mul<T extends Tensor>(a: T, b: Tensor): T {
    return this.#one('Multiply', { a, b });
  }
  div<T extends Tensor>(a: T, b: Tensor): T {
    return this.#one('RealDiv', { a, b });
  }
  sqrt<T extends Tensor>(x: T): T {
    return this.#one('Sqrt', { x });
  }
  square<T extends Tensor>(x: T): T {
    return this.#one('Square', { x });
  }
  log<T extends Tensor>(x: T): T {
    return this.#one('Log', { x });
  }
  abs<T extends Tensor>(x: T): T {
    return this.#one('Abs', { x });
  }
  tanh<T extends Tensor>(x: T): T {
    return this.#one('Tanh', { x });
  }
  /** 1 where x > 0, else 0. */
  step<T extends Tensor>(x: T): T {
    return this.#one('Step', { x }, { alpha: 0 });
  }
  clip<T extends Tensor>(x: T, lo: number, hi: number): T {
    return this.#one('ClipByValue', { x }, { clipValueMin: lo, clipValueMax: hi });
  }
  /** Softmax over the last axis. */
  softmax<T extends Tensor>(logits: T): T {
    return this.#one('Softmax', { logits }, { dim: logits.rank - 1 });
  }
  /** Sum over all axes. */
  sumAll(x: Tensor): Scalar {
    return this.#one('Sum', { x }, { axis: x.shape.map((_, i) => i), keepDims: false });
  }
  /** Column sums of a `[1, rows, cols]` matrix: a `[cols]` vector. */
  sumRows(x: Tensor3D): Tensor1D {
    return this.#one('Sum', { x }, { axis: [0, 1], keepDims: false });
  }
  slice<T extends Tensor>(x: T, begin: number[], size: number[]): T {
    return this.#one('Slice', { x }, { begin, size });
  }
  reshape<T extends Tensor>(x: Tensor, shape: number[]): T {
    return this.#one('Reshape', { x }, { shape });
  }
  /** Splits a vector into consecutive pieces of the given sizes (one kernel). */
  split(x: Tensor1D, sizes: number[]): Tensor1D[] {
    return this.#run('SplitV', { x }, { numOrSizeSplits: sizes, axis: 0 }) as Tensor1D[];
  }
  /** Concatenates vectors (one kernel). */
  concat(xs: Tensor1D[]): Tensor1D {
    return this.#run('Concat', xs, { axis: 0 }) as Tensor1D;
  }
  /** `[1, r, c]` → `[1, c, r]`. */
  transpose(x: Tensor3D): Tensor3D {
    return this.#one('Transpose', { x }, { perm: [0, 2, 1] });
  }
  /**
   * a·b, or act(a·b + bias), in one kernel. Neither operand is transposed: on the wasm backend a
   * transposed operand leaves XNNPACK's fast path (measured 5–10× slower for 32–200 × 64 × 64
   * products), so callers transpose explicitly, which costs far less.
   */
  matMul(a: Tensor3D, b: Tensor3D, bias?: Tensor1D, activation: FusedActivation = 'linear'): Tensor3D {
    const inputs: NamedTensorMap = bias ? { a, b, bias } : { a, b };
    return this.#one('_FusedMatMul', inputs, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 });
  }
}
