/**
 * libsvm 3's training algorithm (`svm.cpp`: `Cache`, `Kernel`, `Solver`, `SVC_Q`, `SVR_Q`,
 * `solve_c_svc`, `solve_epsilon_svr`, the one-vs-one grouping of `svm_train` and
 * `svm_predict_values`) in TypeScript, on dense rows. Written after libsvm's published algorithm
 * (Fan, Chen and Lin, "Working set selection using second order information for training SVM",
 * JMLR 6, 2005; Chang and Lin, "LIBSVM: a library for support vector machines", 2011) so that
 * every floating-point step is libsvm's: the same working-set selection (WSS 3), the same
 * shrinking and gradient reconstruction, kernel columns kept as 32-bit floats (`Qfloat`) with the
 * same rounding, and rho from the free variables. It gives scikit-learn's models (scikit-learn
 * 1.2.1 runs libsvm on dense rows too) without the costs of libsvm-js: no copy of each row into a
 * WebAssembly heap as index/value nodes, no sparse dot products, no model text to parse.
 *
 * What differs from libsvm's C code: the kernel cache (which cannot change a result: the values in
 * it are the same whichever columns it keeps), and the dot products, summed by core's SIMD kernel
 * (two running sums, over even and odd features) rather than feature by feature. scikit-learn's
 * libsvm sums them with BLAS `ddot`, in yet another order; such differences move dual coefficients
 * by about 1e-12 and leave scikit-learn's parity tests as they were (test/parity.test.ts).
 */
import { pairwiseDots, type PairwiseDots } from '@mlcompare/core/internal';
import { powi, rowSquares, type KernelParams } from './kernel.js';

/** A kernel function and its coefficients, as libsvm's `svm_parameter`. */
type SolverKernel = KernelParams;

/** What one solver run ended with. */
interface SolveResult {
  /** Dual coefficients (times the labels for SVC; α − α* for SVR), one per training row. */
  alpha: Float64Array;
  rho: number;
  iterations: number;
  /** Whether the run stopped at libsvm's iteration limit max(10⁷, 100 × variables). */
  reachedLimit: boolean;
}

const TAU = 1e-12;
const INF = Number.POSITIVE_INFINITY;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

/** 2^(j/128) for j < 128 (the table of {@link exp}). */
const EXP_TABLE = Float64Array.from({ length: 128 }, (_, j) => 2 ** (j / 128));
const EXP_INV = 128 / Math.LN2;
/** ln 2 / 128 in two parts: the high part has 32 trailing zero bits, so k · hi is exact for |k| < 2^20. */
const EXP_LN2_HI = 6.93147180369123816490e-1 / 128;
const EXP_LN2_LO = 1.90821492927058770002e-10 / 128;
/** 1.5 · 2^52: adding it rounds to an integer (round half to even). */
const EXP_SHIFT = 6755399441055744;
/** 2^m for m in [−1022, 1023] (exact powers of two). */
const EXP_SCALE = Float64Array.from({ length: 2046 }, (_, i) => 2 ** (i - 1022));

/**
 * e^x to within about one unit in the last place, as a C library computes it (the method of
 * glibc's and ARM's optimized-routines `exp`: x = k·ln2/128 + r, e^x = 2^(k/128) · e^r with a
 * 128-entry table and a degree-5 polynomial for |r| ≤ ln2/256, whose truncation error is below
 * 1e-18). Math.exp is V8's port of fdlibm's, also within one unit; this one is three to four times
 * faster in the kernel loops, where it takes most of the time of a fit (see the README, "Speed").
 * Outside [−708, 709] (subnormal or infinite results) and for NaN it is Math.exp.
 */
export function exp(x: number): number {
  if (!(x > -708 && x < 709)) return Math.exp(x);
  const k = x * EXP_INV + EXP_SHIFT - EXP_SHIFT;
  const r = x - k * EXP_LN2_HI - k * EXP_LN2_LO;
  const ki = k | 0;
  const j = ki & 127;
  const t = EXP_TABLE[j]! * EXP_SCALE[((ki - j) >> 7) + 1022]!;
  const p = r + r * r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120))));
  return t + t * p;
}

/** Doubles of dot-product scratch kept from call to call (64 MiB; a larger need gets a memory of its own). */
const ARENA_KEEP = 8 * 2 ** 20;
let arena: { mem: PairwiseDots; view: Float64Array } | undefined;

/**
 * Views of the given lengths (doubles, each 16-byte aligned) in one pairwise-dot memory: the one
 * kept from earlier calls when it is large enough (a WebAssembly memory costs a fresh mapping and
 * work for the garbage collector; on the small data sets that was most of a fit). Valid until
 * the next call: a fit and a prediction each run to the end without yielding.
 */
function scratchViews(lengths: number[]): { mem: PairwiseDots; views: Float64Array[] } {
  const total = lengths.reduce((a, b) => a + b + (b & 1), 0);
  let a = arena;
  if (!a || a.view.length < total) {
    const size = total <= ARENA_KEEP ? Math.min(ARENA_KEEP, Math.max(total, 2 * (arena?.view.length ?? 0))) : total;
    const mem = pairwiseDots(size, 1);
    a = { mem, view: mem.alloc(size) };
    if (size <= ARENA_KEEP) arena = a;
  }
  let off = 0;
  const view = a.view;
  const views = lengths.map((len) => {
    const v = view.subarray(off, off + len);
    off += len + (len & 1);
    return v;
  });
  return { mem: a.mem, views };
}

/** Floats of kernel cache kept from fit to fit (16 MiB; a larger cache is allocated for its fit). */
const POOL_KEEP = 4 * 2 ** 20;
let sharedPool: Float32Array | undefined;

/** A block of at least `floats` floats for a kernel cache (its contents are garbage). */
function cachePool(floats: number): Float32Array {
  if (floats > POOL_KEEP) return new Float32Array(floats);
  if (!sharedPool || sharedPool.length < floats) sharedPool = new Float32Array(Math.min(POOL_KEEP, Math.max(floats, 2 * (sharedPool?.length ?? 0))));
  return sharedPool;
}

/**
 * Floats of the classes' kernel matrices that one-vs-one computes up front (16 MiB, kept from fit
 * to fit): a class's rows meet in each of the nrClass − 1 pairs that include it, and computing
 * their kernel values once instead of in each pair was a fifth of the digits fit.
 */
const BLOCKS_MAX = 4 * 2 ** 20;
let sharedBlocks: Float32Array | undefined;

/** A block of at least `floats` floats (≤ BLOCKS_MAX) for the classes' kernel matrices. */
function blockPool(floats: number): Float32Array {
  if (!sharedBlocks || sharedBlocks.length < floats) sharedBlocks = new Float32Array(Math.min(BLOCKS_MAX, Math.max(floats, 2 * (sharedBlocks?.length ?? 0))));
  return sharedBlocks;
}

/**
 * Dense rows in a WebAssembly memory with libsvm's kernel functions, whose dot products run on
 * core's SIMD pairwise-dot kernel (or its JavaScript twin, which sums in the same order). The
 * rows are kept twice: in their own order, or grouped by class ({@link DenseKernel.groupRows}),
 * and in the order of the current sub-problem's positions (for SVC, swapped as libsvm swaps
 * them), so that the rows of a kernel column are always contiguous. (Precomputing the whole kernel matrix for
 * one-vs-one, as the 'libsvm-js' engine does on digits, was measured here and did not pay: the
 * sub-problems compute only some of their columns. Each class's own block of it does pay, since
 * nrClass − 1 pairs share it: {@link DenseKernel.fillBlock}.)
 */
