/**
 * The command line as users of scikit-learn and pandas type it (issue 12, "The CLI does what its
 * messages say"): every bad list item named, svc/svr, [64,32], --seed -1, --drop/--categorical/
 * --missing/--delimiter on real files, folds that follow the file's bytes and not its name, the
 * models table in a narrow terminal, and the printed resume command for the `mlcompare` bin.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, main, resumeProgram, type CliIO } from '../src/cli.js';
import { joinNegativeValues } from '../src/cli-options.js';
import { datasetCatalog } from '../src/data.js';
import { models } from '../src/registry.js';
import { readResults, readRunInfo } from '../src/store.js';
import { parseSuite } from '../src/suite.js';
import { fitTable, wrapWords } from '../src/text-table.js';

const registryModule = new URL('./fixtures/registry.ts', import.meta.url).href;
const suitesDir = fileURLToPath(new URL('./fixtures/suites/', import.meta.url));
const IRIS_INDEX = fileURLToPath(new URL('../../datasets/test/fixtures/iris-pandas-index.csv', import.meta.url));
const WINE_ALIGNED = fileURLToPath(new URL('../../datasets/test/fixtures/wine-aligned.txt', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mlcompare-usage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(argv: string[], extra: Partial<CliIO> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd: root,
    registryModule,
    suitesDir,
    signal: new AbortController().signal,
    ...extra,
  };
  return { code: await main(argv, io), out, err };
}

describe('lists: every bad item is named', () => {
  it('--models and --datasets name each wrong item with its own hint', async () => {
    const r = await run(['bench', 'tiny', '--models', 'centroyd,dummy,knnn', '--datasets', 'iris']);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toBe(
      "error: 2 of 3 items are wrong:\n  Invalid option '--models' (item 1): Unknown model 'centroyd'. Did you mean 'centroid'? Valid models: badproba, budget, centroid, crashes, dummy, rowprint, sleepy, slow, throws. Run 'mlcompare models' to see them with their parameters.\n" +
        "  Invalid option '--models' (item 3): Unknown model 'knnn'. Valid models: badproba, budget, centroid, crashes, dummy, rowprint, sleepy, slow, throws. Run 'mlcompare models' to see them with their parameters.\n",
    );
    const d = await run(['bench', 'tiny', '--datasets', 'irsi,iris,wnie']);
    expect(d.err).toMatch(/^error: 2 of 3 items are wrong:\n {2}Invalid option '--datasets' \(item 1\): unknown data set 'irsi'\. Did you mean 'iris'\?.*\n {2}Invalid option '--datasets' \(item 3\): unknown data set 'wnie'\. Did you mean 'wine'\?/);
  });
  it('a suite file names each wrong model, data set and metric', async () => {
    const ctx = { source: 's.json', baseDir: root, registry: models, catalog: await datasetCatalog() };
    expect(() => parseSuite({ datasets: ['iris'], models: ['knn'], metrics: ['acuracy', 'r2', 'f1macro'] }, ctx)).toThrow(
      /^2 of 3 items are wrong:\n {2}Invalid suite s\.json: metrics\[0\]: unknown metric 'acuracy'\. Did you mean 'accuracy'\?.*\n {2}Invalid suite s\.json: metrics\[2\]: unknown metric 'f1macro'\. Did you mean 'f1Macro'\?/,
    );
  });
});

describe('model names and list parameters as scikit-learn users write them', () => {
  it('svc, SVR, MLP, KNN name the registry models; [64,32] and 64x32 are one list, [64,32],[8] a grid of two', async () => {
    const ctx = { source: 's.json', baseDir: root, registry: models, catalog: await datasetCatalog() };
    const s = parseSuite({ datasets: ['iris'], models: ['svc', 'KNN:nNeighbors=3', 'MLP:hiddenLayerSizes=[64,32],[8]', 'mlp:hiddenLayerSizes=16x4'] }, ctx);
    expect(s.models.map((m) => [m.model, m.params])).toEqual([
      ['svm', {}],
      ['knn', { nNeighbors: 3 }],
      ['mlp', { hiddenLayerSizes: [64, 32] }],
      ['mlp', { hiddenLayerSizes: [8] }],
      ['mlp', { hiddenLayerSizes: [16, 4] }],
    ]);
    expect(parseSuite({ datasets: ['diabetes'], models: ['svr'] }, ctx).models[0]!.model).toBe('svm');
    expect(() => parseSuite({ datasets: ['iris'], models: ['mlp:hiddenLayerSizes=[64,32'] }, ctx)).toThrow(/'hiddenLayerSizes' parameter of MLP(Classifier|Regressor) must be an array of at least 1 integer/);
  });
  it('on the command line, a name in capitals (DUMMY) starts a new item after a grid', async () => {
    const r = await run(['bench', 'tiny', '--models', 'centroid:jitter=0,2,DUMMY', '--out', 'names', '--jobs', '1']);
    expect(r.code, r.err).toBe(EXIT_OK);
    expect(new Set(readResults(join(root, 'names', 'results.jsonl')).results.map((x) => x.label))).toEqual(new Set(['centroid(jitter=0)', 'centroid(jitter=2)', 'dummy']));
  }, 60_000);
});

describe('--seed', () => {
  it('-1 is a seed: accepted as written, recorded, and other than 1', async () => {
    expect(joinNegativeValues(['--seed', '-1', '--missing', '-999', '--jobs', '2', '--out', '-x'], { seed: { type: 'string' }, missing: { type: 'string' }, jobs: { type: 'string' }, out: { type: 'string' } })).toEqual([
      '--seed=-1',
      '--missing=-999',
      '--jobs',
      '2',
      '--out',
      '-x',
    ]);
    const neg = await run(['bench', 'tiny', '--seed', '-1', '--out', 'seedneg', '--jobs', '1']);
    expect(neg.code, neg.err).toBe(EXIT_OK);
    expect(readRunInfo(join(root, 'seedneg')).seed).toBe(-1);
    expect(neg.err).toMatch(/seed -1,/);
    const pos = await run(['bench', 'tiny', '--seed', '1', '--out', 'seedpos', '--jobs', '1']);
    const seeds = (dir: string): number[] => readResults(join(root, dir, 'results.jsonl')).results.map((x) => x.seed).sort();
    expect(seeds('seedneg')).not.toEqual(seeds('seedpos'));
    expect(pos.code).toBe(EXIT_OK);
    // the report of such a run renders (run.json with seed -1 is valid)
    expect((await run(['report', 'seedneg'])).code).toBe(EXIT_OK);
    // a generator's own seed stays >= 0
    const gen = await run(['bench', 'tiny', '--datasets', 'moons:nSamples=40', '--seed', '-3', '--out', 'seedgen', '--jobs', '1']);
    expect(gen.code, gen.err).toBe(EXIT_OK);
    for (const bad of ['1.5', 'x', '']) expect((await run(['bench', 'tiny', '--seed', bad])).err).toMatch(/^error: Option '--seed' must be an integer \(negative ones too, such as -1\)/);
  }, 90_000);
});

describe('--data with --drop, --categorical, --missing, --delimiter', () => {
  it('reach the CSV reader, repeatable and as comma lists; without --data they are refused', async () => {
    const csv = join(root, 'opts.csv');
    const lines = ['id,zip,score,noise,label'];
    for (let i = 0; i < 40; i++) lines.push(`r${i},${10000 + (i % 4)},${i % 9 === 0 ? -999 : i % 7},${i % 9 === 0 ? 'n.d.' : i},${i % 2 ? 'a' : 'b'}`);
    writeFileSync(csv, lines.join('\n') + '\n');
    const r = await run(['bench', 'tiny', '--data', csv, '--target', 'label', '--drop', 'id,noise', '--categorical', 'zip', '--missing', '-999', '--missing', 'n.d.', '--models', 'dummy', '--out', 'opts', '--jobs', '1']);
    expect(r.code, r.err).toBe(EXIT_OK);
    expect(r.err).toMatch(/Dropped as asked: 'id', 'noise'\./);
    expect(r.err).toMatch(/ {4}zip +categorical, 4 categories, no missing/);
    expect(r.err).toMatch(/ {4}score +numeric, 5 missing \(12\.5 %\)/);
    const suite = readRunInfo(join(root, 'opts')).suite;
    expect(suite.datasets[0]).toMatchObject({ kind: 'csv', drop: ['id', 'noise'], categorical: ['zip'], missing: ['-999', 'n.d.'] });
    for (const o of ['--drop', '--categorical', '--missing']) {
      expect((await run(['bench', 'tiny', o, 'x'])).err).toMatch(new RegExp(`^error: ${o} needs --data FILE`));
    }
    expect((await run(['bench', 'tiny', '--data', csv, '--target', 'label', '--drop', 'id,,noise'])).err).toMatch(/^error: Option '--drop' names a column with an empty name/);
  }, 60_000);
  it('a pandas file with its index and an aligned text file run as they are, the index dropped and said', async () => {
    const r = await run(['bench', 'tiny', '--data', IRIS_INDEX, '--target', 'target', '--models', 'dummy', '--out', 'pandas', '--jobs', '1']);
    expect(r.code, r.err).toBe(EXIT_OK);
    expect(r.err).toMatch(/Column with no name \(the first\) was dropped: it counts the rows 0, 1, …/);
    expect(readRunInfo(join(root, 'pandas')).datasets[0]!.features).toBe(4);
    const w = await run(['bench', 'tiny', '--data', WINE_ALIGNED, '--target', 'target', '--delimiter', 'whitespace', '--models', 'dummy', '--out', 'aligned', '--jobs', '1']);
    expect(w.code, w.err).toBe(EXIT_OK);
    expect(readRunInfo(join(root, 'aligned')).datasets[0]).toMatchObject({ rows: 178, features: 13 });
    expect(readRunInfo(join(root, 'aligned')).suite.datasets[0]).toMatchObject({ delimiter: 'whitespace' });
  }, 60_000);
});

describe('folds and seeds follow the bytes of a CSV file, not its name', () => {
  it('the same file saved as vote.csv and vote-copy.csv gives the same folds and scores; one changed byte other ones', async () => {
    const dir = join(root, 'copies');
    mkdirSync(dir);
    copyFileSync(IRIS_INDEX, join(dir, 'vote.csv'));
    copyFileSync(IRIS_INDEX, join(dir, 'vote-copy.csv'));
    // one value changed in its last digit: other bytes, so other folds
    writeFileSync(join(dir, 'vote-edit.csv'), readFileSync(IRIS_INDEX, 'utf8').replace('\n0,5.1,3.5,1.4,0.2,', '\n0,5.1,3.5,1.4,0.3,'));
    const scores = async (name: string): Promise<{ splits: string; results: string[] }> => {
      const out = `copy-${name}`;
      const r = await run(['bench', 'tiny', '--data', join(dir, name), '--target', 'target', '--models', 'centroid', '--out', out, '--jobs', '1']);
      expect(r.code, r.err).toBe(EXIT_OK);
      const results = readResults(join(root, out, 'results.jsonl')).results.map((x) => `${x.fold} ${x.seed} ${JSON.stringify(x.metrics)}`).sort();
      const splits = JSON.stringify((JSON.parse(readFileSync(join(root, out, 'splits.json'), 'utf8')) as { datasets: Record<string, unknown> }).datasets[name.replace('.csv', '')]);
      return { splits, results };
    };
    const a = await scores('vote.csv');
    const b = await scores('vote-copy.csv');
    const c = await scores('vote-edit.csv');
    expect(b).toEqual(a);
    expect(c.splits).not.toEqual(a.splits);
    expect(c.results.map((l) => l.split(' ')[1])).not.toEqual(a.results.map((l) => l.split(' ')[1]));
    // --help says so
    expect((await run(['bench', '--help'])).out).toMatch(/for a CSV\s+file they derive from its content, not its name/);
  }, 90_000);
});

describe('mlcompare models in a terminal', () => {
  it.each([120, 80, 60, 40])('fits %i columns, and says what it left out', async (columns) => {
    let text = '';
    expect(await main(['models'], { stdout: { write: (s: string) => void (text += s), columns }, stderr: { write: () => undefined }, cwd: root })).toBe(EXIT_OK);
    expect(text.split('\n').filter((l) => [...l].length > columns)).toEqual([]);
    expect(text).toMatch(/^knn +/m);
    if (columns < 100) expect(text).toMatch(new RegExp(`^\\((class and )?package\\s+left\\s+out\\s+to\\s+fit\\s+${columns}\\s+columns`, 'm'));
    // what the table leaves out is said under each model
    expect(text).toMatch(/^knn — KNNClassifier \(classification,\s+@mlcompare\/knn\)/m);
  }, 30_000);
  it("the '… models | cat' it prints runs as printed where it was typed (pnpm mlcompare in the repository, not a bare 'mlcompare')", async () => {
    const repo = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
    const saved = { event: process.env['npm_lifecycle_event'], cwd: process.env['INIT_CWD'] };
    process.env['npm_lifecycle_event'] = 'mlcompare';
    process.env['INIT_CWD'] = repo;
    let text = '';
    try {
      expect(await main(['models'], { stdout: { write: (s: string) => void (text += s), columns: 80 }, stderr: { write: () => undefined }, cwd: root })).toBe(EXIT_OK);
    } finally {
      for (const [k, v] of [['npm_lifecycle_event', saved.event], ['INIT_CWD', saved.cwd]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    const cmd = /and '([^']+)' shows the whole table/.exec(text.replace(/\s+/g, ' '))?.[1];
    expect(cmd).toBe('pnpm mlcompare models | cat');
    const r = spawnSync('sh', ['-c', cmd!], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^name +class +task +proba +scaling +missing +random +package$/m);
  }, 90_000);
  it('a pipe (no width) gets the whole table as before', async () => {
    let text = '';
    expect(await main(['models'], { stdout: { write: (s: string) => void (text += s) }, stderr: { write: () => undefined }, cwd: root })).toBe(EXIT_OK);
    expect(text).toMatch(/^name +class +task +proba +scaling +missing +random +package$/m);
    expect(text).not.toMatch(/left out to fit/);
  }, 30_000);
  it('fitTable: drops the named columns first, wraps the last one under itself, cuts what is left', () => {
    const header = ['a', 'bbbb', 'long'];
    const rows = [['1', 'xx', 'one two three four five six seven eight nine ten']];
    expect(fitTable(header, rows, undefined).text).toBe('a  bbbb  long\n-  ----  ------------------------------------------------\n1  xx    one two three four five six seven eight nine ten\n');
    const wrapped = fitTable(header, rows, 30, { minLast: 10 });
    expect(wrapped.text.split('\n').every((l) => l.length <= 30)).toBe(true);
    expect(wrapped.text).toBe(`a  bbbb  long\n-  ----  ${'-'.repeat(21)}\n1  xx    one two three four\n${' '.repeat(9)}five six seven eight\n${' '.repeat(9)}nine ten\n`);
    const dropped = fitTable(header, rows, 30, { dropFirst: [1], minLast: 25 });
    expect(dropped.hidden).toEqual(['bbbb']);
    expect(dropped.text.split('\n')[0]).toBe('a  long');
    expect(fitTable(['x', 'y'], [['1234567890', 'abcdefghij']], 12, { minLast: 20 }).text.split('\n')[2]).toBe('1234567890 …');
    expect(wrapWords('abcdefghij kl', 4)).toEqual(['abcd', 'efgh', 'ij', 'kl']);
  });
});

describe('the printed resume command works where the run was started', () => {
  const root0 = '/repo';
  const script = ['/usr/bin/node', '--import', 'tsx', '/repo/packages/bench/src/cli.ts'];
  it('pnpm mlcompare in the repository (with --dir elsewhere), mlcompare or npx mlcompare from the bin, else this very program', () => {
    const bins = mkdtempSync(join(root, 'bins-'));
    const global = join(bins, 'global');
    const local = join(bins, 'project', 'node_modules', '.bin');
    mkdirSync(global);
    mkdirSync(local, { recursive: true });
    writeFileSync(join(global, 'mlcompare'), '');
    writeFileSync(join(local, 'mlcompare'), '');
    expect(resumeProgram({ env: { npm_lifecycle_event: 'mlcompare', INIT_CWD: root0 }, startedAs: 'script', root: root0, argv: script })).toBe('pnpm mlcompare');
    expect(resumeProgram({ env: { npm_lifecycle_event: 'mlcompare', INIT_CWD: '/elsewhere' }, startedAs: 'script', root: root0, argv: script })).toBe('pnpm --dir /repo mlcompare');
    expect(resumeProgram({ env: { PATH: `/nothing:${global}` }, startedAs: 'bin', root: root0, argv: script })).toBe('mlcompare');
    expect(resumeProgram({ env: { PATH: `${local}:/nothing` }, startedAs: 'bin', root: root0, argv: script })).toBe('npx mlcompare');
    expect(resumeProgram({ env: { PATH: '/nothing' }, startedAs: 'bin', root: root0, argv: ['/usr/bin/node', '/opt/my tools/bin.js'] })).toBe("/usr/bin/node '/opt/my tools/bin.js'");
    expect(resumeProgram({ env: { PATH: global }, startedAs: 'script', root: root0, argv: script })).toBe('/usr/bin/node --import tsx /repo/packages/bench/src/cli.ts');
  });
  it('@mlcompare/bench declares the bin, built from src/bin.ts with a node shebang', () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin).toEqual({ mlcompare: './dist/bin.js' });
    expect(pkg.files).toContain('dist');
    expect(readFileSync(fileURLToPath(new URL('../src/bin.ts', import.meta.url)), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n[\s\S]*runProgram\('bin'\)/);
  });
});
