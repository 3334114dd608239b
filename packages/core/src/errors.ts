/**
 * Error classes with stable `code`s. Messages name the argument, the function,
 * the rule and the value (house style, see STYLE.md §7); the runner and CLI add
 * where it failed and what to try.
 */

/** Base class of every error mlcompare throws on purpose. */
export class MlcompareError extends Error {
  /** Stable machine-readable code, e.g. `MLCOMPARE_PARAMETER`. */
  readonly code: string = 'MLCOMPARE_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A hyper-parameter value broke its declared rule, or the name is unknown. */
export class ParameterError extends MlcompareError {
  override readonly code = 'MLCOMPARE_PARAMETER';
}

/** An argument passed to a public function has the wrong shape, kind or values. */
export class InputError extends MlcompareError {
  override readonly code = 'MLCOMPARE_INPUT';
}

/** `predict` (or a learned attribute) was used before `fit`. */
export class NotFittedError extends MlcompareError {
  override readonly code = 'MLCOMPARE_NOT_FITTED';
  constructor(modelName: string, method = 'predict') {
    super(`This ${modelName} instance is not fitted yet. Call 'fit' before '${method}'.`);
  }
}

/** A JSON document could not be turned back into a model (wrong tag, version or content). */
export class SerializationError extends MlcompareError {
  override readonly code = 'MLCOMPARE_SERIALIZATION';
}

/** A data file or data set is unusable (missing file, ragged row, unknown column, …). */
export class DataError extends MlcompareError {
  override readonly code = 'MLCOMPARE_DATA';
}

/** A suite, a split file or a command line is invalid. */
export class ConfigError extends MlcompareError {
  override readonly code = 'MLCOMPARE_CONFIG';
}

/**
 * A file or folder could not be read, written or created (missing folder, read-only file system,
 * disk full, a file where a folder is expected, …). The message names the path, what was being
 * done and the system's reason (`ENOSPC`, `EROFS`, …); {@link FileError.errno} keeps that code.
 */
export class FileError extends MlcompareError {
  override readonly code = 'MLCOMPARE_FILE';
  /** The operating system's error code (`ENOENT`, `EACCES`, `EROFS`, `ENOSPC`, …), when there was one. */
  readonly errno: string | undefined;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const c = (options?.cause as { code?: unknown } | undefined)?.code;
    this.errno = typeof c === 'string' ? c : undefined;
  }

  /**
   * The error for a failed file operation: what was being done, the path, and the system's reason
   * in words with its code.
   * @param action - `write`, `read`, `create the folder`, …
   * @param path - the file or folder.
   * @param cause - the Node error (its `code`: `ENOSPC`, `EROFS`, …).
   * @returns the error to throw.
   * @example
   * ```ts
   * FileError.of('write', 'out/run.json', { code: 'ENOSPC', message: 'ENOSPC: no space left on device' }).message;
   * // "Cannot write 'out/run.json': the disk is full (ENOSPC)."
   * ```
   */
  static of(action: string, path: string, cause: unknown): FileError {
    return new FileError(`Cannot ${action} '${path}': ${systemReason(cause)}.`, { cause });
  }
}

const SYSTEM_REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EEXIST: 'it already exists',
  EIO: 'input/output error (a failing disk or a lost network drive)',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/** A Node system error's reason in words, with its code (`the disk is full (ENOSPC)`). */
function systemReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = String((err as { message?: unknown } | null)?.message ?? err);
  if (typeof code === 'string' && SYSTEM_REASONS[code]) return `${SYSTEM_REASONS[code]} (${code})`;
  return typeof code === 'string' ? `${message.replace(/^[A-Z]+: /, '')} (${code})` : message;
}

/** A model could not finish training (diverged, a library failed, …). */
export class FitError extends MlcompareError {
  override readonly code = 'MLCOMPARE_FIT';
}

/**
 * A metric is not defined on the rows it was asked about (ROC AUC when the test rows hold one
 * class, log loss for a class the model never saw in training, R² of fewer than two rows), as
 * scikit-learn's `UndefinedMetricWarning`. The evaluator records such a metric as `null`; any other
 * error from a scorer is a programming error and fails the job.
 */
export class UndefinedMetricError extends MlcompareError {
  override readonly code = 'MLCOMPARE_UNDEFINED_METRIC';
}

/**
 * Renders a value for an error message: short, unambiguous, never huge.
 * @param value - anything.
 * @returns strings quoted, arrays cut after 5 items, objects as JSON cut at 80 characters.
 * @example
 * ```ts
 * formatValue('x'); // "'x'"
 * formatValue([1, 2, 3, 4, 5, 6]); // '[1, 2, 3, 4, 5, ... (6 items)]'
 * ```
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 60 ? value.slice(0, 57) + '...' : value}'`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) {
    const inner = value.slice(0, 5).map(formatValue).join(', ');
    return `[${inner}${value.length > 5 ? `, ... (${value.length} items)` : ''}]`;
  }
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch {
    return String(value);
  }
}
