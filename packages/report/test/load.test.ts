import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRun, parseResultsJsonl } from '../src/index.js';
import { FIXTURE_DIR } from './helpers.js';

describe('parseResultsJsonl', () => {
  const text = readFileSync(join(FIXTURE_DIR, 'results.jsonl'), 'utf8');

  it('reads every complete line and skips a torn last line with a warning', () => {
    const { results, warnings } = parseResultsJsonl(text);
    expect(results).toHaveLength(39);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^results\.jsonl: the last line \(40\) is incomplete/);
  });

  it('keeps the last line of a job written twice, in its first position', () => {
    const lines = text.split('\n').slice(0, 3);
    const again = JSON.parse(lines[0]!) as { metrics: Record<string, number> };
    again.metrics.accuracy = 0.5;
    const { results, warnings } = parseResultsJsonl([...lines, JSON.stringify(again)].join('\n'));
    expect(results).toHaveLength(3);
    expect(results[0]!.metrics.accuracy).toBe(0.5);
    expect(warnings).toEqual(['results.jsonl: 1 job(s) appeared more than once; the last line of each was kept.']);
  });

  it('skips a bad line in the middle and names it', () => {
    const lines = text.split('\n').slice(0, 3);
    const { results, warnings } = parseResultsJsonl([lines[0], '{"dataset": 3}', 'nonsense', lines[1]].join('\n'));
    expect(results).toHaveLength(2);
    expect(warnings[0]).toMatch(/^results\.jsonl: line 2 is not a job result \('dataset' must be a string/);
    expect(warnings[1]).toMatch(/^results\.jsonl: line 3 is not valid JSON/);
  });
});

describe('loadRun', () => {
  it('reads results.jsonl and run.json', async () => {
    const run = await loadRun(FIXTURE_DIR);
    expect(run.results).toHaveLength(39);
    expect(run.run?.suiteName).toBe('fixture');
    expect(run.run?.primaryMetric.classification).toBe('accuracy');
  });

  it('throws a DataError naming the folder when there is no results.jsonl', async () => {
    const err = await loadRun('/nonexistent/run').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MLCOMPARE_DATA' });
    expect((err as Error).message).toMatch(/^Argument 'dir' passed to 'loadRun' must be a run folder containing results\.jsonl/);
  });
});