export class DenseKernel {
  private readonly mem: PairwiseDots;
  /** The rows, n × d, in their own order (or in the order given to {@link groupRows}). */
  private readonly rowsView: Float64Array;
  /** The rows of the current sub-problem in position order. */
  private readonly posView: Float64Array;
  /** The whole memory that rowsView and posView are views of (for copyWithin between them). */
  private readonly all: Float64Array;
  /** Scratch: one column of dot products. */
  private readonly dots: Float64Array;
  /** ‖x_i‖² of every row, summed as the dot products are (so K(x, x) is exact for rbf). */
  private readonly dataSquares: Float64Array;
  /** The same in rowsView's order. */
  private readonly squares: Float64Array;
  /** Whether rowsView is in an order given to {@link groupRows} rather than the data's. */
  private grouped = false;
  /** ‖x‖² of the sub-problem's rows, in position order. */
  private readonly posSquares: Float64Array;

  constructor(
    /** The rows, n × d row-major (read, never written). */
    readonly data: Float64Array,
    readonly n: number,
    readonly d: number,
    readonly k: SolverKernel,
  ) {
    const { mem, views } = scratchViews([n * d, n * d, n]);
    this.mem = mem;
    [this.rowsView, this.posView, this.dots] = views as [Float64Array, Float64Array, Float64Array];
    this.all = new Float64Array(this.rowsView.buffer);
    this.rowsView.set(data.subarray(0, n * d));
    this.dataSquares = rowSquares(data, n, d);
    this.squares = Float64Array.from(this.dataSquares);
    this.posSquares = new Float64Array(n);
  }

  /**
   * Puts the rows in the order `perm` (row p becomes data row perm[p]), or back in the data's
   * order without it: the indices that {@link diagonal}, {@link loadPositions} and
   * {@link fillRows} take are those of this order. One-vs-one groups the rows by class, so that a
   * sub-problem's rows are two runs to copy.
   */
  groupRows(perm?: Int32Array): void {
    if (!perm && !this.grouped) return;
    // Set before the loops: a store after them, first made once they had been compiled, sent
    // that code back to the interpreter on every call.
    this.grouped = perm !== undefined;
    const { d, n } = this;
    const src = this.data;
    const dst = this.rowsView;
    if (!perm) {
      dst.set(src.subarray(0, n * d));
      this.squares.set(this.dataSquares);
    } else {
      // One loop for rows and squares (a second loop, first reached after the first was
      // compiled, threw that code away on every fit).
      const sq = this.squares;
      const dataSq = this.dataSquares;
      for (let p = 0; p < n; p++) {
        const r = perm[p]!;
        const o = r * d;
        const q = p * d;
        for (let f = 0; f < d; f++) dst[q + f] = src[o + f]!;
        sq[p] = dataSq[r]!;
      }
    }
  }

  /** K from a dot product and the two squares, as libsvm's `Kernel::kernel_*`. */
  private apply(dot: number, sa: number, sb: number): number {
    const { kernel, gamma, degree, coef0 } = this.k;
    if (kernel === 'rbf') return exp(-gamma * (sa + sb - 2 * dot));
    if (kernel === 'linear') return dot;
    if (kernel === 'poly') return powi(gamma * dot + coef0, degree);
    return Math.tanh(gamma * dot + coef0);
  }

  /** K(x_a, x_a) for row a. */
  diagonal(a: number): number {
    const s = this.squares[a]!;
    return this.apply(s, s, s);
  }

  /** Copies rows `rows` (a sub-problem, in position order) next to the kernel: each run of consecutive rows in one move. */
  loadPositions(rows: Int32Array): void {
    const d = this.d;
    const src = this.rowsView.byteOffset / 8;
    const dst = this.posView.byteOffset / 8;
    const sq = this.squares;
    const psq = this.posSquares;
    for (let p = 0; p < rows.length; ) {
      const r = rows[p]!;
      let q = p + 1;
      while (q < rows.length && rows[q] === r + (q - p)) q++;
      this.all.copyWithin(dst + p * d, src + r * d, src + (r + q - p) * d);
      for (let t = p; t < q; t++) psq[t] = sq[r + (t - p)]!;
      p = q;
    }
  }

  /** Positions i and j of the sub-problem trade rows. */
  swapPositions(i: number, j: number): void {
    const d = this.d;
    const v = this.posView;
    for (let f = 0; f < d; f++) {
      const t = v[i * d + f]!;
      v[i * d + f] = v[j * d + f]!;
      v[j * d + f] = t;
    }
    const t = this.posSquares[i]!;
    this.posSquares[i] = this.posSquares[j]!;
    this.posSquares[j] = t;
  }

  /**
   * out[j] = (Qfloat) sign · K(position a, position j) for j in [from, to) of the sub-problem
   * (libsvm's `SVC_Q::get_Q`); `signs` are the positions' labels.
   */
  fillPositions(a: number, from: number, to: number, out: Float32Array, signs: Int8Array): void {
    if (to <= from) return;
    const d = this.d;
    const v = this.posView;
    this.mem.dots(v.subarray(a * d, (a + 1) * d), 1, d, v.subarray(from * d, to * d), to - from, d, d, this.dots, to - from);
    this.transform(from, to, this.posSquares, a, out, signs[a]!, signs);
  }

  /**
   * out[off + u·count + v] = (Qfloat) K(row first + u, row first + v) for u, v < count: the kernel
   * matrix of a run of rows (one class, in the grouped order), each value as
   * {@link fillPositions} computes it (the dot product of two rows is the same in either order
   * and in any block of the SIMD kernel).
   */
  fillBlock(first: number, count: number, out: Float32Array, off: number): void {
    const { d, n } = this;
    const chunk = Math.max(1, Math.floor(n / count));
    const rows = this.rowsView.subarray(first * d, (first + count) * d);
    for (let u = 0; u < count; u += chunk) {
      const m = Math.min(chunk, count - u);
      this.mem.dots(rows.subarray(u * d, (u + m) * d), m, d, rows, count, d, d, this.dots, count);
      for (let w = 0; w < m; w++) this.transformInto(this.dots, w * count, first, first + count, this.squares, first + u + w, out, off + (u + w) * count - first);
    }
  }

  /** out[j] = (Qfloat) K(row a, row j) for every row j (libsvm's kernel column in `SVR_Q::get_Q`). */
  fillRows(a: number, out: Float32Array): void {
    const { d, n } = this;
    this.mem.dots(this.rowsView.subarray(a * d, (a + 1) * d), 1, d, this.rowsView, n, d, d, this.dots, n);
    this.transform(0, n, this.squares, a, out, 1, undefined);
  }

  private transform(from: number, to: number, sq: Float64Array, a: number, out: Float32Array, signA: number, signs: Int8Array | undefined): void {
    if (!signs) {
      this.transformInto(this.dots, 0, from, to, sq, a, out, 0);
      return;
    }
    const dots = this.dots;
    const { kernel, gamma, degree, coef0 } = this.k;
    const sa = sq[a]!;
    const len = to - from;
    if (kernel === 'rbf') {
      const g = -gamma;
      for (let t = 0; t < len; t++) out[from + t] = signA * signs[from + t]! * exp(g * (sa + sq[from + t]! - 2 * dots[t]!));
      return;
    }
    for (let t = 0; t < len; t++) {
      const dot = dots[t]!;
      const v = kernel === 'linear' ? dot : kernel === 'poly' ? powi(gamma * dot + coef0, degree) : Math.tanh(gamma * dot + coef0);
      out[from + t] = signA * signs[from + t]! * v;
    }
  }

