/**
 * `report.html`: one self-contained page — inline CSS and SVG, nothing from the network, no
 * script — that a newcomer can read top to bottom.
 */
import { displayText, type JobResult } from '@mlcompare/core';
import type { TopLevelSpec } from 'vega-lite';
import { boundaryRowSpec, cdDiagramSpec, lossCurveSpec, renderVegaLite, scoreChartSpec, timeChartSpec } from './charts.js';
import { escapeHtml as h } from './escape.js';
import { dataHtml, dataTitle, runNotes } from './fit-notes.js';
import { simplexSpec } from './bayes-chart.js';
import { bayesDatasetHtml, bayesTaskHtml } from './bayes-section.js';
import { effectCell, effectHeader } from './bayes-words.js';
import { shortName } from './names.js';
import { isInnerTrial } from './tuning.js';
import { TUNING_SECTION_ID, tuningSectionHtml } from './tuning-section.js';
import { formatMs, formatNumber, formatP, formatStat, higherIsBetter, metricTitle } from './format.js';
import type { DatasetSummary, ModelRow, RunSummary, Stat, TaskComparison } from './types.js';
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
  type MarkWords,
  bestRankCount,
} from './words.js';
import { rowParamsText } from './tuning-words.js';

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--best:#dafbe1;--bestfg:#116329;--bad:#cf222e;--warn:#9a6700;--accent:#0969da}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
main{max-width:1320px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:28px;margin:0 0 4px}
h2{font-size:22px;margin:40px 0 6px;padding-top:12px;border-top:1px solid var(--line)}
h2 small{font-size:14px;font-weight:400;color:var(--muted);margin-left:8px}
h3{font-size:16px;margin:20px 0 6px}
.sub{color:var(--muted);margin:0 0 16px}
nav{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:8px 14px;margin:12px 0 8px;font-size:14px}
nav a{color:var(--accent);text-decoration:none;margin-right:14px;white-space:nowrap}
nav a:hover{text-decoration:underline}
.how{color:var(--muted);font-size:13.5px;margin:4px 0 12px;max-width:980px}
.how b{color:var(--fg);font-weight:600}
.verdict{font-size:16px;background:#ddf4ff;border-left:4px solid var(--accent);padding:8px 12px;border-radius:4px;margin:10px 0 14px;max-width:1100px}
.note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 12px;margin:6px 0;font-size:14px}
ul.verdicts{padding-left:20px;margin:8px 0 16px}
ul.verdicts li{margin:3px 0}
.tablewrap{overflow-x:auto;margin:8px 0}
table{border-collapse:collapse;font-size:13.5px}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600;white-space:nowrap;position:relative}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr:hover td{background:#f6f8fa}
td.best{background:var(--best);color:var(--bestfg);font-weight:700}
td.na{color:#8c959f}
.sd{display:block;font-size:11.5px;color:var(--muted);font-weight:400}td.best .sd{color:var(--bestfg)}
.params{display:block;color:var(--muted);font-size:12px}
.model{font-weight:600}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;white-space:nowrap}
.st-ok{background:#dafbe1;color:#116329}.st-partial{background:#fff8c5;color:#7d4e00}.st-failed{background:#ffebe9;color:#a40e26}.st-skipped{background:#eaeef2;color:#59636e}
.reason{display:block;color:var(--bad);font-size:12px;max-width:220px;white-space:normal;line-height:1.3;margin-top:2px}
.sigcell{white-space:nowrap;font-size:12.5px}.sig{display:block}.sig-k{color:var(--muted);display:inline-block;min-width:62px}
.m-better{color:#116329;font-weight:600}.m-worse{color:#a40e26;font-weight:600}.m-same{color:var(--muted)}.m-variable{color:var(--warn);font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:18px 36px;align-items:flex-start;margin:12px 0}
.charts figure{margin:0}
figure.chart{margin:10px 0;overflow-x:auto}
svg{max-width:100%;height:auto}
dl.env{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;font-size:14px}
dl.env dt{color:var(--muted)}dl.env dd{margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
ul.failures{font-size:13.5px}ul.failures code{white-space:pre-wrap}
footer{color:var(--muted);font-size:12px;margin-top:40px}
`;

function slug(kind: string, name: string, index: number): string {
  return `${kind}-${index}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

function cell(text: string, opts: { num?: boolean; best?: boolean; na?: boolean; title?: string } = {}): string {
  const cls = [opts.num ? 'num' : '', opts.best ? 'best' : '', opts.na ? 'na' : ''].filter(Boolean).join(' ');
  return `<td${cls ? ` class="${cls}"` : ''}${opts.title ? ` title="${h(opts.title)}"` : ''}>${h(text)}</td>`;
}

/** Mean on top, ± sd small underneath: keeps the wide leaderboard narrow. */
function statCell(s: Stat | null, best: boolean): string {
  if (!s) return '<td class="num na" title="not available for this model">n/a</td>';
  const full = formatStat(s);
  const [mean, sd] = full.split(' ± ');
  return `<td class="num${best ? ' best' : ''}" title="${h(`${full} (n = ${s.n} folds)`)}">${h(mean!)}${sd ? `<span class="sd">± ${h(sd)}</span>` : ''}</td>`;
}

function statusCell(r: ModelRow): string {
  const reasons = r.reasons
    .map((x) => {
      const message = reasonText(x);
      const short = message.length > 110 ? message.slice(0, 107) + '…' : message;
      return `<span class="reason" title="${h(message)}">${h(x.status)} ×${x.count}: ${h(short)}</span>`;
    })
    .join('');
  return `<td><span class="badge st-${r.status}">${h(statusText(r))}</span>${reasons}</td>`;
}

/** CSS class of a mark: better and worse in colour, too variable in amber, the rest muted. */
function markClass(m: MarkWords): string {
  return m.kind === 'better' || m.kind === 'worse' || m.kind === 'variable' ? `m-${m.kind}` : 'm-same';
}

function markSpan(prefix: string, d: DatasetSummary, r: ModelRow, against: 'best' | 'baseline'): string {
  const t = against === 'best' ? r.vsBest : r.vsBaseline;
  const m = pairMark(d, r, against);
  const title = t && t.pValue !== null ? `corrected resampled t-test: t = ${formatNumber(t.t, 2)}, p = ${formatP(t.pValue)}, ${t.nPairs} paired folds` : 'fewer than 2 paired folds: no test';
  return `<span class="sig" title="${h(title)}"><span class="sig-k">${h(prefix)}</span> <span class="${markClass(m)}">${h(m.word)}</span></span>`;
}

function significanceCell(d: DatasetSummary, r: ModelRow): string {
  if (r.rank === null) return '<td></td>';
  const parts: string[] = [];
  if (r.label === d.best) parts.push('<span class="sig"><span class="m-better">★ best</span></span>');
  else parts.push(markSpan('vs best', d, r, 'best'));
  if (d.baseline !== null && r.label !== d.baseline) parts.push(markSpan(`vs ${d.baseline}`, d, r, 'baseline'));
  if (d.baseline !== null && r.label === d.baseline) parts.push('<span class="sig"><span class="sig-k">the baseline</span></span>');
  parts.push(`<span class="sig"><span class="sig-k" title="significant wins / ties / losses against every other model">W/T/L</span> ${h(wtlText(r))}</span>`);
  return `<td class="sigcell">${parts.join('')}</td>`;
}

function leaderboardHtml(d: DatasetSummary, alpha: number): string {
  const head = [
    '<th class="num">#</th>',
    '<th>Model <span class="params">parameters · backend</span></th>',
    ...d.metrics.map((m) => `<th class="num" title="${higherIsBetter(m) ? 'higher is better' : 'lower is better'}">${h(metricTitle(m))} ${higherIsBetter(m) ? '↑' : '↓'}</th>`),
    '<th class="num">Fit ↓</th>',
    '<th class="num">Predict ↓</th>',
    '<th>Status</th>',
    `<th>Significance <span class="params">${h(metricTitle(d.primaryMetric))}, α = ${alpha}</span></th>`,
  ];
  const rows = d.models.map((r) => {
    const cells = [
      cell(r.rank === null ? '–' : formatNumber(r.rank, Number.isInteger(r.rank) ? 0 : 1), { num: true }),
      `<td><span class="model">${h(r.label)}</span><span class="params">${h(rowParamsText(r))}${r.backend ? ` · ${h(r.backend)}` : ''}</span></td>`,
      ...(hasScores(r)
        ? [
            ...d.metrics.map((m) => statCell(r.metrics[m] ?? null, d.bestLabels[m]?.includes(r.label) ?? false)),
            cell(formatMs(r.fitMs?.mean), { num: true, best: d.bestLabels.fitMs?.includes(r.label) ?? false, na: !r.fitMs }),
            cell(formatMs(r.predictMs?.mean), { num: true, best: d.bestLabels.predictMs?.includes(r.label) ?? false, na: !r.predictMs }),
          ]
        : [...d.metrics, 'fit', 'predict'].map(() => cell(NOT_RUN, { num: true, na: true, title: 'no fold of this model finished; see Status' }))),
      statusCell(r),
      significanceCell(d, r),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  return `<div class="tablewrap"><table class="leaderboard" data-dataset="${h(d.name)}"><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>
<p class="how"><b>How to read this:</b> one row per model, sorted by ${h(metricTitle(d.primaryMetric))}; each cell is the mean ± standard deviation over the ${d.splits} folds. ↑ higher is better, ↓ lower is better; the <span style="background:var(--best);color:var(--bestfg);font-weight:700;padding:0 4px">green cell</span> is the best in its column. <b>n/a</b> means the model cannot give that metric (for example no probabilities, so no log loss) — it is not a zero; <b>${NOT_RUN}</b> means no fold of the model finished (see Status). <b>Significance</b> compares each model with the best and with the ${h(d.baseline ?? 'baseline')} baseline by the corrected resampled t-test (Nadeau &amp; Bengio 2003) on ${h(metricTitle(d.primaryMetric))} at α = ${alpha}: ▲ significantly better, ▼ significantly worse, = not significantly different (the gap could be chance; hover for t and p), ≈ too variable to tell (at least as far behind as a model that is significantly worse, but its folds vary too much), = tied for best (the same mean); <b>W/T/L</b> counts significant wins, ties and losses against every other model.</p>`;
}

/**
 * A chart as a figure, or, when vega cannot draw it, a visible note in its place: one chart that
 * fails never costs the rest of the report.
 *
 * @param kind - CSS class of the figure (`score`, `cd`, …).
 * @param what - What the chart is, for the note (`score chart of iris`).
 * @param spec - The spec, or null for no chart.
 * @param sink - Receives vega's warnings and the error of a chart left out.
 * @returns The figure, the note, or '' without a spec.
 */
async function chartFigure(kind: string, what: string, spec: TopLevelSpec | null, sink: string[]): Promise<string> {
  if (!spec) return '';
  try {
    return `<figure class="chart ${kind}">${await renderVegaLite(spec, sink)}</figure>`;
  } catch (cause) {
    const reason = displayText(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause), 200);
    sink.push(`error: the ${what} was left out: ${reason}`);
    return `<p class="note chart-missing">The ${h(what)} could not be drawn (${h(reason)}), so it is left out; the tables hold its numbers.</p>`;
  }
}

function comparisonHtml(c: TaskComparison, id: string, figure: string, bayes: string): string {
  const out: string[] = [`<section id="${id}"><h2>Across datasets — ${h(c.task)} <small>${h(metricTitle(c.metric))}, ${c.datasets.length} dataset${c.datasets.length === 1 ? '' : 's'}</small></h2>`];
  if (!c.available) {
    out.push(`<p class="how">${h(unavailableText(c))}</p></section>`);
    return out.join('');
  }
  out.push(`<p class="verdict">${h(taskVerdictText(c))}</p>`);
  out.push(`<p class="how"><b>How to read this:</b> on each dataset the models are ranked by ${h(metricTitle(c.metric))} (1 = best); the mean rank summarises all datasets. The Friedman test asks whether any model differs at all; if so, two models whose mean ranks differ by at least the critical difference (CD, Nemenyi) are significantly different (Demšar 2006). In the diagram, models joined by a thick bar cannot be told apart.</p>`);
  const w = new Map(c.wilcoxonVsBest.map((x) => [x.label, x]));
  const effect = effectHeader(c);
  const head = `<tr><th>Model</th><th class="num">Mean rank</th>${c.datasets.map((d) => `<th class="num">${h(d)}</th>`).join('')}<th title="Wilcoxon signed-rank test over datasets against the best-ranked model, Holm-adjusted">vs best (Wilcoxon, Holm)</th>${effect ? `<th title="effect size against the best-ranked model over the datasets, as autorank measures it">${h(effect)}</th>` : ''}</tr>`;
  const topRanked = bestRankCount(c);
  const rows = c.models.map((l, i) => {
    const x = w.get(l);
    const m = wilcoxonMark(c, x, i === 0);
    return `<tr><td class="model">${h(l)}</td>${cell(formatNumber(c.meanRanks[i]!, 2), { num: true, best: i < topRanked })}${c.ranks.map((r) => cell(formatNumber(r[i]!, Number.isInteger(r[i]!) ? 0 : 1), { num: true })).join('')}<td class="${markClass(m)}">${h(markCell(m))}</td>${effect ? cell(effectCell(c, l)) : ''}</tr>`;
  });
  out.push(`<div class="charts"><div class="tablewrap"><table class="ranks"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`);
  out.push(`<p class="how">${h(friedmanText(c))}</p>`);
  if (c.excluded.length > 0) out.push(`<p class="how">Left out: ${c.excluded.map((e) => `${h(e.label)} (${h(excludedText(c, e))})`).join('; ')}.</p>`);
  out.push('</div>');
  if (figure) out.push(figure);
  out.push(`</div>${bayes}</section>`);
  return out.join('');
}

/** Options of {@link renderHtml}. */
export interface RenderHtmlOptions {
  /** Page title. @defaultValue 'mlcompare report' */
  title?: string;
  /**
   * Receives vega-lite's and vega's warnings while charts render (they are never printed), and
   * `error: …` for a chart that could not be drawn (the page has a note in its place).
   */
  chartWarnings?: string[];
}

/**
 * One model order for panels that repeat across datasets (gallery columns, training curves):
 * best mean leaderboard rank over `datasets` first, ties by label.
 */
function panelOrder(datasets: readonly DatasetSummary[]): string[] {
  const rankSum = new Map<string, { sum: number; n: number }>();
  for (const d of datasets) {
    for (const r of d.models) {
      const acc = rankSum.get(r.label) ?? { sum: 0, n: 0 };
      acc.sum += r.rank ?? d.models.length;
      acc.n += 1;
      rankSum.set(r.label, acc);
    }
  }
  const mean = (label: string): number => rankSum.get(label)!.sum / rankSum.get(label)!.n;
  return [...rankSum.keys()].sort((a, b) => mean(a) - mean(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Renders the whole report as one self-contained HTML page. Charts are rendered to inline SVG
 * here (vega-lite + vega in Node); every string from the data is escaped.
 *
 * @param summary - From {@link summarize}.
 * @param results - The jobs (for per-fold times, decision boundaries and training curves).
 * @param options - Page title.
 * @returns The content of `report.html`.
 * @example
 * await writeFile(join(dir, 'report.html'), await renderHtml(summary, results));
 */
export async function renderHtml(summary: RunSummary, results: readonly JobResult[], options: RenderHtmlOptions = {}): Promise<string> {
  const byData = dataTitle(summary);
  const title = options.title ?? `mlcompare report${byData ? ` — ${byData}` : summary.suiteName ? ` — ${summary.suiteName}` : ''}`;
  const sink = options.chartWarnings ?? [];
  // Keyed by the dataset name as the summary shows it (long names are shortened there).
  const byDataset = new Map<string, JobResult[]>();
  for (const r of results) {
    if (isInnerTrial(r)) continue; // inner trials of tuned models: only the tuning section speaks of them
    const name = shortName(r.dataset);
    const list = byDataset.get(name);
    if (list) list.push(r);
    else byDataset.set(name, [r]);
  }
  const nav: Array<[string, string]> = [['overview', 'Overview']];
  const body: string[] = [];

  // Overview.
  const labels = allLabels(summary);
  const ovHead = `<tr><th>Model</th>${summary.datasets.map((d) => `<th class="num">${h(d.name)}<span class="params">${h(metricTitle(d.primaryMetric))} ${higherIsBetter(d.primaryMetric) ? '↑' : '↓'}</span></th>`).join('')}</tr>`;
  const ovRows = labels.map((l) => {
    const cells = summary.datasets.map((d) => {
      const r = d.models.find((m) => m.label === l);
      if (!r) return '<td class="na num">—</td>';
      const s = r.metrics[d.primaryMetric];
      if (!s) return `<td class="num"><span class="badge st-${r.status}">${h(statusText(r))}</span></td>`;
      return cell(formatStat(s), { num: true, best: d.verdict.best.includes(l) });
    });
    return `<tr><td class="model">${h(l)}</td>${cells.join('')}</tr>`;
  });
  body.push(`<section id="overview"><h2>Overview</h2>
<p class="how"><b>How to read this:</b> each dataset's verdict first, then every model's main score on every dataset (mean ± standard deviation over folds; green = best on that dataset). Details per dataset follow below.</p>
<ul class="verdicts">${summary.datasets.map((d, i) => `<li><a href="#${slug('ds', d.name, i)}"><b>${h(d.name)}</b></a>: ${h(datasetVerdictText(d, summary.alpha))}</li>`).join('')}</ul>
<div class="tablewrap"><table class="overview"><thead>${ovHead}</thead><tbody>${ovRows.join('')}</tbody></table></div></section>`);

  // Across datasets.
  for (const [i, c] of summary.comparisons.entries()) {
    const id = slug('across', c.task, i);
    nav.push([id, `Across ${c.task} datasets`]);
    const simplex = await chartFigure('simplex', `triangle plot of the ${c.task} datasets`, simplexSpec(c, summary.datasets), sink);
    body.push(comparisonHtml(c, id, await chartFigure('cd', `critical-difference diagram of the ${c.task} datasets`, cdDiagramSpec(c), sink), bayesTaskHtml(c, simplex)));
  }

  // Per dataset.
  for (const [i, d] of summary.datasets.entries()) {
    const id = slug('ds', d.name, i);
    nav.push([id, d.name]);
    const jobs = byDataset.get(d.name) ?? [];
    const charts: string[] = [
      await chartFigure('score', `score chart of ${d.name}`, scoreChartSpec(d), sink),
      await chartFigure('time', `time chart of ${d.name}`, timeChartSpec(d, jobs), sink),
    ].filter((x) => x !== '');
    const failures = d.models.flatMap((r) => r.reasons.map((x) => `<li><b>${h(r.label)}</b> — ${h(x.status)} on ${x.count} fold${x.count === 1 ? '' : 's'}: <code>${h(reasonText(x))}</code></li>`));
    body.push(`<section id="${id}"><h2>${h(d.name)} <small>${h(datasetFacts(d))}</small></h2>
${dataHtml(summary, d.name)}
<p class="verdict">${h(datasetVerdictText(d, summary.alpha))}</p>
${leaderboardHtml(d, summary.alpha)}
${bayesDatasetHtml(d)}
${charts.length ? `<div class="charts">${charts.join('')}</div><p class="how"><b>Left:</b> the score with ± one standard deviation; the colour says whether a model is significantly worse than the best (grey), not significantly different (blue) or too variable to tell (pink); the dashed line is the ${h(d.baseline ?? 'baseline')} baseline. <b>Right:</b> time per fold on a log scale, so each grid step is a factor of ten.</p>` : ''}
${failures.length ? `<h3>Jobs that did not finish</h3><ul class="failures">${failures.join('')}</ul>` : ''}
</section>`);
  }

  // Tuned models: against their defaults, optimism, anytime curves, chosen parameters (tuning-section.ts).
  const tuning = await tuningSectionHtml(summary, (what, spec) => chartFigure('anytime', what, spec, sink));
  if (tuning) {
    nav.push([TUNING_SECTION_ID, 'Tuning']);
    body.push(tuning);
  }

  // Decision-boundary gallery. Columns keep one model order in every row (as scikit-learn's
  // classifier comparison does), so a reader can scan a column down: best mean rank first.
  const galleryRows: string[] = [];
  const galleryOrder = panelOrder(summary.datasets.filter((d) => (byDataset.get(d.name) ?? []).some((j) => j.boundary)));
  for (const d of summary.datasets) {
    const jobs = byDataset.get(d.name) ?? [];
    const panels = galleryOrder
      .map((label) => {
        const j = jobs.find((x) => x.boundary && x.status === 'ok' && shortName(x.label) === label);
        return j?.boundary ? { label, boundary: j.boundary } : null;
      })
      .filter((p): p is NonNullable<typeof p> => p !== null);
    const figure = await chartFigure('boundary', `decision-boundary row of ${d.name}`, boundaryRowSpec(d.name, panels), sink);
    if (figure) galleryRows.push(figure);
  }
  if (galleryRows.length > 0) {
    nav.push(['boundaries', 'Decision boundaries']);
    body.push(`<section id="boundaries"><h2>Decision boundaries</h2>
<p class="how"><b>How to read this:</b> one row per two-feature dataset, one panel per model (after scikit-learn's "classifier comparison"). The background is what the model predicts at each point of the plane — for two classes the probability of the second class, from red to blue, so a straight edge means a linear model — and the dots are the data of the first fold: circles for training, triangles for test. The number in the corner is the accuracy on that fold's test points.</p>
${galleryRows.join('\n')}</section>`);
  }

  // Training curves, in one model order for every dataset (as the gallery).
  const curveRows: string[] = [];
  const curveOrder = panelOrder(summary.datasets.filter((d) => (byDataset.get(d.name) ?? []).some((j) => (j.history?.loss.length ?? 0) > 0)));
  for (const d of summary.datasets) {
    const figure = await chartFigure('curves', `training curves of ${d.name}`, lossCurveSpec(d.name, byDataset.get(d.name) ?? [], curveOrder), sink);
    if (figure) curveRows.push(figure);
  }
  if (curveRows.length > 0) {
    nav.push(['curves', 'Training curves']);
    body.push(`<section id="curves"><h2>Training curves</h2>
<p class="how"><b>How to read this:</b> the training loss (cost) after each epoch of the iterative models — the neural network and the gradient-descent solver of the linear models — one line per fold. A curve that is still falling at the end means more epochs could help; folds that end far apart mean training is unstable.</p>
${curveRows.join('\n')}</section>`);
  }

  // Environment.
  nav.push(['environment', 'Environment']);
  body.push(`<section id="environment"><h2>Environment</h2><p class="how">How this run was made, to reproduce it or to judge the times.</p><dl class="env">${environmentPairs(summary)
    .map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`)
    .join('')}</dl></section>`);

  const run = runNotes(summary);
  const notes = run.warnings.map((w) => `<p class="note">${h(w)}</p>`).join('') + (run.scaling ? `<p class="how">${h(run.scaling)}</p>` : '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${h(title)}</h1><p class="sub">${h(countsText(summary))}${summary.environment ? ` · seed ${summary.environment.seed} · ${h(summary.environment.startedAt)}` : ''}</p></header>
<nav>${nav.map(([id, label]) => `<a href="#${id}">${h(label)}</a>`).join('')}</nav>
${notes}
${body.join('\n')}
<footer>Written by @mlcompare/report. Statistics: corrected resampled t-test (Nadeau &amp; Bengio 2003), Friedman test with Iman–Davenport correction and Nemenyi critical difference (Demšar 2006), Wilcoxon signed-rank test with Holm correction; Bayesian correlated t-test (Corani &amp; Benavoli 2015) and Bayesian signed-rank test (Benavoli et al. 2014, 2017) with a region of practical equivalence; the test choice of autorank (Herbold 2020).</footer>
</main>
</body>
</html>
`;
}
