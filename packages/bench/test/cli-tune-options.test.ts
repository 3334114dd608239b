/**
 * `--tune`, `--budget`, `--inner-folds`, `--inner-shuffle` and `--space` over a suite file's own
 * `"tune"` (cli.ts's `tuneOptions`): each option replaces only its part, the rest of the suite's
 * settings stay, and what was asked is what run.json records. Written against the mutants of
 * `tuneOptions` that survived `pnpm mutation packages/bench/src/cli.ts:…` (see MUTATION.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TuneSpec } from '@mlcompare/core';
import { EXIT_OK, EXIT_USAGE } from '../src/cli.js';
import { readRunInfo } from '../src/store.js';
import { FIXTURE_REGISTRY, FIXTURE_SUITES, runCli, scratchDir, type CliRun } from './helpers/cli.js';

const root = scratchDir('mlcompare-tuneopts-');
const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: root, registryModule: FIXTURE_REGISTRY, suitesDir: FIXTURE_SUITES });

/** Writes a suite file (small generated data, 2 folds) with this `"tune"`; returns its path. */
function suiteWith(name: string, tune: unknown, models: string[] = ['centroid']): string {
  const path = join(root, `${name}.json`);
  writeFileSync(path, JSON.stringify({ name, datasets: ['moons:nSamples=30'], models, resampling: { kind: 'kfold', folds: 2 }, seed: 1, ...(tune !== undefined && { tune }) }));
  return path;
}

/** The tuned entries' `tune` of a finished run, by model. */
function tunes(out: string): Record<string, TuneSpec> {
  const entries = readRunInfo(join(root, out)).suite.models.filter((m) => m.tune !== undefined);
  return Object.fromEntries(entries.map((m) => [m.model, m.tune!]));
}

/** The `error: …` line of a refused command. */
function errorLine(r: CliRun): string {
  expect(r.code).toBe(EXIT_USAGE);
  return r.err.trim().split('\n').find((l) => l.startsWith('error: '))!.slice('error: '.length);
}

const jitter = (...values: number[]) => ({ jitter: { kind: 'values', values } });

