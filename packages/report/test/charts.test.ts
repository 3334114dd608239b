/**
 * Charts with hostile input (issue 11): many models, and names that are code in vega's
 * expression language or vega-lite's field syntax.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { JobResult } from '@mlcompare/core';
import { MAX_CHART_MODELS, MAX_CD_MODELS, MAX_PANELS } from '../src/charts.js';
import { boundaryRowSpec, cdDiagramSpec, lossCurveSpec, renderHtml, renderVegaLite, scoreChartSpec, summarize, timeChartSpec } from '../src/index.js';
import { FIXTURE_DIR, job } from './helpers.js';

/** The fixture's valid result lines. */
function fixtureJobs(): JobResult[] {
  return readFileSync(join(FIXTURE_DIR, 'results.jsonl'), 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JobResult];
      } catch {
        return [];
      }
    });
}

/**
 * Every string of a compiled vega spec that vega parses as an expression or a field accessor:
 * signals, `expr`, `update`, `test`, filters and formulas, label expressions, `field` (and its
 * lists) and sort fields.
 */
function codeStrings(node: unknown, key = '', out: string[] = []): string[] {
  if (typeof node === 'string') {
    if (/^(signal|expr|update|test|filter|formula|labelExpr|field|fields|groupby|key|as|sort)$/.test(key)) out.push(node);
  } else if (Array.isArray(node)) {
    for (const x of node) codeStrings(x, key, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      // Inline data values are data, never code.
      if (k === 'values' && Array.isArray(v)) continue;
      codeStrings(v, k, out);
    }
  }
  return out;
}

/** Names that are code somewhere: expression strings, escapes, vega-lite's nested-field syntax. */
const HOSTILE = ['a\\b', 'q"uote', "it's", 'new\nline', 'dot.ted', 'arr[0]', 'end\\', '\\u12', '${x}', '</text><script>'];
const MARK = 'ZQX';

describe('charts with names that are code', () => {
  const base = fixtureJobs();
  for (const bad of HOSTILE) {
    it(`keeps ${JSON.stringify(bad)} out of every vega expression and field, and draws every chart`, async () => {
      const name = `${MARK}${bad}`;
      // Labels, the dataset name, class labels and feature names all carry the hostile text.
      const jobs = base.map((j) => ({
        ...j,
        label: `${j.label}${name}`,
        dataset: `${j.dataset}${name}`,
        ...(j.boundary ? { boundary: { ...j.boundary, features: [`f1${name}`, `f2${name}`] as [string, string], classes: ['c0', `c1${name}`] } } : {}),
      }));
      const s = summarize(jobs, null, { baseline: `dummy${name}` });
      const moons = s.datasets.find((d) => d.name.startsWith('moons'))!;
      const order = moons.models.map((m) => m.label);
      const panels = order.flatMap((label) => {
        const j = jobs.find((x) => x.label === label && x.dataset === moons.name && x.boundary);
        return j?.boundary ? [{ label, boundary: j.boundary }] : [];
      });
      const moonJobs = jobs.filter((j) => j.dataset === moons.name);
      const specs: Array<[string, TopLevelSpec | null]> = [
        ['score', scoreChartSpec(moons)],
        ['time', timeChartSpec(moons, moonJobs)],
        ['cd', cdDiagramSpec(s.comparisons[0]!)],
        ['boundary', boundaryRowSpec(moons.name, panels)],
        ['curves', lossCurveSpec(moons.name, moonJobs, order)],
      ];
      for (const [kind, spec] of specs) {
        expect(spec, kind).not.toBeNull();
        const vg = compile(spec!).spec;
        expect(codeStrings(vg).filter((c) => c.includes(MARK)), kind).toEqual([]);
        const warnings: string[] = [];
        const svg = await renderVegaLite(spec!, warnings);
        expect(svg, kind).toMatch(/^<svg /);
        expect(warnings, kind).toEqual([]);
      }
    }, 30_000);
  }
});

describe('charts with many models', () => {
  // 1,200 configurations on two datasets, one split each (so summarize runs no t-test).
  const jobs: JobResult[] = [];
  for (let m = 0; m < 1200; m++) {
    for (const [k, ds] of ['a', 'b'].entries()) {
      jobs.push({ ...job(ds, 'classification', `knn-${String(m).padStart(4, '0')}`, 0, 0.5 + ((m * (k + 3)) % 50) / 100), history: { loss: [1, 0.5], epochs: 2, stopReason: 'maxIter' } });
    }
  }
  const summary = summarize(jobs, null);

  it('draws the score, time, critical-difference and curve charts of 1,200 models, each saying what it left out', async () => {
    const warnings: string[] = [];
    const html = await renderHtml(summary, jobs, { chartWarnings: warnings });
    expect(warnings.filter((w) => w.startsWith('error'))).toEqual([]);
    expect(html).not.toContain('chart-missing');
    // 1 CD diagram, 1 triangle plot, 2 × (score + time), 2 training-curve charts.
    expect(html.match(/<svg /g)).toHaveLength(8);
    // The note is the subtitle's text (vega also repeats it in an aria-label).
    const notes = (n: number) => html.match(new RegExp(`showing the ${n} best-ranked of 1200 models, the tables list all</text>`, 'g'))?.length ?? 0;
    expect(notes(MAX_CHART_MODELS)).toBe(4);
    expect(notes(MAX_CD_MODELS)).toBe(1);
    expect(notes(MAX_PANELS)).toBe(2);
  }, 120_000);

  it('draws the best-ranked models in rank order', () => {
    const spec = scoreChartSpec(summary.datasets[0]!) as { data: { values: Array<{ i: number; label: string }> } };
    const drawn = spec.data.values;
    expect(drawn).toHaveLength(MAX_CHART_MODELS);
    expect(drawn.map((v) => v.label)).toEqual(summary.datasets[0]!.models.slice(0, MAX_CHART_MODELS).map((m) => m.label));
    expect(drawn.map((v) => v.i)).toEqual([...Array(MAX_CHART_MODELS).keys()]);
  });

  it('keeps a chart of few models whole, with no note', () => {
    const few = summarize(jobs.filter((j) => j.label < 'knn-0005'), null);
    const spec = scoreChartSpec(few.datasets[0]!) as { title: { subtitle: string }; data: { values: unknown[] } };
    expect(spec.data.values).toHaveLength(5);
    expect(spec.title.subtitle).not.toContain('showing');
  });
});

describe('training curves', () => {
  // Boosting without early stopping records only its final loss (as scikit-learn keeps no
  // train_score_): one point is no curve, and drew an empty panel whose epoch axis read
  // "1.000000" (seen on statecrime, issue 12 review).
  const curve = (label: string, fold: number, loss: number[]): JobResult => ({
    ...job('statecrime', 'regression', label, fold, 0.5),
    history: { loss, epochs: 100, stopReason: 'maxIter reached' },
  });
  it('gives no panel to a model whose history holds a single loss', () => {
    const jobs = [0, 1].flatMap((f) => [curve('mlp', f, [0.9, 0.5, 0.3]), curve('boosting', f, [12551])]);
    const spec = lossCurveSpec('statecrime', jobs, ['mlp', 'boosting']) as { data: { values: Array<{ label: string }> } };
    expect(new Set(spec.data.values.map((v) => v.label))).toEqual(new Set(['mlp']));
  });
  it('draws no chart when no model has a curve of two points', () => {
    expect(lossCurveSpec('statecrime', [curve('boosting', 0, [12551]), curve('boosting', 1, [9000, Number.NaN])], ['boosting'])).toBeNull();
  });
});
