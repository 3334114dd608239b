import { describe, expect, it } from 'vitest';
import type { JobResult } from '@mlcompare/core';
import { convergenceWarnings, targetScaling, targetScalingText } from '../src/fit-notes.js';
import { renderTerminalSummary, summarize } from '../src/index.js';
import { job } from './helpers.js';

function mlp(fold: number, converged: boolean, extra: Partial<JobResult> = {}): JobResult {
  return {
    ...job('diabetes', 'regression', 'mlp', fold, 0.4),
    model: 'mlp',
    className: 'MLPRegressor',
    convergence: { converged, iterations: converged ? 57 : 200, param: 'maxIter', limit: 200 },
    ...extra,
  };
}

describe('convergenceWarnings', () => {
  it('counts the folds that stopped at the limit among the finished ones, and names the remedy', () => {
    const results = [mlp(0, false), mlp(1, true), mlp(2, false), mlp(3, false, { status: 'error', metrics: {} }), job('diabetes', 'regression', 'linear', 0, 0.5)];
    expect(convergenceWarnings(results)).toEqual(['mlp stopped at maxIter=200 before converging on diabetes in 2/3 folds; try mlp:maxIter=1000']);
  });

  it('keeps the suite parameters in the remedy, ignores inner trial lines, and says nothing when every fold converged', () => {
    const p = { hiddenLayerSizes: [64, 32], maxIter: 200 };
    const labelled = (f: number) => mlp(f, false, { params: p, label: 'mlp(hiddenLayerSizes=64,32,maxIter=200)' });
    const inner = { ...mlp(9, false), jobId: 'inner', inner: { outerJobId: 'x', candidate: 0, innerFold: 0 } } as unknown as JobResult;
    expect(convergenceWarnings([labelled(0), labelled(1), inner])).toEqual([
      'mlp(hiddenLayerSizes=64,32,maxIter=200) stopped at maxIter=200 before converging on diabetes in 2/2 folds; try mlp:hiddenLayerSizes=64x32,maxIter=1000',
    ]);
    expect(convergenceWarnings([mlp(0, true), mlp(1, true)])).toEqual([]);
  });

  it('a limit no parameter sets is named without a remedy', () => {
    const r = { ...mlp(0, false), convergence: { converged: false, iterations: 10_000_000, limit: 10_000_000 } };
    expect(convergenceWarnings([r])).toEqual(['mlp stopped at its iteration limit (10000000) before converging on diabetes in 1/1 folds']);
  });

  it('summary.json warnings and the terminal carry it', () => {
    const s = summarize([mlp(0, false), mlp(1, false)], null);
    expect(s.warnings).toContain('mlp stopped at maxIter=200 before converging on diabetes in 2/2 folds; try mlp:maxIter=1000');
    expect(renderTerminalSummary(s)).toContain('Warning: mlp stopped at maxIter=200 before converging on diabetes in 2/2 folds; try mlp:maxIter=1000');
  });
});

describe('targetScaling', () => {
  it('lists per dataset the models whose target was standardised, and the sentence says it', () => {
    const t = targetScaling([mlp(0, true, { scaledTarget: true }), mlp(1, true, { scaledTarget: true }), { ...job('diabetes', 'regression', 'linear', 0, 0.5), scaledTarget: false }], null);
    expect(t).toEqual({ setting: null, scaled: [{ dataset: 'diabetes', labels: ['mlp'] }] });
    expect(targetScalingText(t, true)).toMatch(/^Regression targets were standardised inside each fold .* for mlp on diabetes \(scaleTarget not recorded;/);
    expect(targetScalingText({ setting: false, scaled: [] }, true)).toBe(
      'Regression targets were used as they are (scaleTarget false), as scikit-learn does without TransformedTargetRegressor.',
    );
    expect(targetScalingText(t, false)).toBeNull();
  });
});
