/**
 * Numbers at the edges (issue 11): parameters at infinity, finite but huge feature values,
 * and far more features than rows.
 */
import { FitError, ParameterError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { LinearRegression, Perceptron } from '../src/index.js';

describe('step sizes at the edge of their rule', () => {
  it('Perceptron refuses eta0 = Infinity before fitting (it gave NaN weights)', () => {
    expect(() => new Perceptron({ eta0: Infinity })).toThrow(ParameterError);
    expect(() => new Perceptron({ eta0: Infinity })).toThrow("The 'eta0' parameter of Perceptron must be a number in (0, Infinity). Got Infinity instead.");
  });

  it("LinearRegression 'gd' that diverges suggests a learning rate its rule accepts", async () => {
    expect(() => new LinearRegression({ solver: 'gd', learningRate: Infinity })).toThrow(ParameterError);
    const X = [[0], [1], [2], [3]];
    const y = [1, 3, 5, 7];
    const err = await new LinearRegression({ solver: 'gd', learningRate: 1e308 }).fit(X, y).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FitError);
    const suggested = /e\.g\. ([^)]+)\)/.exec((err as Error).message)?.[1];
    expect(suggested).toBeDefined();
    expect(LinearRegression.paramSpec.learningRate.accepts(Number(suggested))).toBe(true);
    expect(Number(suggested)).toBeLessThan(1e308);
  });
});
