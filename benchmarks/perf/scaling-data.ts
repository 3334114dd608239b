/**
 * The data of the scaling sections of the perf scripts (knn, svm, cart, linear), made on our
 * side so that they run without scikit-learn: `makeClassification` from @mlcompare/datasets
 * (nFeatures 20, nInformative 10, seed 0; `makeRegression` with the same sizes for the
 * regression rows of perf/linear.ts), an 80/20 split with core's `trainTestSplit` (seed 0), and
 * core's `StandardScaler` fitted on the training rows where the model family needs it. The very
 * matrices our side times are written to a temporary directory as little-endian float64 / int32
 * files, and the inline Python of each script reads them with numpy (`PY_READ_SCALING`), so both
 * sides time the same data. The Python column is optional: {@link sklearnUnavailable} says why it
 * is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandardScaler, trainTestSplit, type Matrix } from '@mlcompare/core';
import { makeClassification, makeRegression } from '@mlcompare/datasets';

/**
 * The Python that has scikit-learn 1.2.1 (Debian's python3-sklearn); `MLCOMPARE_PYTHON` points
 * the scripts at another interpreter (one without scikit-learn shows the fallback).
 */
export const PYTHON = process.env.MLCOMPARE_PYTHON ?? '/usr/bin/python3';

/** Rows of the scaling runs (issue 5: "the scaling runs of the other issues"). */
export const SCALING_SIZES: readonly number[] = [1000, 10000, 100000];
/** Features of the generated data. */
export const SCALING_FEATURES = 20;
/** Informative features (makeClassification) / features with a non-zero coefficient (makeRegression). */
export const SCALING_INFORMATIVE = 10;
/** Seed of the generator and of the split. */
export const SCALING_SEED = 0;
/** Share of the rows held out for predict. */
export const SCALING_TEST_SIZE = 0.2;
/** Noise of the regression target (makeRegression's coefficients are uniform in [0, 100)). */
export const SCALING_REGRESSION_NOISE = 10;

/**
 * The sizes a script runs: `--sizes 1000,10000` on its command line, else the three sizes, or
 * the first two when `quick`.
 *
 * @param quick - the script's quick mode (drops 100,000).
 * @returns the row counts, in the order given.
 * @throws {@link Error} when `--sizes` is not a comma list of integers >= 10.
 */
export function scalingSizes(quick = false): number[] {
  const i = process.argv.indexOf('--sizes');
  if (i < 0) return quick ? SCALING_SIZES.slice(0, 2) : [...SCALING_SIZES];
  const text = process.argv[i + 1] ?? '';
  const sizes = text.split(',').map(Number);
  if (text === '' || !sizes.every((n) => Number.isInteger(n) && n >= 10)) {
    throw new Error(`Option '--sizes' must be a comma list of integers >= 10 (such as 1000,10000), but got '${text}'.`);
  }
  return sizes;
}

/** Where a {@link ScalingData} is on disk, for the Python side (`read_scaling(files)`). */
export interface ScalingFiles {
  /** Training rows, n_train × d float64. */
  Xtr: string;
  /** Test rows, n_test × d float64. */
  Xte: string;
  /** Training targets: int32 class codes, or float64 values for regression. */
  ytr: string;
  /** Test targets, as `ytr`. */
  yte: string;
  /** Number of columns. */
  d: number;
  /** `'i4'` (classification) or `'f8'` (regression). */
  y: 'i4' | 'f8';
}

/** One size of the scaling run: the split our side times and the files the Python side reads. */
export interface ScalingData {
  /** Rows generated (train + test). */
  n: number;
  /** Training rows (standardised when asked). */
  Xtr: Matrix;
  /** Test rows (standardised with the training rows' scaler when asked). */
  Xte: Matrix;
  /** Training targets: classes 0/1, or real values for regression. */
  ytr: number[];
  /** Test targets. */
  yte: number[];
  /** Whether a StandardScaler fitted on the training rows was applied. */
  standardized: boolean;
  /** The generator call, for the tables' headings. */
  source: string;
  /** The same matrices on disk. */
  files: ScalingFiles;
}

/** Options of {@link scalingData}. */
export interface ScalingDataOptions {
  /** Fit core's StandardScaler on the training rows and apply it to both parts (default true). */
  standardize?: boolean;
  /** `'classification'` (makeClassification, default) or `'regression'` (makeRegression). */
  task?: 'classification' | 'regression';
}

let tmp: string | undefined;
/** One temporary directory per process, removed when the process exits. */
function tmpDir(): string {
  if (tmp === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'mlcompare-scaling-'));
    tmp = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return tmp;
}

