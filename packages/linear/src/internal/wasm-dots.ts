/**
 * A WebAssembly SIMD kernel for the products the L-BFGS objective spends its time in:
 * `out[p·so + q] = Σ_t P[p·sp + t] · Q[q·sq + t]` (dot products between the rows of two
 * row-major matrices), two f64 lanes at a time, 2 × 4 rows per block.
 *
 * The module is assembled here from its opcodes (a few dozen bytes of code; no binary blob,
 * no build step) and compiled once. Every dot product is summed the same way whatever block
 * it falls in: even-indexed and odd-indexed terms in two lanes, then lane 0 + lane 1, then the
 * last term when the length is odd. When WebAssembly SIMD is unavailable, {@link wasmDots}
 * returns undefined and callers use the JavaScript kernels.
 */

import { linearForward } from './kernels.js';

// ---- binary encoding helpers -------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const str = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (l: number) => [0x0c, ...uleb(l)],
  brIf: (l: number) => [0x0d, ...uleb(l)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  mul: [0x6c],
  and: [0x71],
  shl: [0x74],
  shrS: [0x75],
  ltS: [0x48],
  gtS: [0x4a],
  geS: [0x4e],
  f64load: [0x2b, 3, 0],
  f64store: [0x39, 3, 0],
  f64add: [0xa0],
  f64mul: [0xa2],
  v128load: [0xfd, 0x00, 3, 0],
  v128zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f64x2lane: (l: number) => [0xfd, 0x21, l],
  f64x2add: [0xfd, 0xf0, 0x01],
  f64x2mul: [0xfd, 0xf2, 0x01],
};

// ---- the kernel ---------------------------------------------------------------------------

// Parameters: P, np, sp, Q, nq, sq, len, out, so (addresses in bytes, the rest in elements).
const [P, NP, SP, Q, NQ, SQ, LEN, OUT, SO] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
// i32 locals
const [Pi, Qi, T, TEND, SPB, SQB, ODD, LASTB] = [9, 10, 11, 12, 13, 14, 15, 16];
const PA = [17, 18];
const QA = [19, 20, 21, 22];
const N_I32_LOCALS = 14;
// v128 locals: accumulators acc[a][b] (2 × 4), loaded rows x[a] and y[b]
const ACC = [
  [23, 24, 25, 26],
  [27, 28, 29, 30],
];
const X = [31, 32];
const Y = [33, 34, 35, 36];
const N_V128_LOCALS = 14;
// f64 local
const S = 37;

/** One bp × bq block of dot products at rows (Pi, Qi), bp ≤ 2, bq ≤ 4. */
function block(bp: number, bq: number): number[] {
  const c: number[] = [];
  c.push(...op.get(P), ...op.get(Pi), ...op.get(SPB), ...op.mul, ...op.add, ...op.set(PA[0]!));
  for (let a = 1; a < bp; a++) c.push(...op.get(PA[a - 1]!), ...op.get(SPB), ...op.add, ...op.set(PA[a]!));
  c.push(...op.get(Q), ...op.get(Qi), ...op.get(SQB), ...op.mul, ...op.add, ...op.set(QA[0]!));
  for (let b = 1; b < bq; b++) c.push(...op.get(QA[b - 1]!), ...op.get(SQB), ...op.add, ...op.set(QA[b]!));
  for (let a = 0; a < bp; a++) for (let b = 0; b < bq; b++) c.push(...op.v128zero, ...op.set(ACC[a]![b]!));
  c.push(...op.i32(0), ...op.set(T));
  c.push(...op.block, ...op.loop);
  c.push(...op.get(T), ...op.get(TEND), ...op.geS, ...op.brIf(1));
  for (let a = 0; a < bp; a++) c.push(...op.get(PA[a]!), ...op.get(T), ...op.add, ...op.v128load, ...op.set(X[a]!));
  for (let b = 0; b < bq; b++) c.push(...op.get(QA[b]!), ...op.get(T), ...op.add, ...op.v128load, ...op.set(Y[b]!));
  for (let a = 0; a < bp; a++) {
    for (let b = 0; b < bq; b++) {
      c.push(...op.get(ACC[a]![b]!), ...op.get(X[a]!), ...op.get(Y[b]!), ...op.f64x2mul, ...op.f64x2add, ...op.set(ACC[a]![b]!));
    }
  }
  c.push(...op.get(T), ...op.i32(16), ...op.add, ...op.set(T), ...op.br(0));
  c.push(...op.end, ...op.end);
  for (let a = 0; a < bp; a++) {
    for (let b = 0; b < bq; b++) {
      const acc = ACC[a]![b]!;
      c.push(...op.get(acc), ...op.f64x2lane(0), ...op.get(acc), ...op.f64x2lane(1), ...op.f64add, ...op.set(S));
      c.push(...op.get(ODD), ...op.if);
      c.push(...op.get(S), ...op.get(PA[a]!), ...op.get(LASTB), ...op.add, ...op.f64load);
      c.push(...op.get(QA[b]!), ...op.get(LASTB), ...op.add, ...op.f64load, ...op.f64mul, ...op.f64add, ...op.set(S));
      c.push(...op.end);
      // out + (((Pi + a) · so + Qi + b) << 3)
      c.push(...op.get(OUT), ...op.get(Pi), ...op.i32(a), ...op.add, ...op.get(SO), ...op.mul, ...op.get(Qi), ...op.add);
      c.push(...op.i32(b), ...op.add, ...op.i32(3), ...op.shl, ...op.add, ...op.get(S), ...op.f64store);
    }
  }
  return c;
}

