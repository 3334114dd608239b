/**
 * The `mlcompare` command line: `bench`, `models`, `datasets`, `report`.
 * Exit codes: see {@link EXIT_CODES_TEXT}.
 */
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  ConfigError,
  FileError,
  MlcompareError,
  RESULTS_FILE,
  stripControl,
  closestName,
  didYouMean,
  findModel,
  formatParamValue,
  modelVariants,
  ROPE_MODES,
  type ModelSpec,
  type RopeSetting,
  type Task,
} from '@mlcompare/core';
import { formatSummary, type Dataset } from '@mlcompare/datasets';
import { datasetCatalog, describeResampling } from './data.js';
import { importRegistry } from './worker.js';
import { writeRunReports } from './reports.js';
import { runSuite } from './run.js';
import { fileError, readRunInfo } from './store.js';
import { DEFAULT_MAX_JOBS, parseSuite, splitList, type Suite } from './suite.js';
import { watchWrappers } from './wrappers.js';
import { CSV_READ_OPTIONS, csvReadKeys, joinNegativeValues, seedOption } from './cli-options.js';
import { fitTable, textTable, wrapParagraph } from './text-table.js';

export { textTable } from './text-table.js';

/** Streams and hooks of one CLI invocation (tests pass their own). */
export interface CliIO {
  /** Where results and tables go (`process.stdout` by default). */
  stdout: {
    /** Writes text as it is (no newline added). */
    write(s: string): unknown;
    /** A terminal: progress is drawn as a bar. */
    isTTY?: boolean;
    /** The terminal's width. */
    columns?: number;
  };
  /** Where messages and errors go (`process.stderr` by default). */
  stderr: {
    /** Writes text as it is (no newline added). */
    write(s: string): unknown;
    /** A terminal. */
    isTTY?: boolean;
  };
  /**
   * Working directory for relative paths (default: `INIT_CWD`, the folder `pnpm mlcompare` was
   * typed in — pnpm runs scripts from the repository root — else `process.cwd()`).
   */
  cwd?: string;
  /** URL of the registry module (exports `models`); default: this package's registry. */
  registryModule?: string;
  /** Folder of named suites (default: the repository's `benchmarks/suites`). */
  suitesDir?: string;
  /** Stops a running `bench` (default: Ctrl-C). */
  signal?: AbortSignal;
}

/** Exit code: every job done. */
export const EXIT_OK = 0;
/** Some jobs ended in `error` or `timeout`. */
export const EXIT_JOBS_FAILED = 1;
/** Bad command line, suite, model, parameter, data or run folder content: what was asked cannot be done. */
export const EXIT_USAGE = 2;
/** A file or folder could not be read or written (missing, read-only, disk full, …): a `FileError`. */
export const EXIT_FILE = 3;
/** An internal error (a bug in mlcompare or in a model): the message has the stack trace. */
export const EXIT_INTERNAL = 70;

/** The exit codes as `--help` and the README list them. */
export const EXIT_CODES_TEXT = `Exit codes: 0 every job done; 1 some jobs failed (the run still completes); 2 usage error (command line,
suite, model, parameter, data or run folder); 3 a file or folder cannot be read or written; 70 internal
error; 130 stopped by Ctrl-C (SIGINT), 143 by SIGTERM, 129 by SIGHUP (finished jobs kept, --resume continues).`;

const HERE = new URL('.', import.meta.url);
const EXT = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/** The default registry module (every model package plus the baselines). */
export const DEFAULT_REGISTRY_MODULE = new URL(`./registry.${EXT}`, HERE).href;

/** The repository's `benchmarks/suites` folder (from `src/` or `dist/`). */
export function defaultSuitesDir(): string {
  return fileURLToPath(new URL('../../../benchmarks/suites/', HERE));
}

class UsageError extends MlcompareError {
  override readonly code = 'MLCOMPARE_USAGE';
}

const MAIN_HELP = `Usage: mlcompare <command> [options]

Compare machine-learning models on the same data and the same folds.

Commands:
  bench [SUITE]   run a benchmark suite (default: 'default'); see 'mlcompare bench --help'
  models          list the registered models, their capabilities and parameters
  datasets        list the bundled data sets and the data generators
  report DIR      re-render the reports of a finished run
  worker          take jobs from a 'bench --queue' run on Redis; see 'mlcompare worker --help'

Run 'mlcompare <command> --help' for a command's options.
${EXIT_CODES_TEXT}
`;

