import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_OK } from '../src/cli.js';
import { readResults } from '../src/store.js';
import { runCli, scratchDir, type CliRun } from './helpers/cli.js';

// The real registry (mlp), as `pnpm mlcompare` runs it.
const registryModule = new URL('../src/registry.ts', import.meta.url).href;
const root = scratchDir('mlcompare-fitnotes-');

const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: root, registryModule });

/** mlp's R² per fold in the "auto" run, compared with the plain run's. */
let autoScores: Array<number | null | undefined> = [];

const read = (dir: string, file: string): string => readFileSync(join(root, dir, file), 'utf8');

describe('training that stopped at its iteration limit is said, with a remedy that runs as printed', () => {
  it('terminal, report.md, report.html and summary.json carry the warning; the suggested item runs', async () => {
    const r = await run('bench', '--datasets', 'diabetes', '--models', 'mlp:hiddenLayerSizes=4,maxIter=2', '--folds', '3', '--jobs', '1', '--out', 'conv');
    expect(r.code).toBe(EXIT_OK);
    const warning = 'mlp(hiddenLayerSizes=4,maxIter=2) stopped at maxIter=2 before converging on diabetes in 3/3 folds; try mlp:hiddenLayerSizes=4,maxIter=10';
    expect(r.out).toContain(`Warning: ${warning}`);
    expect(JSON.parse(read('conv', 'summary.json')).warnings).toContain(warning);
    expect(read('conv', 'report.md')).toContain(`> **Note:** ${warning}`);
    expect(read('conv', 'report.html')).toContain(`<p class="note">${warning}</p>`);
    const lines = readResults(join(root, 'conv', 'results.jsonl')).results;
    expect(lines.map((l) => l.convergence)).toEqual(lines.map(() => ({ converged: false, iterations: 2, param: 'maxIter', limit: 2 })));

    // The remedy, as printed, is a --models item that runs.
    const item = warning.split('; try ')[1]!;
    const again = await run('bench', '--datasets', 'diabetes', '--models', item, '--folds', '3', '--jobs', '1', '--out', 'again');
    expect(again.code).toBe(EXIT_OK);
    const rerun = readResults(join(root, 'again', 'results.jsonl')).results;
    expect(rerun.map((l) => l.params)).toEqual(rerun.map(() => ({ hiddenLayerSizes: [4], maxIter: 10 })));
    expect(rerun.every((l) => l.status === 'ok' && l.convergence?.limit === 10)).toBe(true);
  }, 120_000);
});

