/**
 * The training loop's WebAssembly SIMD kernels, in one module that runs inside tfjs-backend-wasm's
 * own memory: Adam's update (below) and the matrix products of `gemm-simd.ts`.
 *
 * Adam's whole update (with scikit-learn's L2 term) as ONE WebAssembly SIMD pass over the flat
 * parameter vector, run inside tfjs-backend-wasm's own memory.
 *
 * Through tfjs the update is 16 element-wise kernels per step (the L2 gradient, both moments, the
 * step); each launch costs more than its arithmetic for a network this small. This module imports
 * the backend's `WebAssembly.Memory` and computes, for every element i, with the same float32
 * operations in the same order as those kernels (each rounded to float32; IEEE add, sub, mul,
 * div and sqrt are exact-rounded, so the result is bit-identical — a test checks it against the
 * engine path):
 *
 * ```
 * r = θ·mask;  g = g + r;  q = θ·r                  (only with L2: mask holds α/n on weights, 0 on biases)
 * m = m·β₁ + g·(1 − β₁)
 * v = v·β₂ + (g·g)·(1 − β₂)
 * θ' = θ − (m / (√v + ε))·lr_t
 * ```
 *
 * `m` and `v` are updated in place, θ' is written to another tensor (the caller may still hold θ
 * as the best weights so far), and `q` (the L2 loss terms, summed by the caller with tfjs's own
 * `Sum` as before) to a third. Four lanes at a time, then the remaining 0–3 elements one by one
 * with the scalar f32 instructions.
 *
 * Functions `adam(theta, thetaOut, m, v, g, n, b1, ob1, b2, ob2, eps, lr)` and
 * `adamL2(theta, thetaOut, m, v, g, n, b1, ob1, b2, ob2, eps, lr, mask, q)`: addresses in bytes,
 * `n` elements, the six constants as float32 bit patterns (i32).
 */
import { compileSimd, wasmEncoding, wasmOps, type SimdModule, type WasmFunction } from '@mlcompare/core/internal';
import { assembleGemm } from './gemm-simd.js';

const { get, set, i32, simd, I32, V128 } = wasmEncoding;
const { F32, END, BLOCK, LOOP, BR_IF, BR, I32_ADD, I32_SHL, I32_AND, I32_GE_U, F32_REINTERPRET_I32 } = wasmOps;

/** The arithmetic of one lane width: v128 (f32x4) or scalar f32. */
interface Ops {
  load: number[];
  store: number[];
  add: number[];
  sub: number[];
  mul: number[];
  div: number[];
  sqrt: number[];
  /** Bytes per step. */
  width: number;
}
const VEC: Ops = {
  load: [...simd(0), 0, 0], // v128.load, alignment hint 1 (tensors are not guaranteed 16-byte aligned)
  store: [...simd(11), 0, 0],
  add: simd(228),
  sub: simd(229),
  mul: simd(230),
  div: simd(231),
  sqrt: simd(227),
  width: 16,
};
const SCALAR: Ops = {
  load: [0x2a, 2, 0],
  store: [0x38, 2, 0],
  add: [0x92],
  sub: [0x93],
  mul: [0x94],
  div: [0x95],
  sqrt: [0x91],
  width: 4,
};

// Parameters.
const [THETA, THETA_OUT, M, V, G, N, B1, OB1, B2, OB2, EPS, LR, MASK, Q] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

/** Ten consecutive local indices from `b`. */
const ten = (b: number) => [b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9] as const;

