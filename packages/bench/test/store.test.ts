/**
 * Issue 10 (mutation testing of the resume logic): store.ts's reading and repairing of a run
 * folder, and its lock, tested on the functions themselves; planRun's use of recorded splits.
 */
import * as fs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, DataError, FileError, type JobResult, type SplitsFile } from '@mlcompare/core';
import { planRun, runSuite, type RunOptions } from '../src/run.js';
import { LOCK_FILE, ResultsWriter, acquireRunLock, prepareRunFolder, readResults, readRunInfo, readSplits, repairResults, writeRunInfo, writeSplits } from '../src/store.js';
import { parseSuite, type SuiteContext } from '../src/suite.js';
import { models } from './fixtures/registry.js';

// The fs functions store.ts calls are wrapped (the real ones run unless a test says otherwise), so a
// test can make one call fail the way a full, read-only or unreadable file system does.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const names = ['openSync', 'writeSync', 'closeSync', 'fsyncSync', 'readFileSync', 'renameSync', 'writeFileSync', 'truncateSync', 'statSync', 'mkdirSync', 'rmSync'] as const;
  return { ...real, ...Object.fromEntries(names.map((n) => [n, vi.fn(real[n] as (...a: unknown[]) => unknown)])) };
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const n of ['openSync', 'writeSync', 'closeSync', 'fsyncSync', 'readFileSync', 'renameSync', 'writeFileSync', 'truncateSync', 'statSync', 'mkdirSync', 'rmSync'] as const) vi.mocked(fs[n]).mockReset();
});
/** A Node system error with `code`. */
function sysError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

