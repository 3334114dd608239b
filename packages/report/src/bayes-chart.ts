/**
 * The triangle plot of Benavoli, Corani, Demšar & Zaffalon (JMLR 2017, fig. 6; baycomp's
 * `plot_simplex`): the posterior of the Bayesian signed-rank test drawn on the probability simplex,
 * one point per posterior sample θ = (P(best better), P(equivalent), P(other better)), as a
 * vega-lite spec rendered to SVG in Node like the other charts. The corners are certainty of each
 * outcome; the three lines from the centre split the triangle where each θ is the largest, so the
 * share of points in a region is the probability the summary reports. The points are the first
 * {@link SIMPLEX_POINTS} samples of the summary's own test (same data, seed and ROPE).
 */
import type { TopLevelSpec } from 'vega-lite';
import { displayText } from '@mlcompare/core';
import { signedRankPoints } from './bayes-summary.js';
import { probTexts } from './bayes-words.js';
import { higherIsBetter, metricTitle } from './format.js';
import type { DatasetSummary, TaskComparison } from './types.js';

/** Most triangles drawn (the best mean rank against the next best-ranked models). */
const MAX_SIMPLEX_PANELS = 9;

/** Posterior samples drawn per triangle. */
export const SIMPLEX_POINTS = 1000;

/** Height of the equilateral triangle with a side of 1. */
const H = Math.sqrt(3) / 2;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/**
 * The triangle plots of a comparison's best mean rank against each other compared model (at most
 * {@link MAX_SIMPLEX_PANELS}), or null when there is no Bayesian comparison.
 *
 * @param c - The comparison (with `bayes`).
 * @param datasets - The run's datasets (the scores the test is recomputed from).
 * @returns A vega-lite spec.
 */
export function simplexSpec(c: TaskComparison, datasets: readonly DatasetSummary[]): TopLevelSpec | null {
  const b = c.bayes;
  if (!b || b.vsBest.length === 0) return null;
  const hb = higherIsBetter(c.metric);
  const best = b.models[0]!;
  const pairs = b.vsBest.slice(0, MAX_SIMPLEX_PANELS);
  const scale = { x: { domain: [-0.12, 1.12], nice: false, zero: false }, y: { domain: [-0.16, H + 0.1], nice: false, zero: false } };
  const xy = (xf: string, yf: string) => ({
    x: { field: xf, type: 'quantitative', scale: scale.x, axis: null },
    y: { field: yf, type: 'quantitative', scale: scale.y, axis: null },
  });
  const panels = pairs.map((p) => {
    const points = signedRankPoints(c, datasets, p, hb, SIMPLEX_POINTS).map(([, m, r]) => ({ x: 0.5 * m + r, y: H * m }));
    const cx = 0.5;
    const cy = H / 3;
    const t = probTexts(p);
    return {
      title: {
        text: displayText(`${best} vs ${p.label}`, 60),
        subtitle: `${t.worse} / ${t.equivalent} / ${t.better}`,
      },
      width: 220,
      height: 200,
      layer: [
        {
          data: { values: points },
          mark: { type: 'circle', size: 7, opacity: 0.22, color: '#0072B2' },
          encoding: xy('x', 'y'),
        },
        {
          data: {
            values: [
              { x: 0, y: 0, i: 0 },
              { x: 1, y: 0, i: 1 },
              { x: 0.5, y: H, i: 2 },
              { x: 0, y: 0, i: 3 },
            ],
          },
          mark: { type: 'line', color: '#333', strokeWidth: 1.2 },
          encoding: { ...xy('x', 'y'), order: { field: 'i', type: 'quantitative' } },
        },
        {
          data: {
            values: [
              { x: cx, y: cy, x2: 0.5, y2: 0 },
              { x: cx, y: cy, x2: 0.25, y2: H / 2 },
              { x: cx, y: cy, x2: 0.75, y2: H / 2 },
            ],
          },
          mark: { type: 'rule', color: '#999', strokeDash: [3, 3] },
          encoding: { ...xy('x', 'y'), x2: { field: 'x2' }, y2: { field: 'y2' } },
        },
        {
          data: {
            values: [
              { x: 0, y: 0, t: `${best} better`, a: 'left' },
              { x: 1, y: 0, t: `${p.label} better`, a: 'right' },
              { x: 0.5, y: H, t: 'equivalent', a: 'center' },
            ],
          },
          layer: ['left', 'right', 'center'].map((a) => ({
            transform: [{ filter: `datum.a === '${a}'` }],
            mark: { type: 'text', fontSize: 11, align: a, dy: a === 'center' ? -8 : 14, limit: 200, color: '#333' },
            encoding: { ...xy('x', 'y'), text: { field: 't' } },
          })),
        },
      ],
    };
  });
  const more = b.vsBest.length - pairs.length;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Posterior of the Bayesian signed-rank test — ${c.task}, ${displayText(metricTitle(c.metric), 80)}`,
      subtitle:
        `one dot per posterior sample (the first ${SIMPLEX_POINTS.toLocaleString('en-US')} of ${b.nSamples.toLocaleString('en-US')}); the dashed lines split where each outcome is the most probable; ` +
        `numbers: P(${displayText(best, 40)} better) / P(equivalent) / P(other better)${more > 0 ? `; ${more} more model${more === 1 ? '' : 's'} in the table` : ''}`,
    },
    columns: 3,
    concat: panels,
    config: {
      font: FONT,
      aria: false,
      view: { stroke: null },
      title: { fontSize: 13, fontWeight: 600, anchor: 'start', offset: 8, subtitleFontSize: 11 },
    },
  } as TopLevelSpec;
}
