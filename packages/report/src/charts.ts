/**
 * The report's charts as vega-lite specifications, rendered to SVG strings in Node by vega
 * (no browser, no canvas). Nothing here draws by hand: each chart is data plus a spec.
 *
 * Text from the data never reaches a vega expression or a field name: every field is one of ours
 * (`label`, `mean`, `x`, …), orders are numeric fields (`i`) sorted with an aggregate rather than
 * lists of names (vega-lite turns a sort list into one nested expression per name, which parsed
 * names as code and overflowed the stack with 1,200 models), ARIA descriptions (expressions built
 * from axis titles) are off, and names appear only as data values and as titles cleaned by
 * {@link chartText}. Charts draw at most a fixed number of models and say what they left out.
 */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { displayText, type DecisionBoundary, type JobResult } from '@mlcompare/core';
import { higherIsBetter, metricTitle } from './format.js';
import { shortName } from './names.js';
import type { DatasetSummary, TaskComparison } from './types.js';

/** Most models the score and time charts of a dataset draw (the best-ranked ones). */
export const MAX_CHART_MODELS = 40;

/** Most models the critical-difference diagram draws (the best mean ranks). */
export const MAX_CD_MODELS = 25;

/** Most panels of a decision-boundary row and of a dataset's training curves. */
export const MAX_PANELS = 10;

/** Most code points of a name in a chart title or axis title. */
const MAX_TITLE = 80;

/**
 * A name from the data as a chart shows it in a title: one line, no control characters, at most
 * {@link MAX_TITLE} code points.
 */
export function chartText(text: string): string {
  return displayText(text, MAX_TITLE);
}

/** `; showing the 40 best-ranked of 1200 models (the table lists all)`, or ''. */
export function leftOut(shown: number, total: number, what: string): string {
  return shown < total ? `; showing the ${shown} best-ranked of ${total} ${what}, the tables list all` : '';
}

/** Font stack shared with the HTML page. */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The look every chart shares (fonts, no ARIA expressions, axes); exported for the other chart modules. */
export const BASE_CONFIG = {
  font: FONT,
  // No ARIA descriptions: vega-lite builds them as expressions from the axis titles, which hold
  // names from the data (a column name with a newline was an "Expression parse error").
  aria: false,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600, labelLimit: 280, gridColor: '#eceff3', domainColor: '#9aa4b2', tickColor: '#9aa4b2' },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 280 },
  header: { labelFontSize: 12, labelFontWeight: 600, titleFontSize: 12, labelLimit: 200 },
  title: { fontSize: 13, fontWeight: 600, anchor: 'start' as const, offset: 8 },
};

/** What each "compared with the best" category is called in the legend (the data hold these words). */
const CAT_WORDS = {
  best: 'best',
  same: 'not significantly different',
  variable: 'too variable to tell',
  worse: 'significantly worse',
  untested: 'not testable',
} as const;

/** Colours of the "compared with the best" categories (colour-blind safe, Okabe–Ito based). */
const MARK_COLORS = {
  best: '#009E73',
  same: '#0072B2',
  variable: '#CC79A7',
  worse: '#999999',
  untested: '#E69F00',
} as const;

let chartCounter = 0;

/** A vega logger that collects warnings instead of printing them (the report runs in a CLI). */
function collectingLogger(sink: string[]) {
  return vega.logger(vega.Warn, undefined, (_method, level, args) => {
    sink.push(`${level} ${args.map(String).join(' ')}`);
  });
}

/**
 * Renders a vega-lite spec to an SVG string. Element ids in the SVG (clip paths, gradients) get a
 * unique prefix, so several charts can be inlined in one HTML page without their ids colliding.
 *
 * @param spec - A vega-lite top-level spec with inline data.
 * @param warnings - Receives vega-lite's and vega's warnings (they are not printed).
 * @returns The SVG markup (`<svg …>…</svg>`).
 */
export async function renderVegaLite(spec: TopLevelSpec, warnings: string[] = []): Promise<string> {
  const logger = collectingLogger(warnings);
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    const prefix = `c${++chartCounter}-`;
    return svg
      .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}${id}"`)
      .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}${id})`)
      .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}${id}"`);
  } finally {
    view.finalize();
  }
}

