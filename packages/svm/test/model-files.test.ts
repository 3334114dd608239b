import { SerializationError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { SVC, SVR } from '../src/index.js';

// Model files cannot lie (issue 11): libsvm parses a model text without checking it, so the
// whole text is checked against the parameters, the classes and the number of features.
type Json = Record<string, any>;
const X = [[0, 0, 1], [0, 1, 0], [1, 0, 1], [4, 4, 0], [4, 5, 1], [5, 4, 0], [9, 0, 1], [9, 1, 0], [8, 0, 0]];
const y = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'];
const t = X.map((r) => r[0]! + 0.5 * r[1]!);

function json(m: { toJSON(): unknown }): Json {
  return JSON.parse(JSON.stringify(m.toJSON())) as Json;
}

function refused(fromJSON: (j: unknown) => unknown, j: unknown, message: RegExp): void {
  expect(() => fromJSON(j)).toThrow(SerializationError);
  expect(() => fromJSON(j)).toThrow(message);
}

/** The JSON with its libsvm model text edited. */
function withText(j: Json, edit: (text: string) => string): Json {
  const c = JSON.parse(JSON.stringify(j)) as Json;
  c.state.model.model = edit(c.state.model.model as string);
  return c;
}

describe('libsvm model texts', () => {
  it("'svm_type epsilon_svr' alone is refused (predict used to return WebAssembly heap bytes)", async () => {
    const r = json(await new SVR().fit(X, t));
    refused(SVR.fromJSON, withText(r, () => 'svm_type epsilon_svr'), /^Invalid SVR JSON: 'state\.model\.model' must be a libsvm epsilon_svr model text with an 'SV' line, but got no SV line\.$/);
    const c = json(await new SVC().fit(X, y));
    refused(SVC.fromJSON, withText(c, () => 'svm_type epsilon_svr\nSV\n'), /'state\.model\.model' must be a libsvm c_svc model text with the header lines svm_type, kernel_type, gamma, nr_class, total_sv, rho, label, nr_sv/);
  });

  it("'total_sv 1000000' is refused (libsvm used to read past the support vectors)", async () => {
    const r = json(await new SVR().fit(X, t));
    refused(SVR.fromJSON, withText(r, (s) => s.replace(/total_sv \d+/, 'total_sv 1000000')), /with as many support-vector lines as 'total_sv 1000000' says, but got \d+ lines after 'SV'\./);
    const c = json(await new SVC().fit(X, y));
    refused(SVC.fromJSON, withText(c, (s) => s.replace(/total_sv \d+/, 'total_sv 1000000')), /with per-class counts on its 'nr_sv' line that add up to total_sv \(1000000\)/);
  });

  it('a changed nFeatures, shortened classes, labels out of range are refused', async () => {
    const c = json(await new SVC().fit(X, y));
    refused(SVC.fromJSON, { ...c, state: { ...c.state, nFeatures: 2 } }, /with 2 coefficients and 2 index:value pairs \(state\.nFeatures\) on each support-vector line, but got 5 items on the line of support vector 1\./);
    refused(SVC.fromJSON, { ...c, state: { ...c.state, classes: ['a', 'b'] } }, /'state\.model\.nClasses' must be 2 \(state\.classes has 2\), but got 3\./);
    const short = { ...c, state: { ...c.state, classes: ['a', 'b'], model: { ...c.state.model, nClasses: 2 } } };
    refused(SVC.fromJSON, short, /with 'nr_class 2' \(state\.classes has 2\), but got 'nr_class 3'\./);
    refused(SVC.fromJSON, withText(c, (s) => s.replace('label 0 1 2', 'label 0 1 5')), /with the class codes 0 to 2, each once, on its 'label' line, but got 'label 0 1 5'\./);
  });

  it('NaN in rho, a gamma other than the parameter, probA without probability, a stray line, another kernel', async () => {
    const r = json(await new SVR({ gamma: 0.5 }).fit(X, t));
    refused(SVR.fromJSON, withText(r, (s) => s.replace(/rho \S+/, 'rho nan')), /with 1 finite numbers on its 'rho' line, but got 'rho nan'\./);
    refused(SVR.fromJSON, withText(r, (s) => s.replace('gamma 0.5', 'gamma 2')), /with 'gamma 0\.5' \(state\.model\.gamma\), but got 'gamma 2'\./);
    refused(SVR.fromJSON, { ...r, state: { ...r.state, model: { ...r.state.model, gamma: 2 } } }, /'state\.model\.gamma' must be 0\.5 \(params\.gamma\), but got 2\./);
    refused(SVR.fromJSON, withText(r, (s) => s.replace(/(rho \S+\n)/, '$1probA 0.1\n')), /the header lines svm_type, kernel_type, gamma, nr_class, total_sv, rho \(in this order/);
    refused(SVR.fromJSON, withText(r, (s) => `${s}1 1:0 2:0 3:0 \n`), /as many support-vector lines as 'total_sv \d+' says, but got \d+ lines after 'SV'/);
    refused(SVR.fromJSON, withText(r, (s) => s.replace('kernel_type rbf', 'kernel_type linear')), /with 'kernel_type rbf' \(params\.kernel is 'rbf'\), but got 'kernel_type linear'\./);
    const auto = json(await new SVC({ gamma: 'auto' }).fit(X, y));
    refused(SVC.fromJSON, { ...auto, state: { ...auto.state, model: { ...auto.state.model, gamma: 0.25 } } }, /'state\.model\.gamma' must be 0\.3333333333333333 \(params\.gamma 'auto' is 1 \/ state\.nFeatures\), but got 0\.25\./);
  });
});

describe('ml-svm model files', () => {
  const Xb = X.slice(0, 6);
  const yb = y.slice(0, 6);
  it('labels other than ±1, weights of another length, a changed nFeatures, another kernel', async () => {
    const rbf = json(await new SVC({ engine: 'ml-svm', seed: 1 }).fit(Xb, yb));
    const edit = (j: Json, f: (m: Json) => void): Json => {
      const c = JSON.parse(JSON.stringify(j)) as Json;
      f(c.state.model.model.model);
      return c;
    };
    refused(SVC.fromJSON, edit(rbf, (m) => (m.Y[0] = 0)), /'state\.model\.model\.model\.Y\[0\]' must be 1 or -1, but got 0\./);
    refused(SVC.fromJSON, { ...rbf, state: { ...rbf.state, nFeatures: 4 } }, /'state\.model\.model\.model\.X\[0\]' must be an array of 4 finite numbers \(one per feature: state\.nFeatures is 4\), but got an array of 3 items\./);
    const lin = json(await new SVC({ engine: 'ml-svm', kernel: 'linear', seed: 1 }).fit(Xb, yb));
    refused(SVC.fromJSON, edit(lin, (m) => m.W.pop()), /'state\.model\.model\.model\.W' must be an array of 3 finite numbers/);
    refused(SVC.fromJSON, { ...lin, params: { ...lin.params, kernel: 'rbf' } }, /'state\.model\.model\.kernel\.kernel' must be 'rbf' \(params\.kernel\), but got 'linear'\./);
  });
});
