/**
 * The conformance suite every model package runs on each of its models, as scikit-learn's
 * `check_estimator` does. Call it at the top level of a test file:
 *
 * ```ts
 * import { describeModelContract } from '@mlcompare/core/testing';
 * describeModelContract(knnClassifierSpec);
 * ```
 */
import { describe, expect, it } from 'vitest';
import { InputError, NotFittedError, ParameterError, SerializationError } from '../errors.js';
import { Matrix } from '../matrix.js';
import type { Model } from '../model.js';
import { specDrift, type ModelSpec } from '../registry.js';
import { Rng } from '../rng.js';
import { createSampler } from '../tuning/sampler.js';
import { validateSpace } from '../tuning/space.js';
import { IRIS_X, IRIS_Y } from './iris.js';

/** Options of {@link describeModelContract}. */
export interface ContractOptions {
  /** Parameters used for every fit in the suite (e.g. fewer epochs); defaults when omitted. */
  params?: Record<string, unknown>;
  /** Accuracy the classifier must reach on a held-out third of iris (default 0.85; null skips). */
  irisFloor?: number | null;
  /** R² the regressor must reach on a noisy linear problem (default 0.5; null skips). */
  regressionFloor?: number | null;
  /** Counts resources held outside the JS heap (e.g. `() => tf.memory().numTensors`); must be unchanged after fit, predict and dispose. */
  resourceCount?: () => number;
  /** Per-test timeout in ms (default 30 000). */
  timeout?: number;
  /** Names of checks to skip, with the reason in a comment at the call site. */
  skip?: string[];
  /**
   * Fields of `state.model` a model file may leave out (read with a documented fallback, e.g.
   * a field older files of the same state version did not have); every other one is required.
   */
  optionalStateFields?: string[];
  /**
   * The learned state holds nothing per feature (the baselines), so no field of it can
   * contradict a changed `state.nFeatures`: the tampering check then leaves that case out.
   */
  stateIgnoresFeatures?: boolean;
}

type Json = Record<string, any>;

/** The first or last number in a JSON value (depth first), as a path of keys. */
function numberPath(v: unknown, last: boolean, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof v === 'number') return path;
  if (v === null || typeof v !== 'object') return undefined;
  const keys: (string | number)[] = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  if (last) keys.reverse();
  for (const k of keys) {
    const p = numberPath((v as Json)[k], last, [...path, k]);
    if (p) return p;
  }
  return undefined;
}

function setAt(root: Json, path: (string | number)[], value: unknown): void {
  let o = root;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]!] = value;
}

/**
 * Standard ways of tampering a fitted model's JSON, each with the field its error must name:
 * a dropped field (every parameter, `state.nFeatures`, `state.model`, each field of
 * `state.model` but the optional ones), an unknown field, a changed `nFeatures`, shortened or
 * disordered classes, a class that is an object, every parameter set to an invalid value,
 * NaN / Infinity in the learned numbers, another state version.
 */
function tamperings(json: Json, spec: ModelSpec, optional: ReadonlySet<string>, perFeature: boolean): Array<{ what: string; json: Json; names?: string }> {
  const out: Array<{ what: string; json: Json; names?: string }> = [];
  const add = (what: string, edit: (j: Json) => void, names?: string): void => {
    const j = JSON.parse(JSON.stringify(json)) as Json;
    edit(j);
    out.push({ what, json: j, ...(names !== undefined ? { names } : {}) });
  };
  for (const [name, decl] of Object.entries(spec.params)) {
    add(`params.${name} dropped`, (j) => delete j.params[name], `params.${name}`);
    add(`params.${name} = ${JSON.stringify(decl.invalid[0])}`, (j) => (j.params[name] = decl.invalid[0]), `params.${name}`);
  }
  add('an unknown parameter', (j) => (j.params.notAParameter = 1), 'params');
  add('state version + 1', (j) => (j.version += 1));
  add('state.nFeatures dropped', (j) => delete j.state.nFeatures, 'state.nFeatures');
  if (perFeature) {
    add('state.nFeatures + 1', (j) => (j.state.nFeatures += 1));
    if (json.state.nFeatures > 1) add('state.nFeatures - 1', (j) => (j.state.nFeatures -= 1));
  }
  add('state.nFeatures = 2.5', (j) => (j.state.nFeatures = 2.5), 'state.nFeatures');
  add('state.model dropped', (j) => delete j.state.model, 'state.model');
  add('state.model = null', (j) => (j.state.model = null), 'state.model');
  add('an unknown field in state', (j) => (j.state.extra = 1), 'state');
  const model = json.state.model;
  if (model !== null && typeof model === 'object' && !Array.isArray(model)) {
    for (const key of Object.keys(model)) {
      if (!optional.has(key)) add(`state.model.${key} dropped`, (j) => delete j.state.model[key], `state.model.${key}`);
    }
    add('an unknown field in state.model', (j) => (j.state.model.extra = 1), 'state.model');
  }
  const first = numberPath(model, false);
  if (first) add(`NaN at state.model${first.map((k) => `.${k}`).join('')}`, (j) => setAt(j.state, ['model', ...first], NaN));
  const lastNumber = numberPath(model, true);
  if (lastNumber) add(`Infinity at state.model${lastNumber.map((k) => `.${k}`).join('')}`, (j) => setAt(j.state, ['model', ...lastNumber], Infinity));
  if (spec.task === 'classification') {
    add('state.classes shortened', (j) => j.state.classes.pop());
    add('state.classes reversed', (j) => j.state.classes.reverse(), 'state.classes');
    add('a class that is an object', (j) => (j.state.classes[1] = { label: 'x' }), 'state.classes[1]');
    add('state.classes dropped', (j) => delete j.state.classes, 'state.classes');
  }
  return out;
}

