/**
 * The data part of the logistic objective (log-loss and its gradient, no penalty) computed in
 * fixed blocks of {@link BLOCK_ROWS} rows: each block's loss and gradient are written to its own
 * slot of a partial-sums array, and {@link combineBlocks} adds the slots in block order. The
 * blocks do not depend on the number of threads, so the same data give bit-identical sums
 * whether one thread evaluates every block or several threads share them
 * (logistic-threads.ts: the threads claim blocks one at a time over SharedArrayBuffers).
 * With one block (n ≤ BLOCK_ROWS) the sums are those of a single pass over the rows.
 *
 * No Node import here: this module is bundled for browsers with the rest of the package.
 */
import { pairwiseDotsJs } from '@mlcompare/core/internal';
import { linearBackward, transpose } from './kernels.js';
import { wasmDots, type WasmDots } from './wasm-dots.js';
import { expKernel, expKernelAvailable, type ExpKernel } from './wasm-exp.js';

/** Rows per block (fixed: the summation order must not depend on the number of threads). */
const BLOCK_ROWS = 4096;

/** Number of blocks of n rows. */
export function blockCount(n: number): number {
  return Math.max(1, Math.ceil(n / BLOCK_ROWS));
}

/** Doubles per block slot in the partial-sums array: the loss, then k rows of [w (d), b]. */
export function slotSize(k: number, d: number): number {
  return 1 + k * (d + 1);
}

/** What a block range needs: the whole data (row-major n × d), the class codes and the shape. */
export interface BlockProblem {
  /** Row-major n × d (may live in a SharedArrayBuffer). */
  X: Float64Array;
  /** Class codes 0..nClasses-1, one per row. */
  y: Int32Array;
  n: number;
  d: number;
  /** Classes; 2 means one sigmoid row, more means one softmax row per class. */
  nClasses: number;
  fitIntercept: boolean;
}

/** Evaluates the blocks [first, last) of a problem, one by one or all; each writes its block's slot. */
export interface BlockEvaluator {
  /** Writes each block's data loss and gradient (parameters k rows of [w (d), b]) into `partials`. */
  evaluate(theta: Float64Array, partials: Float64Array): void;
  /** Writes the slot of block `b` (first ≤ b < last) only. */
  evaluateBlock(b: number, theta: Float64Array, partials: Float64Array): void;
  /** Which kernel computes the products. */
  readonly backend: 'wasm-simd' | 'js';
  /** Ends this evaluator: its kernel memory may serve the next evaluator made (call once, at the end of a fit). */
  release(): void;
}

/**
 * Whether the elementwise passes run in WebAssembly (wasm-exp.ts) when the products do; false
 * gives the JavaScript loops with `Math.exp` and `Math.log1p`, for the tests that compare the
 * two (bit for bit). Read when an evaluator is made.
 */
let wasmPasses = true;

/** Runs the loss passes in WebAssembly (the default) or in JavaScript with `Math.exp` (tests only). */
export function useWasmPasses(on: boolean): void {
  wasmPasses = on;
}

/** The elementwise passes of one block range in WebAssembly, over the views of the products' memory. */
interface RangePasses {
  /** The softmax's exponentials of block b (rows r) over `mx` and `sums` (see wasm-exp.ts `softmaxExp`). */
  softmaxExp(b: number, k: number, r: number): void;
  /** Per row of a block: the largest value, in the kernel's memory. */
  mx: Float64Array;
  /** Per row of a block: the sum of exponentials, in the kernel's memory. */
  sums: Float64Array;
}

