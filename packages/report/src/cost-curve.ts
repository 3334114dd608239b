/**
 * The cost curve: time against training rows for each model family beside scikit-learn's, as a
 * log–log chart (a vega-lite spec, rendered to SVG by {@link renderVegaLite}) and Markdown tables
 * with the fitted log–log slope of each curve. `benchmarks/perf/cost-curve.ts` measures the
 * points and writes `docs/cost-curve.svg` and `docs/cost-curve.md` with these functions.
 *
 * On a log–log chart a cost that grows as rowsᵏ is a straight line of slope k: 1 for a linear
 * cost, 2 for a quadratic one, below 1 where a fixed cost still dominates.
 */
import type { TopLevelSpec } from 'vega-lite';
import { InputError, displayText, formatValue } from '@mlcompare/core';
import { BASE_CONFIG, chartText } from './charts.js';
import { escapeMarkdown } from './escape.js';

/** Whose time a point is: our model's or scikit-learn's matching estimator's. */
export type CostSide = 'ours' | 'scikit-learn';

/** One measured time of a cost curve. */
export interface CostPoint {
  /** The curve: a model family and what is timed (`'logistic'`, `'knn predict'`). */
  curve: string;
  /** Ours or scikit-learn. */
  side: CostSide;
  /** Training rows. */
  rows: number;
  /** Wall time in milliseconds (> 0). */
  ms: number;
}

/** Options of {@link costCurveSpec}. */
export interface CostCurveChartOptions {
  /** The chart's title. */
  title: string;
  /** Lines under the title (date, machine, load, commit). */
  subtitle?: readonly string[];
}

/** Most code points of a line of the chart's title. */
const MAX_TITLE_LINE = 160;

/** Line style of each side: ours solid, scikit-learn dashed. */
const DASH: Record<CostSide, number[]> = { ours: [1, 0], 'scikit-learn': [6, 4] };

/** Colours of the curves, in the order the curves first appear (vega's tableau10, then two more). */
const CURVE_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#17becf', '#7f7f7f'];

function checkPositive(value: number, what: string, fn: string): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InputError(`${what} passed to '${fn}' must be a finite number > 0 (a log scale has no place for it otherwise), but got ${formatValue(value)}.`);
  }
}

/**
 * The powers of ten that enclose `[min, max]`: from 10^⌊log10 min⌋ to 10^⌈log10 max⌉, the tick
 * values (and domain ends) of a log axis with one tick per decade.
 *
 * @param min - The smallest value to show (> 0).
 * @param max - The largest value to show (≥ min).
 * @returns At least two powers of ten, ascending (`decadeTicks(3, 40)` is `[1, 10, 100]`).
 * @throws {@link @mlcompare/core!InputError | InputError} when a bound is not a finite number > 0 or max < min.
 */
export function decadeTicks(min: number, max: number): number[] {
  checkPositive(min, "Argument 'min'", 'decadeTicks');
  checkPositive(max, "Argument 'max'", 'decadeTicks');
  if (max < min) throw new InputError(`Argument 'max' passed to 'decadeTicks' must be >= min (${formatValue(min)}), but got ${formatValue(max)}.`);
  // Math.log10 is exact at every power of ten from 1e-300 to 1e300, so 1000 is its own decade.
  const lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi = lo + 1;
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) ticks.push(Number(`1e${e}`));
  return ticks;
}

/**
 * A duration for a time axis or a table: `'0.1 ms'`, `'10 ms'`, `'1 s'`, `'100 s'`.
 *
 * @param ms - Milliseconds.
 * @returns Milliseconds below one second, seconds from there, with at most 3 significant digits.
 */
export function durationLabel(ms: number): string {
  const num = (v: number): string => String(Number(v.toPrecision(3)));
  return Math.abs(ms) >= 1000 ? `${num(ms / 1000)} s` : `${num(ms)} ms`;
}

/**
 * A row count for an axis or a table: `'1k'`, `'20k'`, `'100k'`, `'1.5M'`, `'500'`.
 *
 * @param rows - A count.
 * @returns The count with a k (thousands) or M (millions) suffix where it has one.
 */
export function rowsLabel(rows: number): string {
  const num = (v: number): string => String(Number(v.toPrecision(3)));
  if (rows >= 1e6) return `${num(rows / 1e6)}M`;
  if (rows >= 1e3) return `${num(rows / 1e3)}k`;
  return num(rows);
}

