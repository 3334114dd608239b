/**
 * The coordinator's side of `mlcompare bench --queue URL`: the run is planned and its folder written
 * as for a local run; then this module stores the run's data on Redis (by content hash), puts every
 * job not yet done on the BullMQ queue (its id a hash of its content, so re-adding is a no-op),
 * and collects the results into `results.jsonl` as they complete, through the runner's own writer.
 * Tuned models go through the same queue: the jobs come from the runner's {@link JobQueue}, which
 * hands out each tuned outer job's inner trials batch by batch and then its refit; every result
 * passes through `JobQueue.complete` before it is written, and what it unlocks is queued at once.
 *
 * The queue delivers at least once; the results file makes it exactly once: a result is written
 * once per job (the first), then its BullMQ job is removed. A coordinator that dies leaves its jobs
 * on the queue (the workers go on); started again on the same folder it re-adds the missing ones
 * (no-ops for the rest) and collects every result completed meanwhile. A sweep every few seconds
 * collects what an event missed, re-adds jobs Redis lost (a restart without persistence), stores
 * again data a worker found missing or changed, and prints the workers' refusals.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { formatValue, type JobResult, type ModelSpec } from '@mlcompare/core';
import { jobResult, type JobTask, type JobTimings, type SharedDataset } from '../execute.js';
import type { JobQueue } from '../nested.js';
import type { Progress } from '../progress.js';
import { dataKey, encodeDataset, storeDataset, type EncodedDataset } from './data.js';
import { KEY_PREFIX, QUEUE_NAME, QUEUE_PROTOCOL, parseQueueReply, queueJobId, type QueueJobData } from './protocol.js';
import { connectRedis } from './redis.js';
import { modelPackageVersion, redactUrl } from './worker.js';

/** How a run uses the queue (`--queue`). */
export interface QueueOptions {
  /** The Redis URL. */
  url: string;
  /** Milliseconds between sweeps (collect missed results, re-add lost jobs, print refusals). @defaultValue 2000 */
  sweepMs?: number;
  /** Times a job may fail on a worker (its processor throws) before it is recorded as `error`. @defaultValue 3 */
  attempts?: number;
}

/** What the coordinator needs from the run. */
export interface QueueRunContext {
  /** The run's key (see `runKey`). */
  run: string;
  /** mlcompare's version. */
  version: string;
  registry: readonly ModelSpec[];
  registryModule: string;
  /** mlcompare's per-job timeout (seconds, 0 = none). */
  timeoutSec: number;
  signal?: AbortSignal | undefined;
  log: (line: string) => void;
}

/** Writes a result (returns the milliseconds it took). */
type RecordFn = (r: JobResult) => number;
/** Accounts a job's wall time. */
type Account = (r: JobResult, t: JobTimings, t0: number, writeMs: number) => void;

/** Jobs added per `addBulk` call. */
const ADD_CHUNK = 500;
/** Re-add jobs missing from Redis every this many sweeps. */
const EXISTS_EVERY = 3;

/**
 * Runs the jobs through the queue and records their results.
 * @param jobs - the run's job queue: plain jobs, and tuned outer jobs' inner trials and refits as their searches move on.
 * @param todo - the planned jobs without a result yet (the data sets they use are stored).
 * @param data - the run's data sets with their splits.
 * @param q - the queue options.
 * @param ctx - the run's key, version, registry, timeout, signal and log.
 * @param record - writes a result line (the runner's writer).
 * @param account - accounts its time.
 * @param progress - the progress display.
 * @returns true when the run was stopped by its signal before every job had its result.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} when Redis cannot be reached at start.
 */