const BENCH_HELP = `Usage: mlcompare bench [SUITE] [options]

Runs every model of a suite on every data set of it, on the same splits, in parallel, and
writes OUT/results.jsonl (one line per job, as it finishes), OUT/run.json, OUT/splits.json
(the train/test rows of every fold) and the reports.

SUITE is a name in benchmarks/suites (default, quick, boundaries, ...) or a path to a JSON file.

Options:
  --datasets a,b        data sets instead of the suite's: bundled names or generators
                        (moons:nSamples=200,noise=0.3)
  --models a,b          models instead of the suite's: registry names, with parameters and grids
                        (knn:nNeighbors=1,5,15 runs three models)
  --data FILE           your CSV file instead of the suite's data sets (needs --target)
  --target COL          the target column of --data
  --task T              classification or regression, instead of the task inferred from --target
  --delimiter D         the field delimiter of --data: ',', ';', tab, space (one per break) or
                        whitespace (runs of spaces and tabs, as aligned columns); default: detected
  --drop COLS           columns of --data to leave out (a comma list; repeatable)
  --categorical COLS    columns of --data to read as categories even when they look numeric or
                        like identifiers (a comma list; repeatable)
  --missing TEXTS       texts of --data that mean "missing", besides '', NA, NaN, null, ?, N/A
                        (a comma list; repeatable: --missing -999 --missing unknown)
  --folds K             K-fold cross-validation (stratified for classification)
  --repeats R           repeat the K-fold R times with new shuffles
  --splits FILE         predefined folds: JSON { "folds": [{ "train": [...], "test": [...] }] }
  --seed S              suite seed, any integer (splits and model seeds derive from it; for a CSV
                        file they derive from its content, not its name: the same bytes saved
                        under another name give the same folds and scores)
  --rope R              region of practical equivalence of the report's Bayesian comparisons: a
                        number in the primary metric's units (0.01 = one point of accuracy), 'auto'
                        (default: 0.01 for accuracy-like metrics, else 'autorank') or 'autorank'
                        (a tenth of the pooled spread of the two models compared)
  --tune STRATEGY       also tune every model by nested cross-validation: grid, random, halving
                        or tpe (a 'knn (tuned)' row beside 'knn'; the search sees only the outer
                        training fold, the chosen parameters are refitted and scored on its test fold)
  --budget N | Ns       per tuned outer fold: N candidate evaluations (default 20; a grid: all of
                        it), or N seconds of CPU time of its own trials (not wall time)
  --inner-folds K       inner folds of the search (default 3; stratified for classification)
  --inner-shuffle       shuffle the inner folds (default: unshuffled, as scikit-learn's cv=K)
  --space 'M:SPACE'     the space searched for model M instead of its default, e.g.
                        'knn:nNeighbors=1,5,15' or 'svm:C=log(1e-3,1e3),gamma=log(1e-4,1e1)'
                        (repeat --space for several models)
  --jobs N              worker threads (default: the number of cores)
  --timeout SEC         seconds per job before its worker is stopped (0 = none)
  --out DIR             results folder (default: results/<suite>-<date>-<time>)
  --resume DIR          finish an interrupted run: only jobs without a result run (refused when
                        its data, suite, splits or mlcompare version changed since it started)
  --max-jobs N          most jobs a run may have (default ${DEFAULT_MAX_JOBS}); larger runs are refused
  --max-memory GIB      most memory its data and splits may take (default: the machine's memory)
  --queue URL           put the jobs on a BullMQ queue on Redis (redis://host:6379) for
                        'mlcompare worker' processes on any number of machines, instead of
                        running them here; the same --out again resumes the run
  -h, --help            show this help

One process writes a run folder at a time (it holds OUT/run.lock while it runs).
Ctrl-C or SIGTERM (also to the 'pnpm mlcompare' or 'npm run' wrapper) stops the run: finished jobs are kept.
${EXIT_CODES_TEXT}

Examples:
  mlcompare bench quick
  mlcompare bench --datasets iris,wine --models knn:nNeighbors=1,5,15,svm --folds 10
  mlcompare bench --data houses.csv --target price --models linear,knn,cart
  mlcompare bench --datasets iris,wine --models knn,svm --tune random --budget 20
  mlcompare bench --resume results/default-20250101-120000
`;

const WORKER_HELP = `Usage: mlcompare worker --queue URL [--concurrency N] [--lock SEC]

Takes jobs of any 'mlcompare bench --queue URL' run from Redis and runs them, until stopped.
Each job runs in a worker thread exactly as in a local run, on the run's data read from Redis
and checked against its hash. A job queued by another mlcompare version, with a model this
worker's registry (MLCOMPARE_REGISTRY) lacks, or on data whose hash differs is refused and left
for another worker. SIGTERM or Ctrl-C hands the running jobs back to the queue and exits (0).

Options:
  --queue URL         the Redis URL, as given to 'bench --queue' (redis://host:6379)
  --concurrency N     jobs at once (default 1; one per core to spare)
  --lock SEC          seconds a job's lock lasts without renewal: a dead worker's jobs are
                      taken by others after about this long (default 30)
  -h, --help          show this help
`;

const MODELS_HELP = `Usage: mlcompare models [NAME] [--task classification|regression]

Lists the registered models: tasks, capabilities, and each parameter with its default and rule.
Parameters are set in suites and on the command line as name:param=value (knn:nNeighbors=15).

Options:
  --task TASK   only models for 'classification' or 'regression'
  -h, --help    show this help
`;

const DATASETS_HELP = `Usage: mlcompare datasets

Lists the bundled data sets (name, task, rows, features, classes) and the data generators that
suites and 'mlcompare bench --datasets' accept as name:param=value (moons:nSamples=200,noise=0.3).

Your own CSV file: 'mlcompare bench --data FILE --target COLUMN', or in a suite's "datasets":
  { "csv": "houses.csv", "target": "price", "task": "regression", "drop": ["id"],
    "categorical": ["zip"], "missing": ["-999"], "delimiter": ";", "name": "houses" }
Keys (the options of 'mlcompare bench --data' in brackets):
  csv          the file (relative to the suite file)                       [--data FILE]
  target       the column to predict, exactly as in the header             [--target COL]
  task         'classification' or 'regression' (default: inferred)        [--task T]
  drop         columns to leave out                                        [--drop COLS]
  categorical  columns to read as categories                               [--categorical COLS]
  missing      texts that mean "missing", besides '', NA, NaN, null, ?, N/A [--missing TEXTS]
  delimiter    ',', ';', 'tab', 'space' or 'whitespace' (default: detected) [--delimiter D]
  name         the data set's name in results (default: the file name)
Folds and model seeds derive from the file's content (SHA-256), not its name: the same bytes
under another name give the same scores. The summary printed before a run says every decision
taken on the file (types, dropped columns — identifiers, a pandas row index, constant columns —
and cells that are not numbers in a numeric column, read as missing).
`;

