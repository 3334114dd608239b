/**
 * The pool's worker: loads the registry once and runs jobs on the data sets and splits the main
 * thread handed over at start-up (`workerData`; `X` in shared memory). It never loads or splits
 * data itself. Started by piscina (see `pool.ts`); the main thread sends only small {@link JobTask}s.
 */
import { isMainThread, threadId, workerData } from 'node:worker_threads';
import { importThreadModule, setThreadBudget, type JobResult, type ModelSpec } from '@mlcompare/core';
import { executeJob, type JobTask, type JobTimings, type SharedDataset } from './execute.js';

/** What the pool gives every worker at start-up. */
export interface WorkerData {
  /** URL of the module whose `models` export is the registry. */
  registryModule: string;
  /** One slot per lane: `Date.now() - origin + 1` when the lane's job started fitting, else 0. */
  startStamps: SharedArrayBuffer;
  /** `Date.now()` of the main thread when the pool was made. */
  origin: number;
  /** The run's data sets with their splits (`X` and the row indices in SharedArrayBuffers: shared, not copied). */
  datasets: SharedDataset[];
  /**
   * The thread budget of this worker (core's `setThreadBudget`), set when the worker starts,
   * before any job: ⌊cores ÷ workers⌋ (see `threadsPerWorker`).
   */
  threadBudget: number;
}

/** A job plus the lane it occupies (its slot in `startStamps`). */
export interface WorkerTask {
  lane: number;
  job: JobTask;
}

// Before any job (and any model module) runs: a model whose nJobs is left to its default uses
// this many threads, so that the pool's workers together do not ask for more than the cores.
// (The main thread imports this module too, for importRegistry, and so may a thread that is not
// the pool's: their budget is left alone.)
const started = workerData as Partial<WorkerData> | null;
if (!isMainThread && typeof started?.threadBudget === 'number') setThreadBudget(started.threadBudget);

let registryPromise: Promise<readonly ModelSpec[]> | undefined;
let datasets: ReadonlyMap<string, SharedDataset> | undefined;

/**
 * Imports a registry module, from source inside a worker thread too (core's importThreadModule:
 * tsx's ESM hooks are not registered in worker threads on Node 20, its CJS hook is, TOOLCHAIN.md §5).
 * @param url - module URL.
 * @returns its `models` array.
 */
export async function importRegistry(url: string): Promise<readonly ModelSpec[]> {
  const mod = (await importThreadModule(url, import.meta.url)) as { models?: unknown };
  if (!Array.isArray(mod.models)) throw new Error(`The registry module ${url} does not export 'models: ModelSpec[]'.`);
  return mod.models as ModelSpec[];
}

/** What a worker sends back. */
export interface WorkerReply {
  result: JobResult;
  timings: JobTimings;
  /**
   * The worker thread that ran the job (its `threadId`; absent when the job did not come back from
   * one): the runner offers it the model classes it has run before.
   */
  thread?: number;
}

/**
 * Runs one job (piscina's entry point).
 * @param task - the job and its lane.
 * @returns the job's result and where its time went.
 */
export default async function runTask(task: WorkerTask): Promise<WorkerReply> {
  const wd = workerData as WorkerData;
  registryPromise ??= importRegistry(wd.registryModule);
  const registry = await registryPromise;
  datasets ??= new Map(wd.datasets.map((d) => [d.name, d]));
  const stamps = new Int32Array(wd.startStamps);
  Atomics.store(stamps, task.lane, 0);
  const timings: JobTimings = { prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: 0 };
  const result = await executeJob(task.job, {
    registry,
    datasets,
    now: () => performance.now(),
    onStart: () => Atomics.store(stamps, task.lane, Math.max(1, Date.now() - wd.origin + 1)),
    timings,
  });
  return { result, timings, thread: threadId };
}
