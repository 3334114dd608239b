// Numbers at the edges (issue 11): finite values whose squares overflow or underflow, and
// dispose() while a fit or a prediction runs.
// Expected values: scikit-learn 1.2.1 (/usr/bin/python3) on the same columns divided by the
// power of ten that brings them near 1 — standardisation does not depend on the unit, and
// scikit-learn itself returns NaN (1e300) or calls the column constant (1e-300) for the originals.
import { describe, expect, it } from 'vitest';
import { BaseRegressor, FitError, Matrix, MinMaxScaler, NotFittedError, StandardScaler } from '../src/index.js';

function close(actual: Matrix, expected: number[][], rel = 1e-12): void {
  expect([actual.rows, actual.cols]).toEqual([expected.length, expected[0]!.length]);
  expected.forEach((row, i) =>
    row.forEach((e, j) => {
      const a = actual.get(i, j);
      expect(Number.isFinite(a), `(${i}, ${j}) is ${a}`).toBe(true);
      expect(Math.abs(a - e)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(e)));
    }),
  );
}

describe('StandardScaler on finite values at the edges of float64', () => {
  it('standardises columns near 1e300 (the variance overflowed and every value came out NaN)', () => {
    const X = [
      [1e300, 1],
      [2e300, 2],
      [3e300, 3],
      [-1e300, 4],
    ];
    const s = new StandardScaler().fit(X);
    // scikit-learn 1.2.1 on the first column / 1e300: mean 1.25, scale 1.479019945774904.
    expect(s.mean[0]! / 1e300).toBeCloseTo(1.25, 12);
    expect(s.scale[0]! / 1e300).toBeCloseTo(1.479019945774904, 12);
    close(s.transform(X), [
      [-0.1690308509457033, -1.3416407864998738],
      [0.50709255283711, -0.4472135954999579],
      [1.1832159566199232, 0.4472135954999579],
      [-1.52127765851133, 1.3416407864998738],
    ]);
  });

  it('copes with ± the largest doubles, whose sum and differences overflow', () => {
    // scikit-learn 1.2.1 on [-1.7, 1.7, 1].
    close(new StandardScaler().fitTransform([[-1.7e308], [1.7e308], [1e308]]), [[-1.387080288588477], [0.9322998661004518], [0.4547804224880253]]);
  });

  it('standardises columns of 1e-300 instead of calling them constant (their variance underflowed to 0)', () => {
    // scikit-learn 1.2.1 on [1, 2, 3]: ∓1.224744871391589, 0.
    close(new StandardScaler().fitTransform([[1e-300], [2e-300], [3e-300]]), [[-1.224744871391589], [0], [1.224744871391589]]);
  });

  it('spreads subnormals 1, 2, 3 ulps apart as far as float64 can (the scale, 0.82 ulp, is stored as 1 ulp)', () => {
    const Z = new StandardScaler().fitTransform([[5e-324], [1e-323], [1.5e-323]]);
    expect(Array.from(Z.data)).toEqual([-1, 0, 1]);
  });

  it('keeps a constant column with a huge offset, and -0, constant (scale 1, output 0)', () => {
    const s = new StandardScaler().fit([[1e300, -0, 7], [1e300, 0, 7], [1e300, -0, 7]]);
    expect(Array.from(s.scale)).toEqual([1, 1, 1]);
    expect(Array.from(s.mean)).toEqual([1e300, 0, 7]);
    const Z = s.transform([[1e300, 0, 7]]);
    expect(Array.from(Z.data).map((v) => v + 0)).toEqual([0, 0, 0]);
  });

  it('gives bit-for-bit the statistics of ordinary columns it gave before (the power-of-two unit is exact)', () => {
    const col = [0.1, 0.2, 0.7, 1e6, -3];
    let sum = 0;
    for (const x of col) sum += x;
    const m = sum / col.length;
    let corr = 0;
    let sq = 0;
    for (const x of col) {
      corr += x - m;
      sq += (x - m) ** 2;
    }
    const s = new StandardScaler().fit(col.map((x) => [x]));
    expect(s.mean[0]).toBe(m);
    expect(s.scale[0]).toBe(Math.sqrt((sq - (corr * corr) / col.length) / col.length));
  });
});