const REPORT_HELP = `Usage: mlcompare report DIR [--rope R]

Writes report.md, report.html, results.csv and summary.json of the run in DIR again (from its
results.jsonl and run.json; nothing is trained) and prints the main table.

Options:
  --rope R      the region of practical equivalence instead of the run's (as 'mlcompare bench
                --rope'): a number in the primary metric's units, 'auto' or 'autorank'
  -h, --help    show this help
`;

/**
 * The message for an option the command does not have: the closest valid one when it is a
 * likely typo, else the list of valid options. (node:util's own message is about positionals.)
 */
function unknownOptionMessage(given: string, options: ParseArgsConfig['options'], command: string): string {
  const names = [...Object.keys(options ?? {}), 'help'].map((n) => `--${n}`);
  const bare = given.replace(/=.*$/, '');
  const best = closestName(bare, names);
  const hint = best !== undefined ? ` Did you mean '${best}'?` : ` Options: ${names.join(', ')}.`;
  return `Unknown option '${bare}' for 'mlcompare ${command}'.${hint} See 'mlcompare ${command} --help'.`;
}

function parse(given: string[], options: ParseArgsConfig['options'], help: string, maxPositionals: number) {
  let parsed;
  const args = joinNegativeValues(given, options ?? {});
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    const unknown = (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec((err as Error).message)?.[1] : undefined;
    if (unknown !== undefined) throw new UsageError(unknownOptionMessage(unknown, options, /^Usage: mlcompare (\w+)/.exec(help)?.[1] ?? ''), { cause: err });
    throw new UsageError(`${(err as Error).message}\n\n${help}`, { cause: err });
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`Unexpected argument '${parsed.positionals[maxPositionals]}'.\n\n${help}`);
  }
  return parsed as { values: Record<string, string | boolean | undefined>; positionals: string[] };
}

function intOption(values: Record<string, unknown>, name: string, min: number): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`Option '--${name}' must be an integer >= ${min}, but got '${String(v)}'.`);
  return n;
}

const COMMANDS = ['bench', 'models', 'datasets', 'report', 'worker'];

/**
 * Runs the CLI.
 * @param argv - arguments after the program name (`['bench', 'quick', '--jobs', '2']`).
 * @param io - output streams and hooks.
 * @returns the exit code.
 */
