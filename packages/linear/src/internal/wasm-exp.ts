/**
 * The logistic loss's elementwise passes in WebAssembly, with `exp` and `log1p` computed inside
 * the loop as V8 computes `Math.exp` and `Math.log1p` (V8 11's `src/base/ieee754.cc`: fdlibm's
 * `__ieee754_exp`, with exp(1) answered by `Math.E`, and fdlibm's `log1p` with V8's threshold
 * 0xBFD2BEC4), operation for operation in IEEE double arithmetic. WebAssembly never fuses a
 * multiply and an add, so every result is bit-identical to the `Math` function's
 * (test/wasm-exp.test.ts compares millions of arguments across the whole range bit for bit),
 * and the fitted models do not change; what changes is the cost: V8 calls out of optimised code
 * to its C++ `exp`/`log1p` (about 19 and 11 ns a call here), where these run inline in the loop.
 *
 * The passes take two rows per f64x2 value, both branches of a test computed and chosen by lane
 * masks (a pair with an uncommon lane on the scalar port), and four such pairs at a time with
 * their steps alternating, since one pair's chain of dependent operations leaves the processor
 * waiting. The module also holds the binary gradient's kernel (`backward`), which sums
 * `Rᵀ X` from the rows in the order of core's pairwise-dot kernel over the transposed rows.
 *
 * The module is assembled from its opcodes with core's {@link wasmEncoding} and instantiated over
 * the pairwise-dot kernel's memory (its `memory`), so the passes work on the kernel's views in
 * place. No Node import here: this module is bundled for browsers with the rest of the package.
 */
import { compileSimd, instantiateSimd, wasmEncoding, wasmOps, type SimdMemory, type SimdModule } from '@mlcompare/core/internal';

const { get, set, tee, i32, simd, I32, F64, V128 } = wasmEncoding;
const { BLOCK, LOOP, IF, END, BR, BR_IF, SELECT, I32_ADD, I32_AND, I32_SHL, I32_SHR_U, I32_EQ, I32_GE_S, I32_GT_S, I32_MUL } = wasmOps;

// Opcodes that core's table does not name (f64 and i64 arithmetic, conversions).
const I64 = 0x7e;
const ELSE = 0x05;
const I32_EQZ = 0x45;
const I32_NE = 0x47;
const I32_LT_S = 0x48;
const I32_LE_S = 0x4c;
const I32_SUB = 0x6b;
const I32_OR = 0x72;
const I32_SHR_S = 0x75;
const F64_EQ = 0x61;
const F64_NE = 0x62;
const F64_LT = 0x63;
const F64_GT = 0x64;
const F64_GE = 0x66;
const F64_NEG = 0x9a;
const F64_ADD = 0xa0;
const F64_SUB = 0xa1;
const F64_MUL = 0xa2;
const F64_DIV = 0xa3;
const I64_OR = 0x84;
const I64_AND = 0x83;
const I64_SHL = 0x86;
const I64_SHR_U = 0x88;
const I32_WRAP_I64 = 0xa7;
const I32_TRUNC_F64_S = 0xaa;
const I64_EXTEND_I32_U = 0xad;
const F64_CONVERT_I32_S = 0xb7;
const I64_REINTERPRET_F64 = 0xbd;
const F64_REINTERPRET_I64 = 0xbf;
const F64_LOAD = [0x2b, 3, 0];
const F64_STORE = [0x39, 3, 0];
const F64_LOAD_AT = (offset: number): number[] => [0x2b, 3, offset];
const F64_STORE_AT = (offset: number): number[] => [0x39, 3, offset];
const I32_LOAD = [0x28, 2, 0];
/** `block` / `if` with an f64 result. */
const BLOCK_F64 = [0x02, F64];
const IF_F64 = [0x04, F64];

/** `f64.const v` (little-endian bytes of v). */
function f64(v: number): number[] {
  const b = new Uint8Array(new Float64Array([v]).buffer);
  return [0x44, ...b];
}
/** `i64.const v` (signed LEB128 over 64 bits). */
function i64(v: number | bigint): number[] {
  const out: number[] = [];
  let n = BigInt.asIntN(64, BigInt(v));
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) return [0x42, ...out, b];
    out.push(b | 0x80);
  }
}
const br = (depth: number): number[] => [BR, depth];
const brIf = (depth: number): number[] => [BR_IF, depth];

/** A function's locals, handed out by name and type as the code is written. */
class Locals {
  private readonly i32s: string[] = [];
  private readonly f64s: string[] = [];
  private readonly v128s: string[] = [];
  constructor(private readonly params: number) {}
  /** The index of i32 local `name` (declared on first use). */
  i(name: string): number {
    let at = this.i32s.indexOf(name);
    if (at < 0) at = this.i32s.push(name) - 1;
    return this.params + at;
  }
  /** The index of f64 local `name`, placed after every i32 local (see {@link Locals.declare}). */
  f(name: string): number {
    let at = this.f64s.indexOf(name);
    if (at < 0) at = this.f64s.push(name) - 1;
    return this.params + MAX_I32_LOCALS + at;
  }
  /** The index of v128 local `name`, placed after every i32 and f64 local. */
  v(name: string): number {
    let at = this.v128s.indexOf(name);
    if (at < 0) at = this.v128s.push(name) - 1;
    return this.params + MAX_I32_LOCALS + MAX_F64_LOCALS + at;
  }
  /** The declarations: fixed blocks of i32 and f64 locals, then the v128 ones. */
  declare(): [number, number][] {
    if (this.i32s.length > MAX_I32_LOCALS || this.f64s.length > MAX_F64_LOCALS) throw new Error('wasm-exp: too many locals');
    return [
      [MAX_I32_LOCALS, I32],
      [MAX_F64_LOCALS, F64],
      [Math.max(1, this.v128s.length), V128],
    ];
  }
}
/** Room for the i32 and f64 locals of a function, so that every local's index is known as it is handed out. */
const MAX_I32_LOCALS = 24;
const MAX_F64_LOCALS = 48;

/** The high 32 bits of the f64 on the stack, as an i32. */
const HIGH_WORD = [I64_REINTERPRET_F64, ...i64(32), I64_SHR_U, I32_WRAP_I64];

/**
 * `exp(x)` of the f64 in local `x`, left on the stack: fdlibm's `__ieee754_exp` as V8 has it.
 * Uses (and overwrites) locals prefixed `e.`.
 */
