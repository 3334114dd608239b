import { Matrix, ParameterError, Rng, SerializationError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { SVC, SVR, resolveGamma } from '../src/index.js';

/** Two well-separated Gaussian blobs (seeded). */
function blobs(n: number, d: number, seed: number, gap = 3): { X: number[][]; y: string[] } {
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    X.push(Array.from({ length: d }, (_, j) => rng.normal(j === 0 ? (c ? gap / 2 : -gap / 2) : 0, 1)));
    y.push(c ? 'pos' : 'neg');
  }
  return { X, y };
}

describe('resolveGamma', () => {
  it("'scale' is 1 / (nFeatures · variance of all values), 'auto' is 1 / nFeatures (scikit-learn 1.2)", () => {
    // Values 0, 1, 2, 3: mean 1.5, population variance 1.25; 2 features → 1 / 2.5 = 0.4.
    const X = Matrix.fromRows([[0, 1], [2, 3]]);
    expect(resolveGamma('scale', X)).toBe(0.4);
    expect(resolveGamma('auto', X)).toBe(0.5);
    expect(resolveGamma(0.7, X)).toBe(0.7);
    expect(resolveGamma('scale', Matrix.fromRows([[2, 2], [2, 2]]))).toBe(1);
  });
});

describe('SVC with libsvm-js', () => {
  it('matches scikit-learn 1.2.1 SVC decisions on a small problem', async () => {
    // Reference: sklearn.svm.SVC(kernel=k, C=1, gamma='scale', degree=2, coef0=1).fit(X, y).predict(Q)
    // run with /usr/bin/python3 on exactly these points.
    const X = [[0, 0], [1, 1], [0, 1], [1, 0], [0.5, 0.6], [0.2, 0.9], [0.9, 0.3], [0.4, 0.1]];
    const y = [0, 0, 1, 1, 0, 1, 1, 0];
    const Q = [[0.1, 0.1], [0.9, 0.9], [0.2, 0.8], [0.7, 0.2], [0.5, 0.5]];
    const expected: Record<string, number[]> = {
      linear: [0, 1, 1, 0, 1],
      rbf: [0, 0, 1, 1, 0],
      poly: [0, 0, 0, 0, 0],
      sigmoid: [0, 1, 1, 1, 1],
    };
    for (const engine of ['libsvm', 'libsvm-js'] as const) {
      for (const kernel of ['linear', 'rbf', 'poly', 'sigmoid'] as const) {
        const m = await new SVC({ kernel, degree: 2, coef0: 1, engine }).fit(X, y);
        expect(await m.predict(Q), `${engine} ${kernel}`).toEqual(expected[kernel]);
        m.dispose();
      }
    }
  });

  it('round-trips through JSON exactly (libsvm prints gamma and rho with 6 digits; we do not)', async () => {
    const { X } = blobs(80, 3, 5);
    const t = X.map((r) => r[0]! * 2 + Math.sin(r[1]!));
    const m = await new SVR({ C: 3, epsilon: 0.05 }).fit(X, t);
    const back = SVR.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(await back.predict(X)).toEqual(await m.predict(X));
    const state = (m.toJSON().state as { model: { model: string } }).model.model;
    expect(state).toMatch(/^svm_type epsilon_svr\n/);
    expect(state).toContain(`gamma ${m.gammaValue}\n`);
    m.dispose();
    back.dispose();
  });

  it('gives predictProba only with probability: true, with a message saying how', async () => {
    const { X, y } = blobs(60, 2, 3);
    const m = await new SVC().fit(X, y);
    expect(m.supportsProba).toBe(false);
    await expect(m.predictProba(X)).rejects.toThrow(ParameterError);
    await expect(m.predictProba(X)).rejects.toThrow(/\{ probability: true \}/);
    m.dispose();
  });

  it('probability: true is reproducible for a seed, and the seed changes the Platt folds', async () => {
    const { X, y } = blobs(60, 2, 3, 1.5);
    const a = await new SVC({ probability: true, seed: 1 }).fit(X, y);
    const b = await new SVC({ probability: true, seed: 1 }).fit(X, y);
    const c = await new SVC({ probability: true, seed: 2 }).fit(X, y);
    const pa = await a.predictProba(X);
    expect(await b.predictProba(X)).toEqual(pa);
    expect(await c.predictProba(X)).not.toEqual(pa);
    for (const m of [a, b, c]) m.dispose();
  });

  it('frees its WASM model on dispose and on refit', async () => {
    const { X, y } = blobs(40, 2, 4);
    const m = await new SVC({ engine: 'libsvm-js' }).fit(X, y);
    const first = (m as unknown as { fitted(): { inner: { svm: { model: number | null } } } }).fitted().inner.svm;
    await m.fit(X, y);
    expect(first.model).toBeNull();
    const second = (m as unknown as { fitted(): { inner: { svm: { model: number | null } } } }).fitted().inner.svm;
    m.dispose();
    expect(second.model).toBeNull();
    expect(m.isFitted).toBe(false);
  });
});