function standardize(X: readonly (readonly number[])[]): number[][] {
  const n = X.length;
  const d = X[0]!.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of X) for (let j = 0; j < d; j++) mean[j]! += r[j]! / n;
  for (const r of X) for (let j = 0; j < d; j++) sd[j]! += (r[j]! - mean[j]!) ** 2 / n;
  return X.map((r) => r.map((v, j) => (v - mean[j]!) / (Math.sqrt(sd[j]!) || 1)));
}

/** Small problems for the checks: deterministic, from core's Rng. */
function makeData(task: 'classification' | 'regression', n = 60, d = 3, seed = 7): { X: number[][]; y: number[]; ys: string[] } {
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % 3;
    const row: number[] = [];
    for (let j = 0; j < d; j++) row.push(rng.normal(task === 'classification' ? cls * 2 * (j === 0 ? 1 : 0.5) : 0, 1));
    X.push(row);
    y.push(task === 'classification' ? cls : 3 * row[0]! - 2 * (row[1] ?? 0) + rng.normal(0, 0.5));
  }
  const names = ['setosa', 'versicolor', 'virginica'];
  return { X, y, ys: y.map((c) => names[c] ?? String(c)) };
}

async function predictions(m: Model<any>, X: number[][]): Promise<unknown[]> {
  return Array.from(await m.predict(X) as ArrayLike<unknown>);
}

/**
 * Defines a vitest `describe` block with the model contract checks for one registry entry.
 * @param spec - the model's registry entry.
 * @param options - see {@link ContractOptions}.
 */