function expInline(L: Locals, x: number): number[] {
  const hx = L.i('e.hx');
  const xsb = L.i('e.xsb');
  const k = L.i('e.k');
  const hi = L.f('e.hi');
  const lo = L.f('e.lo');
  const r = L.f('e.r');
  const t = L.f('e.t');
  const c = L.f('e.c');
  const y = L.f('e.y');
  const twopk = L.f('e.twopk');
  const ln2HI = 6.9314718036912381649e-1;
  const ln2LO = 1.90821492927058770002e-10;
  return [
    ...BLOCK_F64,
    // hx = high word, xsb = its sign bit, hx &= 0x7fffffff
    ...get(x), ...HIGH_WORD, ...tee(hx), ...i32(31), I32_SHR_U, ...set(xsb),
    ...get(hx), ...i32(0x7fffffff), I32_AND, ...set(hx),
    // |x| >= 709.78...: NaN, ±Infinity, overflow, underflow
    ...get(hx), ...i32(0x40862e42), I32_GE_S, ...IF,
    ...get(hx), ...i32(0x7ff00000), I32_GE_S, ...IF,
    ...get(x), ...get(x), F64_NE, ...IF, ...get(x), ...get(x), F64_ADD, ...br(3), END,
    ...get(x), ...f64(0), ...get(xsb), I32_EQZ, SELECT, ...br(2),
    END,
    ...get(x), ...f64(7.09782712893383973096e2), F64_GT, ...IF, ...f64(Infinity), ...br(2), END,
    ...get(x), ...f64(-7.4513321910194110842e2), F64_LT, ...IF, ...f64(0), ...br(2), END,
    END,
    // argument reduction: x = k ln2 + r, r = hi − lo
    ...i32(0), ...set(k),
    ...get(hx), ...i32(0x3fd62e42), I32_GT_S, ...IF,
    ...get(hx), ...i32(0x3ff0a2b2), I32_LT_S, ...IF,
    ...get(x), ...f64(1), F64_EQ, ...IF, ...f64(Math.E), ...br(3), END,
    ...get(x), ...f64(-ln2HI), ...f64(ln2HI), ...get(xsb), SELECT, F64_SUB, ...set(hi),
    ...f64(-ln2LO), ...f64(ln2LO), ...get(xsb), SELECT, ...set(lo),
    ...i32(1), ...get(xsb), ...i32(1), I32_SHL, I32_SUB, ...set(k),
    ELSE,
    ...f64(1.442695040888963387), ...get(x), F64_MUL, ...f64(-0.5), ...f64(0.5), ...get(xsb), SELECT, F64_ADD, I32_TRUNC_F64_S, ...tee(k),
    F64_CONVERT_I32_S, ...set(t),
    ...get(x), ...get(t), ...f64(ln2HI), F64_MUL, F64_SUB, ...set(hi),
    ...get(t), ...f64(ln2LO), F64_MUL, ...set(lo),
    END,
    ...get(hi), ...get(lo), F64_SUB, ...set(r),
    ELSE,
    // |x| < 2^-28: 1 + x
    ...get(hx), ...i32(0x3e300000), I32_LT_S, ...IF, ...f64(1), ...get(x), F64_ADD, ...br(2), END,
    ...get(x), ...set(r),
    END,
    // t = r², twopk = 2^k (2^(k+1000) below k = −1021)
    ...get(r), ...get(r), F64_MUL, ...set(t),
    ...i32(0x3ff00000), ...get(k), ...get(k), ...i32(1000), I32_ADD, ...get(k), ...i32(-1021), I32_GE_S, SELECT, ...i32(20), I32_SHL, I32_ADD,
    I64_EXTEND_I32_U, ...i64(32), I64_SHL, F64_REINTERPRET_I64, ...set(twopk),
    // c = r − t(P1 + t(P2 + t(P3 + t(P4 + t P5))))
    ...get(r), ...get(t),
    ...f64(1.66666666666666019037e-1), ...get(t),
    ...f64(-2.77777777770155933842e-3), ...get(t),
    ...f64(6.61375632143793436117e-5), ...get(t),
    ...f64(-1.6533902205465251539e-6), ...get(t), ...f64(4.13813679705723846039e-8), F64_MUL,
    F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_SUB, ...set(c),
    // k = 0: 1 − ((r c)/(c − 2) − r)
    ...get(k), I32_EQZ, ...IF,
    ...f64(1), ...get(r), ...get(c), F64_MUL, ...get(c), ...f64(2), F64_SUB, F64_DIV, ...get(r), F64_SUB, F64_SUB, ...br(1),
    END,
    // y = 1 − ((lo − (r c)/(2 − c)) − hi)
    ...f64(1), ...get(lo), ...get(r), ...get(c), F64_MUL, ...f64(2), ...get(c), F64_SUB, F64_DIV, F64_SUB, ...get(hi), F64_SUB, F64_SUB, ...set(y),
    ...get(k), ...i32(-1021), I32_GE_S, ...IF_F64,
    ...get(k), ...i32(1024), I32_EQ, ...IF_F64,
    ...get(y), ...f64(2), F64_MUL, ...f64(8.988465674311579539e307), F64_MUL,
    ELSE,
    ...get(y), ...get(twopk), F64_MUL,
    END,
    ELSE,
    ...get(y), ...get(twopk), F64_MUL, ...f64(9.3326361850321887899e-302), F64_MUL,
    END,
    END,
  ]; // prettier-ignore
}

/** The f64 in local `u` with its high word replaced by the i32 that `high` leaves on the stack. */
function withHighWord(u: number, high: number[]): number[] {
  return [
    ...get(u), I64_REINTERPRET_F64, ...i64(0xffffffff), I64_AND,
    ...high, I64_EXTEND_I32_U, ...i64(32), I64_SHL, I64_OR, F64_REINTERPRET_I64,
  ]; // prettier-ignore
}

/**
 * `log1p(x)` of the f64 in local `x`, left on the stack: fdlibm's `log1p` as V8 11 has it.
 * Uses (and overwrites) locals prefixed `l.`.
 */