describe("SVC with engine 'ml-svm'", () => {
  it('agrees with libsvm-js on an easy binary problem (same kernel, C and gamma)', async () => {
    const train = blobs(120, 4, 11, 4);
    const test = blobs(200, 4, 12, 4);
    for (const kernel of ['linear', 'rbf'] as const) {
      const lib = await new SVC({ kernel }).fit(train.X, train.y);
      const ml = await new SVC({ kernel, engine: 'ml-svm', seed: 3 }).fit(train.X, train.y);
      const pl = await lib.predict(test.X);
      const pm = await ml.predict(test.X);
      const agree = pl.filter((v, i) => v === pm[i]).length / pl.length;
      // Both solve the same dual; ml-svm's simplified SMO stops at a looser point: ≥ 98% agreement.
      expect(agree, `${kernel}: libsvm-js vs ml-svm`).toBeGreaterThanOrEqual(0.98);
      expect(await ml.score(test.X, test.y)).toBeGreaterThanOrEqual(0.95);
      lib.dispose();
    }
  });

  it('is seeded (same seed, same model), round-trips through JSON, and predicts one row as in a batch', async () => {
    const { X, y } = blobs(80, 3, 21, 2);
    for (const kernel of ['linear', 'rbf', 'poly', 'sigmoid'] as const) {
      const a = await new SVC({ engine: 'ml-svm', kernel, seed: 5, coef0: 1, degree: 2 }).fit(X, y);
      const b = await new SVC({ engine: 'ml-svm', kernel, seed: 5, coef0: 1, degree: 2 }).fit(X, y);
      const pa = await a.predict(X);
      expect(await b.predict(X), kernel).toEqual(pa);
      const back = SVC.fromJSON(JSON.parse(JSON.stringify(a)));
      expect(await back.predict(X), kernel).toEqual(pa);
      expect(await a.predict([X[7]!])).toEqual([pa[7]]);
    }
  });

  it('rejects a damaged ml-svm state with a SerializationError (not a TypeError from inside the library)', async () => {
    const { X, y } = blobs(40, 2, 22, 3);
    const json = JSON.parse(JSON.stringify(await new SVC({ engine: 'ml-svm', seed: 1 }).fit(X, y)));
    delete json.state.model.model.kernel;
    expect(() => SVC.fromJSON(json)).toThrow(SerializationError);
    expect(() => SVC.fromJSON(json)).toThrow("Invalid SVC JSON: 'state.model.model.kernel' must be an object, but got nothing (the field is missing).");
  });

  it('refuses multi-class problems, probabilities and regression with a ParameterError naming the rule', async () => {
    const X = [[0], [1], [2], [3], [4], [5]];
    const err = await new SVC({ engine: 'ml-svm' }).fit(X, ['a', 'b', 'c', 'a', 'b', 'c']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as Error).message).toMatch(/^The 'engine' parameter of SVC must be 'libsvm-js' for more than two classes \(ml-svm is binary only\), but y has 3 classes\./);
    expect(() => new SVC({ engine: 'ml-svm', probability: true })).toThrow(/^The 'probability' parameter of SVC must be false when 'engine' is 'ml-svm'/);
    // Declared in SVR's parameters (not checked by hand in its constructor), so the runner's
    // planner turns `svm:engine=ml-svm` on regression data into a note, not failed jobs.
    expect(() => new SVR({ engine: 'ml-svm' as never })).toThrow(
      "The 'engine' parameter of SVR must be one of 'libsvm', 'libsvm-js'. Got 'ml-svm' instead: ml-svm has no regression variant (ml-svm 2.1.2 does binary classification only).",
    );
    expect(SVR.paramSpec.engine.accepts('ml-svm')).toBe(false);
  });
});