/**
 * The least-squares slope of log(ms) against log(rows): k where time grows as rowsᵏ.
 *
 * @param points - The curve's points (one per row count; every value > 0).
 * @param minRows - Only points with at least this many rows count (default 0: all).
 * @returns The slope, or undefined when fewer than two distinct row counts are left.
 * @throws {@link @mlcompare/core!InputError | InputError} when a counted point has rows or ms that is not a finite number > 0.
 */
export function logLogSlope(points: ReadonlyArray<{ rows: number; ms: number }>, minRows = 0): number | undefined {
  const used = points.filter((p) => p.rows >= minRows);
  for (const p of used) {
    checkPositive(p.rows, "A point's 'rows'", 'logLogSlope');
    checkPositive(p.ms, "A point's 'ms'", 'logLogSlope');
  }
  if (new Set(used.map((p) => p.rows)).size < 2) return undefined;
  const xs = used.map((p) => Math.log(p.rows));
  const ys = used.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

function checkPoints(points: readonly CostPoint[], fn: string): void {
  points.forEach((p, i) => {
    checkPositive(p.rows, `Point ${i}'s 'rows' (${chartText(p.curve)}, ${p.side})`, fn);
    checkPositive(p.ms, `Point ${i}'s 'ms' (${chartText(p.curve)}, ${p.side})`, fn);
  });
}

/** The curves in the order they first appear. */
function curveOrder(points: readonly CostPoint[]): string[] {
  return [...new Set(points.map((p) => p.curve))];
}

/**
 * The log–log cost chart: one colour per curve, ours solid and scikit-learn dashed, a point at
 * each measurement, one axis tick per decade on both axes (`decadeTicks`), and a legend for
 * the curves and one for the line styles.
 *
 * @param points - The measured times (each > 0).
 * @param options - Title and subtitle lines.
 * @returns A vega-lite spec for {@link renderVegaLite}, or null when there is no point.
 * @throws {@link @mlcompare/core!InputError | InputError} when a point's rows or ms is not a finite number > 0.
 */
export function costCurveSpec(points: readonly CostPoint[], options: CostCurveChartOptions): TopLevelSpec | null {
  if (points.length === 0) return null;
  checkPoints(points, 'costCurveSpec');
  const curves = curveOrder(points);
  const rows = points.map((p) => p.rows);
  const ms = points.map((p) => p.ms);
  const xTicks = decadeTicks(Math.min(...rows), Math.max(...rows));
  const yTicks = decadeTicks(Math.min(...ms), Math.max(...ms));
  // Curve names are data: they reach the chart only as data values, never inside an expression.
  const values = points.map((p) => ({ curve: chartText(p.curve), side: p.side, rows: p.rows, ms: p.ms, i: curves.indexOf(p.curve) }));
  const names = curves.map((c) => chartText(c));
  const sides = (['ours', 'scikit-learn'] as const).filter((s) => points.some((p) => p.side === s));
  const axis = { grid: true, gridColor: '#e3e7ec' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // The title and its lines are ours (date, machine, load, commit): one line each, no control
    // characters, but not cut at chartText's 80 code points.
    title: { text: displayText(options.title, MAX_TITLE_LINE), subtitle: (options.subtitle ?? []).map((s) => displayText(s, MAX_TITLE_LINE)), subtitleColor: '#333' },
    background: 'white',
    padding: 12,
    width: 640,
    height: 420,
    data: { values },
    encoding: {
      x: {
        field: 'rows',
        type: 'quantitative',
        title: 'training rows (log scale)',
        scale: { type: 'log', domain: [xTicks[0]!, xTicks[xTicks.length - 1]!], nice: false },
        axis: { ...axis, values: xTicks, labelExpr: "datum.value >= 1000000 ? format(datum.value / 1000000, '~g') + 'M' : datum.value >= 1000 ? format(datum.value / 1000, '~g') + 'k' : format(datum.value, '~g')" },
      },
      y: {
        field: 'ms',
        type: 'quantitative',
        title: 'wall time (log scale)',
        scale: { type: 'log', domain: [yTicks[0]!, yTicks[yTicks.length - 1]!], nice: false },
        axis: { ...axis, values: yTicks, labelExpr: "datum.value >= 1000 ? format(datum.value / 1000, '~g') + ' s' : format(datum.value, '~g') + ' ms'" },
      },
      color: {
        field: 'curve',
        type: 'nominal',
        title: 'model family',
        sort: names,
        scale: { domain: names, range: names.map((_, i) => CURVE_COLORS[i % CURVE_COLORS.length]!) },
        legend: { orient: 'right' },
      },
      strokeDash: {
        field: 'side',
        type: 'nominal',
        title: 'line',
        scale: { domain: sides, range: sides.map((s) => DASH[s]) },
        // vega-lite gives a strokeDash legend no stroke colour of its own: set it on the symbols.
        legend: { orient: 'right', symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 400, encode: { symbols: { update: { stroke: { value: '#444' } } } } },
      },
      detail: { field: 'side', type: 'nominal' },
      order: { field: 'rows', type: 'quantitative' },
    },
    mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: 28 } },
    config: BASE_CONFIG,
  } as TopLevelSpec;
}