  /** out[shift + from + t] = (Qfloat) K from the dot product dots[off + t] of row a and row from + t. */
  private transformInto(dots: Float64Array, off: number, from: number, to: number, sq: Float64Array, a: number, out: Float32Array, shift: number): void {
    const { kernel, gamma, degree, coef0 } = this.k;
    const sa = sq[a]!;
    const len = to - from;
    const o = shift + from;
    if (kernel === 'rbf') {
      const g = -gamma;
      for (let t = 0; t < len; t++) out[o + t] = exp(g * (sa + sq[from + t]! - 2 * dots[off + t]!));
      return;
    }
    for (let t = 0; t < len; t++) {
      const dot = dots[off + t]!;
      out[o + t] = kernel === 'linear' ? dot : kernel === 'poly' ? powi(gamma * dot + coef0, degree) : Math.tanh(gamma * dot + coef0);
    }
  }
}

/**
 * libsvm's kernel-column cache: least recently used columns are dropped when the budget is spent.
 * Unlike libsvm's (one `malloc` per column, `realloc` as it grows), its memory is one block cut in
 * slots of l floats, allocated once: a column may hold fewer computed entries than l (only the
 * active ones were needed) and is extended in place.
 */
class Cache {
  private readonly pool: Float32Array;
  private readonly views: Array<Float32Array | undefined>;
  private readonly free: number[] = [];
  private unused = 0;
  private readonly slots: number;
  /** Column → its slot, or −1. */
  private readonly slotOf: Int32Array;
  /** Computed entries of each column (0 when not cached). */
  private readonly len: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;

  /** How many entries of the column returned by the last {@link get} were already computed. */
  start = 0;

  /**
   * @param pool - a block to cut the slots from (the one-vs-one sub-problems share one), at least
   *   {@link Cache.poolSize} floats.
   */
  constructor(
    private readonly l: number,
    sizeBytes: number,
    pool?: Float32Array,
  ) {
    this.slots = Cache.slotsFor(l, sizeBytes);
    this.pool = pool ?? cachePool(this.slots * l);
    // Filled with undefined now, so that its elements kind does not change at the first column.
    this.views = new Array<Float32Array | undefined>(this.slots).fill(undefined);
    this.slotOf = new Int32Array(l).fill(-1);
    this.len = new Int32Array(l);
    // Node l is the list head.
    this.prev = new Int32Array(l + 1).fill(l);
    this.next = new Int32Array(l + 1).fill(l);
  }

  /** Columns of l floats the budget holds (at least 2, at most l). */
  static slotsFor(l: number, sizeBytes: number): number {
    return Math.max(2, Math.min(l, Math.floor(sizeBytes / 4 / Math.max(1, l))));
  }

  /** Floats of the block of a cache for l variables. */
  static poolSize(l: number, sizeBytes: number): number {
    return Cache.slotsFor(l, sizeBytes) * l;
  }

  private unlink(h: number): void {
    this.next[this.prev[h]!] = this.next[h]!;
    this.prev[this.next[h]!] = this.prev[h]!;
  }

  private append(h: number): void {
    const l = this.l;
    this.next[h] = l;
    this.prev[h] = this.prev[l]!;
    this.next[this.prev[h]!] = h;
    this.prev[l] = h;
  }

  private drop(h: number): void {
    this.unlink(h);
    this.free.push(this.slotOf[h]!);
    this.slotOf[h] = -1;
    this.len[h] = 0;
  }

  private view(slot: number): Float32Array {
    return (this.views[slot] ??= this.pool.subarray(slot * this.l, (slot + 1) * this.l));
  }

  /**
   * Column `index` (room for l entries); {@link start} says how many of its first `len` entries
   * are already computed, and the caller computes the rest. The column stays valid until
   * `slots − 1` other columns have been fetched.
   */
  get(index: number, len: number): Float32Array {
    let slot = this.slotOf[index]!;
    const have = this.len[index]!;
    if (slot >= 0) this.unlink(index);
    else {
      if (this.free.length > 0) slot = this.free.pop()!;
      else if (this.unused < this.slots) slot = this.unused++;
      else {
        this.drop(this.next[this.l]!);
        slot = this.free.pop()!;
      }
      this.slotOf[index] = slot;
    }
    this.len[index] = Math.max(have, len);
    this.append(index);
    this.start = Math.min(have, len);
    return this.view(slot);
  }

  /** Positions i and j trade places (libsvm's `Cache::swap_index`). */
  swap(i: number, j: number): void {
    if (i === j) return;
    const li = this.len[i]!;
    const lj = this.len[j]!;
    if (li) this.unlink(i);
    if (lj) this.unlink(j);
    const si = this.slotOf[i]!;
    this.slotOf[i] = this.slotOf[j]!;
    this.slotOf[j] = si;
    this.len[i] = lj;
    this.len[j] = li;
    if (lj) this.append(i);
    if (li) this.append(j);
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const l = this.l;
    const pool = this.pool;
    for (let h = this.next[l]!; h !== l; ) {
      const nh = this.next[h]!;
      const hl = this.len[h]!;
      if (hl > lo) {
        if (hl > hi) {
          const o = this.slotOf[h]! * l;
          const t = pool[o + lo]!;
          pool[o + lo] = pool[o + hi]!;
          pool[o + hi] = t;
        } else this.drop(h);
      }
      h = nh;
    }
  }
}

/** The Q matrix of a dual problem: Q_ij = y_i y_j K(x_i, x_j) (SVC) or its 2l-variable form (SVR). */
interface QMatrix {
  /** Row i of Q for the first `len` (active) positions. */
  getQ(i: number, len: number): Float32Array;
  /** Q_ii for every position (a double, as libsvm's QD). */
  readonly QD: Float64Array;
  swap(i: number, j: number): void;
}

/** libsvm's `SVC_Q` (also the Q of a binary sub-problem of one-vs-one). */
class SvcQ implements QMatrix {
  readonly QD: Float64Array;
  private readonly cache: Cache;
  private readonly y: Int8Array;
  /** Whether a swap has moved the positions from their first order (then `blocks` no longer applies). */
  private moved = false;

  /**
   * @param blocks - for a one-vs-one pair whose positions are class i's rows then class j's
   *   (`ni` of them): each class's kernel matrix (see {@link ClassBlocks}), from which the
   *   within-class part of a column is copied instead of computed.
   */
  constructor(
    private readonly kernel: DenseKernel,
    rows: Int32Array,
    y: Int8Array,
    cacheBytes: number,
    pool?: Float32Array,
    private readonly blocks?: { within: Float32Array; offI: number; offJ: number; ni: number },
  ) {
    const l = rows.length;
    kernel.loadPositions(rows);
    this.y = Int8Array.from(y);
    this.cache = new Cache(l, cacheBytes, pool);
    this.QD = new Float64Array(l);
    for (let p = 0; p < l; p++) this.QD[p] = kernel.diagonal(rows[p]!);
  }

  getQ(i: number, len: number): Float32Array {
    const col = this.cache.get(i, len);
    const start = this.cache.start;
    if (start < len) {
      if (this.blocks && !this.moved) this.fillFromBlocks(i, start, len, col);
      else this.kernel.fillPositions(i, start, len, col, this.y);
    }
    return col;
  }

