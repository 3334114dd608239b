/**
 * Boosting with its histograms and split searches shared by threads (Node only: piscina worker
 * threads over one shared WebAssembly memory).
 *
 * scikit-learn 1.2.1 builds each node's histograms and searches its split feature by feature in
 * OpenMP threads. Here the features are cut into contiguous shares, one per thread: for every
 * node the calling thread writes the job (which histogram to build from which samples, which to
 * subtract, which split searches to run) in the control words at the start of the shared memory,
 * bumps the job counter, runs its own share, and waits until each worker has run its share.
 * Every histogram slot is still summed by one thread over the node's samples in partition order,
 * and the shares' best splits are compared in feature order with the one-thread rule (a later
 * feature wins only when strictly better), so the trees are the one-thread trees bit for bit,
 * for any number of threads. The binning, the gradients, the losses and each tree's update of
 * the raw predictions are cut in chunks that every thread claims until none is left (a feature:
 * its thresholds and bins by one thread with the one-thread code; a block of rows: each row's
 * gradient is the one-thread value, each block's loss is summed by one thread and the block sums
 * are added in order as on one thread). Large nodes' partitions are shared by slices of samples;
 * smaller ones, the heap and the flattening stay on the calling thread.
 */
import { availableParallelism } from 'node:os';
import { FitError, threadBudget, type Matrix } from '@mlcompare/core';
import { workerSpec } from '@mlcompare/core/workers';
import { Piscina } from 'piscina';
import { fitBins, transformBins } from './binning.js';
import { LOSS_BLOCK, baselineRows, fitBoosting, rawPredict, rowJobChunks, rowLayout, runRowChunk, type Binner, type RowShape, type BoostedTrees, type BoostingLoss, type BoostingParams, type RowWork } from './boosting.js';
import {
  BIN_THRESHOLD_BYTES, CTRL, CTRL_BYTES, CTRL_WORDS, MAX_KERNEL_THREADS, WALK_NEXT, WALK_STATES, claimChunk, claimShare, firstChunk, histModule, predictLayout, predictModule, runBinChunk, spinUntil,
  walkChunk, walkFunctions, writePredict,
  type JobRunner, type SharedKernel, type Spin,
} from './hist-kernel.js'; // prettier-ignore
import type { BoostWorkerTask, PredictTask } from './boost-worker.js';

/**
 * Fewest training rows (after the early-stopping split) for which a fit uses threads: below it a
 * node's share of work is a few microseconds and handing it over costs as much (measured: README,
 * "Speed").
 */
export const MIN_THREADED_ROWS = 4000;

/** The code of each loss in a row job's control words (boosting.ts reads it back). */
const LOSS_CODE: Record<BoostingLoss, number> = { squared_error: 0, binomial: 1, multinomial: 2 };

/**
 * Idle time (ms) after which a worker of the pool exits. Long, as OpenMP keeps its threads: with
 * 2 s, fits a few seconds apart (the perf script's interleaving, a user's loop over settings) each
 * started the worker again (module load, WebAssembly compile) and the two-thread fit lost what the
 * second thread gained. An idle worker is parked and does not keep the process alive.
 */
const IDLE_MS = 30000;

/** Checks before waiting on the futex in a prediction's wait for a chunk. */
const SPIN = 5000;

/**
 * How long the calling thread checks for a worker's share or chunks before it sleeps on the
 * futex (hist-kernel.ts's `spinUntil`: at most 0.1 ms, less on a loaded machine): being woken
 * costs ~54 µs here (boost-worker.ts's `SPIN_MS`), and a worker's share usually ends within this
 * of the calling thread's (17–33 µs later on average, measured: README, "Round 6"); past it (a worker off its core, the last feature of the binning) the
 * calling thread leaves its core to the others.
 */
const mainSpin: Spin = { ms: 0.1, max: 0.1 };