/** The products of one block range on the WebAssembly SIMD kernel, or on the JavaScript kernels without it. */
interface RangeProducts {
  /**
   * `W X_bᵀ` for parameters `theta`, without the intercepts (the caller adds them), class-major
   * (k × rows of b) into block b's residual array, which it returns: the caller turns the values
   * into residuals in place.
   */
  forward(b: number, theta: Float64Array): Float64Array;
  /** Data gradient of block b (`Rᵀ X`, R the residuals {@link RangeProducts.forward} returned) into the first d entries of each of the k rows (stride d + 1) of `grad`. */
  backward(b: number, grad: Float64Array): void;
  /** Hands the kernel memory back for the next fit (see {@link leaseKernel}); the products are unusable after. */
  release(): void;
  backend: 'wasm-simd' | 'js';
  /** The loss passes in WebAssembly (with the SIMD kernel, unless {@link useWasmPasses} turned them off). */
  passes?: RangePasses;
  /**
   * A binary block whole, with the passes in WebAssembly: the product, the loss pass and the
   * gradient's products {@link SUB_ROWS} rows at a time while they are in cache, the gradient
   * from the rows themselves (no transposed copy); writes the data gradient into the first d
   * entries of `grad` and returns [intercept, loss, Σ residuals] (a view valid until the next call).
   */
  binaryBlock?(b: number, theta: Float64Array, grad: Float64Array): Float64Array;
}

/**
 * Rows of a binary block taken through the product, the loss pass and the gradient's products
 * at a time (even: the gradient's kernel takes rows in pairs): 512 × 20 features are 80 KB, read
 * from cache by the last two instead of from memory (a block of 4,096 rows is 640 KB).
 */
const SUB_ROWS = 512;

/** A kernel instance and one region of its memory that the products cut into views. */
interface KernelLease {
  dots: WasmDots;
  region: Float64Array;
  /** The loss passes over the same memory (made on first use, then kept with the lease). */
  passes?: ExpKernel | undefined;
}

/**
 * Largest region (doubles) kept between fits: 64 MiB, for up to 30 s (then left to the GC). A
 * fresh WebAssembly memory costs a page fault per 4 KiB page when first written (about 1 ms for
 * the 1.5 MB of a digits fit, more than an evaluation; 15 ms of the 21 ms set-up of 80,000 × 20
 * rows, which need 26 MB), so the last fit's kernel is reused when it is large enough.
 */
const KEEP_MAX_DOUBLES = 2 ** 23;
/** How long a spare kernel waits for the next fit. */
const KEEP_MS = 30_000;
/** The kernel of a finished fit, free for the next one (taken while in use: never shared by two fits at once). */
let spare: KernelLease | undefined;
let spareTimer: ReturnType<typeof setTimeout> | undefined;

/** Rounds a count of doubles up to even: every view starts 16-byte aligned. */
const even = (n: number): number => n + (n & 1);

/**
 * A kernel with a region of at least `doubles` doubles: the spare one when it is large enough
 * (its memory holds the last fit's values; every view is written before it is read), otherwise a
 * new one; undefined without WebAssembly SIMD.
 */
function leaseKernel(doubles: number): KernelLease | undefined {
  if (spare && spare.region.length >= doubles) {
    const l = spare;
    spare = undefined;
    return l;
  }
  const dots = wasmDots(doubles, 1);
  return dots ? { dots, region: dots.alloc(doubles) } : undefined;
}

/** Keeps `l` as the spare kernel (for {@link KEEP_MS}) if it is the largest seen that fits {@link KEEP_MAX_DOUBLES}. */
function returnKernel(l: KernelLease): void {
  if (l.region.length > KEEP_MAX_DOUBLES || (spare && spare.region.length >= l.region.length)) return;
  spare = l;
  if (spareTimer !== undefined) clearTimeout(spareTimer);
  spareTimer = setTimeout(() => {
    if (spare === l) spare = undefined;
  }, KEEP_MS);
  (spareTimer as { unref?: () => void }).unref?.();
}

