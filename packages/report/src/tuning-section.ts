/**
 * The tuning section of the reports (nested cross-validation): tuned against default per dataset ×
 * family with the corrected resampled t-test interval, the optimism of the non-nested estimate, the
 * anytime curves and the parameters chosen on each outer fold. HTML, Markdown and terminal forms
 * of the same numbers ({@link TuningSummary}); the sentences come from `tuning-words.ts`.
 */
import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml as h, escapeMarkdown as md, stripControl } from './escape.js';
import { formatNumber, formatP, formatStat, metricTitle } from './format.js';
import { anytimeChartSpec } from './tuning-charts.js';
import type { AnytimePoint, TunedModelSummary, TuningSummary } from './tuning-types.js';
import {
  chosenText,
  confidenceText,
  evaluationsText,
  intervalText,
  optimismText,
  searchText,
  signed,
  stabilityText,
  tiedOnEveryFold,
  tuningIntroText,
  valueText,
  vsDefaultText,
} from './tuning-words.js';
import type { RunSummary } from './types.js';

/** The HTML id of the tuning section (for the page's navigation). */
export const TUNING_SECTION_ID = 'tuning';

/** `▲ better`, `▼ worse`, `= tie (equal on every fold)`, `= not sig.` or `no test`: the tuned-vs-default mark as a cell. */
function markWord(m: TunedModelSummary): { word: string; kind: string } {
  const mark = m.vsDefault?.mark ?? null;
  if (mark === 'better') return { word: '▲ better', kind: 'better' };
  if (mark === 'worse') return { word: '▼ worse', kind: 'worse' };
  if (mark === 'same') return { word: tiedOnEveryFold(m) ? '= tie (equal on every fold)' : '= not sig.', kind: 'same' };
  return { word: 'no test', kind: 'same' };
}

/** Datasets in summary order with their tuned models. */
function byDataset(t: TuningSummary): Array<[string, TunedModelSummary[]]> {
  const out = new Map<string, TunedModelSummary[]>();
  for (const m of t.models) {
    const list = out.get(m.dataset);
    if (list) list.push(m);
    else out.set(m.dataset, [m]);
  }
  return [...out];
}

/** The rows of the tuned-against-default table, as plain text cells (not escaped). */
function comparisonCells(m: TunedModelSummary): string[] {
  const v = m.vsDefault;
  return [
    m.dataset,
    m.label,
    v?.default ?? '—',
    v ? formatStat(v.defaultScore) : '—',
    v ? formatStat(v.tunedScore) : '—',
    v ? signed(v.meanDiff) : '—',
    v ? intervalText(v) : '—',
    v ? formatP(v.pValue) : '—',
    markWord(m).word,
    m.optimism ? `${signed(m.optimism.optimism)} ${metricTitle(m.optimism.metric)}` : 'n/a',
    m.evaluations ? formatNumber(m.evaluations.mean, Number.isInteger(m.evaluations.mean) ? 0 : 1) : 'n/a',
    m.cpuSeconds ? formatNumber(m.cpuSeconds.mean, 2) : 'n/a',
  ];
}

function comparisonHead(t: TuningSummary): string[] {
  return ['Dataset', 'Tuned model', 'Default', 'Default score', 'Tuned score (outer)', 'Tuned − default', `${confidenceText(t.confidence)} interval`, 'p', 'vs default', 'Optimism', 'Evaluations', 'CPU s / fold'];
}

/** Evaluation counts at which the Markdown form of an anytime curve is shown: 1, 2, 5, 10, 20, 50, … and the last. */
function checkpoints(last: number): number[] {
  const out: number[] = [];
  for (let scale = 1; scale <= last; scale *= 10) for (const k of [1, 2, 5]) if (k * scale <= last) out.push(k * scale);
  if (!out.includes(last)) out.push(last);
  return out;
}

function pointAt(points: readonly AnytimePoint[], e: number): AnytimePoint | undefined {
  return points.find((p) => p.evaluations === e);
}

/**
 * The tuning section of `report.html`, or '' in a run without tuning.
 *
 * @param summary - From `summarize`.
 * @param figure - Renders a chart as a figure (or a note when vega cannot draw it): html.ts's `chartFigure`.
 * @returns The section's HTML.
 */