/**
 * Score per model on one dataset: mean of the primary metric with ± one standard deviation error
 * bars, coloured by how the model compares with the best, and the baseline as a dashed line.
 *
 * @param d - The dataset's summary.
 * @returns A vega-lite spec, or null when no model has a score.
 */
export function scoreChartSpec(d: DatasetSummary): TopLevelSpec | null {
  const m = d.primaryMetric;
  const scored = d.models.filter((r) => r.metrics[m]);
  const rows = scored
    .slice(0, MAX_CHART_MODELS)
    .map((r, i) => {
      const s = r.metrics[m]!;
      const cat = d.verdict.best.includes(r.label)
        ? 'best'
        : d.verdict.vsBest.tooVariable.includes(r.label)
          ? 'variable'
          : r.vsBest?.mark === 'same'
            ? 'same'
            : r.vsBest?.mark === 'worse'
              ? 'worse'
              : 'untested';
      return { i, label: r.label, mean: s.mean, lo: s.mean - s.std, hi: s.mean + s.std, cat: CAT_WORDS[cat] };
    });
  if (rows.length === 0) return null;
  const present = (Object.keys(CAT_WORDS) as Array<keyof typeof MARK_COLORS>).filter((c) => rows.some((r) => r.cat === CAT_WORDS[c]));
  const y = { field: 'label', type: 'nominal' as const, sort: { field: 'i', op: 'min' }, title: null };
  const baseline = d.baseline !== null ? d.models.find((r) => r.label === d.baseline)?.metrics[m] : null;
  const color = {
    field: 'cat',
    type: 'nominal',
    title: null,
    scale: { domain: present.map((c) => CAT_WORDS[c]), range: present.map((c) => MARK_COLORS[c]) },
    legend: { orient: 'bottom', direction: 'vertical', labelLimit: 320 },
  };
  const layers: unknown[] = [
    { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, color } },
    {
      mark: { type: 'point', filled: true, size: 80 },
      encoding: {
        y,
        x: { field: 'mean', type: 'quantitative', title: `${chartText(metricTitle(m))} (mean ± sd over folds)`, scale: { zero: false, nice: true } },
        color,
      },
    },
  ];
  if (baseline) {
    layers.push({
      data: { values: [{ v: baseline.mean, name: `${chartText(d.baseline!)} (baseline)` }] },
      layer: [
        { mark: { type: 'rule', strokeDash: [4, 3], color: '#d55e00' }, encoding: { x: { field: 'v', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', dx: 3, dy: -4, baseline: 'bottom', color: '#d55e00', fontSize: 10 },
          encoding: { x: { field: 'v', type: 'quantitative' }, y: { value: 0 }, text: { field: 'name' } },
        },
      ],
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${chartText(metricTitle(m))} per model`,
      subtitle: `${higherIsBetter(m) ? 'further right is better' : 'further left is better'}${leftOut(rows.length, scored.length, 'models')}`,
    },
    width: 340,
    height: { step: 22 },
    data: { values: rows },
    layer: layers,
    config: BASE_CONFIG,
  } as TopLevelSpec;
}

/**
 * Fit and predict time per model on one dataset, on a log scale: one small dot per fold and a
 * large one for the mean.
 *
 * @param d - The dataset's summary (for the model order).
 * @param jobs - The dataset's jobs.
 * @returns A vega-lite spec, or null when no time was measured.
 */
export function timeChartSpec(d: DatasetSummary, jobs: readonly JobResult[]): TopLevelSpec | null {
  // The models with a time, in leaderboard order; at most MAX_CHART_MODELS of them.
  const timed = new Set(jobs.filter((j) => j.status === 'ok' && ((j.fitMs ?? 0) > 0 || (j.predictMs ?? 0) > 0)).map((j) => shortName(j.label)));
  const order = new Map(d.models.filter((r) => timed.has(r.label)).slice(0, MAX_CHART_MODELS).map((r, i) => [r.label, i]));
  const folds: Array<{ i: number; label: string; phase: string; ms: number }> = [];
  for (const j of jobs) {
    const label = shortName(j.label);
    const i = order.get(label);
    if (j.status !== 'ok' || i === undefined) continue;
    if (typeof j.fitMs === 'number' && j.fitMs > 0) folds.push({ i, label, phase: 'fit', ms: j.fitMs });
    if (typeof j.predictMs === 'number' && j.predictMs > 0) folds.push({ i, label, phase: 'predict', ms: j.predictMs });
  }
  if (folds.length === 0) return null;
  const y = { field: 'label', type: 'nominal' as const, sort: { field: 'i', op: 'min' as const }, title: null };
  const color = { field: 'phase', type: 'nominal' as const, title: null, scale: { domain: ['fit', 'predict'], range: ['#0072B2', '#CC79A7'] }, legend: { orient: 'bottom' as const } };
  const x = { field: 'ms', type: 'quantitative' as const, scale: { type: 'log' as const }, title: 'milliseconds (log scale)' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Fit and predict time', subtitle: `per fold (small) and mean (large); further left is faster${leftOut(order.size, timed.size, 'models')}` },
    width: 300,
    height: { step: 11 },
    data: { values: folds },
    layer: [
      { mark: { type: 'point', filled: true, size: 18, opacity: 0.4 }, encoding: { y, x, color, yOffset: { field: 'phase' } } },
      {
        transform: [{ aggregate: [{ op: 'mean', field: 'ms', as: 'ms' }], groupby: ['i', 'label', 'phase'] }],
        mark: { type: 'point', filled: false, size: 90, strokeWidth: 2 },
        encoding: { y, x, color, yOffset: { field: 'phase' } },
      },
    ],
    config: BASE_CONFIG,
  } as TopLevelSpec;
}

/**
 * The critical-difference diagram (Demšar 2006): an axis of mean ranks, each model as a tick
 * with its name on the side, the Nemenyi critical difference as a bar, and thick bars joining
 * models whose mean ranks differ by less than the critical difference.
 *
 * @param c - An available task comparison.
 * @returns A vega-lite spec, or null when the comparison is not available.
 */
export function cdDiagramSpec(c: TaskComparison): TopLevelSpec | null {
  if (!c.available) return null;
  // The best mean ranks only (c.models is sorted by mean rank), with the cliques among them.
  const shown = c.models.slice(0, MAX_CD_MODELS);
  const k = shown.length;
  const rankOf = new Map(shown.map((l, i) => [l, c.meanRanks[i]!]));
  // The rank axis runs from 1 to the last shown model's rank (all models' count when none is left out).
  const axisEnd = k < c.models.length ? Math.max(k, Math.ceil(c.meanRanks[k - 1]!)) : k;
  const tickStep = Math.max(1, Math.ceil(axisEnd / 20));
  const half = Math.ceil(k / 2);
  const cliqueStep = 0.35;
  const shownCliques = c.cliques.map((g) => g.filter((l) => rankOf.has(l))).filter((g) => g.length > 1);
  const cliques = shownCliques.map((g, i) => {
    const rs = g.map((l) => rankOf.get(l)!);
    return { lo: Math.min(...rs) - 0.05, hi: Math.max(...rs) + 0.05, y: 0.5 + i * cliqueStep, members: g.join(', ') };
  });
  const top = 0.5 + Math.max(1, cliques.length) * cliqueStep + 0.3;
  const models = shown.map((label, i) => {
    const left = i < half;
    const row = left ? i : k - 1 - i;
    return {
      label: `${label} (${c.meanRanks[i]!.toFixed(2)})`,
      rank: c.meanRanks[i]!,
      y: top + row * 0.6,
      y0: 0,
      edge: left ? 0.6 : axisEnd + 0.4,
      side: left ? 'left' : 'right',
    };
  });
  const yMax = top + (half - 1) * 0.6 + 0.4;
  const xScale = { domain: [0.6 - 1.8, axisEnd + 0.4 + 1.8], nice: false, zero: false };
  const yScale = { domain: [-1.3, yMax], reverse: true, nice: false, zero: false };
  const noAxis = { axis: null };
  const layers: unknown[] = [
    // Axis of ranks.
    {
      data: { values: [{ a: 1, b: axisEnd, y: 0 }] },
      mark: { type: 'rule', color: '#333' },
      encoding: { x: { field: 'a', type: 'quantitative', scale: xScale, ...noAxis }, x2: { field: 'b' }, y: { field: 'y', type: 'quantitative', scale: yScale, ...noAxis } },
    },
    {
      data: { sequence: { start: 1, stop: axisEnd + 1, step: tickStep, as: 'r' } },
      layer: [
        { mark: { type: 'tick', orient: 'vertical', color: '#333', size: 8 }, encoding: { x: { field: 'r', type: 'quantitative' }, y: { datum: 0, type: 'quantitative' } } },
        { mark: { type: 'text', dy: -10, fontSize: 11, color: '#333' }, encoding: { x: { field: 'r', type: 'quantitative' }, y: { datum: 0, type: 'quantitative' }, text: { field: 'r', type: 'quantitative' } } },
      ],
    },
  ];
  if (c.criticalDifference !== null) {
    const cd = c.criticalDifference;
    layers.push({
      data: { values: [{ a: 1, b: 1 + cd, y: -0.9, t: `CD = ${cd.toFixed(2)}` }] },
      layer: [
        { mark: { type: 'rule', color: '#D55E00', strokeWidth: 2 }, encoding: { x: { field: 'a', type: 'quantitative' }, x2: { field: 'b' }, y: { field: 'y', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', dx: 6, fontSize: 11, color: '#D55E00', fontWeight: 600 }, encoding: { x: { field: 'b', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 't' } } },
      ],
    });
  }
  if (cliques.length > 0) {
    layers.push({
      data: { values: cliques },
      mark: { type: 'rule', strokeWidth: 5, color: '#444', strokeCap: 'round' },
      encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, y: { field: 'y', type: 'quantitative' }, tooltip: { field: 'members' } },
    });
  }
  const label = (side: 'left' | 'right') => ({
    transform: [{ filter: `datum.side === '${side}'` }],
    mark: { type: 'text', fontSize: 12, align: side === 'left' ? 'right' : 'left', dx: side === 'left' ? -5 : 5 },
    encoding: { x: { field: 'edge', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
  });
  layers.push({
    data: { values: models },
    layer: [
      { mark: { type: 'rule', color: '#666' }, encoding: { x: { field: 'rank', type: 'quantitative' }, y: { field: 'y0', type: 'quantitative' }, y2: { field: 'y' } } },
      { mark: { type: 'rule', color: '#666' }, encoding: { x: { field: 'rank', type: 'quantitative' }, x2: { field: 'edge' }, y: { field: 'y', type: 'quantitative' } } },
      { mark: { type: 'point', filled: true, size: 40, color: '#0072B2' }, encoding: { x: { field: 'rank', type: 'quantitative' }, y: { field: 'y0', type: 'quantitative' } } },
      label('left'),
      label('right'),
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Critical-difference diagram — ${c.task}, ${chartText(metricTitle(c.metric))}`,
      subtitle: `mean rank over datasets (1 = best); models joined by a thick bar are not significantly different (Nemenyi)${leftOut(k, c.models.length, 'models')}`,
    },
    width: Math.max(460, 90 * k),
    height: Math.max(120, 32 * (yMax + 1.3)),
    layer: layers,
    config: BASE_CONFIG,
  } as TopLevelSpec;
}

/** Keeps at most `max` points of a grid axis (every k-th), returning the kept indices. */
function strideIndices(n: number, max: number): number[] {
  const step = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

/**
 * One row of the decision-boundary gallery: a dataset, one panel per model (columns), each the
 * predicted probability (or class) over the grid, with training points (circles) and test points
 * (triangles), and the test accuracy in the corner — after scikit-learn's classifier comparison.
 *
 * @param dataset - Dataset name (row title).
 * @param allPanels - Model label and its boundary (repeat 0, fold 0), in display order; the first
 *   10 (`MAX_PANELS`) are drawn and the subtitle says how many were left out.
 * @returns A vega-lite spec, or null when there are no panels.
 */
export function boundaryRowSpec(dataset: string, allPanels: ReadonlyArray<{ label: string; boundary: DecisionBoundary }>): TopLevelSpec | null {
  if (allPanels.length === 0) return null;
  const panels = allPanels.slice(0, MAX_PANELS);
  const first = panels[0]!.boundary;
  const classes = first.classes.map((c) => shortName(String(c)));
  const binary = classes.length === 2;
  const values: Array<Record<string, unknown>> = [];
  const maxCells = 36;
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymin = Infinity;
  let ymax = -Infinity;
  for (const [i, { label, boundary: b }] of panels.entries()) {
    const nx = b.gridX.length;
    const ix = strideIndices(nx, maxCells);
    const iy = strideIndices(b.gridY.length, maxCells);
    // Cell edges: half-way between kept grid points, extended by half a step at the ends.
    const edges = (coords: number[], idx: number[]) => {
      const kept = idx.map((i) => coords[i]!);
      const e: number[] = [];
      for (let i = 0; i <= kept.length; i++) {
        if (i === 0) e.push(kept[0]! - ((kept[1] ?? kept[0]! + 1) - kept[0]!) / 2);
        else if (i === kept.length) e.push(kept[i - 1]! + (kept[i - 1]! - (kept[i - 2] ?? kept[i - 1]! - 1)) / 2);
        else e.push((kept[i - 1]! + kept[i]!) / 2);
      }
      return e;
    };
    const ex = edges(b.gridX, ix);
    const ey = edges(b.gridY, iy);
    xmin = Math.min(xmin, ex[0]!);
    xmax = Math.max(xmax, ex[ex.length - 1]!);
    ymin = Math.min(ymin, ey[0]!);
    ymax = Math.max(ymax, ey[ey.length - 1]!);
    iy.forEach((gy, a) => {
      ix.forEach((gx, c) => {
        const v = b.values[gy * nx + gx]!;
        values.push({
          i,
          label,
          kind: 'cell',
          x: ex[c],
          x2: ex[c + 1],
          y: ey[a],
          y2: ey[a + 1],
          p: binary ? v : undefined,
          cls: binary ? undefined : (classes[Math.round(v)] ?? String(v)),
        });
      });
    });
    for (const [set, pts] of [['train', b.train], ['test', b.test]] as const) {
      for (let i = 0; i < pts.x.length; i++) {
        values.push({ i, label, kind: set, px: pts.x[i], py: pts.y[i], p: binary ? pts.label[i] : undefined, cls: classes[pts.label[i]!] ?? String(pts.label[i]) });
      }
    }
    values.push({ i, label, kind: 'acc', acc: b.testAccuracy.toFixed(2).replace(/^0(?=\.)/, '') });
  }
  const padX = 0;
  const xs = { domain: [xmin - padX, xmax + padX], nice: false, zero: false };
  const ys = { domain: [ymin, ymax], nice: false, zero: false };
  const fillCell = binary
    ? { field: 'p', type: 'quantitative', title: `P(${chartText(classes[1]!)})`, scale: { scheme: 'redblue', domain: [0, 1] }, legend: { orient: 'right', gradientLength: 120 } }
    : { field: 'cls', type: 'nominal', title: 'class', scale: { domain: classes, scheme: 'set2' } };
  const fillPoint = fillCell;
  const [fx, fy] = first.features.map(chartText);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'label', type: 'nominal', sort: { field: 'i', op: 'min' }, title: null } },
    spec: {
      width: 150,
      height: 150,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'cell'" }],
          mark: { type: 'rect', opacity: binary ? 0.8 : 0.55, strokeWidth: 0 },
          encoding: {
            x: { field: 'x', type: 'quantitative', scale: xs, title: fx, axis: { tickCount: 4, grid: false } },
            x2: { field: 'x2' },
            y: { field: 'y', type: 'quantitative', scale: ys, title: fy, axis: { tickCount: 4, grid: false } },
            y2: { field: 'y2' },
            fill: fillCell,
          },
        },
        {
          transform: [{ filter: "datum.kind === 'train' || datum.kind === 'test'" }],
          mark: { type: 'point', filled: true, size: 22, stroke: '#222', strokeWidth: 0.6 },
          encoding: {
            x: { field: 'px', type: 'quantitative' },
            y: { field: 'py', type: 'quantitative' },
            fill: fillPoint,
            shape: { field: 'kind', type: 'nominal', title: 'points', scale: { domain: ['train', 'test'], range: ['circle', 'triangle-up'] }, legend: { orient: 'right' } },
            opacity: { condition: { test: "datum.kind === 'test'", value: 0.65 }, value: 1 },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'acc'" }],
          mark: { type: 'text', align: 'right', baseline: 'bottom', fontSize: 15, fontWeight: 700, color: '#111', stroke: 'white', strokeWidth: 3, strokeOpacity: 0.8 },
          encoding: { x: { value: 146 }, y: { value: 148 }, text: { field: 'acc' } },
        },
        {
          transform: [{ filter: "datum.kind === 'acc'" }],
          mark: { type: 'text', align: 'right', baseline: 'bottom', fontSize: 15, fontWeight: 700, color: '#111' },
          encoding: { x: { value: 146 }, y: { value: 148 }, text: { field: 'acc' } },
        },
      ],
    },
    title: {
      text: chartText(dataset),
      subtitle:
        (binary ? `colour: predicted P(${chartText(classes[1]!)}); circles: training points, triangles: test points` : 'colour: predicted class; circles: training points, triangles: test points') +
        leftOut(panels.length, allPanels.length, 'models'),
    },
    config: { ...BASE_CONFIG, facet: { spacing: 12 } },
  } as TopLevelSpec;
}

