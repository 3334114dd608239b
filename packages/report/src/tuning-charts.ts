/**
 * The anytime chart of tuned models, as a vega-lite spec rendered like the report's other charts
 * (`renderVegaLite` in `charts.ts`, the same look and the same rules for text from the data: names
 * only as data values and cleaned titles, orders as a numeric field).
 */
import type { TopLevelSpec } from 'vega-lite';
import { BASE_CONFIG, MAX_CHART_MODELS, chartText, leftOut } from './charts.js';
import { metricTitle } from './format.js';
import type { TunedModelSummary } from './tuning-types.js';

/**
 * Anytime curves of one dataset's tuned models: the best-so-far mean inner score (mean over outer
 * folds) against the number of evaluations (left) and against the CPU seconds the inner trials had
 * used (right, log scale), one line per tuned model. It shows how fast each family's search
 * converges and what a budget buys; it is the search's own estimate, not the model's score.
 *
 * @param dataset - Dataset name (title).
 * @param models - The dataset's tuned models; the first 40 with a curve by label are drawn (a label keeps
 *   its colour across datasets with the same tuned models).
 * @returns A vega-lite spec, or null when no model has a curve.
 */
export function anytimeChartSpec(dataset: string, models: readonly TunedModelSummary[]): TopLevelSpec | null {
  // By label, so that a family keeps its colour from one dataset's chart to the next.
  const withCurve = models.filter((m) => m.anytime.length > 0).sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const shown = withCurve.slice(0, MAX_CHART_MODELS);
  const values = shown.flatMap((m, i) => m.anytime.map((p) => ({ i, label: m.label, evaluations: p.evaluations, cpuSeconds: p.cpuSeconds, best: p.best })));
  if (values.length === 0) return null;
  const metrics = [...new Set(shown.map((m) => metricTitle(m.metric)))];
  const logTime = values.every((v) => v.cpuSeconds > 0);
  const y = { field: 'best', type: 'quantitative', title: chartText(`best mean inner ${metrics.join(' / ')} so far`), scale: { zero: false } };
  const color = { field: 'label', type: 'nominal', title: null, sort: { field: 'i', op: 'min' }, legend: { orient: 'bottom', columns: 3 }, scale: { scheme: 'tableau10' } };
  const line = (x: object) => ({
    width: 300,
    height: 190,
    mark: { type: 'line', point: { size: 18 }, strokeWidth: 1.8, interpolate: 'step-after' },
    encoding: { x, y, color, detail: { field: 'i', type: 'nominal' } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: chartText(dataset),
      subtitle: `anytime curves: best-so-far mean inner score, mean over outer folds (the search's estimate, not the model's score)${leftOut(shown.length, withCurve.length, 'tuned models')}`,
    },
    data: { values },
    hconcat: [
      line({ field: 'evaluations', type: 'quantitative', title: 'evaluations', axis: { tickMinStep: 1 } }),
      line({ field: 'cpuSeconds', type: 'quantitative', title: `CPU seconds of the inner trials${logTime ? ' (log scale)' : ''}`, scale: logTime ? { type: 'log' } : { zero: true } }),
    ],
    config: BASE_CONFIG,
  } as TopLevelSpec;
}
