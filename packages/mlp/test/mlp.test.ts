import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError, Rng } from '@mlcompare/core';
import { BACKEND_ENV_VAR, MLPClassifier, MLPRegressor, loadTensorFlow, models } from '../src/index.js';
import { initWeights, trainNetwork, type Activation, type OutputKind } from '../src/internal/network.js';
import { validationSplit } from '../src/internal/fit.js';
import { Kernels, setDirectKernels, setRawKernels, setSimdKernels } from '../src/internal/kernels.js';
import { trainKernels } from '../src/internal/train-simd.js';

/** Three Gaussian blobs in 4-D, 90 rows. */
function blobs(seed = 3): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    X.push([rng.normal(c, 0.7), rng.normal(-c, 0.7), rng.normal(0, 1), rng.normal(c / 2, 1)]);
    y.push(c);
  }
  return { X, y };
}

describe('initWeights (scikit-learn _init_coef)', () => {
  it('draws U(±sqrt(6/(fan_in+fan_out))) weights then biases per layer, in order, from the seeded Rng', () => {
    const w = initWeights([3, 2, 1], 'relu', new Rng(5));
    const rng = new Rng(5);
    const b0 = Math.sqrt(6 / 5);
    const b1 = Math.sqrt(6 / 3);
    const expected = [
      ...Array.from({ length: 6 }, () => rng.uniform(-b0, b0)),
      ...Array.from({ length: 2 }, () => rng.uniform(-b0, b0)),
      ...Array.from({ length: 2 }, () => rng.uniform(-b1, b1)),
      ...Array.from({ length: 1 }, () => rng.uniform(-b1, b1)),
    ];
    const got = [...w.coefs[0]!, ...w.intercepts[0]!, ...w.coefs[1]!, ...w.intercepts[1]!];
    expect(got).toEqual(expected.map((v) => Math.fround(v)));
  });

  it('uses the factor 2 for the logistic activation', () => {
    const w = initWeights([50, 50], 'logistic', new Rng(1));
    const bound = Math.sqrt(2 / 100);
    expect(Math.max(...w.coefs[0]!.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.coefs[0]!.map(Math.abs))).toBeGreaterThan(0.9 * bound);
  });
});

/**
 * Agreement test: one full-batch SGD step (lr 1, momentum 0) moves θ by exactly −∇loss, so the
 * hand-written backpropagation must match tfjs's automatic differentiation of scikit-learn's loss
 * (mean cross-entropy / squared error ÷ 2, plus alpha/(2n)·‖W‖²).
 */
