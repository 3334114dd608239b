/**
 * The worker of a threaded boosting fit (boost-threads.ts): instantiates the histogram kernel over
 * the fit's shared memory and runs its part of every job the calling thread posts in the control
 * words (its features of each histogram, subtraction and split search, its slice of a large
 * node's partition; chunks of the binning, gradients, losses and trees' updates, claimed until
 * none is left), until told to stop.
 * Started by piscina; one task per worker per fit.
 */
import { runRowChunk } from './boosting.js';
import { CTRL, CTRL_WORDS, WALK_NEXT, WALK_STATES, claimChunk, claimShare, runBinChunk, runShare, spinUntil, walkChunk, walkFunctions, type KernelThread, type PredictLayout, type Spin } from './hist-kernel.js';

/** A fit's task: the fit's shared memory, the compiled kernel and the worker's thread index (1 ..). */
interface FitTask {
  memory: { readonly buffer: ArrayBufferLike };
  module: object;
  thread: number;
}

/** A threaded prediction's task (boost-threads.ts, `rawPredictThreaded`): the memory the walk module reads, its layout, the trees' roots and the chunks. */
export interface PredictTask {
  memory: { readonly buffer: ArrayBufferLike };
  /** The walk module over a shared memory (hist-kernel.ts, `predictModule(true)`). */
  module: object;
  layout: PredictLayout;
  roots: Int32Array;
  /** Rows per chunk, and chunks. */
  chunk: number;
  nChunks: number;
}

/** One worker's task: serve a fit's jobs, or walk chunks of a prediction. */
export type BoostWorkerTask = FitTask | { predict: PredictTask };

/**
 * Checks (without sleeping) before waiting on the futex in a walk: some microseconds.
 */
const SPIN = 5000;

/**
 * Most milliseconds a fit's worker checks for the next job before it sleeps on the futex (less
 * on a loaded machine: hist-kernel.ts's `spinUntil`). A wake-up costs the calling thread a system
 * call and the worker the scheduler's latency: measured here (two threads ping-ponging over a
 * SharedArrayBuffer, 200 µs apart, 2,000 times), 54 µs median (72 µs p90) to a sleeping thread
 * against 0.2 µs to a spinning one — while the gaps between a node's jobs are mostly tens of
 * microseconds (its partition and the heap on the calling thread). Past it (between trees, some
 * 100 wake-ups a fit; between fits) the worker sleeps: a longer spin (1 ms was tried) burns a
 * core that, on a machine where another program runs, the calling thread may need — it was not
 * faster in an interleaved run at load 1.6–4.5, where 0.02 ms was as fast as the old code.
 */
const SPIN_MS = 0.2;

interface WasmInstanceApi {
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * A worker's share of a threaded walk: claims chunks of rows until none is left, marking each
 * walked (1) or, when it throws, failed (2: the calling thread walks it again).
 */
function walkShare(task: PredictTask): void {
  const api = (globalThis as { WebAssembly?: WasmInstanceApi }).WebAssembly!;
  const fns = walkFunctions(new api.Instance(task.module, { env: { mem: task.memory } }).exports);
  const { layout: L, chunk, nChunks } = task;
  const ctrl = new Int32Array(task.memory.buffer, 0, WALK_STATES + nChunks);
  for (;;) {
    const c = Atomics.add(ctrl, WALK_NEXT, 1);
    if (c >= nChunks) return;
    try {
      walkChunk(fns, L, task.roots, c * chunk, Math.min(L.n, (c + 1) * chunk));
    } catch (err) {
      Atomics.store(ctrl, WALK_STATES + c, 2);
      Atomics.notify(ctrl, WALK_STATES + c);
      throw err;
    }
    Atomics.store(ctrl, WALK_STATES + c, 1);
    Atomics.notify(ctrl, WALK_STATES + c);
  }
}

/** Serves a fit's jobs until the stop command (a failure is flagged in the control words: the calling thread then throws, and it is rethrown), or walks a prediction's chunks. */
export default function serve(task: BoostWorkerTask): void {
  if ('predict' in task) {
    walkShare(task.predict);
    return;
  }
  const api = (globalThis as { WebAssembly?: WasmInstanceApi }).WebAssembly!;
  const inst = new api.Instance(task.module, { env: { mem: task.memory } });
  const kernel: KernelThread = { fns: inst.exports as KernelThread['fns'], memory: task.memory };
  const ctrl = new Int32Array(task.memory.buffer, 0, CTRL_WORDS);
  const t = task.thread;
  let seen = Atomics.load(ctrl, CTRL.seq);
  Atomics.add(ctrl, CTRL.ready, 1);
  Atomics.notify(ctrl, CTRL.ready);
  const SEQ = CTRL.seq;
  const spin: Spin = { ms: SPIN_MS, max: SPIN_MS };
  const posted = (): boolean => Atomics.load(ctrl, SEQ) !== seen;
  for (;;) {
    if (!spinUntil(spin, posted)) {
      while (Atomics.load(ctrl, SEQ) === seen) {
        // Said before sleeping, so that the calling thread wakes it (a wake-up is a system call: only when needed).
        Atomics.store(ctrl, CTRL.sleeps + t, 1);
        Atomics.wait(ctrl, SEQ, seen, 1000);
        Atomics.store(ctrl, CTRL.sleeps + t, 0);
      }
    }
    seen = Atomics.load(ctrl, CTRL.seq);
    const cmd = Atomics.load(ctrl, CTRL.cmd);
    if (cmd === 2) return;
    if (cmd === 3 || cmd === 4) {
      // A chunked job: chunks until none is left (the calling thread claims them too).
      for (let i = claimChunk(ctrl, seen); i >= 0; i = claimChunk(ctrl, seen)) {
        try {
          if (cmd === 3) runBinChunk(task.memory, i);
          else runRowChunk(task.memory, i);
        } catch (err) {
          // Flagged, and the chunk never counted done: the calling thread stops waiting and throws.
          Atomics.store(ctrl, CTRL.err, 1);
          Atomics.notify(ctrl, CTRL.chunksDone);
          throw err;
        }
        Atomics.add(ctrl, CTRL.chunksDone, 1);
        if (Atomics.load(ctrl, CTRL.mainSleeps) === 1) Atomics.notify(ctrl, CTRL.chunksDone);
      }
      continue;
    }
    // The calling thread may have run this share already (it takes the shares nobody claimed).
    if (!claimShare(ctrl, t, seen)) continue;
    try {
      runShare(kernel, t);
    } catch (err) {
      Atomics.store(ctrl, CTRL.err, 1);
      Atomics.store(ctrl, CTRL.done + t, seen);
      Atomics.notify(ctrl, CTRL.done + t);
      throw err;
    }
    Atomics.store(ctrl, CTRL.done + t, seen);
    if (Atomics.load(ctrl, CTRL.mainSleeps) === 1) Atomics.notify(ctrl, CTRL.done + t);
  }
}