export async function tuningSectionHtml(summary: RunSummary, figure: (what: string, spec: TopLevelSpec | null) => Promise<string>): Promise<string> {
  const t = summary.tuning;
  if (!t) return '';
  const out: string[] = [`<section id="${TUNING_SECTION_ID}"><h2>Tuning <small>nested cross-validation, tuned against defaults</small></h2>`];
  out.push(`<p class="how">${h(tuningIntroText(t, summary.counts.jobs))}</p>`);
  if (t.models.length === 0) {
    out.push('</section>');
    return out.join('');
  }
  const head = comparisonHead(t).map((c, i) => `<th${i >= 3 && i !== 8 ? ' class="num"' : ''}>${h(c)}</th>`);
  const rows = t.models.map((m) => {
    const cells = comparisonCells(m);
    const mk = markWord(m);
    return `<tr>${cells
      .map((c, i) => (i === 8 ? `<td class="m-${mk.kind}">${h(c)}</td>` : i === 1 ? `<td class="model">${h(c)}</td>` : `<td${i >= 3 ? ' class="num"' : ''}>${h(c)}</td>`))
      .join('')}</tr>`;
  });
  out.push(`<div class="tablewrap"><table class="tuning"><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`);
  out.push(
    `<p class="how"><b>How to read this:</b> scores are each dataset's primary metric on the outer test folds (mean ± standard deviation), the same folds for the tuned and the default row, so they are paired. <b>Tuned − default</b> is the mean paired difference with its ${h(confidenceText(t.confidence))} interval and p-value from the corrected resampled t-test (Nadeau &amp; Bengio 2003), as in the leaderboards. <b>Optimism</b> is the best mean inner score minus the outer score of the same folds (for a loss, the other way round), in the metric the search maximised: how much a search without the outer loop would have flattered the model. Both rows also take part in the leaderboards, ranks and tests, under their own labels.</p>`,
  );
  out.push(`<ul class="verdicts">${t.models.map((m) => `<li>${h(vsDefaultText(m))} ${h(optimismText(m))} <span class="params">${h(searchText(m))}; ${h(evaluationsText(m))}.</span></li>`).join('')}</ul>`);

  // Anytime curves, one chart per dataset.
  const charts: string[] = [];
  for (const [dataset, models] of byDataset(t)) {
    const f = await figure(`anytime chart of ${dataset}`, anytimeChartSpec(dataset, models));
    if (f) charts.push(f);
  }
  if (charts.length > 0) {
    out.push(`<h3>Anytime curves</h3><p class="how"><b>How to read this:</b> the best mean inner score found so far, after each evaluation (left) and against the CPU seconds the inner trials had spent (right), averaged over the outer folds. A curve that is still rising at the end would gain from a larger budget; a family that needs far more seconds for the same score is the expensive one to tune. These are the search's own estimates, optimistic by the amounts above; the model's score is its outer score.</p>${charts.join('\n')}`);
  }

  // Chosen parameters per outer fold.
  out.push('<h3>Chosen parameters per outer fold</h3>');
  for (const m of t.models) {
    const names = m.stability.map((s) => s.name);
    const headRow = `<tr><th class="num">Repeat</th><th class="num">Fold</th>${names.map((n) => `<th>${h(n)}</th>`).join('')}<th class="num">Best inner score</th><th class="num">Evaluations</th></tr>`;
    const body = m.chosen.map(
      (c) =>
        `<tr><td class="num">${c.repeat}</td><td class="num">${c.fold}</td>${names.map((n) => `<td>${h(n in c.params ? valueText(c.params[n]) : '—')}</td>`).join('')}<td class="num">${h(formatNumber(c.bestInnerScore))}</td><td class="num">${c.evaluations}</td></tr>`,
    );
    const stable = m.stability.length > 0 ? m.stability.map(stabilityText).join('; ') : 'no searched parameter recorded';
    out.push(
      `<details class="chosen" data-label="${h(m.label)}" data-dataset="${h(m.dataset)}"><summary><b>${h(m.label)}</b> on ${h(m.dataset)} — ${h(stable)}</summary><div class="tablewrap"><table class="chosen"><thead>${headRow}</thead><tbody>${body.join('')}</tbody></table></div></details>`,
    );
  }
  out.push('</section>');
  return out.join('');
}