export async function main(argv: string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        if (rest[0] && COMMANDS.includes(rest[0])) return await main([rest[0], '--help'], io);
        io.stdout.write(MAIN_HELP);
        return command === undefined ? EXIT_USAGE : EXIT_OK;
      case 'bench':
        return await benchCommand(rest, io);
      case 'models':
        return await modelsCommand(rest, io);
      case 'datasets':
        return await datasetsCommand(rest, io);
      case 'report':
        return await reportCommand(rest, io);
      case 'worker':
        return await workerCommand(rest, io);
      default:
        throw new UsageError(`Unknown command '${command}'.${didYouMean(command, COMMANDS)} Commands: ${COMMANDS.join(', ')}.\n\n${MAIN_HELP}`);
    }
  } catch (err) {
    const e = asMlcompareError(err);
    if (e) {
      // Messages quote values from the user's files: no terminal escape reaches the terminal (line by line, so help text keeps its lines).
      io.stderr.write(`error: ${e.message.split('\n').map(stripControl).join('\n')}\n`);
      return e instanceof FileError ? EXIT_FILE : EXIT_USAGE;
    }
    io.stderr.write(`mlcompare: internal error (please report it): ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT_INTERNAL;
  }
}

/** The error to report: mlcompare's own, or a Node file-system error turned into a `FileError` naming its path. */
function asMlcompareError(err: unknown): MlcompareError | null {
  if (err instanceof MlcompareError) return err;
  const e = err as NodeJS.ErrnoException | null;
  if (e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string') {
    return fileError(e.syscall, e.path ?? '(unknown path)', err);
  }
  return null;
}

/**
 * The registry module of this invocation: `io.registryModule`, else the environment variable
 * `MLCOMPARE_REGISTRY` (a path or URL of a module exporting `models: ModelSpec[]`, to bring your
 * own models), else the default registry.
 */
function registryModuleOf(io: CliIO): string {
  if (io.registryModule) return io.registryModule;
  const env = process.env['MLCOMPARE_REGISTRY'];
  if (env) return /^[a-z]+:\/\//i.test(env) ? env : pathToFileURL(resolve(workingDir(io), env)).href;
  return DEFAULT_REGISTRY_MODULE;
}

async function loadRegistry(io: CliIO): Promise<readonly ModelSpec[]> {
  const url = registryModuleOf(io);
  try {
    return await importRegistry(url);
  } catch (err) {
    throw new ConfigError(`Cannot load the model registry ${url}: ${(err as Error).message}`, { cause: err });
  }
}

function availableSuites(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

function timestamp(d = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Reads a suite by name (in the suites folder) or path, as raw JSON plus where it came from. */
function readSuiteFile(nameOrPath: string, cwd: string, suitesDir: string): { raw: unknown; source: string; baseDir: string } {
  const isPath = nameOrPath.endsWith('.json') || nameOrPath.includes('/') || nameOrPath.includes('\\');
  const path = isPath ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(cwd, nameOrPath)) : resolve(suitesDir, `${nameOrPath}.json`);
  if (!existsSync(path)) {
    const names = availableSuites(suitesDir);
    throw new ConfigError(
      isPath
        ? `The suite file ${path} does not exist.`
        : `Unknown suite '${nameOrPath}'.${didYouMean(nameOrPath, names)} Suites in ${suitesDir}: ${names.join(', ') || '(none)'}. Or pass a path to a suite JSON file.`,
    );
  }
  try {
    return { raw: JSON.parse(readFileSync(path, 'utf8')), source: path, baseDir: resolve(path, '..') };
  } catch (err) {
    throw new ConfigError(`The suite file ${path} is not valid JSON: ${(err as Error).message}.`, { cause: err });
  }
}

const BENCH_OPTIONS = {
  datasets: { type: 'string' },
  models: { type: 'string' },
  data: { type: 'string' },
  target: { type: 'string' },
  task: { type: 'string' },
  delimiter: { type: 'string' },
  folds: { type: 'string' },
  repeats: { type: 'string' },
  splits: { type: 'string' },
  seed: { type: 'string' },
  rope: { type: 'string' },
  jobs: { type: 'string' },
  timeout: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  'max-jobs': { type: 'string' },
  'max-memory': { type: 'string' },
  ...CSV_READ_OPTIONS,
  tune: { type: 'string' },
  budget: { type: 'string' },
  'inner-folds': { type: 'string' },
  'inner-shuffle': { type: 'boolean' },
  space: { type: 'string', multiple: true },
  queue: { type: 'string' },
} as const;

async function benchCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, BENCH_OPTIONS, BENCH_HELP, 1);
  if (values.help) {
    io.stdout.write(BENCH_HELP);
    return EXIT_OK;
  }
  const cwd = workingDir(io);
  const jobs = intOption(values, 'jobs', 1);
  const maxJobs = intOption(values, 'max-jobs', 1) ?? DEFAULT_MAX_JOBS;
  let maxMemoryBytes: number | undefined;
  if (values['max-memory'] !== undefined) {
    const g = Number(values['max-memory']);
    if (!(g > 0) || !Number.isFinite(g)) throw new UsageError(`Option '--max-memory' must be a number of GiB > 0, but got '${String(values['max-memory'])}'.`);
    maxMemoryBytes = g * 2 ** 30;
  }
  for (const o of ['out', 'resume'] as const) {
    if (typeof values[o] === 'string' && (values[o] as string).trim() === '') {
      throw new UsageError(`Option '--${o}' must be a folder path, but got '${String(values[o])}': an empty path would mean the current folder.`);
    }
  }
  const registry = await loadRegistry(io);
  const registryModule = registryModuleOf(io);
  const say = (s: string): void => void io.stderr.write(s + '\n');

  let suite: Suite;
  let source: string;
  let outDir: string;
  const resume = values.resume as string | undefined;
  if (resume !== undefined) {
    const others = Object.keys(values).filter((k) => values[k] !== undefined && !['resume', 'jobs', 'help', 'max-jobs', 'max-memory', 'queue'].includes(k));
    if (positionals.length > 0 || others.length > 0) {
      throw new UsageError(
        `--resume continues a run exactly as it was started, so it takes only --jobs, --max-jobs, --max-memory and --queue; remove ${[...positionals, ...others.map((o) => `--${o}`)].join(', ')}.`,
      );
    }
    outDir = isAbsolute(resume) ? resume : resolve(cwd, resume);
    const info = readRunInfo(outDir);
    const { source: src, resamplingText, ...rest } = info.suite;
    void resamplingText;
    suite = rest;
    source = src ?? info.suiteName;
  } else {
    if (values.target !== undefined && values.data === undefined) throw new UsageError(`--target needs --data FILE (the CSV file whose column it names).`);
    if (values.task !== undefined && values.data === undefined) throw new UsageError(`--task needs --data FILE (it overrides the task inferred from that file's target).`);
    if (values.task !== undefined && values.task !== 'classification' && values.task !== 'regression') {
      throw new UsageError(`Option '--task' must be 'classification' or 'regression', but got '${String(values.task)}'.`);
    }
    const readKeys = csvReadKeys(values);
    if (values.data !== undefined && values.target === undefined) throw new UsageError(`--data ${String(values.data)} needs --target COLUMN: the column to predict.`);
    if (values.data !== undefined && values.datasets !== undefined) throw new UsageError(`Give either --data FILE or --datasets, not both.`);
    if (values.splits !== undefined && (values.folds !== undefined || values.repeats !== undefined)) {
      throw new UsageError(`--splits FILE fixes the folds; it cannot be combined with --folds or --repeats.`);
    }
    const suitesDir = io.suitesDir ?? defaultSuitesDir();
    const file = readSuiteFile(positionals[0] ?? 'default', cwd, suitesDir);
    source = file.source;
    const raw = { ...(file.raw as Record<string, unknown>) };
    const catalog = await datasetCatalog();
    // A data set's parameters always have '=', so any other comma-separated token starts a new one.
    const fromCommandLine: Record<string, string> = {};
    if (values.datasets !== undefined) {
      raw.datasets = splitList(String(values.datasets), () => true);
      fromCommandLine.datasets = '--datasets';
    }
    if (values.data !== undefined) {
      const p = String(values.data);
      raw.datasets = [
        {
          csv: isAbsolute(p) ? p : resolve(cwd, p),
          target: String(values.target),
          ...(values.task !== undefined && { task: String(values.task) }),
          ...readKeys,
        },
      ];
      fromCommandLine.datasets = '--data';
    }
    if (values.models !== undefined) {
      const names = new Set(registry.flatMap((s) => [s.name, s.className]).map((n) => n.toLowerCase()));
      raw.models = splitList(String(values.models), (n) => names.has(n.trim().toLowerCase()));
      fromCommandLine.models = '--models';
    }
    const folds = intOption(values, 'folds', 2);
    const repeats = intOption(values, 'repeats', 1);
    if (folds !== undefined || repeats !== undefined) {
      const prev = (raw.resampling ?? {}) as Record<string, unknown>;
      const base = prev.kind === 'kfold' || prev.kind === undefined ? prev : {};
      raw.resampling = { ...base, kind: 'kfold', ...(folds !== undefined && { folds }), ...(repeats !== undefined && { repeats }) };
    }
    if (values.splits !== undefined) {
      const p = String(values.splits);
      raw.resampling = { kind: 'predefined', file: isAbsolute(p) ? p : resolve(cwd, p) };
    }
    const seed = seedOption(values.seed);
    if (seed !== undefined) raw.seed = seed;
    const rope = ropeOption(values);
    if (rope !== undefined) raw.rope = rope;
    Object.assign(fromCommandLine, tuneOptions(values, raw, intOption(values, 'inner-folds', 2), args));
    if (values.timeout !== undefined) {
      const t = Number(values.timeout);
      if (!(t >= 0) || !Number.isFinite(t)) throw new UsageError(`Option '--timeout' must be a number of seconds >= 0, but got '${String(values.timeout)}'.`);
      raw.limits = { ...((raw.limits ?? {}) as object), timeoutSec: t };
    }
    suite = parseSuite(raw, { source, baseDir: file.baseDir, registry, catalog, fromCommandLine, maxJobs });
    const out = values.out as string | undefined;
    if (out !== undefined) outDir = isAbsolute(out) ? out : resolve(cwd, out);
    else {
      const results = resolve(cwd, 'results');
      outDir = resolve(results, `${suite.name}-${timestamp()}`);
      // The suite name is checked by parseSuite; this makes sure no name can leave results/.
      const rel = relative(results, outDir);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.includes(sep)) {
        throw new UsageError(`The suite name ${JSON.stringify(suite.name)} would put the results outside ${results} (${outDir}). Rename the suite, or give --out DIR.`);
      }
    }
  }

  const queue = values.queue as string | undefined;
  // The queue's modules (BullMQ, ioredis) load only when asked for: they add half a second to every start.
  const queueModule = queue !== undefined ? await import('./queue/worker.js') : undefined;
  if (queue !== undefined) queueModule!.checkRedisUrl(queue);
  // With --queue, the same command again on the same --out resumes (the suite must be the recorded one).
  const resumed = resume !== undefined || (queue !== undefined && existsSync(join(outDir, RESULTS_FILE)));
  const threads = jobs ?? (await import('node:os')).availableParallelism();
  say(`mlcompare bench: suite '${suite.name}' — ${suite.datasets.length} data set(s) × ${suite.models.length} model(s), ${describeResampling(suite.resampling)}, seed ${suite.seed}, ${queue !== undefined ? `jobs on the queue at ${queueModule!.redactUrl(queue)}` : `${threads} worker(s)`}`);
  say(`results: ${outDir}`);

  // Ctrl-C, SIGTERM and SIGHUP stop the run the same way (finished jobs kept, the resume hint);
  // so does the end of the 'pnpm mlcompare' / 'npm run' wrapper that started this process, which
  // does not pass SIGTERM on. A second signal exits at once.
  const ctl = new AbortController();
  const signal = io.signal ?? ctl.signal;
  const stopOn = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (name: NodeJS.Signals): void => {
    if (ctl.signal.aborted) process.exit(128 + (osConstants.signals[name] ?? 2));
    say(`\n${name}: stopping the run (running jobs are abandoned, finished ones are kept)…`);
    ctl.abort(name);
  };
  let stopWatch = (): void => {};
  if (!io.signal) {
    for (const s of stopOn) process.on(s, onSignal);
    stopWatch = watchWrappers((who) => {
      if (ctl.signal.aborted) return;
      say(`\nThe command that started this run (${who}) has ended: stopping the run as on SIGTERM…`);
      ctl.abort('SIGTERM');
    });
  }
  let outcome;
  try {
    outcome = await runSuite({
      suite,
      suiteSource: source,
      registry,
      registryModule,
      outDir,
      resume: resumed,
      jobs: threads,
      ...(queue !== undefined && { queue: { url: queue } }),
      commandLine: ['mlcompare', 'bench', ...args].join(' '),
      progress: { sink: io.stderr, tty: io.stderr.isTTY === true, width: terminalWidth(io) },
      log: say,
      onDataset: (ds) => printDataSummary(ds, say),
      signal,
      maxJobs,
      ...(maxMemoryBytes !== undefined && { maxMemoryBytes }),
    });
  } finally {
    stopWatch();
    if (!io.signal) for (const s of stopOn) process.removeListener(s, onSignal);
  }
  if (outcome.interrupted) {
    say(`Interrupted. Finished jobs are saved in ${outDir}; continue with: ${resumeCommand(outDir, io)}${queue !== undefined ? ` --queue ${shellWord(queue)}` : ''}`);
    const reason: unknown = signal.reason;
    const name = typeof reason === 'string' && reason in osConstants.signals ? (reason as NodeJS.Signals) : 'SIGINT';
    return 128 + (osConstants.signals[name] ?? 2);
  }
  say(
    `${outcome.total} jobs: ${outcome.ok} ok, ${outcome.failed} failed, ${outcome.skipped} skipped` +
      (outcome.alreadyDone > 0 ? ` (${outcome.alreadyDone} done before this resume)` : '') +
      '.',
  );
  const table = await writeRunReports(outDir, say);
  io.stdout.write(table.endsWith('\n') ? table : table + '\n');
  say(`Full report with significance tests and charts: ${outDir}/report.html (open it in a browser) or report.md.`);
  return outcome.failed > 0 ? EXIT_JOBS_FAILED : EXIT_OK;
}

