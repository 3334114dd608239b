/**
 * The results folder on disk: `results.jsonl` (one `JobResult` per line, appended and fsync'd as
 * each job finishes, so a killed run loses nothing it had finished), `run.json` and `splits.json`.
 * The file names, the schema and the parsers are core's results contract; this file only reads
 * and writes.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  DataError,
  RESULTS_FILE,
  RUN_FILE,
  SPLITS_FILE,
  parseResults,
  parseRunInfo,
  parseSplits,
  type JobResult,
  type ParsedResults,
  type RunInfo,
  type SplitsFile,
} from '@mlcompare/core';

/**
 * Reads `results.jsonl` with core's `parseResults` (its rule: a torn last line is returned in
 * `torn`; any other bad line is reported in `problems` and not counted; the first line of a job id wins).
 * @param path - the file (missing → no results).
 * @returns what the parser found.
 * @throws {@link @mlcompare/core!DataError | DataError} when the file exists but cannot be read.
 */
export function readResults(path: string): ParsedResults {
  if (!existsSync(path)) return { results: [], problems: [], torn: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataError(`Cannot read ${path}: ${(err as Error).message}.`, { cause: err });
  }
  return parseResults(text, path);
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

  /**
   * Writes one result as a line and flushes it to disk before returning.
   * @param result - the job's result.
   */
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
 * Reads a run's results and cuts a torn last line off the file (at the byte offset the parser
 * gives), so appending can go on.
 * @param dir - the run's folder.
 * @returns what {@link readResults} found (before the cut).
 */
export function repairResults(dir: string): ParsedResults {
  const path = join(dir, RESULTS_FILE);
  const r = readResults(path);
  if (r.torn) truncateSync(path, r.torn.offset);
  return r;
}

function writeAtomically(path: string, value: unknown, indent?: number): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, indent) + '\n');
  renameSync(tmp, path);
}

/**
 * Writes `run.json` atomically (temporary file, then rename), so a kill never leaves half of it.
 * @param dir - the run's folder.
 * @param info - the run description.
 */
export function writeRunInfo(dir: string, info: RunInfo): void {
  writeAtomically(join(dir, RUN_FILE), info, 2);
}

/**
 * Reads and validates `run.json` (core's `parseRunInfo`).
 * @param dir - the run's folder.
 * @returns the run description.
 * @throws {@link @mlcompare/core!DataError | DataError} when the folder holds no run, or its `run.json` is not valid.
 */
export function readRunInfo(dir: string): RunInfo {
  const path = join(dir, RUN_FILE);
  if (!existsSync(path)) {
    throw new DataError(`'${dir}' holds no ${RUN_FILE}, so it is not a mlcompare run folder. Pass the --out folder of an earlier 'mlcompare bench'.`);
  }
  return parseRunInfo(readFileSync(path, 'utf8'), path);
}

/**
 * Writes `splits.json` atomically: every data set's train and test rows, per repeat and fold.
 * @param dir - the run's folder.
 * @param splits - the splits the jobs use.
 */
export function writeSplits(dir: string, splits: SplitsFile): void {
  writeAtomically(join(dir, SPLITS_FILE), splits);
}

/**
 * Reads and validates `splits.json` (core's `parseSplits`).
 * @param dir - the run's folder.
 * @returns the recorded splits, or null when the folder has none (a run made before splits were recorded).
 * @throws {@link @mlcompare/core!DataError | DataError} when the file is not a valid splits file.
 */
export function readSplits(dir: string): SplitsFile | null {
  const path = join(dir, SPLITS_FILE);
  if (!existsSync(path)) return null;
  return parseSplits(readFileSync(path, 'utf8'), path);
}
