/**
 * What users run first: the real model registry, every suite shipped in `benchmarks/suites`, and a
 * small real run of `quick` through the CLI with the default registry (no test registry).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_OK, defaultSuitesDir } from '../src/cli.js';
import { datasetCatalog } from '../src/data.js';
import { models } from '../src/registry.js';
import { readResults } from '../src/store.js';
import { parseSuite } from '../src/suite.js';
import { runCli, scratchDir, type CliRun } from './helpers/cli.js';

const root = scratchDir('mlcompare-shipped-');

/** The CLI with the default registry and the repository's suites (what `pnpm mlcompare` runs). */
const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: root });

describe('the real registry', () => {
  it('has one spec per (name, task), each creating its class with default parameters that round-trip', () => {
    expect(models.length).toBeGreaterThanOrEqual(14);
    const keys = models.map((s) => `${s.name}/${s.task}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of models) {
      const m = s.create({});
      expect(m.constructor.name, s.name).toBe(s.className);
      // The spec's parameters are the model's parameters, with their declared defaults.
      expect(Object.keys(m.getParams()).sort(), s.name).toEqual(Object.keys(s.params).sort());
      for (const [k, d] of Object.entries(s.params)) expect(m.getParams()[k], `${s.name}.${k}`).toEqual(d.default);
    }
    for (const family of ['dummy', 'linear', 'knn', 'svm', 'cart', 'mlp']) expect(models.some((s) => s.name === family), family).toBe(true);
  });

  it("is what 'mlcompare models' lists by default", async () => {
    const r = await run('models');
    expect(r.code).toBe(EXIT_OK);
    for (const s of models) expect(r.out, s.className).toMatch(new RegExp(`^${s.name}\\s+${s.className}\\s+${s.task}`, 'm'));
  });
});

describe('the shipped suites', () => {
  const dir = defaultSuitesDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('are all found', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['boundaries.json', 'default.json', 'quick.json', 'scaling.json']));
  });

  it('each parses and validates against the real registry and data catalogue', async () => {
    const catalog = await datasetCatalog();
    for (const f of files) {
      const source = join(dir, f);
      const suite = parseSuite(JSON.parse(readFileSync(source, 'utf8')), { source, baseDir: dir, registry: models, catalog });
      expect(suite.name, f).toBe(f.replace(/\.json$/, ''));
      expect(suite.datasets.length, f).toBeGreaterThan(0);
      expect(suite.models.length, f).toBeGreaterThan(0);
    }
  });

  it("'quick' on one data set with 2 folds runs to the end with every job ok and writes the reports", async () => {
    const r = await run('bench', 'quick', '--datasets', 'iris', '--folds', '2', '--jobs', '1', '--out', 'quick');
    expect(r.err).not.toMatch(/error/i);
    expect(r.code).toBe(EXIT_OK);
    const results = readResults(join(root, 'quick', 'results.jsonl')).results;
    // quick's classification models on iris (linear is regression-only), 2 folds each.
    const labels = [...new Set(results.map((x) => x.label))].sort();
    expect(labels).toEqual(['cart', 'dummy', 'knn', 'logistic', 'svm']);
    expect(results).toHaveLength(10);
    expect(results.every((x) => x.status === 'ok')).toBe(true);
    for (const f of ['run.json', 'summary.json', 'report.md', 'report.html', 'results.csv']) expect(existsSync(join(root, 'quick', f)), f).toBe(true);
    expect(r.out).toMatch(/^iris \(classification, sorted by Accuracy/m);
  }, 120_000);
});