describe('MinMaxScaler on ± the largest doubles', () => {
  it('maps the extremes to the feature range (max − min overflowed and every value mapped to 0)', () => {
    close(new MinMaxScaler().fitTransform([[-1.7e308], [1.7e308], [0]]), [[0], [1], [0.5]]);
    close(new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform([[-1e308], [1.5e308]]), [[-1], [1]]);
  });
});

/**
 * A regressor whose fit and predict wait for the test to let them go, and that counts what it
 * releases (as SVC/SVR free their WASM model), to run dispose() in the middle of each.
 */
class Gated extends BaseRegressor<Record<string, never>, { id: number; freed: boolean }> {
  static readonly modelName = 'Gated';
  gate: Promise<void> = Promise.resolve();
  released: number[] = [];
  #next = 0;
  constructor() {
    super(Gated.modelName, {}, {});
  }
  protected async fitTarget(): Promise<{ id: number; freed: boolean }> {
    await this.gate;
    return { id: this.#next++, freed: false };
  }
  protected async predictValues(X: Matrix, s: { id: number; freed: boolean }): Promise<Float64Array> {
    await this.gate;
    // A freed state fails the way a freed libsvm model did.
    if (s.freed) throw new Error('raw library error: model was freed');
    return new Float64Array(X.rows).fill(s.id);
  }
  protected override releaseState(s: { id: number; freed: boolean }): void {
    s.freed = true;
    this.released.push(s.id);
  }
  protected serializeState(s: { id: number }): unknown {
    return s;
  }
  protected deserializeState(raw: unknown): { id: number; freed: boolean } {
    return raw as { id: number; freed: boolean };
  }
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('dispose() while a call is running (every model, through BaseModel)', () => {
  it('lets a running predict finish with its state, frees it afterwards, and refuses later calls', async () => {
    const m = await new Gated().fit([[1], [2]], [1, 2]);
    const g = gate();
    m.gate = g.promise;
    const running = m.predict([[1]]);
    m.dispose();
    expect(m.isFitted).toBe(false);
    expect(m.released).toEqual([]);
    g.open();
    expect(await running).toEqual([0]);
    expect(m.released).toEqual([0]);
    await expect(m.predict([[1]])).rejects.toBeInstanceOf(NotFittedError);
  });

  it('defers freeing the old state of a refit until the predictions using it end', async () => {
    const m = await new Gated().fit([[1], [2]], [1, 2]);
    const g = gate();
    m.gate = g.promise;
    const running = m.predict([[1]]);
    m.gate = Promise.resolve();
    await m.fit([[1], [2]], [1, 2]);
    expect(m.released).toEqual([]);
    g.open();
    expect(await running).toEqual([0]);
    expect(m.released).toEqual([0]);
    expect(await m.predict([[1]])).toEqual([1]);
  });

  it('cancels a running fit: it rejects with FitError, frees what it learned, and the model stays unfitted', async () => {
    const m = new Gated();
    const g = gate();
    m.gate = g.promise;
    const running = m.fit([[1], [2]], [1, 2]);
    m.dispose();
    g.open();
    await expect(running).rejects.toThrow(FitError);
    await expect(running).rejects.toThrow("Gated.fit was cancelled: dispose() was called while it ran, so the model stays unfitted (the state it learned was freed). Fit it again to use it.");
    expect(m.isFitted).toBe(false);
    expect(m.released).toEqual([0]);
    m.gate = Promise.resolve();
    await m.fit([[1], [2]], [1, 2]);
    expect(await m.predict([[1]])).toEqual([1]);
  });
});
