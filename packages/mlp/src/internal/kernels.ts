/**
 * Thin calls of TensorFlow.js kernels, skipping the op layer — and, on the wasm backend, the
 * engine too.
 *
 * For a small network the cost of a training step is per kernel launch, not arithmetic. Each
 * public op (`tf.add`, `tf.fused.matMul`, …) opens and closes an engine scope, converts and
 * checks its arguments, and `tf.fused.matMul` adds three reshapes to rank 3 and a custom-gradient
 * wrapper around its one kernel. This class has two modes:
 *
 * - **engine** (cpu, tensorflow, and any backend under `tf.profile`): kernels run through
 *   `tf.engine().runKernel`; outputs are engine-tracked tensors and {@link Kernels.scope} is
 *   `tf.tidy`.
 * - **direct** (wasm): the backend's registered kernel functions are called as the engine would
 *   call them, without the engine's per-kernel bookkeeping (two kernel look-ups, a scope, a
 *   `Tensor` object and its tracking, tidy's disposal walk). Outputs are the backend's own
 *   `TensorInfo`s; {@link Kernels.scope} records every one created inside it and releases all
 *   but the returned ones through `backend.disposeData` (the backend's reference counts, so a
 *   kernel that returns its input with an extra reference is released correctly). The
 *   engine never sees these tensors: `tf.memory()` does not count them, and the backend's
 *   `numDataIds()` is back to its starting value once the owner frees what it kept.
 *   Reshapes are views (no kernel); splitting θ, concatenating the gradient and appending a row
 *   of ones are copies inside the WebAssembly heap (the wasm `Slice` kernel, which `SplitV`
 *   uses, copies its whole input out of the heap first).
 *
 * Every tensor passed here must be float32 with the shapes the kernel expects: matrices are
 * rank 3 (`[1, rows, cols]`), as the wasm `_FusedMatMul` kernel requires.
 */
import { getKernel, type DataId, type KernelBackend, type NamedTensorInfoMap, type Tensor, type TensorContainer, type TensorInfo } from '@tensorflow/tfjs';
import type { Tf, TfBackendName } from '../backend.js';
import { trainKernels, type AdamConstants, type TrainKernels } from './train-simd.js';

type Attrs = Record<string, unknown>;

/** A tensor handle: an engine `Tensor` (engine mode) or a backend `TensorInfo` (direct mode). */
export type Handle = TensorInfo;

/** Fusable activations (a subset of tfjs's, supported by the cpu, wasm and tensorflow backends). */
export type FusedActivation = 'linear' | 'relu' | 'sigmoid';

