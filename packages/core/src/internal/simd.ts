/**
 * WebAssembly SIMD for the numeric kernels: the binary-encoding helpers to assemble a module
 * from its opcodes in code (no binary file, no build step, no runtime dependency), compiling it
 * only when the host validates SIMD, and one shared kernel — pairwise dot products between the
 * rows of two row-major matrices — with a JavaScript fallback that sums in the same order and so
 * gives bit-identical results.
 */

import { InputError, formatValue } from '../errors.js';

// ---- binary encoding ----------------------------------------------------------------------

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

const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** One exported function of a module built by {@link wasmEncoding}`.moduleBytes`. */
export interface WasmFunction {
  /** Export name. */
  readonly name: string;
  /** Number of parameters, all i32 (addresses in bytes, counts, strides); no result. */
  readonly params: number;
  /** Local declarations after the parameters: `[count, value type]` runs. */
  readonly locals: ReadonlyArray<readonly [count: number, type: number]>;
  /** The instructions, without the final `end` (added here). */
  readonly body: readonly number[];
}

/**
 * Opcodes (and the memory instructions with their alignment and offset immediates) shared by the
 * modules assembled in code, named as in the WebAssembly text format (`i32.ge_u` is `I32_GE_U`).
 * Loads and stores take their natural alignment and offset 0, except {@link wasmOps}`.I32_LOAD`.
 */
export const wasmOps = {
  /** `block` with no result. */
  BLOCK: [0x02, 0x40],
  /** `loop` with no result. */
  LOOP: [0x03, 0x40],
  /** `if` with no result. */
  IF: [0x04, 0x40],
  /** `end`. */
  END: 0x0b,
  /** `br` (the label follows). */
  BR: 0x0c,
  /** `br_if` (the label follows). */
  BR_IF: 0x0d,
  /** `select`. */
  SELECT: 0x1b,
  /** Value type f32. */
  F32: 0x7d,
  /** `i32.eq`. */
  I32_EQ: 0x46,
  /** `i32.gt_s`. */
  I32_GT_S: 0x4a,
  /** `i32.ge_s`. */
  I32_GE_S: 0x4e,
  /** `i32.ge_u`. */
  I32_GE_U: 0x4f,
  /** `i32.add`. */
  I32_ADD: 0x6a,
  /** `i32.mul`. */
  I32_MUL: 0x6c,
  /** `i32.and`. */
  I32_AND: 0x71,
  /** `i32.shl`. */
  I32_SHL: 0x74,
  /** `i32.shr_u`. */
  I32_SHR_U: 0x76,
  /** `f32.lt`. */
  F32_LT: 0x5d,
  /** `f32.le`. */
  F32_LE: 0x5f,
  /** `f32.add`. */
  F32_ADD: 0x92,
  /** `f32.mul`. */
  F32_MUL: 0x94,
  /** `f32.reinterpret_i32`. */
  F32_REINTERPRET_I32: 0xbe,
  /** `i32.load` at a byte offset below 128. */
  I32_LOAD: (offset: number): number[] => [0x28, 2, offset],
  /** `i32.store`. */
  I32_STORE: [0x36, 2, 0],
  /** `f32.load`. */
  F32_LOAD: [0x2a, 2, 0],
  /** `f32.store`. */
  F32_STORE: [0x38, 2, 0],
} as const;

/** WebAssembly binary-encoding helpers for modules assembled in code. */
export const wasmEncoding = {
  /** Unsigned LEB128 of a non-negative 32-bit integer. */
  uleb,
  /** Signed LEB128 of a 32-bit integer. */
  sleb,
  /** A name: its length then its (ASCII) characters. */
  name,
  /** A vector: its item count then the items' bytes. */
  vec,
  /** A section: its id, its byte length, its body. */
  section,
  /** Value type i32. */
  I32: 0x7f,
  /** Value type f64. */
  F64: 0x7c,
  /** Value type v128. */
  V128: 0x7b,
  /** `local.get i`. */
  get: (i: number): number[] => [0x20, ...uleb(i)],
  /** `local.set i`. */
  set: (i: number): number[] => [0x21, ...uleb(i)],
  /** `local.tee i`. */
  tee: (i: number): number[] => [0x22, ...uleb(i)],
  /** `i32.const v`. */
  i32: (v: number): number[] => [0x41, ...sleb(v)],
  /** A SIMD instruction (prefix 0xfd, then its opcode). */
  simd: (opcode: number): number[] => [0xfd, ...uleb(opcode)],
  /**
   * A whole module: the functions (each its own type, exported under its name) and one memory
   * imported as `env.mem` (see {@link instantiateSimd}).
   * @param functions - the module's functions.
   * @param sharedMaxPages - declare the memory shared with this maximum (in 64 KiB pages): what
   *   worker threads instantiate over one `WebAssembly.Memory({ shared: true })`.
   */
  moduleBytes(functions: readonly WasmFunction[], sharedMaxPages?: number): Uint8Array {
    const types = functions.map((f) => [0x60, ...vec(new Array<number[]>(f.params).fill([0x7f])), ...vec([])]);
    const limits = sharedMaxPages === undefined ? [0x00, ...uleb(1)] : [0x03, ...uleb(1), ...uleb(sharedMaxPages)];
    const imports = [[...name('env'), ...name('mem'), 0x02, ...limits]];
    const funcs = functions.map((_, i) => uleb(i));
    const exports = functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
    const codes = functions.map((f) => {
      const body = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, 0x0b];
      return [...uleb(body.length), ...body];
    });
    return Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, vec(types)),
      ...section(2, vec(imports)),
      ...section(3, vec(funcs)),
      ...section(7, vec(exports)),
      ...section(10, vec(codes)),
    ]); // prettier-ignore
  },
};

