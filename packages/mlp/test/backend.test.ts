// Which TensorFlow.js backend a network runs on, and that the records say it: the backend a user
// selects is the one every kernel runs on, and a network read from JSON on a machine without
// the backend it was fitted on says where it ran instead.
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, type ModelJSON } from '@mlcompare/core';
import { MLPClassifier, MLPRegressor, backendUnavailableReason, loadTensorFlow } from '../src/index.js';

// Whether tfjs-node (an optional dependency whose install downloads libtensorflow) works here.
const tensorflowMissing = await loadTensorFlow('tensorflow').then(
  () => undefined,
  (err: unknown) => (err as Error).message,
);
await loadTensorFlow('auto');
if (tensorflowMissing !== undefined) {
  console.log(`mlp backend tests: the 'tensorflow' backend is not available here, so its tests are skipped and its absence is tested instead. Reason: ${tensorflowMissing}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

const X = [[0, 0], [0, 1], [1, 0], [1, 1], [4, 4], [4, 5], [5, 4], [5, 5]];
const y = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
const small = { hiddenLayerSizes: [4], maxIter: 3, seed: 2 };

/** Runs `work` and checks that it ran TensorFlow.js kernels, every one on `backend`. */
async function expectKernelsOn(backend: string, work: () => Promise<void>): Promise<void> {
  const engine = tf.engine();
  const original = engine.runKernel.bind(engine);
  const seen: string[] = [];
  vi.spyOn(engine, 'runKernel').mockImplementation((...args: Parameters<typeof engine.runKernel>) => {
    seen.push(tf.getBackend());
    return original(...args);
  });
  await work();
  expect(seen.length, 'kernels run through the tfjs engine').toBeGreaterThan(0);
  expect([...new Set(seen)]).toEqual([backend]);
}

describe('the selected TensorFlow.js backend runs the network', () => {
  it("backend 'cpu': every kernel of fit and predict runs on cpu, and the model says so", async () => {
    await expectKernelsOn('cpu', async () => {
      const m = await new MLPClassifier({ ...small, backend: 'cpu' }).fit(X, y);
      await m.predict(X);
      expect(m.backend).toBe('cpu');
      expect(m.fittedBackend).toBe('cpu');
      m.dispose();
    });
  });

  it.skipIf(tensorflowMissing !== undefined)("backend 'tensorflow': every kernel of fit and predict runs on tfjs-node", async () => {
    await expectKernelsOn('tensorflow', async () => {
      const m = await new MLPRegressor({ ...small, backend: 'tensorflow' }).fit(X, [0, 0, 0, 0, 1, 1, 1, 1]);
      await m.predict(X);
      expect(m.backend).toBe('tensorflow');
      m.dispose();
    });
  });

  it.skipIf(tensorflowMissing === undefined)("backend 'tensorflow' without tfjs-node: fit fails and says why (no silent fallback)", async () => {
    const err = await new MLPRegressor({ ...small, backend: 'tensorflow' }).fit(X, [0, 0, 0, 0, 1, 1, 1, 1]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^The TensorFlow.js backend 'tensorflow' requested by the parameter 'backend' is not available: /);
  });
});

describe('a network read from JSON records the backend it was fitted on and the one it ran on', () => {
  it('on the backend it was fitted on: the same backend, no notes', async () => {
    const m = await new MLPClassifier({ ...small, backend: 'cpu' }).fit(X, y);
    const back = MLPClassifier.fromJSON(JSON.parse(JSON.stringify(m)));
    expect(back.fittedBackend).toBe('cpu');
    expect(await back.predictProba(X)).toEqual(await m.predictProba(X));
    expect(back.backend).toBe('cpu');
    expect(back.notes).toEqual([]);
    m.dispose();
    back.dispose();
  });

  // A model fitted on tfjs-node elsewhere: its JSON names 'tensorflow', which is missing here.
  it.skipIf(tensorflowMissing === undefined)('fitted on a backend missing here: runs on another, says which, and keeps the fitted one', async () => {
    const m = await new MLPRegressor({ ...small, backend: 'cpu' }).fit(X, [0, 0, 0, 0, 1, 1, 1, 1]);
    const json = JSON.parse(JSON.stringify(m)) as ModelJSON & { state: { model: { backend: string } } };
    json.state.model.backend = 'tensorflow';
    const back = MLPRegressor.fromJSON(json);
    expect(back.fittedBackend).toBe('tensorflow');
    expect(back.notes).toEqual([]);
    expect(await back.predict(X)).toEqual(await m.predict(X)); // same weights, run on cpu
    expect(back.backend).toBe('cpu');
    expect(back.fittedBackend).toBe('tensorflow');
    expect(back.notes).toEqual([
      `MLPRegressor was fitted on the TensorFlow.js backend 'tensorflow', which is not available here (${backendUnavailableReason('tensorflow')}); it ran on 'cpu' instead, whose float32 kernels may round differently.`,
    ]);
    await back.predict(X);
    expect(back.notes).toHaveLength(1); // said once
    expect(JSON.parse(JSON.stringify(back)).state.model.backend).toBe('tensorflow');
    m.dispose();
    back.dispose();
  });
});