function log1pInline(L: Locals, x: number): number[] {
  const hx = L.i('l.hx');
  const ax = L.i('l.ax');
  const k = L.i('l.k');
  const hu = L.i('l.hu');
  const f = L.f('l.f');
  const c = L.f('l.c');
  const u = L.f('l.u');
  const hfsq = L.f('l.hfsq');
  const dk = L.f('l.dk');
  const R = L.f('l.R');
  const s = L.f('l.s');
  const z = L.f('l.z');
  const ln2Hi = 6.9314718036912381649e-1;
  const ln2Lo = 1.90821492927058770002e-10;
  return [
    ...BLOCK_F64,
    ...get(x), ...HIGH_WORD, ...tee(hx), ...i32(0x7fffffff), I32_AND, ...set(ax),
    ...i32(1), ...set(k), ...i32(0), ...set(hu), ...f64(0), ...set(f), ...f64(0), ...set(c),
    ...get(hx), ...i32(0x3fda827a), I32_LT_S, ...IF,
    // x <= −1: −Infinity at −1, NaN below
    ...get(ax), ...i32(0x3ff00000), I32_GE_S, ...IF,
    ...f64(-Infinity), ...f64(NaN), ...get(x), ...f64(-1), F64_EQ, SELECT, ...br(2),
    END,
    // |x| < 2^-29: x below 2^-54, else x − x²/2
    ...get(ax), ...i32(0x3e200000), I32_LT_S, ...IF,
    ...get(ax), ...i32(0x3c900000), I32_LT_S, ...IF, ...get(x), ...br(3), END,
    ...get(x), ...get(x), ...get(x), F64_MUL, ...f64(0.5), F64_MUL, F64_SUB, ...br(2),
    END,
    ...get(hx), ...i32(0), I32_GT_S, ...get(hx), ...i32(0xbfd2bec4 | 0), I32_LE_S, I32_OR, ...IF,
    ...i32(0), ...set(k), ...get(x), ...set(f), ...i32(1), ...set(hu),
    END,
    END,
    // +Infinity and NaN
    ...get(hx), ...i32(0x7ff00000), I32_GE_S, ...IF, ...get(x), ...get(x), F64_ADD, ...br(1), END,
    ...get(k), ...IF,
    ...get(hx), ...i32(0x43400000), I32_LT_S, ...IF,
    ...f64(1), ...get(x), F64_ADD, ...tee(u), ...HIGH_WORD, ...tee(hu), ...i32(20), I32_SHR_S, ...i32(1023), I32_SUB, ...tee(k),
    ...i32(0), I32_GT_S, ...IF_F64,
    ...f64(1), ...get(u), ...get(x), F64_SUB, F64_SUB,
    ELSE,
    ...get(x), ...get(u), ...f64(1), F64_SUB, F64_SUB,
    END,
    ...get(u), F64_DIV, ...set(c),
    ELSE,
    ...get(x), ...tee(u), ...HIGH_WORD, ...tee(hu), ...i32(20), I32_SHR_S, ...i32(1023), I32_SUB, ...set(k),
    ...f64(0), ...set(c),
    END,
    ...get(hu), ...i32(0xfffff), I32_AND, ...set(hu),
    ...get(hu), ...i32(0x6a09e), I32_LT_S, ...IF,
    ...withHighWord(u, [...get(hu), ...i32(0x3ff00000), I32_OR]), ...set(u),
    ELSE,
    ...get(k), ...i32(1), I32_ADD, ...set(k),
    ...withHighWord(u, [...get(hu), ...i32(0x3fe00000), I32_OR]), ...set(u),
    ...i32(0x00100000), ...get(hu), I32_SUB, ...i32(2), I32_SHR_S, ...set(hu),
    END,
    ...get(u), ...f64(1), F64_SUB, ...set(f),
    END,
    ...f64(0.5), ...get(f), F64_MUL, ...get(f), F64_MUL, ...set(hfsq),
    ...get(k), F64_CONVERT_I32_S, ...set(dk),
    // |f| < 2^-20
    ...get(hu), I32_EQZ, ...IF,
    ...get(f), ...f64(0), F64_EQ, ...IF,
    ...get(k), I32_EQZ, ...IF, ...f64(0), ...br(3), END,
    ...get(c), ...get(dk), ...f64(ln2Lo), F64_MUL, F64_ADD, ...set(c),
    ...get(dk), ...f64(ln2Hi), F64_MUL, ...get(c), F64_ADD, ...br(2),
    END,
    ...get(hfsq), ...f64(1), ...f64(0.66666666666666666), ...get(f), F64_MUL, F64_SUB, F64_MUL, ...set(R),
    ...get(k), I32_EQZ, ...IF, ...get(f), ...get(R), F64_SUB, ...br(2), END,
    ...get(dk), ...f64(ln2Hi), F64_MUL, ...get(R), ...get(dk), ...f64(ln2Lo), F64_MUL, ...get(c), F64_ADD, F64_SUB, ...get(f), F64_SUB, F64_SUB, ...br(1),
    END,
    ...get(f), ...f64(2), ...get(f), F64_ADD, F64_DIV, ...set(s),
    ...get(s), ...get(s), F64_MUL, ...set(z),
    ...get(z),
    ...f64(6.66666666666673513e-1), ...get(z),
    ...f64(3.999999999940941908e-1), ...get(z),
    ...f64(2.857142874366239149e-1), ...get(z),
    ...f64(2.222219843214978396e-1), ...get(z),
    ...f64(1.818357216161805012e-1), ...get(z),
    ...f64(1.531383769920937332e-1), ...get(z), ...f64(1.479819860511658591e-1), F64_MUL,
    F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, F64_ADD, F64_MUL, ...set(R),
    ...get(k), I32_EQZ, ...IF_F64,
    ...get(f), ...get(hfsq), ...get(s), ...get(hfsq), ...get(R), F64_ADD, F64_MUL, F64_SUB, F64_SUB,
    ELSE,
    ...get(dk), ...f64(ln2Hi), F64_MUL,
    ...get(hfsq), ...get(s), ...get(hfsq), ...get(R), F64_ADD, F64_MUL, ...get(dk), ...f64(ln2Lo), F64_MUL, ...get(c), F64_ADD, F64_ADD, F64_SUB,
    ...get(f), F64_SUB, F64_SUB,
    END,
    END,
  ]; // prettier-ignore
}

/** `for (i = 0; i < n; i++) body` over i32 local `i` and the count in local `n`. */
function forLoop(i: number, n: number, body: number[]): number[] {
  return [
    ...i32(0), ...set(i), ...BLOCK, ...LOOP,
    ...get(i), ...get(n), I32_GE_S, ...brIf(1),
    ...body,
    ...get(i), ...i32(1), I32_ADD, ...set(i), ...br(0),
    END, END,
  ]; // prettier-ignore
}

/** Address (bytes) of element i (local) of the f64 array at byte address `base` (local). */
const at8 = (base: number, i: number): number[] => [...get(base), ...get(i), ...i32(3), I32_SHL, I32_ADD];

/** `map(src, dst, n)`: dst[i] = fn(src[i]) for i < n (the tests' entry to exp and log1p alone). */
function mapFunction(name: string, fn: (L: Locals, x: number) => number[]) {
  const [SRC, DST, N] = [0, 1, 2];
  const L = new Locals(3);
  const i = L.i('i');
  const x = L.f('x');
  const body = forLoop(i, N, [...at8(DST, i), ...at8(SRC, i), ...F64_LOAD, ...set(x), ...fn(L, x), ...F64_STORE]);
  return { name, params: 3, locals: L.declare(), body };
}

/** One row of the binary pass (row index in local `i`; see {@link binaryPassFunction}) on the scalar exp and log1p. */
function binaryRow(L: Locals, RP: number, YP: number, i: number): number[] {
  const a = L.i('a');
  const b0 = L.f('b0');
  const z = L.f('z');
  const yi = L.f('yi');
  const arg = L.f('arg');
  const ez = L.f('ez');
  const lg = L.f('lg');
  const ri = L.f('ri');
  const loss = L.f('loss');
  const s = L.f('s');
  return [
    ...at8(RP, i), ...tee(a), ...F64_LOAD, ...get(b0), F64_ADD, ...set(z),
    ...get(YP), ...get(i), ...i32(2), I32_SHL, I32_ADD, ...I32_LOAD, F64_CONVERT_I32_S, ...set(yi),
    ...get(z), F64_NEG, ...get(z), ...get(z), ...f64(0), F64_GT, SELECT, ...set(arg),
    ...expInline(L, arg), ...set(ez),
    ...log1pInline(L, ez), ...set(lg),
    ...get(loss), ...get(z), ...get(lg), F64_ADD, ...get(lg), ...get(z), ...f64(0), F64_GT, SELECT, ...get(yi), ...get(z), F64_MUL, F64_SUB, F64_ADD, ...set(loss),
    ...f64(1), ...f64(1), ...get(ez), F64_ADD, F64_DIV,
    ...get(ez), ...f64(1), ...get(ez), F64_ADD, F64_DIV,
    ...get(z), ...f64(0), F64_GE, SELECT, ...get(yi), F64_SUB, ...set(ri),
    ...get(a), ...get(ri), ...F64_STORE,
    ...get(s), ...get(ri), F64_ADD, ...set(s),
  ]; // prettier-ignore
}