// ---- compiling and instantiating ----------------------------------------------------------

/** The memory of an instance from {@link instantiateSimd}. */
export interface SimdMemory {
  /** The current buffer (replaced when the memory grows). */
  readonly buffer: ArrayBuffer;
  /** Grows by `pages` pages of 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
}

/** A module compiled by {@link compileSimd}. */
export interface SimdModule {
  readonly compiled: object;
}

/** An instance from {@link instantiateSimd}: its exports and its own memory. */
export interface SimdInstance {
  readonly exports: Record<string, unknown>;
  readonly memory: SimdMemory;
}

// The part of the WebAssembly JS API used here (the workspace's `lib` has no DOM/wasm typings).
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => SimdMemory;
}
const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * Compiles a module from {@link wasmEncoding}`.moduleBytes`, or returns null when this host has
 * no WebAssembly or does not validate it (no SIMD support).
 */
export function compileSimd(bytes: Uint8Array): SimdModule | null {
  const api = wasmApi();
  try {
    return api !== undefined && api.validate(bytes) ? { compiled: new api.Module(bytes) } : null;
  } catch {
    return null;
  }
}

/**
 * An instance of `module` with a fresh memory of `bytes` bytes (rounded up to whole pages, at
 * least one), or over an existing memory (another instance's: both then read and write the same
 * bytes).
 */
export function instantiateSimd(module: SimdModule, bytes: number | SimdMemory): SimdInstance {
  const api = wasmApi()!;
  const memory = typeof bytes === 'number' ? new api.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) }) : bytes;
  const instance = new api.Instance(module.compiled, { env: { mem: memory } });
  return { exports: instance.exports, memory };
}

// ---- pairwise dot products ----------------------------------------------------------------

const { get, set, i32, I32, F64, V128 } = wasmEncoding;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (l: number) => [0x0c, ...uleb(l)],
  brIf: (l: number) => [0x0d, ...uleb(l)],
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

// Parameters: P, np, sp, Q, nq, sq, len, out, so (addresses in bytes, the rest in elements).
const [P, NP, SP, Q, NQ, SQ, LEN, OUT, SO] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
// i32 locals
const [Pi, Qi, T, TEND, SPB, SQB, ODD, LASTB] = [9, 10, 11, 12, 13, 14, 15, 16];
const PA = [17, 18];
const QA = [19, 20, 21, 22];
// v128 locals: accumulators acc[a][b] (2 × 4), loaded rows x[a] and y[b]
const ACC = [
  [23, 24, 25, 26],
  [27, 28, 29, 30],
];
const X = [31, 32];
const Y = [33, 34, 35, 36];
// f64 local
const S = 37;

