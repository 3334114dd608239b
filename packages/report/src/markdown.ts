/**
 * `report.md`: GitHub-flavoured Markdown that also reads well in a terminal.
 */
import { escapeMarkdown as md } from './escape.js';
import { dataMarkdown, dataTitle, runNotes } from './fit-notes.js';
import { formatMs, formatNumber, formatParams, formatStat, metricTitle } from './format.js';
import { tuningSectionMarkdown } from './tuning-section.js';
import type { DatasetSummary, RunSummary, TaskComparison } from './types.js';
import { bayesDatasetMarkdown, bayesTaskMarkdown } from './bayes-section.js';
import { effectCell, effectHeader } from './bayes-words.js';
import {
  NOT_RUN,
  allLabels,
  countsText,
  datasetFacts,
  datasetVerdictText,
  environmentPairs,
  excludedText,
  friedmanText,
  hasScores,
  markCell,
  pairMark,
  reasonText,
  statusText,
  taskVerdictText,
  unavailableText,
  wilcoxonMark,
  wtlText,
  bestRankCount,
} from './words.js';
import { rowParamsText } from './tuning-words.js';

/** A GFM table; cells must already be escaped. */
function table(head: string[], rows: string[][], align?: Array<'l' | 'r'>): string {
  const sep = head.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const bold = (s: string, on: boolean) => (on ? `**${s}**` : s);

/** The leaderboard of one dataset as a Markdown table (with a note on the best marks). */
function leaderboardMarkdown(d: DatasetSummary): string {
  const head = ['#', 'Model', 'Params', ...d.metrics.map((m) => md(metricTitle(m))), 'Fit', 'Predict', 'Backend', 'Status'];
  const align: Array<'l' | 'r'> = ['r', 'l', 'l', ...d.metrics.map(() => 'r' as const), 'r', 'r', 'l', 'l'];
  const rows = d.models.map((r) => [
    r.rank === null ? '–' : formatNumber(r.rank, Number.isInteger(r.rank) ? 0 : 1),
    md(r.label),
    md(rowParamsText(r)),
    ...(hasScores(r)
      ? [
          ...d.metrics.map((m) => bold(formatStat(r.metrics[m]), d.bestLabels[m]?.includes(r.label) ?? false)),
          bold(formatMs(r.fitMs?.mean), d.bestLabels.fitMs?.includes(r.label) ?? false),
          bold(formatMs(r.predictMs?.mean), d.bestLabels.predictMs?.includes(r.label) ?? false),
        ]
      : [...d.metrics, 'fit', 'predict'].map(() => NOT_RUN)),
    r.backend === null ? NOT_RUN : md(r.backend),
    md(statusText(r)),
  ]);
  return table(head, rows, align);
}

function significanceMarkdown(d: DatasetSummary): string {
  const ranked = d.models.filter((r) => r.rank !== null);
  if (ranked.length < 2) return '';
  const head = ['Model', `vs best (${md(d.best ?? '')})`, d.baseline ? `vs baseline (${md(d.baseline)})` : 'vs baseline', 'Wins / ties / losses'];
  const rows = ranked.map((r) => [
    md(r.label),
    r.label === d.best ? '—' : markCell(pairMark(d, r, 'best')),
    d.baseline ? (r.label === d.baseline ? '—' : markCell(pairMark(d, r, 'baseline'))) : 'no baseline in run',
    wtlText(r),
  ]);
  return table(head, rows);
}

function comparisonMarkdown(c: TaskComparison): string {
  const out: string[] = [`## Across datasets — ${c.task} (${md(metricTitle(c.metric))})`, ''];
  if (!c.available) {
    out.push(md(unavailableText(c)), '');
    return out.join('\n');
  }
  out.push(md(taskVerdictText(c)), '');
  const pByLabel = new Map(c.wilcoxonVsBest.map((w) => [w.label, w]));
  const effect = effectHeader(c);
  const head = ['Model', 'Mean rank', ...c.datasets.map(md), 'vs best (Wilcoxon, Holm)', ...(effect ? [md(effect)] : [])];
  const topRanked = bestRankCount(c);
  const rows = c.models.map((l, i) => {
    const w = pByLabel.get(l);
    const wtext = markCell(wilcoxonMark(c, w, i === 0));
    return [md(l), bold(formatNumber(c.meanRanks[i]!, 2), i < topRanked), ...c.ranks.map((r) => formatNumber(r[i]!, Number.isInteger(r[i]!) ? 0 : 1)), wtext, ...(effect ? [md(effectCell(c, l))] : [])];
  });
  out.push(table(head, rows, ['l', 'r', ...c.datasets.map(() => 'r' as const), 'l', 'l']), '');
  out.push(md(friedmanText(c)), '');
  if (c.cliques.length > 0) {
    out.push('Groups with no significant difference (Nemenyi): ' + c.cliques.map((g) => `{${g.map(md).join(', ')}}`).join('; ') + '.', '');
  }
  if (c.excluded.length > 0) {
    out.push('Left out: ' + c.excluded.map((e) => `${md(e.label)} (${md(excludedText(c, e))})`).join('; ') + '.', '');
  }
  const bayes = bayesTaskMarkdown(c);
  if (bayes) out.push(bayes);
  return out.join('\n');
}

/**
 * Renders the summary as GitHub-flavoured Markdown. Every string from the data is escaped
 * (`<`, `|`, backticks, …), so a class named `<script>alert(1)</script>` stays text.
 *
 * @param summary - From {@link summarize}.
 * @returns The content of `report.md`.
 * @example
 * await writeFile(join(dir, 'report.md'), renderMarkdown(summarize(results, run)));
 */
export function renderMarkdown(summary: RunSummary): string {
  const out: string[] = [];
  const byData = dataTitle(summary);
  out.push(`# mlcompare report${byData ? ` — ${md(byData)}` : summary.suiteName ? ` — suite ${md(summary.suiteName)}` : ''}`, '');
  out.push(`${md(countsText(summary))}. Charts (scores, times, decision boundaries, training curves) are in report.html.`, '');
  const notes = runNotes(summary);
  for (const w of notes.warnings) out.push(`> **Note:** ${md(w)}`, '');
  if (notes.scaling) out.push(md(notes.scaling), '');

  // Overview: models × datasets, primary metric mean.
  if (summary.datasets.length > 0) {
    out.push('## Overview', '', 'Mean of each dataset\'s primary metric over folds; **bold** is the best on that dataset.', '');
    const labels = allLabels(summary);
    const head = ['Model', ...summary.datasets.map((d) => `${md(d.name)} (${md(metricTitle(d.primaryMetric))})`)];
    const rows = labels.map((l) => [
      md(l),
      ...summary.datasets.map((d) => {
        const r = d.models.find((m) => m.label === l);
        if (!r) return '';
        const s = r.metrics[d.primaryMetric];
        return s ? bold(formatNumber(s.mean), d.verdict.best.includes(l)) : md(statusText(r));
      }),
    ]);
    out.push(table(head, rows, ['l', ...summary.datasets.map(() => 'r' as const)]), '');
    for (const d of summary.datasets) out.push(`- **${md(d.name)}**: ${md(datasetVerdictText(d, summary.alpha))}`);
    out.push('');
  }

  for (const c of summary.comparisons) out.push(comparisonMarkdown(c));

  for (const d of summary.datasets) {
    out.push(`## ${md(d.name)}`, '', `*${md(datasetFacts(d))}.*`, '', ...dataMarkdown(summary, d.name), md(datasetVerdictText(d, summary.alpha)), '');
    out.push(leaderboardMarkdown(d), '');
    out.push(`Mean ± standard deviation over folds; sorted by ${md(metricTitle(d.primaryMetric))}; **bold** = best in column; n/a = the model cannot give this metric; ${NOT_RUN} = no fold of the model finished. Times are means per fold.`, '');
    const sig = significanceMarkdown(d);
    if (sig) {
      out.push(`Significance on ${md(metricTitle(d.primaryMetric))} (corrected resampled t-test, α = ${summary.alpha}):`, '', sig, '');
    }
    const bayes = bayesDatasetMarkdown(d);
    if (bayes) out.push(bayes);
    const failures = d.models.flatMap((r) => r.reasons.map((x) => `- ${md(r.label)}: ${x.status} on ${x.count} fold${x.count === 1 ? '' : 's'}: ${md(reasonText(x))}`));
    if (failures.length > 0) out.push('Jobs that did not finish:', '', ...failures, '');
  }

  const tuning = tuningSectionMarkdown(summary);
  if (tuning) out.push(tuning);

  out.push('## Environment', '');
  out.push(table(['', ''], environmentPairs(summary).map(([k, v]) => [md(k), md(v)])), '');
  return out.join('\n');
}