// ---- two rows at a time (f64x2) -----------------------------------------------------------
//
// The same operations on two lanes: every branch of the scalar code that the common arguments
// take is computed for both lanes and chosen by a lane mask (bitselect), so the results are the
// scalar code's bit for bit. A lane outside that common range (exp: |x| >= 704, x = 1, NaN;
// log1p: x < 0, x >= 2^53, 1 + x whose fraction is below 2^-20) marks its pair "bad", and the
// pair goes through the scalar code instead.

/** SIMD instructions (prefix 0xfd), with the memory ones' alignment and offset. */
const V = {
  load: [...simd(0x00), 4, 0],
  store: [...simd(0x0b), 4, 0],
  load64Zero: [...simd(0x5d), 3, 0],
  f64Splat: simd(0x14),
  i64Splat: simd(0x12),
  lane: (l: number): number[] => [...simd(0x21), l],
  not: simd(0x4d),
  and: simd(0x4e),
  andNot: simd(0x4f),
  or: simd(0x50),
  bitselect: simd(0x52),
  anyTrue: simd(0x53),
  fEq: simd(0x47),
  fLt: simd(0x49),
  fGt: simd(0x4a),
  fGe: simd(0x4c),
  fAbs: simd(0xec),
  fNeg: simd(0xed),
  fAdd: simd(0xf0),
  fSub: simd(0xf1),
  fMul: simd(0xf2),
  fDiv: simd(0xf3),
  fTrunc: simd(0x7a),
  iAdd: simd(0xce),
  iSub: simd(0xd1),
  iShl: simd(0xcb),
  iShrS: simd(0xcc),
  iShrU: simd(0xcd),
  iEq: simd(0xd6),
  iLtS: simd(0xd8),
  iGtS: simd(0xd9),
  iGeS: simd(0xdb),
  convertLowI32: simd(0xfe),
  loadAt: (offset: number): number[] => [...simd(0x00), 4, offset],
  storeAt: (offset: number): number[] => [...simd(0x0b), 4, offset],
  load64ZeroAt: (offset: number): number[] => [...simd(0x5d), 3, offset],
  load64LaneAt: (offset: number, lane: number): number[] => [...simd(0x57), 3, offset, lane],
};

/** Marks the end of a step (a value set to a local) in {@link steps}' input: no byte is negative. */
const STEP_END = -1;
/** `local.set i`, ending a step. */
const st = (i: number): number[] => [...set(i), STEP_END];
/** The code cut into steps at each {@link st}, so that two independent runs of it can be interleaved step by step. */
function steps(code: number[]): number[][] {
  const out: number[][] = [[]];
  for (const b of code) {
    if (b === STEP_END) out.push([]);
    else out[out.length - 1]!.push(b);
  }
  return out.filter((x) => x.length > 0);
}
/** Runs of the same steps (on different locals), one step of each in turn: independent work side by side for the processor. */
function interleave(runs: number[][][]): number[] {
  const out: number[] = [];
  const most = Math.max(...runs.map((r) => r.length));
  for (let i = 0; i < most; i++) for (const r of runs) out.push(...(r[i] ?? []));
  return out;
}

/** The double with high word `hi` and low word 0. */
function highWord(hi: number): number {
  return new Float64Array(new BigUint64Array([BigInt(hi) << 32n]).buffer)[0]!;
}

/** 2^52 + 2^51: t + M has the bits of M plus t for an integer |t| < 2^51. */
const MAGIC = 6755399441055744;
const MAGIC_BITS = 0x4338000000000000n;

/** Splatted constants, each in a local set once before the loops (see {@link Consts.prologue}). */
class Consts {
  private readonly code: number[] = [];
  private readonly seen = new Map<string, number>();
  constructor(private readonly L: Locals) {}
  private local(key: string, make: number[]): number[] {
    let at = this.seen.get(key);
    if (at === undefined) {
      at = this.L.v(`const ${key}`);
      this.seen.set(key, at);
      this.code.push(...make, ...set(at));
    }
    return get(at);
  }
  /** Both lanes the double v. */
  f(v: number): number[] {
    return this.local(`f${v}`, [...f64(v), ...V.f64Splat]);
  }
  /** Both lanes the 64-bit integer v. */
  i(v: number | bigint): number[] {
    return this.local(`i${v}`, [...i64(v), ...V.i64Splat]);
  }
  /** The code that sets every constant used so far. */
  prologue(): number[] {
    return this.code;
  }
}

/**
 * exp of both lanes of v128 local `x` into local `res`; local `bad` gets the lanes that need the
 * scalar code (see {@link expInline} for the steps and constants).
 */
function expPairSteps(L: Locals, C: Consts, x: number, res: number, bad: number, tag = ''): number[][] {
  const ax = L.v(`E${tag}.ax`);
  const neg = L.v(`E${tag}.neg`);
  const t = L.v(`E${tag}.t`);
  const hi = L.v(`E${tag}.hi`);
  const lo = L.v(`E${tag}.lo`);
  const r = L.v(`E${tag}.r`);
  const tt = L.v(`E${tag}.tt`);
  const c = L.v(`E${tag}.c`);
  const ln2HI = 6.9314718036912381649e-1;
  const ln2LO = 1.90821492927058770002e-10;
  // The scalar code compares |x|'s high word with H: for a number, "below H" is |x| < the double
  // with high word H and low word 0, an f64 comparison (NaN fails every one: a bad lane).
  return steps([
    ...get(x), ...V.fAbs, ...st(ax),
    // x < 0 (−0 and −NaN are not: −0 is below 2^-28, NaN bad)
    ...get(x), ...C.f(0), ...V.fLt, ...st(neg),
    ...get(ax), ...C.f(704), ...V.fLt, ...V.not, ...get(x), ...C.f(1), ...V.fEq, ...V.or, ...st(bad),
    // k: (int)(invln2 x ± 0.5); ±1 for 0.5 ln2 < |x| < 1.5 ln2; 0 for |x| <= 0.5 ln2
    ...C.f(-1), ...C.f(1), ...get(neg), ...V.bitselect,
    ...C.f(1.442695040888963387), ...get(x), ...V.fMul, ...C.f(-0.5), ...C.f(0.5), ...get(neg), ...V.bitselect, ...V.fAdd, ...V.fTrunc,
    ...get(ax), ...C.f(highWord(0x3ff0a2b2)), ...V.fLt, ...V.bitselect,
    ...get(ax), ...C.f(highWord(0x3fd62e43)), ...V.fLt, ...V.andNot, ...st(t),
    // hi = x − k ln2HI, lo = k ln2LO (k = ±1: ∓ln2HI, ±ln2LO exactly; k = 0: hi = x, lo = 0), r = hi − lo
    ...get(x), ...get(t), ...C.f(ln2HI), ...V.fMul, ...V.fSub, ...st(hi),
    ...get(t), ...C.f(ln2LO), ...V.fMul, ...st(lo),
    ...get(hi), ...get(lo), ...V.fSub, ...st(r),
    ...get(r), ...get(r), ...V.fMul, ...st(tt),
    ...get(r), ...get(tt),
    ...C.f(1.66666666666666019037e-1), ...get(tt),
    ...C.f(-2.77777777770155933842e-3), ...get(tt),
    ...C.f(6.61375632143793436117e-5), ...get(tt),
    ...C.f(-1.6533902205465251539e-6), ...get(tt), ...C.f(4.13813679705723846039e-8), ...V.fMul,
    ...V.fAdd, ...V.fMul, ...V.fAdd, ...V.fMul, ...V.fAdd, ...V.fMul, ...V.fAdd, ...V.fMul, ...V.fSub, ...st(c),
    // |x| < 2^-28: 1 + x
    ...C.f(1), ...get(x), ...V.fAdd,
    // 1 − ((lo − (r c)/(2 − c)) − hi): for k = 0 (lo = 0, hi = r) the scalar 1 − ((r c)/(c − 2) − r) exactly
    ...C.f(1), ...get(lo), ...get(r), ...get(c), ...V.fMul, ...C.f(2), ...get(c), ...V.fSub, ...V.fDiv, ...V.fSub, ...get(hi), ...V.fSub, ...V.fSub,
    // × 2^k, built as the bits (k + 1023) << 52 (|k| <= 1016 here)
    ...get(t), ...C.f(MAGIC), ...V.fAdd, ...C.i(MAGIC_BITS - 1023n), ...V.iSub, ...i32(52), ...V.iShl, ...V.fMul,
    ...get(ax), ...C.f(2 ** -28), ...V.fLt, ...V.bitselect, ...st(res),
  ]); // prettier-ignore
}