/** Longest wait (ms) for a worker's share before the fit fails (a worker that died without a word). */
const STALL_MS = 120_000;

/** The threads of a fit whose `nJobs` is left to the default: core's thread budget, else the cores Node reports. */
function defaultThreads(): number {
  return threadBudget(availableParallelism());
}

const pools = new Map<number, Piscina>();

function poolOf(workers: number): Piscina {
  let pool = pools.get(workers);
  if (!pool) {
    pool = new Piscina({ ...workerSpec(import.meta.url, 'boost-worker'), minThreads: 0, maxThreads: workers, idleTimeout: IDLE_MS });
    pools.set(workers, pool);
  }
  return pool;
}

interface MemoryApi {
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => SharedKernel['memory'];
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Waits until ctrl[i] is `value` (spinning first), failing when a worker flagged an error or stalled. */
function waitFor(ctrl: Int32Array, i: number, value: number, caller: string): void {
  if (Atomics.load(ctrl, i) === value) return;
  if (spinUntil(mainSpin, () => Atomics.load(ctrl, i) === value || Atomics.load(ctrl, CTRL.err) !== 0) && Atomics.load(ctrl, i) === value) return;
  let waited = 0;
  for (;;) {
    const cur = Atomics.load(ctrl, i);
    if (cur === value) return;
    if (Atomics.load(ctrl, CTRL.err) !== 0) throw new FitError(`${caller} failed: a boosting worker thread stopped with an error (see its message below).`);
    // Said before sleeping, so that the worker wakes this thread (only then: a wake-up is a system call).
    Atomics.store(ctrl, CTRL.mainSleeps, 1);
    const woke = Atomics.wait(ctrl, i, cur, 1000);
    Atomics.store(ctrl, CTRL.mainSleeps, 0);
    if (woke === 'timed-out' && (waited += 1000) >= STALL_MS) {
      throw new FitError(`${caller} failed: a boosting worker thread did not answer for ${STALL_MS / 1000} s.`);
    }
  }
}

/** Throws when a worker flagged a failure (its share or chunk was not run: the job's result is not to be used). */
function failedCheck(ctrl: Int32Array, caller: string): void {
  if (Atomics.load(ctrl, CTRL.err) !== 0) throw new FitError(`${caller} failed: a boosting worker thread stopped with an error (see its message below).`);
}

/**
 * The threads a fit uses: `nJobs` (null: {@link defaultThreads}), but one below
 * {@link MIN_THREADED_ROWS} rows, and at most the features and {@link MAX_KERNEL_THREADS}.
 */
export function boostingThreads(nJobs: number | null, rows: number, cols: number): number {
  if (rows < MIN_THREADED_ROWS) return 1;
  return Math.max(1, Math.min(nJobs ?? defaultThreads(), cols, MAX_KERNEL_THREADS));
}

/**
 * Fits as {@link fitBoosting} with `threads` threads (this one and `threads − 1` workers)
 * sharing each node's histograms and split searches: the same trees as one thread. Falls back
 * to one thread when the host's WebAssembly has no shared memory.
 * @param threads - 2 or more (at most the features and {@link MAX_KERNEL_THREADS}).
 * @param caller - named in errors.
 * @param stats - receives the chunks of the chunked jobs (binning, gradients, losses, trees
 *   applied) and how many of them the calling thread ran (tests).
 * @throws {@link @mlcompare/core!FitError | FitError} when a worker fails (with its error as the cause).
 */
export async function fitBoostingThreaded(
  X: Matrix,
  y: ArrayLike<number>,
  loss: BoostingLoss,
  nClasses: number,
  p: BoostingParams,
  threads: number,
  caller: string,
  stats?: ChunkStats,
): Promise<BoostedTrees> {
  const T = Math.min(threads, X.cols, MAX_KERNEL_THREADS);
  const mod = histModule(true);
  const api = (globalThis as { WebAssembly?: MemoryApi }).WebAssembly;
  if (T < 2 || mod === null || api === undefined) return fitBoosting(X, y, loss, nClasses, p);
  const memory = new api.Memory({ initial: 1, maximum: 65536, shared: true });
  const ctrl = new Int32Array(memory.buffer, 0, CTRL_WORDS);
  const pool = poolOf(T - 1);
  const tasks: Array<Promise<unknown>> = [];
  for (let t = 1; t < T; t++) tasks.push(pool.run({ memory, module: mod.compiled, thread: t } satisfies BoostWorkerTask));
  const failed = Promise.all(tasks).then(
    () => undefined,
    (err: unknown) => err,
  );
  // Every worker has read the job counter before the first job.
  const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: boolean; value: Promise<string> | string } }).waitAsync;
  for (;;) {
    const ready = Atomics.load(ctrl, CTRL.ready);
    if (ready >= T - 1) break;
    const r = waitAsync(ctrl, CTRL.ready, ready, 1000);
    const err = await Promise.race([r.async ? r.value : Promise.resolve(), failed.then((e) => e ?? new Error('worker ended before it started'))]);
    if (err instanceof Error) throw new FitError(`${caller} failed: a boosting worker thread could not start (${err.message}).`, { cause: err });
  }
  return fitWithWorkers(X, y, loss, nClasses, p, { memory, module: mod, ctrl, T, tasks, failed }, caller, stats);
}