/** For the current Pi: q over quads (bp × 4 blocks), then the remaining q one by one (bp × 1). */
function qLoops(bp: number): number[] {
  const c: number[] = [];
  c.push(...op.i32(0), ...op.set(Qi), ...op.block, ...op.loop);
  c.push(...op.get(Qi), ...op.i32(4), ...op.add, ...op.get(NQ), ...op.gtS, ...op.brIf(1));
  c.push(...block(bp, 4));
  c.push(...op.get(Qi), ...op.i32(4), ...op.add, ...op.set(Qi), ...op.br(0), ...op.end, ...op.end);
  c.push(...op.block, ...op.loop);
  c.push(...op.get(Qi), ...op.get(NQ), ...op.geS, ...op.brIf(1));
  c.push(...block(bp, 1));
  c.push(...op.get(Qi), ...op.i32(1), ...op.add, ...op.set(Qi), ...op.br(0), ...op.end, ...op.end);
  return c;
}

function kernelBody(): number[] {
  const c: number[] = [];
  // spB = sp << 3, sqB = sq << 3, odd = len & 1, tEnd = (len >> 1) << 4, lastB = (len − 1) << 3
  c.push(...op.get(SP), ...op.i32(3), ...op.shl, ...op.set(SPB));
  c.push(...op.get(SQ), ...op.i32(3), ...op.shl, ...op.set(SQB));
  c.push(...op.get(LEN), ...op.i32(1), ...op.and, ...op.set(ODD));
  c.push(...op.get(LEN), ...op.i32(1), ...op.shrS, ...op.i32(4), ...op.shl, ...op.set(TEND));
  c.push(...op.get(LEN), ...op.i32(-1), ...op.add, ...op.i32(3), ...op.shl, ...op.set(LASTB));
  // for (p = 0; p + 2 <= np; p += 2) qLoops(2)
  c.push(...op.i32(0), ...op.set(Pi), ...op.block, ...op.loop);
  c.push(...op.get(Pi), ...op.i32(2), ...op.add, ...op.get(NP), ...op.gtS, ...op.brIf(1));
  c.push(...qLoops(2));
  c.push(...op.get(Pi), ...op.i32(2), ...op.add, ...op.set(Pi), ...op.br(0), ...op.end, ...op.end);
  // if (p < np) qLoops(1)
  c.push(...op.get(Pi), ...op.get(NP), ...op.ltS, ...op.if, ...qLoops(1), ...op.end);
  return c;
}

function moduleBytes(): Uint8Array {
  const type = section(1, vec([[0x60, ...vec(new Array(9).fill([I32])), ...vec([])]]));
  const imp = section(2, vec([[...str('env'), ...str('mem'), 0x02, 0x00, ...uleb(1)]]));
  const func = section(3, vec([uleb(0)]));
  const exp = section(7, vec([[...str('dots'), 0x00, ...uleb(0)]]));
  const locals = vec([
    [...uleb(N_I32_LOCALS), I32],
    [...uleb(N_V128_LOCALS), V128],
    [...uleb(1), F64],
  ]);
  const body = [...locals, ...kernelBody(), ...op.end];
  const code = section(10, vec([[...uleb(body.length), ...body]]));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imp, ...func, ...exp, ...code]);
}