const root = mkdtempSync(join(tmpdir(), 'mlcompare-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
function dir(): string {
  const d = join(root, `d${counter++}`);
  mkdirSync(d);
  return d;
}

function result(id: string): JobResult {
  return {
    schema: 1,
    jobId: id,
    dataset: 'iris',
    task: 'classification',
    model: 'dummy',
    className: 'DummyClassifier',
    params: {},
    label: 'dummy',
    repeat: 0,
    fold: 0,
    seed: 1,
    status: 'ok',
    error: null,
    metrics: { accuracy: 0.5 },
    fitMs: 1,
    predictMs: 1,
    nTrain: 2,
    nTest: 1,
    backend: 'js',
    finishedAt: '2026-01-01T00:00:00.000Z',
  };
}
const line = (id: string): string => JSON.stringify(result(id)) + '\n';

describe('reading and repairing results.jsonl', () => {
  it('a missing file has no results and is not created', () => {
    const d = dir();
    expect(repairResults(d)).toEqual({ results: [], problems: [], torn: null });
    expect(existsSync(join(d, 'results.jsonl'))).toBe(false);
  });

  it('cuts a torn last line off at its byte offset, and only that', () => {
    const d = dir();
    const path = join(d, 'results.jsonl');
    const good = line('a') + line('b€');
    writeFileSync(path, good + '{"schema":1,"jobId":"c');
    const r = repairResults(d);
    expect(r.results.map((x) => x.jobId)).toEqual(['a', 'b€']);
    expect(r.torn).toEqual({ line: 3, offset: Buffer.byteLength(good), bytes: 22 });
    expect(readFileSync(path, 'utf8')).toBe(good);
    // nothing torn: the file is left as it is, bad middle lines included
    writeFileSync(path, line('a') + 'nonsense\n' + line('b'));
    const size = statSync(path).size;
    const again = repairResults(d);
    expect(again.torn).toBeNull();
    expect(again.problems.map((p) => p.line)).toEqual([2]);
    expect(statSync(path).size).toBe(size);
  });

  it('names the path in the problems, and refuses a folder where the file should be with a FileError', () => {
    const d = dir();
    const path = join(d, 'results.jsonl');
    writeFileSync(path, 'x\n' + line('a'));
    expect(readResults(path).problems[0]!.message).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}: line 1 is not valid JSON`));
    const folder = join(dir(), 'results.jsonl');
    mkdirSync(folder);
    expect(() => readResults(folder)).toThrow(FileError);
    expect(() => readResults(folder)).toThrow(`Cannot read '${folder}': it is a folder, not a file (EISDIR).`);
  });
});

describe('reading run.json and splits.json', () => {
  it('a folder without run.json is not a run folder', () => {
    const d = dir();
    expect(() => readRunInfo(d)).toThrow(DataError);
    expect(() => readRunInfo(d)).toThrow(`'${d}' holds no run.json, so it is not a mlcompare run folder. Pass the --out folder of an earlier 'mlcompare bench'.`);
    writeFileSync(join(d, 'run.json'), '{');
    expect(() => readRunInfo(d)).toThrow(`File '${join(d, 'run.json')}' must be valid JSON`);
  });

  it('splits.json: none → null; else the parsed splits and the exact text (its hash is the fingerprint)', () => {
    const d = dir();
    expect(readSplits(d)).toBeNull();
    const splits: SplitsFile = { schema: 1, datasets: { iris: { rows: 3, repeats: [[{ train: [0, 1], test: [2] }]] } } };
    const text = JSON.stringify(splits) + '\n\n';
    writeFileSync(join(d, 'splits.json'), text);
    expect(readSplits(d)).toEqual({ splits, text });
    writeFileSync(join(d, 'splits.json'), '{"schema":1,"datasets":[]}');
    expect(() => readSplits(d)).toThrow(`File '${join(d, 'splits.json')}' is not a valid splits file: 'datasets' must be an object, got [].`);
  });
});

describe('the run lock', () => {
  it('writes its owner (pid, host, time, command), refuses a second taker in the same process, and release() removes it and its exit hook', () => {
    const d = dir();
    const path = join(d, LOCK_FILE);
    const hooks = process.listenerCount('exit');
    const before = Date.now();
    const lock = acquireRunLock(d);
    expect(lock.path).toBe(path);
    expect(process.listenerCount('exit')).toBe(hooks + 1);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const owner = JSON.parse(text) as { pid: number; host: string; since: string; command: string };
    expect(owner).toEqual({ pid: process.pid, host: hostname(), since: owner.since, command: process.argv.slice(1).join(' ') });
    expect(Date.parse(owner.since)).toBeGreaterThanOrEqual(before - 1000);
    // this process holds it: live, not stale
    const logs: string[] = [];
    expect(() => acquireRunLock(d, (s) => logs.push(s))).toThrow(ConfigError);
    expect(() => acquireRunLock(d)).toThrow(`is in use by process ${process.pid} on ${hostname()} (since ${owner.since}: `);
    expect(logs).toEqual([]);
    lock.release();
    expect(existsSync(path)).toBe(false);
    expect(process.listenerCount('exit')).toBe(hooks);
    // released twice, or after the folder went: no error
    lock.release();
    const again = acquireRunLock(d);
    rmSync(path);
    again.release();
    expect(process.listenerCount('exit')).toBe(hooks);
  });

  it('a lock with this pid that this process does not hold is a leftover of an earlier process: taken over with a note', () => {
    const d = dir();
    const path = join(d, LOCK_FILE);
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: hostname(), since: 'then', command: 'old' }));
    const logs: string[] = [];
    const lock = acquireRunLock(d, (s) => logs.push(s));
    expect(logs).toEqual([`note: ${path} was left by process ${process.pid} on ${hostname()} (since then: old), which no longer runs: the stale lock is taken over.`]);
    expect(JSON.parse(readFileSync(path, 'utf8')).since).not.toBe('then');
    lock.release();
  });

  it.each([
    ['pid 0', { pid: 0, host: 'h' }],
    ['a negative pid', { pid: -5, host: 'h' }],
    ['a fractional pid', { pid: 2.5, host: 'h' }],
    ['a pid as text', { pid: '12', host: 'h' }],
    ['no host', { pid: 12 }],
    ['not JSON', 'locked'],
  ])('a lock file with %s does not name its owner: refused, and left in place', (_what, content) => {
    const d = dir();
    const path = join(d, LOCK_FILE);
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    writeFileSync(path, text);
    expect(() => acquireRunLock(d)).toThrow(
      `The run folder's lock file ${path} exists but does not name its owner ('${text}'); another mlcompare may be writing this run. If no run is using the folder, delete ${path} and try again.`,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('a lock of another host is never taken over, even with a pid that does not run here', () => {
    const d = dir();
    const path = join(d, LOCK_FILE);
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 17, host: `${hostname()}-other`, since: 's', command: 'c' }));
    expect(() => acquireRunLock(d)).toThrow(`The run folder '${d}' is in use by process ${2 ** 22 + 17} on ${hostname()}-other (since s: c) (lock file ${path}). One process writes a run at a time: it was taken on another machine`);
    expect(existsSync(path)).toBe(true);
  });

  it('a folder that does not exist: a FileError naming the lock file', () => {
    const d = join(root, 'missing', 'deeper');
    expect(() => acquireRunLock(d)).toThrow(FileError);
    expect(() => acquireRunLock(d)).toThrow(`Cannot create the lock file '${join(d, LOCK_FILE)}': no such file or folder (ENOENT).`);
  });
});

