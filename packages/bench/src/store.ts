/**
 * The results folder: `results.jsonl` (one {@link JobResult} per line, appended and fsync'd as
 * each job finishes, so a killed run loses nothing it had finished) and `run.json`.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, type JobResult, type RunInfo } from '@mlcompare/core';

/** File names inside a run's folder. */
export const RESULTS_FILE = 'results.jsonl';
/** See {@link RESULTS_FILE}. */
const RUN_FILE = 'run.json';

/** What {@link readResults} found. */
export interface ReadResults {
  /** Results in file order, first occurrence of each `jobId` only. */
  results: JobResult[];
  /** Bytes of a torn last line (a run killed mid-write); 0 when the file ended cleanly. */
  tornBytes: number;
  /** Byte length of the intact part of the file. */
  validBytes: number;
}

/**
 * Reads `results.jsonl`. A last line without its newline, or one that is not valid JSON, is
 * a torn write: it is reported in `tornBytes` and ignored. Any other bad line is an error.
 * @param path - the file (missing → no results).
 * @returns the results and where the intact part ends.
 * @throws {@link @mlcompare/core!DataError | DataError} for an unreadable line before the last one.
 */
export function readResults(path: string): ReadResults {
  if (!existsSync(path)) return { results: [], tornBytes: 0, validBytes: 0 };
  const buf = readFileSync(path);
  const results: JobResult[] = [];
  const seen = new Set<string>();
  let start = 0;
  let lineNo = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    lineNo++;
    const end = nl < 0 ? buf.length : nl;
    const text = buf.subarray(start, end).toString('utf8').trim();
    const isLast = nl < 0 || nl === buf.length - 1;
    if (nl < 0) return { results, tornBytes: buf.length - start, validBytes: start };
    if (text !== '') {
      let parsed: JobResult;
      try {
        parsed = JSON.parse(text) as JobResult;
        if (typeof parsed?.jobId !== 'string') throw new Error("it has no 'jobId'");
      } catch (err) {
        if (isLast) return { results, tornBytes: buf.length - start, validBytes: start };
        throw new DataError(
          `Line ${lineNo} of ${path} is not a job result (${(err as Error).message}). The file was edited or damaged; move the line away and resume again.`,
          { cause: err },
        );
      }
      if (!seen.has(parsed.jobId)) {
        seen.add(parsed.jobId);
        results.push(parsed);
      }
    }
    start = end + 1;
  }
  return { results, tornBytes: 0, validBytes: buf.length };
}

/** Appends results to `results.jsonl`, one fsync'd line each. */
export class ResultsWriter {
  readonly #fd: number;
  #closed = false;

  /**
   * Opens (creating if needed) the results file of `dir` for appending. When resuming, call
   * {@link repairResults} first so the new lines do not follow a torn one.
   * @param dir - the run's folder (must exist).
   */
  constructor(readonly dir: string) {
    this.#fd = openSync(join(dir, RESULTS_FILE), 'a');
  }

  /** Writes one result as a line and flushes it to disk before returning. */
  append(result: JobResult): void {
    const line = Buffer.from(JSON.stringify(result) + '\n', 'utf8');
    let off = 0;
    while (off < line.length) off += writeSync(this.#fd, line, off, line.length - off);
    fsyncSync(this.#fd);
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }
}

/**
 * Reads a run's results and cuts a torn last line off the file, so appending can go on.
 * @param dir - the run's folder.
 * @returns what {@link readResults} found (before the cut).
 */
export function repairResults(dir: string): ReadResults {
  const path = join(dir, RESULTS_FILE);
  const r = readResults(path);
  if (r.tornBytes > 0) truncateSync(path, r.validBytes);
  return r;
}

/**
 * Writes `run.json` atomically (temporary file, then rename), so a kill never leaves half of it.
 * @param dir - the run's folder.
 * @param info - the run description.
 */
export function writeRunInfo(dir: string, info: RunInfo): void {
  const path = join(dir, RUN_FILE);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n');
  renameSync(tmp, path);
}

/**
 * Reads `run.json`.
 * @throws {@link @mlcompare/core!DataError | DataError} when the folder holds no run.
 */
export function readRunInfo(dir: string): RunInfo {
  const path = join(dir, RUN_FILE);
  if (!existsSync(path)) {
    throw new DataError(`'${dir}' holds no ${RUN_FILE}, so it is not a mlcompare run folder. Pass the --out folder of an earlier 'mlcompare bench'.`);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunInfo;
  } catch (err) {
    throw new DataError(`${path} is not valid JSON (${(err as Error).message}).`, { cause: err });
  }
}
