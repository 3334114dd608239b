/** Numbers at the edges (issue 11): layer sizes too large to allocate, values float32 cannot hold. */
import { InputError, ParameterError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { MLPClassifier, MLPRegressor } from '../src/index.js';
import { MAX_NETWORK_WEIGHTS } from '../src/internal/fit.js';

describe('oversized networks are refused before anything is allocated (raw RangeError before)', () => {
  it('hiddenLayerSizes [1e9]: at construction, with the count and the limit', () => {
    for (const Model of [MLPClassifier, MLPRegressor]) {
      expect(() => new Model({ hiddenLayerSizes: [1e9] })).toThrow(ParameterError);
      expect(() => new Model({ hiddenLayerSizes: [1e9] })).toThrow(
        `The 'hiddenLayerSizes' parameter of ${Model.modelName} gives even with one input and one output, the layers [1, 1000000000, 1] 3,000,000,001 weights and biases, above the limit of 67,108,864 (2^26: 256 MiB of float32 per copy, and training keeps several). Use fewer or smaller hidden layers.`,
      );
    }
    // Two layers that are each fine but whose product is not.
    expect(() => new MLPRegressor({ hiddenLayerSizes: [10_000, 10_000] })).toThrow(/\[1, 10000, 10000, 1\] 100,040,001 weights/);
  });

  it('a network that is only too large for the data is refused at fit, naming the inputs and outputs', async () => {
    // 1,000 features × 70,000 units: 70 million weights, fine for one input.
    const m = new MLPClassifier({ hiddenLayerSizes: [70_000], maxIter: 1 });
    const X = [Array.from({ length: 1000 }, (_, j) => j / 1000), Array.from({ length: 1000 }, (_, j) => 1 - j / 1000)];
    await expect(m.fit(X, [0, 1])).rejects.toThrow(ParameterError);
    await expect(m.fit(X, [0, 1])).rejects.toThrow(/gives the layers \(inputs, hidden, outputs\) \[1000, 70000, 1\] 70,140,001 weights and biases, above the limit of 67,108,864/);
    expect(MAX_NETWORK_WEIGHTS).toBe(2 ** 26);
  });
});

describe('values float32 cannot hold (TensorFlow.js computes in float32)', () => {
  const X = [[0, 1], [1, 0], [2, 1], [3, 0]];
  it('refuses 1e300 features at fit (the loss turned NaN: "diverged") and at predict (outputs were null)', async () => {
    await expect(new MLPClassifier({ maxIter: 5 }).fit([[0, 1e300], [1, 0], [2, 1], [3, 0]], [0, 0, 1, 1])).rejects.toThrow(
      "Argument 'X' passed to 'MLPClassifier.fit' must hold values that fit in float32 (|x| <= 3.4e38), as TensorFlow.js computes in float32, but got 1e+300 at row 0, column 1. Standardise the features (StandardScaler) first.",
    );
    const m = await new MLPRegressor({ maxIter: 5, hiddenLayerSizes: [3] }).fit(X, [0, 1, 2, 3]);
    await expect(m.predict([[1e39, 0]])).rejects.toThrow(InputError);
    await expect(m.predict([[1e39, 0]])).rejects.toThrow(/^Argument 'X' passed to 'MLPRegressor\.predict' must hold values that fit in float32/);
    m.dispose();
  });

  it('refuses a regression target beyond float32', async () => {
    await expect(new MLPRegressor({ maxIter: 5 }).fit(X, [0, 1, 2e300, 3])).rejects.toThrow(
      "Argument 'y' passed to 'MLPRegressor.fit' must hold values that fit in float32 (|y| <= 3.4e38), as TensorFlow.js computes in float32, but got 2e+300 at index 2. Rescale the target first.",
    );
  });
});
