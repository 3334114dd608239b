import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_FILE, EXIT_INTERNAL, EXIT_JOBS_FAILED, EXIT_OK, EXIT_USAGE, main, type CliIO } from '../src/cli.js';
import { readResults } from '../src/store.js';
import { runCli, scratchDir, type CliRun } from './helpers/cli.js';

const registryModule = new URL('./fixtures/registry.ts', import.meta.url).href;
const suitesDir = new URL('./fixtures/suites/', import.meta.url).pathname;
const root = scratchDir('mlcompare-cli-');

const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: root, registryModule, suitesDir });

describe('mlcompare CLI', () => {
  it('runs a suite: exit 0, results written, one progress line per job', async () => {
    const r = await run('bench', 'tiny', '--jobs', '1', '--out', 'ok');
    expect(r.code).toBe(EXIT_OK);
    expect(readResults(join(root, 'ok', 'results.jsonl')).results.length).toBe(4);
    expect(existsSync(join(root, 'ok', 'run.json'))).toBe(true);
    expect(r.err.split('\n').filter((l) => /^\[\d\/4\] ok /.test(l)).length).toBe(4);
    // the leaderboard on stdout, then where the full report is
    expect(r.out).toMatch(/^\S+ \((classification|regression), sorted by /m);
    expect(r.err).toMatch(/^Full report with significance tests and charts: .*ok\/report\.html/m);
  }, 30_000);

  it('re-renders the reports of a finished run', async () => {
    const r = await run('report', 'ok');
    expect(r.code).toBe(EXIT_OK);
    expect(existsSync(join(root, 'ok', 'report.md'))).toBe(true);
    expect(existsSync(join(root, 'ok', 'summary.json'))).toBe(true);
    expect((await run('report', 'nowhere')).err).toMatch(/^error: '.*nowhere' holds no run\.json/);
  }, 30_000);

  it('--rope sets the ROPE, recorded in run.json and used by the report; report --rope re-renders with another', async () => {
    const r = await run('bench', 'tiny', '--models', 'centroid:jitter=0,5', '--rope', '0.05', '--jobs', '1', '--out', 'rope');
    expect(r.code).toBe(EXIT_OK);
    const info = JSON.parse(readFileSync(join(root, 'rope', 'run.json'), 'utf8'));
    expect(info.suite.rope).toBe(0.05);
    const summary = () => JSON.parse(readFileSync(join(root, 'rope', 'summary.json'), 'utf8'));
    expect(summary().rope).toBe(0.05);
    expect(summary().datasets[0].bayes.rope).toEqual({ setting: 0.05, mode: 'fixed', value: 0.05 });
    expect((await run('report', 'rope', '--rope', 'autorank')).code).toBe(EXIT_OK);
    expect(summary().rope).toBe('autorank');
    expect(summary().datasets[0].bayes.rope).toEqual({ setting: 'autorank', mode: 'autorank', value: null });
    // without --rope the report reads run.json's again
    expect((await run('report', 'rope')).code).toBe(EXIT_OK);
    expect(summary().rope).toBe(0.05);
    for (const args of [['bench', 'tiny', '--rope=-1'], ['bench', 'tiny', '--rope', 'big'], ['report', 'rope', '--rope', '']]) {
      const bad = await run(...args);
      expect(bad.code).toBe(EXIT_USAGE);
      expect(bad.err).toMatch(/^error: Option '--rope' must be a number >= 0 in the primary metric's units \(0\.01 = one point of accuracy\), 'auto' or 'autorank', but got '(-1|big|)'\.$/m);
    }
  }, 30_000);

  it('the Bayesian probabilities of a run are the same with 1 or 2 workers (seeded by the run, not by the finishing order)', async () => {
    const args = ['bench', 'tiny', '--datasets', 'iris,wine', '--models', 'centroid:jitter=0,200,dummy', '--folds', '3', '--seed', '9'];
    expect((await run(...args, '--jobs', '1', '--out', 'w1')).code).toBe(EXIT_OK);
    expect((await run(...args, '--jobs', '2', '--out', 'w2')).code).toBe(EXIT_OK);
    const bayes = (dir: string) => {
      const s = JSON.parse(readFileSync(join(root, dir, 'summary.json'), 'utf8'));
      return { datasets: s.datasets.map((d: { bayes: unknown }) => d.bayes), across: s.comparisons.map((c: { bayes: unknown }) => c.bayes) };
    };
    const one = bayes('w1');
    expect(one.across[0].seed).toBe(9);
    expect(one.across[0].models).toHaveLength(3);
    expect(bayes('w2')).toEqual(one);
  }, 60_000);

  it('resumes a run from its folder with the suite it was started with', async () => {
    await run('bench', 'tiny', '--models', 'centroid:jitter=0,5', '--out', 'res', '--jobs', '1');
    const path = join(root, 'res', 'results.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    writeFileSync(path, lines.slice(0, 2).join('\n') + '\n' + lines[2]!.slice(0, 10));
    const r = await run('bench', '--resume', 'res', '--jobs', '1');
    expect(r.code).toBe(EXIT_OK);
    expect(r.err).toMatch(/Resuming .*: 2 of 4 jobs already done, 2 to go\./);
    const ids = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).jobId as string);
    expect(ids.length).toBe(4);
    expect(new Set(ids).size).toBe(4);
  }, 30_000);

  it('exits 1 when some jobs fail, after running them all', async () => {
    const r = await run('bench', 'failing', '--out', 'failing');
    expect(r.code).toBe(EXIT_JOBS_FAILED);
    const res = readResults(join(root, 'failing', 'results.jsonl')).results;
    expect(res.map((x) => x.status).sort()).toEqual(['error', 'error', 'ok', 'ok']);
  }, 30_000);

  it('applies command-line overrides: models with a grid, folds, seed', async () => {
    const r = await run('bench', 'tiny', '--models', 'centroid:jitter=0,10,dummy', '--folds', '3', '--seed', '4', '--out', 'over', '--jobs', '1');
    expect(r.code).toBe(EXIT_OK);
    const res = readResults(join(root, 'over', 'results.jsonl')).results;
    expect(new Set(res.map((x) => x.label))).toEqual(new Set(['centroid(jitter=0)', 'centroid(jitter=10)', 'dummy']));
    expect(res.length).toBe(9);
  }, 30_000);

  it('runs on the user\'s CSV file with --data and --target, printing its summary first', async () => {
    const csv = new URL('./fixtures/two.csv', import.meta.url).pathname;
    const r = await run('bench', 'tiny', '--data', csv, '--target', 'label', '--out', 'csv', '--jobs', '1');
    expect(r.code).toBe(EXIT_OK);
    expect(r.err).toMatch(/two/);
    const res = readResults(join(root, 'csv', 'results.jsonl')).results;
    expect(new Set(res.map((x) => x.dataset))).toEqual(new Set(['two']));
    expect(res.length).toBe(4);
    expect((await run('bench', 'tiny', '--data', 'missing.csv', '--target', 'y', '--out', 'nocsv')).code).toBe(EXIT_USAGE);
    // --delimiter reaches the CSV reader: read with ';', the comma file is one column with no 'label'
    const semi = await run('bench', 'tiny', '--data', csv, '--target', 'label', '--delimiter', ';', '--out', 'semi');
    expect(semi.code).toBe(EXIT_USAGE);
    expect(semi.err).toMatch(/^error: Cannot load the data set 'two': .*no column 'label'/m);
    expect((await run('bench', 'tiny', '--data', csv, '--target', 'label', '--delimiter', '|')).err).toMatch(/^error: Option '--delimiter' must be ',', ';', 'tab' \(or '\\t'\), 'space' \(or ' ': one space per break\) or 'whitespace' \(runs of spaces and tabs\), but got '\|'\./);
    expect((await run('bench', '--delimiter', ';')).err).toMatch(/^error: --delimiter needs --data FILE/);
  }, 30_000);

  it('exits 2 with the valid names for an unknown model, data set, parameter or suite', async () => {
    let r = await run('bench', 'tiny', '--models', 'knnn');
    expect(r.code).toBe(EXIT_USAGE);
    // A value from the command line is blamed on its option, not on the suite file.
    expect(r.err).toMatch(/^error: Invalid option '--models' \(item 1\): Unknown model 'knnn'\. Valid models: badproba, budget, centroid, crashes, dummy, rowprint, sleepy, slow, throws\./);
    r = await run('bench', 'tiny', '--models', 'dummy,centroyd');
    expect(r.err).toMatch(/^error: Invalid option '--models' \(item 2\): Unknown model 'centroyd'\. Did you mean 'centroid'\? Valid models: /);
    // A name from the user is quoted in the message, but no terminal escape in it reaches the terminal.
    r = await run('bench', 'tiny', '--models', 'dummy,\u001b]0;pwned\u0007\u001b[2Jx');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: Invalid option '--models' \(item 2\): Unknown model/);
    expect(r.err).not.toMatch(/\u001b|\u0007/);
    r = await run('bench', 'tiny', '--datasets', 'irsi');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: Invalid option '--datasets' \(item 1\): unknown data set 'irsi'\. Did you mean 'iris'\? Bundled data sets: .*iris/);
    r = await run('bench', 'tiny', '--models', 'centroid:k=2');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/Unknown parameter 'k' for JitterCentroid\. Valid parameters: jitter, seed\./);
    expect((await run('bench', 'tiny', '--models', 'centroid:jittr=2')).err).toMatch(/Unknown parameter 'jittr' for JitterCentroid\. Did you mean 'jitter'\? Valid parameters: jitter, seed\./);
    r = await run('bench', 'nosuch');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: Unknown suite 'nosuch'\. Suites in .*: failing, tiny\./);
    expect((await run('bench', 'tinny')).err).toMatch(/^error: Unknown suite 'tinny'\. Did you mean 'tiny'\? Suites in /);
    r = await run('bench', 'tiny', '--metrics', 'x');
    expect(r.err).toMatch(/^error: Unknown option '--metrics' for 'mlcompare bench'\. Options: /);
  });

  it('exits 2 for usage errors', async () => {
    for (const argv of [
      ['bench', '--bogus'],
      ['bench', '--jobs', '0'],
      ['bench', '--data', 'x.csv'],
      ['bench', '--folds', '3', '--splits', 'f.json'],
      ['bench', '--resume', 'somewhere', '--seed', '3'],
      ['frobnicate'],
      ['report'],
      ['models', '--task', 'clustering'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(EXIT_USAGE);
      expect(r.err, argv.join(' ')).toMatch(/^error: /);
    }
    expect((await run('bench', '--jobs', '0')).err).toMatch(/^error: Option '--jobs' must be an integer >= 1, but got '0'\./);
    expect((await run('bench', '--data', 'x.csv')).err).toMatch(/^error: --data x\.csv needs --target COLUMN/);
    expect((await run('bench', '--foldz', '3')).err).toMatch(/^error: Unknown option '--foldz' for 'mlcompare bench'\. Did you mean '--folds'\? See 'mlcompare bench --help'\./);
    expect((await run('models', '--bogus')).err).toMatch(/^error: Unknown option '--bogus' for 'mlcompare models'\. Options: --task, --help\./);
    expect((await run('bnech')).err).toMatch(/^error: Unknown command 'bnech'\. Did you mean 'bench'\? Commands: bench, models, datasets, report, worker\./);
    expect((await run('frobnicate')).err).toMatch(/^error: Unknown command 'frobnicate'\. Commands: bench, models, datasets, report, worker\./);
  });

  it('prints help for each command with exit 0', async () => {
    for (const cmd of ['bench', 'models', 'datasets', 'report']) {
      const r = await run(cmd, '--help');
      expect(r.code).toBe(EXIT_OK);
      expect(r.out).toMatch(new RegExp(`^Usage: mlcompare ${cmd}`));
    }
    expect((await run('--help')).out).toMatch(/^Usage: mlcompare <command>/);
  });

  it('lists models with capabilities and parameters, filtered by task', async () => {
    const r = await run('models', '--task', 'regression');
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/DummyRegressor/);
    expect(r.out).not.toMatch(/JitterCentroid/);
    const c = await run('models', 'centroid');
    expect(c.out).toMatch(/jitter\s+1\s+an integer in \[0, Infinity\)/);
    expect((await run('models', 'nope')).err).toMatch(/^error: Unknown model 'nope'\. Valid models: badproba, budget, centroid, crashes, dummy, rowprint, sleepy, slow, throws\./);
    expect((await run('models', 'dumm')).err).toMatch(/^error: Unknown model 'dumm'\. Did you mean 'dummy'\? Valid models: /);
    expect((await run('models', 'centroid', '--task', 'regression')).err).toMatch(/^error: Model 'centroid' has no regression variant \(it supports: classification\)\./);
    const both = await run('models', 'dummy');
    expect(both.out).toMatch(/DummyClassifier/);
    expect(both.out).toMatch(/DummyRegressor/);
    const one = await run('models', 'dummy', '--task', 'regression');
    expect(one.out).toMatch(/DummyRegressor/);
    expect(one.out).not.toMatch(/DummyClassifier/);
  });

  it('lists the bundled data sets', async () => {
    const r = await run('datasets');
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/iris\s+classification\s+150\s+4\s+3/);
    // each generator with what it makes and its parameters' defaults
    expect(r.out).toMatch(/^ {2}moons \(classification\): Two interleaving half circles.*\n {6}defaults: nSamples=100, noise=0, /m);
  });
});

