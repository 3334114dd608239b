/**
 * Issue 11, "a run is tied to its data and has one writer" and the runner's file boundary: resume
 * refuses changed data, suites, splits and versions; one process writes a run folder; I/O failures
 * are coded errors naming the path and leave no temporary files; runaway plans are refused before
 * anything is generated.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunInfo } from '@mlcompare/core';
import { datasetCatalog } from '../src/data.js';
import { runSuite, type RunOptions } from '../src/run.js';
import { LOCK_FILE, acquireRunLock, readResults } from '../src/store.js';
import { parseSuite, type SuiteContext } from '../src/suite.js';
import { models } from './fixtures/registry.js';

const registryModule = new URL('./fixtures/registry.ts', import.meta.url).href;
const root = mkdtempSync(join(tmpdir(), 'mlcompare-runfolder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
function dir(): string {
  return join(root, `run${counter++}`);
}

async function context(): Promise<SuiteContext> {
  return { source: 'test.json', baseDir: root, registry: models, catalog: await datasetCatalog() };
}
async function options(raw: object, outDir: string, extra: Partial<RunOptions> = {}): Promise<RunOptions> {
  return { suite: parseSuite(raw, await context()), registry: models, registryModule, outDir, inProcess: true, ...extra };
}

/** A CSV of `rows` rows, two features and a two-class target, from a seed. */
function csvText(rows: number, seed = 1): string {
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = ['x1,x2,label'];
  for (let i = 0; i < rows; i++) lines.push(`${rnd().toFixed(4)},${rnd().toFixed(4)},${i % 2 ? 'a' : 'b'}`);
  return lines.join('\n') + '\n';
}

function listAll(d: string): string[] {
  return existsSync(d) ? readdirSync(d, { recursive: true }).map(String) : [];
}

