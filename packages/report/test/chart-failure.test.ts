/**
 * A chart vega cannot draw is left out with a note, and every report is still written (issue 11).
 * vega is made to fail on the score charts only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { renderHtml, summarize, writeReports } from '../src/index.js';
import { copyFixture, FIXTURE_DIR } from './helpers.js';
import { loadRun } from '../src/load.js';

vi.mock('../src/charts.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/charts.js')>();
  return {
    ...real,
    renderVegaLite: async (spec: Parameters<typeof real.renderVegaLite>[0], warnings?: string[]) => {
      const title = (spec as { title?: { text?: string } }).title?.text ?? '';
      if (title.endsWith(' per model')) throw new RangeError('Maximum call stack size exceeded');
      return real.renderVegaLite(spec, warnings);
    },
  };
});

describe('a chart that cannot be drawn', () => {
  it('is a note in the page, and the other charts are drawn', async () => {
    const { results, run, warnings } = await loadRun(FIXTURE_DIR);
    const sink: string[] = [];
    const html = await renderHtml(summarize(results, run, { warnings }), results, { chartWarnings: sink });
    // 3 datasets: their score charts are notes; 1 CD, 1 triangle plot, 3 time, 1 boundary, 3 curve charts are drawn.
    expect(html.match(/<p class="note chart-missing">The score chart of [a-z]+ could not be drawn \(RangeError: Maximum call stack size exceeded\), so it is left out; the tables hold its numbers\.<\/p>/g)).toHaveLength(3);
    expect(html.match(/<svg /g)).toHaveLength(9);
    expect(sink.filter((w) => w.startsWith('error: the score chart of'))).toHaveLength(3);
    expect(html).toContain('<footer>');
    // The summary's Bayesian signed-rank tests (50,000 samples a pair) and vega on a shared machine.
  }, 20_000);

  it('does not stop writeReports: every file is written', async () => {
    const dir = copyFixture();
    const { files } = await writeReports(dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['summary.json', 'results.csv', 'report.md', 'report.html']);
    for (const f of files) expect(existsSync(f)).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('chart-missing');
  });
});
