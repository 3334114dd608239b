/**
 * `mlcompare worker`: takes jobs of any run from the BullMQ queue on Redis and runs each exactly as
 * the local pool does (the pool's worker module in a thread: `executeJob` → core's `evaluateFold`),
 * on the run's data read from Redis by content hash. Before anything runs, a job is checked: the
 * message, the mlcompare version, the data's hash, the model's package version. A job this worker
 * cannot run faithfully is refused — handed back untouched for another worker, the refusal logged
 * here and reported to the coordinator — never computed on other code or other data.
 *
 * Stopping (SIGTERM, or the `signal`): running jobs are stopped and handed back to the queue at
 * once (another worker takes them without waiting for their lock to expire), then the worker exits.
 * A worker that dies (SIGKILL, power) holds its jobs' locks until they expire (`lockSec`); BullMQ's
 * stalled-job check in the other workers then puts them back on the queue.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { DelayedError, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { ConfigError, findModel, type ModelSpec } from '@mlcompare/core';
import type { SharedDataset } from '../execute.js';
import { mlcompareVersion } from '../identity.js';
import { importRegistry, type WorkerReply } from '../worker.js';
import { fetchDataset } from './data.js';
import { KEY_PREFIX, QUEUE_NAME, QueueRefusalError, parseQueueJob, type QueueJobData, type QueueReply } from './protocol.js';
import { connectRedis } from './redis.js';

export { checkRedisUrl } from './redis.js';
import { JobSandbox, SandboxAbort } from './sandbox.js';

/** How long a refused job waits before it is offered again (to this worker or another). */
const REFUSED_DELAY_MS = 1000;
/** A run's threads are stopped after this long without a job of it. */
const IDLE_RUN_MS = 60_000;

/** Options of {@link runWorker}. */
export interface QueueWorkerOptions {
  /** The Redis URL (`redis://host:6379`, `rediss://…`, with `user:password@` and `/db` when needed). */
  url: string;
  /** Jobs at once (threads). @defaultValue 1 */
  concurrency?: number;
  /** URL of the registry module (exports `models`): the same models as the coordinator's. */
  registryModule: string;
  /**
   * Seconds a job's lock lasts without renewal: a dead worker's jobs go back to the queue after
   * about this long (the lock is renewed every half of it while the job runs). @defaultValue 30
   */
  lockSec?: number;
  /** Messages (one line each). */
  log?: (line: string) => void;
  /** Aborting stops the worker: running jobs are handed back, then {@link runWorker} resolves. */
  signal?: AbortSignal;
  /**
   * Runs a checked job instead of the thread pool. Only for `benchmarks/perf/queue.ts`, whose
   * simulated workers sleep instead of training; every check before it still runs.
   */
  execute?: (job: QueueJobData) => Promise<WorkerReply>;
}

/** What a worker did, when it stops. */
export interface QueueWorkerSummary {
  /** Jobs completed. */
  completed: number;
  /** Jobs refused (handed back), by error code. */
  refused: Record<string, number>;
}

/**
 * The version of a registry entry's package, resolved from the registry module's location.
 * @param registryModule - URL of the registry module.
 * @param packageName - the model's package.
 * @returns its version, or null when it cannot be resolved (a registry outside any package).
 */
