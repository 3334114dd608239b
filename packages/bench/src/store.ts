/**
 * The results folder on disk: `results.jsonl` (one `JobResult` per line, appended and fsync'd as
 * each job finishes, so a killed run loses nothing it had finished), `run.json` and `splits.json`.
 * The file names, the schema and the parsers are core's results contract; this file only reads
 * and writes. Every file-system failure is a `FileError` naming the path and the system's reason,
 * and no temporary file is left behind. A run folder has one writer at a time: {@link acquireRunLock}.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, statfsSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import {
  ConfigError,
  DataError,
  FileError,
  formatValue,
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
    throw fileError('read', path, err);
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
    const path = join(dir, RESULTS_FILE);
    try {
      this.#fd = openSync(path, 'a');
    } catch (err) {
      throw fileError('open for appending', path, err);
    }
  }

  /**
   * Writes one result as a line and flushes it to disk before returning.
   * @param result - the job's result.
   */
  append(result: JobResult): void {
    const line = Buffer.from(JSON.stringify(result) + '\n', 'utf8');
    let off = 0;
    try {
      while (off < line.length) off += writeSync(this.#fd, line, off, line.length - off);
      fsyncSync(this.#fd);
    } catch (err) {
      // A partial line is a torn line: --resume cuts it off and runs the job again.
      throw fileError(`append the result of job '${result.jobId}' to`, join(this.dir, RESULTS_FILE), err);
    }
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      closeSync(this.#fd);
    } catch (err) {
      throw fileError('close', join(this.dir, RESULTS_FILE), err);
    }
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
  if (r.torn) {
    try {
      truncateSync(path, r.torn.offset);
    } catch (err) {
      throw fileError('cut the torn last line off', path, err);
    }
  }
  return r;
}

/**
 * Writes a file whole: a temporary file next to it (`NAME.tmp-PID`), then a rename. On any failure
 * the temporary file is removed and a {@link FileError} names the file.
 * @returns the text written.
 */
function writeAtomically(path: string, value: unknown, indent?: number): string {
  const tmp = `${path}.tmp-${process.pid}`;
  const text = JSON.stringify(value, null, indent) + '\n';
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw fileError('write', path, err);
  }
  return text;
}

/**
 * A {@link FileError} for a failed file operation (core's `FileError.of`): what was being done,
 * the path and the reason.
 * @param action - `write`, `read`, `create the folder`, …
 * @param path - the file or folder.
 * @param err - the Node error.
 * @returns the error to throw.
 */
export function fileError(action: string, path: string, err: unknown): FileError {
  return FileError.of(action, path, err);
}

/**
 * Writes `run.json` atomically (temporary file, then rename), so a kill never leaves half of it.
 * @param dir - the run's folder.
 * @param info - the run description.
 */
export function writeRunInfo(dir: string, info: RunInfo): void {
  writeAtomically(join(dir, RUN_FILE), info, 2);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw fileError('read', path, err);
  }
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
  return parseRunInfo(readText(path), path);
}

/**
 * Writes `splits.json` atomically: every data set's train and test rows, per repeat and fold.
 * @param dir - the run's folder.
 * @param splits - the splits the jobs use.
 * @returns the text written (its hash is recorded in `run.json`).
 */
export function writeSplits(dir: string, splits: SplitsFile): string {
  return writeAtomically(join(dir, SPLITS_FILE), splits);
}

/**
 * Reads and validates `splits.json` (core's `parseSplits`).
 * @param dir - the run's folder.
 * @returns the recorded splits and the file's text, or null when the folder has none (a run made
 *   before splits were recorded).
 * @throws {@link @mlcompare/core!DataError | DataError} when the file is not a valid splits file.
 */
export function readSplits(dir: string): { splits: SplitsFile; text: string } | null {
  const path = join(dir, SPLITS_FILE);
  if (!existsSync(path)) return null;
  const text = readText(path);
  return { splits: parseSplits(text, path), text };
}

/**
 * Makes sure a run can write into `dir`: creates it (and its parents) when missing, and refuses a
 * path that is a file. Called before any data is loaded.
 * @param dir - the run's folder.
 * @returns true when the folder was created now.
 * @throws {@link FileError} naming the folder and the reason (read-only file system, a file in the path, …).
 */
export function prepareRunFolder(dir: string): boolean {
  let existed = false;
  try {
    existed = statSync(dir).isDirectory();
    if (!existed) throw new FileError(`Cannot use '${dir}' as the run folder: it is a file, not a folder. Choose another --out.`);
  } catch (err) {
    if (err instanceof FileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fileError('use as the run folder', dir, err);
  }
  if (existed) return false;
  // The first missing folder of the path is made alone, so that its error is the system's own:
  // Node's recursive mkdir says ENOENT on a read-only file system, and loops for ever (100 % CPU)
  // on a folder that exists but takes no new folders (/proc, /proc/self).
  let missing = dir;
  for (let up = dirname(missing); up !== missing && !existsSync(up); up = dirname(up)) missing = up;
  try {
    mkdirSync(missing);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && existsSync(dirname(missing))) {
      throw new FileError(
        `Cannot create the run folder '${dir}': '${dirname(missing)}' takes no new folders${virtualFsName(dirname(missing))} (ENOENT). Choose another --out.`,
        { cause: err },
      );
    }
    throw fileError('create the run folder', dir, err);
  }
  if (missing !== dir) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw fileError('create the run folder', dir, err);
    }
  }
  return true;
}

