/**
 * The cost curve's pure parts (benchmarks/perf/cost-curve.ts measures, these draw and tabulate):
 * decade ticks, the log–log slope, the chart's log scales and line styles, and the tables.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '@mlcompare/core';
import { costCurveSpec, costCurveTable, costSlopeTable, durationLabel, logLogSlope, renderVegaLite, rowsLabel, type CostPoint } from '../src/index.js';
import { decadeTicks } from '../src/cost-curve.js';

/** A curve that grows exactly as c · (rows / 1000)^k at the given row counts. */
function power(curve: string, side: CostPoint['side'], c: number, k: number, sizes = [1000, 2000, 5000, 10000, 100000]): CostPoint[] {
  return sizes.map((rows) => ({ curve, side, rows, ms: c * (rows / 1000) ** k }));
}

describe('decadeTicks', () => {
  it('encloses the range in whole decades', () => {
    expect(decadeTicks(3, 40)).toEqual([1, 10, 100]);
    expect(decadeTicks(0.42, 61234)).toEqual([0.1, 1, 10, 100, 1000, 10000, 100000]);
  });
  it('keeps an exact power of ten as its own end', () => {
    expect(decadeTicks(1000, 100000)).toEqual([1000, 10000, 100000]);
    expect(decadeTicks(0.001, 0.1)).toEqual([0.001, 0.01, 0.1]);
  });
  it('gives two ticks when the range is one value', () => {
    expect(decadeTicks(10, 10)).toEqual([10, 100]);
    expect(decadeTicks(5, 5)).toEqual([1, 10]);
  });
  it('refuses what a log scale cannot show, naming the argument and the value', () => {
    expect(() => decadeTicks(0, 10)).toThrow(InputError);
    expect(() => decadeTicks(0, 10)).toThrow(/Argument 'min' passed to 'decadeTicks' must be a finite number > 0.*but got 0/);
    expect(() => decadeTicks(1, Number.NaN)).toThrow(/Argument 'max'.*NaN/);
    expect(() => decadeTicks(10, 1)).toThrow(/'max' passed to 'decadeTicks' must be >= min \(10\), but got 1/);
  });
});

describe('logLogSlope', () => {
  it('recovers the exponent of a power law', () => {
    expect(logLogSlope(power('a', 'ours', 3, 1))).toBeCloseTo(1, 12);
    expect(logLogSlope(power('a', 'ours', 0.2, 2))).toBeCloseTo(2, 12);
    expect(logLogSlope(power('a', 'ours', 7, 0.5))).toBeCloseTo(0.5, 12);
  });
  it('is the least-squares slope when the points are not on a line', () => {
    // log-log points (0, 0), (1, 2), (2, 2) in base e: slope of the least-squares line is 1.
    const e = Math.E;
    expect(logLogSlope([{ rows: 1, ms: 1 }, { rows: e, ms: e ** 2 }, { rows: e ** 2, ms: e ** 2 }])).toBeCloseTo(1, 12);
  });
  it('counts only the row counts from minRows up', () => {
    // A fixed cost of 50 ms flattens the small sizes; from 10k up the quadratic shows.
    const pts = [1000, 2000, 5000, 10000, 20000, 50000].map((rows) => ({ rows, ms: 50 + (rows / 1000) ** 2 * (rows >= 10000 ? 1 : 0) }));
    const large = logLogSlope(pts.filter((p) => p.rows >= 10000));
    expect(logLogSlope(pts, 10000)).toBe(large);
    expect(logLogSlope(pts)).not.toBeCloseTo(large!, 1);
  });
  it('has no slope with fewer than two distinct row counts', () => {
    expect(logLogSlope([])).toBeUndefined();
    expect(logLogSlope([{ rows: 10, ms: 1 }, { rows: 10, ms: 2 }])).toBeUndefined();
    expect(logLogSlope(power('a', 'ours', 1, 1), 100000)).toBeUndefined();
  });
  it('refuses a time of zero rather than returning NaN or -Infinity', () => {
    expect(() => logLogSlope([{ rows: 10, ms: 0 }, { rows: 100, ms: 1 }])).toThrow(/'ms' passed to 'logLogSlope' must be a finite number > 0.*but got 0/);
  });
});

describe('labels', () => {
  it('writes durations in ms below a second and in s from there', () => {
    expect([0.1, 1, 12.345, 999, 1000, 12345].map(durationLabel)).toEqual(['0.1 ms', '1 ms', '12.3 ms', '999 ms', '1 s', '12.3 s']);
  });
  it('writes row counts with k and M', () => {
    expect([500, 1000, 20000, 100000, 1500000].map(rowsLabel)).toEqual(['500', '1k', '20k', '100k', '1.5M']);
  });
});

