import { IRIS_X, IRIS_Y } from '@mlcompare/core/testing';
import { describe, expect, it } from 'vitest';
import { SVC, SVR } from '../src/index.js';
import { libsvmConvergence } from '../src/internal/libsvm.js';

describe("libsvm's iteration limit (scikit-learn: 'Solver terminated early')", () => {
  it('parses what libsvm prints: the most iterations of its solver runs, and the warning it prints at its limit', () => {
    const lines = ['*', 'optimization finished, #iter = 96', 'nu = 0.33', '.*.*', 'optimization finished, #iter = 1520', 'Total nSV = 70'];
    expect(libsvmConvergence(lines, 150)).toEqual({ converged: true, iterations: 1520, limit: 10_000_000 });
    // libsvm 3.x Solver::Solve: max_iter = max(10000000, 100 * l), capped at INT_MAX.
    const stopped = ['....', 'WARNING: reaching max number of iterations', 'optimization finished, #iter = 20000000'];
    expect(libsvmConvergence(stopped, 200_000)).toEqual({ converged: false, iterations: 20_000_000, limit: 20_000_000 });
    expect(libsvmConvergence([], 10)).toBeUndefined();
  });

  it('SVC and SVR fitted with libsvm-js say how the solver ended; a model read from JSON does not know', async () => {
    const svc = await new SVC().fit(IRIS_X, IRIS_Y);
    const c = svc.convergence!;
    expect(c.converged).toBe(true);
    expect(c.iterations).toBeGreaterThan(0);
    expect(c).toEqual({ converged: true, iterations: c.iterations, limit: 10_000_000 });
    expect(SVC.fromJSON(JSON.parse(JSON.stringify(svc))).convergence).toBeUndefined();
    svc.dispose();
    const X = IRIS_X.map((r) => r.slice(0, 3));
    const y = IRIS_X.map((r) => r[3]!);
    const svr = await new SVR().fit(X, y);
    expect(svr.convergence?.converged).toBe(true);
    expect(svr.convergence!.iterations).toBeGreaterThan(0);
    svr.dispose();
    expect(new SVC().convergence).toBeUndefined();
  });
});