describe('resume refuses a run whose data, suite, splits or version changed', () => {
  it('records the fingerprint in run.json: CSV bytes, loaded data, suite, splits, version', async () => {
    const out = dir();
    const csv = join(root, 'fp.csv');
    writeFileSync(csv, csvText(40));
    await runSuite(await options({ datasets: ['iris', 'moons:nSamples=30', { csv, target: 'label' }], models: ['dummy'], resampling: { kind: 'kfold', folds: 2 } }, out));
    const info = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunInfo;
    const { createHash } = await import('node:crypto');
    const sha = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');
    expect(info.fingerprint?.datasets['fp']).toBe(`csv-sha256:${sha(readFileSync(csv))}`);
    // a bundled data set is read from its CSV file: its bytes are hashed too
    expect(info.fingerprint?.datasets['iris']).toMatch(/^csv-sha256:[0-9a-f]{64}$/);
    expect(info.fingerprint?.datasets['moons(nSamples=30)']).toMatch(/^data-sha256:[0-9a-f]{64}$/);
    expect(info.fingerprint?.splits).toBe(sha(readFileSync(join(out, 'splits.json'))));
    expect(info.fingerprint?.mlcompare).toBe((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version);
  });

  it('a CSV grown from 1,500 to 3,000 rows, and one edited with the same row count, are refused; nothing is written', async () => {
    const out = dir();
    const csv = join(root, 'grow.csv');
    writeFileSync(csv, csvText(1500));
    const raw = { datasets: [{ csv, target: 'label' }], models: ['dummy', 'centroid'], resampling: { kind: 'kfold', folds: 2 } };
    await runSuite(await options(raw, out));
    // interrupted: one result lost
    const results = join(out, 'results.jsonl');
    writeFileSync(results, readFileSync(results, 'utf8').trim().split('\n').slice(0, 3).join('\n') + '\n');
    const before = { results: readFileSync(results, 'utf8'), run: readFileSync(join(out, 'run.json'), 'utf8') };
    writeFileSync(csv, csvText(3000));
    const grown = await runSuite(await options(raw, out, { resume: true })).then(() => null, (e: Error & { code?: string }) => e);
    expect(grown?.code).toBe('MLCOMPARE_CONFIG');
    expect(grown?.message).toMatch(
      new RegExp(`^Cannot resume '${out}': the data set 'grow' is not the data the run started with — the file ${csv} changed \\(1,500 rows then, 3,000 now; content hash csv-sha256:[0-9a-f]{12}… then, csv-sha256:[0-9a-f]{12}… now\\)\\. .*start a new run without --resume\\.$`),
    );
    const edited = csvText(1500).replace(/\n0\.\d{4}/, '\n0.9999');
    writeFileSync(csv, edited);
    await expect(runSuite(await options(raw, out, { resume: true }))).rejects.toThrow(/the file .*grow\.csv changed \(the same number of rows \(1,500\) but other content;/);
    expect(readFileSync(results, 'utf8')).toBe(before.results);
    expect(readFileSync(join(out, 'run.json'), 'utf8')).toBe(before.run);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    // the original bytes resume
    writeFileSync(csv, csvText(1500));
    const r = await runSuite(await options(raw, out, { resume: true }));
    expect([r.alreadyDone, r.ran]).toEqual([3, 1]);
  });

  it('a changed suite (another seed, another model), an edited splits.json, a deleted one and another mlcompare version are refused', async () => {
    const out = dir();
    const raw = { datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 2 }, seed: 3 };
    await runSuite(await options(raw, out));
    await expect(runSuite(await options({ ...raw, seed: 4 }, out, { resume: true }))).rejects.toThrow(
      /^Cannot resume '.*': the suite is not the one the run started with \(its hash was [0-9a-f]{12}…, it is [0-9a-f]{12}… now\)/,
    );
    await expect(runSuite(await options({ ...raw, models: ['dummy', 'centroid'] }, out, { resume: true }))).rejects.toThrow(/the suite is not the one the run started with/);
    const splits = join(out, 'splits.json');
    const text = readFileSync(splits, 'utf8');
    writeFileSync(splits, text.replace('"train":[', '"train":[ '));
    await expect(runSuite(await options(raw, out, { resume: true }))).rejects.toThrow(/its splits\.json is not the one the run wrote .*: it was edited\./);
    rmSync(splits);
    await expect(runSuite(await options(raw, out, { resume: true }))).rejects.toThrow(/its splits\.json is missing, so the folds of the jobs done so far are unknown\./);
    writeFileSync(splits, text);
    const runPath = join(out, 'run.json');
    const info = JSON.parse(readFileSync(runPath, 'utf8')) as RunInfo;
    writeFileSync(runPath, JSON.stringify({ ...info, fingerprint: { ...info.fingerprint!, mlcompare: '0.0.1-old' } }));
    await expect(runSuite(await options(raw, out, { resume: true }))).rejects.toThrow(/it was started by mlcompare 0\.0\.1-old, and this is mlcompare \d+\.\d+\.\d+/);
    writeFileSync(runPath, JSON.stringify(info));
    expect((await runSuite(await options(raw, out, { resume: true }))).ran).toBe(0);
  });

  it('the suite hash covers every suite field, not key order or where the suite came from; the resume log counts what is left', async () => {
    const out = dir();
    const raw = { name: 'h', description: 'd', datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 2 }, seed: 3, metrics: ['accuracy'], limits: { timeoutSec: 60 } };
    await runSuite(await options(raw, out));
    const fp = (JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunInfo).fingerprint!;
    expect(fp.suite).toMatch(/^[0-9a-f]{64}$/);
    expect(fp.splits).toBe(createHash('sha256').update(readFileSync(join(out, 'splits.json'), 'utf8')).digest('hex'));
    const changed: object[] = [
      { name: 'h2' },
      { description: 'other' },
      { datasets: ['iris', 'wine'] },
      { models: ['centroid'] },
      { resampling: { kind: 'kfold', folds: 3 } },
      { metrics: ['accuracy', 'f1Macro'] },
      { seed: 4 },
      { limits: { timeoutSec: 61 } },
      { limits: { timeoutSec: 60, maxRows: { dummy: 10 } } },
    ];
    for (const c of changed) {
      const opts = await options({ ...raw, ...c }, out, { resume: true });
      await expect(runSuite(opts), JSON.stringify(c)).rejects.toThrow(
        new RegExp(`^Cannot resume '${out}': the suite is not the one the run started with \\(its hash was ${fp.suite.slice(0, 12)}…, it is [0-9a-f]{12}… now\\): run\\.json's suite was edited\\. Its results so far were made otherwise`),
      );
    }
    // the same suite written with its keys in another order, from another file: the same run
    const reordered = Object.fromEntries(Object.entries(raw).reverse());
    const opts = { ...(await options(reordered, out, { resume: true })), suiteSource: 'elsewhere/other.json' };
    const resultsPath = join(out, 'results.jsonl');
    const lines = readFileSync(resultsPath, 'utf8').trim().split('\n');
    writeFileSync(resultsPath, lines[0] + '\n');
    const logs: string[] = [];
    const r = await runSuite({ ...opts, log: (l) => logs.push(l) });
    expect([r.total, r.alreadyDone, r.ran]).toEqual([2, 1, 1]);
    expect(logs).toContain(`Resuming ${out}: 1 of 2 jobs already done, 1 to go.`);
    // a run.json without a fingerprint (an older mlcompare) resumes with a note
    const runPath = join(out, 'run.json');
    const info = JSON.parse(readFileSync(runPath, 'utf8')) as RunInfo;
    delete info.fingerprint;
    writeFileSync(runPath, JSON.stringify(info));
    const notes: string[] = [];
    expect((await runSuite(await options(raw, out, { resume: true, log: (l) => notes.push(l) }))).ran).toBe(0);
    expect(notes).toContain(`note: ${runPath} records no fingerprint (a run made by an older mlcompare), so the data cannot be checked against the run's: make sure it did not change.`);
    expect(notes.some((l) => l.startsWith(`Resuming ${out}`))).toBe(true);
  });

  it('a generated data set whose generator gives other data (recorded hash differs) is refused', async () => {
    const out = dir();
    const raw = { datasets: ['moons:nSamples=40'], models: ['dummy'], resampling: { kind: 'kfold', folds: 2 } };
    await runSuite(await options(raw, out));
    const runPath = join(out, 'run.json');
    const info = JSON.parse(readFileSync(runPath, 'utf8')) as RunInfo;
    const name = Object.keys(info.fingerprint!.datasets)[0]!;
    info.fingerprint!.datasets[name] = `data-sha256:${'0'.repeat(64)}`;
    writeFileSync(runPath, JSON.stringify(info));
    await expect(runSuite(await options(raw, out, { resume: true }))).rejects.toThrow(
      /the data set 'moons\(nSamples=40\)' is not the data the run started with — the generator 'moons' gives other data \(the same number of rows \(40\) but other content/,
    );
  });
});

describe('one process writes a run folder', () => {
  it('a second run and a resume on a live run are refused, naming the owner; the lock goes when the run ends', async () => {
    const out = dir();
    const raw = { datasets: ['iris'], models: ['dummy', 'sleepy'], resampling: { kind: 'kfold', folds: 2 }, limits: { timeoutSec: 1.5 } };
    const first = runSuite(await options(raw, out, { inProcess: false, jobs: 1 }));
    // wait until the first run holds the lock
    while (!existsSync(join(out, LOCK_FILE))) await new Promise((r) => setTimeout(r, 20));
    const owner = `process ${process.pid} on ${hostname()}`;
    await expect(runSuite(await options(raw, out, { inProcess: false }))).rejects.toThrow(new RegExp(`^The folder '${out}' already holds a run|is in use by ${owner}`));
    await expect(runSuite(await options(raw, out, { resume: true }))).rejects.toThrow(new RegExp(`^The run folder '${out}' is in use by ${owner} \\(since .*\\(lock file .*run\\.lock\\)\\. One process writes a run at a time`));
    const r = await first;
    expect(r.total).toBe(4);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    // exactly one line per job: the refused runs wrote nothing
    expect(readResults(join(out, 'results.jsonl')).results.length).toBe(4);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').length).toBe(4);
  }, 30_000);

  it('a lock left by a dead process on this host is taken over with a note', async () => {
    const out = dir();
    mkdirSync(out, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(out, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), since: '2026-01-01T00:00:00.000Z', command: 'mlcompare bench' }));
    const logs: string[] = [];
    const r = await runSuite(await options({ datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 2 } }, out, { log: (s) => logs.push(s) }));
    expect(r.ok).toBe(2);
    expect(logs).toContainEqual(`note: ${join(out, LOCK_FILE)} was left by process ${dead} on ${hostname()} (since 2026-01-01T00:00:00.000Z: mlcompare bench), which no longer runs: the stale lock is taken over.`);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  });

  it('refuses a live owner, a lock from another host and an unreadable lock file; the lock is released on error and by release()', async () => {
    const out = dir();
    mkdirSync(out, { recursive: true });
    const lockPath = join(out, LOCK_FILE);
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(lockPath, JSON.stringify({ pid: sleeper.pid, host: hostname(), since: 'x', command: 'mlcompare bench quick' }));
      expect(() => acquireRunLock(out)).toThrow(new RegExp(`in use by process ${sleeper.pid} on ${hostname()} \\(since x: mlcompare bench quick\\).* stop it \\(kill ${sleeper.pid}\\) and then --resume`));
    } finally {
      sleeper.kill();
    }
    writeFileSync(lockPath, JSON.stringify({ pid: 1234, host: 'elsewhere.example', since: 'x', command: 'c' }));
    expect(() => acquireRunLock(out)).toThrow(/in use by process 1234 on elsewhere\.example .*taken on another machine, so it cannot be checked from here; if that run is over, delete /);
    writeFileSync(lockPath, '');
    expect(() => acquireRunLock(out)).toThrow(/lock file .*run\.lock exists but does not name its owner \(''\)/);
    rmSync(lockPath);
    const lock = acquireRunLock(out);
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
    // a run that fails while planning (missing CSV) releases the lock and removes the folder it created
    const fresh = dir();
    await expect(runSuite(await options({ datasets: [{ csv: join(root, 'nope.csv'), target: 'y' }], models: ['dummy'] }, fresh))).rejects.toThrow(/does not exist/);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe('files: every I/O failure is a coded error naming the path, and no temporary file is left', () => {
  it('a file where the run folder should be (ENOTDIR): refused before any data is loaded', async () => {
    const file = join(root, 'plainfile');
    writeFileSync(file, 'x');
    let loaded = 0;
    const err = await runSuite(await options({ datasets: ['iris'], models: ['dummy'] }, join(file, 'out'), { onDataset: () => loaded++ })).then(
      () => null,
      (e: Error & { code?: string; errno?: string }) => e,
    );
    expect([err?.code, err?.errno]).toEqual(['MLCOMPARE_FILE', 'ENOTDIR']);
    expect(err?.message).toBe(`Cannot create the run folder '${join(file, 'out')}': a part of the path is a file, not a folder (ENOTDIR).`);
    expect(loaded).toBe(0);
    await expect(runSuite(await options({ datasets: ['iris'], models: ['dummy'] }, file))).rejects.toThrow(`Cannot use '${file}' as the run folder: it is a file, not a folder.`);
    await expect(runSuite(await options({ datasets: ['iris'], models: ['dummy'] }, ''))).rejects.toThrow(/^The run folder \(--out\) must be a folder path, but got ''/);
  });

  // Read-only and full disks need a mount: root can mount a tmpfs here; elsewhere these are skipped (said in the output).
  const canMount = process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  const mountTmpfs = (opts: string): string => {
    const m = mkdtempSync(join(tmpdir(), 'mlcompare-mnt-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', m]);
    return m;
  };
  const unmount = (m: string): void => {
    spawnSync('umount', [m]);
    rmSync(m, { recursive: true, force: true });
  };
  if (!canMount) console.log('runfolder.test: read-only and disk-full cases skipped: they need root and mount (Linux)');

  it.skipIf(!canMount)('a read-only file system (EROFS): refused before the data loads', async () => {
    const m = mountTmpfs('ro,size=64k');
    try {
      let loaded = 0;
      const err = await runSuite(await options({ datasets: ['iris'], models: ['dummy'] }, join(m, 'out'), { onDataset: () => loaded++ })).then(
        () => null,
        (e: Error & { code?: string; errno?: string }) => e,
      );
      expect([err?.code, err?.errno]).toEqual(['MLCOMPARE_FILE', 'EROFS']);
      expect(err?.message).toBe(`Cannot create the run folder '${join(m, 'out')}': the file system is read-only (EROFS).`);
      expect(loaded).toBe(0);
    } finally {
      unmount(m);
    }
  });

  it.skipIf(!canMount)('a full disk (ENOSPC) while writing splits.json: a coded error naming it, no .tmp file, no lock left', async () => {
    const m = mountTmpfs('size=8k');
    try {
      const out = join(m, 'out');
      const err = await runSuite(await options({ datasets: ['moons:nSamples=3000'], models: ['dummy'] }, out)).then(
        () => null,
        (e: Error & { code?: string; errno?: string }) => e,
      );
      expect([err?.code, err?.errno]).toEqual(['MLCOMPARE_FILE', 'ENOSPC']);
      expect(err?.message).toBe(`Cannot write '${join(out, 'splits.json')}': the disk is full (ENOSPC).`);
      expect(listAll(m).filter((f) => /\.tmp|run\.lock/.test(f))).toEqual([]);
    } finally {
      unmount(m);
    }
  });
});

describe.skipIf(!(process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0))('files: a disk that fills up during the run', () => {
  for (const inProcess of [true, false]) {
    it(`appending a result (ENOSPC) stops the run with a FileError naming the job and the file (${inProcess ? 'in process' : 'worker pool'}), and the lock is released`, async () => {
      const m = mkdtempSync(join(tmpdir(), 'mlcompare-mnt-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', m]);
      try {
        const out = join(m, 'out');
        const err = await runSuite(
          await options({ datasets: ['iris'], models: ['dummy', 'centroid'], resampling: { kind: 'kfold', folds: 10 } }, out, { inProcess, jobs: 1 }),
        ).then(
          () => null,
          (e: Error & { code?: string; errno?: string }) => e,
        );
        expect([err?.code, err?.errno]).toEqual(['MLCOMPARE_FILE', 'ENOSPC']);
        expect(err?.message).toMatch(new RegExp(`^Cannot append the result of job 'iris\\|[^']+' to '${out}/results\\.jsonl': the disk is full \\(ENOSPC\\)\\.$`));
        expect(listAll(m).filter((f) => /\.tmp|run\.lock/.test(f))).toEqual([]);
      } finally {
        spawnSync('umount', [m]);
        rmSync(m, { recursive: true, force: true });
      }
    }, 30_000);
  }
});

describe('runaway plans are refused while planning, with the number and the option', () => {
  it('repeats: 1e9 and a big nSamples are refused before anything is generated or created', async () => {
    const out = dir();
    let loaded = 0;
    const onDataset = (): void => void loaded++;
    await expect(runSuite(await options({ datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 5, repeats: 1e9 } }, out, { onDataset }))).rejects.toThrow(
      "This run would have 5,000,000,000 jobs ('iris': 5,000,000,000), above the limit of 100,000. Use fewer models, folds or repeats, or raise the limit with --max-jobs N.",
    );
    await expect(runSuite(await options({ datasets: ['moons:nSamples=100000000'], models: ['dummy'] }, out, { onDataset }))).rejects.toThrow(
      /^This run's (data and splits would take about \d+ GiB of memory .*--max-memory GIB|splits\.json would be about [\d,]+ characters long)/,
    );
    await expect(runSuite(await options({ datasets: ['moons:nSamples=20000000'], models: ['dummy'] }, out, { maxMemoryBytes: 2 ** 30 }))).rejects.toThrow(
      /^This run's data and splits would take about \d+\.?\d* GiB of memory \('moons\(nSamples=20000000\)': .* GiB\), more than the limit of 1\.0 GiB .*raise the limit with --max-memory GIB\./,
    );
    expect(existsSync(out)).toBe(false);
    expect(loaded).toBe(0);
  });

  it('predefined folds are counted once the split file is read (after loading, before the jobs are made)', async () => {
    const out = dir();
    const folds = join(root, 'folds.json');
    const rows = [...Array(150).keys()];
    writeFileSync(folds, JSON.stringify({ folds: [0, 1, 2].map((k) => ({ train: rows.filter((i) => i % 3 !== k), test: rows.filter((i) => i % 3 === k) })) }));
    const raw = { datasets: ['iris'], models: ['dummy', 'centroid'], resampling: { kind: 'predefined', file: folds } };
    await expect(runSuite(await options(raw, out, { maxJobs: 5 }))).rejects.toThrow("This run would have 6 jobs ('iris': 6), above the limit of 5.");
    expect((await runSuite(await options(raw, out, { maxJobs: 6 }))).ok).toBe(6);
  });

  it('a 1,000,000-configuration grid is refused while parsing, before it is expanded', async () => {
    const ctx = await context();
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const item = { model: 'centroid', grid: { jitter: values, seed: values } };
    expect(() => parseSuite({ datasets: ['iris'], models: [item] }, ctx)).toThrow(
      'Invalid suite test.json: models[0]: the grid gives 1,000,000 model configurations (1000 jitter × 1000 seed), and every configuration is at least one job per fold, above the limit of 100,000 jobs per run. Use fewer values, or raise the limit with --max-jobs N.',
    );
    expect(() => parseSuite({ datasets: ['iris'], models: [`centroid:jitter=${values.join(',')}`] }, { ...ctx, maxJobs: 999 })).toThrow(/the grid gives 1,000 model configurations \(1000 jitter\)/);
    expect(parseSuite({ datasets: ['iris'], models: [`centroid:jitter=${values.join(',')}`] }, { ...ctx, maxJobs: 1000 }).models.length).toBe(1000);
  });
});
