/**
 * The histogram kernel of the boosting trees in WebAssembly (assembled in code with core's
 * encoding helpers, no binary file): for the samples partition[start, stop), each sample's d
 * histogram slots (row-major, `slots[i·d + f]`) get its gradient, its hessian and 1 added, in
 * partition order — the same additions in the same order as the JavaScript loop of
 * `growBoostingTree`, hence bit-identical sums. It is the hot loop of a boosting fit (half of its
 * time in JavaScript, where every typed-array access is bounds-checked).
 *
 * Memory layout of one instance (byte addresses, all fixed for a fit so the views never move):
 * the slots (Uint16 or Int32 per entry), the gradients and hessians (float32, one per sample),
 * the partition (int32), a second partition buffer, and one histogram (float64 triplets
 * gradient, hessian, count).
 */
import { compileSimd, instantiateSimd, wasmEncoding, type SimdModule } from '@mlcompare/core/internal';

const { get, set, tee, i32, I32, F64 } = wasmEncoding;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (l: number) => [0x0c, ...wasmEncoding.uleb(l)],
  brIf: (l: number) => [0x0d, ...wasmEncoding.uleb(l)],
  add: [0x6a],
  mul: [0x6c],
  shl: [0x74],
  ltU: [0x49],
  geU: [0x4f],
  i32load: [0x28, 2, 0],
  i32load16u: [0x2f, 1, 0],
  f32load: [0x2a, 2, 0],
  f64load: (offset: number) => [0x2b, 3, ...wasmEncoding.uleb(offset)],
  f64store: (offset: number) => [0x39, 3, ...wasmEncoding.uleb(offset)],
  f64add: [0xa0],
  promote: [0xbb],
  /** f64.const 1.0 */
  one: [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
};

// Parameters (i32): partition address, first and end sample position, slots address, d,
// gradients address, hessians address, histogram address.
const [PART, START, STOP, SLOTS, D, G, H, HIST] = [0, 1, 2, 3, 4, 5, 6, 7];
// i32 locals: q (byte address in the partition), end of it, s, rb, re, k, row bytes.
const [Q, QEND, S, RB, RE, K, ROWB] = [8, 9, 10, 11, 12, 13, 14];
// f64 locals: gradient, hessian.
const [GI, HI] = [15, 16];

function histBody(wide: boolean, constHess: boolean): number[] {
  const c: number[] = [];
  const slotBytes = wide ? 4 : 2;
  // q = part + start·4; qEnd = part + stop·4; rowB = d · slotBytes.
  c.push(...get(PART), ...get(START), ...i32(2), ...op.shl, ...op.add, ...set(Q));
  c.push(...get(PART), ...get(STOP), ...i32(2), ...op.shl, ...op.add, ...set(QEND));
  c.push(...get(D), ...i32(slotBytes), ...op.mul, ...set(ROWB));
  c.push(...op.block, ...op.loop);
  c.push(...get(Q), ...get(QEND), ...op.geU, ...op.brIf(1));
  // s = partition[q]; gi = g[s]; hi = h[s]
  c.push(...get(Q), ...op.i32load, ...tee(S), ...i32(2), ...op.shl, ...get(G), ...op.add, ...op.f32load, ...op.promote, ...set(GI));
  if (!constHess) c.push(...get(S), ...i32(2), ...op.shl, ...get(H), ...op.add, ...op.f32load, ...op.promote, ...set(HI));
  // rb = slots + s·rowB; re = rb + rowB
  c.push(...get(SLOTS), ...get(S), ...get(ROWB), ...op.mul, ...op.add, ...tee(RB), ...get(ROWB), ...op.add, ...set(RE));
  c.push(...op.loop);
  // k = hist + slot · 24
  c.push(...get(HIST), ...get(RB), ...(wide ? op.i32load : op.i32load16u), ...i32(24), ...op.mul, ...op.add, ...set(K));
  c.push(...get(K), ...get(K), ...op.f64load(0), ...get(GI), ...op.f64add, ...op.f64store(0));
  if (!constHess) c.push(...get(K), ...get(K), ...op.f64load(8), ...get(HI), ...op.f64add, ...op.f64store(8));
  c.push(...get(K), ...get(K), ...op.f64load(16), ...op.one, ...op.f64add, ...op.f64store(16));
  c.push(...get(RB), ...i32(slotBytes), ...op.add, ...tee(RB), ...get(RE), ...op.ltU, ...op.brIf(0));
  c.push(...op.end);
  c.push(...get(Q), ...i32(4), ...op.add, ...set(Q), ...op.br(0));
  c.push(...op.end, ...op.end);
  return c;
}