describe('planRun with recorded splits (resume)', () => {
  const ctx: SuiteContext = { source: 'test', baseDir: root, registry: models, catalog: { bundled: ['iris', 'wine'], generators: [] } };
  const suite = parseSuite({ datasets: ['iris', 'wine'], models: ['dummy'], resampling: { kind: 'kfold', folds: 2, repeats: 2 }, seed: 3 }, ctx);
  const folds = (rows: number): { train: number[]; test: number[] }[] => [
    { train: [...Array(rows - 10).keys()], test: Array.from({ length: 10 }, (_, i) => rows - 10 + i) },
    { train: [...Array(rows - 20).keys()], test: Array.from({ length: 20 }, (_, i) => rows - 20 + i) },
  ];

  it('uses the recorded splits of a data set, makes new ones for a data set not recorded, and says which', async () => {
    const recorded: SplitsFile = { schema: 1, datasets: { iris: { rows: 150, repeats: [folds(150), folds(150)] } } };
    const plan = await planRun(suite, models, undefined, recorded);
    expect(plan.newSplits).toEqual(['wine']);
    expect(plan.jobs.length).toBe(8);
    const iris = plan.data.find((d) => d.name === 'iris')!;
    expect(iris.splits.map((r) => r.map((f) => [f.train.length, f.test.length]))).toEqual([
      [
        [140, 10],
        [130, 20],
      ],
      [
        [140, 10],
        [130, 20],
      ],
    ]);
    expect(Array.from(iris.splits[1]![1]!.test)).toEqual(folds(150)[1]!.test);
    // without recorded splits, both are new
    expect((await planRun(suite, models)).newSplits).toEqual(['iris', 'wine']);
  });

  it('refuses recorded splits of another row count or another number of repeats', async () => {
    const rows: SplitsFile = { schema: 1, datasets: { iris: { rows: 149, repeats: [folds(149), folds(149)] } } };
    await expect(planRun(suite, models, undefined, rows)).rejects.toThrow(
      "The recorded splits of 'iris' (splits.json: 149 rows, 2 repeat(s)) do not fit the data as loaded now (150 rows, 2 repeat(s)): the data changed since the run started. Start a new run instead of resuming.",
    );
    const repeats: SplitsFile = { schema: 1, datasets: { iris: { rows: 150, repeats: [folds(150)] } } };
    await expect(planRun(suite, models, undefined, repeats)).rejects.toThrow(ConfigError);
    const more: SplitsFile = { schema: 1, datasets: { iris: { rows: 150, repeats: [folds(150), folds(150), folds(150)] } } };
    await expect(planRun(suite, models, undefined, more)).rejects.toThrow(/^The recorded splits of 'iris' \(splits\.json: 150 rows, 3 repeat\(s\)\) do not fit/);
    await expect(planRun(suite, models, undefined, repeats)).rejects.toThrow(/^The recorded splits of 'iris' \(splits\.json: 150 rows, 1 repeat\(s\)\) do not fit the data as loaded now \(150 rows, 2 repeat\(s\)\)/);
  });
});