function write(path: string, a: Float64Array | Int32Array): void {
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/**
 * Generates one size of the scaling run and writes it for the Python side.
 *
 * @param n - rows to generate (80 % train, 20 % test).
 * @param options - {@link ScalingDataOptions}.
 * @returns the split, as matrices, and the files holding the same values.
 * @throws as `makeClassification` / `trainTestSplit` for an invalid `n`.
 * @example
 * ```ts
 * const g = scalingData(1000);
 * await new KNNClassifier().fit(g.Xtr, g.ytr);   // and PY_READ_SCALING's read_scaling(g.files) in Python
 * ```
 */
export function scalingData(n: number, options: ScalingDataOptions = {}): ScalingData {
  const standardize = options.standardize ?? true;
  const task = options.task ?? 'classification';
  const ds =
    task === 'classification'
      ? makeClassification({ nSamples: n, nFeatures: SCALING_FEATURES, nInformative: SCALING_INFORMATIVE, seed: SCALING_SEED })
      : makeRegression({ nSamples: n, nFeatures: SCALING_FEATURES, nInformative: SCALING_INFORMATIVE, noise: SCALING_REGRESSION_NOISE, seed: SCALING_SEED });
  const split = trainTestSplit(ds.X, ds.y as number[], { testSize: SCALING_TEST_SIZE, seed: SCALING_SEED });
  let Xtr = split.XTrain;
  let Xte = split.XTest;
  if (standardize) {
    const scaler = new StandardScaler().fit(Xtr);
    Xtr = scaler.transform(Xtr);
    Xte = scaler.transform(Xte);
  }
  const base = join(tmpDir(), `${task}-${n}-${standardize ? 'std' : 'raw'}`);
  const y = task === 'classification' ? 'i4' : 'f8';
  const files: ScalingFiles = { Xtr: `${base}.Xtr.f64`, Xte: `${base}.Xte.f64`, ytr: `${base}.ytr.${y}`, yte: `${base}.yte.${y}`, d: SCALING_FEATURES, y };
  write(files.Xtr, Xtr.data);
  write(files.Xte, Xte.data);
  const Y = task === 'classification' ? Int32Array : Float64Array;
  write(files.ytr, Y.from(split.yTrain));
  write(files.yte, Y.from(split.yTest));
  const params =
    task === 'classification'
      ? `makeClassification(nSamples ${n}, nFeatures ${SCALING_FEATURES}, nInformative ${SCALING_INFORMATIVE}, seed ${SCALING_SEED})`
      : `makeRegression(nSamples ${n}, nFeatures ${SCALING_FEATURES}, nInformative ${SCALING_INFORMATIVE}, noise ${SCALING_REGRESSION_NOISE}, seed ${SCALING_SEED})`;
  const source = `${params}, trainTestSplit(testSize ${SCALING_TEST_SIZE}, seed ${SCALING_SEED})${standardize ? ', StandardScaler on the training rows' : ''}`;
  return { n, Xtr, Xte, ytr: split.yTrain, yte: split.yTest, standardized: standardize, source, files };
}

/**
 * The heading line of a scaling section: what the data are and where they come from.
 *
 * @param standardize - whether the family's data are standardised.
 * @returns one sentence.
 */
export function scalingDataNote(standardize = true): string {
  return (
    `Data: makeClassification(nFeatures ${SCALING_FEATURES}, nInformative ${SCALING_INFORMATIVE}, seed ${SCALING_SEED}) from @mlcompare/datasets, ` +
    `80/20 trainTestSplit (seed ${SCALING_SEED})${standardize ? ', StandardScaler fitted on the training rows' : ''}; ` +
    'scikit-learn reads the same matrices from float64 files.'
  );
}

/**
 * Python (a function definition) that reads a {@link ScalingFiles} with numpy:
 * `Xtr, ytr, Xte, yte = read_scaling(files)`.
 */
export const PY_READ_SCALING = `
def read_scaling(files):
    import numpy as np
    d, yt = files['d'], '<' + files['y']
    Xtr = np.fromfile(files['Xtr'], dtype='<f8').reshape(-1, d)
    Xte = np.fromfile(files['Xte'], dtype='<f8').reshape(-1, d)
    return Xtr, np.fromfile(files['ytr'], dtype=yt), Xte, np.fromfile(files['yte'], dtype=yt)
`;

/**
 * Python that fits the estimator built by `model` once on `read_scaling(json.loads(sys.argv[2]))`
 * and prints `{fit, predict, accuracy}` (ms, ms, share) as JSON; run it with perf/knn.ts's `runPython`.
 *
 * @param model - a Python expression that builds the estimator.
 * @returns the script (without the `runPython` prelude).
 */
export function pythonScalingScript(model: string): string {
  return `${PY_READ_SCALING}
Xtr, ytr, Xte, yte = read_scaling(json.loads(sys.argv[2]))
m = ${model}
t0 = time.perf_counter(); m.fit(Xtr, ytr); t1 = time.perf_counter(); p = m.predict(Xte); t2 = time.perf_counter()
print(json.dumps({'fit': (t1 - t0) * 1e3, 'predict': (t2 - t1) * 1e3, 'accuracy': float((p == yte).mean())}))
`;
}

let probed: { reason: string | undefined } | undefined;
/**
 * Why the scikit-learn column cannot be filled, or undefined when `PYTHON` imports numpy and
 * scikit-learn (checked once per process).
 *
 * @returns the reason, naming the interpreter and what to install, or undefined.
 */
export function sklearnUnavailable(): string | undefined {
  if (probed === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import numpy, sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
    let reason: string | undefined;
    if (r.error) reason = `${PYTHON} could not be started (${r.error.message})`;
    else if (r.status !== 0) {
      const last = r.stderr.trim().split('\n').pop() ?? '';
      reason = `scikit-learn is not importable from ${PYTHON} (${last}); install Debian's python3-sklearn`;
    }
    probed = { reason };
  }
  return probed.reason;
}

/**
 * Prints, once, that the scikit-learn column of a scaling table is empty and why (no-op when
 * scikit-learn is there).
 *
 * @returns true when scikit-learn can run.
 */
export function reportSklearn(): boolean {
  const reason = sklearnUnavailable();
  if (reason !== undefined) console.log(`The scikit-learn column is missing: ${reason}. Ours and the raw library still run on the same generated data.\n`);
  return reason === undefined;
}
