/**
 * The hot loops of growing a boosting tree — building a node's histograms, the larger child's
 * histograms by subtraction, and partitioning a node's samples — behind one interface with two
 * implementations that compute the same numbers in the same order:
 *
 * - {@link wasmHistBackend}: WebAssembly (assembled in code with core's encoding helpers, no
 *   binary file), the default. In JavaScript every typed-array access is bounds-checked; these
 *   loops were two thirds of a fit.
 * - {@link jsHistBackend}: the same loops in JavaScript, for hosts without WebAssembly (and for
 *   the test that checks both grow the same trees).
 *
 * A node's histogram holds, per histogram slot (feature f's bins start at `offsets[f]`), three
 * float64: the sum of gradients, the sum of hessians (0 when hessians are constant) and the count.
 * It is built sample by sample over the row-major slots (`slots[i·d + f]`): one read of a row's
 * slots, gradient and hessian serves every feature. Each slot still receives its samples in
 * partition order, so every sum is the one scikit-learn's feature-by-feature loop computes.
 * Histograms live in one pool (`pool()`, histogram `id` at `id · histLen`) that grows as needed.
 */
import { compileSimd, instantiateSimd, wasmEncoding, type SimdModule, type WasmFunction } from '@mlcompare/core/internal';

/** Where the grower's hot loops run. Views returned by the getters are invalid after {@link HistBackend.ensure} grows the pool. */
export interface HistBackend {
  /** Entries (float64) per histogram: 3 per slot. */
  readonly histLen: number;
  /** Row-major slots `offsets[f] + bin`, n·d (write them once, before the first tree). */
  slots(): Uint16Array | Int32Array;
  /** Column-major compact bins, `bins[f·n + i]` (write them once, before the first tree). */
  bins(): Uint8Array;
  /** The partition of the sample indices (the grower reads it; `split` reorders it). */
  partition(): Int32Array;
  /** Every histogram: histogram `id` is `pool()[id·histLen, (id+1)·histLen)`. */
  pool(): Float64Array;
  /** Makes room for histograms 0..count−1 (growing the pool invalidates earlier views). */
  ensure(count: number): void;
  /** Sets the gradients and hessians of the next tree (hessians of length 1: constant). */
  setGradients(gradients: Float32Array, hessians: Float32Array): void;
  /** Histogram `id` := the sums over partition[start, stop). */
  build(id: number, start: number, stop: number): void;
  /** Histogram `out` := histogram `parent` − histogram `small` (the larger child's). */
  subtract(out: number, parent: number, small: number): void;
  /**
   * Stable partition of partition[start, stop) by feature f: bins <= thr go left, the missing
   * bin (`missingBin`) goes left when `missLeft`; left samples first, both sides in order.
   * @returns the first position of the right side.
   */
  split(start: number, stop: number, f: number, missingBin: number, missLeft: boolean, thr: number): number;
}

// ---------------------------------------------------------------------------- JavaScript

/**
 * The JavaScript implementation.
 * @param n - samples.
 * @param d - features.
 * @param histLen - float64 entries per histogram.
 * @param wide - more than 65,536 slots (Int32 slots instead of Uint16).
 */
export function jsHistBackend(n: number, d: number, histLen: number, wide: boolean): HistBackend {
  const slots = wide ? new Int32Array(n * d) : new Uint16Array(n * d);
  const bins = new Uint8Array(n * d);
  const partition = new Int32Array(n);
  const buffer = new Int32Array(n);
  let pool = new Float64Array(0);
  let g: Float32Array = new Float32Array(0);
  let h: Float32Array = new Float32Array(0);
  let constHess = true;
  return {
    histLen,
    slots: () => slots,
    bins: () => bins,
    partition: () => partition,
    pool: () => pool,
    ensure(count) {
      if (pool.length >= count * histLen) return;
      const grown = new Float64Array(Math.max(count, 2 * (pool.length / histLen)) * histLen);
      grown.set(pool);
      pool = grown;
    },
    setGradients(gradients, hessians) {
      g = gradients;
      h = hessians;
      constHess = hessians.length === 1;
    },
    build(id, start, stop) {
      const hist = pool;
      const hb = id * histLen;
      hist.fill(0, hb, hb + histLen);
      for (let q = start; q < stop; q++) {
        const s = partition[q]!;
        const gi = g[s]!;
        const hi = constHess ? 0 : h[s]!;
        const rb = s * d;
        for (let f = 0; f < d; f++) {
          const k = hb + slots[rb + f]! * 3;
          hist[k]! += gi;
          if (!constHess) hist[k + 1]! += hi;
          hist[k + 2]! += 1;
        }
      }
    },
    subtract(out, parent, small) {
      const o = out * histLen;
      const a = parent * histLen;
      const b = small * histLen;
      for (let k = 0; k < histLen; k++) pool[o + k] = pool[a + k]! - pool[b + k]!;
    },
    split(start, stop, f, missingBin, missLeft, thr) {
      const fb = f * n;
      let w = start;
      let r = 0;
      for (let q = start; q < stop; q++) {
        const s = partition[q]!;
        const b = bins[fb + s]!;
        if (b === missingBin ? missLeft : b <= thr) partition[w++] = s;
        else buffer[r++] = s;
      }
      partition.set(buffer.subarray(0, r), w);
      return w;
    },
  };
}