// ---- the JavaScript side ------------------------------------------------------------------

// The part of the WebAssembly JS API used here (the workspace's `lib` has no DOM/wasm typings).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

function compile(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = moduleBytes();
    compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A memory with the kernel: allocate Float64Array views in it and run dot products on them. */
export interface WasmDots {
  /** A zeroed view of `length` doubles in the kernel's memory (valid for the life of this object). */
  alloc(length: number): Float64Array;
  /** `out[p·so + q] = Σ_{t<len} P[p·sp + t] · Q[q·sq + t]` for p < np, q < nq; all arrays from {@link WasmDots.alloc}. */
  dots(P: Float64Array, np: number, sp: number, Q: Float64Array, nq: number, sq: number, len: number, out: Float64Array, so: number): void;
}

/**
 * A kernel instance with its own memory of `totalDoubles` doubles (plus alignment slack), or
 * undefined when WebAssembly SIMD is not available here.
 */
export function wasmDots(totalDoubles: number, arrays: number): WasmDots | undefined {
  const mod = compile();
  if (!mod || !wasm) return undefined;
  const bytes = (totalDoubles + 2 * arrays) * 8;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new wasm.Instance(mod, { env: { mem: memory } });
  const fn = instance.exports.dots as (...args: number[]) => void;
  let next = 0;
  return {
    alloc(length: number): Float64Array {
      const view = new Float64Array(memory.buffer, next, length);
      next += Math.ceil((length * 8) / 16) * 16;
      return view;
    },
    dots(Pm, np, sp, Qm, nq, sq, len, out, so): void {
      if (np === 0 || nq === 0) return;
      if (len === 0) {
        for (let p = 0; p < np; p++) for (let q = 0; q < nq; q++) out[p * so + q] = 0;
        return;
      }
      fn(Pm.byteOffset, np, sp, Qm.byteOffset, nq, sq, len, out.byteOffset, so);
    },
  };
}

// ---- decision values for prediction ------------------------------------------------------

/** Rows per chunk when predicting through the kernel (bounded scratch memory). */
const CHUNK = 256;
/** Below this many multiply-adds the JavaScript kernel is as fast (no copy into the kernel's memory). */
const WASM_MIN_WORK = 32768;
let scratch: { dots: WasmDots; A: Float64Array; W: Float64Array; Z: Float64Array } | undefined;

/**
 * `Z = X Wᵀ + b` (n × k) for k rows of weights `W` (k × d) and intercepts `b`; bit-identical
 * to {@link linearForward}, on the WebAssembly kernel (in chunks of 256 rows through a reused
 * scratch memory) when the product is large enough to gain from it.
 */
export function decisionScores(X: Float64Array, n: number, d: number, W: Float64Array, k: number, b: Float64Array): Float64Array {
  const Z = new Float64Array(n * k);
  let useWasm = n * d * k >= WASM_MIN_WORK && d > 0;
  if (useWasm && (!scratch || scratch.A.length < CHUNK * d || scratch.W.length < k * d || scratch.Z.length < CHUNK * k)) {
    // Grow to twice what is needed, so that slightly larger problems reuse it.
    const dots = wasmDots(2 * (CHUNK * d + k * d + CHUNK * k), 3);
    scratch = dots ? { dots, A: dots.alloc(2 * CHUNK * d), W: dots.alloc(2 * k * d), Z: dots.alloc(2 * CHUNK * k) } : undefined;
  }
  if (!scratch) useWasm = false;
  if (useWasm && scratch) {
    const { dots, A, W: Wm, Z: Zm } = scratch;
    Wm.set(W.subarray(0, k * d));
    for (let start = 0; start < n; start += CHUNK) {
      const rows = Math.min(CHUNK, n - start);
      A.set(X.subarray(start * d, (start + rows) * d));
      dots.dots(A, rows, d, Wm, k, d, d, Zm, k);
      Z.set(Zm.subarray(0, rows * k), start * k);
    }
  } else {
    linearForward(X, n, d, W, k, d, false, Z);
  }
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) Z[i * k + c]! += b[c]!;
  return Z;
}