/** Chunks of a threaded fit's chunked jobs, and how many the calling thread ran. */
export interface ChunkStats {
  chunks: number;
  chunksHere: number;
}

interface Workers {
  memory: SharedKernel['memory'];
  module: SharedKernel['module'];
  ctrl: Int32Array;
  T: number;
  tasks: Array<Promise<unknown>>;
  failed: Promise<unknown>;
}

/** The fit itself, once every worker is ready; the workers are told to stop whatever happens. */
async function fitWithWorkers(X: Matrix, y: ArrayLike<number>, loss: BoostingLoss, nClasses: number, p: BoostingParams, w: Workers, caller: string, stats?: ChunkStats): Promise<BoostedTrees> {
  const { memory, ctrl, T, tasks, failed } = w;
  /** Wakes the workers when one sleeps (a wake-up is a system call: only when needed). */
  const wake = (c: Int32Array): void => {
    for (let t = 1; t < T; t++) {
      if (Atomics.load(c, CTRL.sleeps + t) === 1) {
        Atomics.notify(c, CTRL.seq);
        return;
      }
    }
  };
  const runner: JobRunner = {
    threads: T,
    run(c, cmd, share) {
      Atomics.store(c, CTRL.cmd, cmd);
      const seq = Atomics.add(c, CTRL.seq, 1) + 1;
      wake(c);
      share(0);
      // The shares no worker has claimed yet run here; then wait for the ones the workers have.
      const theirs: number[] = [];
      for (let t = 1; t < T; t++) {
        if (claimShare(c, t, seq)) share(t);
        else theirs.push(t);
      }
      for (const t of theirs) waitFor(c, CTRL.done + t, seq, caller);
      failedCheck(c, caller);
    },
    runChunks(c, cmd, chunks, chunk) {
      const seq = Atomics.load(c, CTRL.seq) + 1;
      Atomics.store(c, CTRL.chunks, chunks);
      Atomics.store(c, CTRL.chunksDone, 0);
      Atomics.store(c, CTRL.next, firstChunk(seq));
      // No share to claim in this job: the claims move on with it (a node job's claim expects the job before).
      for (let t = 1; t < T; t++) Atomics.store(c, CTRL.claims + t, seq);
      Atomics.store(c, CTRL.cmd, cmd);
      Atomics.add(c, CTRL.seq, 1);
      wake(c);
      for (let i = claimChunk(c, seq); i >= 0; i = claimChunk(c, seq)) {
        chunk(i);
        Atomics.add(c, CTRL.chunksDone, 1);
        if (stats) stats.chunksHere++;
      }
      if (stats) stats.chunks += chunks;
      waitFor(c, CTRL.chunksDone, chunks, caller);
      failedCheck(c, caller);
    },
  };
  try {
    /** The features' thresholds and bins, claimed a feature at a time by the threads (see runBinChunk). */
    const binner: Binner = (data, n, d, maxBins) => {
      const align8 = (v: number): number => Math.ceil(v / 8) * 8;
      const dataAt = CTRL_BYTES;
      const outAt = align8(dataAt + n * d * 8);
      const thrAt = align8(outAt + n * d);
      const countAt = thrAt + d * BIN_THRESHOLD_BYTES;
      const missAt = countAt + d * 4;
      const bytes = missAt + d;
      if (bytes > 2 ** 31) {
        const mapper = fitBins(data, n, d, maxBins);
        return { mapper, bins: transformBins(mapper, data, n, d) };
      }
      const have = memory.buffer.byteLength;
      if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
      const buf = memory.buffer;
      new Float64Array(buf, dataAt, n * d).set(data.subarray(0, n * d));
      const c = new Int32Array(buf, 0, CTRL_WORDS);
      const words: Array<[number, number]> = [
        [CTRL.n, n], [CTRL.d, d], [CTRL.threads, T], [CTRL.maxBins, maxBins],
        [CTRL.binData, dataAt], [CTRL.binOut, outAt], [CTRL.binThr, thrAt], [CTRL.binCount, countAt], [CTRL.binMissing, missAt],
      ]; // prettier-ignore
      for (const [i, v] of words) c[i] = v;
      runner.runChunks(c, 3, d, (f) => runBinChunk(memory, f));
      const counts = new Int32Array(buf, countAt, d);
      const thresholds = Array.from({ length: d }, (_, f) => new Float64Array(buf, thrAt + f * BIN_THRESHOLD_BYTES, counts[f]!).slice());
      const hasMissing = new Uint8Array(buf, missAt, d).slice();
      return { mapper: { thresholds, missingBin: maxBins }, bins: new Uint8Array(buf, outAt, n * d).slice(), hasMissing };
    };
    let shape: RowShape = { n: 0, nVal: 0, K: 1, d: 0, maxNodes: 0 };
    let L = rowLayout(0, shape);
    let nTrain = 0;
    let nValid = 0;
    const rowJob = (words: Array<[number, number]>): void => {
      const c = new Int32Array(memory.buffer, 0, CTRL_WORDS);
      for (const [i, v] of words) c[i] = v;
      runner.runChunks(c, 4, rowJobChunks(c), (i) => runRowChunk(memory, i));
    };
    /** Gradients and losses, shared by the threads by blocks of rows (see runRowChunk). */
    const rows: RowWork = {
      bytes: (s) => rowLayout(0, s).end,
      arrays(s) {
        const buf = memory.buffer;
        const { n, nVal, K } = s;
        shape = s;
        L = rowLayout(new Int32Array(buf, 0, CTRL_WORDS)[CTRL.rowsAt]!, s);
        nTrain = n;
        nValid = nVal;
        return {
          yy: new Float64Array(buf, L.y, n),
          raw: new Float64Array(buf, L.raw, n * K),
          g: new Float32Array(buf, L.g, n * K),
          h: new Float32Array(buf, L.h, n * K),
          yVal: new Float64Array(buf, L.yVal, nVal),
          rawVal: new Float64Array(buf, L.rawVal, nVal * K),
          valBins: new Uint8Array(buf, L.valBins, nVal * s.d),
        };
      },
      applyTree(tree, leaves, k) {
        const buf = memory.buffer;
        const m = tree.feature.length;
        new Int32Array(buf, L.feature, m).set(tree.feature);
        new Int32Array(buf, L.binThr, m).set(tree.binThreshold);
        new Int32Array(buf, L.left, m).set(tree.left);
        new Int32Array(buf, L.right, m).set(tree.right);
        new Uint8Array(buf, L.missLeft, m).set(tree.missingLeft);
        new Float64Array(buf, L.value, m).set(tree.value);
        const leafValue = new Float64Array(buf, L.leafValue, leaves.length);
        const leafStart = new Int32Array(buf, L.leafStart, leaves.length);
        const leafStop = new Int32Array(buf, L.leafStop, leaves.length);
        leaves.forEach((leaf, j) => {
          leafValue[j] = leaf.value;
          leafStart[j] = leaf.start;
          leafStop[j] = leaf.stop;
        });
        rowJob([[CTRL.rowOp, 3], [CTRL.rowK, shape.K], [CTRL.rowShapeN, shape.n], [CTRL.rowShapeVal, shape.nVal], [CTRL.rowMaxNodes, shape.maxNodes], [CTRL.rowOutput, k], [CTRL.rowLeaves, leaves.length]]);
      },
      gradients(lossName, K) {
        rowJob([[CTRL.rowOp, 1], [CTRL.rowLoss, LOSS_CODE[lossName]], [CTRL.rowK, K], [CTRL.rowN, nTrain], [CTRL.rowY, L.y], [CTRL.rowRaw, L.raw], [CTRL.rowG, L.g], [CTRL.rowH, L.h]]);
      },
      meanLoss(val, lossName, K) {
        const n = val ? nValid : nTrain;
        rowJob([[CTRL.rowOp, 2], [CTRL.rowLoss, LOSS_CODE[lossName]], [CTRL.rowK, K], [CTRL.rowN, n], [CTRL.rowY, val ? L.yVal : L.y], [CTRL.rowRaw, val ? L.rawVal : L.raw], [CTRL.rowSums, L.sums]]);
        const sums = new Float64Array(memory.buffer, L.sums, Math.ceil(n / LOSS_BLOCK));
        let s = 0;
        for (let b = 0; b < sums.length; b++) s += sums[b]!;
        return s / n;
      },
    };
    return fitBoosting(X, y, loss, nClasses, p, { shared: { memory, module: w.module, runner }, binner, rows });
  } catch (err) {
    if (err instanceof FitError && Atomics.load(ctrl, CTRL.err) !== 0) {
      const cause = await Promise.race([failed, new Promise((r) => setTimeout(r, 1000))]);
      if (cause instanceof Error) throw new FitError(`${err.message.replace(' (see its message below)', '')}: ${cause.message}`, { cause });
    }
    throw err;
  } finally {
    Atomics.store(ctrl, CTRL.cmd, 2);
    Atomics.add(ctrl, CTRL.seq, 1);
    Atomics.notify(ctrl, CTRL.seq);
    await Promise.allSettled(tasks);
  }
}