describe('tuning options over the suite file\'s "tune"', () => {
  it('--inner-folds alone replaces the suite\'s folds; its strategy, budget, shuffle and space stay', async () => {
    const s = suiteWith('keep', { strategy: 'grid', budget: { evals: 1 }, inner: { folds: 3, shuffle: true }, space: { centroid: 'jitter=0,50' } });
    const r = await run('bench', s, '--inner-folds', '2', '--jobs', '1', '--out', 'keep');
    expect(r.code, r.err).toBe(EXIT_OK);
    expect(tunes('keep')).toEqual({
      centroid: { strategy: 'grid', budget: { evals: 1 }, inner: { kind: 'kfold', folds: 2, shuffle: true }, metric: 'primary', space: jitter(0, 50) },
    });
  }, 60_000);

  it('--inner-shuffle keeps the suite\'s folds; --space replaces one model\'s space and keeps the others\'; --budget and --tune replace theirs', async () => {
    const s = suiteWith(
      'merge',
      { strategy: 'grid', inner: { folds: 2, shuffle: false }, space: { centroid: 'jitter=0,50', dummy: 'strategy=prior,stratified' } },
      ['centroid', 'dummy'],
    );
    const r = await run('bench', s, '--inner-shuffle', '--space', 'dummy:strategy=prior', '--tune', 'random', '--budget', '2', '--jobs', '1', '--out', 'merge');
    expect(r.code, r.err).toBe(EXIT_OK);
    const inner = { kind: 'kfold', folds: 2, shuffle: true };
    expect(tunes('merge')).toEqual({
      centroid: { strategy: 'random', budget: { evals: 2 }, inner, metric: 'primary', space: jitter(0, 50) },
      dummy: { strategy: 'random', budget: { evals: 2 }, inner, metric: 'primary', space: { strategy: { kind: 'values', values: ['prior'] } } },
    });
  }, 60_000);

  it('without a suite "tune": --inner-folds does not shuffle, and the model before the colon of --space is trimmed', async () => {
    const s = suiteWith('plain', undefined);
    const r = await run('bench', s, '--tune', 'grid', '--inner-folds', '2', '--space', ' centroid :jitter=0,50', '--jobs', '1', '--out', 'plain');
    expect(r.code, r.err).toBe(EXIT_OK);
    expect(tunes('plain')).toEqual({
      centroid: { strategy: 'grid', budget: { evals: 2 }, inner: { kind: 'kfold', folds: 2, shuffle: false }, metric: 'primary', space: jitter(0, 50) },
    });
  }, 60_000);

  it("without a tuning option, a bad \"tune\" in the suite file is blamed on the file, not on --tune", async () => {
    const s = suiteWith('badtune', { strategy: 'bayes' });
    expect(errorLine(await run('bench', s, '--jobs', '1', '--out', 'badtune'))).toMatch(
      /^Invalid suite .*badtune\.json: tune\.strategy: must be one of 'grid', 'random', 'halving', 'tpe', but got 'bayes'\.$/,
    );
  }, 60_000);

  it('--budget leaves the suite\'s "inner" alone: a bad one is still refused', async () => {
    const s = suiteWith('badinner', { strategy: 'grid', inner: 'kfold', space: { centroid: 'jitter=0,50' } });
    expect(errorLine(await run('bench', s, '--budget', '2', '--jobs', '1', '--out', 'badinner'))).toMatch(/: must be an object such as \{ "kind": "kfold", "folds": 3, "shuffle": false \}, but got 'kfold'\.$/);
  }, 60_000);

  it('--inner-shuffle alone needs a strategy; --space needs a model before its colon', async () => {
    expect(errorLine(await run('bench', 'tiny', '--inner-shuffle', '--out', 'x'))).toBe(
      '--inner-shuffle sets how models are tuned, but no strategy is given: add --tune with one of grid, random, halving, tpe (or a "tune" object in the suite), as in',
    );
    expect(errorLine(await run('bench', 'tiny', '--tune', 'grid', '--space', ':jitter=1', '--out', 'x'))).toBe("Option '--space' must be MODEL:SPACE (such as 'knn:nNeighbors=1,5,15'), but got ':jitter=1'.");
  }, 60_000);
});

describe('a malformed "tune" in the suite is refused, whatever options are given with it', () => {
  // Merging the options into a fresh object used to drop a malformed suite value without a word
  // (a random search ran on a suite whose "tune" was the string "grid").
  it('"tune": "grid" with --budget 2 is an error naming "tune", and nothing runs', async () => {
    const s = suiteWith('badtune', 'grid');
    const r = await run('bench', s, '--budget', '2', '--jobs', '1', '--out', 'badtune');
    expect(r.code).not.toBe(EXIT_OK);
    expect(r.err).toMatch(/tune/);
    expect(r.err).toMatch(/grid/);
  }, 60_000);

  it('"tune": null and "tune": ["grid"] with --budget 2 are refused as the file\'s, not replaced by the options', async () => {
    for (const [name, bad, shown] of [
      ['nulltune', null, 'null'],
      ['arraytune', ['grid'], "['grid']"],
    ] as const) {
      const line = errorLine(await run('bench', suiteWith(name, bad), '--budget', '2', '--jobs', '1', '--out', name));
      expect(line).toMatch(new RegExp(`^Invalid suite .*${name}\\.json: tune: must be an object such as .*, but got ${shown.replace(/[[\]]/g, '\\$&')}\\.$`));
    }
  }, 60_000);

  it('"inner": "kfold" with --inner-folds 2, and "space": "x" with --space, are errors naming the bad value', async () => {
    const a = suiteWith('badinner', { strategy: 'grid', inner: 'kfold', space: { centroid: 'jitter=0,50' } });
    const ra = await run('bench', a, '--inner-folds', '2', '--jobs', '1', '--out', 'badinner');
    expect(ra.code).not.toBe(EXIT_OK);
    expect(ra.err).toMatch(/kfold/);
    const b = suiteWith('badspace', { strategy: 'grid', space: 'jitter=0,50' });
    const rb = await run('bench', b, '--space', 'centroid:jitter=0,50', '--jobs', '1', '--out', 'badspace');
    expect(rb.code).not.toBe(EXIT_OK);
    expect(rb.err).toMatch(/space/);
  }, 60_000);
});