  /**
   * Column a on [from, to): within a's class, Q = y_a·y_t·K = K (the same labels), copied from
   * the class's kernel matrix; across, computed.
   */
  private fillFromBlocks(a: number, from: number, to: number, out: Float32Array): void {
    const { within, offI, offJ, ni } = this.blocks!;
    const l = this.y.length;
    if (a < ni) {
      const w = Math.min(to, ni);
      if (from < w) out.set(within.subarray(offI + a * ni + from, offI + a * ni + w), from);
      this.kernel.fillPositions(a, Math.max(from, ni), to, out, this.y);
    } else {
      const nj = l - ni;
      this.kernel.fillPositions(a, from, Math.min(to, ni), out, this.y);
      const w = Math.max(from, ni);
      const row = offJ + (a - ni) * nj - ni;
      if (w < to) out.set(within.subarray(row + w, row + to), w);
    }
  }

  swap(i: number, j: number): void {
    this.cache.swap(i, j);
    this.kernel.swapPositions(i, j);
    swapI8(this.y, i, j);
    swapF64(this.QD, i, j);
    this.moved = true;
  }
}

/** Signed columns an {@link SvrQ} keeps (the last ones asked for). */
const SVR_BUFFERS = 4;

/**
 * libsvm's `SVR_Q`: 2l variables over l rows; columns cached per row, signed per position.
 * libsvm signs a row's column into one of two buffers on every call; the solver asks for the
 * same position two or three times in an iteration (the selection, then the update), so the
 * last few signed columns are kept until the positions move (a swap), and the signing is done
 * as two plain halves while no swap has happened (position k is row k mod l, + for k < l).
 */
class SvrQ implements QMatrix {
  readonly QD: Float64Array;
  private readonly cache: Cache;
  private readonly sign: Int8Array;
  private readonly index: Int32Array;
  private readonly buffers: Float32Array[];
  /** The position whose signed column each buffer holds (−1: none), its length, and when it was last used. */
  private readonly bufPos = new Int32Array(SVR_BUFFERS).fill(-1);
  private readonly bufLen = new Int32Array(SVR_BUFFERS);
  private readonly bufUsed = new Float64Array(SVR_BUFFERS);
  private clock = 0;
  /** Whether a swap has moved the positions from their first order. */
  private moved = false;

  constructor(
    private readonly kernel: DenseKernel,
    private readonly l: number,
    cacheBytes: number,
  ) {
    this.cache = new Cache(l, cacheBytes);
    this.QD = new Float64Array(2 * l);
    this.sign = new Int8Array(2 * l);
    this.index = new Int32Array(2 * l);
    for (let k = 0; k < l; k++) {
      this.sign[k] = 1;
      this.sign[k + l] = -1;
      this.index[k] = k;
      this.index[k + l] = k;
      this.QD[k] = kernel.diagonal(k);
      this.QD[k + l] = this.QD[k]!;
    }
    this.buffers = Array.from({ length: SVR_BUFFERS }, () => new Float32Array(2 * l));
  }

  getQ(i: number, len: number): Float32Array {
    let b = -1;
    for (let t = 0; t < SVR_BUFFERS; t++) if (this.bufPos[t] === i) b = t;
    if (b >= 0 && this.bufLen[b]! >= len) {
      this.bufUsed[b] = ++this.clock;
      return this.buffers[b]!;
    }
    if (b < 0) {
      // The least recently used buffer: never the one returned last, which the caller may still hold.
      b = 0;
      for (let t = 1; t < SVR_BUFFERS; t++) if (this.bufUsed[t]! < this.bufUsed[b]!) b = t;
      this.bufPos[b] = i;
      this.bufLen[b] = 0;
    }
    const from = this.bufLen[b]!;
    this.bufLen[b] = len;
    this.bufUsed[b] = ++this.clock;
    const buf = this.buffers[b]!;
    const l = this.l;
    const real = this.index[i]!;
    const col = this.cache.get(real, l);
    if (this.cache.start < l) this.kernel.fillRows(real, col);
    const si = this.sign[i]!;
    if (!this.moved) {
      // sign[k] = +1, index[k] = k for k < l; sign[k] = −1, index[k] = k − l after.
      const mid = Math.min(len, l);
      for (let k = from; k < mid; k++) buf[k] = si * col[k]!;
      const neg = -si;
      for (let k = Math.max(from, l); k < len; k++) buf[k] = neg * col[k - l]!;
      return buf;
    }
    const sign = this.sign;
    const index = this.index;
    for (let k = from; k < len; k++) buf[k] = si * sign[k]! * col[index[k]!]!;
    return buf;
  }

  swap(i: number, j: number): void {
    swapI8(this.sign, i, j);
    swapI32(this.index, i, j);
    swapF64(this.QD, i, j);
    this.moved = true;
    this.bufPos.fill(-1);
  }
}

