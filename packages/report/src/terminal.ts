/**
 * The leaderboard printed at the end of `mlcompare bench`: plain text, aligned, no colours.
 */
import { stripControl } from './escape.js';
import { runNotes } from './fit-notes.js';
import { formatMs, formatStat, metricTitle } from './format.js';
import { tuningTerminalLines } from './tuning-section.js';
import type { RunSummary } from './types.js';
import { NOT_RUN, datasetVerdictText, hasScores, statusText, taskVerdictText } from './words.js';

/** Most models listed per dataset; the rest are counted (report.md lists every one). */
const MAX_ROWS = 30;

/** Most code points of a verdict sentence (which names models) in the terminal. */
const MAX_VERDICT = 1000;

/** Pads to a display width (counts code points, which is right for the characters used here). */
function pad(s: string, width: number, right: boolean): string {
  const n = [...s].length;
  const fill = ' '.repeat(Math.max(0, width - n));
  return right ? fill + s : s + fill;
}

/** Cuts a string to `max` code points with an ellipsis. */
function cut(s: string, max: number): string {
  const cps = [...s];
  return cps.length <= max ? s : cps.slice(0, max - 1).join('') + '…';
}

/**
 * Renders the main leaderboard of every dataset as aligned plain text: rank, model, the primary
 * metric (mean ± sd), the next two metrics, fit and predict time, and status; `*` marks the best
 * primary score, and the dataset's verdict follows each table. Control characters in the data are
 * removed so a label cannot recolour the terminal. A dataset lists its 30 best-ranked models and
 * counts the others; labels are cut to 40 characters and verdicts to 1,000, with `…`.
 *
 * @param summary - From {@link summarize}.
 * @returns The text, ending with a newline.
 */
export function renderTerminalSummary(summary: RunSummary): string {
  const out: string[] = [];
  for (const d of summary.datasets) {
    const metrics = d.metrics.slice(0, 3);
    const head = ['#', 'model', ...metrics.map(metricTitle), 'fit', 'predict', 'status'];
    const rows = d.models.slice(0, MAX_ROWS).map((r) => [
      r.rank === null ? '-' : String(r.rank),
      cut(stripControl(r.label), 40),
      ...(hasScores(r)
        ? [...metrics.map((m, i) => formatStat(r.metrics[m]) + (i === 0 && d.verdict.best.includes(r.label) ? ' *' : '')), formatMs(r.fitMs?.mean), formatMs(r.predictMs?.mean)]
        : [...metrics, 'fit', 'predict'].map(() => NOT_RUN)),
      cut(stripControl(statusText(r)), 40),
    ]);
    const widths = head.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...r[i]!].length)));
    const right = head.map((_, i) => i === 0 || (i >= 2 && i < head.length - 1));
    const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, right[i]!)).join('  ').trimEnd();
    out.push(`${stripControl(d.name)} (${d.task}, sorted by ${metricTitle(d.primaryMetric)}, mean ± sd over folds, * = best)`);
    out.push(line(head));
    out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) out.push(line(r));
    const more = d.models.length - rows.length;
    if (more > 0) out.push(`… and ${more} more model${more === 1 ? '' : 's'} (report.md and report.html list every one)`);
    out.push(cut(stripControl(datasetVerdictText(d, summary.alpha)), MAX_VERDICT), '');
  }
  for (const c of summary.comparisons) {
    if (!c.available) continue;
    out.push(cut(stripControl(`Across ${c.task} datasets: ${taskVerdictText(c)}`), MAX_VERDICT), '');
  }
  const notes = runNotes(summary);
  for (const w of notes.warnings) out.push(cut(stripControl(`Warning: ${w}`), MAX_VERDICT));
  if (notes.scaling) out.push(cut(stripControl(notes.scaling), MAX_VERDICT));
  if (notes.warnings.length > 0 || notes.scaling) out.push('');
  const tuning = tuningTerminalLines(summary);
  if (tuning.length > 0) out.push(...tuning.map((l) => cut(l, MAX_VERDICT)), '');
  return out.join('\n');
}