describe('a bad value is blamed on where it was written', () => {
  it('the suite file\'s bad "inner" is the file\'s, not --tune\'s or --budget\'s; a bad --budget is --budget\'s', async () => {
    const s = suiteWith('blame', { strategy: 'grid', inner: { folds: 2, shuffle: 'yes' } });
    const line = errorLine(await run('bench', s, '--budget', '2', '--tune', 'random', '--out', 'blame'));
    expect(line).not.toMatch(/--tune|--budget/);
    expect(line).toMatch(/tune\.inner/);
    const bad = errorLine(await run('bench', suiteWith('blame2', { strategy: 'grid' }), '--budget', '0', '--out', 'blame2'));
    expect(bad).toMatch(/--budget/);
  }, 60_000);
});

describe('each tuning option is blamed for its own bad value, the suite file for its own', () => {
  it('--tune: a bad strategy names --tune, with or without a suite "tune"', async () => {
    expect(errorLine(await run('bench', 'tiny', '--tune', 'bayes', '--out', 'x'))).toBe(
      "Invalid option '--tune': must be one of 'grid', 'random', 'halving', 'tpe', but got 'bayes'.",
    );
    const s = suiteWith('tunebad', { strategy: 'grid', space: { centroid: 'jitter=0,50' } });
    expect(errorLine(await run('bench', s, '--tune', 'bayes', '--out', 'x'))).toBe(
      "Invalid option '--tune': must be one of 'grid', 'random', 'halving', 'tpe', but got 'bayes'.",
    );
  }, 60_000);

  it('--tune without a suite "tune" answers for what no option wrote (a model without a default space)', async () => {
    expect(errorLine(await run('bench', 'tiny', '--tune', 'grid', '--out', 'x'))).toMatch(/^Invalid option '--tune': 'centroid' has no default search space: /);
  }, 60_000);

  it('a suite "tune" answers for what no option wrote, though an option is given beside it (a model without a default space)', async () => {
    const s = suiteWith('nospace', { strategy: 'grid' });
    const line = errorLine(await run('bench', s, '--budget', '2', '--out', 'x'));
    expect(line).toMatch(/^Invalid suite .*nospace\.json: tune\.space\.centroid: 'centroid' has no default search space: /);
    expect(line).not.toMatch(/--tune|--budget/);
  }, 60_000);

  it('--budget: a bad budget names --budget, also over a suite "tune"', async () => {
    const s = suiteWith('budgetbad', { strategy: 'halving', space: { centroid: 'jitter=0,50' } });
    expect(errorLine(await run('bench', s, '--budget', '5s', '--out', 'x'))).toMatch(/^Invalid option '--budget': successive halving takes a number of evaluations/);
    expect(errorLine(await run('bench', 'tiny', '--tune', 'grid', '--budget', 'abc', '--space', 'centroid:jitter=1', '--out', 'x'))).toMatch(/^Invalid option '--budget': a budget must be/);
  }, 60_000);

  it("--inner-folds: a bad count names --inner-folds; a bad suite \"inner\" beside it names the file", async () => {
    expect(errorLine(await run('bench', 'tiny', '--tune', 'grid', '--inner-folds', '1', '--out', 'x'))).toBe("Option '--inner-folds' must be an integer >= 2, but got '1'.");
    const s = suiteWith('innerkind', { strategy: 'grid', inner: { kind: 'loo', folds: 3 }, space: { centroid: 'jitter=0,50' } });
    const line = errorLine(await run('bench', s, '--inner-folds', '2', '--out', 'x'));
    expect(line).toMatch(/^Invalid suite .*innerkind\.json: tune\.inner\.kind: must be 'kfold'/);
  }, 60_000);

  it('--space: a bad space names --space, with or without a suite "tune"; so does a model not in the suite', async () => {
    const rule = "the 'jitter' parameter must be an integer in [0, Infinity). Got '-5' instead.";
    expect(errorLine(await run('bench', 'tiny', '--tune', 'grid', '--space', 'centroid:jitter=-5', '--out', 'x'))).toBe(`Invalid option '--space': ${rule}`);
    const s = suiteWith('spacebad', { strategy: 'grid', space: { centroid: 'jitter=1', dummy: 'strategy=prior' } }, ['centroid', 'dummy']);
    expect(errorLine(await run('bench', s, '--space', 'centroid:jitter=-5', '--out', 'x'))).toBe(`Invalid option '--space': ${rule}`);
    expect(errorLine(await run('bench', s, '--space', 'knn:k=1', '--out', 'x'))).toBe("Invalid option '--space': 'knn' is not a model of this suite. Its models: centroid, dummy.");
  }, 60_000);

  it("a bad space the suite file wrote names the file and the model, though --space gives another model's", async () => {
    const s = suiteWith('spacefile', { strategy: 'grid', space: { centroid: 'jitter=-5' } }, ['centroid', 'dummy']);
    expect(errorLine(await run('bench', s, '--space', 'dummy:strategy=prior', '--out', 'x'))).toMatch(
      /^Invalid suite .*spacefile\.json: tune\.space\.centroid: the 'jitter' parameter must be an integer/,
    );
  }, 60_000);
});