/** The parts of tfjs-backend-wasm's `BackendWasm` that direct mode uses (public members of the class). */
interface WasmBackend extends KernelBackend {
  wasm: { HEAPU8: Uint8Array; asm?: Partial<RawExports> & { memory?: unknown } };
  dataIdMap: { get(dataId: DataId): { id: number; memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

/**
 * The wasm module's own exports of the kernels the training loop launches most (the C functions
 * that the backend's kernel functions call through emscripten's `ccall`, which copies each shape
 * array onto the stack per call). Shapes are passed as pointers to int32 arrays in the heap.
 */
interface RawExports {
  /** (aId, aShape*, aRank, bId, bShape*, bRank, transposeA, transposeB, activation, biasId, preluId, leakyreluAlpha, outId) */
  _FusedMatMul: (...args: number[]) => void;
  /** (xId, xShape*, rank, dtype, outId, perm*, permLength) */
  Transpose: (...args: number[]) => void;
  /** Binary ops: (aId, aShape*, aRank, bId, bShape*, bRank, dtype, outId) */
  Multiply: (...args: number[]) => void;
  Sub: (...args: number[]) => void;
  /** (xId, reduceSize, dtype, outId): sums of consecutive runs of reduceSize values */
  Sum: (...args: number[]) => void;
  /** (xId, outId, channels, batch) */
  Softmax: (...args: number[]) => void;
  /** (xId, min, max, outId) */
  ClipByValue: (...args: number[]) => void;
  /** (xId, dtype, outId) */
  Log: (...args: number[]) => void;
  /** (xId, alpha, dtype, outId) */
  Step: (...args: number[]) => void;
  malloc: (bytes: number) => number;
}
const RAW_NAMES = ['_FusedMatMul', 'Transpose', 'Multiply', 'Sub', 'Sum', 'Softmax', 'ClipByValue', 'Log', 'Step', 'malloc'] as const;

/** Must match tfjs-backend-wasm's `FusableActivation` enum (cc/fusable_activations.h). */
const FUSED_ACTIVATION: Record<FusedActivation, number> = { linear: 0, relu: 1, sigmoid: 5 };

/** The SIMD kernels instantiated on each backend memory (once: an instance per fit would cost more than a short fit). */
const simdByMemory = new WeakMap<object, TrainKernels | null>();

/** Per backend: 32 int32s in its heap for the shapes of raw calls (allocated once, never freed: 128 bytes). */
const rawScratch = new WeakMap<KernelBackend, number>();

function isWasmBackend(b: KernelBackend): b is WasmBackend {
  const w = b as Partial<WasmBackend>;
  return (
    typeof w.makeOutput === 'function' &&
    typeof w.dataIdMap?.get === 'function' &&
    w.wasm?.HEAPU8 instanceof Uint8Array &&
    typeof b.write === 'function' &&
    typeof b.readSync === 'function' &&
    typeof b.disposeData === 'function'
  );
}

let directAllowed = true;
let rawAllowed = true;
let simdAllowed = true;

/**
 * Allows or forbids, in direct mode, the training loop's own SIMD kernels (matrix products and
 * Adam's update; tests compare both ways).
 * @returns the previous setting.
 */
export function setSimdKernels(allowed: boolean): boolean {
  const prev = simdAllowed;
  simdAllowed = allowed;
  return prev;
}

/**
 * Allows or forbids, in direct mode, calling the wasm module's kernel exports without the
 * backend's kernel functions (tests compare both).
 * @returns the previous setting.
 */
export function setRawKernels(allowed: boolean): boolean {
  const prev = rawAllowed;
  rawAllowed = allowed;
  return prev;
}

/**
 * Allows or forbids direct mode (tests run the same computation both ways).
 * @returns the previous setting.
 */
export function setDirectKernels(allowed: boolean): boolean {
  const prev = directAllowed;
  directAllowed = allowed;
  return prev;
}

type KernelFn = (params: { inputs: NamedTensorInfoMap | TensorInfo[]; backend: KernelBackend; attrs: Attrs }) => TensorInfo | TensorInfo[];

/** Kernel launchers bound to one tfjs instance and one backend. */
export class Kernels {
  /** True when kernels bypass the engine (wasm, not profiling). */
  readonly direct: boolean;
  readonly #tf: Tf;
  readonly #backend: KernelBackend;
  readonly #wasm: WasmBackend | undefined;
  readonly #fns = new Map<string, KernelFn>();
  readonly #backendName: string;
  /** Direct mode: handles created in the innermost open scope. */
  #arena: TensorInfo[] | undefined;
  #heapBuffer: ArrayBufferLike | undefined;
  #heap: Float32Array<ArrayBufferLike> = new Float32Array(0);
  #heapI32: Int32Array<ArrayBufferLike> = new Int32Array(0);
  #simd: TrainKernels | null | undefined;
  /** Direct mode: the module's raw kernel exports, and the heap address (bytes) of the shape scratch. */
  readonly #raw: RawExports | undefined;
  readonly #scratch: number = 0;

  constructor(tf: Tf, backend: TfBackendName) {
    this.#tf = tf;
    this.#backendName = backend;
    const engine = tf.engine();
    this.#backend = engine.findBackend(backend);
    this.#wasm = backend === 'wasm' && isWasmBackend(this.#backend) ? this.#backend : undefined;
    this.direct = directAllowed && this.#wasm !== undefined && !engine.state.profiling;
    const asm = this.direct ? this.#wasm!.wasm.asm : undefined;
    if (rawAllowed && asm && RAW_NAMES.every((k) => typeof asm[k] === 'function')) {
      this.#raw = asm as RawExports;
      let at = rawScratch.get(this.#backend);
      if (at === undefined) {
        at = this.#raw.malloc(128);
        rawScratch.set(this.#backend, at);
      }
      this.#scratch = at;
    }
  }

  /** True when matMul (linear or ReLU) runs on the loop's own SIMD kernel (`gemm-simd.ts`): direct mode with SIMD. */
  get simdMatMul(): boolean {
    return this.#simdKernels() !== null;
  }

  /**
   * True when matMul (sigmoid, or without SIMD), transpose, mul, sub, sumAll, softmax, clip, log and
   * step call the wasm module's exports directly (direct mode on wasm).
   */
  get rawCalls(): boolean {
    return this.#raw !== undefined;
  }

  /** The backend's integer id of a direct-mode tensor (what the C kernels take). */
  #id(t: TensorInfo): number {
    return this.#wasm!.dataIdMap.get(t.dataId)!.id;
  }

  /** Writes int32 values to the shape scratch at slot `slot` (of 8 ints); returns its byte address. */
  #ints(slot: number, values: readonly number[]): number {
    this.#f32(); // refreshes the views after the heap has grown
    const at = this.#scratch + slot * 32;
    const i32 = this.#heapI32;
    for (let i = 0, j = at >>> 2; i < values.length; i++, j++) i32[j] = values[i]!;
    return at;
  }

  /** A same-shape float32 output from a raw export `run(xId, outId)` (the kernel function's work without its bookkeeping). */
  #rawUnary(x: Handle, run: (xId: number, outId: number) => void): Handle {
    const out = this.#alloc([...x.shape]);
    run(this.#id(x), this.#id(out));
    return out;
  }

  /** A binary op through its raw export when both shapes are equal or `b` is a scalar; else undefined. */
  #rawBinary(name: 'Multiply' | 'Sub', a: Handle, b: Handle): Handle | undefined {
    const raw = this.#raw;
    if (!raw || a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
    const same = a.shape.length === b.shape.length && a.shape.every((v, i) => v === b.shape[i]);
    if (!same && b.shape.length !== 0) return undefined;
    const out = this.#alloc([...a.shape]);
    raw[name](this.#id(a), this.#ints(0, a.shape), a.shape.length, this.#id(b), this.#ints(1, b.shape), b.shape.length, 0, this.#id(out));
    return out;
  }

  #fn(name: string): KernelFn {
    let f = this.#fns.get(name);
    if (!f) {
      const k = getKernel(name, this.#backendName);
      if (!k) throw new Error(`Kernel '${name}' is not registered for backend '${this.#backendName}'.`);
      f = k.kernelFunc as unknown as KernelFn;
      this.#fns.set(name, f);
    }
    return f;
  }

  #record<T extends TensorInfo>(t: T): T {
    this.#arena?.push(t);
    return t;
  }

  #runAll(name: string, inputs: NamedTensorInfoMap | TensorInfo[], attrs: Attrs = {}): TensorInfo | TensorInfo[] {
    if (!this.direct) return this.#tf.engine().runKernel(name, inputs as never, attrs as never) as Tensor | Tensor[];
    const out = this.#fn(name)({ inputs, backend: this.#backend, attrs });
    if (Array.isArray(out)) for (const t of out) this.#record(t);
    else this.#record(out);
    return out;
  }

  #one(name: string, inputs: NamedTensorInfoMap, attrs?: Attrs): Handle {
    return this.#runAll(name, inputs, attrs) as Handle;
  }

  /** The WebAssembly heap as float32 (re-created when the heap has grown). */
  #f32(): Float32Array<ArrayBufferLike> {
    const buf = this.#wasm!.wasm.HEAPU8.buffer;
    if (buf !== this.#heapBuffer) {
      this.#heapBuffer = buf;
      this.#heap = new Float32Array(buf);
      this.#heapI32 = new Int32Array(buf);
    }
    return this.#heap;
  }