// ---------------------------------------------------------------------------- WebAssembly

const { get, set, tee, i32, I32, F64 } = wasmEncoding;
const uleb = wasmEncoding.uleb;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (l: number) => [0x0c, ...uleb(l)],
  brIf: (l: number) => [0x0d, ...uleb(l)],
  select: [0x1b],
  eq: [0x46],
  ltU: [0x49],
  leU: [0x4d],
  geU: [0x4f],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  shl: [0x74],
  shrU: [0x76],
  i32load: [0x28, 2, 0],
  i32load8u: [0x2d, 0, 0],
  i32load16u: [0x2f, 1, 0],
  i32store: [0x36, 2, 0],
  f32load: [0x2a, 2, 0],
  f64load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f64store: (offset: number) => [0x39, 3, ...uleb(offset)],
  f64add: [0xa0],
  f64sub: [0xa1],
  promote: [0xbb],
  /** f64.const 1.0 */
  one: [0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
  /** memory.copy (bulk memory) */
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
};

/**
 * hist(part, start, stop, slots, d, g, h, hist): histogram at `hist` += each sample of
 * partition[start, stop): its gradient, hessian (unless constant) and 1 at each of its d slots.
 */
function histBody(wide: boolean, constHess: boolean): number[] {
  const [PART, START, STOP, SLOTS, D, G, H, HIST] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [Q, QEND, S, RB, RE, K, ROWB] = [8, 9, 10, 11, 12, 13, 14];
  const [GI, HI] = [15, 16];
  const c: number[] = [];
  const slotBytes = wide ? 4 : 2;
  c.push(...get(PART), ...get(START), ...i32(2), ...op.shl, ...op.add, ...set(Q));
  c.push(...get(PART), ...get(STOP), ...i32(2), ...op.shl, ...op.add, ...set(QEND));
  c.push(...get(D), ...i32(slotBytes), ...op.mul, ...set(ROWB));
  c.push(...op.block, ...op.loop);
  c.push(...get(Q), ...get(QEND), ...op.geU, ...op.brIf(1));
  c.push(...get(Q), ...op.i32load, ...tee(S), ...i32(2), ...op.shl, ...get(G), ...op.add, ...op.f32load, ...op.promote, ...set(GI));
  if (!constHess) c.push(...get(S), ...i32(2), ...op.shl, ...get(H), ...op.add, ...op.f32load, ...op.promote, ...set(HI));
  c.push(...get(SLOTS), ...get(S), ...get(ROWB), ...op.mul, ...op.add, ...tee(RB), ...get(ROWB), ...op.add, ...set(RE));
  c.push(...op.loop);
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

/** sub(out, a, b, len): out[k] = a[k] − b[k] for len float64 (byte addresses). */
function subBody(): number[] {
  const [OUT, A, B, LEN] = [0, 1, 2, 3];
  const [END] = [4];
  const c: number[] = [];
  c.push(...get(OUT), ...get(LEN), ...i32(3), ...op.shl, ...op.add, ...set(END));
  c.push(...op.block, ...op.loop);
  c.push(...get(OUT), ...get(END), ...op.geU, ...op.brIf(1));
  c.push(...get(OUT), ...get(A), ...op.f64load(0), ...get(B), ...op.f64load(0), ...op.f64sub, ...op.f64store(0));
  for (const p of [OUT, A, B]) c.push(...get(p), ...i32(8), ...op.add, ...set(p));
  c.push(...op.br(0), ...op.end, ...op.end);
  return c;
}

/**
 * split(part, buf, start, stop, col, missingBin, missLeft, thr, result): stable partition of
 * partition[start, stop) (int32 at `part`) by the bins at `col` (one byte per sample), left
 * first; writes the first right position (an index) as int32 at `result`.
 */
function splitBody(): number[] {
  const [PART, BUF, START, STOP, COL, MISSBIN, MISSLEFT, THR, RESULT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [Q, QEND, W, R, S, B, LEFT] = [9, 10, 11, 12, 13, 14, 15];
  const c: number[] = [];
  c.push(...get(PART), ...get(START), ...i32(2), ...op.shl, ...op.add, ...tee(Q), ...set(W));
  c.push(...get(PART), ...get(STOP), ...i32(2), ...op.shl, ...op.add, ...set(QEND));
  c.push(...get(BUF), ...set(R));
  c.push(...op.block, ...op.loop);
  c.push(...get(Q), ...get(QEND), ...op.geU, ...op.brIf(1));
  c.push(...get(Q), ...op.i32load, ...set(S));
  c.push(...get(COL), ...get(S), ...op.add, ...op.i32load8u, ...set(B));
  // left = b == missingBin ? missLeft : b <= thr
  c.push(...get(MISSLEFT), ...get(B), ...get(THR), ...op.leU, ...get(B), ...get(MISSBIN), ...op.eq, ...op.select, ...set(LEFT));
  // Both sides get s; one of them advances (no branch on the unpredictable side).
  c.push(...get(W), ...get(S), ...op.i32store, ...get(R), ...get(S), ...op.i32store);
  c.push(...get(W), ...get(LEFT), ...i32(2), ...op.shl, ...op.add, ...set(W));
  c.push(...get(R), ...i32(1), ...get(LEFT), ...op.sub, ...i32(2), ...op.shl, ...op.add, ...set(R));
  c.push(...get(Q), ...i32(4), ...op.add, ...set(Q), ...op.br(0));
  c.push(...op.end, ...op.end);
  // memory.copy(w, buf, r − buf); result = (w − part) >> 2
  c.push(...get(W), ...get(BUF), ...get(R), ...get(BUF), ...op.sub, ...op.memoryCopy);
  c.push(...get(RESULT), ...get(W), ...get(PART), ...op.sub, ...i32(2), ...op.shrU, ...op.i32store);
  return c;
}

let compiled: SimdModule | null | undefined;

/** The module, or null without WebAssembly (or without its bulk-memory instructions). */
function histModule(): SimdModule | null {
  if (compiled === undefined) {
    const histLocals = [
      [7, I32],
      [2, F64],
    ] as const;
    const fns: WasmFunction[] = [false, true].flatMap((wide) =>
      [false, true].map((constHess) => ({ name: `hist${wide ? '32' : '16'}${constHess ? 'c' : 'h'}`, params: 8, locals: histLocals, body: histBody(wide, constHess) })),
    );
    fns.push({ name: 'sub', params: 4, locals: [[1, I32]] as const, body: subBody() });
    fns.push({ name: 'split', params: 9, locals: [[7, I32]] as const, body: splitBody() });
    compiled = compileSimd(wasmEncoding.moduleBytes(fns));
  }
  return compiled;
}

type Fn = (...args: number[]) => void;

/**
 * The WebAssembly implementation, or null when this host has no WebAssembly or the data would
 * not fit in 2 GiB of its memory (the grower then uses {@link jsHistBackend}).
 * @param n - samples.
 * @param d - features.
 * @param histLen - float64 entries per histogram.
 * @param wide - more than 65,536 slots (Int32 slots instead of Uint16).
 * @param histograms - histograms to make room for at first.
 */
export function wasmHistBackend(n: number, d: number, histLen: number, wide: boolean, histograms: number): HistBackend | null {
  const mod = histModule();
  if (mod === null) return null;
  const slotBytes = wide ? 4 : 2;
  const align8 = (v: number): number => Math.ceil(v / 8) * 8;
  const slotsAt = 0;
  const binsAt = align8(slotsAt + n * d * slotBytes);
  const gAt = align8(binsAt + n * d);
  const hAt = gAt + align8(n * 4);
  const partAt = hAt + align8(n * 4);
  const bufAt = partAt + align8(n * 4);
  const resultAt = bufAt + align8(n * 4);
  const poolAt = resultAt + 8;
  const histBytes = histLen * 8;
  if (poolAt + histograms * histBytes > 2 ** 31) return null;
  const inst = instantiateSimd(mod, poolAt + histograms * histBytes);
  const memory = inst.memory;
  const fns = inst.exports as Record<string, Fn>;
  const kc = fns[wide ? 'hist32c' : 'hist16c']!;
  const kh = fns[wide ? 'hist32h' : 'hist16h']!;
  const sub = fns.sub!;
  const split = fns.split!;
  let constHess = true;
  let buf: ArrayBuffer | null = null;
  let views!: { slots: Uint16Array | Int32Array; bins: Uint8Array; g: Float32Array; h: Float32Array; part: Int32Array; pool: Float64Array; result: Int32Array };
  const v = (): typeof views => {
    if (memory.buffer !== buf) {
      buf = memory.buffer;
      views = {
        slots: wide ? new Int32Array(buf, slotsAt, n * d) : new Uint16Array(buf, slotsAt, n * d),
        bins: new Uint8Array(buf, binsAt, n * d),
        g: new Float32Array(buf, gAt, n),
        h: new Float32Array(buf, hAt, n),
        part: new Int32Array(buf, partAt, n),
        pool: new Float64Array(buf, poolAt, Math.floor((buf.byteLength - poolAt) / histBytes) * histLen),
        result: new Int32Array(buf, resultAt, 1),
      };
    }
    return views;
  };
  return {
    histLen,
    slots: () => v().slots,
    bins: () => v().bins,
    partition: () => v().part,
    pool: () => v().pool,
    ensure(count) {
      const have = v().pool.length / histLen;
      if (have >= count) return;
      const want = Math.max(count, 2 * have);
      const bytes = poolAt + want * histBytes;
      if (bytes > 2 ** 32) throw new RangeError(`boosting histograms need ${bytes} bytes, more than WebAssembly's 4 GiB`);
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    },
    setGradients(gradients, hessians) {
      const w = v();
      w.g.set(gradients);
      constHess = hessians.length === 1;
      if (!constHess) w.h.set(hessians);
    },
    build(id, start, stop) {
      const hb = id * histLen;
      v().pool.fill(0, hb, hb + histLen);
      (constHess ? kc : kh)(partAt, start, stop, slotsAt, d, gAt, hAt, poolAt + hb * 8);
    },
    subtract(out, parent, small) {
      sub(poolAt + out * histBytes, poolAt + parent * histBytes, poolAt + small * histBytes, histLen);
    },
    split(start, stop, f, missingBin, missLeft, thr) {
      split(partAt, bufAt, start, stop, binsAt + f * n, missingBin, missLeft ? 1 : 0, thr, resultAt);
      return v().result[0]!;
    },
  };
}

// ---------------------------------------------------------------------------- prediction

/**
 * tree(X, n, d, feature, threshold, missingLeft, left, right, value, root, out, K): for each row
 * of X (float64, row-major), walks one tree from `root` (x <= threshold goes left; NaN goes left
 * when missingLeft) and adds the leaf's value to out[i·K] (`out` already offset to the output).
 * The side is chosen with `select`, not a branch: a tree walk's turns are unpredictable.
 */
function predictBody(): number[] {
  const [X, N, D, FEAT, THR, MISS, LEFT, RIGHT, VALUE, ROOT, OUT, K] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [I, ROW, O, NODE, L] = [12, 13, 14, 15, 16];
  const [XV] = [17];
  const c: number[] = [];
  const f64le = [0x65];
  const f64ne = [0x62];
  const and = [0x71];
  const or = [0x72];
  const ltS = [0x48];
  c.push(...i32(0), ...set(I), ...get(X), ...set(ROW), ...get(OUT), ...set(O));
  c.push(...op.block, ...op.loop);
  c.push(...get(I), ...get(N), ...op.geU, ...op.brIf(1));
  c.push(...get(ROOT), ...set(NODE));
  c.push(...op.block, ...op.loop);
  // l = left[node]; a leaf when l < 0
  c.push(...get(LEFT), ...get(NODE), ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...tee(L), ...i32(0), ...ltS, ...op.brIf(1));
  // x = X[row + feature[node]]
  c.push(...get(ROW), ...get(FEAT), ...get(NODE), ...i32(2), ...op.shl, ...op.add, ...op.i32load, ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...set(XV));
  // node = (x <= thr[node]) | (x != x & missingLeft[node]) ? l : right[node]
  c.push(...get(L), ...get(RIGHT), ...get(NODE), ...i32(2), ...op.shl, ...op.add, ...op.i32load);
  c.push(...get(XV), ...get(THR), ...get(NODE), ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...f64le);
  c.push(...get(XV), ...get(XV), ...f64ne, ...get(MISS), ...get(NODE), ...op.add, ...op.i32load8u, ...and, ...or);
  c.push(...op.select, ...set(NODE), ...op.br(0));
  c.push(...op.end, ...op.end);
  // out[o] += value[node]
  c.push(...get(O), ...get(O), ...op.f64load(0), ...get(VALUE), ...get(NODE), ...i32(3), ...op.shl, ...op.add, ...op.f64load(0), ...op.f64add, ...op.f64store(0));
  c.push(...get(O), ...get(K), ...i32(3), ...op.shl, ...op.add, ...set(O));
  c.push(...get(ROW), ...get(D), ...i32(3), ...op.shl, ...op.add, ...set(ROW));
  c.push(...get(I), ...i32(1), ...op.add, ...set(I), ...op.br(0));
  c.push(...op.end, ...op.end);
  return c;
}

let predictCompiled: SimdModule | null | undefined;

function predictModule(): SimdModule | null {
  if (predictCompiled === undefined) {
    const locals = [
      [5, I32],
      [1, F64],
    ] as const;
    predictCompiled = compileSimd(wasmEncoding.moduleBytes([{ name: 'tree', params: 12, locals, body: predictBody() }]));
  }
  return predictCompiled;
}

/** The packed trees {@link wasmAddTrees} walks. */
export interface PackedTrees {
  /** First node of each tree, then the node count. */
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/**
 * Adds every tree's leaf value to `out` (n × K, tree t into output t mod K), tree after tree as
 * the JavaScript loop of `rawPredict` does (the same sums), in WebAssembly. Returns false (and
 * changes nothing) when this host has no WebAssembly or the data would not fit in 2 GiB.
 * @param t - the packed trees (node indexes are absolute).
 * @param data - rows, row-major float64 (NaN = missing).
 */
export function wasmAddTrees(t: PackedTrees, data: Float64Array, n: number, d: number, K: number, out: Float64Array): boolean {
  const mod = predictModule();
  if (mod === null) return false;
  const nodes = t.feature.length;
  const align8 = (v: number): number => Math.ceil(v / 8) * 8;
  const xAt = 0;
  const outAt = xAt + n * d * 8;
  const thrAt = outAt + n * K * 8;
  const valueAt = thrAt + nodes * 8;
  const featAt = valueAt + nodes * 8;
  const leftAt = featAt + nodes * 4;
  const rightAt = leftAt + nodes * 4;
  const missAt = rightAt + nodes * 4;
  const total = align8(missAt + nodes);
  if (total > 2 ** 31) return false;
  const inst = instantiateSimd(mod, total);
  const buf = inst.memory.buffer;
  new Float64Array(buf, xAt, n * d).set(data.subarray(0, n * d));
  const o = new Float64Array(buf, outAt, n * K);
  o.set(out);
  new Float64Array(buf, thrAt, nodes).set(t.threshold);
  new Float64Array(buf, valueAt, nodes).set(t.value);
  new Int32Array(buf, featAt, nodes).set(t.feature);
  new Int32Array(buf, leftAt, nodes).set(t.left);
  new Int32Array(buf, rightAt, nodes).set(t.right);
  new Uint8Array(buf, missAt, nodes).set(t.missingLeft);
  const tree = inst.exports.tree as Fn;
  const nTrees = t.roots.length - 1;
  for (let k = 0; k < nTrees; k++) tree(xAt, n, d, featAt, thrAt, missAt, leftAt, rightAt, valueAt, t.roots[k]!, outAt + (k % K) * 8, K);
  out.set(o);
  return true;
}