describe('hand-written backpropagation agrees with tf.grads of scikit-learn loss', () => {
  const cases: Array<[Activation, OutputKind]> = [
    ['relu', 'softmax'],
    ['tanh', 'softmax'],
    ['logistic', 'logistic'],
    ['identity', 'identity'],
    ['relu', 'identity'],
  ];
  // Each case on wasm with kernels called directly (the default there) and through the engine,
  // and with a first hidden layer narrower (4) and wider (7) than the input + 1 (the two
  // orientations of the first layer's gradient).
  const runs = cases.flatMap((c) => [true, false].flatMap((direct) => [4, 7].map((h0) => [c, direct, h0] as const)));
  for (const [[activation, output], direct, h0] of runs) {
    it(`${activation} hidden layers, ${output} output, first hidden layer ${h0} (${direct ? 'direct kernels' : 'through the engine'})`, async () => {
      const { tf: t, backend } = await loadTensorFlow('auto');
      const wasBackendIds = t.engine().backend.numDataIds();
      const rng = new Rng(11);
      const n = 7;
      const d = 3;
      const k = output === 'softmax' ? 3 : 1;
      const X = Float32Array.from({ length: n * d }, () => rng.normal());
      const Y = new Float32Array(n * k);
      for (let i = 0; i < n; i++) {
        if (output === 'softmax') Y[i * k + (i % k)] = 1;
        else if (output === 'logistic') Y[i] = i % 2;
        else Y[i] = rng.normal();
      }
      const sizes = [d, h0, 5, k];
      const init = initWeights(sizes, activation, new Rng(2));
      const alpha = 0.3;
      const cfg = {
        activation, output, solver: 'sgd' as const, alpha, batchSize: n, learningRateInit: 1,
        beta1: 0.9, beta2: 0.999, epsilon: 1e-8, momentum: 0, nesterovsMomentum: false,
        maxIter: 1, tol: 0, nIterNoChange: 10, shuffle: false,
      };
      const prev = setDirectKernels(direct);
      let trained: Awaited<ReturnType<typeof trainNetwork>>;
      try {
        trained = await trainNetwork(t, backend, init, { X, Y, n, d }, cfg, new Rng(0), 'Test');
      } finally {
        setDirectKernels(prev);
      }
      const { weights, history } = trained;
      expect(t.engine().backend.numDataIds()).toBe(wasBackendIds);

      const before = t.memory().numTensors;
      const vars = [...init.coefs.map((c, i) => t.tensor2d(c, [sizes[i]!, sizes[i + 1]!])), ...init.intercepts.map((b) => t.tensor1d(b))];
      const L = sizes.length - 1;
      const lossFn = (...p: tf.Tensor[]): tf.Scalar => {
        let a: tf.Tensor = t.tensor2d(X, [n, d]);
        for (let i = 0; i < L; i++) {
          a = t.add(t.matMul(a, p[i] as tf.Tensor2D), p[L + i]!);
          if (i < L - 1) a = activation === 'relu' ? t.relu(a) : activation === 'tanh' ? t.tanh(a) : activation === 'logistic' ? t.sigmoid(a) : a;
        }
        const y = t.tensor2d(Y, [n, k]);
        let data: tf.Scalar;
        if (output === 'softmax') data = t.neg(t.div(t.sum(t.mul(y, t.logSoftmax(a))), n));
        else if (output === 'logistic') {
          const pr = t.sigmoid(a);
          data = t.neg(t.div(t.sum(t.add(t.mul(y, t.log(pr)), t.mul(t.sub(1, y), t.log(t.sub(1, pr))))), n));
        } else data = t.div(t.sum(t.square(t.sub(a, y))), 2 * n);
        let l2: tf.Scalar = t.scalar(0);
        for (let i = 0; i < L; i++) l2 = t.add(l2, t.sum(t.square(p[i]!)));
        return t.add(data, t.mul(l2, alpha / (2 * n)));
      };
      const { value, grads } = t.tidy(() => {
        const g = t.valueAndGrads(lossFn)(vars);
        return { value: g.value, grads: g.grads };
      });
      const expectedLoss = (await value.data())[0]!;
      const gs = await Promise.all(grads.map((g) => g.data()));
      for (let i = 0; i < L; i++) {
        const dW = Array.from(init.coefs[i]!, (w0, j) => w0 - weights.coefs[i]![j]!);
        const db = Array.from(init.intercepts[i]!, (b0, j) => b0 - weights.intercepts[i]![j]!);
        dW.forEach((v, j) => expect(v).toBeCloseTo(gs[i]![j]!, 5));
        db.forEach((v, j) => expect(v).toBeCloseTo(gs[L + i]![j]!, 5));
      }
      // The recorded epoch loss is the loss at the initial weights (one batch per epoch).
      expect(history.loss[0]).toBeCloseTo(expectedLoss, 5);
      t.dispose([value, ...grads, ...vars]);
      expect(t.memory().numTensors).toBe(before);
    });
  }
});

