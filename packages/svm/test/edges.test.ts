/**
 * Numbers at the edges (issue 11): values whose kernel sums overflow, more features than
 * libsvm-js's stack holds, a WebAssembly trap, and dispose() while a call is running.
 */
import { FitError, InputError, Matrix, NotFittedError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { SVC, SVR } from '../src/index.js';
import { LIBSVM_MAX_FEATURES, libsvmOptions } from '../src/internal/common.js';
import { sharedLibsvm, trainLibsvm } from '../src/internal/libsvm.js';

const X = [[0, 1], [1, 0], [3, 4], [4, 3], [0.5, 0.2], [3.6, 3.9]];
const y = [0, 0, 1, 1, 0, 1];

describe('SVC and SVR refuse what libsvm cannot compute', () => {
  it('values whose squared distances overflow (SVC predicted one class, SVR null)', async () => {
    // scikit-learn 1.2.1 refuses the SVC after fitting: "The dual coefficients or intercepts are not finite".
    const huge = X.map((r) => r.map((v) => v * 1e300));
    await expect(new SVC().fit(huge, y)).rejects.toThrow(InputError);
    await expect(new SVC({ engine: 'ml-svm' }).fit(huge, y)).rejects.toThrow(InputError);
    await expect(new SVR().fit(huge, y)).rejects.toThrow(
      /^Argument 'X' passed to 'SVR\.fit' must hold values of magnitude at most 4\.74e\+153 \(with 2 features, so that the kernel's sums of products stay finite\), but got 1e\+300 at row 0, column 1\. Standardise the features \(StandardScaler\) first\.$/,
    );
  });

  it('query values whose kernel sums overflow, at predict (SVR returned null)', async () => {
    const svr = await new SVR().fit(X, y);
    await expect(svr.predict([[1e300, 0]])).rejects.toThrow(/^Argument 'X' passed to 'SVR\.predict' must hold values of magnitude at most 4\.74e\+153/);
    const svc = await new SVC({ probability: true }).fit([...X, ...X], [...y, ...y]);
    await expect(svc.predict([[0, -1e200]])).rejects.toThrow(/^Argument 'X' passed to 'SVC\.predict' must hold values/);
    await expect(svc.predictProba([[0, -1e200]])).rejects.toThrow(/^Argument 'X' passed to 'SVC\.predictProba' must hold values/);
    svr.dispose();
    svc.dispose();
  });

  it("values so close that gamma 'scale' overflows, while a numeric gamma is accepted", async () => {
    const tiny = X.map((r) => r.map((v) => v * 1e-300));
    await expect(new SVC().fit(tiny, y)).rejects.toThrow(/^Argument 'X' passed to 'SVC\.fit' has a variance of about .*e-600|gamma 'scale' = 1 \/ \(nFeatures · variance\) = Infinity is not a finite number/);
    // The same data 1e-150 apart: gamma ≈ 1e300 is finite, and the classes are found.
    const small = X.map((r) => r.map((v) => v * 1e-150));
    const m = await new SVC().fit(small, y);
    expect(await m.predict(small)).toEqual(y);
    m.dispose();
  });

  it(`more than ${LIBSVM_MAX_FEATURES} features with a coded error before libsvm (a 1e6-feature SVR trapped)`, async () => {
    const d = 1_000_000;
    const wide = new Matrix(new Float64Array(2 * d).map((_, k) => (k % 7) / 7), 2, d);
    await expect(new SVR({ engine: 'libsvm-js' }).fit(wide, [0, 1])).rejects.toThrow(
      `Argument 'X' passed to 'SVR.fit' has 1000000 features, but libsvm-js takes at most 524288: it copies each row onto its 5 MiB WebAssembly stack (8 bytes a feature). Select or reduce the features first.`,
    );
    // The limit is libsvm-js's own: the default engine ('libsvm', in TypeScript) has no stack to overrun.
    const m = await new SVR().fit(wide, [0, 1]);
    expect((await m.predict(wide)).every(Number.isFinite)).toBe(true);
  });
});

describe('a WebAssembly trap in libsvm', () => {
  it('does not poison later fits: the shared instance is replaced', async () => {
    // Provoke the trap the feature limit now prevents: 700,000 features overrun libsvm-js's stack.
    const d = 700_000;
    const wide = new Matrix(new Float64Array(2 * d).map((_, k) => (k % 5) / 5), 2, d);
    const lib = await sharedLibsvm();
    const p = { ...new SVR().params };
    const options = libsvmOptions(lib.SVM, p, 1, { type: lib.SVM.SVM_TYPES.EPSILON_SVR, epsilon: 0.1 });
    expect(() => trainLibsvm(lib, options, wide, [0, 1], 'SVR')).toThrow(/^SVR\.fit failed in libsvm-js: 'memory access out of bounds' \(a WebAssembly trap: that libsvm instance is discarded, and later fits start a fresh one\)\.$/);
    expect(await sharedLibsvm()).not.toBe(lib);
    // Plain fits afterwards work (they failed with "memory access out of bounds").
    const svc = await new SVC().fit(X, y);
    expect(await svc.predict(X)).toEqual(y);
    const svr = await new SVR({ C: 10 }).fit(X, y);
    expect((await svr.predict(X)).every((v, i) => Math.abs(v - y[i]!) < 0.2)).toBe(true);
    svc.dispose();
    svr.dispose();
  });
});

describe('dispose() while a call is running', () => {
  for (const make of [() => new SVC(), () => new SVR()]) {
    it(`${make().modelName}: a running predict finishes with its state; later calls get NotFittedError`, async () => {
      const m = await make().fit(X, y);
      const expected = await m.predict(X);
      const running = m.predict(X);
      m.dispose();
      expect(m.isFitted).toBe(false);
      // libsvm's raw error before ("Cannot read properties of null" from a freed model).
      expect(await running).toEqual(expected);
      await expect(m.predict(X)).rejects.toBeInstanceOf(NotFittedError);
      // The model can be fitted again.
      await m.fit(X, y);
      expect(await m.predict(X)).toEqual(expected);
      m.dispose();
    });

    it(`${make().modelName}: dispose() during fit cancels it: fit rejects with FitError and the model ends unfitted`, async () => {
      const m = make();
      const running = m.fit(X, y);
      m.dispose();
      await expect(running).rejects.toThrow(FitError);
      await expect(running).rejects.toThrow(/\.fit was cancelled: dispose\(\) was called while it ran, so the model stays unfitted/);
      expect(m.isFitted).toBe(false);
      await expect(m.predict(X)).rejects.toBeInstanceOf(NotFittedError);
    });
  }
});