/**
 * Puts `--tune`, `--budget`, `--inner-folds`, `--inner-shuffle` and `--space` into the suite's
 * `tune` (over what the suite file says).
 * @returns which parts of `tune` the options wrote, each with the option to blame for a bad value
 * (`parseSuite`'s `fromCommandLine`); a part the suite file wrote is blamed on the file.
 * @param args - the command's arguments after `bench`, for the command a message suggests.
 * @throws {@link UsageError} for a tuning option without a strategy (neither `--tune` nor the suite's `tune`), or a `--space` without `model:`.
 */
function tuneOptions(values: Record<string, unknown>, raw: Record<string, unknown>, innerFolds: number | undefined, args: readonly string[]): Record<string, string> {
  const blame: Record<string, string> = {};
  const given = ['tune', 'budget', 'inner-folds', 'inner-shuffle', 'space'].filter((k) => values[k] !== undefined);
  if (given.length === 0) return blame;
  if (values.tune === undefined && raw.tune === undefined) {
    const command = `${thisProgram()} bench ${[...args, '--tune', 'random'].map(shellWord).join(' ')}`;
    throw new UsageError(
      `${given.map((g) => `--${g}`).join(', ')} ${given.length > 1 ? 'set' : 'sets'} how models are tuned, but no strategy is given: add --tune with one of grid, random, halving, tpe (or a "tune" object in the suite), as in\n  ${command}`,
    );
  }
  const base = raw.tune;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  // A suite's malformed "tune" (a string, an array…) is left as it is, for the suite's check to
  // refuse: merging the options into a fresh object would drop it without a word.
  if (base !== undefined && !isObject(base)) return blame;
  const tune: Record<string, unknown> = isObject(base) ? { ...base } : {};
  // Without a suite "tune", all of it comes from the options: --tune answers for it.
  if (base === undefined) blame.tune = '--tune';
  if (values.tune !== undefined) {
    tune.strategy = values.tune;
    blame['tune.strategy'] = '--tune';
  }
  if (values.budget !== undefined) {
    tune.budget = values.budget;
    blame['tune.budget'] = '--budget';
  }
  if ((innerFolds !== undefined || values['inner-shuffle'] !== undefined) && (tune.inner === undefined || isObject(tune.inner))) {
    const fromSuite = isObject(tune.inner);
    const inner = fromSuite ? { ...(tune.inner as Record<string, unknown>) } : {};
    if (innerFolds !== undefined) {
      inner.folds = innerFolds;
      // Only the folds are the option's (the rest of a suite's "inner" is the file's). intOption
      // has already refused what the suite's check would (not an integer >= 2): this names the
      // option should that check ever ask more of the folds.
      blame['tune.inner.folds'] = '--inner-folds';
    }
    if (values['inner-shuffle'] === true) inner.shuffle = true;
    tune.inner = inner;
  }
  for (const item of (values.space as string[] | undefined) ?? []) {
    const colon = item.indexOf(':');
    if (colon <= 0) throw new UsageError(`Option '--space' must be MODEL:SPACE (such as 'knn:nNeighbors=1,5,15'), but got '${stripControl(item)}'.`);
    // A malformed suite "space" is kept for the suite's check to refuse (see above).
    if (tune.space !== undefined && !isObject(tune.space)) break;
    const spaces = isObject(tune.space) ? { ...tune.space } : {};
    const model = item.slice(0, colon).trim();
    spaces[model] = item.slice(colon + 1);
    tune.space = spaces;
    blame[`tune.space.${model}`] = '--space';
  }
  raw.tune = tune;
  return blame;
}

