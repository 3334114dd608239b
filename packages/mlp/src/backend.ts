/**
 * Choosing and loading the TensorFlow.js backend: native TensorFlow (`@tensorflow/tfjs-node`)
 * when it is installed, else WebAssembly (`@tensorflow/tfjs-backend-wasm`, binaries inside the
 * package), else the pure-JavaScript `cpu` backend.
 *
 * tfjs is loaded lazily, on the first call, so importing `@mlcompare/mlp` loads no TensorFlow
 * code and prints nothing. tfjs-node is imported through a string variable inside try/catch:
 * nothing depends on it being installed (its install script downloads libtensorflow, which
 * fails on offline machines; the package then has no native binding and its import throws).
 */
import type * as Tfjs from '@tensorflow/tfjs';
import { ConfigError, formatValue } from '@mlcompare/core';

/** The TensorFlow.js namespace (`@tensorflow/tfjs`). */
export type Tf = typeof Tfjs;

/** A concrete TensorFlow.js backend. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The `backend` parameter: a concrete backend, or `'auto'` (the fastest one available). */
export type TfBackendChoice = 'auto' | TfBackendName;

/** Backends in the order `'auto'` tries them. */
const TF_BACKENDS: readonly TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Environment variable that replaces `backend: 'auto'` with one backend (`tensorflow`, `wasm` or `cpu`). */
export const BACKEND_ENV_VAR = 'MLCOMPARE_TF_BACKEND';

/** A loaded backend: the tfjs namespace (the same instance for every backend) and the active backend's name. */
export interface LoadedTf {
  tf: Tf;
  backend: TfBackendName;
}

// A string variable, not a literal: no compile-time or bundler dependency on tfjs-node.
const TFJS_NODE_PACKAGE: string = '@tensorflow/tfjs-node';

let tfPromise: Promise<Tf> | undefined;
let nodeAttempt: Promise<Error | undefined> | undefined;
const unavailable = new Map<TfBackendName, string>();

/**
 * Imports tfjs once. tfjs-node is tried first because it registers the 'tensorflow' backend
 * into the same engine; its failure (no native binding) is remembered, not printed.
 */
async function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    nodeAttempt ??= import(TFJS_NODE_PACKAGE).then(
      () => undefined,
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    );
    const nodeError = await nodeAttempt;
    if (nodeError) unavailable.set('tensorflow', firstLine(nodeError.message));
    const tf = (await import('@tensorflow/tfjs')) as Tf;
    await import('@tensorflow/tfjs-backend-wasm'); // registers 'wasm'
    return tf;
  })();
  return tfPromise;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * Makes `name` the active backend. The cpu backend prints tfjs's "install the node backend"
 * banner on its first tensor; it is consumed here with tfjs's warnings muted for that one write.
 */
async function activate(tf: Tf, name: TfBackendName): Promise<boolean> {
  if (unavailable.has(name)) return false;
  if (!(name in tf.engine().registryFactory)) {
    unavailable.set(name, 'the backend is not registered');
    return false;
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    if (ok) await tf.ready();
  } catch (err) {
    unavailable.set(name, firstLine(err instanceof Error ? err.message : String(err)));
    return false;
  }
  if (!ok) {
    unavailable.set(name, 'initialisation failed');
    return false;
  }
  if (name === 'cpu') {
    const env = tf.env();
    const prod = env.getBool('PROD');
    env.set('PROD', true);
    try {
      tf.tensor1d([0]).dispose();
    } finally {
      env.set('PROD', prod);
    }
  }
  return true;
}

/**
 * Reads {@link BACKEND_ENV_VAR}.
 * @returns the backend it names, or undefined when it is unset or empty.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} when it names no backend.
 */
function backendFromEnv(): TfBackendName | undefined {
  const raw = process.env[BACKEND_ENV_VAR];
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim().toLowerCase();
  if ((TF_BACKENDS as readonly string[]).includes(v)) return v as TfBackendName;
  throw new ConfigError(
    `Environment variable ${BACKEND_ENV_VAR} must be one of ${TF_BACKENDS.map((b) => `'${b}'`).join(', ')} (or unset), but got ${formatValue(raw)}. Unset it to let mlcompare pick the fastest backend.`,
  );
}

/**
 * Loads tfjs and activates a backend.
 *
 * `'auto'` takes {@link BACKEND_ENV_VAR} when it is set, otherwise the first of
 * `tensorflow` → `wasm` → `cpu` that initialises. A named backend is used as given.
 *
 * @param choice - `'auto'` or a backend name.
 * @returns the tfjs namespace and the backend now active.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} when a named backend (or the one the environment variable names) cannot be used.
 * @example
 * ```ts
 * const { tf, backend } = await loadTensorFlow('auto');
 * console.log(backend, tf.memory().numTensors);
 * ```
 */
export async function loadTensorFlow(choice: TfBackendChoice = 'auto'): Promise<LoadedTf> {
  const tf = await loadTf();
  const forced = choice === 'auto' ? backendFromEnv() : choice;
  if (forced !== undefined) {
    if (tf.getBackend() === forced || (await activate(tf, forced))) return { tf, backend: forced };
    const why = unavailable.get(forced) ?? 'initialisation failed';
    const origin = choice === 'auto' ? `environment variable ${BACKEND_ENV_VAR}` : `parameter 'backend'`;
    throw new ConfigError(
      `The TensorFlow.js backend '${forced}' requested by the ${origin} is not available: ${why}. ` +
        `Use backend 'auto' (and unset ${BACKEND_ENV_VAR}) to fall back to the fastest available backend` +
        (forced === 'tensorflow' ? `, or install @tensorflow/tfjs-node with network access so that it can download libtensorflow.` : '.'),
    );
  }
  for (const name of TF_BACKENDS) {
    if (tf.getBackend() === name && !unavailable.has(name)) return { tf, backend: name };
    if (await activate(tf, name)) return { tf, backend: name };
  }
  throw new ConfigError(
    `No TensorFlow.js backend could be initialised: ${TF_BACKENDS.map((b) => `${b}: ${unavailable.get(b) ?? 'unknown'}`).join('; ')}.`,
  );
}

/**
 * Makes `name` the active backend again (it was loaded before), synchronously when it is
 * already initialised. Called before each block of work so that another model switching the
 * global backend between two awaits cannot move this model's tensors.
 */
export function reassertBackend(tf: Tf, name: TfBackendName): void {
  if (tf.getBackend() !== name) void tf.setBackend(name);
}


/**
 * Why a backend is unavailable in this process, when a load attempt failed
 * (for instance tfjs-node's "The Node.js native addon module (tfjs_binding.node) can not be found").
 * @param name - the backend.
 * @returns the reason, or undefined when the backend loaded or was never tried.
 */
export function backendUnavailableReason(name: TfBackendName): string | undefined {
  return unavailable.get(name);
}