/**
 * Training curves of one dataset: loss per epoch for every model that records a history of at
 * least two losses (the network, the gradient-descent linear model, boosting with early stopping),
 * one line per fold, one panel per model.
 *
 * @param dataset - Dataset name (title).
 * @param jobs - The dataset's jobs.
 * @param order - Model labels (as the summary shows them) in display order; the first
 *   10 (`MAX_PANELS`) with a history are drawn and the subtitle says how many were left out.
 * @returns A vega-lite spec, or null when no job has a history.
 */
export function lossCurveSpec(dataset: string, jobs: readonly JobResult[], order: readonly string[]): TopLevelSpec | null {
  // A curve needs two finite losses: boosting without early stopping keeps only its final loss.
  const isCurve = (j: JobResult): boolean => j.status === 'ok' && (j.history?.loss.filter((v) => Number.isFinite(v)).length ?? 0) >= 2;
  const withCurve = new Set(jobs.filter(isCurve).map((j) => shortName(j.label)));
  const allLabels = order.filter((l) => withCurve.has(l));
  const index = new Map(allLabels.slice(0, MAX_PANELS).map((l, i) => [l, i]));
  const values: Array<{ i: number; label: string; fold: string; epoch: number; loss: number }> = [];
  for (const j of jobs) {
    const label = shortName(j.label);
    const i = index.get(label);
    if (!isCurve(j) || i === undefined) continue;
    j.history!.loss.forEach((loss, e) => {
      if (Number.isFinite(loss)) values.push({ i, label, fold: `repeat ${j.repeat}, fold ${j.fold}`, epoch: e + 1, loss });
    });
  }
  if (values.length === 0) return null;
  const logScale = values.every((v) => v.loss > 0);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chartText(dataset), subtitle: `training loss per epoch, one line per fold${logScale ? ' (log scale)' : ''}${leftOut(index.size, allLabels.length, 'models')}` },
    data: { values },
    facet: { field: 'label', type: 'nominal', sort: { field: 'i', op: 'min' }, title: null },
    columns: 3,
    spec: {
      width: 240,
      height: 140,
      mark: { type: 'line', strokeWidth: 1.5, opacity: 0.85, interpolate: 'monotone' },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
        y: { field: 'loss', type: 'quantitative', title: 'loss', scale: logScale ? { type: 'log' } : { zero: false } },
        color: { field: 'fold', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 5 }, scale: { scheme: 'tableau10' } },
      },
    },
    resolve: { scale: { y: 'independent', x: 'independent' } },
    config: BASE_CONFIG,
  } as TopLevelSpec;
}