const WORKER_OPTIONS = { queue: { type: 'string' }, concurrency: { type: 'string' }, lock: { type: 'string' } } as const;

/** `mlcompare worker`: runs queue jobs until SIGTERM/SIGINT/SIGHUP (or the wrapper that started it ends). */
async function workerCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, WORKER_OPTIONS, WORKER_HELP, 0);
  if (values.help) {
    io.stdout.write(WORKER_HELP);
    return EXIT_OK;
  }
  if (typeof values.queue !== 'string') throw new UsageError(`'mlcompare worker' needs --queue URL: the Redis the coordinator ('mlcompare bench --queue URL') uses.\n\n${WORKER_HELP}`);
  const { checkRedisUrl, runWorker } = await import('./queue/worker.js');
  const url = checkRedisUrl(values.queue).href;
  const concurrency = intOption(values, 'concurrency', 1) ?? 1;
  let lockSec = 30;
  if (values.lock !== undefined) {
    lockSec = Number(values.lock);
    if (!(lockSec >= 0.5) || !Number.isFinite(lockSec)) throw new UsageError(`Option 'mlcompare worker --lock' must be a number of seconds >= 0.5, but got '${String(values.lock)}'.`);
  }
  const say = (s: string): void => void io.stderr.write(s + '\n');
  const ctl = new AbortController();
  const stopOn = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (name: NodeJS.Signals): void => {
    if (ctl.signal.aborted) process.exit(128 + (osConstants.signals[name] ?? 2));
    ctl.abort(name);
  };
  let stopWatch = (): void => {};
  if (!io.signal) {
    for (const s of stopOn) process.on(s, onSignal);
    stopWatch = watchWrappers(() => ctl.abort('SIGTERM'));
  } else {
    io.signal.addEventListener('abort', () => ctl.abort(io.signal?.reason), { once: true });
  }
  try {
    await runWorker({ url, concurrency, lockSec, registryModule: registryModuleOf(io), log: say, signal: ctl.signal });
  } finally {
    stopWatch();
    if (!io.signal) for (const s of stopOn) process.removeListener(s, onSignal);
  }
  return EXIT_OK;
}

