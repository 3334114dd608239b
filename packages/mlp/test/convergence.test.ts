import { describe, expect, it } from 'vitest';
import { MLPClassifier, MLPRegressor } from '../src/index.js';

const X = [[0], [1], [2], [3], [4], [5], [6], [7]];
const labels = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
const target = [0, 0, 0, 0, 1, 1, 1, 1];

describe('MLP convergence (scikit-learn ConvergenceWarning: stopped at max_iter)', () => {
  it('a fit that stops at maxIter says converged: false, with the limit and the parameter that sets it', async () => {
    const clf = await new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 3, seed: 2 }).fit(X, labels);
    expect(clf.convergence).toEqual({ converged: false, iterations: 3, param: 'maxIter', limit: 3 });
    clf.dispose();
    const reg = await new MLPRegressor({ hiddenLayerSizes: [4], maxIter: 2, seed: 2 }).fit(X, target);
    expect(reg.convergence).toEqual({ converged: false, iterations: 2, param: 'maxIter', limit: 2 });
    reg.dispose();
  });

  it('a fit that meets its stopping rule before maxIter converged; none before fit', async () => {
    // tol = 10 is never beaten: the first epoch sets the best loss, then nIterNoChange + 1 = 3 epochs without
    // improvement stop it (scikit-learn's _update_no_improvement_count): 4 epochs.
    const clf = new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 50, tol: 10, nIterNoChange: 2, seed: 2 });
    expect(clf.convergence).toBeUndefined();
    await clf.fit(X, labels);
    expect(clf.convergence).toEqual({ converged: true, iterations: 4, param: 'maxIter', limit: 50 });
    clf.dispose();
  });
});
