/**
 * A run's data sets on Redis, by content: each {@link SharedDataset} (features, target, splits) is
 * encoded once into bytes whose SHA-256 names it; the coordinator stores the bytes under that hash,
 * a job names the hash, and a worker checks the bytes it reads against it before using them. A
 * worker therefore computes on exactly the coordinator's data, or refuses the job.
 *
 * Format (little-endian, as x86-64 and ARM64 hosts both are): the magic `MLCQDATA1\n`, a 4-byte
 * header length, a JSON header (name, task, shape, classes, feature kinds and names, the target,
 * the split sizes and the inner folds' sizes), then `X` as float64, every split's `train` and `test`
 * rows as int32, and then those of every inner fold of tuned models (`SharedDataset.inner`, keys in
 * sorted order, then repeat, outer fold, inner fold), so the hash covers the inner folds too and a
 * worker runs an inner trial on the coordinator's rows.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { formatValue } from '@mlcompare/core';
import type { SharedDataset, Split } from '../execute.js';
import { KEY_PREFIX, QueueRefusalError } from './protocol.js';

const MAGIC = Buffer.from('MLCQDATA1\n', 'latin1');

/** Bytes per Redis list element: well under Redis' 512 MB value limit, so any data set fits. */
const CHUNK_BYTES = 32 * 2 ** 20;

/** A data set encoded for the queue, with its hash. */
export interface EncodedDataset {
  /** SHA-256 (hex) of `bytes`. */
  hash: string;
  /** The encoding. */
  bytes: Buffer;
}

interface Header {
  name: string;
  task: SharedDataset['task'];
  rows: number;
  cols: number;
  classes?: SharedDataset['classes'];
  featureTypes: SharedDataset['featureTypes'];
  featureNames: string[];
  hasMissing: boolean;
  y: SharedDataset['y'];
  /** `[train, test]` lengths per repeat and fold. */
  splits: Array<Array<[number, number]>>;
  /** Inner folds of tuned models: `[train, test]` lengths per key, repeat, outer fold and inner fold (absent when none). */
  inner?: Record<string, Array<Array<Array<[number, number]>>>>;
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/**
 * Encodes a data set and its splits.
 * @param ds - the data set as the run shares it with its workers.
 * @returns the bytes and their SHA-256.
 */
export function encodeDataset(ds: SharedDataset): EncodedDataset {
  const header: Header = {
    name: ds.name,
    task: ds.task,
    rows: ds.rows,
    cols: ds.cols,
    featureTypes: ds.featureTypes,
    featureNames: ds.featureNames,
    hasMissing: ds.hasMissing,
    y: ds.y,
    splits: ds.splits.map((folds) => folds.map((f) => [f.train.length, f.test.length])),
  };
  if (ds.classes) header.classes = ds.classes;
  const innerKeys = Object.keys(ds.inner ?? {}).sort();
  if (innerKeys.length > 0) {
    header.inner = Object.fromEntries(innerKeys.map((k) => [k, ds.inner![k]!.map((folds) => folds.map((inn) => inn.map((f): [number, number] => [f.train.length, f.test.length])))]));
  }
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const parts: Buffer[] = [MAGIC, len, head, Buffer.from(ds.X.buffer, ds.X.byteOffset, ds.X.byteLength)];
  for (const folds of ds.splits) {
    for (const f of folds) parts.push(Buffer.from(f.train.buffer, f.train.byteOffset, f.train.byteLength), Buffer.from(f.test.buffer, f.test.byteOffset, f.test.byteLength));
  }
  for (const k of innerKeys) {
    for (const folds of ds.inner![k]!) {
      for (const inn of folds) for (const f of inn) parts.push(Buffer.from(f.train.buffer, f.train.byteOffset, f.train.byteLength), Buffer.from(f.test.buffer, f.test.byteOffset, f.test.byteLength));
    }
  }
  const bytes = Buffer.concat(parts);
  return { hash: sha256(bytes), bytes };
}

/** Copies `n` elements of a typed array out of `buf` at `at` into shared memory (the worker threads share it). */
function sharedCopy<T extends Float64Array | Int32Array>(Ctor: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, buf: Buffer, at: number, n: number): T {
  const out = new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT));
  new Uint8Array(out.buffer).set(buf.subarray(at, at + n * Ctor.BYTES_PER_ELEMENT));
  return out;
}

/**
 * Decodes a data set, after checking that its bytes have the hash the job names.
 * @param bytes - the encoding as read.
 * @param hash - the hash the job names.
 * @param name - the data set's name in the job (for the messages).
 * @returns the data set, in shared memory.
 * @throws {@link QueueRefusalError} `MLCOMPARE_QUEUE_DATA` when the hash differs or the bytes are not a data set.
 */