export async function runQueued(
  jobs: JobQueue,
  todo: readonly JobTask[],
  data: readonly SharedDataset[],
  q: QueueOptions,
  ctx: QueueRunContext,
  record: RecordFn,
  account: Account,
  progress: Progress | undefined,
): Promise<boolean> {
  if (todo.length === 0) return false;
  const { log } = ctx;
  const redis = await connectRedis(q.url, 'mlcompare bench --queue');
  await warnAboutSettings(redis, log);
  const used = new Set(todo.map((j) => j.dataset));
  const encoded = new Map<string, EncodedDataset>();
  for (const d of data) if (used.has(d.name)) encoded.set(d.name, encodeDataset(d));
  const hashes = Object.fromEntries([...encoded].map(([n, e]) => [n, e.hash]));
  const storeAll = async (): Promise<void> => {
    for (const e of encoded.values()) await storeDataset(redis, ctx.run, e);
  };
  await storeAll();

  const versions = new Map<string, string | null>();
  const pending = new Map<string, JobTask>();
  const message = (task: JobTask): QueueJobData => {
    const spec = ctx.registry.find((s) => s.className === task.className && s.task === task.task);
    const packageName = spec?.packageName ?? '(unknown)';
    if (!versions.has(packageName)) versions.set(packageName, modelPackageVersion(ctx.registryModule, packageName));
    return { protocol: QUEUE_PROTOCOL, mlcompare: ctx.version, run: ctx.run, data: hashes, model: { packageName, version: versions.get(packageName)! }, timeoutSec: ctx.timeoutSec, task };
  };
  /** Takes every job the JobQueue can hand out now; returns their queue ids (to add). */
  const take = (): string[] => {
    const ids: string[] = [];
    for (let t = jobs.next(); t; t = jobs.next()) {
      const id = queueJobId(ctx.run, hashes[t.dataset]!, t);
      pending.set(id, t);
      ids.push(id);
    }
    return ids;
  };
  const first = take();

  const connection = redis;
  const queue = new Queue(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection: redis.duplicate() });
  queue.on('error', () => {}); // reconnects by itself; the sweep catches up
  events.on('error', () => {});
  const attempts = q.attempts ?? 3;
  const addJobs = async (all: string[]): Promise<void> => {
    const ids = all.filter((id) => pending.has(id));
    for (let i = 0; i < ids.length; i += ADD_CHUNK) {
      const chunk = ids.slice(i, i + ADD_CHUNK);
      await queue.addBulk(chunk.map((id) => ({ name: 'job', data: message(pending.get(id)!), opts: { jobId: id, attempts, removeOnComplete: false, removeOnFail: false } })));
    }
  };

  const collecting = new Set<string>();
  let failure: unknown;
  let wake: () => void = () => {};
  const fail = (err: unknown): void => {
    failure ??= err;
    wake();
  };
  const collect = async (id: string, state: 'completed' | 'failed', value: unknown, reason?: string): Promise<void> => {
    const task = pending.get(id);
    if (!task || collecting.has(id)) return;
    collecting.add(id);
    try {
      let r: JobResult;
      let timings: JobTimings = { prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: 0 };
      if (state === 'completed') {
        try {
          const reply = parseQueueReply(typeof value === 'string' ? JSON.parse(value) : value, task.jobId);
          r = reply.result;
          timings = reply.timings;
        } catch (err) {
          r = jobResult(task, 'error', `The worker's reply could not be used: ${(err as Error).message}`);
        }
      } else {
        r = jobResult(task, 'error', `The job failed on the queue after ${attempts} attempt(s) (workers that died or failed while running it): ${reason ?? 'no reason given'}`);
      }
      if (!pending.has(id)) return;
      pending.delete(id);
      let more: string[];
      try {
        // An inner trial moves its search on; a tuned outer job's line gets its `tuning`.
        const line = jobs.complete(task, r);
        account(line, timings, performance.now() - timings.totalMs, record(line));
        more = take();
      } catch (err) {
        fail(err); // the result could not be written (disk full…): stop, runSuite reports it
        return;
      }
      await queue.remove(id).catch(() => {});
      // Redis away (a restart): the sweep adds the jobs it does not have, as for jobs Redis lost.
      if (more.length > 0) await addJobs(more).catch((err: unknown) => log(`queue: ${(err as Error).message} (the sweep adds the jobs again)`));
      if (pending.size === 0) {
        // Nothing runs and nothing can be queued: a tuning search that waits on no trial (a bug, not a state to hang in).
        if (!jobs.empty) fail(new Error('The run has jobs left that none of the finished jobs can start (a tuning search waits on no trial).'));
        wake();
      }
    } finally {
      collecting.delete(id);
    }
  };

  events.on('completed', ({ jobId, returnvalue }) => void collect(jobId, 'completed', returnvalue));
  events.on('failed', ({ jobId, failedReason }) => {
    if (!pending.has(jobId)) return;
    // 'failed' is final only when the job is in the failed set (not retried).
    void queue.getJobState(jobId).then((s) => (s === 'failed' ? collect(jobId, 'failed', null, failedReason) : undefined), () => {});
  });
  events.on('active', ({ jobId }) => {
    const t = pending.get(jobId);
    // An inner trial shows as its tuned outer job.
    const o = t && (jobs.outerOf(t) ?? t);
    if (o) progress?.started(o.jobId, `${o.dataset}/${o.label} f${o.fold}${o.repeat > 0 ? ` r${o.repeat}` : ''}${o !== t ? ' (tuning)' : ''}`);
  });
  await events.waitUntilReady();
  await queue.waitUntilReady();
  log(`queue: ${pending.size} job(s) on '${QUEUE_NAME}' at ${redactUrl(q.url)} (run ${ctx.run})${jobs.empty ? '' : ', more as the tuning searches move on'}; start workers with: mlcompare worker --queue ${redactUrl(q.url)}`);
  await addJobs(first);

  let refusalsFrom = '0';
  const toldRefusal = new Set<string>();
  let sweeps = 0;
  const sweep = async (): Promise<void> => {
    sweeps++;
    // Results an event did not bring (completed while this coordinator was down, or events lost in a Redis restart).
    for (const state of ['completed', 'failed'] as const) {
      const jobs = await queue.getJobs([state], 0, -1);
      for (const j of jobs) {
        if (!j.id) continue;
        if (pending.has(j.id)) await collect(j.id, state, j.returnvalue, j.failedReason);
        else if ((j.data as { run?: unknown } | undefined)?.run === ctx.run) await queue.remove(j.id).catch(() => {}); // recorded before a restart
      }
    }
    // Jobs Redis no longer has (restarted without persistence, removed by hand): add them again.
    if (sweeps % EXISTS_EVERY === 0 && pending.size > 0) {
      const ids = [...pending.keys()];
      const p = redis.pipeline();
      for (const id of ids) p.exists(`bull:${QUEUE_NAME}:${id}`);
      const res = (await p.exec()) ?? [];
      const lost = ids.filter((id, i) => res[i]?.[1] === 0 && pending.has(id) && !collecting.has(id));
      if (lost.length > 0) {
        log(`queue: ${lost.length} job(s) of this run are no longer in Redis (restarted without persistence?); adding them again.`);
        if ((await redis.exists(dataKey(ctx.run, [...encoded.values()][0]!.hash))) === 0) await storeAll();
        await addJobs(lost);
      }
    }
    // The workers' refusals: print each kind once; data missing or changed is stored again.
    const stream = (await redis.xread('COUNT', 1000, 'STREAMS', `${KEY_PREFIX}:run:${ctx.run}:refusals`, refusalsFrom)) as Array<[string, Array<[string, string[]]>]> | null;
    let restore = false;
    for (const [, entries] of stream ?? []) {
      for (const [eid, fields] of entries) {
        refusalsFrom = eid;
        const f = Object.fromEntries(fields.reduce<Array<[string, string]>>((acc, v, i) => (i % 2 === 0 ? [...acc, [v, fields[i + 1] ?? '']] : acc), []));
        const key = `${f['worker']}|${f['code']}`;
        if (!toldRefusal.has(key)) {
          toldRefusal.add(key);
          log(`queue: worker ${f['worker']} refused job ${f['job']}: ${f['code']}: ${f['message']}`);
        }
        if (f['code'] === 'MLCOMPARE_QUEUE_DATA') restore = true;
      }
    }
    if (restore) {
      log(`queue: storing the run's data on Redis again (a worker found it missing or changed).`);
      await storeAll();
    }
  };

  let interrupted = false;
  try {
    await sweep();
    while ((pending.size > 0 || !jobs.empty) && failure === undefined) {
      if (ctx.signal?.aborted) {
        interrupted = true;
        break;
      }
      if (pending.size === 0) {
        failure = new Error('The run has jobs left that none of the finished jobs can start (a tuning search waits on no trial).');
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, q.sweepMs ?? 2000);
        const onAbort = (): void => {
          clearTimeout(timer);
          resolve();
        };
        ctx.signal?.addEventListener('abort', onAbort, { once: true });
        wake = () => {
          clearTimeout(timer);
          ctx.signal?.removeEventListener('abort', onAbort);
          resolve();
        };
      });
      if (pending.size > 0 && failure === undefined && !ctx.signal?.aborted) {
        try {
          await sweep();
        } catch (err) {
          log(`queue: ${(err as Error).message} (retrying)`);
        }
      }
    }
    if (failure !== undefined) throw failure;
    if (!interrupted) {
      // The run is complete: its data and refusals leave Redis.
      await redis.del(...[...encoded.values()].map((e) => dataKey(ctx.run, e.hash)), `${KEY_PREFIX}:run:${ctx.run}:refusals`);
    }
  } finally {
    await Promise.allSettled([events.close(), queue.close()]);
    redis.disconnect();
  }
  return interrupted;
}

/** Prints what a production Redis needs and this one lacks: `noeviction`, and persistence. */
async function warnAboutSettings(redis: Redis, log: (line: string) => void): Promise<void> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy !== 'noeviction') {
      log(`queue: warning: Redis' maxmemory-policy is ${formatValue(policy)}; under memory pressure it may evict queued jobs. Set 'maxmemory-policy noeviction'.`);
    }
    const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
    const [, save] = (await redis.config('GET', 'save')) as [string, string];
    if (aof !== 'yes' && save === '') {
      log(`queue: note: Redis has no persistence (appendonly no, no save points): if it restarts, the run's jobs are added again and running ones start over. Set 'appendonly yes'.`);
    }
  } catch {
    // CONFIG may be disabled (managed Redis): nothing to check.
  }
}
