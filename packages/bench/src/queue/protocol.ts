/**
 * The queue's messages: what the coordinator puts on BullMQ for one job ({@link QueueJobData}),
 * what a worker sends back ({@link QueueReply}), how a job's id is made (a hash of its content, so
 * adding a job twice is a no-op and a re-delivery is the same job), and the refusals a worker
 * answers with instead of computing something else ({@link QueueRefusalError}).
 *
 * Nothing in a message is trusted: a worker checks every field with {@link parseQueueJob} before
 * it runs anything, and the coordinator checks every reply with {@link parseQueueReply}.
 */
import { createHash } from 'node:crypto';
import { MlcompareError, formatValue, parseResults, type JobResult } from '@mlcompare/core';
import type { JobTask, JobTimings } from '../execute.js';
import { canonicalJson } from '../identity.js';

/** The message format's version: a worker refuses a job of another format. */
export const QUEUE_PROTOCOL = 1;

/** The BullMQ queue every run's jobs go on (one queue, many runs: a job names its run). */
export const QUEUE_NAME = 'mlcompare-jobs';

/** Redis key prefix of mlcompare's own keys (data sets, refusals); BullMQ's keys start with `bull:`. */
export const KEY_PREFIX = 'mlcompare';

/** What a refusal is about: the code says which. */
export type RefusalKind = 'version' | 'data' | 'model' | 'message';

const REFUSAL_CODES = {
  version: 'MLCOMPARE_QUEUE_VERSION',
  data: 'MLCOMPARE_QUEUE_DATA',
  model: 'MLCOMPARE_QUEUE_MODEL',
  message: 'MLCOMPARE_QUEUE_MESSAGE',
} as const satisfies Record<RefusalKind, string>;

/**
 * A worker's refusal to run a job: another mlcompare version or message format
 * (`MLCOMPARE_QUEUE_VERSION`), a data set whose bytes do not have the hash the job names
 * (`MLCOMPARE_QUEUE_DATA`), a model this worker's registry does not have in the job's version
 * (`MLCOMPARE_QUEUE_MODEL`), or a message that is not a job (`MLCOMPARE_QUEUE_MESSAGE`). The job
 * is handed back untouched for another worker; the coordinator prints the refusal.
 */
export class QueueRefusalError extends MlcompareError {
  override readonly code: (typeof REFUSAL_CODES)[RefusalKind];
  /** What the refusal is about. */
  readonly kind: RefusalKind;
  /**
   * @param kind - what is wrong.
   * @param message - the message: what, the two values, what to do.
   */
  constructor(kind: RefusalKind, message: string) {
    super(message);
    this.name = 'QueueRefusalError';
    this.kind = kind;
    this.code = REFUSAL_CODES[kind];
  }
}

/** A job as it travels on the queue. */
export interface QueueJobData {
  /** The message format's version (1): a worker of another format refuses the job. */
  protocol: number;
  /** The coordinator's mlcompare version: a worker of another version refuses the job. */
  mlcompare: string;
  /** The run's key (a hash of `run.json`'s fingerprint and start time): names the run's data in Redis. */
  run: string;
  /** Every data set of the run: name → the SHA-256 of its bytes as stored in Redis (see `data.ts`). */
  data: Record<string, string>;
  /** The job's model: its package and that package's version (null when it has none), checked by the worker. */
  model: { packageName: string; version: string | null };
  /** mlcompare's per-job timeout in seconds (0 = none); BullMQ has none. */
  timeoutSec: number;
  /** The job, exactly as the local pool runs it. */
  task: JobTask;
}