/** One bp × bq block of dot products at rows (Pi, Qi), bp ≤ 2, bq ≤ 4. */
function block(bp: number, bq: number): number[] {
  const c: number[] = [];
  c.push(...get(P), ...get(Pi), ...get(SPB), ...op.mul, ...op.add, ...set(PA[0]!));
  for (let a = 1; a < bp; a++) c.push(...get(PA[a - 1]!), ...get(SPB), ...op.add, ...set(PA[a]!));
  c.push(...get(Q), ...get(Qi), ...get(SQB), ...op.mul, ...op.add, ...set(QA[0]!));
  for (let b = 1; b < bq; b++) c.push(...get(QA[b - 1]!), ...get(SQB), ...op.add, ...set(QA[b]!));
  for (let a = 0; a < bp; a++) for (let b = 0; b < bq; b++) c.push(...op.v128zero, ...set(ACC[a]![b]!));
  c.push(...i32(0), ...set(T));
  c.push(...op.block, ...op.loop);
  c.push(...get(T), ...get(TEND), ...op.geS, ...op.brIf(1));
  for (let a = 0; a < bp; a++) c.push(...get(PA[a]!), ...get(T), ...op.add, ...op.v128load, ...set(X[a]!));
  for (let b = 0; b < bq; b++) c.push(...get(QA[b]!), ...get(T), ...op.add, ...op.v128load, ...set(Y[b]!));
  for (let a = 0; a < bp; a++) {
    for (let b = 0; b < bq; b++) {
      c.push(...get(ACC[a]![b]!), ...get(X[a]!), ...get(Y[b]!), ...op.f64x2mul, ...op.f64x2add, ...set(ACC[a]![b]!));
    }
  }
  c.push(...get(T), ...i32(16), ...op.add, ...set(T), ...op.br(0));
  c.push(...op.end, ...op.end);
  for (let a = 0; a < bp; a++) {
    for (let b = 0; b < bq; b++) {
      const acc = ACC[a]![b]!;
      c.push(...get(acc), ...op.f64x2lane(0), ...get(acc), ...op.f64x2lane(1), ...op.f64add, ...set(S));
      c.push(...get(ODD), ...op.if);
      c.push(...get(S), ...get(PA[a]!), ...get(LASTB), ...op.add, ...op.f64load);
      c.push(...get(QA[b]!), ...get(LASTB), ...op.add, ...op.f64load, ...op.f64mul, ...op.f64add, ...set(S));
      c.push(...op.end);
      // out + (((Pi + a) · so + Qi + b) << 3)
      c.push(...get(OUT), ...get(Pi), ...i32(a), ...op.add, ...get(SO), ...op.mul, ...get(Qi), ...op.add);
      c.push(...i32(b), ...op.add, ...i32(3), ...op.shl, ...op.add, ...get(S), ...op.f64store);
    }
  }
  return c;
}

/** For the current Pi: q over quads (bp × 4 blocks), then the remaining q one by one (bp × 1). */
function qLoops(bp: number): number[] {
  const c: number[] = [];
  c.push(...i32(0), ...set(Qi), ...op.block, ...op.loop);
  c.push(...get(Qi), ...i32(4), ...op.add, ...get(NQ), ...op.gtS, ...op.brIf(1));
  c.push(...block(bp, 4));
  c.push(...get(Qi), ...i32(4), ...op.add, ...set(Qi), ...op.br(0), ...op.end, ...op.end);
  c.push(...op.block, ...op.loop);
  c.push(...get(Qi), ...get(NQ), ...op.geS, ...op.brIf(1));
  c.push(...block(bp, 1));
  c.push(...get(Qi), ...i32(1), ...op.add, ...set(Qi), ...op.br(0), ...op.end, ...op.end);
  return c;
}

function dotsBody(): number[] {
  const c: number[] = [];
  // spB = sp << 3, sqB = sq << 3, odd = len & 1, tEnd = (len >> 1) << 4, lastB = (len − 1) << 3
  c.push(...get(SP), ...i32(3), ...op.shl, ...set(SPB));
  c.push(...get(SQ), ...i32(3), ...op.shl, ...set(SQB));
  c.push(...get(LEN), ...i32(1), ...op.and, ...set(ODD));
  c.push(...get(LEN), ...i32(1), ...op.shrS, ...i32(4), ...op.shl, ...set(TEND));
  c.push(...get(LEN), ...i32(-1), ...op.add, ...i32(3), ...op.shl, ...set(LASTB));
  // for (p = 0; p + 2 <= np; p += 2) qLoops(2)
  c.push(...i32(0), ...set(Pi), ...op.block, ...op.loop);
  c.push(...get(Pi), ...i32(2), ...op.add, ...get(NP), ...op.gtS, ...op.brIf(1));
  c.push(...qLoops(2));
  c.push(...get(Pi), ...i32(2), ...op.add, ...set(Pi), ...op.br(0), ...op.end, ...op.end);
  // if (p < np) qLoops(1)
  c.push(...get(Pi), ...get(NP), ...op.ltS, ...op.if, ...qLoops(1), ...op.end);
  return c;
}

let dotsModule: SimdModule | null | undefined;

function dotsCompiled(): SimdModule | null {
  if (dotsModule === undefined) {
    const locals = [
      [14, I32],
      [14, V128],
      [1, F64],
    ] as const;
    dotsModule = compileSimd(wasmEncoding.moduleBytes([{ name: 'dots', params: 9, locals, body: dotsBody() }]));
  }
  return dotsModule;
}

/**
 * `out[p·so + q] = Σ_{t<len} P[p·sp + t] · Q[q·sq + t]` for p < np, q < nq, in plain JavaScript,
 * summed exactly as the SIMD kernel of {@link pairwiseDots} sums: terms with even t and with odd t
 * in two running sums (each starting from 0), then even + odd, then plus the last term when len is
 * odd. Offsets into the arrays: `pOff`, `qOff`, `outOff` (elements).
 */