/** Kernel file systems that hold no user folders, by `statfs` type. */
const VIRTUAL_FS: Record<number, string> = { 0x9fa0: 'proc', 0x62656572: 'sysfs', 0x63677270: 'cgroup2', 0x27e0eb: 'cgroup', 0x64626720: 'debugfs' };

/** ` (it is on proc, the kernel's virtual file system)` when `dir` is on such a file system, else `''`. */
function virtualFsName(dir: string): string {
  try {
    const name = VIRTUAL_FS[statfsSync(dir).type];
    return name === undefined ? '' : ` (it is on ${name}, a virtual file system of the kernel)`;
  } catch {
    return '';
  }
}

/** The lock file of a run folder: present while a process writes the run. */
export const LOCK_FILE = 'run.lock';

/** What {@link LOCK_FILE} holds. */
interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  /** The owner's command line. */
  command: string;
}

/** A held run lock. */
export interface RunLock {
  /** The lock file. */
  readonly path: string;
  /** Removes the lock file (idempotent; also done when the process exits). */
  release(): void;
}

/** Lock files this process holds. */
const heldLocks = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeOwner(o: LockOwner): string {
  return `process ${o.pid} on ${o.host} (since ${o.since}: ${o.command})`;
}

/**
 * Takes the exclusive lock of a run folder: creates {@link LOCK_FILE} with `wx` (atomic: exactly
 * one process can create it) holding this process's pid, host and command. A lock left by a
 * process that no longer runs on this host is stale: it is taken over, and `log` says so. The lock
 * is released by {@link RunLock.release}, and on process exit if still held.
 * @param dir - the run's folder (must exist).
 * @param log - where the take-over of a stale lock is reported.
 * @returns the held lock.
 * @throws {@link ConfigError} naming the owner when another live process (or a process on another
 *   host, which cannot be checked) holds the lock, or the lock file cannot be read;
 *   {@link FileError} when the folder cannot be written.
 */
export function acquireRunLock(dir: string, log: (line: string) => void = () => {}): RunLock {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError('create the lock file', path, err);
      const owner = readLock(path);
      if (owner === null && attempt < 3) continue; // released between our open and our read
      // Our own pid: a lock this process holds (a second run in the same process) is live; any other
      // is a leftover of an earlier process that had the same pid (containers reuse low pids).
      const stale = owner !== null && owner.host === me.host && (owner.pid === process.pid ? !heldLocks.has(path) : !processAlive(owner.pid));
      if (owner !== null && attempt < 3 && stale) {
        // Removed only if it still is the same stale lock (another process may have taken it over meanwhile).
        const again = readLock(path);
        if (again !== null && again.pid === owner.pid && again.since === owner.since) {
          log(`note: ${path} was left by ${describeOwner(owner)}, which no longer runs: the stale lock is taken over.`);
          rmSync(path, { force: true });
        }
        continue;
      }
      if (owner === null) throw fileError('create the lock file', path, err);
      throw new ConfigError(
        `The run folder '${dir}' is in use by ${describeOwner(owner)} (lock file ${path}). One process writes a run at a time: ` +
          (owner.host === me.host
            ? `wait for it to finish, or stop it (kill ${owner.pid}) and then --resume.`
            : `it was taken on another machine, so it cannot be checked from here; if that run is over, delete ${path}.`),
      );
    }
    try {
      writeSync(fd, JSON.stringify(me) + '\n');
      fsyncSync(fd);
      closeSync(fd);
    } catch (err) {
      rmSync(path, { force: true });
      throw fileError('write the lock file', path, err);
    }
    let held = true;
    heldLocks.add(path);
    const release = (): void => {
      if (!held) return;
      held = false;
      heldLocks.delete(path);
      process.removeListener('exit', release);
      try {
        unlinkSync(path);
      } catch {
        // already gone (the folder was removed): nothing to release
      }
    };
    process.on('exit', release);
    return { path, release };
  }
}

/** The owner recorded in a lock file, or null when the file is gone. */
function readLock(path: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError('read the lock file', path, err);
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    if (Number.isInteger(o.pid) && o.pid > 0 && typeof o.host === 'string') return { pid: o.pid, host: o.host, since: String(o.since), command: String(o.command) };
  } catch {
    // fall through
  }
  throw new ConfigError(
    `The run folder's lock file ${path} exists but does not name its owner (${formatValue(text.slice(0, 80))}); another mlcompare may be writing this run. ` +
      `If no run is using the folder, delete ${path} and try again.`,
  );
}