describe('runSuite --resume: which jobs count as done', () => {
  const ctx: SuiteContext = { source: 'test', baseDir: root, registry: models, catalog: { bundled: ['iris', 'wine'], generators: [] } };
  const raw = { datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 3 } };
  const opts = (outDir: string, extra: Partial<RunOptions> = {}): RunOptions => ({
    suite: parseSuite(raw, ctx),
    registry: models,
    registryModule: new URL('./fixtures/registry.ts', import.meta.url).href,
    outDir,
    inProcess: true,
    ...extra,
  });

  it('a bad line runs its job again only when no valid line of that job follows and the job is planned; a torn line is reported with its size', async () => {
    const out = join(dir(), 'run');
    await runSuite(opts(out));
    const path = join(out, 'results.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    const ids = lines.map((l) => (JSON.parse(l) as JobResult).jobId);
    const bad = (l: string): string => JSON.stringify({ ...(JSON.parse(l) as JobResult), fold: -1 });
    // job 0: a bad line, then its valid line (done); job 1: only a bad line (runs again);
    // a bad line of a job outside the plan (not run); job 2: torn
    const foreign = JSON.stringify({ ...(JSON.parse(lines[0]!) as JobResult), jobId: 'wine|dummy|r0|f0', fold: -1 });
    const torn = lines[2]!.slice(0, 30);
    writeFileSync(path, [bad(lines[0]!), lines[0]!, bad(lines[1]!), foreign, torn].join('\n'));
    const logs: string[] = [];
    const r = await runSuite(opts(out, { resume: true, log: (l) => logs.push(l) }));
    expect([r.total, r.alreadyDone, r.ran, r.ok]).toEqual([3, 1, 2, 3]);
    const resuming = logs.filter((l) => l.startsWith('Resuming'));
    expect(resuming).toEqual([
      `Resuming: dropped a torn last line (line 5, 30 bytes) of ${path}; that job runs again.`,
      `Resuming: ${path}: line 1 is not a valid job result ('fold' must be an integer >= 0, got -1); it is not counted as a result.`,
      `Resuming: ${path}: line 3 is not a valid job result ('fold' must be an integer >= 0, got -1); it is not counted as a result. Job '${ids[1]}' runs again.`,
      `Resuming: ${path}: line 4 is not a valid job result ('fold' must be an integer >= 0, got -1); it is not counted as a result.`,
      `Resuming ${out}: 1 of 3 jobs already done, 2 to go.`,
    ]);
    const after = readResults(path);
    expect(after.results.map((x) => x.jobId).sort()).toEqual([...ids].sort());
    expect(after.torn).toBeNull();
  });

  it('without run.json (lost), the results are still resumed and run.json is written anew', async () => {
    const out = join(dir(), 'run');
    await runSuite(opts(out, { commandLine: 'first' }));
    rmSync(join(out, 'run.json'));
    const r = await runSuite(opts(out, { resume: true, commandLine: 'second' }));
    expect([r.alreadyDone, r.ran]).toEqual([3, 0]);
    expect(readRunInfo(out).commandLine).toBe('second');
    expect(readRunInfo(out).finishedAt).toEqual(expect.any(String));
  });
});