describe('the commands the messages suggest run as printed', () => {
  /** The words a POSIX shell makes of `text` (quotes removed), without running anything but printf. */
  function shellWords(text: string): string[] {
    return execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${text}`], { encoding: 'utf8' }).split('\0').slice(0, -1);
  }

  it('a tuning option without a strategy: the suggested command (quoted where needed) runs and tunes', async () => {
    const r = await run('bench', 'tiny', '--budget', '2', '--space', "centroid: jitter=0,50 ", '--jobs', '1', '--out', "it's out");
    expect(r.code).toBe(EXIT_USAGE);
    // the line after the message: this program as it was started here (node and the script under Vitest), then bench's arguments
    const lines = r.err.split('\n');
    const printed = lines[lines.findIndex((l) => l.endsWith(', as in')) + 1]!.trim();
    expect(printed).toMatch(/ bench tiny --budget 2 --space 'centroid: jitter=0,50 ' --jobs 1 --out 'it'\\''s out' --tune random$/);
    const argv = shellWords(printed);
    const again = await run(...argv.slice(argv.indexOf('bench')));
    expect(again.code, again.err).toBe(EXIT_OK);
    expect(existsSync(join(root, "it's out", 'results.jsonl'))).toBe(true);
    expect(tunes("it's out")).toEqual({
      centroid: { strategy: 'random', budget: { evals: 2 }, inner: { kind: 'kfold', folds: 3, shuffle: false }, metric: 'primary', space: jitter(0, 50) },
    });
  }, 60_000);

  it('a model without a default space: the suggested --space value is one it takes', async () => {
    const line = errorLine(await run('bench', 'tiny', '--tune', 'grid', '--out', 'x'));
    const value = /as --space '([^']+)'/.exec(line)![1]!;
    expect(value).toBe('centroid:jitter=1');
    const again = await run('bench', 'tiny', '--tune', 'grid', '--space', value, '--jobs', '1', '--out', 'suggested');
    expect(again.code, again.err).toBe(EXIT_OK);
  }, 60_000);
});