function assemble(l2: boolean): WasmFunction {
  const params = l2 ? 14 : 12;
  // i32 locals: i (byte offset), end4 (bytes covered by whole vectors), end (bytes).
  const [I, END4, ENDB] = [params, params + 1, params + 2];
  // v128 locals: the splatted constants, then th, g, r, mm.
  const vb = params + 3;
  const [VB1, VOB1, VB2, VOB2, VEPS, VLR, VTH, VG, VR, VM] = ten(vb);
  // f32 locals: the constants, then th, g, r, mm.
  const fb = vb + 10;
  const [FB1, FOB1, FB2, FOB2, FEPS, FLR, FTH, FG, FR, FM] = ten(fb);
  const at = (base: number): number[] => [...get(base), ...get(I), I32_ADD];

  const element = (o: Ops, vec: boolean): number[] => {
    const [b1, ob1, b2, ob2, eps, lr, th, g, r, mm] = vec
      ? [VB1, VOB1, VB2, VOB2, VEPS, VLR, VTH, VG, VR, VM]
      : [FB1, FOB1, FB2, FOB2, FEPS, FLR, FTH, FG, FR, FM];
    const c: number[] = [];
    c.push(...at(THETA), ...o.load, ...set(th));
    c.push(...at(G), ...o.load, ...set(g));
    if (l2) {
      // r = θ·mask; g = g + r; q = θ·r
      c.push(...get(th), ...at(MASK), ...o.load, ...o.mul, ...set(r));
      c.push(...get(g), ...get(r), ...o.add, ...set(g));
      c.push(...at(Q), ...get(th), ...get(r), ...o.mul, ...o.store);
    }
    // m = m·β₁ + g·(1 − β₁), stored in place
    c.push(...at(M), ...o.load, ...get(b1), ...o.mul, ...get(g), ...get(ob1), ...o.mul, ...o.add, ...set(mm));
    c.push(...at(M), ...get(mm), ...o.store);
    // v = v·β₂ + (g·g)·(1 − β₂), stored in place; kept on the stack as r
    c.push(...at(V), ...o.load, ...get(b2), ...o.mul, ...get(g), ...get(g), ...o.mul, ...get(ob2), ...o.mul, ...o.add, ...set(r));
    c.push(...at(V), ...get(r), ...o.store);
    // θ' = θ − (m / (√v + ε))·lr
    c.push(...at(THETA_OUT), ...get(th), ...get(mm), ...get(r), ...o.sqrt, ...get(eps), ...o.add, ...o.div, ...get(lr), ...o.mul, ...o.sub, ...o.store);
    c.push(...get(I), ...i32(o.width), I32_ADD, ...set(I));
    return c;
  };

  const body: number[] = [];
  // Constants: f32 from their bit patterns, and splatted.
  const consts: Array<[number, number, number]> = [
    [B1, FB1, VB1],
    [OB1, FOB1, VOB1],
    [B2, FB2, VB2],
    [OB2, FOB2, VOB2],
    [EPS, FEPS, VEPS],
    [LR, FLR, VLR],
  ];
  for (const [p, f, v] of consts) {
    body.push(...get(p), F32_REINTERPRET_I32, ...set(f));
    body.push(...get(f), ...simd(19), ...set(v)); // f32x4.splat
  }
  body.push(...get(N), ...i32(2), I32_SHL, ...set(ENDB));
  body.push(...get(ENDB), ...i32(~15), I32_AND, ...set(END4));
  body.push(...i32(0), ...set(I));
  // Whole vectors, then the tail.
  for (const [o, vec, end] of [
    [VEC, true, END4],
    [SCALAR, false, ENDB],
  ] as const) {
    body.push(...BLOCK, ...LOOP);
    body.push(...get(I), ...get(end), I32_GE_U, BR_IF, 1);
    body.push(...element(o, vec));
    body.push(BR, 0, END, END);
  }
  return {
    name: l2 ? 'adamL2' : 'adam',
    params,
    locals: [
      [3, I32],
      [10, V128],
      [10, F32],
    ],
    body,
  };
}

let compiled: SimdModule | null | undefined;

/** The module, compiled once; null when this host has no WebAssembly SIMD. */
function trainModule(): SimdModule | null {
  if (compiled === undefined) {
    const gemms = [false, true].flatMap((bias) => [false, true].map((relu) => assembleGemm(bias, relu)));
    compiled = compileSimd(wasmEncoding.moduleBytes([assemble(false), assemble(true), ...gemms]));
  }
  return compiled;
}

/** Adam's constants for one step, as float32 (the values the tfjs scalars hold). */
export interface AdamConstants {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  epsilon: number;
  /** The bias-corrected step size lr_t of this step. */
  lr: number;
}

/** The kernels bound to one `WebAssembly.Memory` (byte addresses into it). */
export interface TrainKernels {
  /**
   * One Adam step over `n` elements (see the module comment); with `mask` and `q` (both
   * addresses), the L2 term too.
   */
  adam(theta: number, thetaOut: number, m: number, v: number, g: number, n: number, c: AdamConstants, mask?: number, q?: number): void;
  /** C = A·B (+ bias) (then ReLU), row-major, A `m × k`, B `k × n` (see `gemm-simd.ts`); `bias` 0 for none. */
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, bias: number, relu: boolean): void;
}

interface WasmInstanceApi {
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const bits = new Float32Array(1);
const bitsI = new Int32Array(bits.buffer);
const f32bits = (x: number): number => {
  bits[0] = x;
  return bitsI[0]!;
};

/**
 * The kernels running in `memory` (tfjs-backend-wasm's), or undefined when the host has no
 * WebAssembly SIMD or the memory cannot be imported (the caller then uses the tfjs kernels).
 */
export function trainKernels(memory: object): TrainKernels | undefined {
  const mod = trainModule();
  if (!mod) return undefined;
  const api = (globalThis as { WebAssembly?: WasmInstanceApi }).WebAssembly!;
  let exports: Record<string, unknown>;
  try {
    // Fails when the memory does not match the module's import (a shared memory: tfjs's threaded build).
    exports = new api.Instance(mod.compiled, { env: { mem: memory } }).exports;
  } catch {
    return undefined;
  }
  type Fn = (...args: number[]) => void;
  const adam = exports.adam as Fn;
  const adamL2 = exports.adamL2 as Fn;
  const [gemm, gemmRelu, gemmBias, gemmBiasRelu] = [exports.gemm, exports.gemmRelu, exports.gemmBias, exports.gemmBiasRelu] as Fn[];
  return {
    adam(theta, thetaOut, m, v, g, n, c, mask, q) {
      const k = [f32bits(c.beta1), f32bits(c.oneMinusBeta1), f32bits(c.beta2), f32bits(c.oneMinusBeta2), f32bits(c.epsilon), f32bits(c.lr)] as const;
      if (mask !== undefined && q !== undefined) adamL2(theta, thetaOut, m, v, g, n, ...k, mask, q);
      else adam(theta, thetaOut, m, v, g, n, ...k);
    },
    gemm(a, b, c, m, k, n, bias, relu) {
      if (bias === 0) (relu ? gemmRelu! : gemm!)(a, b, c, m, k, n);
      else (relu ? gemmBiasRelu! : gemmBias!)(a, b, c, m, k, n, bias);
    },
  };
}