/** {@link expPairSteps} as one run of code. */
function expPair(L: Locals, C: Consts, x: number, res: number, bad: number): number[] {
  return expPairSteps(L, C, x, res, bad).flat();
}

/**
 * log1p of both lanes of v128 local `x` into local `res`; local `bad` gets the lanes that need
 * the scalar code (see {@link log1pInline}).
 */
function log1pPairSteps(L: Locals, C: Consts, x: number, res: number, bad: number, tag = ''): number[][] {
  const u = L.v(`L${tag}.u`);
  const hu = L.v(`L${tag}.hu`);
  const k = L.v(`L${tag}.k`);
  const c = L.v(`L${tag}.c`);
  const m = L.v(`L${tag}.m`);
  const f = L.v(`L${tag}.f`);
  const dk = L.v(`L${tag}.dk`);
  const p1 = L.v(`L${tag}.p1`);
  const hfsq = L.v(`L${tag}.hfsq`);
  const sv = L.v(`L${tag}.s`);
  const z = L.v(`L${tag}.z`);
  const R = L.v(`L${tag}.R`);
  const ln2Hi = 6.9314718036912381649e-1;
  const ln2Lo = 1.90821492927058770002e-10;
  const setHigh = (high: number): number[] => [
    ...get(u), ...C.i(0xffffffff), ...V.and, ...get(hu), ...C.i(high), ...V.or, ...i32(32), ...V.iShl, ...V.or,
  ]; // prettier-ignore
  // Comparisons of x's high word as f64 comparisons, as in expPair (x >= 0 here: the rest is bad).
  return steps([
    // 1 + x at or above √2 − 1: u = 1 + x, k from its exponent, the correction c
    ...C.f(1), ...get(x), ...V.fAdd, ...st(u),
    ...get(u), ...i32(32), ...V.iShrU, ...st(hu),
    ...get(hu), ...i32(20), ...V.iShrU, ...C.i(1023), ...V.iSub, ...st(k),
    ...C.f(1), ...get(u), ...get(x), ...V.fSub, ...V.fSub,
    ...get(x), ...get(u), ...C.f(1), ...V.fSub, ...V.fSub,
    ...get(k), ...C.i(0), ...V.iGtS, ...V.bitselect, ...get(u), ...V.fDiv, ...st(c),
    ...get(hu), ...C.i(0xfffff), ...V.and, ...st(hu),
    // u normalised to [√2/2, √2): its high word hu | 0x3ff00000 below 0x6a09e, else hu | 0x3fe00000 and k + 1
    ...get(hu), ...C.i(0x6a09e), ...V.iLtS, ...st(m),
    ...setHigh(0x3ff00000), ...setHigh(0x3fe00000), ...get(m), ...V.bitselect, ...st(u),
    ...get(k), ...C.i(1), ...V.iAdd, ...get(m), ...V.iAdd, ...st(k),
    ...get(k), ...C.i(MAGIC_BITS), ...V.iAdd, ...C.f(MAGIC), ...V.fSub, ...st(dk),
    // below √2 − 1: f = x, c = 0, k = 0
    ...get(x), ...C.f(highWord(0x3fda827a)), ...V.fLt, ...st(p1),
    ...get(x), ...get(u), ...C.f(1), ...V.fSub, ...get(p1), ...V.bitselect, ...st(f),
    ...get(c), ...get(p1), ...V.andNot, ...st(c),
    ...get(dk), ...get(p1), ...V.andNot, ...st(dk),
    // bad: not 0 <= x < 2^53 (the sign bit of −0 is fine: its only use is below 2^-54, where x is returned), or f under 2^-20
    ...get(x), ...C.f(0), ...V.fGe, ...get(x), ...C.f(2 ** 53), ...V.fLt, ...V.and, ...V.not,
    ...get(hu), ...C.i(0), ...V.iEq, ...get(p1), ...V.andNot, ...V.or, ...st(bad),
    // k ln2_hi − ((hfsq − (s (hfsq + R) + (k ln2_lo + c))) − f); for k = 0, c = 0 the scalar f − (hfsq − s (hfsq + R)) exactly
    ...C.f(0.5), ...get(f), ...V.fMul, ...get(f), ...V.fMul, ...st(hfsq),
    ...get(f), ...C.f(2), ...get(f), ...V.fAdd, ...V.fDiv, ...st(sv),
    ...get(sv), ...get(sv), ...V.fMul, ...st(z),
    ...get(z),
    ...C.f(6.66666666666673513e-1), ...get(z),
    ...C.f(3.999999999940941908e-1), ...get(z),
    ...C.f(2.857142874366239149e-1), ...get(z),
    ...C.f(2.222219843214978396e-1), ...get(z),
    ...C.f(1.818357216161805012e-1), ...get(z),
    ...C.f(1.531383769920937332e-1), ...get(z), ...C.f(1.479819860511658591e-1), ...V.fMul,
    ...V.fAdd, ...V.fMul, ...V.fAdd, ...V.fMul, ...V.fAdd, ...V.fMul, ...V.fAdd, ...V.fMul, ...V.fAdd, ...V.fMul, ...V.fAdd, ...V.fMul, ...st(R),
    // 0 <= x < 2^-29: x below 2^-54, else x − x²/2
    ...get(x), ...get(x), ...get(x), ...get(x), ...V.fMul, ...C.f(0.5), ...V.fMul, ...V.fSub, ...get(x), ...C.f(2 ** -54), ...V.fLt, ...V.bitselect,
    ...get(dk), ...C.f(ln2Hi), ...V.fMul,
    ...get(hfsq), ...get(sv), ...get(hfsq), ...get(R), ...V.fAdd, ...V.fMul, ...get(dk), ...C.f(ln2Lo), ...V.fMul, ...get(c), ...V.fAdd, ...V.fAdd, ...V.fSub,
    ...get(f), ...V.fSub, ...V.fSub,
    ...get(x), ...C.f(2 ** -29), ...V.fLt, ...V.bitselect, ...st(res),
  ]); // prettier-ignore
}