describe('MLPClassifier / MLPRegressor', () => {
  it('registers both models under the name mlp with the declared capabilities', () => {
    expect(models.map((m) => [m.name, m.className, m.task])).toEqual([
      ['mlp', 'MLPClassifier', 'classification'],
      ['mlp', 'MLPRegressor', 'regression'],
    ]);
    for (const m of models) expect(m.capabilities).toMatchObject({ needsScaling: true, randomized: true });
    expect(models[0]!.capabilities.probabilities).toBe(true);
  });

  it('same seed and backend give identical predictions and probabilities; another seed differs', async () => {
    const { X, y } = blobs();
    const p = { hiddenLayerSizes: [8], maxIter: 30, seed: 4 };
    const a = await new MLPClassifier(p).fit(X, y);
    const b = await new MLPClassifier(p).fit(X, y);
    const c = await new MLPClassifier({ ...p, seed: 5 }).fit(X, y);
    expect(await b.predictProba(X)).toEqual(await a.predictProba(X));
    expect(a.history!.loss).toEqual(b.history!.loss);
    expect(c.history!.loss).not.toEqual(a.history!.loss);
    for (const m of [a, b, c]) m.dispose();
  });

  it('records the history and stops on tol after nIterNoChange + 1 epochs without progress (scikit-learn rule)', async () => {
    const { X, y } = blobs();
    // tol = 1e9: only the first epoch improves on the initial best (+Infinity); the count then
    // exceeds nIterNoChange = 3 after 4 more epochs, so 5 epochs run (as scikit-learn would).
    const m = await new MLPClassifier({ hiddenLayerSizes: [8], tol: 1e9, nIterNoChange: 3 }).fit(X, y);
    expect(m.history!.epochs).toBe(5);
    expect(m.history!.loss).toHaveLength(5);
    expect(m.history!.stopReason).toMatch(/^training loss did not improve by more than tol=1000000000 for 3 consecutive epochs/);
    expect(m.history!.validationScore).toBeUndefined();
    const full = await new MLPClassifier({ hiddenLayerSizes: [8], maxIter: 7, tol: 0 }).fit(X, y);
    expect(full.history!.epochs).toBe(7);
    expect(full.history!.stopReason).toMatch(/^maxIter reached \(7 epochs\)/);
    // Adam on separable blobs: the loss goes down.
    expect(full.history!.loss[6]!).toBeLessThan(full.history!.loss[0]!);
    m.dispose();
    full.dispose();
  });

  it('early stopping holds out a stratified validation set, records its score and keeps the best weights', async () => {
    const { X, y } = blobs();
    const m = await new MLPClassifier({ hiddenLayerSizes: [8], earlyStopping: true, validationFraction: 0.2, maxIter: 60, nIterNoChange: 5, learningRateInit: 0.01 }).fit(X, y);
    const h = m.history!;
    expect(h.validationScore).toHaveLength(h.epochs);
    for (const s of h.validationScore!) expect(s * 18).toBeCloseTo(Math.round(s * 18), 9); // accuracy on 18 rows
    expect(h.stopReason).toMatch(/^(validation score did not improve|maxIter reached)/);
    m.dispose();
  });

  it('splits ceil(fraction·n) validation rows, stratified by class', () => {
    const strata = Int32Array.from({ length: 50 }, (_, i) => (i < 40 ? 0 : 1));
    const { train, val } = validationSplit(50, 0.1, new Rng(0), strata, 'T');
    expect(val.length).toBe(5);
    expect(train.length).toBe(45);
    expect(Array.from(val).filter((i) => i >= 40)).toHaveLength(1);
    expect(() => validationSplit(1, 0.1, new Rng(0), undefined, 'MLPClassifier.fit')).toThrow(InputError);
  });

  it('rejects a second fit on the same instance while one runs', async () => {
    const { X, y } = blobs();
    const m = new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 5 });
    const first = m.fit(X, y);
    await expect(m.fit(X, y)).rejects.toThrow(/^Cannot start 'MLPClassifier.fit' because another fit\(\) call/);
    await first;
    m.dispose();
  });

  it('leaves the tensor count unchanged after fit with early stopping, predict, predictProba and dispose', async () => {
    const { X, y } = blobs();
    await loadTensorFlow('auto');
    const before = tf.memory().numTensors;
    // On wasm the training loop calls the kernels without the engine: its tensors are not in
    // tf.memory(), so the backend's own count must come back too.
    const backendBefore = tf.engine().backend.numDataIds();
    for (const solver of ['adam', 'sgd'] as const) {
      const m = await new MLPClassifier({ hiddenLayerSizes: [6, 5], solver, earlyStopping: true, maxIter: 15 }).fit(X, y);
      await m.predict(X);
      await m.predictProba(X);
      m.dispose();
      const r = await new MLPRegressor({ hiddenLayerSizes: [6], solver, maxIter: 5 }).fit(X, y);
      await r.predict(X);
      r.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.engine().backend.numDataIds()).toBe(backendBefore);
  });

  it('SGD with Nesterov momentum and a tanh network learns the blobs', async () => {
    const { X, y } = blobs();
    const m = await new MLPClassifier({ hiddenLayerSizes: [8], activation: 'tanh', solver: 'sgd', learningRateInit: 0.05, maxIter: 100 }).fit(X, y);
    // Overlapping blobs (chance 1/3): Adam with the same network reaches about 0.8 here too.
    expect(await m.score(X, y)).toBeGreaterThan(0.75);
    expect(m.history!.loss.at(-1)!).toBeLessThan(0.8 * m.history!.loss[0]!);
    m.dispose();
  });

  it('a regressor fits a linear target (squared error)', async () => {
    const rng = new Rng(9);
    const X = Array.from({ length: 80 }, () => [rng.normal(), rng.normal()]);
    const y = X.map((r) => 2 * r[0]! - r[1]!);
    const m = await new MLPRegressor({ hiddenLayerSizes: [16], learningRateInit: 0.01, maxIter: 300 }).fit(X, y);
    expect(await m.score(X, y)).toBeGreaterThan(0.95);
    expect(m.history!.loss.at(-1)!).toBeLessThan(m.history!.loss[0]!);
    m.dispose();
  });

  it('trains the same network on cpu and wasm (same initial weights; float32 rounding apart)', async () => {
    const { X, y } = blobs();
    const p = { hiddenLayerSizes: [8], maxIter: 10, seed: 1 };
    const a = await new MLPClassifier({ ...p, backend: 'cpu' }).fit(X, y);
    const b = await new MLPClassifier({ ...p, backend: 'wasm' }).fit(X, y);
    expect(a.backend).toBe('cpu');
    expect(b.backend).toBe('wasm');
    a.history!.loss.forEach((l, i) => expect(l).toBeCloseTo(b.history!.loss[i]!, 4));
    a.dispose();
    b.dispose();
  });

  it('direct kernels (own SIMD matMul and Adam, raw exports, or neither) and the engine give bit-identical training on wasm (several batches, shuffled, L2, early stopping)', async () => {
    const { X, y } = blobs();
    const p = { hiddenLayerSizes: [8, 5], batchSize: 16, alpha: 0.01, earlyStopping: true, maxIter: 12, seed: 3, backend: 'wasm' as const };
    const fit = async (direct: boolean, raw: boolean, simd: boolean): Promise<{ loss: number[]; val: number[]; proba: number[][] }> => {
      const prev = [setDirectKernels(direct), setRawKernels(raw), setSimdKernels(simd)] as const;
      try {
        const m = await new MLPClassifier(p).fit(X, y);
        const out = { loss: m.history!.loss, val: m.history!.validationScore!, proba: await m.predictProba(X) };
        m.dispose();
        return out;
      } finally {
        setDirectKernels(prev[0]);
        setRawKernels(prev[1]);
        setSimdKernels(prev[2]);
      }
    };
    const { tf: t } = await loadTensorFlow('wasm');
    const k = new Kernels(t, 'wasm');
    expect([k.direct, k.rawCalls, k.hasFusedAdam, k.simdMatMul]).toEqual([true, true, true, true]);
    const kc = new Kernels(t, 'cpu');
    expect([kc.direct, kc.rawCalls, kc.hasFusedAdam, kc.simdMatMul]).toEqual([false, false, false, false]);
    const engine = await fit(false, true, true);
    expect(engine.loss).toHaveLength(12);
    expect(await fit(true, true, true)).toEqual(engine);
    expect(await fit(true, true, false)).toEqual(engine);
    expect(await fit(true, false, false)).toEqual(engine);
  });

  it('direct kernels and the engine also train bit-identically with tanh + SGD (regressor), logistic (binary) and a first layer wider than the input', async () => {
    const { X, y } = blobs(5);
    const fits: Array<() => Promise<number[][]>> = [
      async () => {
        const m = await new MLPRegressor({ hiddenLayerSizes: [7, 6], activation: 'tanh', solver: 'sgd', learningRateInit: 0.01, batchSize: 20, alpha: 0.001, maxIter: 8, seed: 2, backend: 'wasm' }).fit(X, y);
        const out = [m.history!.loss, await m.predict(X)];
        m.dispose();
        return out;
      },
      async () => {
        const m = await new MLPClassifier({ hiddenLayerSizes: [6], activation: 'logistic', batchSize: 25, maxIter: 8, seed: 2, backend: 'wasm' }).fit(X, y.map((c) => (c === 1 ? 'a' : 'b')));
        const out = [m.history!.loss, (await m.predictProba(X)).flat()];
        m.dispose();
        return out;
      },
      async () => {
        const m = await new MLPClassifier({ hiddenLayerSizes: [19, 9], batchSize: 13, maxIter: 8, seed: 2, backend: 'wasm' }).fit(X, y);
        const out = [m.history!.loss, (await m.predictProba(X)).flat()];
        m.dispose();
        return out;
      },
    ];
    for (const fit of fits) {
      const direct = await fit();
      const prev = setDirectKernels(false);
      try {
        expect(direct).toEqual(await fit());
      } finally {
        setDirectKernels(prev);
      }
    }
  });

  it('the SIMD kernels instantiate on an ordinary memory and decline a shared one (the loop then uses the tfjs kernels)', () => {
    const W = (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => object } }).WebAssembly;
    expect(trainKernels(new W.Memory({ initial: 1 }))).toBeDefined();
    expect(trainKernels(new W.Memory({ initial: 1, maximum: 1, shared: true }))).toBeUndefined();
  });

  it("the loop's SIMD matMul is bit-identical to the wasm backend's _FusedMatMul (every tile shape, bias or not, linear or ReLU)", async () => {
    const { tf: t } = await loadTensorFlow('wasm');
    const K = new Kernels(t, 'wasm');
    expect(K.simdMatMul).toBe(true);
    const rng = new Rng(11);
    const rand = (len: number): Float32Array => Float32Array.from({ length: len }, () => rng.normal());
    const products = (m: number, k: number, n: number, withBias: boolean, act: 'linear' | 'relu'): [Float32Array, Float32Array] => {
      const a = rand(m * k);
      const b = rand(k * n);
      const bias = withBias ? rand(n) : undefined;
      const ours = K.scope(() => K.matMul(K.upload(a, [1, m, k]), K.upload(b, [1, k, n]), bias && K.upload(bias, [n]), act));
      const got = K.read(ours);
      K.free(ours);
      const ref = t.tidy(() => t.fused.matMul({ a: t.tensor3d(a, [1, m, k]), b: t.tensor3d(b, [1, k, n]), bias: bias && t.tensor1d(bias), activation: act }));
      const want = ref.dataSync() as Float32Array;
      ref.dispose();
      return [got, want];
    };
    const numTensors = t.memory().numTensors;
    const ids = K.numDataIds();
    // m: 4-row tiles and leftover rows; n: 8- and 4-column tiles and leftover columns; k from 1.
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 2], [4, 7, 8], [5, 64, 13], [9, 3, 12], [32, 64, 64], [33, 65, 10], [6, 2, 31]]) {
      for (const withBias of [false, true]) {
        for (const act of ['linear', 'relu'] as const) {
          const [got, want] = products(m!, k!, n!, withBias, act);
          expect(got, `${m}×${k}·${k}×${n} bias ${withBias} ${act}`).toEqual(want);
        }
      }
    }
    expect(t.memory().numTensors).toBe(numTensors);
    expect(K.numDataIds()).toBe(ids);
  });

  it('reports the backend parameter before fit and the backend used after', async () => {
    const m = new MLPRegressor({ backend: 'cpu', maxIter: 2 });
    expect(m.backend).toBe('cpu');
    expect(m.history).toBeUndefined();
    await m.fit([[0], [1], [2]], [0, 1, 2]);
    expect(m.backend).toBe('cpu');
    m.dispose();
  });

  // The 'tensorflow' backend, present or absent: backend.test.ts (each case runs only where it applies).

  it(`rejects an invalid ${BACKEND_ENV_VAR}`, async () => {
    const old = process.env[BACKEND_ENV_VAR];
    process.env[BACKEND_ENV_VAR] = 'gpu';
    try {
      await expect(new MLPRegressor({ maxIter: 1 }).fit([[0], [1]], [0, 1])).rejects.toThrow(/^Environment variable MLCOMPARE_TF_BACKEND must be one of 'tensorflow', 'wasm', 'cpu'/);
    } finally {
      if (old === undefined) delete process.env[BACKEND_ENV_VAR];
      else process.env[BACKEND_ENV_VAR] = old;
    }
  });
});

describe('in a fresh process', () => {
  it(`prints nothing on import or fit (no tfjs "install the node backend" banner), and ${BACKEND_ENV_VAR}=cpu forces cpu`, () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const script = [
      "const { MLPClassifier } = await import('@mlcompare/mlp');",
      'const m = await new MLPClassifier({ hiddenLayerSizes: [4], maxIter: 2 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);',
      'await m.predict([[1]]);',
      "process.stdout.write('BACKEND=' + m.backend);",
    ].join('\n');
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@mlcompare/source', '--input-type=module', '-e', script], {
      cwd: `${root}packages/mlp`,
      env: { ...process.env, [BACKEND_ENV_VAR]: 'cpu', NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('BACKEND=cpu');
  }, 60_000);
});
