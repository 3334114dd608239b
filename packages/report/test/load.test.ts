import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRun } from '../src/index.js';
import { FIXTURE_DIR, copyFixture } from './helpers.js';

describe('loadRun', () => {
  it('reads results.jsonl and run.json, and warns about the torn last line it left out', async () => {
    const run = await loadRun(FIXTURE_DIR);
    expect(run.results).toHaveLength(39);
    expect(run.run?.suiteName).toBe('fixture');
    expect(run.run?.primaryMetric.classification).toBe('accuracy');
    expect(run.warnings).toEqual([expect.stringMatching(/^results\.jsonl: the last line \(40\) is incomplete/)]);
  });

  it("warns about every line core's parser does not count (bad JSON, schema violation, later duplicate), with its line number", async () => {
    const dir = copyFixture();
    const lines = readFileSync(join(FIXTURE_DIR, 'results.jsonl'), 'utf8').split('\n').slice(0, 3);
    const again = JSON.parse(lines[0]!) as { metrics: Record<string, number> };
    again.metrics.accuracy = 0.5;
    writeFileSync(join(dir, 'results.jsonl'), [lines[0], '{"dataset": 3}', 'nonsense', lines[1], JSON.stringify(again), lines[2], ''].join('\n'));
    const run = await loadRun(dir);
    expect(run.results).toHaveLength(3);
    // the first line of a job wins
    expect(run.results[0]!.metrics.accuracy).not.toBe(0.5);
    expect(run.warnings).toEqual([
      expect.stringMatching(/^results\.jsonl: line 2 is not a valid job result \('schema' must be 1/),
      expect.stringMatching(/^results\.jsonl: line 3 is not valid JSON/),
      expect.stringMatching(/^results\.jsonl: line 5 repeats job 'iris\/dummy\/r0\/f0' of line 1; the first line is kept\.$/),
    ]);
  });

  it('throws a DataError naming the file and the field when run.json is not a valid run description', async () => {
    const dir = copyFixture();
    const info = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...info, primaryMetric: { classification: 'accuracy' } }));
    const err = await loadRun(dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MLCOMPARE_DATA' });
    expect((err as Error).message).toMatch(/run\.json' is not a valid run description: 'primaryMetric\.regression' must be a string, got undefined\./);
  });

  it('throws a DataError naming the folder when there is no results.jsonl', async () => {
    const err = await loadRun('/nonexistent/run').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MLCOMPARE_DATA' });
    expect((err as Error).message).toMatch(/^Argument 'dir' passed to 'loadRun' must be a run folder containing results\.jsonl/);
  });
});