function rangeProducts(X: Float64Array, y: Int32Array, d: number, k: number, rowStart: number, rowsOf: number[]): RangeProducts {
  const st = d + 1;
  const total = rowsOf.reduce((a, b) => a + b, 0);
  const data = X.subarray(rowStart * d, (rowStart + total) * d);
  const offsets: number[] = [];
  let o = 0;
  for (const r of rowsOf) {
    offsets.push(o);
    o += r;
  }
  const most = Math.max(...rowsOf);
  const withPasses = wasmPasses && expKernelAvailable();
  // A binary problem with the passes in WebAssembly takes its gradient from the rows: no transposed copy.
  const fused = withPasses && k === 1;
  // The products' views (rows, transposed rows, weights, values, gradient), then the passes':
  // the class codes (two per double), [intercept, loss, Σ], a row maximum and a sum per row, the gradient's lane sums.
  const sizes = [
    total * d,
    ...(fused ? [] : rowsOf.map((r) => r * d)),
    k * st,
    ...rowsOf.map((r) => k * r),
    k * d,
    ...(withPasses ? [Math.ceil(total / 2), 3, most, most, 2 * d] : []),
  ];
  const lease = leaseKernel(sizes.reduce((a, b) => a + even(b), 0));
  if (!lease) {
    const At = rowsOf.map((r, b) => transpose(data.subarray(offsets[b]! * d, (offsets[b]! + r) * d), r, d));
    const R = rowsOf.map((r) => new Float64Array(k * r));
    return {
      forward: (b, theta) => {
        const r = rowsOf[b]!;
        pairwiseDotsJs(theta, k, st, data, r, d, d, R[b]!, r, 0, offsets[b]! * d, 0);
        return R[b]!;
      },
      backward: (b, grad) => linearBackward(R[b]!, k, rowsOf[b]!, At[b]!, d, grad, st, false),
      release: () => {},
      backend: 'js',
    };
  }
  const w = lease.dots;
  let next = 0;
  // Views of the leased region in the order of `sizes`, each 16-byte aligned.
  const alloc = (length: number): Float64Array => {
    const v = lease.region.subarray(next, next + length);
    next += even(length);
    return v;
  };
  const A = alloc(total * d);
  A.set(data);
  const At = (fused ? [] : rowsOf).map((r, b) => {
    const t = alloc(r * d);
    const src = data.subarray(offsets[b]! * d, (offsets[b]! + r) * d);
    transposeTiled(src, r, d, t);
    return t;
  });
  const T = alloc(k * st);
  const Ab = rowsOf.map((r, b) => A.subarray(offsets[b]! * d, (offsets[b]! + r) * d));
  const R = rowsOf.map((r) => alloc(k * r));
  const G = alloc(k * d);
  let passes: RangePasses | undefined;
  let binaryBlock: RangeProducts['binaryBlock'];
  const ek = withPasses && lease.dots.memory ? (lease.passes ??= expKernel(lease.dots.memory)) : undefined;
  if (withPasses) {
    if (!ek) throw new Error('logistic-blocks: the WebAssembly passes did not instantiate over the kernel memory');
    const yd = alloc(Math.ceil(total / 2));
    const io = alloc(3);
    const mx = alloc(most);
    const sums = alloc(most);
    const acc = alloc(2 * d);
    const codes = new Int32Array(yd.buffer, yd.byteOffset, total);
    codes.set(y.subarray(rowStart, rowStart + total));
    const Y = rowsOf.map((r, b) => codes.subarray(offsets[b]!, offsets[b]! + r));
    passes = {
      softmaxExp: (b, kk, r) => ek.softmaxExp(R[b]!, mx, sums, kk, r),
      mx,
      sums,
    };
    if (fused) {
      // Each block's pieces of SUB_ROWS rows: rows, values, class codes.
      const pieces = rowsOf.map((r, b) => {
        const out: { A: Float64Array; R: Float64Array; Y: Int32Array; rows: number }[] = [];
        for (let t0 = 0; t0 < r; t0 += SUB_ROWS) {
          const rows = Math.min(SUB_ROWS, r - t0);
          out.push({ A: Ab[b]!.subarray(t0 * d, (t0 + rows) * d), R: R[b]!.subarray(t0, t0 + rows), Y: Y[b]!.subarray(t0, t0 + rows), rows });
        }
        return out;
      });
      binaryBlock = (b, theta, grad) => {
        T.set(theta);
        io[0] = theta[d]!;
        io[1] = 0;
        io[2] = 0;
        acc.fill(0);
        for (const p of pieces[b]!) {
          w.dots(T, 1, st, p.A, p.rows, d, d, p.R, p.rows);
          ek.binaryPass(p.R, p.Y, p.rows, io);
          // Only the last piece can have an odd row count: its last row is the block's, added below.
          ek.backward(p.R, p.A, p.rows & ~1, d, acc);
        }
        // Lane 0 + lane 1, then the last row's product when the block's row count is odd: the
        // pairwise-dot kernel's sum of R against each transposed column, bit for bit.
        const r = rowsOf[b]!;
        const Rb = R[b]!;
        const Xb = Ab[b]!;
        const last = r - 1;
        for (let j = 0; j < d; j++) {
          let v = acc[2 * j]! + acc[2 * j + 1]!;
          if ((r & 1) === 1) v += Rb[last]! * Xb[last * d + j]!;
          grad[j] = v;
        }
        return io;
      };
    }
  }
  return {
    ...(passes ? { passes } : {}),
    ...(binaryBlock ? { binaryBlock } : {}),
    release: () => returnKernel(lease),
    forward: (b, theta) => {
      T.set(theta);
      // The weights as the kernel's first operand: class-major values (the layout of the
      // residuals), and four rows summed at a time against one class (the rows first, two); the
      // same values either way (x·w = w·x term by term, the same order of sums).
      w.dots(T, k, st, Ab[b]!, rowsOf[b]!, d, d, R[b]!, rowsOf[b]!);
      return R[b]!;
    },
    backward: (b, grad) => {
      const r = rowsOf[b]!;
      w.dots(R[b]!, k, r, At[b]!, d, r, r, G, d);
      for (let c = 0; c < k; c++) grad.set(G.subarray(c * d, (c + 1) * d), c * st);
    },
    backend: 'wasm-simd',
  };
}