// ---------------------------------------------------------------------------- prediction

/**
 * Fewest rows for which a prediction uses threads. The hand-off (a shared memory, the rows and
 * trees written to it, a task posted) costs ~0.3 ms on the calling thread, which does not wait for
 * the worker (it walks every chunk nobody has claimed). Measured (100 trees, 20 features, one /
 * two threads): before the four-row walk, at load 2.5, 500 rows (one chunk) 2.9 / 3.2 ms, 1,000
 * rows 5.3–5.8 / 3.3–4.0 ms; with it, at load 7.5, 1,000 rows 3.1 / 3.6 ms, 2,000 rows 5.9 /
 * 6.3 ms, 5,000 rows 14.2 / 9.5 ms. From 2,000 rows (four chunks) a second thread has work worth
 * its hand-off.
 */
export const MIN_THREADED_PREDICT_ROWS = 2000;

/** The threads a prediction of `rows` rows uses: `nJobs` (null: {@link defaultThreads}), but one below {@link MIN_THREADED_PREDICT_ROWS} rows. */
export function predictThreads(nJobs: number | null, rows: number): number {
  if (rows < MIN_THREADED_PREDICT_ROWS) return 1;
  return Math.max(1, Math.min(nJobs ?? defaultThreads(), MAX_KERNEL_THREADS));
}

