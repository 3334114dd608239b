/**
 * Long and hostile names in the summary, the reports and the terminal (issue 11): a 10 MB label
 * is shortened for display with a note, the jobs keep it whole; escape sequences never reach the
 * terminal.
 */
import { describe, expect, it } from 'vitest';
import type { JobResult } from '@mlcompare/core';
import { renderCsv, renderHtml, renderMarkdown, renderTerminalSummary, summarize } from '../src/index.js';
import { MAX_NAME_LENGTH, shortMessage, shortName } from '../src/names.js';
import { jobsOf } from './helpers.js';

const ESC = '\u001b';
const BEL = '\u0007';
/** Retitles the terminal window, then clears the screen. */
const PWN = `${ESC}]0;pwned${BEL}${ESC}[2J`;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('shortName', () => {
  it('keeps names up to the limit and shortens longer ones with their length and a hash', () => {
    const atLimit = 'n'.repeat(MAX_NAME_LENGTH);
    expect(shortName(atLimit)).toBe(atLimit);
    const long = 'n'.repeat(MAX_NAME_LENGTH + 1);
    expect(shortName(long)).toMatch(new RegExp(`^n{${MAX_NAME_LENGTH - 31}}… \\[${MAX_NAME_LENGTH + 1} characters, #[0-9a-f]{8}\\]$`));
  });

  it('keeps two long names that share their beginning apart', () => {
    const a = 'x'.repeat(500) + 'a';
    const b = 'x'.repeat(500) + 'b';
    expect(shortName(a)).not.toBe(shortName(b));
    expect(shortName(a)).toBe(shortName(a));
  });

  it('cuts a long failure message and says how long it was', () => {
    expect(shortMessage('short')).toBe('short');
    expect(shortMessage('e'.repeat(3000))).toMatch(/^e{1999}… \[3000 characters\]$/);
  });
});

describe('a 10 MB label', { timeout: 30_000 }, () => {
  const huge = 'L'.repeat(10 * 1024 * 1024);
  const twin = 'L'.repeat(10 * 1024 * 1024 - 1) + 'M';
  const jobs: JobResult[] = jobsOf('iris', 'classification', { [huge]: [0.9, 0.92, 0.91], [twin]: [0.5, 0.52, 0.51], dummy: [0.3, 0.33, 0.31] });
  jobs.push({ ...jobs[0]!, jobId: 'iris|err', fold: 3, status: 'error', metrics: {}, error: `FitError: ${'E'.repeat(5 * 1024 * 1024)}` });
  const summary = summarize(jobs, null);

  it('is shortened in summary.json, which says so, while the results keep it whole', () => {
    const json = JSON.stringify(summary);
    expect(json.length).toBeLessThan(50_000);
    const labels = summary.datasets[0]!.models.map((m) => m.label);
    expect(labels).toEqual([shortName(huge), shortName(twin), 'dummy']);
    expect(labels[0]).toMatch(/^L+… \[10485760 characters, #[0-9a-f]{8}\]$/);
    expect(summary.warnings).toContain(
      `2 names are longer than ${MAX_NAME_LENGTH} characters (model labels, dataset names, class labels): the summary and the reports show their beginning with the length and a hash; results.jsonl keeps them whole.`,
    );
    expect(summary.datasets[0]!.models[0]!.reasons[0]!.message).toMatch(/ \[5242890 characters\]$/);
    expect(renderCsv(jobs)).toContain(huge);
  });

  it('is shortened in the terminal table, the Markdown and the page', async () => {
    expect(renderTerminalSummary(summary).length).toBeLessThan(5_000);
    expect(renderMarkdown(summary).length).toBeLessThan(50_000);
    const html = await renderHtml(summary, jobs);
    expect(html.length).toBeLessThan(400_000);
    expect(html).not.toContain('chart-missing');
  }, 60_000);
});

describe('the terminal table of 1,200 models', () => {
  it('lists the 30 best-ranked models per dataset, counts the others and cuts the verdict', () => {
    const scores: Record<string, number[]> = {};
    for (let m = 0; m < 1200; m++) scores[`knn(nNeighbors=${m + 1})`] = [0.9 - m / 2000];
    const text = renderTerminalSummary(summarize(jobsOf('iris', 'classification', scores), null));
    const lines = text.split('\n');
    expect(lines.length).toBeLessThan(45);
    expect(lines.filter((l) => /^\s*\d+ +knn\(/.test(l))).toHaveLength(30);
    expect(text).toContain('… and 1170 more models (report.md and report.html list every one)');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(1000);
  });
});

describe('escape sequences in names, for the terminal', () => {
  it('never reach the terminal table, from a label, a dataset name or a verdict', () => {
    const jobs = jobsOf(`iris${PWN}`, 'classification', { [`svm${PWN}`]: [0.9, 0.92, 0.91], [`knn\u009b2J${ESC}]2;t${ESC}\\`]: [0.5, 0.52, 0.51], dummy: [0.3, 0.33, 0.31] });
    const text = renderTerminalSummary(summarize(jobs, null));
    expect(text).not.toMatch(CONTROL);
    expect(text).not.toContain('pwned');
    expect(text).toContain('iris (classification');
    expect(text).toMatch(/\n\s*1 +svm +0\.910/);
    expect(text).toMatch(/\n\s*2 +knn +0\.510/);
  });
});