  /** Float index of a direct-mode handle's data in the heap. */
  #at(t: TensorInfo): number {
    return this.#wasm!.dataIdMap.get(t.dataId)!.memoryOffset >>> 2;
  }

  #alloc(shape: number[]): TensorInfo {
    return this.#record(this.#wasm!.makeOutput(shape, 'float32'));
  }

  /**
   * Runs `fn` and releases every tensor it created except those in its result (a handle, or an
   * object whose values are handles or undefined). Scopes nest.
   */
  scope<R extends Handle | Record<string, Handle | undefined>>(fn: () => R): R {
    if (!this.direct) return this.#tf.tidy(fn as () => R & TensorContainer);
    const outer = this.#arena;
    const arena: TensorInfo[] = [];
    this.#arena = arena;
    let result: R;
    try {
      result = fn();
    } catch (err) {
      this.#arena = outer;
      for (const t of arena) this.#backend.disposeData(t.dataId);
      throw err;
    }
    this.#arena = outer;
    const kept = new Set<TensorInfo>();
    if ('dataId' in result) kept.add(result as Handle);
    else for (const v of Object.values(result)) if (v) kept.add(v);
    for (const t of arena) {
      if (kept.has(t)) outer?.push(t);
      else this.#backend.disposeData(t.dataId);
    }
    return result;
  }

  /** Releases a tensor created outside any scope (or kept out of one). */
  free(t: Handle): void {
    if (this.direct) this.#backend.disposeData(t.dataId);
    else (t as Tensor).dispose();
  }

  /** A float32 tensor holding a copy of `values`. */
  upload(values: Float32Array, shape: number[]): Handle {
    if (!this.direct) return this.#tf.tensor(values, shape, 'float32');
    const dataId = this.#backend.write(values, shape, 'float32');
    return this.#record({ dataId, shape, dtype: 'float32' });
  }

  /**
   * A float32 tensor of the given shape whose values `write` puts into `dst` from index `at` on
   * (direct mode: straight into the WebAssembly heap, with no intermediate array).
   */
  fill(shape: number[], write: (dst: Float32Array<ArrayBufferLike>, at: number) => void): Handle {
    if (!this.direct) {
      const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
      write(values, 0);
      return this.#tf.tensor(values, shape, 'float32');
    }
    const out = this.#alloc(shape);
    write(this.#f32(), this.#at(out));
    return out;
  }

  scalar(v: number): Handle {
    return this.upload(Float32Array.of(v), []);
  }

  /** The values of a tensor (a copy), synchronously. */
  read(t: Handle): Float32Array {
    if (!this.direct) return (t as Tensor).dataSync() as Float32Array;
    return this.#backend.readSync(t.dataId) as Float32Array; // the wasm backend's readSync copies out of the heap
  }

  /** The first value of a tensor, synchronously (no copy of the rest). */
  readScalar(t: Handle): number {
    if (!this.direct) return (t as Tensor).dataSync()[0]!;
    return this.#f32()[this.#at(t)]!;
  }

  add(a: Handle, b: Handle): Handle {
    return this.#one('Add', { a, b });
  }
  sub(a: Handle, b: Handle): Handle {
    return this.#rawBinary('Sub', a, b) ?? this.#one('Sub', { a, b });
  }
  mul(a: Handle, b: Handle): Handle {
    return this.#rawBinary('Multiply', a, b) ?? this.#one('Multiply', { a, b });
  }
  div(a: Handle, b: Handle): Handle {
    return this.#one('RealDiv', { a, b });
  }
  sqrt(x: Handle): Handle {
    return this.#one('Sqrt', { x });
  }
  square(x: Handle): Handle {
    return this.#one('Square', { x });
  }
  log(x: Handle): Handle {
    if (this.#raw && x.dtype === 'float32') return this.#rawUnary(x, (xId, outId) => this.#raw!.Log(xId, 0, outId));
    return this.#one('Log', { x });
  }
  abs(x: Handle): Handle {
    return this.#one('Abs', { x });
  }
  tanh(x: Handle): Handle {
    return this.#one('Tanh', { x });
  }
  /** 1 where x > 0, else 0. */
  step(x: Handle): Handle {
    if (this.#raw && x.dtype === 'float32') return this.#rawUnary(x, (xId, outId) => this.#raw!.Step(xId, 0, 0, outId));
    return this.#one('Step', { x }, { alpha: 0 });
  }
  clip(x: Handle, lo: number, hi: number): Handle {
    if (this.#raw && x.dtype === 'float32') return this.#rawUnary(x, (xId, outId) => this.#raw!.ClipByValue(xId, lo, hi, outId));
    return this.#one('ClipByValue', { x }, { clipValueMin: lo, clipValueMax: hi });
  }
  /** Softmax over the last axis. */
  softmax(logits: Handle): Handle {
    const channels = logits.shape[logits.shape.length - 1]!;
    const size = logits.shape.reduce((a, b) => a * b, 1);
    if (this.#raw && logits.dtype === 'float32' && size > 0) {
      return this.#rawUnary(logits, (xId, outId) => this.#raw!.Softmax(xId, outId, channels, size / channels));
    }
    return this.#one('Softmax', { logits }, { dim: logits.shape.length - 1 });
  }
  /** Sum over all axes: a scalar. */
  sumAll(x: Handle): Handle {
    const size = x.shape.reduce((a, b) => a * b, 1);
    if (this.#raw && x.dtype === 'float32' && size > 0) {
      const out = this.#alloc([]);
      this.#raw.Sum(this.#id(x), size, 0, this.#id(out));
      return out;
    }
    return this.#one('Sum', { x }, { axis: x.shape.map((_, i) => i), keepDims: false });
  }
  /** Same data, another shape (direct mode: a view, valid while `x` lives; never return one from a scope). */
  reshape(x: Handle, shape: number[]): Handle {
    if (!this.direct) return this.#one('Reshape', { x }, { shape });
    return { dataId: x.dataId, shape, dtype: x.dtype };
  }
  /** Splits a vector into consecutive pieces of the given sizes. */
  split(x: Handle, sizes: number[]): Handle[] {
    if (!this.direct) return this.#runAll('SplitV', { x }, { numOrSizeSplits: sizes, axis: 0 }) as Handle[];
    const outs = sizes.map((s) => this.#alloc([s]));
    const heap = this.#f32();
    let src = this.#at(x);
    for (let i = 0; i < sizes.length; i++) {
      heap.copyWithin(this.#at(outs[i]!), src, src + sizes[i]!);
      src += sizes[i]!;
    }
    return outs;
  }
  /** Concatenates tensors, flattened, into one vector. */
  concat(xs: Handle[]): Handle {
    if (!this.direct) return this.#runAll('Concat', xs.map((x) => this.reshape(x, [-1])), { axis: 0 }) as Handle;
    const sizes = xs.map((x) => x.shape.reduce((a, b) => a * b, 1));
    const out = this.#alloc([sizes.reduce((a, b) => a + b, 0)]);
    const heap = this.#f32();
    let dst = this.#at(out);
    for (let i = 0; i < xs.length; i++) {
      const src = this.#at(xs[i]!);
      heap.copyWithin(dst, src, src + sizes[i]!);
      dst += sizes[i]!;
    }
    return out;
  }
  /** `[1, r, c]` → `[1, r + 1, c]` with a last row of ones. */
  appendOnesRow(x: Handle): Handle {
    const [, r, c] = x.shape as [number, number, number];
    if (!this.direct) return this.#one('PadV2', { x }, { paddings: [[0, 0], [0, 1], [0, 0]], constantValue: 1 });
    const out = this.#alloc([1, r + 1, c]);
    const heap = this.#f32();
    const dst = this.#at(out);
    const src = this.#at(x);
    heap.copyWithin(dst, src, src + r * c);
    heap.fill(1, dst + r * c, dst + (r + 1) * c);
    return out;
  }
  /** `[1, r, c]` → `[1, c, r]`. */
  transpose(x: Handle): Handle {
    const [one, r, c] = x.shape as [number, number, number];
    if (this.#raw && one === 1 && r > 1 && c > 1) {
      // As the kernel function does: the leading 1 dropped, a 2-D transpose.
      const out = this.#alloc([1, c, r]);
      this.#raw.Transpose(this.#id(x), this.#ints(0, [r, c]), 2, 0, this.#id(out), this.#ints(1, [1, 0]), 2);
      return out;
    }
    return this.#one('Transpose', { x }, { perm: [0, 2, 1] });
  }
  /**
   * a·b, or act(a·b + bias), in one kernel. Neither operand is transposed: on the wasm backend a
   * transposed operand leaves XNNPACK's fast path (measured 5–10× slower for 32–200 × 64 × 64
   * products), so callers transpose explicitly, which costs far less. Never pass a tensor whose
   * contents are later overwritten as `b` or `bias`: the wasm backend caches XNNPACK operators
   * (with the packed weights) by their tensor ids.
   */
  matMul(a: Handle, b: Handle, bias?: Handle, activation: FusedActivation = 'linear'): Handle {
    const simd = activation !== 'sigmoid' ? this.#simdKernels() : null;
    if (simd && a.shape.length === 3 && b.shape.length === 3 && a.shape[0] === 1 && b.shape[0] === 1 && a.shape[2] === b.shape[1] && (!bias || bias.shape.length === 1)) {
      const [, m, k] = a.shape as [number, number, number];
      const n = b.shape[2]!;
      const out = this.#alloc([1, m, n]);
      simd.gemm(this.#at(a) << 2, this.#at(b) << 2, this.#at(out) << 2, m, k, n, bias ? this.#at(bias) << 2 : 0, activation === 'relu');
      return out;
    }
    const raw = this.#raw;
    if (raw && a.shape.length === 3 && b.shape.length === 3 && a.shape[0] === 1 && b.shape[0] === 1 && (!bias || bias.shape.length === 1)) {
      const out = this.#alloc([1, a.shape[1]!, b.shape[2]!]);
      raw._FusedMatMul(
        this.#id(a), this.#ints(0, a.shape), 3, this.#id(b), this.#ints(1, b.shape), 3,
        0, 0, FUSED_ACTIVATION[activation], bias ? this.#id(bias) : 0, 0, 0, this.#id(out),
      ); // prettier-ignore
      return out;
    }
    const inputs: NamedTensorInfoMap = bias ? { a, b, bias } : { a, b };
    return this.#one('_FusedMatMul', inputs, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 });
  }

  /**
   * Adam's update in one WebAssembly SIMD pass inside the backend's memory (`train-simd.ts`),
   * bit-identical to the element-wise kernels: direct mode only, and only when the backend's
   * `WebAssembly.Memory` is reachable and the host has SIMD; otherwise false (use the kernels).
   */
  get hasFusedAdam(): boolean {
    return this.#simdKernels() !== null;
  }

  /** The SIMD kernels in the backend's memory (`train-simd.ts`), or null (not direct, no SIMD, memory unreachable). */
  #simdKernels(): TrainKernels | null {
    if (this.#simd === undefined) {
      const memory = this.direct && simdAllowed ? this.#wasm!.wasm.asm?.memory : undefined;
      const Memory = (globalThis as { WebAssembly?: { Memory: new (...a: never[]) => object } }).WebAssembly?.Memory;
      if (memory !== undefined && Memory !== undefined && memory instanceof Memory) {
        let k = simdByMemory.get(memory);
        if (k === undefined) {
          k = trainKernels(memory) ?? null;
          simdByMemory.set(memory, k);
        }
        this.#simd = k;
      } else this.#simd = null;
    }
    return this.#simd;
  }

  /**
   * One Adam step on the flat vectors θ, m, v with gradient g (all `[n]`): m and v in place;
   * returns the new θ, and with `mask` (α/n on weights, 0 on biases) adds the L2 gradient θ·mask
   * to g first and returns the L2 loss terms θ·(θ·mask) as `l2Terms`. Only when {@link hasFusedAdam}.
   */
  fusedAdam(theta: Handle, m: Handle, v: Handle, g: Handle, c: AdamConstants, mask?: Handle): { theta: Handle; l2Terms: Handle | undefined } {
    if (!this.hasFusedAdam) throw new Error('Kernels.fusedAdam: not available on this backend (check hasFusedAdam first).');
    const n = theta.shape[0]!;
    const out = this.#alloc([n]);
    const q = mask ? this.#alloc([n]) : undefined;
    const b = (t: Handle): number => this.#at(t) << 2;
    this.#simd!.adam(b(theta), b(out), b(m), b(v), b(g), n, c, mask ? b(mask) : undefined, q ? b(q) : undefined);
    return { theta: out, l2Terms: q };
  }

  /** Tensors the backend holds (direct mode's tensors are not in `tf.memory()`; tests compare this). */
  numDataIds(): number {
    return this.#backend.numDataIds();
  }
}
