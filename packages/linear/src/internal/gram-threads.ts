/**
 * The least-squares Gram matrix split over worker threads (Node only: loaded lazily by the
 * models, never bundled for browsers). The workers get their task when the fit starts and wait;
 * when the main thread needs the Gram matrix it copies X and y once into SharedArrayBuffers (X
 * during the column-means pass, through {@link ThreadedGram.stage}), says go, and claims chunks
 * like the workers; a worker not started yet simply gets none. The main thread adds the chunks'
 * slots in chunk order, so the Gram matrix is the one thread's, bit for bit.
 *
 * The shared memory of X, y and the slots is kept between fits (for {@link KEEP_MS}): a fresh
 * SharedArrayBuffer's pages are mapped on first write, and at 80,000 × 20 (12.8 MB) those page
 * faults took 10 ms, twice the Gram matrix itself.
 */
import { FitError } from '@mlcompare/core';
import { defaultThreads, workerPool } from './worker-pool.js';
import { addGramSlot, gramChunkCount, gramChunks, gramSlotSize, mirrorUpper, type GramProblem } from './gram-blocks.js';
import { GO, STATE, STATUS, STOP, claimChunk, type GramTask } from './gram-worker.js';

export { defaultThreads };

const poolOf = workerPool('gram-worker');

/** How long the shared memory of the last fit is kept for the next one (then left to the GC). */
const KEEP_MS = 30_000;

let kept: { buffer: SharedArrayBuffer; timer: ReturnType<typeof setTimeout> | undefined } | undefined;

/**
 * A SharedArrayBuffer of at least `bytes`, the one of the previous fit when it is large enough.
 * Fits on one thread never overlap in it: a threaded Gram matrix is built synchronously, from
 * the means pass to the last slot, and a worker reads X only for a chunk it claimed in that time.
 */
function sharedMemory(bytes: number): SharedArrayBuffer {
  if (!kept || kept.buffer.byteLength < bytes) kept = { buffer: new SharedArrayBuffer(bytes), timer: undefined };
  const k = kept;
  if (k.timer) clearTimeout(k.timer);
  k.timer = setTimeout(() => {
    if (kept === k) kept = undefined;
  }, KEEP_MS);
  k.timer.unref?.();
  return k.buffer;
}

/** Longest wait for a worker's chunk before the fit is abandoned (a worker that died silently). */
const REPLY_TIMEOUT_MS = 600_000;

/** A Gram matrix builder on several threads: `build` once (or never), then always `close`. */
export interface ThreadedGram {
  /** The centred Gram matrix `Xcᵀ Xc` (full d × d) and `Xcᵀ yc` of an n × d problem (X copied to {@link ThreadedGram.stage} unless it is there). */
  build(p: GramProblem): { G: Float64Array; b: Float64Array };
  /** The shared n × d memory the workers read X from: the caller may copy X there itself (linalg.ts's means pass). */
  readonly stage: Float64Array;
  /** The array that {@link ThreadedGram.stage} holds a copy of, when the caller made it: `build` then does not copy X. */
  stagedFrom?: Float64Array;
  /**
   * Ends the workers' tasks.
   * @throws {@link @mlcompare/core!FitError | FitError} when a worker could not start or run.
   */
  close(): Promise<void>;
}

/** Starts `threads − 1` workers for an n × d problem (they wait for {@link ThreadedGram.build}). */
export async function threadedGram(n: number, d: number, threads: number, caller: string): Promise<ThreadedGram> {
  const nc = gramChunkCount(n);
  const size = gramSlotSize(d);
  // X, y and the slots in the kept shared memory (each written before it is read); the small
  // control arrays fresh, as they must start at zero.
  const mem = sharedMemory((n * d + n + nc * size) * 8);
  const X = new Float64Array(mem, 0, n * d);
  const yS = new Float64Array(mem, n * d * 8, n);
  const slots = new Float64Array(mem, (n * d + n) * 8, nc * size);
  const f64 = (len: number): Float64Array => new Float64Array(new SharedArrayBuffer(len * 8));
  const i32 = (len: number): Int32Array => new Int32Array(new SharedArrayBuffer(len * 4));
  const task = { X, y: yS, means: f64(d + 1), n, d, slots, claims: i32(1), done: i32(nc) };
  const controls = Array.from({ length: threads - 1 }, () => i32(2));
  const pl = poolOf(controls.length);
  const failed: unknown[] = [];
  const runs = controls.map((control) => (pl.run({ ...task, control } satisfies GramTask) as Promise<number>).catch((e: unknown) => void failed.push(e)));
  // One turn of the event loop: piscina hands the tasks to its workers.
  await new Promise((resolve) => setImmediate(resolve));
  const signal = (state: number): void => {
    for (const c of controls) {
      Atomics.store(c, STATE, state);
      Atomics.notify(c, STATE);
    }
  };
  const tg: ThreadedGram = {
    stage: X,
    build(p) {
      if (p.X !== tg.stagedFrom) task.X.set(p.X.subarray(0, n * d));
      task.y.set(p.y.subarray(0, n));
      task.means.set(p.mu.subarray(0, d));
      task.means[d] = p.ybar;
      signal(GO);
      // The main thread reads the shared copy too (as fast as p.X): a copy gone wrong changes
      // every model, not only those of the chunks a worker happened to claim.
      const own = gramChunks({ ...p, X: task.X, y: task.y });
      for (let c = claimChunk(task.claims); c < nc; c = claimChunk(task.claims)) {
        task.slots.set(own.evaluate(c).subarray(0, size), c * size);
        task.done[c] = 1;
      }
      const G = new Float64Array(d * d);
      const b = new Float64Array(d);
      for (let c = 0; c < nc; c++) {
        // A chunk a worker claimed and has not finished: at most one per worker.
        const t0 = Date.now();
        while (Atomics.load(task.done, c) === 0) {
          if (controls.some((ctl) => Atomics.load(ctl, STATUS) === 2)) throw new FitError(`${caller}: a worker thread failed while building the Gram matrix. Pass nJobs: 1 to fit on the calling thread.`);
          if (Date.now() - t0 > REPLY_TIMEOUT_MS) throw new FitError(`${caller}: a worker thread gave no answer in ${REPLY_TIMEOUT_MS / 1000} s. Pass nJobs: 1 to fit on the calling thread.`);
          Atomics.wait(task.done, c, 0, 100);
        }
        addGramSlot(task.slots, c * size, d, G, b);
      }
      mirrorUpper(G, d);
      return { G, b };
    },
    async close() {
      signal(STOP);
      await Promise.all(runs);
      if (failed.length > 0) throw new FitError(`${caller} could not run its worker threads: ${String(failed[0])}. Pass nJobs: 1 to fit on the calling thread.`);
    },
  };
  return tg;
}