export function pairwiseDotsJs(
  Pm: Float64Array,
  np: number,
  sp: number,
  Qm: Float64Array,
  nq: number,
  sq: number,
  len: number,
  out: Float64Array,
  so: number,
  pOff = 0,
  qOff = 0,
  outOff = 0,
): void {
  const lenEven = len - (len & 1);
  const odd = (len & 1) === 1;
  const last = len - 1;
  for (let p = 0; p < np; p++) {
    const a = pOff + p * sp;
    const o = outOff + p * so;
    for (let q = 0; q < nq; q++) {
      const b = qOff + q * sq;
      let e = 0;
      let f = 0;
      for (let t = 0; t < lenEven; t += 2) {
        e += Pm[a + t]! * Qm[b + t]!;
        f += Pm[a + t + 1]! * Qm[b + t + 1]!;
      }
      let s = e + f;
      if (odd) s += Pm[a + last]! * Qm[b + last]!;
      out[o + q] = s;
    }
  }
}

/** A memory with the pairwise-dot kernel: allocate views in it and run dot products on them. */
export interface PairwiseDots {
  /** True when the WebAssembly SIMD kernel runs; false for the JavaScript fallback. */
  readonly simd: boolean;
  /**
   * The kernel's WebAssembly memory (the SIMD kernel only): another module instantiated over it
   * ({@link instantiateSimd}) works on the same views in place.
   */
  readonly memory?: SimdMemory;
  /** A zeroed view of `length` doubles in the kernel's memory (valid for the life of this object). */
  alloc(length: number): Float64Array;
  /**
   * `out[p·so + q] = Σ_{t<len} P[p·sp + t] · Q[q·sq + t]` for p < np, q < nq; `P`, `Q`, `out` are
   * views from {@link PairwiseDots.alloc} (P and Q may be the same view). Bit-identical to
   * {@link pairwiseDotsJs}.
   */
  dots(P: Float64Array, np: number, sp: number, Q: Float64Array, nq: number, sq: number, len: number, out: Float64Array, so: number): void;
}

/**
 * A pairwise-dot kernel with its own memory for `totalDoubles` doubles in `arrays` views (each
 * view is 16-byte aligned, hence the slack). On the WebAssembly SIMD kernel when the host has it
 * (`simd` true), otherwise on {@link pairwiseDotsJs} over an ordinary buffer; or pass
 * `requireSimd` to get undefined instead of the fallback.
 */
export function pairwiseDots(totalDoubles: number, arrays: number, requireSimd?: false): PairwiseDots;
export function pairwiseDots(totalDoubles: number, arrays: number, requireSimd: true): PairwiseDots | undefined;
export function pairwiseDots(totalDoubles: number, arrays: number, requireSimd = false): PairwiseDots | undefined {
  if (!Number.isInteger(totalDoubles) || totalDoubles < 0) {
    throw new InputError(`pairwiseDots: totalDoubles must be a non-negative integer, got ${formatValue(totalDoubles)}`);
  }
  if (!Number.isInteger(arrays) || arrays < 0) {
    throw new InputError(`pairwiseDots: arrays must be a non-negative integer, got ${formatValue(arrays)}`);
  }
  const bytes = (totalDoubles + 2 * arrays) * 8;
  const mod = dotsCompiled();
  if (!mod) {
    if (requireSimd) return undefined;
    const buffer = new ArrayBuffer(bytes);
    let next = 0;
    return {
      simd: false,
      alloc(length) {
        const view = new Float64Array(buffer, next, length);
        next += Math.ceil((length * 8) / 16) * 16;
        return view;
      },
      dots: (Pm, np, sp, Qm, nq, sq, len, out, so) => pairwiseDotsJs(Pm, np, sp, Qm, nq, sq, len, out, so),
    };
  }
  const { exports, memory } = instantiateSimd(mod, bytes);
  const fn = exports.dots as (...args: number[]) => void;
  let next = 0;
  return {
    simd: true,
    memory,
    alloc(length) {
      const view = new Float64Array(memory.buffer, next, length);
      next += Math.ceil((length * 8) / 16) * 16;
      return view;
    },
    dots(Pm, np, sp, Qm, nq, sq, len, out, so) {
      if (np === 0 || nq === 0) return;
      if (len === 0) {
        for (let p = 0; p < np; p++) for (let q = 0; q < nq; q++) out[p * so + q] = 0;
        return;
      }
      fn(Pm.byteOffset, np, sp, Qm.byteOffset, nq, sq, len, out.byteOffset, so);
    },
  };
}