/** Quotes a word for a POSIX shell when it needs it. */
function shellWord(s: string): string {
  return /^[\w./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that resumes a run, in the form that works where this one was started (see
 * {@link resumeProgram}). A registry given by `MLCOMPARE_REGISTRY` is repeated in front, since
 * resume needs the same models.
 */
function resumeCommand(outDir: string, io: CliIO): string {
  const env = io.registryModule === undefined && process.env['MLCOMPARE_REGISTRY'] ? `MLCOMPARE_REGISTRY=${shellWord(registryModuleOf(io))} ` : '';
  return `${env}${thisProgram()} bench --resume ${shellWord(outDir)}`;
}

/** This program in the form that runs where it was started ({@link resumeProgram}), for printed commands. */
function thisProgram(): string {
  return resumeProgram({
    env: process.env,
    startedAs,
    root: fileURLToPath(new URL('../../../', HERE)).replace(/\/$/, ''),
    argv: [process.execPath, ...process.execArgv, resolve(process.argv[1] ?? fileURLToPath(import.meta.url))],
  });
}

/** How this process was started: the package's `mlcompare` bin, or `node …/cli.js|ts` (and `pnpm mlcompare`). */
let startedAs: 'bin' | 'script' = 'script';

/** What {@link resumeProgram} decides from. */
export interface ProgramContext {
  /** The environment (`PATH`, and pnpm's `npm_lifecycle_event`, `INIT_CWD`). */
  env: NodeJS.ProcessEnv;
  /** Whether the `mlcompare` bin started this process. */
  startedAs: 'bin' | 'script';
  /** The repository's root folder. */
  root: string;
  /** This very program: node, its flags (a loader such as tsx) and the script. */
  argv: readonly string[];
}

/**
 * The program part of a printed command, in the form that works where the user typed the first
 * one: `pnpm mlcompare` through the root package's script (with `--dir ROOT` when typed outside
 * the repository root); `mlcompare` through the bin when that name is on the user's `PATH`, or
 * `npx mlcompare` when only a `node_modules/.bin` folder (added by npx, pnpm exec or a package
 * script) has it; else this very program (`node [flags] …/cli.js`, so a loader such as tsx is kept).
 * @param ctx - the environment and how this process was started.
 * @returns the words to put before `bench --resume DIR`.
 */
export function resumeProgram(ctx: ProgramContext): string {
  const { env } = ctx;
  if (env['npm_lifecycle_event'] === 'mlcompare') {
    const typedIn = resolve(env['INIT_CWD'] ?? process.cwd());
    return typedIn === ctx.root ? 'pnpm mlcompare' : `pnpm --dir ${shellWord(ctx.root)} mlcompare`;
  }
  if (ctx.startedAs === 'bin') {
    const dirs = (env['PATH'] ?? '').split(delimiter).filter((d) => d !== '' && existsSync(join(d, 'mlcompare')));
    if (dirs.some((d) => !/[\\/]node_modules[\\/]\.bin[\\/]?$/.test(d))) return 'mlcompare';
    if (dirs.length > 0) return 'npx mlcompare';
  }
  return ctx.argv.map(shellWord).join(' ');
}

function workingDir(io: CliIO): string {
  return io.cwd ?? process.env['INIT_CWD'] ?? process.cwd();
}

function terminalWidth(io: CliIO): number {
  const c = (io.stderr as { columns?: number }).columns ?? io.stdout.columns ?? 0;
  return c >= 40 ? c - 1 : 100;
}

/** The data summary printed before a run, for the user's own CSV files (bundled ones are known). */
function printDataSummary(ds: Dataset, say: (s: string) => void): void {
  if (ds.source.startsWith('bundled')) return;
  say(formatSummary(ds).trimEnd());
}

async function modelsCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { task: { type: 'string' } }, MODELS_HELP, 1);
  if (values.help) {
    io.stdout.write(MODELS_HELP);
    return EXIT_OK;
  }
  const task = values.task as string | undefined;
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    throw new UsageError(`Option '--task' must be 'classification' or 'regression', but got '${task}'.`);
  }
  const registry = await loadRegistry(io);
  const name = positionals[0];
  const specs =
    name !== undefined
      ? task !== undefined
        ? [findModel(registry, name, task as Task)]
        : modelVariants(registry, name)
      : registry.filter((s) => task === undefined || s.task === (task as Task));
  const yes = (b: boolean | undefined): string => (b ? 'yes' : '-');
  // Fitted to the terminal's width (a pipe or a file gets everything).
  const width = io.stdout.columns !== undefined && io.stdout.columns >= 20 ? io.stdout.columns : undefined;
  const main = fitTable(
    ['name', 'class', 'task', 'proba', 'scaling', 'missing', 'random', 'package'],
    specs.map((s) => [
      s.name,
      s.className,
      s.task,
      yes(s.capabilities.probabilities),
      yes(s.capabilities.needsScaling),
      yes(s.capabilities.handlesMissing),
      yes(s.capabilities.randomized),
      s.packageName,
    ]),
    width,
    { dropFirst: [7, 1] },
  );
  io.stdout.write(main.text);
  const para = (text: string, indent = 2): string => wrapParagraph(text, width, indent) + '\n';
  if (main.hidden.length > 0) io.stdout.write(para(`(${main.hidden.join(' and ')} left out to fit ${width} columns; they are below, and '${thisProgram()} models | cat' shows the whole table)`));
  io.stdout.write('\n' + para('proba: predictProba available; scaling: the runner standardises inputs in each fold; missing: NaN accepted (else imputed in each fold).'));
  for (const s of specs) {
    io.stdout.write('\n' + para(`${s.name} — ${s.className} (${s.task}, ${s.packageName}): ${s.description}`));
    const rows = Object.entries(s.params).map(([p, d]) => [`  ${p}`, formatParamValue(d.default), d.rule, d.doc]);
    io.stdout.write(rows.length === 0 ? '  (no parameters)\n' : fitTable(['  parameter', 'default', 'rule', 'description'], rows, width, { dropFirst: [3] }).text);
  }
  io.stdout.write('\n' + para(`Set parameters as name:param=value; a comma list is a grid: ${specs[0]?.name ?? 'knn'}:param=a,b runs one model per value.`));
  return EXIT_OK;
}

