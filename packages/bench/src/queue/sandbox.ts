/**
 * Where a queue worker trains: a pool of worker threads running the local pool's own worker module
 * (`worker.ts` → `executeJob` → core's `evaluateFold`), with one run's data sets in shared memory.
 * Training never runs on the process's event loop, so BullMQ's lock renewal there never starves.
 * mlcompare's per-job timeout is kept here as in the local pool: a job whose fit outlives it has
 * its thread stopped and is recorded as `timeout`; a thread that crashes gives an `error` result.
 */
import { Piscina } from 'piscina';
import type { JobResult } from '@mlcompare/core';
import { jobResult, type JobTask, type JobTimings, type SharedDataset } from '../execute.js';
import { threadsPerWorker, workerSpec } from '../pool.js';
import type { WorkerData, WorkerReply, WorkerTask } from '../worker.js';

/** How often running jobs are checked against the timeout. */
const WATCH_INTERVAL_MS = 50;

/** Why a sandboxed job was stopped before it ended: the worker is shutting down (the job is handed back). */
export class SandboxAbort extends Error {
  constructor() {
    super('The job was stopped because the worker is shutting down.');
    this.name = 'SandboxAbort';
  }
}

/**
 * The result of a job whose fit outlived the timeout (the same words as the local pool's).
 * @param job - the job.
 * @param timeoutSec - the limit.
 * @returns the `timeout` result.
 */
function timeoutResult(job: JobTask, timeoutSec: number): JobResult {
  return jobResult(
    job,
    'timeout',
    `Timed out: fit and predict took longer than ${timeoutSec} s, so the worker was stopped. Raise the limit with --timeout SEC (or limits.timeoutSec), or skip large data with limits.maxRows.`,
  );
}

function noTimings(): JobTimings {
  return { prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: 0 };
}

/** A thread pool for one run's jobs. */
export class JobSandbox {
  readonly #pool: Piscina;
  readonly #stamps: Int32Array;
  readonly #origin = Date.now();
  readonly #free: number[];
  readonly #watch: ReturnType<typeof setInterval>;
  readonly #running = new Map<number, { deadlineMs: number; ctl: AbortController; timedOut: boolean }>();
  /** When the sandbox last ran a job (`Date.now()`), for closing idle ones. */
  lastUsed = Date.now();

  /**
   * @param datasets - the run's data sets with their splits (in shared memory).
   * @param registryModule - URL of the registry module the threads load.
   * @param threads - most jobs at once.
   */
  constructor(datasets: SharedDataset[], registryModule: string, threads: number) {
    const startStamps = new SharedArrayBuffer(threads * 4);
    this.#stamps = new Int32Array(startStamps);
    const workerData: WorkerData = { registryModule, startStamps, origin: this.#origin, datasets, threadBudget: threadsPerWorker(threads) };
    this.#pool = new Piscina({ ...workerSpec('worker'), minThreads: 0, maxThreads: threads, idleTimeout: 30_000, atomics: 'disabled', workerData });
    // A job aborted (its deadline, the worker shutting down) may still have its reply in flight:
    // piscina then emits 'error' ("Unexpected message from Worker"), an uncaught exception without a
    // listener. The job's own promise has settled already (aborted); an idle thread that dies is
    // replaced by piscina on the next job. Neither loses a result, so neither may kill the worker.
    this.#pool.on('error', () => {});
    this.#free = Array.from({ length: threads }, (_, i) => threads - 1 - i);
    this.#watch = setInterval(() => {
      const now = Date.now() - this.#origin + 1;
      for (const [lane, r] of this.#running) {
        const s = Atomics.load(this.#stamps, lane);
        if (r.deadlineMs > 0 && s > 0 && !r.timedOut && now - s > r.deadlineMs) {
          r.timedOut = true;
          r.ctl.abort();
        }
      }
    }, WATCH_INTERVAL_MS);
    this.#watch.unref();
  }

  /**
   * Runs a job in a thread.
   * @param job - the job.
   * @param timeoutSec - mlcompare's limit on its fit and predict (0 = none).
   * @param signal - aborting stops the job (the worker is shutting down).
   * @returns its result and timings; a timeout or a thread crash is a result too.
   * @throws {@link SandboxAbort} when `signal` stopped it, or when no thread is free (a bug).
   */
  async run(job: JobTask, timeoutSec: number, signal?: AbortSignal): Promise<WorkerReply> {
    // Stopped while the job was being prepared (its data read): its 'abort' event has fired already.
    if (signal?.aborted) throw new SandboxAbort();
    const lane = this.#free.pop();
    if (lane === undefined) throw new Error('JobSandbox.run: more jobs than threads (a bug in the queue worker).');
    this.lastUsed = Date.now();
    Atomics.store(this.#stamps, lane, 0);
    const entry = { deadlineMs: timeoutSec * 1000, ctl: new AbortController(), timedOut: false };
    this.#running.set(lane, entry);
    const onAbort = (): void => entry.ctl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const task: WorkerTask = { lane, job };
      return (await this.#pool.run(task, { signal: entry.ctl.signal })) as WorkerReply;
    } catch (err) {
      if (entry.timedOut) return { result: timeoutResult(job, timeoutSec), timings: noTimings() };
      if (signal?.aborted) throw new SandboxAbort();
      return { result: jobResult(job, 'error', `The worker running this job failed (crash or out of memory): ${(err as Error)?.message ?? String(err)}`), timings: noTimings() };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#running.delete(lane);
      this.#free.push(lane);
      this.lastUsed = Date.now();
    }
  }

  /** Jobs running now. */
  get busy(): number {
    return this.#running.size;
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    clearInterval(this.#watch);
    await this.#pool.destroy();
  }
}