/** a ÷ b as `'2.31×'`, or `'—'` when either is missing. */
function ratioText(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`;
}

/** Milliseconds with 3 significant digits (no exponent), or `'—'`. */
function msText(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms >= 1000) return Math.round(ms).toLocaleString('en-US');
  return String(Number(ms.toPrecision(3)));
}

function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly ('l' | 'r')[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`, ...rows.map(line)].join('\n') + '\n';
}

/**
 * The cost table as GitHub Markdown: one line per curve and row count, with our time,
 * scikit-learn's and ours ÷ scikit-learn's (a dash where a side was not measured).
 *
 * @param points - The measured times (each > 0).
 * @returns The table, curves in the order they first appear, row counts ascending.
 * @throws {@link @mlcompare/core!InputError | InputError} when a point's rows or ms is not a finite number > 0.
 */
export function costCurveTable(points: readonly CostPoint[]): string {
  checkPoints(points, 'costCurveTable');
  const out: string[][] = [];
  for (const curve of curveOrder(points)) {
    const mine = points.filter((p) => p.curve === curve);
    for (const rows of [...new Set(mine.map((p) => p.rows))].sort((a, b) => a - b)) {
      const ours = mine.find((p) => p.rows === rows && p.side === 'ours')?.ms;
      const sk = mine.find((p) => p.rows === rows && p.side === 'scikit-learn')?.ms;
      out.push([escapeMarkdown(curve), rows.toLocaleString('en-US'), msText(ours), msText(sk), ratioText(ours, sk)]);
    }
  }
  return markdownTable(['model family', 'training rows', 'ours (ms)', 'scikit-learn (ms)', 'ours ÷ scikit-learn'], out, ['l', 'r', 'r', 'r', 'r']);
}

/**
 * The slopes table as GitHub Markdown: per curve, the log–log slope of ours and of scikit-learn's
 * over every row count, and over the row counts from `largeFrom` up (where fixed costs no longer
 * hide how the cost grows).
 *
 * @param points - The measured times (each > 0).
 * @param largeFrom - The smallest row count of the second pair of slopes (default 10,000).
 * @returns The table, with a dash where fewer than two row counts were measured.
 * @throws {@link @mlcompare/core!InputError | InputError} when a point's rows or ms is not a finite number > 0.
 */
export function costSlopeTable(points: readonly CostPoint[], largeFrom = 10_000): string {
  checkPoints(points, 'costSlopeTable');
  const text = (k: number | undefined): string => (k === undefined ? '—' : k.toFixed(2));
  const out = curveOrder(points).map((curve) => {
    const side = (s: CostSide) => points.filter((p) => p.curve === curve && p.side === s);
    return [
      escapeMarkdown(curve),
      text(logLogSlope(side('ours'))),
      text(logLogSlope(side('scikit-learn'))),
      text(logLogSlope(side('ours'), largeFrom)),
      text(logLogSlope(side('scikit-learn'), largeFrom)),
    ];
  });
  const from = rowsLabel(largeFrom);
  return markdownTable(['model family', 'slope, ours', 'slope, scikit-learn', `ours from ${from}`, `scikit-learn from ${from}`], out, ['l', 'r', 'r', 'r', 'r']);
}