/**
 * The tuning section of `report.md`, or '' in a run without tuning. The anytime curves are a
 * compact table: the best mean inner score after 1, 2, 5, 10, … evaluations and at the last.
 *
 * @param summary - From `summarize`.
 * @returns Markdown, ending with a blank line.
 */
export function tuningSectionMarkdown(summary: RunSummary): string {
  const t = summary.tuning;
  if (!t) return '';
  const table = (head: string[], rows: string[][]): string =>
    [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const out: string[] = ['## Tuning (nested cross-validation)', '', md(tuningIntroText(t, summary.counts.jobs)), ''];
  if (t.models.length === 0) return out.join('\n') + '\n';
  out.push(table(comparisonHead(t).map(md), t.models.map((m) => comparisonCells(m).map(md))), '');
  out.push(
    "Scores are outer-fold scores (mean ± sd) in each dataset's primary metric; tuned − default is the paired difference with the corrected resampled t-test (Nadeau and Bengio 2003). Optimism = best mean inner score − outer score (reversed for a loss), in the search metric.",
    '',
  );
  for (const m of t.models) out.push(`- ${md(vsDefaultText(m))} ${md(optimismText(m))} *${md(searchText(m))}; ${md(evaluationsText(m))}.*`);
  out.push('');
  out.push('### Anytime curves', '', 'Best mean inner score so far (mean over outer folds) after n evaluations, and the CPU seconds spent by then; the chart is in report.html.', '');
  for (const [dataset, models] of byDataset(t)) {
    const last = Math.max(0, ...models.map((m) => m.anytime[m.anytime.length - 1]?.evaluations ?? 0));
    if (last === 0) continue;
    const at = checkpoints(last);
    const rows = models.map((m) => [
      md(m.label),
      md(metricTitle(m.metric)),
      ...at.map((e) => {
        const p = pointAt(m.anytime, e);
        return p ? `${formatNumber(p.best)} (${formatNumber(p.cpuSeconds, 2)} s)` : '';
      }),
    ]);
    out.push(`**${md(dataset)}**`, '', table(['Tuned model', 'Inner metric', ...at.map((e) => `after ${e}`)], rows), '');
  }
  out.push('### Chosen parameters per outer fold', '');
  for (const m of t.models) {
    const stable = m.stability.length > 0 ? m.stability.map(stabilityText).join('; ') : 'no searched parameter recorded';
    out.push(`**${md(m.label)}** on ${md(m.dataset)}: ${md(stable)}.`, '');
    out.push(table(['Repeat', 'Fold', 'Chosen', 'Best inner score'], m.chosen.map((c) => [String(c.repeat), String(c.fold), md(chosenText(c.params)), formatNumber(c.bestInnerScore)])), '');
  }
  return out.join('\n') + '\n';
}

/**
 * The tuning lines of the terminal summary: one per tuned model against its default, and the
 * inner-trial count; [] in a run without tuning. Control characters are stripped.
 *
 * @param summary - From `summarize`.
 * @returns Lines of plain text.
 */
export function tuningTerminalLines(summary: RunSummary): string[] {
  const t = summary.tuning;
  if (!t) return [];
  const c = t.innerTrials;
  const lines = [`Tuning (nested cross-validation): ${c.total} inner trial${c.total === 1 ? '' : 's'}, not counted among the ${summary.counts.jobs} jobs.`];
  for (const m of t.models) {
    const v = m.vsDefault;
    const diff = v ? `${signed(v.meanDiff)} ${metricTitle(v.metric)} vs ${v.default} (${confidenceText(t.confidence)} interval ${intervalText(v)}), ${markWord(m).word}` : 'no default to compare with';
    const opt = m.optimism ? `; optimism ${signed(m.optimism.optimism)} ${metricTitle(m.optimism.metric)}` : '';
    lines.push(stripControl(`  ${m.dataset} · ${m.label}: ${diff}${opt}`));
  }
  return lines;
}