/** What a worker sends back as the BullMQ job's return value. */
export interface QueueReply {
  /** The result line, as the local pool would have written it. */
  result: JobResult;
  /** Where the job's time went inside the worker. */
  timings: JobTimings;
  /** The worker that ran it (`host:pid`). */
  worker: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A run's key on the queue: the SHA-256 (first 24 hex digits) of its fingerprint and start time, so
 * a resumed run (same `run.json`) has the same key and another run another one.
 * @param fingerprint - `run.json`'s fingerprint (mlcompare version, suite, splits and data hashes).
 * @param startedAt - `run.json`'s start time (kept across resumes).
 * @returns the key.
 */
export function runKey(fingerprint: unknown, startedAt: string): string {
  return sha256(canonicalJson({ fingerprint, startedAt })).slice(0, 24);
}

/**
 * A job's id on the queue: `j` and the SHA-256 of (run, data set content hash, and every field of
 * the task: data set, model, parameters, repeat, fold, seed, and an inner trial's fields when it has
 * them — its outer job, trial, inner fold, halving round and resources, and its rows' subsample).
 * The same job always gets the same id, so adding it again is a no-op and its result is written once.
 * @param run - the run's key.
 * @param dataHash - the content hash of the job's data set.
 * @param task - the job.
 * @returns the id (BullMQ ids may not be integers or hold `:`; this is neither).
 */
export function queueJobId(run: string, dataHash: string, task: JobTask): string {
  return `j${sha256(canonicalJson({ protocol: QUEUE_PROTOCOL, run, data: dataHash, task }))}`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a job message before anything runs, and that it is for this worker's version.
 * @param raw - the BullMQ job's data.
 * @param version - this worker's mlcompare version.
 * @returns the message, typed.
 * @throws {@link QueueRefusalError} `MLCOMPARE_QUEUE_MESSAGE` for a message that is not a job,
 *   `MLCOMPARE_QUEUE_VERSION` for another protocol or mlcompare version.
 */
export function parseQueueJob(raw: unknown, version: string): QueueJobData {
  const bad = (what: string): never => {
    throw new QueueRefusalError('message', `The queue message is not an mlcompare job: ${what}. It was not put there by 'mlcompare bench --queue'.`);
  };
  if (!isObj(raw)) return bad(`it is ${formatValue(raw)}, not an object`);
  if (raw['protocol'] !== QUEUE_PROTOCOL || typeof raw['mlcompare'] !== 'string') {
    throw new QueueRefusalError(
      'version',
      `This worker speaks queue protocol ${QUEUE_PROTOCOL} (mlcompare ${version}); the job was queued with protocol ${formatValue(raw['protocol'])} ` +
        `(mlcompare ${formatValue(raw['mlcompare'])}). Run workers of the coordinator's mlcompare version.`,
    );
  }
  if (raw['mlcompare'] !== version) {
    throw new QueueRefusalError(
      'version',
      `This worker is mlcompare ${version}; the job was queued by mlcompare ${raw['mlcompare']}, and another version may compute other numbers. ` +
        `Run workers of mlcompare ${raw['mlcompare']}.`,
    );
  }
  if (typeof raw['run'] !== 'string' || !/^[0-9a-f]{24}$/.test(raw['run'])) bad(`'run' is ${formatValue(raw['run'])}`);
  const data = raw['data'];
  if (!isObj(data) || !Object.values(data).every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) bad(`'data' is not a map of names to SHA-256 hashes`);
  const model = raw['model'];
  if (!isObj(model) || typeof model['packageName'] !== 'string' || (model['version'] !== null && typeof model['version'] !== 'string')) bad(`'model' is ${formatValue(model)}`);
  const t = raw['timeoutSec'];
  if (typeof t !== 'number' || !(t >= 0) || !Number.isFinite(t)) bad(`'timeoutSec' is ${formatValue(t)}`);
  const task = raw['task'];
  if (!isObj(task)) return bad(`'task' is ${formatValue(task)}`);
  for (const k of ['jobId', 'dataset', 'model', 'className', 'label'] as const) if (typeof task[k] !== 'string') bad(`'task.${k}' is ${formatValue(task[k])}`);
  if (task['task'] !== 'classification' && task['task'] !== 'regression') bad(`'task.task' is ${formatValue(task['task'])}`);
  for (const k of ['repeat', 'fold', 'seed'] as const) if (!Number.isInteger(task[k])) bad(`'task.${k}' is ${formatValue(task[k])}`);
  if (!isObj(task['params'])) bad(`'task.params' is ${formatValue(task['params'])}`);
  if (!Array.isArray(task['metrics']) || !task['metrics'].every((m) => typeof m === 'string')) bad(`'task.metrics' is ${formatValue(task['metrics'])}`);
  if (typeof task['boundary'] !== 'boolean') bad(`'task.boundary' is ${formatValue(task['boundary'])}`);
  // An inner trial of a tuned job: which trial and inner fold, and where its rows come from.
  const inner = task['inner'];
  if (inner !== undefined) {
    if (!isObj(inner) || typeof inner['outerJobId'] !== 'string' || !Number.isInteger(inner['trial']) || !Number.isInteger(inner['innerFold'])) bad(`'task.inner' is ${formatValue(inner)}`);
    const where = task['innerSplit'];
    if (!isObj(where) || typeof where['key'] !== 'string') bad(`'task.innerSplit' is ${formatValue(where)} for an inner trial`);
    const sub = (where as Record<string, unknown>)['subsample'];
    if (sub !== undefined && (!isObj(sub) || typeof sub['fraction'] !== 'number' || !(sub['fraction'] > 0 && sub['fraction'] <= 1) || !Number.isInteger(sub['seed']))) bad(`'task.innerSplit.subsample' is ${formatValue(sub)}`);
  }
  if (task['tune'] !== undefined) bad(`'task.tune' is set: a tuned outer job is driven by the coordinator, never run as one job`);
  if (!Object.hasOwn(data as object, task['dataset'] as string)) bad(`its data set '${String(task['dataset'])}' is not among the run's data`);
  return raw as unknown as QueueJobData;
}

/**
 * Checks a worker's reply with core's results parser (the one parser of a result line) and that it
 * answers the job it claims to.
 * @param raw - the BullMQ job's return value.
 * @param jobId - the run's id of the job (`JobResult.jobId`).
 * @returns the reply, typed.
 * @throws {@link QueueRefusalError} `MLCOMPARE_QUEUE_MESSAGE` when it is not a valid reply to this job.
 */
export function parseQueueReply(raw: unknown, jobId: string): QueueReply {
  const bad = (what: string): never => {
    throw new QueueRefusalError('message', `The reply to job ${formatValue(jobId)} is not a valid result: ${what}.`);
  };
  if (!isObj(raw)) return bad(`it is ${formatValue(raw)}`);
  const parsed = parseResults(`${JSON.stringify(raw['result'] ?? null)}\n`, `the reply to ${jobId}`);
  const result = parsed.results[0];
  if (!result || parsed.problems.length > 0) return bad(parsed.problems[0]?.message ?? 'no result line');
  if (result.jobId !== jobId) bad(`it is the result of ${formatValue(result.jobId)}`);
  const t = raw['timings'];
  const timings: JobTimings = { prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: 0 };
  if (isObj(t)) for (const k of Object.keys(timings) as Array<keyof JobTimings>) if (typeof t[k] === 'number') timings[k] = t[k];
  return { result, timings, worker: typeof raw['worker'] === 'string' ? raw['worker'] : 'unknown' };
}
