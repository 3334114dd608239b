/**
 * The report's sections on whether differences matter (issue 13), in Markdown and HTML: per dataset
 * the Bayesian correlated t-test of each model against the best; across datasets the Bayesian
 * signed-rank matrix, the triangle plots and the test autorank chooses. Sentences come from
 * `bayes-words.ts`, numbers from the summary; every string from the data is escaped here.
 */
import { escapeHtml as h, escapeMarkdown as md } from './escape.js';
import { metricTitle } from './format.js';
import type { BayesProbabilities, DatasetSummary, TaskComparison } from './types.js';
import { autorankText, outcomeWord, probTexts, ropeText } from './bayes-words.js';

/** `0.12 / 0.80 / 0.08`: P(row better) / P(equivalent) / P(column better). */
function triple(p: BayesProbabilities): string {
  const t = probTexts(p);
  return `${t.better} / ${t.equivalent} / ${t.worse}`;
}

/** A GFM table; cells must already be escaped. */
function mdTable(head: string[], rows: string[][], align: Array<'l' | 'r'>): string {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** The caption of a dataset's Bayesian table. */
function datasetCaption(d: DatasetSummary): string {
  const b = d.bayes!;
  return `Practical equivalence with ${b.reference} (Bayesian correlated t-test, ${ropeText(b.rope, d.primaryMetric)}; Nadeau–Bengio correlation ρ = ${b.testFraction.toFixed(3)}, the test share of the rows)`;
}

/** The rows of a dataset's Bayesian table: model, P(better), P(equivalent), P(worse), [ROPE], most probable. */
function datasetRows(d: DatasetSummary): string[][] {
  const b = d.bayes!;
  const perPair = b.rope.mode === 'autorank';
  return [
    ...b.pairs.map((p) => [
      p.label,
      ...((t) => [t.better, t.equivalent, t.worse])(probTexts(p)),
      ...(perPair ? [`±${Number(p.rope.toPrecision(3))}`] : []),
      outcomeWord(p.outcome),
    ]),
    ...b.untested.map((l) => [l, '', '', '', ...(perPair ? [''] : []), 'no test (fewer than 2 paired folds)']),
  ];
}

function datasetHead(d: DatasetSummary): string[] {
  return ['Model', 'P(better)', 'P(equivalent)', 'P(worse)', ...(d.bayes!.rope.mode === 'autorank' ? ['ROPE'] : []), 'Most probable'];
}

/**
 * A dataset's Bayesian table in Markdown, or '' when no model was compared with the best.
 *
 * @param d - The dataset.
 */
export function bayesDatasetMarkdown(d: DatasetSummary): string {
  if (!d.bayes || d.bayes.pairs.length + d.bayes.untested.length === 0) return '';
  const head = datasetHead(d);
  const rows = datasetRows(d).map((r) => [md(r[0]!), ...r.slice(1).map(md)]);
  return `${md(datasetCaption(d))}:\n\n${mdTable(head, rows, head.map((_, i) => (i >= 1 && i <= 3 ? 'r' : 'l')))}\n`;
}

/**
 * A dataset's Bayesian table in HTML, or '' when no model was compared with the best.
 *
 * @param d - The dataset.
 */
export function bayesDatasetHtml(d: DatasetSummary): string {
  if (!d.bayes || d.bayes.pairs.length + d.bayes.untested.length === 0) return '';
  const head = datasetHead(d)
    .map((x, i) => `<th${i >= 1 && i <= 3 ? ' class="num"' : ''}>${h(x)}</th>`)
    .join('');
  const cls = (o: string): string => (o.startsWith('≈') ? 'm-same' : o.startsWith('▼') ? 'm-worse' : o.startsWith('▲') ? 'm-better' : 'm-variable');
  const rows = datasetRows(d).map(
    (r) =>
      `<tr><td class="model">${h(r[0]!)}</td>${r
        .slice(1, -1)
        .map((x, i) => `<td${i < 3 ? ' class="num"' : ''}>${h(x)}</td>`)
        .join('')}<td class="${cls(r[r.length - 1]!)}">${h(r[r.length - 1]!)}</td></tr>`,
  );
  return `<h3>Does the difference matter?</h3><p class="how">${h(datasetCaption(d))}. <b>P(better)</b>: the model beats the best by more than the ROPE; <b>P(equivalent)</b>: the difference lies within the ROPE; <b>P(worse)</b>: it trails by more than the ROPE. An outcome is named when its probability is above ½.</p>
<div class="tablewrap"><table class="bayes" data-dataset="${h(d.name)}"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The matrix legend. */
function matrixLegend(c: TaskComparison): string {
  return `Each cell: P(row better than column by more than the ROPE) / P(practically equivalent) / P(column better), over the ${c.datasets.length} datasets`;
}

function matrixRows(c: TaskComparison): string[][] {
  const b = c.bayes!;
  return b.models.map((l, i) => [l, ...b.matrix[i]!.map((p) => (p === null ? '—' : triple(p)))]);
}

/**
 * The across-datasets Bayesian section in Markdown: the signed-rank sentence and matrix, and the
 * test autorank chooses; '' when the comparison is unavailable.
 *
 * @param c - The comparison.
 */
export function bayesTaskMarkdown(c: TaskComparison): string {
  if (!c.available) return '';
  const out: string[] = [];
  const b = c.bayes;
  if (b && b.models.length > 1) {
    // The sentence is in the verdict above (taskVerdictText); the section holds the numbers.
    out.push(`### Which differences matter (${md(metricTitle(c.metric))}, Bayesian signed-rank test, ${md(ropeText(b.rope, c.metric))})`, '');
    out.push(mdTable(['', ...b.models.map(md)], matrixRows(c).map((r) => r.map(md)), ['l', ...b.models.map(() => 'r' as const)]), '');
    out.push(`${md(matrixLegend(c))}. The triangle plots are in report.html.`, '');
  }
  const a = autorankText(c);
  if (a) out.push(md(a), '');
  return out.join('\n');
}

/**
 * The across-datasets Bayesian section in HTML: the sentence, the matrix, the triangle plots
 * (`figure`, already rendered) and the test autorank chooses; '' when the comparison is unavailable.
 *
 * @param c - The comparison.
 * @param figure - The rendered triangle plots (or a note), or ''.
 */
export function bayesTaskHtml(c: TaskComparison, figure: string): string {
  if (!c.available) return '';
  const out: string[] = [];
  const b = c.bayes;
  if (b && b.models.length > 1) {
    out.push(`<h3>Which differences matter? <small>Bayesian signed-rank test, ${h(ropeText(b.rope, c.metric))}</small></h3>`);
    out.push(
      `<p class="how"><b>How to read this:</b> the Bayesian signed-rank test (Benavoli et al. 2014, 2017) asks, from each dataset's mean scores, how likely a model is to be better than another by more than the ROPE on a new dataset, or practically equivalent to it. ${h(matrixLegend(c))}.</p>`,
    );
    const head = `<tr><th></th>${b.models.map((l) => `<th class="num">${h(l)}</th>`).join('')}</tr>`;
    const rows = matrixRows(c).map((r) => `<tr><td class="model">${h(r[0]!)}</td>${r.slice(1).map((x) => `<td class="num">${h(x)}</td>`).join('')}</tr>`);
    out.push(`<div class="tablewrap"><table class="bayes-matrix"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`);
    if (figure) out.push(figure);
  }
  const a = autorankText(c);
  if (a) out.push(`<p class="how autorank">${h(a)}</p>`);
  return out.join('\n');
}