let compiled: SimdModule | null | undefined;

/** The module (four kernels: Uint16 or Int32 slots, with or without hessians), or null without WebAssembly. */
function histModule(): SimdModule | null {
  if (compiled === undefined) {
    const locals = [
      [7, I32],
      [2, F64],
    ] as const;
    const fns = [false, true].flatMap((wide) =>
      [false, true].map((constHess) => ({ name: `hist${wide ? '32' : '16'}${constHess ? 'c' : 'h'}`, params: 8, locals, body: histBody(wide, constHess) })),
    );
    compiled = compileSimd(wasmEncoding.moduleBytes(fns));
  }
  return compiled;
}

type Kernel = (part: number, start: number, stop: number, slots: number, d: number, g: number, h: number, hist: number) => void;

/** The WebAssembly histogram builder of one fit: its memory regions as typed-array views, and `build`. */
export interface HistKernel {
  /** Row-major slots (write them once). */
  readonly slots: Uint16Array | Int32Array;
  /** Gradients of the current tree (write them before growing it). */
  readonly gradients: Float32Array;
  /** Hessians of the current tree (unused when constant). */
  readonly hessians: Float32Array;
  /** The partition of the sample indices (the grower works on it in place). */
  readonly partition: Int32Array;
  /** A second buffer of n int32 for the partition step. */
  readonly buffer: Int32Array;
  /**
   * Builds the histogram of partition[start, stop) into `out` (`histLen` float64: zeroed here).
   * @param constHess - hessians are constant (only gradients and counts are summed).
   */
  build(start: number, stop: number, constHess: boolean, out: Float64Array): void;
}

/**
 * A kernel instance sized for n samples, d features and `histLen` float64 histogram entries, or
 * null when this host has no WebAssembly (the grower then uses its JavaScript loop, which sums
 * the same way) or when the memory would exceed 2 GiB.
 * @param wide - slots need Int32 (more than 65,536 histogram slots).
 */
export function histKernel(n: number, d: number, histLen: number, wide: boolean): HistKernel | null {
  const mod = histModule();
  if (mod === null) return null;
  const slotBytes = wide ? 4 : 2;
  const align8 = (v: number): number => Math.ceil(v / 8) * 8;
  const slotsAt = 0;
  const gAt = align8(slotsAt + n * d * slotBytes);
  const hAt = gAt + align8(n * 4);
  const partAt = hAt + align8(n * 4);
  const bufAt = partAt + align8(n * 4);
  const histAt = bufAt + align8(n * 4);
  const total = histAt + histLen * 8;
  if (total > 2 ** 31) return null;
  const inst = instantiateSimd(mod, total);
  const buf = inst.memory.buffer;
  const hist = new Float64Array(buf, histAt, histLen);
  const fns = inst.exports as Record<string, Kernel>;
  const kc = fns[wide ? 'hist32c' : 'hist16c']!;
  const kh = fns[wide ? 'hist32h' : 'hist16h']!;
  return {
    slots: wide ? new Int32Array(buf, slotsAt, n * d) : new Uint16Array(buf, slotsAt, n * d),
    gradients: new Float32Array(buf, gAt, n),
    hessians: new Float32Array(buf, hAt, n),
    partition: new Int32Array(buf, partAt, n),
    buffer: new Int32Array(buf, bufAt, n),
    build(start, stop, constHess, out) {
      hist.fill(0);
      (constHess ? kc : kh)(partAt, start, stop, slotsAt, d, gAt, hAt, histAt);
      out.set(hist);
    },
  };
}