export function decodeDataset(bytes: Buffer, hash: string, name: string): SharedDataset {
  const got = sha256(bytes);
  if (got !== hash) {
    throw new QueueRefusalError(
      'data',
      `The data set '${name}' read from Redis has SHA-256 ${got.slice(0, 16)}…, not ${hash.slice(0, 16)}… as the job says (${bytes.length.toLocaleString('en-US')} bytes): ` +
        `it was changed or damaged after the coordinator stored it. This worker refuses to compute on it; the coordinator stores it again.`,
    );
  }
  const bad = (what: string): never => {
    throw new QueueRefusalError('data', `The data set '${name}' (SHA-256 ${hash.slice(0, 16)}…) is not an mlcompare data encoding: ${what}.`);
  };
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) bad('it does not start with the format mark');
  const hl = bytes.readUInt32LE(MAGIC.length);
  let h: Header;
  try {
    h = JSON.parse(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + hl).toString('utf8')) as Header;
  } catch (err) {
    return bad(`its header is not JSON (${(err as Error).message})`);
  }
  let at = MAGIC.length + 4 + hl;
  const innerSizes = h.inner === undefined ? [] : typeof h.inner === 'object' && h.inner !== null ? Object.values(h.inner) : bad(`its inner folds are ${formatValue(h.inner)}`);
  const need = h.rows * h.cols * 8 + [...h.splits.flat(), ...innerSizes.flat(3)].reduce((s, [a, b]) => s + (a + b) * 4, 0);
  if (bytes.length - at !== need) bad(`it holds ${formatValue(bytes.length - at)} bytes of values, not ${formatValue(need)}`);
  const X = sharedCopy(Float64Array, bytes, at, h.rows * h.cols);
  at += h.rows * h.cols * 8;
  const split = ([a, b]: [number, number]): Split => {
    const train = sharedCopy(Int32Array, bytes, at, a);
    at += a * 4;
    const test = sharedCopy(Int32Array, bytes, at, b);
    at += b * 4;
    return { train, test };
  };
  const splits: Split[][] = h.splits.map((folds) => folds.map(split));
  // The same order as encodeDataset wrote them: keys sorted (the header keeps that order), repeat, outer fold, inner fold.
  const inner = h.inner && Object.fromEntries(Object.entries(h.inner).map(([k, reps]) => [k, reps.map((folds) => folds.map((inn) => inn.map(split)))]));
  const ds: SharedDataset = {
    name: h.name,
    task: h.task,
    X,
    rows: h.rows,
    cols: h.cols,
    y: h.y,
    featureTypes: h.featureTypes,
    featureNames: h.featureNames,
    hasMissing: h.hasMissing,
    splits,
  };
  if (h.classes) ds.classes = h.classes;
  if (inner) ds.inner = inner;
  return ds;
}

/**
 * The Redis key of a run's data set.
 * @param run - the run's key.
 * @param hash - the data set's hash.
 * @returns the key (a list of chunks).
 */
export function dataKey(run: string, hash: string): string {
  return `${KEY_PREFIX}:run:${run}:data:${hash}`;
}

/**
 * Stores a data set's bytes (again: an existing copy is replaced whole, atomically).
 * @param redis - a connection.
 * @param run - the run's key.
 * @param enc - the encoded data set.
 */
export async function storeDataset(redis: Redis, run: string, enc: EncodedDataset): Promise<void> {
  const key = dataKey(run, enc.hash);
  const m = redis.multi().del(key);
  for (let at = 0; at < enc.bytes.length; at += CHUNK_BYTES) m.rpush(key, enc.bytes.subarray(at, at + CHUNK_BYTES));
  await m.exec();
}

/**
 * Reads a data set's bytes and decodes them (checking the hash).
 * @param redis - a connection.
 * @param run - the run's key.
 * @param hash - the hash the job names.
 * @param name - the data set's name.
 * @returns the data set, in shared memory.
 * @throws {@link QueueRefusalError} `MLCOMPARE_QUEUE_DATA` when it is missing or its hash differs.
 */
export async function fetchDataset(redis: Redis, run: string, hash: string, name: string): Promise<SharedDataset> {
  const chunks = await redis.lrangeBuffer(dataKey(run, hash), 0, -1);
  if (chunks.length === 0) {
    throw new QueueRefusalError('data', `The data set '${name}' (SHA-256 ${hash.slice(0, 16)}…) of run ${run} is not in Redis: the run ended, or Redis lost it (no persistence?). The coordinator stores it again while the run is on.`);
  }
  return decodeDataset(Buffer.concat(chunks), hash, name);
}