export function describeModelContract(spec: ModelSpec, options: ContractOptions = {}): void {
  const timeout = options.timeout ?? 30_000;
  const skip = new Set(options.skip ?? []);
  const params = options.params ?? {};
  const make = (extra: Record<string, unknown> = {}): Model<any> => spec.create({ ...params, ...extra });
  const isClf = spec.task === 'classification';
  const data = makeData(spec.task);
  const check = (name: string, fn: () => Promise<void> | void): void => {
    if (skip.has(name)) it.skip(name, fn);
    else it(name, fn, timeout);
  };

  describe(`model contract: ${spec.className} (${spec.name}, ${spec.task})`, () => {
    check('is default-constructible and names itself', () => {
      const m = spec.create();
      expect(m.modelName).toBe(spec.className);
      expect(m.task).toBe(spec.task);
      expect(m.isFitted).toBe(false);
    });

    check('registry entry matches its class (name, task, parameters, fromJSON)', () => {
      expect(specDrift(spec)).toEqual([]);
    });

    check('declares exactly the parameters getParams returns', () => {
      const m = spec.create();
      expect(Object.keys(m.getParams()).sort()).toEqual(Object.keys(spec.params).sort());
      for (const [name, decl] of Object.entries(spec.params)) {
        expect(decl.accepts(decl.default), `default of '${name}' must satisfy its own rule`).toBe(true);
      }
    });

    check('has a default search space inside its declarations, whose configurations build the model', () => {
      const space = spec.defaultSpace;
      expect(space, `${spec.className} has no defaultSpace (give {} when there is nothing to tune)`).toBeDefined();
      validateSpace(space!, spec.params, `${spec.className}.defaultSpace`);
      // Both ends of every range, and random draws: each must make a valid model (no forbidden combination).
      const ends = [0, 1].map((side) =>
        Object.fromEntries(Object.entries(space!).map(([k, d]) => [k, d.kind === 'values' ? d.values[side === 0 ? 0 : d.values.length - 1] : side === 0 ? d.low : d.high])),
      );
      const sampler = createSampler('random', space!, 0);
      const draws = Array.from({ length: Math.min(20, sampler.size) }, () => sampler.ask());
      for (const config of [...ends, ...draws]) spec.create(config).dispose();
    });

    check('parameters survive new Model(m.getParams()) and clone()', () => {
      const m = make();
      const again = spec.create(m.getParams());
      expect(again.getParams()).toEqual(m.getParams());
      const c = m.clone();
      expect(c).not.toBe(m);
      expect(c.getParams()).toEqual(m.getParams());
      expect(c.isFitted).toBe(false);
    });

    check('rejects invalid parameter values with the template message', () => {
      for (const [name, decl] of Object.entries(spec.params)) {
        for (const bad of decl.invalid) {
          let err: unknown;
          try {
            spec.create({ [name]: bad });
          } catch (e) {
            err = e;
          }
          expect(err, `'${name}' = ${String(bad)} must be rejected`).toBeInstanceOf(ParameterError);
          expect((err as ParameterError).code).toBe('MLCOMPARE_PARAMETER');
          expect((err as Error).message).toMatch(new RegExp(`^The '${name}' parameter of ${spec.className} must be `));
        }
      }
      expect(() => spec.create({ notAParameter: 1 })).toThrow(/^Unknown parameter 'notAParameter' for /);
    });

    check('fit returns the model itself', async () => {
      const m = make();
      expect(await m.fit(data.X, data.y)).toBe(m);
      expect(m.isFitted).toBe(true);
      m.dispose();
    });

    check('predict before fit throws NotFittedError', async () => {
      const m = make();
      await expect(m.predict(data.X)).rejects.toBeInstanceOf(NotFittedError);
      await expect(m.predict(data.X)).rejects.toThrow(/^This .* instance is not fitted yet\. Call 'fit' before 'predict'\./);
    });

    check('same seed gives the same predictions', async () => {
      const a = await make().fit(data.X, data.y);
      const b = await make().fit(data.X, data.y);
      expect(await predictions(b, data.X)).toEqual(await predictions(a, data.X));
      a.dispose();
      b.dispose();
    });

    check('never mutates its inputs', async () => {
      const X = data.X.map((r) => [...r]);
      const y = [...data.y];
      const m = await make().fit(X, y);
      await m.predict(X);
      if (isClf && 'predictProba' in m && (m as { supportsProba?: boolean }).supportsProba) {
        await (m as unknown as { predictProba(x: unknown): Promise<unknown> }).predictProba(X);
      }
      expect(X).toEqual(data.X);
      expect(y).toEqual(data.y);
      const Xm = Matrix.fromRows(data.X);
      const before = Xm.data.slice();
      await m.fit(Xm, y);
      await m.predict(Xm);
      expect(Xm.data).toEqual(before);
      m.dispose();
    });

    check('rejects NaN, Infinity, empty, ragged and mismatched input with InputError', async () => {
      const handlesMissing = spec.capabilities.handlesMissing;
      const withNaN = data.X.map((r) => [...r]);
      withNaN[3]![1] = NaN;
      const withInf = data.X.map((r) => [...r]);
      withInf[5]![0] = Infinity;
      const ragged = data.X.map((r) => [...r]);
      ragged[2] = [1];
      const bad: Array<[string, unknown, unknown]> = [
        ['Infinity', withInf, data.y],
        ['empty X', [], []],
        ['ragged rows', ragged, data.y],
        ['mismatched lengths', data.X, data.y.slice(1)],
        ['1-D X', data.X.map((r) => r[0]), data.y],
        ['y with NaN', data.X, data.y.map((v, i) => (i === 4 ? NaN : v))],
      ];
      if (!handlesMissing) bad.push(['NaN', withNaN, data.y]);
      for (const [what, X, y] of bad) {
        const m = make();
        let err: unknown;
        try {
          await m.fit(X as number[][], y as number[]);
        } catch (e) {
          err = e;
        }
        expect(err, `fit with ${what} must throw InputError`).toBeInstanceOf(InputError);
        expect((err as Error).message).toMatch(/^(Argument '(X|y)' passed to '|Found X and y with inconsistent numbers of samples)/);
      }
      const m = await make().fit(data.X, data.y);
      await expect(m.predict(data.X.map((r) => [...r, 1]))).rejects.toBeInstanceOf(InputError);
      if (!handlesMissing) await expect(m.predict(withNaN)).rejects.toBeInstanceOf(InputError);
      await expect(m.predict([])).rejects.toBeInstanceOf(InputError);
      m.dispose();
    });

    check('predicts one row alone as in a batch', async () => {
      const m = await make().fit(data.X, data.y);
      const batch = await predictions(m, data.X);
      for (const i of [0, 7, 31, data.X.length - 1]) {
        const one = await predictions(m, [data.X[i]!]);
        expect(one[0], `row ${i}`).toEqual(batch[i]);
      }
      m.dispose();
    });

    check('toJSON -> fromJSON gives identical predictions', async () => {
      const m = await make().fit(data.X, data.y);
      const json = JSON.parse(JSON.stringify(m.toJSON()));
      expect(json.format).toBe('mlcompare-model');
      expect(json.model).toBe(spec.className);
      const back = spec.fromJSON(json);
      expect(back.getParams()).toEqual(m.getParams());
      expect(await predictions(back, data.X)).toEqual(await predictions(m, data.X));
      if (isClf && (m as { supportsProba?: boolean }).supportsProba) {
        const pm = await (m as unknown as { predictProba(x: unknown): Promise<number[][]> }).predictProba(data.X);
        const pb = await (back as unknown as { predictProba(x: unknown): Promise<number[][]> }).predictProba(data.X);
        expect(pb).toEqual(pm);
      }
      const unfitted = spec.fromJSON(JSON.parse(JSON.stringify(make().toJSON())));
      expect(unfitted.isFitted).toBe(false);
      expect(() => spec.fromJSON({ format: 'mlcompare-model', model: 'SomethingElse', version: 1, params: {}, state: null })).toThrow(
        /holds a 'SomethingElse' model/,
      );
      m.dispose();
      back.dispose();
    });

    check('toJSON -> fromJSON -> toJSON gives the same JSON (exact round trip)', async () => {
      const m = await make().fit(data.X, isClf ? data.ys : data.y);
      const json = JSON.parse(JSON.stringify(m.toJSON()));
      const back = spec.fromJSON(json);
      expect(JSON.parse(JSON.stringify(back.toJSON()))).toEqual(json);
      m.dispose();
      back.dispose();
    });

    check('fromJSON refuses a tampered model file with a SerializationError naming the field', async () => {
      const m = await make().fit(data.X, isClf ? data.ys : data.y);
      const json = JSON.parse(JSON.stringify(m.toJSON())) as Json;
      m.dispose();
      for (const t of tamperings(json, spec, new Set(options.optionalStateFields ?? []), !options.stateIgnoresFeatures)) {
        let err: unknown;
        let back: Model<any> | undefined;
        try {
          back = spec.fromJSON(t.json);
        } catch (e) {
          err = e;
        }
        back?.dispose();
        expect(err, `${t.what} must be refused`).toBeInstanceOf(SerializationError);
        expect((err as SerializationError).code).toBe('MLCOMPARE_SERIALIZATION');
        expect((err as Error).message, t.what).toMatch(new RegExp(`^(Invalid ${spec.className} JSON: '|Argument 'json' passed to '${spec.className}.fromJSON')`));
        if (t.names !== undefined) expect((err as Error).message, t.what).toContain(`'${t.names}`);
      }
    });

    check('works with a single feature', async () => {
      const X1 = data.X.map((r) => [r[0]!]);
      const m = await make().fit(X1, data.y);
      expect((await m.predict(X1)).length).toBe(X1.length);
      m.dispose();
    });

    check('a refit replaces all learned state', async () => {
      const m = await make().fit(data.X, data.y);
      const X2 = data.X.map((r) => [r[0]!, r[1]!]);
      await m.fit(X2, data.y);
      expect((await m.predict(X2)).length).toBe(X2.length);
      await expect(m.predict(data.X)).rejects.toBeInstanceOf(InputError);
      m.dispose();
    });

    check('dispose() releases what the model holds', async () => {
      const before = options.resourceCount?.();
      const m = await make().fit(data.X, data.y);
      await m.predict(data.X);
      if (isClf && (m as { supportsProba?: boolean }).supportsProba) {
        await (m as unknown as { predictProba(x: unknown): Promise<unknown> }).predictProba(data.X);
      }
      m.dispose();
      expect(m.isFitted).toBe(false);
      await expect(m.predict(data.X)).rejects.toBeInstanceOf(NotFittedError);
      if (options.resourceCount) expect(options.resourceCount()).toBe(before);
    });

    if (isClf) {
      check('string and numeric labels both work, and predict returns their kind', async () => {
        const mn = await make().fit(data.X, data.y);
        const pn = await mn.predict(data.X);
        expect(pn.every((v) => typeof v === 'number')).toBe(true);
        expect((mn as unknown as { classes: unknown[] }).classes).toEqual([0, 1, 2]);
        const ms = await make().fit(data.X, data.ys);
        const ps = await ms.predict(data.X);
        expect(ps.every((v) => typeof v === 'string')).toBe(true);
        expect((ms as unknown as { classes: unknown[] }).classes).toEqual(['setosa', 'versicolor', 'virginica']);
        // Same model, same data, labels renamed: same decisions.
        const names = ['setosa', 'versicolor', 'virginica'];
        expect(ps).toEqual(Array.from(pn as number[]).map((c) => names[c]));
        mn.dispose();
        ms.dispose();
      });

      check('binary problems work, with labels given in any order', async () => {
        const X = data.X.filter((_, i) => data.y[i] !== 2);
        const y = data.ys.filter((_, i) => data.y[i] !== 2).map((s) => (s === 'setosa' ? 'yes' : 'no'));
        const m = await make().fit(X, y);
        expect((m as unknown as { classes: unknown[] }).classes).toEqual(['no', 'yes']);
        const p: unknown[] = Array.from((await m.predict(X)) as ArrayLike<unknown>);
        expect(p.length).toBe(X.length);
        expect(p.every((v) => v === 'no' || v === 'yes')).toBe(true);
        const clf = m as unknown as { supportsProba: boolean; predictProba(x: unknown): Promise<number[][]> };
        if (clf.supportsProba) expect((await clf.predictProba(X))[0]!.length).toBe(2);
        m.dispose();
      });

      check('probabilities are rows in [0, 1] that sum to 1, columns in classes order', async () => {
        const m = await make().fit(data.X, data.ys);
        const clf = m as unknown as { supportsProba: boolean; predictProba(x: unknown): Promise<number[][]>; classes: string[] };
        if (!spec.capabilities.probabilities && !clf.supportsProba) {
          await expect(clf.predictProba(data.X)).rejects.toBeInstanceOf(ParameterError);
          return;
        }
        expect(clf.supportsProba).toBe(true);
        const P = await clf.predictProba(data.X);
        expect(P.length).toBe(data.X.length);
        for (const row of P) {
          expect(row.length).toBe(clf.classes.length);
          for (const v of row) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        }
        m.dispose();
      });

      if (options.irisFloor !== null) {
        check(`clears an accuracy floor on iris (${options.irisFloor ?? 0.85})`, async () => {
          const X = spec.capabilities.needsScaling ? standardize(IRIS_X) : IRIS_X.map((r) => [...r]);
          const train = X.map((_, i) => i).filter((i) => i % 3 !== 0);
          const test = X.map((_, i) => i).filter((i) => i % 3 === 0);
          const m = await make().fit(
            train.map((i) => X[i]!),
            train.map((i) => IRIS_Y[i]!),
          );
          const acc = await m.score(
            test.map((i) => X[i]!),
            test.map((i) => IRIS_Y[i]!),
          );
          expect(acc).toBeGreaterThanOrEqual(options.irisFloor ?? 0.85);
          m.dispose();
        });
      }
    } else if (options.regressionFloor !== null) {
      check(`clears an R² floor on a noisy linear problem (${options.regressionFloor ?? 0.5})`, async () => {
        const train = makeData('regression', 200, 3, 11);
        const test = makeData('regression', 100, 3, 12);
        const m = await make().fit(train.X, train.y);
        expect(await m.score(test.X, test.y)).toBeGreaterThanOrEqual(options.regressionFloor ?? 0.5);
        m.dispose();
      });
    }
  });
}