describe('costCurveSpec', () => {
  const points = [...power('logistic', 'ours', 2, 1), ...power('logistic', 'scikit-learn', 1, 1), ...power('knn predict', 'ours', 5, 2)];
  const spec = costCurveSpec(points, { title: 'Fit time', subtitle: ['2026-12-07'] }) as unknown as {
    encoding: Record<string, { scale: { type?: string; domain: unknown[]; range: unknown[] }; axis: { values: number[] } }>;
  };

  it('puts both axes on log scales with one tick per decade', () => {
    expect(spec.encoding.x!.scale.type).toBe('log');
    expect(spec.encoding.y!.scale.type).toBe('log');
    expect(spec.encoding.x!.axis.values).toEqual([1000, 10000, 100000]);
    expect(spec.encoding.x!.scale.domain).toEqual([1000, 100000]);
    // times from 1 ms (logistic, sklearn, 1k) to 5 · 100² = 50,000 ms
    expect(spec.encoding.y!.axis.values).toEqual([1, 10, 100, 1000, 10000, 100000]);
  });
  it('draws ours solid and scikit-learn dashed, one colour per curve in the order given', () => {
    expect(spec.encoding.strokeDash!.scale.domain).toEqual(['ours', 'scikit-learn']);
    const [solid, dashed] = spec.encoding.strokeDash!.scale.range as number[][];
    expect(solid![1]).toBe(0);
    expect(dashed![1]).toBeGreaterThan(0);
    expect(spec.encoding.color!.scale.domain).toEqual(['logistic', 'knn predict']);
    const colours = spec.encoding.color!.scale.range as string[];
    expect(new Set(colours).size).toBe(2);
  });
  it('renders an SVG with the decade labels, the title and both legends', async () => {
    const warnings: string[] = [];
    const svg = await renderVegaLite(costCurveSpec(points, { title: 'Fit time against rows', subtitle: ['load 1.23'] })!, warnings);
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['1k', '10k', '100k', '1 ms', '10 ms', '100 ms', '1 s', '10 s', '100 s', 'Fit time against rows', 'load 1.23', 'ours', 'scikit-learn', 'knn predict']) {
      expect(svg).toContain(`>${label}<`);
    }
    // One line per curve and side, coloured by curve, dashed for scikit-learn: logistic ours and
    // scikit-learn share a colour, knn predict (ours only) has another.
    const lines = [...svg.matchAll(/<path d="M[^"]*L[^"]*" stroke="(#[0-9a-f]{6})" stroke-width="2" stroke-dasharray="([\d,]+)"\/>/g)].map((m) => `${m[1]} ${m[2]}`);
    const [logistic, knn] = spec.encoding.color!.scale.range as string[];
    expect(lines.sort()).toEqual([`${logistic} 1,0`, `${logistic} 6,4`, `${knn} 1,0`].sort());
    // The line-style legend draws its two strokes (vega-lite gives them no colour by itself).
    const symbols = [...svg.matchAll(/<path transform="[^"]*" d="M-?[\d.]+,0L[\d.]+,0"[^>]*>/g)].map((m) => m[0]);
    expect(symbols).toHaveLength(2);
    for (const [i, dash] of ['1,0', '6,4'].entries()) {
      expect(symbols[i]).toContain('stroke="#444"');
      expect(symbols[i]).toContain(`stroke-dasharray="${dash}"`);
    }
  });
  it('keeps a title line longer than a chart name whole (it carries the date, machine and commit)', async () => {
    const line = `2026-12-07 11:07 UTC, commit 5e3a369; AMD EPYC 7B13, 2 cores, 24 GiB, Node v20.20.2; load average 0.52 at the start`;
    expect(line.length).toBeGreaterThan(100);
    const svg = await renderVegaLite(costCurveSpec(points, { title: 'Fit time', subtitle: [line, 'second\nline'] })!);
    expect(svg).toContain(`>${line}<`);
    expect(svg).not.toContain('…');
    expect(svg).toContain('>second line<');
  });
  it('has nothing to draw without points, and refuses a zero time naming the point', () => {
    expect(costCurveSpec([], { title: 't' })).toBeNull();
    expect(() => costCurveSpec([{ curve: 'svm', side: 'ours', rows: 1000, ms: 0 }], { title: 't' })).toThrow(/Point 0's 'ms' \(svm, ours\) passed to 'costCurveSpec'.*but got 0/);
  });
});

describe('costCurveTable and costSlopeTable', () => {
  it('lists ours, scikit-learn and the ratio per curve and row count, ascending, with a dash where a side is missing', () => {
    const table = costCurveTable([
      { curve: 'svm', side: 'ours', rows: 20000, ms: 4800.4 },
      { curve: 'svm', side: 'ours', rows: 1000, ms: 12.345 },
      { curve: 'svm', side: 'scikit-learn', rows: 1000, ms: 10 },
      { curve: 'a|b', side: 'scikit-learn', rows: 1000, ms: 0.25 },
    ]);
    expect(table.split('\n')).toEqual([
      '| model family | training rows | ours (ms) | scikit-learn (ms) | ours ÷ scikit-learn |',
      '|:---|---:|---:|---:|---:|',
      '| svm | 1,000 | 12.3 | 10 | 1.23× |',
      '| svm | 20,000 | 4,800 | — | — |',
      '| a\\|b | 1,000 | — | 0.25 | — |',
      '',
    ]);
  });
  it('gives each curve its slopes over all row counts and from largeFrom up', () => {
    // 1 ms at 1k and 2k (a fixed cost), then a power law from 5k: the slopes over every size
    // (numpy.polyfit of the logs: 1.5947 and 1.0631) differ from those from 5k up (1.5 and 1).
    const fixedThen = (side: CostPoint['side'], k: number) => power('cart', side, 1, k).map((p) => (p.rows < 5000 ? { ...p, ms: 1 } : p));
    const pts = [...fixedThen('ours', 1.5), ...fixedThen('scikit-learn', 1), ...power('mlp', 'ours', 1, 1, [1000])];
    expect(costSlopeTable(pts, 5000).split('\n')).toEqual([
      '| model family | slope, ours | slope, scikit-learn | ours from 5k | scikit-learn from 5k |',
      '|:---|---:|---:|---:|---:|',
      '| cart | 1.59 | 1.06 | 1.50 | 1.00 |',
      '| mlp | — | — | — | — |',
      '',
    ]);
  });
});