describe('mlcompare CLI: folders, limits and exit codes (issue 11)', () => {
  it("refuses --out '' and --resume '' (they meant the current folder) and a suite name that leaves results/", async () => {
    for (const o of ['--out', '--resume']) {
      const r = await run('bench', 'tiny', o, '');
      expect(r.code, o).toBe(EXIT_USAGE);
      expect(r.err).toMatch(new RegExp(`^error: Option '${o}' must be a folder path, but got '': an empty path would mean the current folder\\.`));
    }
    expect((await run('bench', 'tiny', '--out', '  ')).code).toBe(EXIT_USAGE);
    const evil = join(root, 'evil.json');
    const before = readdirSync(root);
    for (const name of ['../../../elsewhere/evil', '..', 'a/b', 'a\\b', '.hidden', 'bell\u0007']) {
      writeFileSync(evil, JSON.stringify({ name, datasets: ['iris'], models: ['dummy'] }));
      const r = await run('bench', evil);
      expect(r.code, name).toBe(EXIT_USAGE);
      expect(r.err, name).toMatch(/^error: Invalid suite .*evil\.json: name: must be letters, digits, '\.', '_', '-' or spaces .*a path separator or '\.\.' would write elsewhere\. Got /);
    }
    // Nothing written: not in this folder, not where the names point (other tests write to the shared temp folder, so it is not listed).
    expect(readdirSync(root).filter((f) => f !== 'evil.json')).toEqual(before);
    for (const up of ['results/../../../elsewhere', '../elsewhere', '../../elsewhere', 'results/a', 'results/.hidden']) expect(existsSync(join(root, up)), up).toBe(false);
    expect(existsSync(join(root, 'results'))).toBe(false);
    writeFileSync(evil, JSON.stringify({ name: 'my suite_1.2', datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 2 } }));
    expect((await run('bench', evil, '--jobs', '1')).code).toBe(EXIT_OK);
    expect(readdirSync(join(root, 'results'))).toEqual([expect.stringMatching(/^my suite_1\.2-\d{8}-\d{6}$/)]);
  }, 30_000);

  it('refuses runaway plans with the number and the option, and --max-jobs raises the limit', async () => {
    let r = await run('bench', 'tiny', '--repeats', '1000000000', '--out', 'huge');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: This run would have 4,000,000,000 jobs \('iris': 4,000,000,000\), above the limit of 100,000\. .*--max-jobs N\./m);
    expect(existsSync(join(root, 'huge'))).toBe(false);
    r = await run('bench', 'tiny', '--datasets', 'moons:nSamples=100000000', '--out', 'huge');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: This run's (data and splits would take about|splits\.json would be about)/m);
    r = await run('bench', 'tiny', '--max-jobs', '3', '--out', 'max3');
    expect(r.err).toMatch(/^error: This run would have 4 jobs \('iris': 4\), above the limit of 3\./m);
    expect((await run('bench', 'tiny', '--max-jobs', '4', '--out', 'max4', '--jobs', '1')).code).toBe(EXIT_OK);
    expect((await run('bench', 'tiny', '--max-memory', '0.000001', '--out', 'mem')).err).toMatch(/more than the limit of 0\.000 GiB .*--max-memory GIB/);
    expect((await run('bench', 'tiny', '--max-memory', '0')).err).toMatch(/^error: Option '--max-memory' must be a number of GiB > 0, but got '0'\./);
  }, 30_000);

  it('exits 3 for a file that cannot be written, 2 for bad data (a UTF-16 CSV), 70 for an internal error — never 2 for those', async () => {
    writeFileSync(join(root, 'afile'), 'x');
    let r = await run('bench', 'tiny', '--out', 'afile/out');
    expect(r.code).toBe(EXIT_FILE);
    expect(r.err.split('\n')).toContain(`error: Cannot create the run folder '${join(root, 'afile/out')}': a part of the path is a file, not a folder (ENOTDIR).`);
    const u16 = join(root, 'u16.csv');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b,y\n1,2,x\n3,4,z\n', 'utf16le')]));
    r = await run('bench', 'tiny', '--data', u16, '--target', 'y', '--out', 'u16');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/is encoded as UTF-16 \(little-endian\) .*Save it as UTF-8/);
    // a bug (here: a stream that throws a TypeError) is an internal error with its stack, exit 70
    const io: CliIO = {
      stdout: { write: () => { throw new TypeError('boom'); } },
      stderr: { write: (s: string) => (r.err = s) },
      cwd: root, registryModule, suitesDir, signal: new AbortController().signal,
    };
    expect(await main(['models'], io)).toBe(EXIT_INTERNAL);
    expect(r.err).toMatch(/^mlcompare: internal error \(please report it\): TypeError: boom\n\s+at /);
    // a raw Node I/O error escaping from anywhere becomes a FileError naming its path: exit 3
    const raw = Object.assign(new Error("EACCES: permission denied, open '/x/report.md'"), { code: 'EACCES', syscall: 'open', path: '/x/report.md' });
    io.stdout.write = () => { throw raw; };
    expect(await main(['models'], io)).toBe(EXIT_FILE);
    expect(r.err).toBe("error: Cannot open '/x/report.md': permission denied (EACCES).\n");
  }, 30_000);

  it('--resume refuses a CSV that grew and a suite edited in run.json (exit 2), and resumes the untouched run', async () => {
    const csv = join(root, 'grows.csv');
    const body = readFileSync(new URL('./fixtures/two.csv', import.meta.url), 'utf8');
    writeFileSync(csv, body);
    expect((await run('bench', 'tiny', '--data', csv, '--target', 'label', '--out', 'tied', '--jobs', '1')).code).toBe(EXIT_OK);
    const results = join(root, 'tied', 'results.jsonl');
    writeFileSync(results, readFileSync(results, 'utf8').trim().split('\n').slice(0, 2).join('\n') + '\n');
    writeFileSync(csv, body + body.split('\n').slice(1).join('\n'));
    let r = await run('bench', '--resume', 'tied');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: Cannot resume '.*tied': the data set 'grows' is not the data the run started with — the file .*grows\.csv changed \(80 rows then, 160 now;/m);
    writeFileSync(csv, body);
    const runPath = join(root, 'tied', 'run.json');
    const info = readFileSync(runPath, 'utf8');
    writeFileSync(runPath, info.replace('"seed": 1,', '"seed": 2,'));
    r = await run('bench', '--resume', 'tied');
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: Cannot resume '.*tied': the suite is not the one the run started with/m);
    writeFileSync(runPath, info);
    r = await run('bench', '--resume', 'tied', '--jobs', '1');
    expect(r.code).toBe(EXIT_OK);
    expect(r.err).toMatch(/Resuming .*: 2 of 4 jobs already done, 2 to go\./);
  }, 30_000);

  it("a report that cannot be written is a FileError naming it (exit 3), and no .tmp file is left", async () => {
    expect((await run('bench', 'tiny', '--jobs', '1', '--out', 'rep')).code).toBe(EXIT_OK);
    const dir = join(root, 'rep');
    rmSync(join(dir, 'report.md'));
    mkdirSync(join(dir, 'report.md')); // a folder where the report goes: the rename fails
    const r = await run('report', 'rep');
    expect(r.code).toBe(EXIT_FILE);
    expect(r.err).toMatch(new RegExp(`^error: Cannot write '${dir}/report\\.md': (it is a folder, not a file \\(EISDIR\\)|.*\\(ENOTEMPTY\\)|.*\\(EEXIST\\))\\.$`, 'm'));
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  }, 30_000);
});