async function datasetsCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, {}, DATASETS_HELP, 0);
  if (values.help) {
    io.stdout.write(DATASETS_HELP);
    return EXIT_OK;
  }
  const { listDatasets } = await import('@mlcompare/datasets');
  const list = await listDatasets();
  io.stdout.write('Bundled data sets:\n');
  io.stdout.write(
    textTable(
      ['name', 'task', 'rows', 'features', 'classes', 'title'],
      list.map((d) => [d.name, d.task, String(d.rows), String(d.features), d.classes ? String(d.classes.length) : '-', d.title]),
    ),
  );
  const { generators } = await import('@mlcompare/datasets');
  io.stdout.write('\nGenerators (in a suite or --datasets as name:param=value,..., e.g. moons:nSamples=200,noise=0.3):\n');
  for (const g of generators) {
    const params = Object.entries(g.params).map(([k, d]) => `${k}=${formatParamValue(d.default)}`);
    io.stdout.write(`  ${g.name} (${g.task}): ${g.description}\n      defaults: ${params.join(', ')}\n`);
  }
  io.stdout.write(`A generator's seed follows the suite's --seed unless you give one.\n`);
  io.stdout.write(`Your own CSV: mlcompare bench --data FILE --target COLUMN, or { "csv": FILE, "target": COLUMN } in a suite.\n`);
  return EXIT_OK;
}

/** `--rope`: a number >= 0, `auto` or `autorank`; undefined when not given. */
function ropeOption(values: Record<string, unknown>): RopeSetting | undefined {
  const v = values.rope;
  if (v === undefined) return undefined;
  const text = String(v).trim();
  if ((ROPE_MODES as readonly unknown[]).includes(text)) return text as RopeSetting;
  const n = Number(text);
  if (text === '' || !(n >= 0) || !Number.isFinite(n)) {
    throw new UsageError(`Option '--rope' must be a number >= 0 in the primary metric's units (0.01 = one point of accuracy), 'auto' or 'autorank', but got '${String(v)}'.`);
  }
  return n;
}

async function reportCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { rope: { type: 'string' } }, REPORT_HELP, 1);
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT_OK;
  }
  const dir = positionals[0];
  if (dir === undefined) throw new UsageError(`'mlcompare report' needs the folder of a run.\n\n${REPORT_HELP}`);
  const outDir = isAbsolute(dir) ? dir : resolve(workingDir(io), dir);
  readRunInfo(outDir);
  const rope = ropeOption(values);
  const table = await writeRunReports(outDir, (s) => void io.stderr.write(s + '\n'), rope === undefined ? {} : { rope });
  io.stdout.write(table.endsWith('\n') ? table : table + '\n');
  return EXIT_OK;
}

/**
 * Runs the CLI as this process's program: its arguments, its streams, its exit code.
 * @param via - `'bin'` from the package's `mlcompare` bin (dist/bin.js), else `'script'`.
 */
export function runProgram(via: 'bin' | 'script'): void {
  startedAs = via;
  // `mlcompare models | head`: the reader has gone, so the rest of the output has nowhere to go.
  // Stop quietly, as other command-line tools do, instead of Node's EPIPE stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? 0);
    });
  }
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`mlcompare: internal error (please report it): ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}

/** True when node was started on this file (through a symbolic link too, as a global npm bin is). */
function startedOnThisFile(): boolean {
  const arg = process.argv[1];
  if (arg === undefined) return false;
  try {
    return realpathSync(resolve(arg)) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (startedOnThisFile()) runProgram('script');