/** Tile side of {@link transposeTiled}: 8 × 8 doubles, a cache line of each of 8 rows. */
const TILE = 8;

/**
 * Writes the r × d row-major `src` transposed (d × r) into `out`, tile by tile, so that the
 * strided side of the copy stays within a few cache lines (row by row it wrote d lines r apart).
 */
function transposeTiled(src: Float64Array, r: number, d: number, out: Float64Array): void {
  for (let i0 = 0; i0 < r; i0 += TILE) {
    const i1 = Math.min(r, i0 + TILE);
    for (let j0 = 0; j0 < d; j0 += TILE) {
      const j1 = Math.min(d, j0 + TILE);
      for (let j = j0; j < j1; j++) {
        const o = j * r;
        for (let i = i0; i < i1; i++) out[o + i] = src[i * d + j]!;
      }
    }
  }
}

/**
 * An evaluator of blocks [first, last) of `p`: copies those rows into the kernel's memory once,
 * then each evaluation writes slot b of `partials` (offset b · slotSize) for each block b asked.
 */
export function blockEvaluator(p: BlockProblem, first: number, last: number): BlockEvaluator {
  const { X, y, n, d, nClasses, fitIntercept } = p;
  const k = nClasses === 2 ? 1 : nClasses;
  const slot = slotSize(k, d);
  const rowsOf: number[] = [];
  for (let b = first; b < last; b++) rowsOf.push(Math.min(BLOCK_ROWS, n - b * BLOCK_ROWS));
  const prod = rangeProducts(X, y, d, k, first * BLOCK_ROWS, rowsOf);
  const passes = prod.passes;
  const bias = new Float64Array(k);
  const bsum = new Float64Array(k);
  // Per row of a block (softmax): the largest value, the true class's value, the sum of exponentials, its inverse.
  const most = k > 1 ? Math.max(...rowsOf) : 0;
  const mx = passes?.mx ?? new Float64Array(most);
  const zy = new Float64Array(most);
  const sums = passes?.sums ?? new Float64Array(most);
  const evaluateBlock = (block: number, theta: Float64Array, partials: Float64Array): void => {
    const bi = block - first;
    const r = rowsOf[bi]!;
    if (prod.binaryBlock) {
      const at = block * slot;
      const g = partials.subarray(at + 1, at + slot);
      const io = prod.binaryBlock(bi, theta, g);
      partials[at] = io[1]!;
      g[d] = fitIntercept ? io[2]! : 0;
      return;
    }
    // Class-major values, turned into residuals in place.
    const R = prod.forward(bi, theta);
    const y0 = block * BLOCK_ROWS;
    for (let c = 0; c < k; c++) bias[c] = theta[c * (d + 1) + d]!;
    let loss = 0;
    bsum.fill(0);
    if (k === 1) {
      // The intercept is added and the residuals summed (its gradient) in this one pass, in row order.
      const b0 = bias[0]!;
      let s = 0;
      for (let i = 0; i < r; i++) {
        const z = R[i]! + b0;
        const yi = y[y0 + i]!;
        // log(1 + e^z) − y z and the sigmoid of z from one exponential, e^(−|z|).
        const ez = Math.exp(z > 0 ? -z : z);
        loss += (z > 0 ? z + Math.log1p(ez) : Math.log1p(ez)) - yi * z;
        const ri = (z >= 0 ? 1 / (1 + ez) : ez / (1 + ez)) - yi;
        R[i] = ri;
        s += ri;
      }
      bsum[0] = s;
    } else {
      // Softmax in passes over one class at a time (stride 1), each value computed as a row at a
      // time would: the largest z of a row, Σ_c e^(z_c − max) in class order, the loss summed in row
      // order, each class's residual sum (its intercept's gradient) in row order.
      mx.fill(-Infinity, 0, r);
      for (let c = 0; c < k; c++) {
        const bc = bias[c]!;
        const o = c * r;
        for (let i = 0; i < r; i++) {
          const z = R[o + i]! + bc;
          R[o + i] = z;
          // A select, not a branch: which class is a row's largest is unpredictable.
          const m = mx[i]!;
          mx[i] = z > m ? z : m;
        }
      }
      for (let i = 0; i < r; i++) zy[i] = R[y[y0 + i]! * r + i]!;
      sums.fill(0, 0, r);
      if (passes) passes.softmaxExp(bi, k, r);
      else {
        for (let c = 0; c < k; c++) {
          const o = c * r;
          for (let i = 0; i < r; i++) {
            const v = Math.exp(R[o + i]! - mx[i]!);
            R[o + i] = v;
            sums[i]! += v;
          }
        }
      }
      for (let i = 0; i < r; i++) {
        const sum = sums[i]!;
        loss += Math.log(sum) + mx[i]! - zy[i]!;
        sums[i] = 1 / sum;
      }
      // The probabilities, then 1 taken from each row's true class (p − 0 = p exactly elsewhere:
      // the residuals of the one-pass p − [c = y]), then each class's sum in row order.
      for (let c = 0; c < k; c++) {
        const o = c * r;
        for (let i = 0; i < r; i++) R[o + i] = R[o + i]! * sums[i]!;
      }
      for (let i = 0; i < r; i++) R[y[y0 + i]! * r + i]! -= 1;
      for (let c = 0; c < k; c++) {
        const o = c * r;
        let s = 0;
        for (let i = 0; i < r; i++) s += R[o + i]!;
        bsum[c] = s;
      }
    }
    const at = block * slot;
    partials[at] = loss;
    const g = partials.subarray(at + 1, at + slot);
    prod.backward(bi, g);
    for (let c = 0; c < k; c++) g[c * (d + 1) + d] = fitIntercept ? bsum[c]! : 0;
  };
  return {
    backend: prod.backend,
    release: () => prod.release(),
    evaluateBlock,
    evaluate(theta, partials) {
      for (let b = first; b < last; b++) evaluateBlock(b, theta, partials);
    },
  };
}

/**
 * Adds the slots of `nBlocks` blocks in block order: returns the data loss and writes the data
 * gradient (`slot − 1` doubles) into `grad`.
 */
export function combineBlocks(partials: Float64Array, nBlocks: number, slot: number, grad: Float64Array): number {
  let loss = partials[0]!;
  grad.set(partials.subarray(1, slot));
  for (let b = 1; b < nBlocks; b++) {
    const at = b * slot;
    loss += partials[at]!;
    for (let j = 1; j < slot; j++) grad[j - 1]! += partials[at + j]!;
  }
  return loss;
}
