/**
 * The queue's messages without Redis: job ids are content hashes, job messages and replies are
 * checked before use, and a data set travels by its hash (any changed byte is refused).
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mlcompare/core';
import { EXIT_USAGE, main, type CliIO } from '../src/cli.js';
import type { JobTask } from '../src/execute.js';
import { decodeDataset, encodeDataset } from '../src/queue/data.js';
import { QUEUE_PROTOCOL, QueueRefusalError, parseQueueJob, parseQueueReply, queueJobId, runKey, type QueueJobData } from '../src/queue/protocol.js';
import { checkRedisUrl } from '../src/queue/redis.js';
import { redactUrl } from '../src/queue/worker.js';
import { jobResult, type SharedDataset } from '../src/execute.js';

const task: JobTask = {
  jobId: 'iris|knn|r0|f1',
  dataset: 'iris',
  task: 'classification',
  model: 'knn',
  className: 'KNNClassifier',
  params: { nNeighbors: 5 },
  label: 'knn',
  repeat: 0,
  fold: 1,
  seed: 42,
  metrics: ['accuracy'],
  boundary: false,
};
const run = runKey({ mlcompare: '0.1.0', suite: 'x' }, '2026-01-01T00:00:00.000Z');
const hash = 'c'.repeat(64);

function message(over: Partial<QueueJobData> = {}): QueueJobData {
  return { protocol: QUEUE_PROTOCOL, mlcompare: '0.1.0', run, data: { iris: hash }, model: { packageName: '@mlcompare/knn', version: '0.1.0' }, timeoutSec: 600, task, ...over };
}

function refusal(fn: () => unknown): QueueRefusalError {
  try {
    fn();
  } catch (err) {
    if (err instanceof QueueRefusalError) return err;
    throw err;
  }
  throw new Error('no refusal');
}

describe('job ids', () => {
  it('are the same for the same content and differ in every field of it (run, data, model, parameters, repeat, fold, seed, trial)', () => {
    const id = queueJobId(run, hash, task);
    expect(id).toMatch(/^j[0-9a-f]{64}$/);
    expect(queueJobId(run, hash, { ...task, params: { nNeighbors: 5 } })).toBe(id);
    const others = [
      queueJobId(runKey({ mlcompare: '0.1.0', suite: 'x' }, '2026-01-01T00:00:00.001Z'), hash, task),
      queueJobId(run, 'd'.repeat(64), task),
      queueJobId(run, hash, { ...task, className: 'KNNRegressor' }),
      queueJobId(run, hash, { ...task, params: { nNeighbors: 6 } }),
      queueJobId(run, hash, { ...task, repeat: 1 }),
      queueJobId(run, hash, { ...task, fold: 2 }),
      queueJobId(run, hash, { ...task, seed: 43 }),
      queueJobId(run, hash, { ...task, trial: 3 } as JobTask),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });

  it('differ in every field of an inner trial: its outer job, trial, inner fold, halving round and resources, and its rows', () => {
    const trial: JobTask = { ...task, jobId: 'iris|knn|r0|f1|t0|i0|h0', inner: { outerJobId: 'iris|knn|r0|f1', trial: 0, innerFold: 0, round: 0, resources: 18 }, innerSplit: { key: 'kfold-3', subsample: { fraction: 0.18, seed: 7 } } };
    const id = queueJobId(run, hash, trial);
    expect(queueJobId(run, hash, { ...trial, inner: { ...trial.inner! } })).toBe(id);
    const others = [
      queueJobId(run, hash, { ...trial, inner: { ...trial.inner!, outerJobId: 'iris|knn|r0|f2' } }),
      queueJobId(run, hash, { ...trial, inner: { ...trial.inner!, trial: 1 } }),
      queueJobId(run, hash, { ...trial, inner: { ...trial.inner!, innerFold: 1 } }),
      queueJobId(run, hash, { ...trial, inner: { ...trial.inner!, round: 1 } }),
      queueJobId(run, hash, { ...trial, inner: { ...trial.inner!, resources: 54 } }),
      queueJobId(run, hash, { ...trial, innerSplit: { key: 'kfold-5', subsample: { fraction: 0.18, seed: 7 } } }),
      queueJobId(run, hash, { ...trial, innerSplit: { key: 'kfold-3', subsample: { fraction: 0.5, seed: 7 } } }),
      queueJobId(run, hash, { ...trial, innerSplit: { key: 'kfold-3', subsample: { fraction: 0.18, seed: 8 } } }),
      queueJobId(run, hash, { ...trial, innerSplit: { key: 'kfold-3' } }),
    ];
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });

  it('a run key is 24 hex digits and depends on the fingerprint and the start time', () => {
    expect(run).toMatch(/^[0-9a-f]{24}$/);
    expect(runKey({ mlcompare: '0.1.0', suite: 'y' }, '2026-01-01T00:00:00.000Z')).not.toBe(run);
  });
});

describe('parseQueueJob', () => {
  it('takes a valid message', () => {
    expect(parseQueueJob(message(), '0.1.0')).toEqual(message());
  });

  it('refuses another mlcompare version or protocol with MLCOMPARE_QUEUE_VERSION, naming both', () => {
    const e = refusal(() => parseQueueJob(message({ mlcompare: '0.2.0' }), '0.1.0'));
    expect(e.code).toBe('MLCOMPARE_QUEUE_VERSION');
    expect(e.message).toBe('This worker is mlcompare 0.1.0; the job was queued by mlcompare 0.2.0, and another version may compute other numbers. Run workers of mlcompare 0.2.0.');
    const p = refusal(() => parseQueueJob(message({ protocol: 2 }), '0.1.0'));
    expect(p.code).toBe('MLCOMPARE_QUEUE_VERSION');
    expect(p.message).toMatch(/^This worker speaks queue protocol 1 \(mlcompare 0\.1\.0\); the job was queued with protocol 2 \(mlcompare '0\.1\.0'\)/);
  });

  it.each([
    ['not an object', 'x', /it is 'x', not an object/],
    ['a bad run key', { run: 'zz' }, /'run' is 'zz'/],
    ['data that are not hashes', { data: { iris: 'nothex' } }, /'data' is not a map of names to SHA-256 hashes/],
    ['a bad model', { model: { packageName: 3 } }, /'model' is/],
    ['a negative timeout', { timeoutSec: -1 }, /'timeoutSec' is -1/],
    ['a fold that is not an integer', { task: { ...task, fold: 1.5 } }, /'task\.fold' is 1\.5/],
    ['no metrics', { task: { ...task, metrics: 'accuracy' } }, /'task\.metrics' is 'accuracy'/],
    ['an unknown task', { task: { ...task, task: 'ranking' } }, /'task\.task' is 'ranking'/],
    ['an inner trial without its trial number', { task: { ...task, inner: { outerJobId: 'o', innerFold: 0 }, innerSplit: { key: 'kfold-3' } } }, /'task\.inner' is \{/],
    ['an inner trial without its rows', { task: { ...task, inner: { outerJobId: 'o', trial: 0, innerFold: 0 } } }, /'task\.innerSplit' is undefined for an inner trial/],
    ['a subsample fraction above 1', { task: { ...task, inner: { outerJobId: 'o', trial: 0, innerFold: 0 }, innerSplit: { key: 'kfold-3', subsample: { fraction: 2, seed: 1 } } } }, /'task\.innerSplit\.subsample' is \{/],
    ['a tuned outer job', { task: { ...task, tune: {} } }, /'task\.tune' is set: a tuned outer job is driven by the coordinator/],
    ['a data set not among the run\'s', { data: { wine: hash } }, /its data set 'iris' is not among the run's data/],
  ])('refuses %s with MLCOMPARE_QUEUE_MESSAGE', (_what, over, re) => {
    const raw = typeof over === 'string' ? over : { ...message(), ...over };
    const e = refusal(() => parseQueueJob(raw, '0.1.0'));
    expect(e.code).toBe('MLCOMPARE_QUEUE_MESSAGE');
    expect(e.message).toMatch(/^The queue message is not an mlcompare job: /);
    expect(e.message).toMatch(re);
  });
});

describe('parseQueueReply', () => {
  it('takes a result of the job, through core\'s results parser', () => {
    const result = { ...jobResult(task, 'ok', null, '2026-01-01T00:00:00.000Z'), metrics: { accuracy: 0.9 } };
    const r = parseQueueReply({ result, timings: { totalMs: 5, prepareMs: 'x' }, worker: 'h:1' }, task.jobId);
    expect(r.result).toEqual(result);
    expect(r.timings).toEqual({ prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: 5 });
    expect(r.worker).toBe('h:1');
  });

  it('refuses the result of another job, or a line that is not a result', () => {
    const other = jobResult({ ...task, jobId: 'iris|knn|r0|f2' }, 'ok', null);
    expect(refusal(() => parseQueueReply({ result: other }, task.jobId)).message).toMatch(/^The reply to job 'iris\|knn\|r0\|f1' is not a valid result: it is the result of 'iris\|knn\|r0\|f2'\.$/);
    expect(refusal(() => parseQueueReply({ result: { ...jobResult(task, 'ok', null), status: 'great' } }, task.jobId)).code).toBe('MLCOMPARE_QUEUE_MESSAGE');
    expect(refusal(() => parseQueueReply(null, task.jobId)).message).toMatch(/not a valid result: it is null\.$/);
  });
});

function dataset(): SharedDataset {
  const X = new Float64Array(new SharedArrayBuffer(6 * 8));
  X.set([1, 2, NaN, 4, 5.5, -6]);
  const i32 = (xs: number[]): Int32Array => {
    const a = new Int32Array(new SharedArrayBuffer(xs.length * 4));
    a.set(xs);
    return a;
  };
  return {
    name: 'tiny',
    task: 'classification',
    X,
    rows: 3,
    cols: 2,
    y: ['a', 'b', 'a'],
    classes: ['a', 'b'],
    featureTypes: ['numeric', 'numeric'],
    featureNames: ['x', 'y'],
    hasMissing: true,
    splits: [[{ train: i32([0, 1]), test: i32([2]) }, { train: i32([2]), test: i32([0, 1]) }]],
  };
}

describe('data by content hash', () => {
  it('decodes what it encodes, into shared memory, bit for bit', () => {
    const ds = dataset();
    const enc = encodeDataset(ds);
    expect(enc.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(encodeDataset(dataset()).hash).toBe(enc.hash);
    const back = decodeDataset(enc.bytes, enc.hash, 'tiny');
    expect(back).toEqual(ds);
    expect(back.X.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(back.splits[0]![1]!.test.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Object.is(back.X[2], NaN)).toBe(true);
  });

  it('carries the inner folds of tuned models, hashed with the rest', () => {
    const i32 = (xs: number[]): Int32Array => Int32Array.from(xs);
    const withInner = (last: number): SharedDataset => ({
      ...dataset(),
      inner: {
        'kfold-2': [[[{ train: i32([0]), test: i32([1]) }, { train: i32([1]), test: i32([0]) }], [{ train: i32([2]), test: i32([]) }]]],
        'kfold-1': [[[{ train: i32([1, 0]), test: i32([last]) }], [{ train: i32([2]), test: i32([2]) }]]],
      },
    });
    const enc = encodeDataset(withInner(1));
    expect(enc.hash).not.toBe(encodeDataset(dataset()).hash);
    expect(encodeDataset(withInner(0)).hash).not.toBe(enc.hash); // one inner row changes the hash
    const back = decodeDataset(enc.bytes, enc.hash, 'tiny');
    expect(back).toEqual(withInner(1));
    expect(back.inner!['kfold-1']![0]![0]![0]!.train.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('refuses bytes whose hash is not the one the job names, whichever byte changed', () => {
    const enc = encodeDataset(dataset());
    for (const at of [0, 20, enc.bytes.length - 1]) {
      const bytes = Buffer.from(enc.bytes);
      bytes[at]! ^= 1;
      const e = refusal(() => decodeDataset(bytes, enc.hash, 'tiny'));
      expect(e.code).toBe('MLCOMPARE_QUEUE_DATA');
      expect(e.message).toMatch(/^The data set 'tiny' read from Redis has SHA-256 [0-9a-f]{16}…, not [0-9a-f]{16}… as the job says \(\d+ bytes\): it was changed or damaged/);
    }
  });

  it('refuses bytes with the right hash that are not a data set', () => {
    const enc = encodeDataset(dataset());
    const cut = enc.bytes.subarray(0, enc.bytes.length - 4);
    const cutHash = createHash('sha256').update(cut).digest('hex');
    expect(refusal(() => decodeDataset(cut, cutHash, 'tiny')).message).toMatch(/is not an mlcompare data encoding: it holds 68 bytes of values, not 72\.$/);
  });
});

describe('the --queue URL', () => {
  it('must be a redis:// or rediss:// URL with a host', () => {
    expect(checkRedisUrl('redis://h:6379').host).toBe('h:6379');
    for (const bad of ['localhost:6379', 'http://h:6379', 'redis://', '']) {
      expect(() => checkRedisUrl(bad)).toThrow(ConfigError);
      expect(() => checkRedisUrl(bad)).toThrow(/^Option '--queue' must be a Redis URL such as redis:\/\/host:6379/);
    }
  });

  it('is shown without its password', () => {
    expect(redactUrl('redis://:secret@h:6379/0')).toBe('redis://:***@h:6379/0');
    expect(redactUrl('redis://h:6379')).toBe('redis://h:6379');
  });
});

describe('the CLI: worker and --queue', () => {
  const registryModule = new URL('./fixtures/registry.ts', import.meta.url).href;
  const suitesDir = new URL('./fixtures/suites/', import.meta.url).pathname;
  async function run(...argv: string[]): Promise<{ code: number; err: string }> {
    let err = '';
    const io: CliIO = { stdout: { write: () => true }, stderr: { write: (s: string) => (err += s) }, registryModule, suitesDir, cwd: tmpdir(), signal: new AbortController().signal };
    const code = await main(argv, io);
    return { code, err };
  }

  it.each([
    [['worker'], /^error: 'mlcompare worker' needs --queue URL: the Redis the coordinator \('mlcompare bench --queue URL'\) uses\./],
    [['worker', '--queue', 'http://h:6379'], /^error: Option '--queue' must be a Redis URL such as redis:\/\/host:6379 .*, but got 'http:\/\/h:6379'\.\n$/],
    [['worker', '--queue', 'redis://h', '--lock', '0'], /^error: Option 'mlcompare worker --lock' must be a number of seconds >= 0\.5, but got '0'\.\n$/],
    [['worker', '--queue', 'redis://h', '--concurrency', '0'], /^error: Option '--concurrency' must be an integer >= 1, but got '0'\.\n$/],
    [['worker', '--queue', 'redis://127.0.0.1:1'], /^error: mlcompare worker: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED 127\.0\.0\.1:1\)\. Start it/],
    [['bench', 'tiny', '--queue', 'localhost:6379', '--out', 'never'], /^error: Option '--queue' must be a Redis URL/m],
  ])('%j → exit 2 with the reason', async (argv, re) => {
    const r = await run(...argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(re);
  });
});