/** {@link log1pPairSteps} as one run of code. */
function log1pPair(L: Locals, C: Consts, x: number, res: number, bad: number): number[] {
  return log1pPairSteps(L, C, x, res, bad).flat();
}

/** `while (i + 2 <= n) { body; i += 2 }` over i32 locals `i` and `n` (i set by the caller). */
function pairLoop(i: number, n: number, body: number[]): number[] {
  return [
    ...BLOCK, ...LOOP,
    ...get(i), ...i32(2), I32_ADD, ...get(n), I32_GT_S, ...brIf(1),
    ...body,
    ...get(i), ...i32(2), I32_ADD, ...set(i), ...br(0),
    END, END,
  ]; // prettier-ignore
}

/** `map(src, dst, n)` two values at a time: a pair with a bad lane, and an odd last value, on the scalar code. */
function mapPairsFunction(name: string, pairFn: typeof expPair, scalarFn: (L: Locals, x: number) => number[]) {
  const [SRC, DST, N] = [0, 1, 2];
  const L = new Locals(3);
  const C = new Consts(L);
  const i = L.i('i');
  const x = L.f('x');
  const xv = L.v('xv');
  const rv = L.v('rv');
  const bad = L.v('bad');
  const one = [...at8(DST, i), ...at8(SRC, i), ...F64_LOAD, ...set(x), ...scalarFn(L, x), ...F64_STORE];
  const pair = [
    ...at8(SRC, i), ...V.load, ...set(xv),
    ...pairFn(L, C, xv, rv, bad),
    ...get(bad), ...V.anyTrue, ...IF,
    ...one, ...get(i), ...i32(1), I32_ADD, ...set(i), ...one, ...get(i), ...i32(-1), I32_ADD, ...set(i),
    ELSE,
    ...at8(DST, i), ...get(rv), ...V.store,
    END,
  ]; // prettier-ignore
  const body = [...i32(0), ...set(i), ...pairLoop(i, N, pair), ...get(i), ...get(N), I32_LT_S, ...IF, ...one, END];
  return { name, params: 3, locals: L.declare(), body: [...C.prologue(), ...body] };
}

/**
 * `binaryPass(R, y, n, io)`, the sigmoid loss of n rows in place (logistic-blocks.ts's loop):
 * with b = io[0], for each row i, z = R[i] + b, e = exp(−|z|),
 * io[1] += (z > 0 ? z + log1p(e) : log1p(e)) − y_i z, and R[i] = σ(z) − y_i
 * (1/(1 + e) for z ≥ 0, e/(1 + e) below), io[2] += R[i], row after row: the sums go on from the
 * values io holds, so that a block's rows can be passed in several calls.
 * Two rows at a time; a pair with a bad lane, and an odd last row, on the scalar code.
 */
/**
 * Pairs of rows whose steps alternate in the passes: one pair's exp and log1p are a chain of
 * dependent operations (divisions among them) that leaves the processor waiting; 1, 2, 3, 4, 5,
 * 6 and 8 pairs took 24.6, 16.8, 12.9, 12.0, 11.7, 12.0 and 12.3 ns a row (binary pass, 40,000 rows).
 */
const PAIRS = 4;

function binaryPassFunction() {
  const [RP, YP, N, IO] = [0, 1, 2, 3];
  const L = new Locals(4);
  const C = new Consts(L);
  const i = L.i('i');
  const j = L.i('j');
  const a = L.i('pa');
  const b0 = L.f('b0');
  const loss = L.f('loss');
  const s = L.f('s');
  const bv = L.v('b0v');
  const zv = L.v('zv');
  const yv = L.v('yv');
  const arg = L.v('arg');
  const ez = L.v('ez');
  const lg = L.v('lg');
  const badE = L.v('badE');
  const badL = L.v('badL');
  const tmp = L.v('tmp');
  const pair = [
    ...at8(RP, i), ...tee(a), ...V.load, ...get(bv), ...V.fAdd, ...set(zv),
    ...get(YP), ...get(i), ...i32(2), I32_SHL, I32_ADD, ...V.load64Zero, ...V.convertLowI32, ...set(yv),
    ...get(zv), ...V.fAbs, ...V.fNeg, ...set(arg),
    ...expPair(L, C, arg, ez, badE),
    ...log1pPair(L, C, ez, lg, badL),
    ...get(badE), ...get(badL), ...V.or, ...V.anyTrue, ...IF,
    ...binaryRow(L, RP, YP, i), ...get(i), ...i32(1), I32_ADD, ...set(j), ...binaryRow(L, RP, YP, j),
    ELSE,
    // loss += (z > 0 ? z + lg : lg) − y z, row by row
    ...get(zv), ...get(lg), ...V.fAdd, ...get(lg), ...get(zv), ...C.f(0), ...V.fGt, ...V.bitselect, ...get(yv), ...get(zv), ...V.fMul, ...V.fSub, ...set(tmp),
    ...get(loss), ...get(tmp), ...V.lane(0), F64_ADD, ...get(tmp), ...V.lane(1), F64_ADD, ...set(loss),
    // R = (z >= 0 ? 1/(1 + e) : e/(1 + e)) − y, summed row by row
    // (one division: the numerator chosen first, the same quotient)
    ...C.f(1), ...get(ez), ...get(zv), ...C.f(0), ...V.fGe, ...V.bitselect, ...C.f(1), ...get(ez), ...V.fAdd, ...V.fDiv, ...get(yv), ...V.fSub, ...set(tmp),
    ...get(a), ...get(tmp), ...V.store,
    ...get(s), ...get(tmp), ...V.lane(0), F64_ADD, ...get(tmp), ...V.lane(1), F64_ADD, ...set(s),
    END,
  ]; // prettier-ignore
  // PAIRS pairs of rows at a time, whose exp and log1p steps alternate (independent chains of
  // dependent operations side by side), then the rows in order.
  const two = Array.from({ length: PAIRS }, (_, h) => {
    const v = (name: string): number => L.v(`${name}${h}`);
    return { z: v('qz'), y: v('qy'), arg: v('qarg'), ez: v('qez'), lg: v('qlg'), badE: v('qbadE'), badL: v('qbadL'), tmp: v('qtmp') };
  });
  const quad: number[] = [...at8(RP, i), ...set(a)];
  two.forEach((q, h) => {
    quad.push(
      ...get(a), ...V.loadAt(16 * h), ...get(bv), ...V.fAdd, ...set(q.z),
      ...get(YP), ...get(i), ...i32(2), I32_SHL, I32_ADD, ...V.load64ZeroAt(8 * h), ...V.convertLowI32, ...set(q.y),
      ...get(q.z), ...V.fAbs, ...V.fNeg, ...set(q.arg),
    ); // prettier-ignore
  });
  quad.push(
    ...interleave(two.map((q, h) => expPairSteps(L, C, q.arg, q.ez, q.badE, `q${h}`))),
    ...interleave(two.map((q, h) => log1pPairSteps(L, C, q.ez, q.lg, q.badL, `q${h}`))),
    ...get(two[0]!.badE), ...two.flatMap((q, h) => [...(h > 0 ? [...get(q.badE), ...V.or] : []), ...get(q.badL), ...V.or]), ...V.anyTrue, ...IF,
  ); // prettier-ignore
  for (let h = 0; h < 2 * PAIRS; h++) quad.push(...get(i), ...i32(h), I32_ADD, ...set(j), ...binaryRow(L, RP, YP, j));
  quad.push(ELSE);
  for (const q of two) {
    quad.push(
      ...get(q.z), ...get(q.lg), ...V.fAdd, ...get(q.lg), ...get(q.z), ...C.f(0), ...V.fGt, ...V.bitselect, ...get(q.y), ...get(q.z), ...V.fMul, ...V.fSub, ...set(q.tmp),
      ...get(loss), ...get(q.tmp), ...V.lane(0), F64_ADD, ...get(q.tmp), ...V.lane(1), F64_ADD, ...set(loss),
    ); // prettier-ignore
  }
  two.forEach((q, h) => {
    quad.push(
      ...C.f(1), ...get(q.ez), ...get(q.z), ...C.f(0), ...V.fGe, ...V.bitselect, ...C.f(1), ...get(q.ez), ...V.fAdd, ...V.fDiv, ...get(q.y), ...V.fSub, ...set(q.tmp),
      ...get(a), ...get(q.tmp), ...V.storeAt(16 * h),
      ...get(s), ...get(q.tmp), ...V.lane(0), F64_ADD, ...get(q.tmp), ...V.lane(1), F64_ADD, ...set(s),
    ); // prettier-ignore
  });
  quad.push(END);
  const quadLoop = [
    ...BLOCK, ...LOOP,
    ...get(i), ...i32(2 * PAIRS), I32_ADD, ...get(N), I32_GT_S, ...brIf(1),
    ...quad,
    ...get(i), ...i32(2 * PAIRS), I32_ADD, ...set(i), ...br(0),
    END, END,
  ]; // prettier-ignore
  const code = [
    ...get(IO), ...F64_LOAD, ...tee(b0), ...V.f64Splat, ...set(bv),
    ...get(IO), ...F64_LOAD_AT(8), ...set(loss),
    ...get(IO), ...F64_LOAD_AT(16), ...set(s),
    ...i32(0), ...set(i),
    ...quadLoop,
    ...pairLoop(i, N, pair),
    ...get(i), ...get(N), I32_LT_S, ...IF, ...binaryRow(L, RP, YP, i), END,
    ...get(IO), ...get(loss), ...F64_STORE_AT(8),
    ...get(IO), ...get(s), ...F64_STORE_AT(16),
  ]; // prettier-ignore
  return { name: 'binaryPass', params: 4, locals: L.declare(), body: [...C.prologue(), ...code] };
}