describe('the results writer and the run folder', () => {
  it('appends whole lines, and close() is idempotent', () => {
    const d = dir();
    const w = new ResultsWriter(d);
    w.append(result('a'));
    w.append(result('b€'));
    w.close();
    w.close();
    expect(readFileSync(join(d, 'results.jsonl'), 'utf8')).toBe(line('a') + line('b€'));
  });

  it('prepareRunFolder: false for a folder that exists, true (and made) for a new nested one, FileError for a file', () => {
    const d = dir();
    expect(prepareRunFolder(d)).toBe(false);
    const nested = join(d, 'x', 'y');
    expect(prepareRunFolder(nested)).toBe(true);
    expect(statSync(nested).isDirectory()).toBe(true);
    const file = join(d, 'f');
    writeFileSync(file, '');
    // the whole message, not wrapped in another FileError
    expect(() => prepareRunFolder(file)).toThrow(expect.objectContaining({ message: `Cannot use '${file}' as the run folder: it is a file, not a folder. Choose another --out.` }));
  });
});

const real = await vi.importActual<typeof import('node:fs')>('node:fs');

describe('file-system failures at the fs-call boundary', () => {
  const DEAD = 2 ** 22 + 17; // above Linux's pid_max: no process has it

  it('reading results.jsonl, run.json, splits.json: a FileError naming the file and the reason', () => {
    const d = dir();
    writeFileSync(join(d, 'results.jsonl'), '');
    writeFileSync(join(d, 'run.json'), '{}');
    writeFileSync(join(d, 'splits.json'), '{}');
    vi.mocked(fs.readFileSync).mockImplementation(() => {
      throw sysError('EACCES');
    });
    expect(() => readResults(join(d, 'results.jsonl'))).toThrow(`Cannot read '${join(d, 'results.jsonl')}': permission denied (EACCES).`);
    expect(() => readRunInfo(d)).toThrow(`Cannot read '${join(d, 'run.json')}': permission denied (EACCES).`);
    expect(() => readSplits(d)).toThrow(`Cannot read '${join(d, 'splits.json')}': permission denied (EACCES).`);
  });

  it('the results writer: open, append, close and truncate failures are FileErrors; a partial write goes on where it stopped', () => {
    const d = dir();
    const path = join(d, 'results.jsonl');
    vi.mocked(fs.openSync).mockImplementationOnce(() => {
      throw sysError('EROFS');
    });
    expect(() => new ResultsWriter(d)).toThrow(`Cannot open for appending '${path}': the file system is read-only (EROFS).`);
    const w = new ResultsWriter(d);
    // the system writes at most 7 bytes per call
    vi.mocked(fs.writeSync).mockImplementation(((fd: number, buf: Buffer, off: number, len: number) => real.writeSync(fd, buf, off, Math.min(len, 7))) as typeof fs.writeSync);
    w.append(result('a'));
    w.append(result('b'));
    expect(vi.mocked(fs.writeSync).mock.calls.length).toBeGreaterThan(4);
    expect(readResults(path).results.map((r) => r.jobId)).toEqual(['a', 'b']);
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(result('a')) + '\n' + JSON.stringify(result('b')) + '\n');
    vi.mocked(fs.writeSync).mockImplementationOnce(() => {
      throw sysError('ENOSPC');
    });
    expect(() => w.append(result('c'))).toThrow(`Cannot append the result of job 'c' to '${path}': the disk is full (ENOSPC).`);
    vi.mocked(fs.closeSync).mockImplementationOnce(() => {
      throw sysError('EIO');
    });
    expect(() => w.close()).toThrow(`Cannot close '${path}': input/output error (a failing disk or a lost network drive) (EIO).`);
    writeFileSync(path, JSON.stringify(result('a')) + '\n{"torn');
    vi.mocked(fs.truncateSync).mockImplementationOnce(() => {
      throw sysError('EACCES');
    });
    expect(() => repairResults(d)).toThrow(`Cannot cut the torn last line off '${path}': permission denied (EACCES).`);
  });

  it('writing run.json or splits.json fails: a FileError, and no temporary file is left (also when it was never created)', () => {
    const d = dir();
    const info = { schema: 1 } as unknown as Parameters<typeof writeRunInfo>[1];
    vi.mocked(fs.renameSync).mockImplementationOnce(() => {
      throw sysError('EROFS');
    });
    expect(() => writeRunInfo(d, info)).toThrow(`Cannot write '${join(d, 'run.json')}': the file system is read-only (EROFS).`);
    expect(fs.readdirSync(d)).toEqual([]);
    // the write itself fails before the temporary file exists
    vi.mocked(fs.writeFileSync).mockImplementationOnce(() => {
      throw sysError('ENOSPC');
    });
    expect(() => writeSplits(d, {} as SplitsFile)).toThrow(`Cannot write '${join(d, 'splits.json')}': the disk is full (ENOSPC).`);
    expect(fs.readdirSync(d)).toEqual([]);
  });

  it('prepareRunFolder: an unreadable path and a read-only file system are named as such', () => {
    const d = join(dir(), 'a', 'b');
    vi.mocked(fs.statSync).mockImplementationOnce(() => {
      throw sysError('EACCES');
    });
    expect(() => prepareRunFolder(d)).toThrow(`Cannot use as the run folder '${d}': permission denied (EACCES).`);
    // the first missing folder is made alone (the system's own error: EROFS, not the ENOENT of Node's recursive mkdir)
    const made: unknown[] = [];
    vi.mocked(fs.mkdirSync).mockImplementation(((p: string, o?: unknown) => {
      made.push([p, o]);
      throw sysError('EROFS');
    }) as typeof fs.mkdirSync);
    expect(() => prepareRunFolder(d)).toThrow(`Cannot create the run folder '${d}': the file system is read-only (EROFS).`);
    expect(made).toEqual([[join(d, '..'), undefined]]);
    // then the rest of the path, under the new folder
    vi.mocked(fs.mkdirSync).mockReset();
    vi.mocked(fs.mkdirSync).mockImplementationOnce(() => undefined);
    vi.mocked(fs.mkdirSync).mockImplementationOnce(() => {
      throw sysError('ENOSPC');
    });
    expect(() => prepareRunFolder(d)).toThrow(`Cannot create the run folder '${d}': the disk is full (ENOSPC).`);
    expect(vi.mocked(fs.mkdirSync).mock.calls).toEqual([[join(d, '..')], [d, { recursive: true }]]);
    // ENOENT for a folder whose parent exists: that parent takes no folders
    vi.mocked(fs.mkdirSync).mockReset();
    vi.mocked(fs.mkdirSync).mockImplementationOnce(() => {
      throw sysError('ENOENT');
    });
    expect(() => prepareRunFolder(d)).toThrow(`Cannot create the run folder '${d}': '${dirname(join(d, '..'))}' takes no new folders (ENOENT). Choose another --out.`);
    expect(vi.mocked(fs.mkdirSync).mock.calls.length).toBe(1);
  });

  it('a lock of a live process of another user (kill says EPERM) is in use, not stale; one that is gone (ESRCH) is taken over', () => {
    const d = dir();
    const path = join(d, LOCK_FILE);
    writeFileSync(path, JSON.stringify({ pid: 1, host: hostname(), since: 's', command: 'init' }));
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => {
      throw sysError('EPERM');
    });
    expect(() => acquireRunLock(d)).toThrow(`is in use by process 1 on ${hostname()} (since s: init)`);
    expect(kill).toHaveBeenCalledWith(1, 0);
    kill.mockImplementation(() => {
      throw sysError('ESRCH');
    });
    const logs: string[] = [];
    const lock = acquireRunLock(d, (s) => logs.push(s));
    expect(logs).toHaveLength(1);
    lock.release();
    kill.mockImplementation(() => true);
    writeFileSync(path, JSON.stringify({ pid: DEAD, host: hostname(), since: 's', command: 'c' }));
    expect(() => acquireRunLock(d)).toThrow(ConfigError);
  });

  it('a stale lock is removed only if the re-read shows the same one: another taker is respected, a newer stale one is named', () => {
    const d = dir();
    const path = join(d, LOCK_FILE);
    const stale = { pid: DEAD, host: hostname(), since: 'A', command: 'c' };
    const lockReads = (): number => vi.mocked(fs.readFileSync).mock.calls.filter((c) => c[0] === path).length;
    // between the first read and the re-read, a live process (pid 1, init) takes the lock over
    writeFileSync(path, JSON.stringify(stale));
    vi.mocked(fs.readFileSync).mockImplementation(((p: string, o: unknown) => {
      if (p === path && lockReads() === 2) real.writeFileSync(path, JSON.stringify({ pid: 1, host: hostname(), since: 'B', command: 'init' }));
      return real.readFileSync(p, o as 'utf8');
    }) as typeof fs.readFileSync);
    expect(() => acquireRunLock(d)).toThrow(`is in use by process 1 on ${hostname()} (since B: init)`);
    expect(JSON.parse(real.readFileSync(path, 'utf8')).since).toBe('B');
    // the same time stamp but another pid is another lock too
    vi.mocked(fs.readFileSync).mockReset();
    writeFileSync(path, JSON.stringify(stale));
    vi.mocked(fs.readFileSync).mockImplementation(((p: string, o: unknown) => {
      if (p === path && lockReads() === 2) real.writeFileSync(path, JSON.stringify({ pid: 1, host: hostname(), since: 'A', command: 'init' }));
      return real.readFileSync(p, o as 'utf8');
    }) as typeof fs.readFileSync);
    expect(() => acquireRunLock(d)).toThrow(`is in use by process 1 on ${hostname()} (since A: init)`);
    // same dead pid, another time: the newer stale lock is the one named and taken over
    vi.mocked(fs.readFileSync).mockReset();
    writeFileSync(path, JSON.stringify(stale));
    vi.mocked(fs.readFileSync).mockImplementation(((p: string, o: unknown) => {
      if (p === path && lockReads() === 2) real.writeFileSync(path, JSON.stringify({ ...stale, since: 'C' }));
      return real.readFileSync(p, o as 'utf8');
    }) as typeof fs.readFileSync);
    const logs: string[] = [];
    const lock = acquireRunLock(d, (s) => logs.push(s));
    expect(logs).toEqual([`note: ${path} was left by process ${DEAD} on ${hostname()} (since C: c), which no longer runs: the stale lock is taken over.`]);
    lock.release();
  });

  it('the take-over is tried three times, then the owner is named; a lock that keeps vanishing is read four times, then a FileError', () => {
    const d = dir();
    const path = join(d, LOCK_FILE);
    writeFileSync(path, JSON.stringify({ pid: DEAD, host: hostname(), since: 's', command: 'c' }));
    vi.mocked(fs.rmSync).mockImplementation(() => {}); // the removal never takes effect
    const logs: string[] = [];
    expect(() => acquireRunLock(d, (s) => logs.push(s))).toThrow(`is in use by process ${DEAD}`);
    expect(logs).toHaveLength(3);
    vi.mocked(fs.rmSync).mockReset();
    // the lock exists for open, is gone for every read
    vi.mocked(fs.readFileSync).mockClear();
    vi.mocked(fs.readFileSync).mockImplementation(() => {
      throw sysError('ENOENT');
    });
    expect(() => acquireRunLock(d)).toThrow(`Cannot create the lock file '${path}': it already exists (EEXIST).`);
    expect(vi.mocked(fs.readFileSync).mock.calls.length).toBe(4);
    // a lock file that cannot be read
    vi.mocked(fs.readFileSync).mockImplementation(() => {
      throw sysError('EACCES');
    });
    expect(() => acquireRunLock(d)).toThrow(`Cannot read the lock file '${path}': permission denied (EACCES).`);
  });

  it('writing the lock file fails: a FileError, and the half-written lock is removed', () => {
    const d = dir();
    const path = join(d, LOCK_FILE);
    vi.mocked(fs.fsyncSync).mockImplementationOnce(() => {
      throw sysError('ENOSPC');
    });
    expect(() => acquireRunLock(d)).toThrow(`Cannot write the lock file '${path}': the disk is full (ENOSPC).`);
    expect(existsSync(path)).toBe(false);
    acquireRunLock(d).release();
  });
});