describe('scaleTarget: regression targets standardised inside each fold', () => {
  it('"auto" (the default) scales mlp\'s target, not linear\'s; every line records it and the report says so', async () => {
    const r = await run('bench', '--datasets', 'diabetes', '--models', 'mlp:hiddenLayerSizes=4,maxIter=2,linear', '--folds', '3', '--jobs', '1', '--out', 'auto');
    expect(r.code).toBe(EXIT_OK);
    const lines = readResults(join(root, 'auto', 'results.jsonl')).results;
    expect(lines.filter((l) => l.model === 'mlp').map((l) => l.scaledTarget)).toEqual([true, true, true]);
    expect(lines.filter((l) => l.model === 'linear').map((l) => l.scaledTarget)).toEqual([false, false, false]);
    autoScores = lines.filter((l) => l.model === 'mlp').sort((a, b) => a.fold - b.fold).map((l) => l.metrics.r2);
    expect(JSON.parse(read('auto', 'run.json')).suite.scaleTarget).toBe('auto');
    const summary = JSON.parse(read('auto', 'summary.json'));
    expect(summary.targetScaling).toEqual({ setting: 'auto', scaled: [{ dataset: 'diabetes', labels: ['mlp(hiddenLayerSizes=4,maxIter=2)'] }] });
    expect(read('auto', 'report.md')).toMatch(/Regression targets were standardised inside each fold .* for mlp\(hiddenLayerSizes=4,maxIter=2\) on diabetes \(scaleTarget "auto"/);
    expect(r.out).toMatch(/Regression targets were standardised inside each fold/);
  }, 120_000);

  it('"scaleTarget": false gives scikit-learn\'s plain behaviour, recorded and said', async () => {
    const suite = join(root, 'plain.json');
    writeFileSync(suite, JSON.stringify({ name: 'plain', datasets: ['diabetes'], models: ['mlp:hiddenLayerSizes=4,maxIter=2'], resampling: { kind: 'kfold', folds: 3 }, scaleTarget: false }));
    const r = await run('bench', suite, '--jobs', '1', '--out', 'plain');
    expect(r.code).toBe(EXIT_OK);
    const lines = readResults(join(root, 'plain', 'results.jsonl')).results;
    expect(lines.map((l) => l.scaledTarget)).toEqual([false, false, false]);
    // Same folds and seeds as the "auto" run: only the target scaling differs, and so do the scores.
    const plain = lines.sort((a, b) => a.fold - b.fold).map((l) => l.metrics.r2);
    expect(autoScores.length).toBe(3);
    plain.forEach((v, i) => expect(v).not.toBeCloseTo(autoScores[i]!, 3));
    expect(read('plain', 'report.md')).toContain('Regression targets were used as they are (scaleTarget false)');
  }, 120_000);

  it('a bad scaleTarget is refused naming the key, the rule and the value', async () => {
    const suite = join(root, 'bad.json');
    writeFileSync(suite, JSON.stringify({ datasets: ['diabetes'], models: ['linear'], scaleTarget: 'yes' }));
    const r = await run('bench', suite, '--out', 'bad');
    expect(r.code).not.toBe(EXIT_OK);
    expect(r.err).toMatch(/scaleTarget.*must be "auto" .*svm, mlp.*true .*false .*but got 'yes'/s);
  });
});

describe("the report of a user's file is titled by it and carries its data summary", () => {
  it('a column with no name (a pandas row index) is "(no name)" in the data tables, not a blank cell', async () => {
    const rows = [',size,price'];
    for (let i = 0; i < 30; i++) rows.push(`${i},${10 + ((i * 7) % 13)},${3 * i + (i % 5)}`);
    const csv = join(root, 'indexed.csv');
    writeFileSync(csv, rows.join('\n') + '\n');
    const r = await run('bench', '--data', csv, '--target', 'price', '--models', 'dummy', '--folds', '3', '--jobs', '1', '--out', 'indexed');
    expect(r.code).toBe(EXIT_OK);
    expect(read('indexed', 'report.md')).toContain('| (no name) | dropped | row index (pandas to_csv) |');
    expect(read('indexed', 'report.html')).toContain('<tr><td>(no name)</td><td>dropped</td>');
  }, 120_000);

  it('title, columns and their types, dropped and imputed columns, notes: in run.json, report.md and report.html', async () => {
    const rows = ['id,size,colour,price'];
    for (let i = 0; i < 40; i++) rows.push(`H-${1000 + i},${i % 7 === 0 ? '' : 10 + i},${['red', 'green', 'blue'][i % 3]},${3 * i + (i % 5)}`);
    const csv = join(root, 'houses.csv');
    writeFileSync(csv, rows.join('\n') + '\n');
    const r = await run('bench', '--data', csv, '--target', 'price', '--models', 'linear,dummy', '--folds', '3', '--jobs', '1', '--out', 'houses');
    expect(r.code).toBe(EXIT_OK);
    const recorded = JSON.parse(read('houses', 'run.json')).datasets[0].summary;
    expect(recorded.columns.map((c: { name: string; role: string }) => `${c.name}:${c.role}`)).toEqual(['id:dropped', 'size:feature', 'colour:feature', 'price:target']);
    const md = read('houses', 'report.md');
    expect(md.split('\n')[0]).toBe('# mlcompare report — houses');
    expect(md).toContain(`**Data.** From ${csv}: 40 rows read, 40 kept; 2 feature columns, 1 dropped.`);
    expect(md).toMatch(/\| id \| dropped \| .+ \|/);
    expect(md).toContain('| size | numeric | 6 missing: imputed with the training mean inside each fold for models that take no missing values |');
    expect(md).toContain('| colour | categorical, 3 categories (one-hot encoded) |  |');
    const html = read('houses', 'report.html');
    expect(html).toContain('<title>mlcompare report — houses</title>');
    expect(html).toContain('<details class="data"><summary><b>Data</b>: From ');
    // A bundled data set is known: no data section, and the report keeps the suite's name.
    const bundled = await run('bench', '--datasets', 'iris', '--models', 'dummy', '--folds', '3', '--jobs', '1', '--out', 'bundled');
    expect(bundled.code).toBe(EXIT_OK);
    expect(JSON.parse(read('bundled', 'run.json')).datasets[0].summary).toBeUndefined();
    expect(read('bundled', 'report.md').split('\n')[0]).toBe('# mlcompare report — suite default');
  }, 120_000);
});