/**
 * `softmaxExp(R, mx, sums, k, r)`, the exponentials of a block's softmax in place: for each class
 * c < k and row i < r (class-major R, stride r), R[c r + i] = exp(R[c r + i] − mx[i]) and
 * sums[i] += that value, in class order for each row.

 * Two rows at a time; a pair with a bad lane, and an odd last row, on the scalar code.
 */
function softmaxExpFunction() {
  const [RP, MX, SUMS, K, NR] = [0, 1, 2, 3, 4];
  const L = new Locals(5);
  const C = new Consts(L);
  const c = L.i('c');
  const i = L.i('i');
  const row = L.i('row');
  const a = L.i('a');
  const sa = L.i('sa');
  const arg = L.f('arg');
  const v = L.f('v');
  const argv = L.v('argv');
  const ev = L.v('ev');
  const bad = L.v('bad');
  const one = (): number[] => [
    ...get(row), ...get(i), ...i32(3), I32_SHL, I32_ADD, ...tee(a), ...F64_LOAD,
    ...at8(MX, i), ...F64_LOAD, F64_SUB, ...set(arg),
    ...get(a), ...expInline(L, arg), ...tee(v), ...F64_STORE,
    ...at8(SUMS, i), ...tee(sa), ...get(sa), ...F64_LOAD, ...get(v), F64_ADD, ...F64_STORE,
  ]; // prettier-ignore
  // PAIRS pairs at a time, their exp steps alternating (see binaryPassFunction), then pair by pair.
  const many = Array.from({ length: PAIRS }, (_, h) => ({ arg: L.v(`margv${h}`), ev: L.v(`mev${h}`), bad: L.v(`mbad${h}`) }));
  const group: number[] = [...get(row), ...get(i), ...i32(3), I32_SHL, I32_ADD, ...set(a), ...at8(MX, i), ...set(sa)];
  many.forEach((m, h) => group.push(...get(a), ...V.loadAt(16 * h), ...get(sa), ...V.loadAt(16 * h), ...V.fSub, ...set(m.arg)));
  group.push(
    ...interleave(many.map((m, h) => expPairSteps(L, C, m.arg, m.ev, m.bad, `m${h}`))),
    ...get(many[0]!.bad), ...many.slice(1).flatMap((m) => [...get(m.bad), ...V.or]), ...V.anyTrue, ...IF,
  ); // prettier-ignore
  for (let h = 0; h < 2 * PAIRS; h++) group.push(...one(), ...get(i), ...i32(1), I32_ADD, ...set(i));
  group.push(...get(i), ...i32(-2 * PAIRS), I32_ADD, ...set(i), ELSE);
  many.forEach((m, h) => {
    group.push(
      ...get(row), ...get(i), ...i32(3), I32_SHL, I32_ADD, ...get(m.ev), ...V.storeAt(16 * h),
      ...at8(SUMS, i), ...tee(sa), ...get(sa), ...V.loadAt(16 * h), ...get(m.ev), ...V.fAdd, ...V.storeAt(16 * h),
    ); // prettier-ignore
  });
  group.push(END);
  const groupLoop = [
    ...BLOCK, ...LOOP,
    ...get(i), ...i32(2 * PAIRS), I32_ADD, ...get(NR), I32_GT_S, ...brIf(1),
    ...group,
    ...get(i), ...i32(2 * PAIRS), I32_ADD, ...set(i), ...br(0),
    END, END,
  ]; // prettier-ignore
  const pair = [
    ...get(row), ...get(i), ...i32(3), I32_SHL, I32_ADD, ...tee(a), ...V.load, ...at8(MX, i), ...V.load, ...V.fSub, ...set(argv),
    ...expPair(L, C, argv, ev, bad),
    ...get(bad), ...V.anyTrue, ...IF,
    ...one(), ...get(i), ...i32(1), I32_ADD, ...set(i), ...one(), ...get(i), ...i32(-1), I32_ADD, ...set(i),
    ELSE,
    ...get(a), ...get(ev), ...V.store,
    ...at8(SUMS, i), ...tee(sa), ...get(sa), ...V.load, ...get(ev), ...V.fAdd, ...V.store,
    END,
  ]; // prettier-ignore
  const perClass = [
    ...get(RP), ...get(c), ...get(NR), I32_MUL, ...i32(3), I32_SHL, I32_ADD, ...set(row),
    ...i32(0), ...set(i),
    ...groupLoop,
    ...pairLoop(i, NR, pair),
    ...get(i), ...get(NR), I32_LT_S, ...IF, ...one(), END,
  ]; // prettier-ignore
  const body = forLoop(c, K, perClass);
  return { name: 'softmaxExp', params: 5, locals: L.declare(), body: [...C.prologue(), ...body] };
}

