// What a fitted linear model says ran, and that the library a user selects is the one called.
import MlLogisticRegression from 'ml-logistic-regression';
import { MultivariateLinearRegression } from 'ml-regression';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LinearRegression, LogisticRegression } from '../src/index.js';

// ml-regression's MultivariateLinearRegression trains in its constructor, which a spy on the
// prototype cannot see: the module is replaced by one whose class counts its constructions and
// otherwise is the library's own.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('ml-regression', async (importOriginal) => {
  const lib = await importOriginal<typeof import('ml-regression')>();
  class Counted extends lib.MultivariateLinearRegression {
    constructor(...args: ConstructorParameters<typeof lib.MultivariateLinearRegression>) {
      super(...args);
      built.count++;
    }
  }
  return { ...lib, MultivariateLinearRegression: Counted };
});

afterEach(() => {
  vi.restoreAllMocks();
  built.count = 0;
});

const Xr = [[1, 2], [2, 1], [3, 5], [4, 3], [5, 8], [6, 5]];
const yr = Xr.map(([a, b]) => 2 * a! - b! + 1 + (a! % 2) * 0.1);

describe("engine: 'ml-regression' calls ml-regression", () => {
  it('fit constructs its MultivariateLinearRegression and predict calls its predict; the default engine calls neither', async () => {
    const predict = vi.spyOn(MultivariateLinearRegression.prototype, 'predict');
    const m = await new LinearRegression({ engine: 'ml-regression' }).fit(Xr, yr);
    expect(built.count).toBe(1);
    const out = await m.predict([[7, 7], [0, 0]]);
    expect(predict).toHaveBeenCalledTimes(1);
    // Its answer, not another solver's: the library's own prediction on the same rows.
    expect(out).toEqual(new MultivariateLinearRegression(Xr, yr.map((v) => [v]), { statistics: false }).predict([[7, 7], [0, 0]]).map((r) => r[0]));
    built.count = 0;
    predict.mockClear();
    const own = await new LinearRegression().fit(Xr, yr);
    await own.predict([[7, 7]]);
    expect(built.count).toBe(0);
    expect(predict).not.toHaveBeenCalled();
  });
});

describe("engine: 'ml-logistic-regression' calls ml-logistic-regression", () => {
  it('fit calls its train, predict its predict', async () => {
    const train = vi.spyOn(MlLogisticRegression.prototype, 'train');
    const predict = vi.spyOn(MlLogisticRegression.prototype, 'predict');
    const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4]];
    const y = ['a', 'a', 'a', 'b', 'b', 'b'];
    const m = await new LogisticRegression({ engine: 'ml-logistic-regression', maxIter: 200, learningRate: 0.05 }).fit(X, y);
    expect(train).toHaveBeenCalledTimes(1);
    expect(await m.predict([[0, 0.5], [4.5, 4.5]])).toEqual(['a', 'b']);
    expect(predict).toHaveBeenCalledTimes(1);
    expect(m.backend).toBe('js');
    train.mockClear();
    await new LogisticRegression().fit(X, y);
    expect(train).not.toHaveBeenCalled();
  });
});

describe('LogisticRegression backend: what ran the fit', () => {
  // Node 20's WebAssembly has SIMD, so the L-BFGS products run on core's SIMD kernel here; the
  // JavaScript fallback is checked in backend-js.test.ts (a host whose WebAssembly lacks SIMD).
  it("says 'wasm-simd' after an L-BFGS fit, 'js' before; a model read from JSON says where it was fitted", async () => {
    const X = [[0, 0], [0, 1], [1, 0], [4, 4], [4, 5], [5, 4], [9, 0], [9, 1]];
    const y = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c'];
    const m = new LogisticRegression();
    expect(m.backend).toBe('js');
    await m.fit(X, y);
    expect(m.backend).toBe('wasm-simd');
    const back = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.backend).toBe('wasm-simd');
    const binary = await new LogisticRegression().fit(X.slice(0, 6), y.slice(0, 6));
    expect(binary.backend).toBe('wasm-simd');
    // A JSON written before the backend was recorded reads as 'js'.
    const old = JSON.parse(JSON.stringify(m)) as { state: { model: Record<string, unknown> } };
    delete old.state.model.backend;
    expect(LogisticRegression.fromJSON(old).backend).toBe('js');
  });
});