function swapF64(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
function swapI32(a: Int32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
function swapI8(a: Int8Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
function swapU8(a: Uint8Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** Why {@link Solver.run} returned: shrinking is due, the working set is optimal, or the iteration limit. */
const RUN_SHRINK = 0;
const RUN_OPTIMAL = 1;
const RUN_LIMIT = 2;
/** Where {@link Solver.run} takes up an iteration: at its start, at the selection (after shrinking), or at the update (pair chosen). */
const AT_TOP = 0;
const AT_SELECT = 1;
const AT_UPDATE = 2;

/**
 * libsvm's `Solver` (SMO with second-order working-set selection and shrinking) for
 * min ½ αᵀQα + pᵀα subject to yᵀα = Δ, 0 ≤ α_i ≤ C_i.
 *
 * Its state is this object's fields and each step of libsvm's loop is a method, so that V8
 * optimises the hot part ({@link run}: selection and update) on its own. Written as one function
 * with closures, the code that a fit reaches late (shrinking, gradient reconstruction, rho, a
 * clipping branch first taken after hundreds of iterations) had no type feedback when the main
 * loop was compiled, and reaching it threw the optimised loop away (a deoptimisation, then a new
 * TurboFan compile of the whole function); and each solve made fresh closures, so the compiled
 * code's calls to them missed ('wrong call target') on the next solve. Now the rare steps run
 * between calls of {@link run} (from {@link solve}, which is not hot), and inside {@link run} a
 * rarely taken branch only assigns values computed before it (no operation there that needs type
 * feedback of its own). See the README, "Small fits and the JIT".
 */
class Solver {
  readonly p: Float64Array;
  readonly y: Int8Array;
  readonly alpha: Float64Array;
  readonly status: Uint8Array;
  readonly activeSet: Int32Array;
  readonly G: Float64Array;
  readonly Gbar: Float64Array;
  readonly QD: Float64Array;
  /**
   * Whether each variable may move up (y·α may grow: libsvm's I_up) or down (I_low), folded with
   * its label into one double that the working-set selection multiplies the gradient by: −y_t
   * (wUp) or y_t (wLow) for a member, NaN otherwise. A NaN product fails every comparison, so the
   * selection loops need no branch on y and status; ±1 times G is exact, so the values compared
   * are libsvm's.
   */
  readonly wUp: Float64Array;
  readonly wLow: Float64Array;
  readonly maxIter: number;
  activeSize: number;
  unshrink = false;
  /**
   * The first loop of the working-set selection (max over I_up of −y_t·G_t), when the gradient
   * update of the previous iteration already made it (see {@link run}); -1: scan afresh.
   */
  fusedIdx = -1;
  /** The working set chosen by the last {@link select}. */
  outI = -1;
  outJ = -1;
  iter = 0;
  /** Iterations until the next shrinking (libsvm's `counter`). */
  counter: number;

  constructor(
    readonly l: number,
    readonly Q: QMatrix,
    pIn: Float64Array,
    yIn: Int8Array,
    alphaIn: Float64Array,
    readonly Cp: number,
    readonly Cn: number,
    readonly eps: number,
  ) {
    this.p = Float64Array.from(pIn);
    this.y = Int8Array.from(yIn);
    this.alpha = Float64Array.from(alphaIn);
    this.status = new Uint8Array(l);
    this.activeSet = new Int32Array(l);
    this.G = new Float64Array(l);
    this.Gbar = new Float64Array(l);
    this.QD = Q.QD;
    this.wUp = new Float64Array(l);
    this.wLow = new Float64Array(l);
    this.activeSize = l;
    this.maxIter = Math.max(10_000_000, l > Math.floor(2147483647 / 100) ? 2147483647 : 100 * l);
    this.counter = Math.min(l, 1000) + 1;
  }

  /** C_i. */
  c(i: number): number {
    const cp = this.Cp;
    const cn = this.Cn;
    return this.y[i]! > 0 ? cp : cn;
  }

  updateStatus(i: number): void {
    const a = this.alpha[i]!;
    const st = a >= this.c(i) ? UPPER : a <= 0 ? LOWER : FREE;
    this.status[i] = st;
    const yi = this.y[i]!;
    this.wUp[i] = (yi > 0 ? st !== UPPER : st !== LOWER) ? -yi : NaN;
    this.wLow[i] = (yi > 0 ? st !== LOWER : st !== UPPER) ? yi : NaN;
  }

  /** Status, active set and the gradient G = p + Qα (and Gbar) of the starting α. */
  init(): void {
    const { l, Q, alpha, status, activeSet, G, Gbar, p } = this;
    for (let i = 0; i < l; i++) {
      this.updateStatus(i);
      activeSet[i] = i;
      G[i] = p[i]!;
    }
    for (let i = 0; i < l; i++) {
      if (status[i] !== LOWER) {
        const Qi = Q.getQ(i, l);
        const ai = alpha[i]!;
        for (let j = 0; j < l; j++) G[j] = G[j]! + (ai * Qi[j]!);
        if (status[i] === UPPER) {
          const ci = this.c(i);
          for (let j = 0; j < l; j++) Gbar[j] = Gbar[j]! + (ci * Qi[j]!);
        }
      }
    }
  }

  swapIndex(i: number, j: number): void {
    this.Q.swap(i, j);
    swapI8(this.y, i, j);
    swapF64(this.wUp, i, j);
    swapF64(this.wLow, i, j);
    swapF64(this.G, i, j);
    swapU8(this.status, i, j);
    swapF64(this.alpha, i, j);
    swapF64(this.p, i, j);
    swapI32(this.activeSet, i, j);
    swapF64(this.Gbar, i, j);
  }

  reconstructGradient(): void {
    const { l, Q, G, Gbar, p, status, alpha } = this;
    const activeSize = this.activeSize;
    if (activeSize === l) return;
    let nrFree = 0;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j]! + p[j]!;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nrFree++;
    if (nrFree * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = Q.getQ(i, activeSize);
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) G[i] = G[i]! + (alpha[j]! * Qi[j]!);
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] === FREE) {
          const Qi = Q.getQ(i, l);
          const ai = alpha[i]!;
          for (let j = activeSize; j < l; j++) G[j] = G[j]! + (ai * Qi[j]!);
        }
      }
    }
  }

  beShrunk(i: number, gmax1: number, gmax2: number): boolean {
    const { status, y, G } = this;
    if (status[i] === UPPER) return y[i] === 1 ? -G[i]! > gmax1 : -G[i]! > gmax2;
    if (status[i] === LOWER) return y[i] === 1 ? G[i]! > gmax2 : G[i]! > gmax1;
    return false;
  }

  doShrinking(): void {
    const { y, status, G, l } = this;
    let gmax1 = -INF;
    let gmax2 = -INF;
    for (let i = 0; i < this.activeSize; i++) {
      if (y[i] === 1) {
        if (status[i] !== UPPER && -G[i]! >= gmax1) gmax1 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= gmax2) gmax2 = G[i]!;
      } else {
        if (status[i] !== UPPER && -G[i]! >= gmax2) gmax2 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= gmax1) gmax1 = G[i]!;
      }
    }
    if (!this.unshrink && gmax1 + gmax2 <= this.eps * 10) {
      this.unshrink = true;
      this.reconstructGradient();
      this.activeSize = l;
    }
    for (let i = 0; i < this.activeSize; i++) {
      if (this.beShrunk(i, gmax1, gmax2)) {
        this.activeSize--;
        while (this.activeSize > i) {
          if (!this.beShrunk(this.activeSize, gmax1, gmax2)) {
            this.swapIndex(i, this.activeSize);
            break;
          }
          this.activeSize--;
        }
      }
    }
  }

  /** WSS 3; returns true when optimal (the pair is in outI / outJ otherwise). */
  select(): boolean {
    const { G, wUp, wLow, QD, y, Q } = this;
    const activeSize = this.activeSize;
    let gmax = -INF;
    let gmax2 = -INF;
    let gmaxIdx = -1;
    let gminIdx = -1;
    let objDiffMin = INF;
    // libsvm's two loops with y and status folded into wUp and wLow: for y = +1 the values are
    // −G and G, for y = −1 G and −G (exact negations), and 2·y_i·y_j·Q_ij is libsvm's ±2·y_i·Q_ij.
    // `>=` keeps the last of equal values, as libsvm's loops do.
    if (this.fusedIdx >= 0) {
      gmaxIdx = this.fusedIdx;
      gmax = wUp[gmaxIdx]! * G[gmaxIdx]!;
      this.fusedIdx = -1;
    } else {
      for (let t = 0; t < activeSize; t++) {
        const v = wUp[t]! * G[t]!;
        if (v >= gmax) {
          gmax = v;
          gmaxIdx = t;
        }
      }
    }
    const i = gmaxIdx;
    const Qi = i !== -1 ? Q.getQ(i, activeSize) : undefined;
    const yi2 = i !== -1 ? 2.0 * y[i]! : 0;
    const QDi = i !== -1 ? QD[i]! : 0;
    for (let j = 0; j < activeSize; j++) {
      // NaN outside I_low: then neither comparison holds.
      const yG = wLow[j]! * G[j]!;
      const gradDiff = gmax + yG;
      if (yG >= gmax2) gmax2 = yG;
      if (gradDiff > 0) {
        const quad = QDi + QD[j]! - yi2 * wLow[j]! * Qi![j]!;
        // libsvm's quad > 0 ? −d²/quad : −d²/TAU, the division shared (a non-positive quad is rare).
        const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
        if (objDiff <= objDiffMin) {
          gminIdx = j;
          objDiffMin = objDiff;
        }
      }
    }
    if (gmax + gmax2 < this.eps || gminIdx === -1) return true;
    this.outI = gmaxIdx;
    this.outJ = gminIdx;
    return false;
  }

  /**
   * The scan's result (bestIdx, best) made with the old flags of i and j, corrected to the new
   * ones: a member that left I_up and was the maximum means a fresh scan (-1); one that joined is
   * compared as the scan would have (a larger value, or an equal one at a later position, wins).
   */
  fusedArgmax(bestIdx: number, best: number, i: number, j: number): number {
    const wUp = this.wUp;
    const G = this.G;
    // Whether the maximum left I_up, read whichever variable it is (a load first made late in a
    // fit would throw away the optimised main loop that this is inlined into).
    const left = Number.isNaN(bestIdx >= 0 ? wUp[bestIdx]! : 0);
    if ((bestIdx === i || bestIdx === j) && left) return -1;
    const vi = wUp[i]! * G[i]!;
    const iLater = i > bestIdx;
    if (vi > best || (vi === best && iLater)) {
      best = vi;
      bestIdx = i;
    }
    const vj = wUp[j]! * G[j]!;
    const jLater = j > bestIdx;
    if (vj > best || (vj === best && jLater)) bestIdx = j;
    return bestIdx;
  }

  /** Gbar += c · Q_k (c = ±C_k: variable k reached or left its upper bound). */
  moveGbar(k: number, c: number): void {
    const l = this.l;
    const Gbar = this.Gbar;
    const Qk = this.Q.getQ(k, l);
    for (let t = 0; t < l; t++) Gbar[t] = Gbar[t]! + (c * Qk[t]!);
  }

  /**
   * libsvm's main loop from `at` until shrinking is due, the working set is optimal or the
   * iteration limit is reached (which it returns: RUN_SHRINK, RUN_OPTIMAL, RUN_LIMIT); the caller
   * does what each asks and calls again. Every operation here runs in every iteration or in the
   * first few, so that its optimised code has the type feedback for all of it.
   */
  run(at: number): number {
    while (this.iter < this.maxIter) {
      if (at === AT_TOP && --this.counter === 0) return RUN_SHRINK;
      if (at !== AT_UPDATE && this.select()) return RUN_OPTIMAL;
      at = AT_TOP;
      // Read inside the loop: V8 gives a function its type-feedback slots only after some use,
      // so code before the loop, run once per call of a function called a few times per fit,
      // would have no feedback and its first optimised code would stop at its first line.
      const { Q, alpha, G, QD, y, status, wUp } = this;
      const activeSize = this.activeSize;
      const i = this.outI;
      const j = this.outJ;
      ++this.iter;
      const Qi = Q.getQ(i, activeSize);
      const Qj = Q.getQ(j, activeSize);
      const Ci = this.c(i);
      const Cj = this.c(j);
      const oldAi = alpha[i]!;
      const oldAj = alpha[j]!;
      // libsvm's two cases in one: y_i ≠ y_j (s = −1: α_i − α_j stays, K = α_i − α_j) and y_i = y_j
      // (s = +1: α_i + α_j stays, K = α_i + α_j). Multiplying by s = ±1 is exact, so quad, delta
      // and the new α are libsvm's to the bit: QD_i + QD_j ± 2Q_ij, (∓G_i − G_j) / quad, α_i ± delta.
      const same = y[i] === y[j];
      const s = same ? 1 : -1;
      let quad = QD[i]! + QD[j]! - 2 * s * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (s * G[i]! - G[j]!) / quad;
      const K = oldAi + s * oldAj;
      let ai = oldAi - s * delta;
      let aj = oldAj + delta;
      // libsvm's clipping to the box, two steps per case. Every value and comparison is computed
      // before the branches, which only choose between them.
      const minusK = -K;
      const kMinusCi = K - Ci;
      const kMinusCj = K - Cj;
      const ciMinusK = Ci - K;
      const cjPlusK = Cj + K;
      const ciMinusCj = Ci - Cj;
      let aiLow = ai < 0;
      let ajLow = aj < 0;
      let aiHigh = ai > Ci;
      let ajHigh = aj > Cj;
      // Step 1. y_i ≠ y_j: K > 0 ? (α_j < 0: α_j = 0, α_i = K) : (α_i < 0: α_i = 0, α_j = −K);
      // y_i = y_j: K > C_i ? (α_i > C_i: α_i = C_i, α_j = K − C_i) : (α_j < 0: α_j = 0, α_i = K).
      if (K > (same ? Ci : 0)) {
        if (same ? aiHigh : ajLow) {
          ai = same ? Ci : K;
          aj = same ? kMinusCi : 0;
        }
      } else if (same ? ajLow : aiLow) {
        ai = same ? K : 0;
        aj = same ? 0 : minusK;
      }
      aiLow = ai < 0;
      aiHigh = ai > Ci;
      ajHigh = aj > Cj;
      // Step 2. y_i ≠ y_j: K > C_i − C_j ? (α_i > C_i: α_i = C_i, α_j = C_i − K) : (α_j > C_j: α_j = C_j, α_i = C_j + K);
      // y_i = y_j: K > C_j ? (α_j > C_j: α_j = C_j, α_i = K − C_j) : (α_i < 0: α_i = 0, α_j = K).
      if (K > (same ? Cj : ciMinusCj)) {
        if (same ? ajHigh : aiHigh) {
          ai = same ? kMinusCj : Ci;
          aj = same ? Cj : ciMinusK;
        }
      } else if (same ? aiLow : ajHigh) {
        ai = same ? 0 : cjPlusK;
        aj = same ? K : Cj;
      }
      alpha[i] = ai;
      alpha[j] = aj;
      const dAi = ai - oldAi;
      const dAj = aj - oldAj;
      // The gradient update, and with it the next selection's first loop (the largest −y_t·G_t over
      // I_up, the last of equal ones) on the flags from before this step; only i's and j's flags
      // change below, and the result is corrected for them.
      let best = -INF;
      let bestIdx = -1;
      for (let k = 0; k < activeSize; k++) {
        const g = G[k]! + (Qi[k]! * dAi + Qj[k]! * dAj);
        G[k] = g;
        const v = wUp[k]! * g;
        if (v >= best) {
          best = v;
          bestIdx = k;
        }
      }
      const ui = status[i] === UPPER;
      const uj = status[j] === UPPER;
      this.updateStatus(i);
      this.updateStatus(j);
      this.fusedIdx = this.fusedArgmax(bestIdx, best, i, j);
      // Gbar − C·Q_i when i left its upper bound, + C·Q_i when it reached it ((−C)·q is −(C·q) exactly).
      const minusCi = -Ci;
      const minusCj = -Cj;
      const ci = ui ? minusCi : Ci;
      const cj = uj ? minusCj : Cj;
      if (ui !== (status[i] === UPPER)) this.moveGbar(i, ci);
      if (uj !== (status[j] === UPPER)) this.moveGbar(j, cj);
    }
    return RUN_LIMIT;
  }

  /** rho (libsvm's `calculate_rho`). */
  rho(): number {
    const { y, G, status } = this;
    let nrFree = 0;
    let ub = INF;
    let lb = -INF;
    let sumFree = 0;
    for (let i = 0; i < this.activeSize; i++) {
      const yG = y[i]! * G[i]!;
      if (status[i] === UPPER) {
        if (y[i] === -1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else if (status[i] === LOWER) {
        if (y[i] === 1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else {
        ++nrFree;
        sumFree += yG;
      }
    }
    return nrFree > 0 ? sumFree / nrFree : (ub + lb) / 2;
  }
}

/**
 * libsvm's `Solver::Solve`: the main loop ({@link Solver.run}) with shrinking and the gradient
 * reconstruction between its calls; α (in `alphaIn`) from its start to the optimum.
 */
function solve(l: number, Q: QMatrix, pIn: Float64Array, yIn: Int8Array, alphaIn: Float64Array, Cp: number, Cn: number, eps: number, shrinking: boolean): { rho: number; iterations: number; reachedLimit: boolean } {
  const s = new Solver(l, Q, pIn, yIn, alphaIn, Cp, Cn, eps);
  s.init();
  let at = AT_TOP;
  for (;;) {
    const why = s.run(at);
    if (why === RUN_SHRINK) {
      s.counter = Math.min(l, 1000);
      if (shrinking) {
        // Shrinking may move variables and rebuild the gradient: the fused scan no longer holds.
        s.fusedIdx = -1;
        s.doShrinking();
      }
      at = AT_SELECT;
    } else if (why === RUN_OPTIMAL) {
      s.reconstructGradient();
      s.activeSize = l;
      if (s.select()) break;
      s.counter = 1;
      at = AT_UPDATE;
    } else break;
  }
  const reachedLimit = s.iter >= s.maxIter;
  if (reachedLimit && s.activeSize < l) {
    s.reconstructGradient();
    s.activeSize = l;
  }
  const rho = s.rho();
  for (let i = 0; i < l; i++) alphaIn[s.activeSet[i]!] = s.alpha[i]!;
  return { rho, iterations: s.iter, reachedLimit };
}

/** libsvm's `solve_c_svc` on the rows `rows` of the kernel's data with labels ±1. */
function solveCSvc(kernel: DenseKernel, rows: Int32Array, y: Int8Array, Cp: number, Cn: number, eps: number, shrinking: boolean, cacheBytes: number, pool?: Float32Array, blocks?: ConstructorParameters<typeof SvcQ>[5]): SolveResult {
  const l = rows.length;
  const alpha = new Float64Array(l);
  const minusOnes = new Float64Array(l).fill(-1);
  const r = solve(l, new SvcQ(kernel, rows, y, cacheBytes, pool, blocks), minusOnes, y, alpha, Cp, Cn, eps, shrinking);
  for (let i = 0; i < l; i++) alpha[i] = alpha[i]! * y[i]!;
  return { alpha, ...r };
}

/** libsvm's `solve_epsilon_svr` on all rows of the kernel's data. */
function solveEpsilonSvr(kernel: DenseKernel, target: ArrayLike<number>, C: number, epsilon: number, eps: number, shrinking: boolean, cacheBytes: number): SolveResult {
  const l = kernel.n;
  kernel.groupRows();
  const alpha2 = new Float64Array(2 * l);
  const linear = new Float64Array(2 * l);
  const y = new Int8Array(2 * l);
  for (let i = 0; i < l; i++) {
    linear[i] = epsilon - target[i]!;
    y[i] = 1;
    linear[i + l] = epsilon + target[i]!;
    y[i + l] = -1;
  }
  const r = solve(2 * l, new SvrQ(kernel, l, cacheBytes), linear, y, alpha2, C, C, eps, shrinking);
  const alpha = new Float64Array(l);
  for (let i = 0; i < l; i++) alpha[i] = alpha2[i]! - alpha2[i + l]!;
  return { alpha, ...r };
}

/** A trained libsvm model on dense rows (`struct svm_model` of C-SVC or epsilon-SVR). */
export interface DenseModel {
  /** 2 for SVR (libsvm's convention), else the number of classes. */
  readonly nrClass: number;
  /** Class codes in libsvm's order (first appearance in y); empty for SVR. */
  readonly label: Int32Array;
  /** Support vectors per class (classification), in label order; empty for SVR. */
  readonly nSV: Int32Array;
  /** Support vectors, l × d row-major. */
  readonly SV: Float64Array;
  readonly l: number;
  readonly d: number;
  /** (nrClass − 1) rows of l coefficients (one row for SVR). */
  readonly svCoef: Float64Array[];
  /** One per pair of classes (one for SVR). */
  readonly rho: Float64Array;
  /** Platt scaling, one per pair of classes (classification with probability estimates). */
  readonly probA?: Float64Array;
  readonly probB?: Float64Array;
  /** 1-based training rows of the support vectors (libsvm's sv_indices), when trained here. */
  readonly svIndices?: Int32Array;
}

/** Convergence over all solver runs of a fit: the most iterations, and whether any hit the limit. */
export interface TrainInfo {
  iterations: number;
  reachedLimit: boolean;
}

/**
 * libsvm's `svm_train` for C-SVC without probability estimates: classes grouped in order of first
 * appearance, one binary problem per pair (i, j) with i's rows labelled +1, and the model built
 * from the rows with a non-zero coefficient in any of them.
 */
export function trainCSvc(kernel: DenseKernel, y: ArrayLike<number>, C: number, eps: number, shrinking: boolean, cacheBytes: number): { model: DenseModel; info: TrainInfo } {
  const n = kernel.n;
  const d = kernel.d;
  // svm_group_classes
  const label: number[] = [];
  const count: number[] = [];
  const dataLabel = new Int32Array(n);
  const where = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    let k = where.get(v);
    if (k === undefined) {
      k = label.length;
      where.set(v, k);
      label.push(v);
      count.push(0);
    }
    count[k]!++;
    dataLabel[i] = k;
  }
  const nrClass = label.length;
  const start = new Int32Array(nrClass);
  for (let k = 1; k < nrClass; k++) start[k] = start[k - 1]! + count[k - 1]!;
  const perm = new Int32Array(n);
  {
    const s = Int32Array.from(start);
    for (let i = 0; i < n; i++) perm[s[dataLabel[i]!]!++] = i;
  }
  const nonzero = new Uint8Array(n);
  const fs: SolveResult[] = [];
  // One cache block for all pairs, as large as the largest needs.
  let poolSize = 0;
  for (let i = 0; i < nrClass; i++) for (let j = i + 1; j < nrClass; j++) poolSize = Math.max(poolSize, Cache.poolSize(count[i]! + count[j]!, cacheBytes));
  const pool = nrClass > 2 ? cachePool(poolSize) : undefined;
  kernel.groupRows(perm);
  // Each class's kernel matrix, computed once for the nrClass − 1 pairs that need it (see BLOCKS_MAX).
  const blockOff = new Int32Array(nrClass + 1);
  for (let k = 0; k < nrClass; k++) blockOff[k + 1] = blockOff[k]! + count[k]! * count[k]!;
  const within = nrClass > 2 && blockOff[nrClass]! <= BLOCKS_MAX ? blockPool(blockOff[nrClass]!) : undefined;
  if (within) for (let k = 0; k < nrClass; k++) kernel.fillBlock(start[k]!, count[k]!, within, blockOff[k]!);
  const info: TrainInfo = { iterations: 0, reachedLimit: false };
  for (let i = 0; i < nrClass; i++) {
    for (let j = i + 1; j < nrClass; j++) {
      const si = start[i]!;
      const sj = start[j]!;
      const ci = count[i]!;
      const cj = count[j]!;
      // Rows in the kernel's grouped order (groupRows above): class i's run, then class j's.
      const rows = new Int32Array(ci + cj);
      const sub = new Int8Array(ci + cj);
      for (let k = 0; k < ci; k++) {
        rows[k] = si + k;
        sub[k] = 1;
      }
      for (let k = 0; k < cj; k++) {
        rows[ci + k] = sj + k;
        sub[ci + k] = -1;
      }
      const blocks = within ? { within, offI: blockOff[i]!, offJ: blockOff[j]!, ni: ci } : undefined;
      const f = solveCSvc(kernel, rows, sub, C, C, eps, shrinking, cacheBytes, pool, blocks);
      info.iterations = Math.max(info.iterations, f.iterations);
      info.reachedLimit ||= f.reachedLimit;
      for (let k = 0; k < ci; k++) if (Math.abs(f.alpha[k]!) > 0) nonzero[si + k] = 1;
      for (let k = 0; k < cj; k++) if (Math.abs(f.alpha[ci + k]!) > 0) nonzero[sj + k] = 1;
      fs.push(f);
    }
  }
  const nSV = new Int32Array(nrClass);
  let l = 0;
  for (let k = 0; k < nrClass; k++) {
    for (let t = 0; t < count[k]!; t++) if (nonzero[start[k]! + t]) nSV[k]!++;
    l += nSV[k]!;
  }
  const SV = new Float64Array(l * d);
  const svIndices = new Int32Array(l);
  for (let i = 0, p = 0; i < n; i++) {
    if (!nonzero[i]) continue;
    SV.set(kernel.data.subarray(perm[i]! * d, (perm[i]! + 1) * d), p * d);
    svIndices[p++] = perm[i]! + 1;
  }
  const nzStart = new Int32Array(nrClass);
  for (let k = 1; k < nrClass; k++) nzStart[k] = nzStart[k - 1]! + nSV[k - 1]!;
  const svCoef = Array.from({ length: Math.max(1, nrClass - 1) }, () => new Float64Array(l));
  const rho = new Float64Array(fs.length);
  let p = 0;
  for (let i = 0; i < nrClass; i++) {
    for (let j = i + 1; j < nrClass; j++) {
      const f = fs[p]!;
      rho[p] = f.rho;
      const si = start[i]!;
      const sj = start[j]!;
      const ci = count[i]!;
      const cj = count[j]!;
      let q = nzStart[i]!;
      for (let k = 0; k < ci; k++) if (nonzero[si + k]) svCoef[j - 1]![q++] = f.alpha[k]!;
      q = nzStart[j]!;
      for (let k = 0; k < cj; k++) if (nonzero[sj + k]) svCoef[i]![q++] = f.alpha[ci + k]!;
      p++;
    }
  }
  return { model: { nrClass, label: Int32Array.from(label), nSV, SV, l, d, svCoef, rho, svIndices }, info };
}

/** libsvm's `svm_train` for epsilon-SVR without probability estimates. */
export function trainEpsilonSvr(kernel: DenseKernel, target: ArrayLike<number>, C: number, epsilon: number, eps: number, shrinking: boolean, cacheBytes: number): { model: DenseModel; info: TrainInfo } {
  const n = kernel.n;
  const d = kernel.d;
  const f = solveEpsilonSvr(kernel, target, C, epsilon, eps, shrinking, cacheBytes);
  let l = 0;
  for (let i = 0; i < n; i++) if (Math.abs(f.alpha[i]!) > 0) l++;
  const SV = new Float64Array(l * d);
  const coef = new Float64Array(l);
  const svIndices = new Int32Array(l);
  for (let i = 0, j = 0; i < n; i++) {
    if (!(Math.abs(f.alpha[i]!) > 0)) continue;
    SV.set(kernel.data.subarray(i * d, (i + 1) * d), j * d);
    coef[j] = f.alpha[i]!;
    svIndices[j++] = i + 1;
  }
  return {
    model: { nrClass: 2, label: new Int32Array(0), nSV: new Int32Array(0), SV, l, d, svCoef: [coef], rho: Float64Array.of(f.rho), svIndices },
    info: { iterations: f.iterations, reachedLimit: f.reachedLimit },
  };
}

/** Rows per block of kernel values in prediction. */
const PREDICT_BLOCK = 128;

/** ‖sv‖² of a model's support vectors (for the rbf kernel), computed on first use. */
const svSquaresOf = new WeakMap<DenseModel, Float64Array>();

/** The support vectors of a model in a pairwise-dot memory, with room for a block of rows and their kernel values. */
function predictScratch(m: DenseModel): { mem: PairwiseDots; rows: Float64Array; sv: Float64Array; svSquares: Float64Array; kv: Float64Array } {
  const { l, d } = m;
  const { mem, views } = scratchViews([PREDICT_BLOCK * d, l * d, PREDICT_BLOCK * l]);
  const [rows, sv, kv] = views as [Float64Array, Float64Array, Float64Array];
  sv.set(m.SV);
  let svSquares = svSquaresOf.get(m);
  if (!svSquares) {
    svSquares = rowSquares(m.SV, l, d);
    svSquaresOf.set(m, svSquares);
  }
  return { mem, rows, sv, svSquares, kv };
}

/**
 * libsvm's `svm_predict_values` for every row of X (n × d row-major): the predicted class code
 * (one-vs-one votes, ties to the first label) or the regression value; `dec` receives the
 * decision values (n × pairs) when given.
 */
export function predictDense(m: DenseModel, k: SolverKernel, regression: boolean, X: Float64Array, n: number, dec?: Float64Array): Float64Array {
  const out = new Float64Array(n);
  const { l, d } = m;
  const nr = m.nrClass;
  const start = new Int32Array(nr);
  for (let i = 1; i < nr && !regression; i++) start[i] = start[i - 1]! + m.nSV[i - 1]!;
  const vote = new Int32Array(nr);
  const pairs = (nr * (nr - 1)) / 2;
  const { kernel, gamma, degree, coef0 } = k;
  const sc = predictScratch(m);
  const xSquares = kernel === 'rbf' ? rowSquares(X, n, d) : undefined;
  for (let b0 = 0; b0 < n; b0 += PREDICT_BLOCK) {
    const rows = Math.min(PREDICT_BLOCK, n - b0);
    sc.rows.set(X.subarray(b0 * d, (b0 + rows) * d));
    sc.mem.dots(sc.rows, rows, d, sc.sv, l, d, d, sc.kv, l);
    const kvAll = sc.kv;
    for (let a = 0; a < rows; a++) {
      const r = b0 + a;
      const o = a * l;
      if (xSquares) {
        const xs = xSquares[r]!;
        const ss = sc.svSquares;
        for (let s = 0; s < l; s++) kvAll[o + s] = exp(-gamma * (xs + ss[s]! - 2 * kvAll[o + s]!));
      } else if (kernel === 'poly') {
        for (let s = 0; s < l; s++) kvAll[o + s] = powi(gamma * kvAll[o + s]! + coef0, degree);
      } else if (kernel === 'sigmoid') {
        for (let s = 0; s < l; s++) kvAll[o + s] = Math.tanh(gamma * kvAll[o + s]! + coef0);
      }
      if (regression) {
        const coef = m.svCoef[0]!;
        let sum = 0;
        for (let s = 0; s < l; s++) sum += coef[s]! * kvAll[o + s]!;
        out[r] = sum - m.rho[0]!;
        continue;
      }
      vote.fill(0);
      let p = 0;
      for (let i = 0; i < nr; i++) {
        for (let j = i + 1; j < nr; j++) {
          let sum = 0;
          const si = o + start[i]!;
          const sj = o + start[j]!;
          const c1 = m.svCoef[j - 1]!;
          const c2 = m.svCoef[i]!;
          const ci = start[i]!;
          const cj = start[j]!;
          for (let t = 0; t < m.nSV[i]!; t++) sum += c1[ci + t]! * kvAll[si + t]!;
          for (let t = 0; t < m.nSV[j]!; t++) sum += c2[cj + t]! * kvAll[sj + t]!;
          sum -= m.rho[p]!;
          if (dec) dec[r * pairs + p] = sum;
          if (sum > 0) vote[i]!++;
          else vote[j]!++;
          p++;
        }
      }
      let best = 0;
      for (let i = 1; i < nr; i++) if (vote[i]! > vote[best]!) best = i;
      out[r] = m.label[best]!;
    }
  }
  return out;
}