/**
 * `backward(R, A, rows, d, acc)`, the data gradient's products two rows at a time from the rows
 * themselves (no transposed copy): for each feature j, the pair of lanes acc[j] (doubles 2j and
 * 2j + 1) += (R[t], R[t + 1]) · (A[t][j], A[t + 1][j]) for t = 0, 2, … < rows (rows even; A
 * row-major with d columns). Lane 0 sums the even rows' products, lane 1 the odd rows', in row
 * order: the running sums of core's pairwise-dot kernel for `Rᵀ` against the transposed rows, so
 * lane 0 + lane 1 (then the last row's product when the block's row count is odd) is its value
 * bit for bit. Eight features at a time in registers, then one at a time.
 */
function backwardFunction() {
  const [RP, AP, ROWS, D, ACC] = [0, 1, 2, 3, 4];
  const L = new Locals(5);
  const g = L.i('g');
  const t = L.i('t');
  const base = L.i('base');
  const rowB = L.i('rowB');
  const accAt = L.i('accAt');
  const rv = L.v('rv');
  const av = L.v('av');
  const accs = Array.from({ length: 8 }, (_, q) => L.v(`acc${q}`));
  const group = (G: number): number[] => {
    const c: number[] = [...get(ACC), ...get(g), ...i32(4), I32_SHL, I32_ADD, ...set(accAt)];
    for (let q = 0; q < G; q++) c.push(...get(accAt), ...V.loadAt(16 * q), ...set(accs[q]!));
    const pair: number[] = [
      ...get(RP), ...get(t), ...i32(3), I32_SHL, I32_ADD, ...V.load, ...set(rv),
      ...get(t), ...get(D), I32_MUL, ...get(g), I32_ADD, ...i32(3), I32_SHL, ...get(AP), I32_ADD, ...set(base),
    ]; // prettier-ignore
    for (let q = 0; q < G; q++) {
      pair.push(
        ...get(base), ...V.load64ZeroAt(8 * q), ...set(av),
        ...get(base), ...get(rowB), I32_ADD, ...get(av), ...V.load64LaneAt(8 * q, 1), ...set(av),
        ...get(accs[q]!), ...get(rv), ...get(av), ...V.fMul, ...V.fAdd, ...set(accs[q]!),
      ); // prettier-ignore
    }
    c.push(...i32(0), ...set(t), ...pairLoop(t, ROWS, pair));
    for (let q = 0; q < G; q++) c.push(...get(accAt), ...get(accs[q]!), ...V.storeAt(16 * q));
    c.push(...get(g), ...i32(G), I32_ADD, ...set(g));
    return c;
  };
  const body = [
    ...get(D), ...i32(3), I32_SHL, ...set(rowB),
    ...i32(0), ...set(g),
    ...BLOCK, ...LOOP, ...get(g), ...i32(8), I32_ADD, ...get(D), I32_GT_S, ...brIf(1), ...group(8), ...br(0), END, END,
    ...BLOCK, ...LOOP, ...get(g), ...get(D), I32_GE_S, ...brIf(1), ...group(1), ...br(0), END, END,
  ]; // prettier-ignore
  return { name: 'backward', params: 5, locals: L.declare(), body };
}

let compiled: SimdModule | null | undefined;

/** The module (compiled once), or null where WebAssembly is not available. */
function expModule(): SimdModule | null {
  if (compiled === undefined) {
    compiled = compileSimd(
      wasmEncoding.moduleBytes([
        mapFunction('exp', expInline),
        mapFunction('log1p', log1pInline),
        mapPairsFunction('expPairs', expPair, expInline),
        mapPairsFunction('log1pPairs', log1pPair, log1pInline),
        binaryPassFunction(),
        softmaxExpFunction(),
        backwardFunction(),
      ]),
    );
  }
  return compiled;
}

/** The passes, bound to one memory; every array argument is a view of that memory. */
export interface ExpKernel {
  /** `dst[i] = Math.exp(src[i])` for i < n, bit for bit. */
  exp(src: Float64Array, dst: Float64Array, n: number): void;
  /** `dst[i] = Math.log1p(src[i])` for i < n, bit for bit. */
  log1p(src: Float64Array, dst: Float64Array, n: number): void;
  /** {@link ExpKernel.exp} two values at a time (the pass's code; its scalar fallback is `exp`'s). */
  expPairs(src: Float64Array, dst: Float64Array, n: number): void;
  /** {@link ExpKernel.log1p} two values at a time. */
  log1pPairs(src: Float64Array, dst: Float64Array, n: number): void;
  /** The sigmoid loss pass (see {@link binaryPassFunction}); `io` holds [intercept, loss, Σ residuals], the sums carried on. */
  binaryPass(R: Float64Array, y: Int32Array, n: number, io: Float64Array): void;
  /** The softmax's exponentials (see {@link softmaxExpFunction}). */
  softmaxExp(R: Float64Array, mx: Float64Array, sums: Float64Array, k: number, r: number): void;
  /** The gradient's products from the rows (see {@link backwardFunction}); `rows` even, `acc` 2d doubles carried on. */
  backward(R: Float64Array, A: Float64Array, rows: number, d: number, acc: Float64Array): void;
}

/** Whether this host compiles the module (WebAssembly with SIMD). */
export function expKernelAvailable(): boolean {
  return expModule() !== null;
}

/** The passes over `memory` (a pairwise-dot kernel's), or undefined without WebAssembly. */
export function expKernel(memory: SimdMemory): ExpKernel | undefined {
  const mod = expModule();
  if (!mod) return undefined;
  type Fn = (...a: number[]) => void;
  const { exp, log1p, expPairs, log1pPairs, binaryPass, softmaxExp, backward } = instantiateSimd(mod, memory).exports as Record<
    'exp' | 'log1p' | 'expPairs' | 'log1pPairs' | 'binaryPass' | 'softmaxExp' | 'backward',
    Fn
  >;
  return {
    exp: (src, dst, n) => exp(src.byteOffset, dst.byteOffset, n),
    log1p: (src, dst, n) => log1p(src.byteOffset, dst.byteOffset, n),
    expPairs: (src, dst, n) => expPairs(src.byteOffset, dst.byteOffset, n),
    log1pPairs: (src, dst, n) => log1pPairs(src.byteOffset, dst.byteOffset, n),
    binaryPass: (R, y, n, io) => binaryPass(R.byteOffset, y.byteOffset, n, io.byteOffset),
    softmaxExp: (R, mx, sums, k, r) => softmaxExp(R.byteOffset, mx.byteOffset, sums.byteOffset, k, r),
    backward: (R, A, rows, d, acc) => backward(R.byteOffset, A.byteOffset, rows, d, acc.byteOffset),
  };
}