export function modelPackageVersion(registryModule: string, packageName: string): string | null {
  try {
    const from = registryModule.startsWith('file:') ? fileURLToPath(registryModule) : import.meta.filename;
    return (createRequire(from)(`${packageName}/package.json`) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/**
 * Checks that this worker's registry has the job's model in the job's package version.
 * @throws {@link QueueRefusalError} `MLCOMPARE_QUEUE_MODEL` when it has not.
 */
function checkModel(registry: readonly ModelSpec[], registryModule: string, job: QueueJobData, versions: Map<string, string | null>): void {
  let spec: ModelSpec;
  try {
    spec = findModel(registry, job.task.className, job.task.task);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new QueueRefusalError(
      'model',
      `This worker's model registry (${registryModule}) has no ${job.task.task} model '${job.task.className}' (from ${job.model.packageName}). ` +
        `Start the worker with the coordinator's registry (MLCOMPARE_REGISTRY).`,
    );
  }
  if (!versions.has(spec.packageName)) versions.set(spec.packageName, modelPackageVersion(registryModule, spec.packageName));
  const mine = versions.get(spec.packageName)!;
  if (spec.packageName !== job.model.packageName || mine !== job.model.version) {
    throw new QueueRefusalError(
      'model',
      `The job's model '${job.task.className}' comes from ${job.model.packageName} ${job.model.version ?? '(no version)'}; this worker has it from ${spec.packageName} ${mine ?? '(no version)'}. ` +
        `Install the same model packages on every machine.`,
    );
  }
}

/** A run as this worker knows it: its data (checked) and its threads. */
interface RunContext {
  sandbox: JobSandbox;
}

/**
 * Runs a queue worker until its signal aborts.
 * @param opts - Redis URL, concurrency, registry, lock duration.
 * @returns what it did.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} when Redis cannot be reached at start or the registry cannot be loaded.
 */
export async function runWorker(opts: QueueWorkerOptions): Promise<QueueWorkerSummary> {
  const log = opts.log ?? (() => {});
  const concurrency = opts.concurrency ?? 1;
  const lockMs = Math.round((opts.lockSec ?? 30) * 1000);
  const version = mlcompareVersion();
  const name = `${os.hostname()}:${process.pid}`;
  const redis = await connectRedis(opts.url, 'mlcompare worker');
  let registry: readonly ModelSpec[];
  try {
    registry = await importRegistry(opts.registryModule);
  } catch (err) {
    redis.disconnect();
    throw new ConfigError(`Cannot load the model registry ${opts.registryModule}: ${(err as Error).message}`, { cause: err });
  }
  const runs = new Map<string, Promise<RunContext>>();
  const summary: QueueWorkerSummary = { completed: 0, refused: {} };
  const told = new Set<string>();
  /** The registry's package versions, looked up once each. */
  const packageVersions = new Map<string, string | null>();

  const context = (job: QueueJobData): Promise<RunContext> => {
    let ctx = runs.get(job.run);
    if (!ctx) {
      ctx = (async () => {
        const datasets: SharedDataset[] = [];
        for (const [dsName, hash] of Object.entries(job.data)) datasets.push(await fetchDataset(redis, job.run, hash, dsName));
        return { sandbox: new JobSandbox(datasets, opts.registryModule, concurrency) };
      })();
      runs.set(job.run, ctx);
      // A refusal (data missing or changed) is not cached: the next job of the run reads the data again.
      ctx.catch(() => runs.delete(job.run));
    }
    return ctx;
  };

  const refuse = async (job: Job, token: string | undefined, err: QueueRefusalError): Promise<never> => {
    summary.refused[err.code] = (summary.refused[err.code] ?? 0) + 1;
    const run = typeof (job.data as { run?: unknown })?.run === 'string' ? (job.data as { run: string }).run : null;
    const key = `${run}|${err.code}|${err.message}`;
    if (!told.has(key)) {
      told.add(key);
      log(`mlcompare worker ${name}: refused job ${job.id}${run ? ` of run ${run}` : ''}: ${err.name} ${err.code}: ${err.message}`);
    }
    if (run) {
      await redis.xadd(`${KEY_PREFIX}:run:${run}:refusals`, 'MAXLEN', '~', '1000', '*', 'worker', name, 'job', String(job.id), 'code', err.code, 'message', err.message);
    }
    await job.moveToDelayed(Date.now() + REFUSED_DELAY_MS, token);
    throw new DelayedError();
  };

  const processor = async (job: Job, token?: string, signal?: AbortSignal): Promise<QueueReply> => {
    let data: QueueJobData;
    let ctx: RunContext | undefined;
    try {
      data = parseQueueJob(job.data, version);
      checkModel(registry, opts.registryModule, data, packageVersions);
      if (!opts.execute) ctx = await context(data);
    } catch (err) {
      if (err instanceof QueueRefusalError) return refuse(job, token, err);
      throw err;
    }
    try {
      const reply = opts.execute ? await opts.execute(data) : await ctx!.sandbox.run(data.task, data.timeoutSec, signal);
      summary.completed++;
      return { ...reply, worker: name };
    } catch (err) {
      if (err instanceof SandboxAbort) {
        // Stopping: hand the job back now rather than let its lock expire.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      throw err;
    }
  };

  const worker = new Worker(QUEUE_NAME, processor, {
    connection: redis,
    concurrency,
    name,
    lockDuration: lockMs,
    stalledInterval: Math.max(250, Math.round(lockMs / 2)),
    // A job may be found stalled twice (its worker died twice) before it fails for good.
    maxStalledCount: 2,
    autorun: false,
  });
  worker.on('error', (err) => log(`mlcompare worker ${name}: ${err.message}`));
  const idle = setInterval(() => {
    for (const [run, p] of runs) {
      void p.then(
        (ctx) => {
          if (ctx.sandbox.busy === 0 && Date.now() - ctx.sandbox.lastUsed > IDLE_RUN_MS && runs.get(run) === p) {
            runs.delete(run);
            void ctx.sandbox.close();
          }
        },
        () => {},
      );
    }
  }, 5000);
  idle.unref();

  const stopped = new Promise<void>((resolve) => {
    if (opts.signal?.aborted) return resolve();
    opts.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  log(`mlcompare worker ${name}: mlcompare ${version}, ${concurrency} job(s) at once, queue '${QUEUE_NAME}' on ${redactUrl(opts.url)} (lock ${lockMs / 1000} s)`);
  const running = worker.run();
  await worker.waitUntilReady();
  await stopped;
  log(`mlcompare worker ${name}: stopping — handing running jobs back to the queue…`);
  worker.cancelAllJobs('the worker is stopping');
  await worker.close();
  await running;
  clearInterval(idle);
  for (const p of runs.values()) await p.then((c) => c.sandbox.close(), () => {});
  redis.disconnect();
  log(`mlcompare worker ${name}: stopped after ${summary.completed} job(s).`);
  return summary;
}

/**
 * A Redis URL without its password, for messages.
 * @param url - the URL as given.
 * @returns the URL with `***` for the password.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(not a URL)';
  }
}
