import { describe, expect, it } from 'vitest';
import { IRIS_X, IRIS_Y } from '@mlcompare/core/testing';
import { LinearRegression, LogisticRegression, Perceptron, Ridge } from '../src/index.js';

const X = [[0, 1], [1, 0], [2, 3], [3, 1], [4, 4], [5, 2]];
const y = [1, 2, 5, 5, 9, 8];

describe('convergence of the iterative linear models (scikit-learn ConvergenceWarning)', () => {
  it('LogisticRegression (L-BFGS) stopped at maxIter did not converge; with room it did', async () => {
    const short = await new LogisticRegression({ maxIter: 2 }).fit(IRIS_X, IRIS_Y);
    expect(short.convergence).toEqual({ converged: false, iterations: 2, param: 'maxIter', limit: 2 });
    const long = await new LogisticRegression({ maxIter: 1000 }).fit(IRIS_X, IRIS_Y);
    expect(long.convergence?.converged).toBe(true);
    expect(long.convergence!.iterations).toBeLessThan(1000);
  });

  it("LogisticRegression engine 'ml-logistic-regression' has no convergence test: undefined", async () => {
    const m = await new LogisticRegression({ engine: 'ml-logistic-regression', maxIter: 5 }).fit(IRIS_X, IRIS_Y);
    expect(m.convergence).toBeUndefined();
  });

  it('Perceptron stopped at maxIter did not converge', async () => {
    const m = await new Perceptron({ maxIter: 1 }).fit(IRIS_X, IRIS_Y);
    expect(m.convergence).toEqual({ converged: false, iterations: 1, param: 'maxIter', limit: 1 });
    const ok = await new Perceptron({ maxIter: 1000 }).fit(IRIS_X, IRIS_Y);
    expect(ok.convergence?.converged).toBe(true);
  });

  it("LinearRegression solver 'gd' reports it; 'lstsq' and Ridge have no iteration limit", async () => {
    const gd = await new LinearRegression({ solver: 'gd', maxIter: 3 }).fit(X, y);
    expect(gd.convergence).toEqual({ converged: false, iterations: 3, param: 'maxIter', limit: 3 });
    expect((await new LinearRegression().fit(X, y)).convergence).toBeUndefined();
    expect((await new Ridge().fit(X, y)).convergence).toBeUndefined();
  });
});
