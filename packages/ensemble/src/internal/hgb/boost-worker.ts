/**
 * The worker of a threaded boosting fit (boost-threads.ts): instantiates the histogram kernel over
 * the fit's shared memory and runs its share of every job the calling thread posts in the control
 * words (its features of the binning, and of each histogram, subtraction and split search; its
 * blocks of rows of the gradients and losses), until told to stop.
 * Started by piscina; one task per worker per fit.
 */
import { runRowShare } from './boosting.js';
import { CTRL, CTRL_WORDS, claimShare, runBinShare, runShare, type KernelThread } from './hist-kernel.js';

/** One worker's task: the fit's shared memory, the compiled kernel and the worker's thread index (1 ..). */
export interface BoostWorkerTask {
  memory: { readonly buffer: ArrayBufferLike };
  module: object;
  thread: number;
}

/**
 * Checks (without sleeping) before waiting on the futex, some microseconds: the next job
 * usually follows within that (a deep node's partition), and a wake-up costs a system call and
 * the scheduler's latency. Past it the thread sleeps (a big node's partition, between fits).
 */
const SPIN = 5000;

interface WasmInstanceApi {
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Serves jobs until the stop command; a failure is flagged in the control words (the calling thread then throws) and rethrown. */
export default function serve(task: BoostWorkerTask): void {
  const api = (globalThis as { WebAssembly?: WasmInstanceApi }).WebAssembly!;
  const inst = new api.Instance(task.module, { env: { mem: task.memory } });
  const kernel: KernelThread = { fns: inst.exports as KernelThread['fns'], memory: task.memory };
  const ctrl = new Int32Array(task.memory.buffer, 0, CTRL_WORDS);
  const t = task.thread;
  let seen = Atomics.load(ctrl, CTRL.seq);
  Atomics.add(ctrl, CTRL.ready, 1);
  Atomics.notify(ctrl, CTRL.ready);
  for (;;) {
    let spin = 0;
    while (Atomics.load(ctrl, CTRL.seq) === seen) {
      if (++spin > SPIN) {
        // Said before sleeping, so that the calling thread wakes it (a wake-up is a system call: only when needed).
        Atomics.store(ctrl, CTRL.sleeps + t, 1);
        Atomics.wait(ctrl, CTRL.seq, seen, 1000);
        Atomics.store(ctrl, CTRL.sleeps + t, 0);
      }
    }
    seen = Atomics.load(ctrl, CTRL.seq);
    const cmd = Atomics.load(ctrl, CTRL.cmd);
    if (cmd === 2) return;
    // The calling thread may have run this share already (it takes the shares nobody claimed).
    if (!claimShare(ctrl, t, seen)) continue;
    try {
      if (cmd === 3) runBinShare(task.memory, t);
      else if (cmd === 4) runRowShare(task.memory, t);
      else runShare(kernel, t);
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