/**
 * Raw predictions as {@link rawPredict} — the same numbers, bit for bit — with `threads` threads
 * (this one and `threads − 1` workers) walking chunks of rows over one shared WebAssembly memory
 * (the rows, outputs and trees, written once). A chunk is claimed by one thread (an atomic
 * counter) and each row's leaf values are added in tree order whoever walks it. The calling
 * thread does not wait for a worker to start: it walks every chunk nobody has claimed, then waits
 * for the chunks a worker claimed (a chunk a worker failed on is walked again here from its
 * baseline). One thread, or no shared WebAssembly memory: {@link rawPredict}.
 * @param stats - receives the chunks and how many of them the calling thread walked (tests).
 */
export function rawPredictThreaded(m: BoostedTrees, X: Matrix, threads: number, stats?: { chunks: number; walkedHere: number }): Float64Array {
  const { rows: n, cols: d } = X;
  const K = m.nOutputs;
  const api = (globalThis as { WebAssembly?: MemoryApi }).WebAssembly;
  const mod = threads > 1 && n > 0 ? predictModule(true) : null;
  if (mod === null || api === undefined) return rawPredict(m, X);
  // About eight chunks per thread (the last ones even out the threads' shares), of at least 512
  // rows: walking in smaller chunks was not faster, nor slower down to 64 rows (20,000 rows × 20
  // features, 100 trees: 98 ms in one chunk, 103–109 ms in chunks of 64–512 rows; a walk waits on
  // its dependent loads, not on the cache).
  const chunk = Math.max(512, Math.ceil(n / (8 * threads)));
  const nChunks = Math.ceil(n / chunk);
  const L = predictLayout(m, n, d, K, (WALK_STATES + nChunks) * 4);
  if (L.end > 2 ** 31) return rawPredict(m, X);
  const pages = Math.ceil(L.end / 65536);
  const memory = new api.Memory({ initial: pages, maximum: pages, shared: true });
  const start = baselineRows(m, n);
  writePredict(memory.buffer, L, m, X.data, start);
  const ctrl = new Int32Array(memory.buffer, 0, WALK_STATES + nChunks);
  const pool = poolOf(threads - 1);
  const task: PredictTask = { memory, module: mod.compiled, layout: L, roots: m.roots, chunk, nChunks };
  // A failed worker leaves its chunk marked failed (walked again below): its rejection needs no handler of its own.
  for (let t = 1; t < threads; t++) pool.run({ predict: task } satisfies BoostWorkerTask).catch(() => undefined);
  const fns = walkFunctions(new api.Instance(mod.compiled, { env: { mem: memory } }).exports);
  let walkedHere = 0;
  const walk = (c: number): void => {
    walkChunk(fns, L, m.roots, c * chunk, Math.min(n, (c + 1) * chunk));
    walkedHere++;
  };
  for (;;) {
    const c = Atomics.add(ctrl, WALK_NEXT, 1);
    if (c >= nChunks) break;
    walk(c);
    ctrl[WALK_STATES + c] = 1;
  }
  const out = new Float64Array(memory.buffer, L.out, n * K);
  for (let c = 0; c < nChunks; c++) {
    const i = WALK_STATES + c;
    for (let s = 0; Atomics.load(ctrl, i) === 0; s++) if (s > SPIN) Atomics.wait(ctrl, i, 0, 100);
    if (Atomics.load(ctrl, i) === 2) {
      const r0 = c * chunk;
      const r1 = Math.min(n, r0 + chunk);
      out.set(start.subarray(r0 * K, r1 * K), r0 * K);
      walk(c);
    }
  }
  if (stats) Object.assign(stats, { chunks: nChunks, walkedHere });
  return out.slice();
}
