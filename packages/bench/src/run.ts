/**
 * A run: load every data set once and make its splits (same splits for every model on a data set;
 * written to `splits.json`), run the jobs in a worker pool with a timeout each (the workers get the
 * data and splits once, in shared memory), append every result to `results.jsonl` as it finishes,
 * and resume a killed run without repeating or losing a job, on the splits it recorded.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import {
  ConfigError,
  RESULTS_FILE,
  RESULTS_SCHEMA_VERSION,
  RUN_FILE,
  SPLITS_FILE,
  deriveSeed,
  findModel,
  formatValue,
  metricsForTask,
  resolveParams,
  scalesTarget,
  displayText,
  stripControl,
  type JobResult,
  type Labels,
  type ModelSpec,
  type RecordedSuite,
  type RunFingerprint,
  type RecordedDataSummary,
  type RunInfo,
  type SplitsFile,
  type Task,
  type TuneSpec,
  innerSplitsKey,
} from '@mlcompare/core';
import * as datasetsPkg from '@mlcompare/datasets';
import type { Dataset } from '@mlcompare/datasets';
import { shortName } from '@mlcompare/report';
import { datasetHash, describeResampling, loadDatasetSpec, makeSplits, seedKey, shareDataset, sharedInt32 } from './data.js';
import { classKey, executeJob, jobResult, type JobTask, type ResolvedTune, type JobTimings, type SharedDataset, type Split } from './execute.js';
import { innerFolds, innerSeed, threadCpuMs } from './inner.js';
import { affinityOf, JobQueue, resolveTune } from './nested.js';
import { jobsPerOuterFold } from './tune.js';
import { canonicalJson, mlcompareVersion } from './identity.js';
import { threadsPerWorker, workerSpec } from './pool.js';
import type { QueueOptions } from './queue/coordinator.js';
import { runKey } from './queue/protocol.js';
import { Progress, type Clock, type ProgressSink } from './progress.js';
import { ResultsWriter, acquireRunLock, prepareRunFolder, readRunInfo, readSplits, repairResults, writeRunInfo, writeSplits } from './store.js';
import { DEFAULT_MAX_JOBS, type DatasetSpec, type Resampling, type Suite } from './suite.js';
import type { WorkerData, WorkerReply, WorkerTask } from './worker.js';

/** A data set as planned: what `run.json` records, plus how many splits it has. */
export interface PlannedDataset {
  /** Where it comes from. */
  spec: DatasetSpec;
  name: string;
  task: Task;
  rows: number;
  features: number;
  classes?: Labels;
  source: string;
  notes: string[];
  folds: number;
  repeats: number;
  /** Two numeric features and a class target: the decision boundary is drawn. */
  boundary: boolean;
  /** The data's content hash, as `run.json`'s fingerprint records it (see {@link datasetHash}). */
  hash: string;
  /** What loading a user's file decided (its columns, dropped and imputed ones, notes), for the report. */
  summary?: RecordedDataSummary;
}

/** Jobs of a suite, in the order they run. */
export interface Plan {
  /** The data sets, in suite order. */
  datasets: PlannedDataset[];
  /** The data sets with their splits, as the jobs use them (in suite order). */
  data: SharedDataset[];
  /** Data sets whose splits were made now rather than read from a recorded `splits.json`. */
  newSplits: string[];
  /** Jobs to run. */
  jobs: JobTask[];
  /** Jobs not run, with the reason recorded in their result (`status: 'skipped'`). */
  skipped: Array<{ job: JobTask; reason: string }>;
  /** Combinations left out entirely (a model without a variant for the task), for the log. */
  notes: string[];
}

/**
 * What `run.json` records of a user's file for the report: the loader's summary (columns, their
 * types, dropped ones with the reason, missing counts) and its notes. Undefined for bundled and
 * generated data (the caller records it for CSV files only: bundled data sets are known).
 */
function recordedSummary(ds: Dataset): RecordedDataSummary | undefined {
  const s = ds.summary;
  if (!s) return undefined;
  return {
    rowsRead: s.rowsRead,
    rowsKept: s.rowsKept,
    rowsDroppedMissingTarget: s.rowsDroppedMissingTarget,
    columns: s.columns.map((c) => {
      const col: RecordedDataSummary['columns'][number] = { name: c.name, role: c.role, type: c.type, missing: c.missing };
      if (c.distinct !== undefined) col.distinct = c.distinct;
      if (c.reason !== undefined) col.reason = c.reason;
      return col;
    }),
    notes: [...ds.notes],
  };
}

/** Stable id of a job within a run. */
function jobId(dataset: string, label: string, repeat: number, fold: number): string {
  return `${dataset}|${label}|r${repeat}|f${fold}`;
}

/**
 * The splits of a data set recorded in a run's `splits.json`, checked against the data.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} when they do not fit the data set (another row count or number of repeats).
 */
function recordedSplits(recorded: SplitsFile, ds: Dataset, repeats: number): Split[][] | undefined {
  const entry = Object.hasOwn(recorded.datasets, ds.name) ? recorded.datasets[ds.name] : undefined;
  if (!entry) return undefined;
  if (entry.rows !== ds.X.rows || entry.repeats.length !== repeats) {
    throw new ConfigError(
      `The recorded splits of '${ds.name}' (${SPLITS_FILE}: ${entry.rows} rows, ${entry.repeats.length} repeat(s)) do not fit the data as loaded now ` +
        `(${ds.X.rows} rows, ${repeats} repeat(s)): the data changed since the run started. Start a new run instead of resuming.`,
    );
  }
  return entry.repeats.map((folds) => folds.map((f) => ({ train: Int32Array.from(f.train), test: Int32Array.from(f.test) })));
}

/**
 * Loads every data set once, makes its splits (so a data set that cannot be split fails before
 * anything runs) or takes the recorded ones, and lists the jobs.
 * @param suite - a validated suite.
 * @param registry - models to find the suite's names in.
 * @param onDataset - called with each loaded data set (the CLI prints its summary).
 * @param recorded - the splits of the run being resumed (`splits.json`): used instead of new ones.
 * @returns the data sets with their splits, the jobs, the skipped jobs and the notes.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} when a data set cannot be loaded or split as asked, or its recorded
 *   splits do not fit it.
 */
export async function planRun(
  suite: Suite,
  registry: readonly ModelSpec[],
  onDataset?: (ds: Dataset) => void,
  recorded?: SplitsFile,
  check: PlanChecks = {},
): Promise<Plan> {
  const plan: Plan = { datasets: [], data: [], newSplits: [], jobs: [], skipped: [], notes: [] };
  const limits = { maxJobs: check.maxJobs ?? DEFAULT_MAX_JOBS, maxMemoryBytes: check.maxMemoryBytes ?? os.totalmem() };
  const total: SizeEstimate = { jobs: 0, bytes: 0, splitsChars: 0, parts: [] };
  // Models with no variant for a data set's task: one note per model, not one per data set.
  const noVariant = new Map<string, { task: string; datasets: string[] }>();
  for (const spec of suite.datasets) {
    let ds: Dataset;
    try {
      ds = await loadDatasetSpec(spec);
    } catch (err) {
      throw new ConfigError(`Cannot load the data set '${spec.name}': ${(err as Error).message}`, { cause: err });
    }
    const hash = datasetHash(ds);
    if (check.tiedTo) checkSameData(check.tiedTo, spec, ds, hash);
    onDataset?.(ds);
    const repeats = suite.resampling.kind === 'predefined' ? 1 : suite.resampling.repeats;
    // With the rows known (a CSV file, predefined folds), the size is checked again before splitting.
    const known = foldsPerRepeat(suite.resampling);
    if (known !== undefined) {
      addSize(total, ds.name, ds.X.rows, ds.X.cols, known * repeats, modelJobs(suite));
      checkSize(total, limits);
    }
    let splits = recorded ? recordedSplits(recorded, ds, repeats) : undefined;
    if (!splits) {
      splits = [];
      const splitWarnings: string[] = [];
      for (let r = 0; r < repeats; r++) splits.push(await makeSplits(ds, suite.resampling, suite.seed, r, r === 0 ? splitWarnings : undefined));
      for (const w of splitWarnings) plan.notes.push(`'${ds.name}': ${w}`);
      plan.newSplits.push(ds.name);
    }
    const folds = splits[0]?.length ?? 0;
    if (known === undefined) {
      addSize(total, ds.name, ds.X.rows, ds.X.cols, folds * repeats, modelJobs(suite));
      checkSize(total, limits);
    }
    const shared = shareDataset(ds, splits);
    plan.data.push(shared);
    const boundary = ds.task === 'classification' && ds.X.cols === 2 && ds.featureTypes.every((t) => t === 'numeric');
    const pd: PlannedDataset = {
      spec,
      name: ds.name,
      task: ds.task,
      rows: ds.X.rows,
      features: ds.X.cols,
      source: ds.source,
      notes: ds.notes,
      folds,
      repeats,
      boundary,
      hash,
    };
    if (ds.classes) pd.classes = ds.classes;
    const summary = spec.kind === 'csv' ? recordedSummary(ds) : undefined;
    if (summary) pd.summary = summary;
    plan.datasets.push(pd);
    const metrics = metricsForTask(suite.metrics, ds.task);
    const nClasses = ds.classes?.length ?? 0;
    for (const entry of suite.models) {
      let mspec: ModelSpec | undefined;
      try {
        mspec = findModel(registry, entry.model, ds.task);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
      }
      if (!mspec) {
        const key = `${entry.label}\u0000${ds.task}`;
        const seen = noVariant.get(key) ?? { task: ds.task, datasets: [] };
        seen.datasets.push(ds.name);
        noVariant.set(key, seen);
        continue;
      }
      try {
        resolveParams(mspec.className, mspec.params, entry.params);
      } catch (err) {
        plan.notes.push(`'${entry.label}' is not run on '${ds.name}': ${(err as Error).message}`);
        continue;
      }
      let reason: string | undefined;
      const maxRows = suite.limits.maxRows[entry.model];
      if (maxRows !== undefined && ds.X.rows > maxRows) {
        reason = `Skipped: '${ds.name}' has ${ds.X.rows} rows, above this suite's limit of ${maxRows} for '${entry.model}' (limits.maxRows).`;
      } else if (ds.task === 'classification' && nClasses > 2 && mspec.capabilities.multiclass === false) {
        reason = `Skipped: ${mspec.className} handles two classes only and '${ds.name}' has ${nClasses}.`;
      }
      if (entry.tune && folds > 0) {
        const t = resolveTune(entry.tune, mspec, metrics, entry.params, splits[0]![0]!.train.length, nClasses);
        const problem = 'note' in t ? t.note : innerSplitsFor(shared, ds, splits, entry.tune.inner, suite.seed, recorded, plan);
        if (problem) {
          plan.notes.push(`'${entry.label}' is not run on '${ds.name}': ${problem}`);
          continue;
        }
      }
      for (let r = 0; r < repeats; r++) {
        for (let f = 0; f < folds; f++) {
          const job: JobTask = {
            jobId: jobId(ds.name, entry.label, r, f),
            dataset: ds.name,
            task: ds.task,
            model: mspec.name,
            className: mspec.className,
            params: entry.params,
            label: entry.label,
            repeat: r,
            fold: f,
            seed: deriveSeed(suite.seed, seedKey(ds), r, f),
            metrics,
            boundary: boundary && r === 0 && f === 0,
            scaledTarget: scalesTarget(suite.scaleTarget ?? 'auto', ds.task, mspec.capabilities),
          };
          if (entry.tune) job.tune = resolveTune(entry.tune, mspec, metrics, entry.params, splits[r]![f]!.train.length, nClasses) as ResolvedTune;
          if (reason) plan.skipped.push({ job, reason });
          else plan.jobs.push(job);
        }
      }
    }
  }
  // Largest data first, so the long jobs start early and the run does not end waiting on one of
  // them while the other workers idle (longest-processing-time-first, with data size as the guess).
  const size = new Map(plan.datasets.map((d) => [d.name, d.rows * Math.max(1, d.features)]));
  const order = (a: JobTask, b: JobTask): number => size.get(b.dataset)! - size.get(a.dataset)!;
  plan.jobs.sort(order);
  for (const [key, v] of noVariant) {
    plan.notes.push(`'${key.split('\u0000')[0]}' has no ${v.task} variant: not run on ${v.datasets.join(', ')}.`);
  }
  return plan;
}

/**
 * Puts the inner folds of a tuned entry's inner resampling on the shared data set, once per data
 * set and resampling: the recorded ones on a resume, else made now (each outer training fold split
 * with its own seed).
 * @returns null, or why the outer training folds cannot be split so.
 */
function innerSplitsFor(
  shared: SharedDataset,
  ds: Dataset,
  splits: Split[][],
  inner: TuneSpec['inner'],
  suiteSeed: number,
  recorded: SplitsFile | undefined,
  plan: Plan,
): string | null {
  const key = innerSplitsKey(inner);
  shared.inner ??= {};
  if (shared.inner[key]) return null;
  const entry = recorded && Object.hasOwn(recorded.datasets, ds.name) ? recorded.datasets[ds.name] : undefined;
  const kept = entry?.inner && Object.hasOwn(entry.inner, key) ? entry.inner[key] : undefined;
  if (kept && !plan.newSplits.includes(ds.name)) {
    shared.inner[key] = kept.map((folds) => folds.map((inn) => inn.map((f) => ({ train: sharedInt32(f.train), test: sharedInt32(f.test) }))));
    return null;
  }
  try {
    shared.inner[key] = splits.map((folds, r) =>
      folds.map((outer, f) =>
        innerFolds(outer.train, ds.y, ds.task, inner, innerSeed(suiteSeed, ds.name, r, f)).map((x) => ({ train: sharedInt32(x.train), test: sharedInt32(x.test) })),
      ),
    );
  } catch (err) {
    return `its outer training folds cannot be split into ${inner.folds} inner folds: ${(err as Error).message}`;
  }
  if (recorded && !plan.newSplits.includes(ds.name)) plan.newSplits.push(ds.name);
  return null;
}

/** What {@link planRun} checks besides the data: the size limits, and the data a resumed run is tied to. */
export interface PlanChecks {
  /** Most jobs (`--max-jobs`). @defaultValue {@link DEFAULT_MAX_JOBS} */
  maxJobs?: number;
  /** Most bytes the data and splits may take (`--max-memory`). @defaultValue the machine's memory */
  maxMemoryBytes?: number;
  /** The run being resumed: each data set must be the one it recorded. */
  tiedTo?: { dir: string; hashes: Readonly<Record<string, string>>; rows: Readonly<Record<string, number>> };
}

/** What a run will hold, estimated while planning. */
interface SizeEstimate {
  jobs: number;
  /** Bytes of the data and splits in memory (loaded data, the shared copies, the split indices and `splits.json`). */
  bytes: number;
  /** Characters of `splits.json`. */
  splitsChars: number;
  /** Per data set: name, jobs and bytes, for the message. */
  parts: Array<{ name: string; jobs: number; bytes: number }>;
}

/** Jobs per outer fold of all the suite's models (a tuned model counts its inner trials). */
function modelJobs(suite: Suite): number {
  return suite.models.reduce((n, m) => n + jobsPerOuterFold(m), 0);
}

/** The longest string V8 can build (`splits.json` is one). */
const MAX_STRING_CHARS = 2 ** 29 - 24;

/** Folds per repeat, when known before the data is loaded (not for predefined folds). */
function foldsPerRepeat(r: Resampling): number | undefined {
  return r.kind === 'kfold' ? r.folds : r.kind === 'holdout' ? 1 : undefined;
}

/**
 * Adds a data set to an estimate. Per row: its features three times over (while loading or
 * generating, the data set, the copy shared with the workers), its target, and per fold its row
 * index in the split (in the plan and in shared memory) and in `splits.json` (an array entry and
 * its digits).
 */
function addSize(e: SizeEstimate, name: string, rows: number, features: number, folds: number, models: number): void {
  const jobs = models * folds;
  const digits = String(Math.max(0, rows - 1)).length + 1;
  const bytes = rows * (features * 8 * 3 + 16 + folds * (4 * 2 + 8 + digits));
  e.jobs += jobs;
  e.bytes += bytes;
  e.splitsChars += rows * folds * digits;
  e.parts.push({ name, jobs, bytes });
}

function gib(bytes: number): string {
  const g = bytes / 2 ** 30;
  return g >= 10 ? g.toFixed(0) : g >= 0.1 ? g.toFixed(1) : g.toFixed(3);
}

function biggest(e: SizeEstimate, key: 'jobs' | 'bytes'): string {
  const top = [...e.parts].sort((a, b) => b[key] - a[key]).slice(0, 3);
  return top.map((p) => `'${p.name}': ${key === 'jobs' ? p.jobs.toLocaleString('en-US') : `${gib(p.bytes)} GiB`}`).join(', ');
}

/**
 * Refuses a run that is too large to start: more jobs than `maxJobs`, more memory for its data and
 * splits than `maxMemoryBytes`, or a `splits.json` longer than one string can be.
 * @throws {@link ConfigError} with the number, the largest data sets and the option that raises the limit.
 */
function checkSize(e: SizeEstimate, limits: { maxJobs: number; maxMemoryBytes: number }): void {
  if (e.jobs > limits.maxJobs) {
    throw new ConfigError(
      `This run would have ${e.jobs.toLocaleString('en-US')} jobs (${biggest(e, 'jobs')}), above the limit of ${limits.maxJobs.toLocaleString('en-US')}. ` +
        `Use fewer models, folds or repeats, or raise the limit with --max-jobs N.`,
    );
  }
  if (e.bytes > limits.maxMemoryBytes) {
    throw new ConfigError(
      `This run's data and splits would take about ${gib(e.bytes)} GiB of memory (${biggest(e, 'bytes')}), more than the limit of ${gib(limits.maxMemoryBytes)} GiB ` +
        `(default: this machine's memory, ${gib(os.totalmem())} GiB). Use fewer rows (nSamples), folds or repeats, or raise the limit with --max-memory GIB.`,
    );
  }
  if (e.splitsChars > MAX_STRING_CHARS) {
    throw new ConfigError(
      `This run's ${SPLITS_FILE} would be about ${e.splitsChars.toLocaleString('en-US')} characters long (every row index of every fold), more than one JSON text can hold ` +
        `(${MAX_STRING_CHARS.toLocaleString('en-US')}). Use fewer rows (nSamples), folds or repeats.`,
    );
  }
}

/**
 * The size of a suite estimated before any data is loaded or generated: bundled data sets from the
 * manifest, generators from their `nSamples`/`nFeatures`, CSV files from their size in bytes.
 * Predefined folds count one per data set (their number is known once the file is read; the plan
 * checks again then).
 * @throws {@link ConfigError} when the estimate is above a limit (see {@link checkSize}).
 */
async function checkRunSize(suite: Suite, check: PlanChecks = {}): Promise<void> {
  const limits = { maxJobs: check.maxJobs ?? DEFAULT_MAX_JOBS, maxMemoryBytes: check.maxMemoryBytes ?? os.totalmem() };
  const e: SizeEstimate = { jobs: 0, bytes: 0, splitsChars: 0, parts: [] };
  const folds = (foldsPerRepeat(suite.resampling) ?? 1) * (suite.resampling.kind === 'predefined' ? 1 : suite.resampling.repeats);
  const manifest = new Map((await datasetsPkg.listDatasets()).map((d) => [d.name, d]));
  for (const spec of suite.datasets) {
    switch (spec.kind) {
      case 'bundled': {
        const m = manifest.get(spec.name);
        addSize(e, spec.name, m?.rows ?? 0, m?.features ?? 0, folds, modelJobs(suite));
        break;
      }
      case 'generator': {
        const decl = datasetsPkg.generators.find((g) => g.name === spec.generator)?.params ?? {};
        const num = (k: string, d: number): number => {
          const v = spec.params[k] ?? decl[k]?.default;
          return typeof v === 'number' && Number.isFinite(v) ? v : d;
        };
        addSize(e, spec.name, num('nSamples', 100), num('nFeatures', 2), folds, modelJobs(suite));
        break;
      }
      case 'csv': {
        let bytes = 0;
        try {
          bytes = statSync(spec.path).size;
        } catch {
          // loading says what is wrong with the file
        }
        // Rows unknown until it is read: jobs as for any data set, and about three bytes of numbers per
        // byte of text (a value of ~9 characters is 8 bytes, held three times); the plan checks the
        // exact figures once the file is read.
        e.jobs += modelJobs(suite) * folds;
        e.bytes += bytes * 3;
        e.parts.push({ name: spec.name, jobs: modelJobs(suite) * folds, bytes: bytes * 3 });
        break;
      }
    }
    checkSize(e, limits);
  }
}

/**
 * Refuses a data set that is not the one a resumed run recorded.
 * @throws {@link ConfigError} saying which data set changed, how (rows then and now) and what to do.
 */
function checkSameData(tied: NonNullable<PlanChecks['tiedTo']>, spec: DatasetSpec, ds: Dataset, hash: string): void {
  const was = Object.hasOwn(tied.hashes, ds.name) ? tied.hashes[ds.name] : undefined;
  if (was === undefined || was === hash) return;
  const before = Object.hasOwn(tied.rows, ds.name) ? tied.rows[ds.name] : undefined;
  const rows =
    before === undefined
      ? `${ds.X.rows.toLocaleString('en-US')} rows now`
      : before === ds.X.rows
        ? `the same number of rows (${ds.X.rows.toLocaleString('en-US')}) but other content`
        : `${before.toLocaleString('en-US')} rows then, ${ds.X.rows.toLocaleString('en-US')} now`;
  const what = spec.kind === 'csv' ? `the file ${spec.path} changed` : spec.kind === 'generator' ? `the generator '${spec.generator}' gives other data` : `the bundled data set changed`;
  throw new ConfigError(
    `Cannot resume '${tied.dir}': the data set '${ds.name}' is not the data the run started with — ${what} (${rows}; content hash ${short(was)} then, ${short(hash)} now). ` +
      `Its results so far were computed on the old data, and resuming would mix the two. Restore the data, or start a new run without --resume.`,
  );
}

function short(hash: string): string {
  const i = hash.indexOf(':');
  return `${hash.slice(0, i + 1)}${hash.slice(i + 1, i + 13)}…`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The hash of a suite that a run's fingerprint records: SHA-256 of the canonical JSON of its
 * {@link Suite} fields (not where it came from).
 * @param suite - a validated suite.
 * @returns the hex digest.
 */
function suiteHash(suite: Suite): string {
  const { name, description, datasets, models, resampling, metrics, seed, limits } = suite;
  // Target scaling changes what mlp and svr learn: a run resumes only with the setting it started with.
  const scaleTarget = suite.scaleTarget ?? 'auto';
  return sha256(canonicalJson({ name, description, datasets, models, resampling, metrics, seed, limits, scaleTarget }));
}

/**
 * Refuses to resume a run whose suite, splits or mlcompare version is not the one it recorded.
 * @throws {@link ConfigError} saying what changed.
 */
function checkSameRun(dir: string, fp: RunFingerprint, suite: Suite, splitsText: string | null): void {
  const refuse = (what: string): never => {
    throw new ConfigError(`Cannot resume '${dir}': ${what} Its results so far were made otherwise, and resuming would mix the two. Start a new run without --resume.`);
  };
  const version = mlcompareVersion();
  if (fp.mlcompare !== version) refuse(`it was started by mlcompare ${fp.mlcompare}, and this is mlcompare ${version}. Resume it with mlcompare ${fp.mlcompare}, or`);
  const now = suiteHash(suite);
  if (fp.suite !== now) refuse(`the suite is not the one the run started with (its hash was ${fp.suite.slice(0, 12)}…, it is ${now.slice(0, 12)}… now): ${RUN_FILE}'s suite was edited.`);
  if (splitsText === null) refuse(`its ${SPLITS_FILE} is missing, so the folds of the jobs done so far are unknown.`);
  const splits = sha256(splitsText!);
  if (fp.splits !== splits) refuse(`its ${SPLITS_FILE} is not the one the run wrote (hash ${fp.splits.slice(0, 12)}… then, ${splits.slice(0, 12)}… now): it was edited.`);
}

/** Options of {@link runSuite}. */
export interface RunOptions {
  suite: Suite;
  /** Where the suite came from (`benchmarks/suites/default.json`), for `run.json`. */
  suiteSource?: string;
  /** Models, in the main thread. */
  registry: readonly ModelSpec[];
  /** URL of the module exporting the same registry as `models`, for the workers. */
  registryModule: string;
  outDir: string;
  /** Continue the run in `outDir`: only jobs without a result run. */
  resume?: boolean;
  /** Worker threads (default: the number of cores). */
  jobs?: number;
  /** Run jobs in this thread, without a pool (no timeouts): for measuring the runner itself. */
  inProcess?: boolean;
  /** Run the jobs on a BullMQ queue on Redis (`--queue`), taken by `mlcompare worker` processes on any machine. */
  queue?: QueueOptions;
  commandLine?: string;
  /** Progress output. */
  progress?: { sink: ProgressSink; tty: boolean; clock?: Clock; width?: number };
  /** Messages (data summaries, notes). */
  log?: (line: string) => void;
  /** Called with each data set loaded for the plan. */
  onDataset?: (ds: Dataset) => void;
  /** Aborting stops the run: no new jobs start, running ones are abandoned (not recorded). */
  signal?: AbortSignal;
  /** Most jobs the run may have (`--max-jobs`). @defaultValue {@link DEFAULT_MAX_JOBS} */
  maxJobs?: number;
  /** Most bytes its data and splits may take (`--max-memory`). @defaultValue the machine's memory */
  maxMemoryBytes?: number;
}

/** How a run ended. */
export interface RunOutcome {
  outDir: string;
  /** Jobs in the plan (including skipped ones and those done before a resume). */
  total: number;
  /** Results already in the folder when the run started (resume). */
  alreadyDone: number;
  /** Jobs run now. */
  ran: number;
  ok: number;
  /** Jobs that ended in `error` or `timeout` (in the whole folder). */
  failed: number;
  skipped: number;
  /** True when the run was stopped by its signal before all jobs ran. */
  interrupted: boolean;
  /** Per job run now: wall milliseconds from sending it to having its result on disk, minus its fit and predict times. */
  overheadMs: number[];
  /** Per job run now: the wall time and where it went (for `benchmarks/perf/runner.ts`). */
  timings: JobCost[];
  /**
   * How long the main thread's event loop was busy (handing out jobs, writing lines, progress,
   * tuning drivers) while the jobs ran, in milliseconds (Node's event loop utilisation).
   */
  coordinatorActiveMs: number;
  /** The main thread's CPU time over the same span, in milliseconds (NaN where Linux's schedstat is not available). */
  coordinatorCpuMs: number;
}

/** Where one job's wall time went (milliseconds). */
export interface JobCost extends JobTimings {
  /** The job's id (its result line's `jobId`). */
  jobId: string;
  /** From sending the job to having its result on disk. */
  wallMs: number;
  fitMs: number;
  predictMs: number;
  /** Appending and fsync-ing the result line. */
  writeMs: number;
  /** When the job was sent to its worker, in milliseconds since the run started (its plan included). */
  startMs: number;
  /** When its result was on disk, on the same clock. */
  endMs: number;
  /** The worker thread that ran it (its `threadId`), when it ran in the pool. */
  thread?: number;
}

function packageVersion(req: NodeJS.Require, name: string): string | undefined {
  try {
    return (req(`${name}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function versions(registry: readonly ModelSpec[]): Record<string, string> {
  const req = createRequire(import.meta.url);
  const out: Record<string, string> = { node: process.versions.node, v8: process.versions.v8 };
  const names = new Set(['@mlcompare/bench', '@mlcompare/core', '@mlcompare/datasets', 'piscina', ...registry.map((s) => s.packageName)]);
  for (const n of names) {
    const v = n === '@mlcompare/bench' ? (req('../package.json') as { version: string }).version : packageVersion(req, n);
    if (v) out[n] = v;
  }
  return out;
}

function machine(): RunInfo['machine'] {
  const cpus = os.cpus();
  return {
    platform: os.platform(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

function runInfo(opts: RunOptions, plan: Plan, startedAt: string, splitsText: string): RunInfo {
  const primaryMetric = {} as Record<Task, string>;
  for (const t of ['classification', 'regression'] as const) primaryMetric[t] = metricsForTask(opts.suite.metrics, t)[0]!;
  const suite: RecordedSuite = { ...opts.suite, resamplingText: describeResampling(opts.suite.resampling) };
  if (opts.suiteSource !== undefined) suite.source = opts.suiteSource;
  return {
    schema: RESULTS_SCHEMA_VERSION,
    suite,
    suiteName: opts.suite.name,
    // What the user typed may carry terminal escapes from a file name; the report shows it.
    commandLine: stripControl(opts.commandLine ?? process.argv.join(' ')),
    startedAt,
    seed: opts.suite.seed,
    primaryMetric,
    versions: versions(opts.registry),
    machine: machine(),
    datasets: plan.datasets.map((d) => {
      const e: RunInfo['datasets'][number] = { name: d.name, task: d.task, rows: d.rows, features: d.features, source: d.source };
      // A 10 MB class label is a key in the results, not something run.json should copy whole.
      if (d.classes) e.classes = d.classes.map((c) => (typeof c === 'string' ? shortName(c) : c)) as Labels;
      if (d.summary) e.summary = d.summary;
      return e;
    }),
    totalJobs: plan.jobs.length + plan.skipped.length,
    fingerprint: {
      mlcompare: mlcompareVersion(),
      suite: suiteHash(opts.suite),
      splits: sha256(splitsText),
      datasets: Object.fromEntries(plan.datasets.map((d) => [d.name, d.hash])),
    },
  };
}


/**
 * The content of `splits.json` for a plan: every data set's rows per repeat and fold.
 * @param plan - a plan.
 * @returns the splits file.
 */
function splitsOf(plan: Plan): SplitsFile {
  const datasets: SplitsFile['datasets'] = {};
  for (const d of plan.data) {
    datasets[d.name] = { rows: d.rows, repeats: d.splits.map((folds) => folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }))) };
    if (d.inner) {
      datasets[d.name]!.inner = Object.fromEntries(
        Object.entries(d.inner).map(([k, reps]) => [k, reps.map((folds) => folds.map((inn) => inn.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }))))]),
      );
    }
  }
  return { schema: RESULTS_SCHEMA_VERSION, datasets };
}

/**
 * Plans and runs a suite into `outDir`, or resumes the run there (on the splits its `splits.json`
 * recorded; a line of `results.jsonl` that is not a valid result is reported and its job runs again).
 * @param opts - the suite, registry, folder and how to run.
 * @returns counts, and whether the run was interrupted.
 * Before loading anything it checks the run's size (jobs, memory: `maxJobs`, `maxMemoryBytes`),
 * creates the folder and takes its lock (`run.lock`: one writer per folder, released when the run
 * ends, whichever way); a resumed run must have the data, suite, splits and mlcompare version its
 * `run.json` fingerprint recorded.
 * @param opts - the suite, registry, folder and how to run.
 * @returns counts, and whether the run was interrupted.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} for data that cannot be loaded or split, an `outDir` that already
 *   holds results without `resume`, a run too large, a folder locked by another live process, or a
 *   resumed run whose data, suite, splits or version changed; `DataError` for a `run.json` or
 *   `splits.json` that is not valid; `FileError` for any file that cannot be read or written.
 */
export async function runSuite(opts: RunOptions): Promise<RunOutcome> {
  const log = opts.log ?? (() => {});
  const { suite, outDir } = opts;
  if (typeof outDir !== 'string' || outDir.trim() === '') {
    throw new ConfigError(`The run folder (--out) must be a folder path, but got ${formatValue(outDir)}: an empty path would write into the current folder.`);
  }
  const checks: PlanChecks = {};
  if (opts.maxJobs !== undefined) checks.maxJobs = opts.maxJobs;
  if (opts.maxMemoryBytes !== undefined) checks.maxMemoryBytes = opts.maxMemoryBytes;
  // Before anything is loaded, generated or created: a runaway suite is refused from its numbers.
  await checkRunSize(suite, checks);
  const created = prepareRunFolder(outDir);
  const lock = acquireRunLock(outDir, log);
  let started = false;
  try {
    const outcome = await runLocked(opts, checks, log, () => (started = true));
    return outcome;
  } finally {
    lock.release();
    if (created && !started) {
      try {
        rmdirSync(outDir); // only if still empty: the run never wrote anything
      } catch {
        // not empty: keep it
      }
    }
  }
}

/** {@link runSuite} with the folder's lock held. */
async function runLocked(opts: RunOptions, checks: PlanChecks, log: (line: string) => void, onStart: () => void): Promise<RunOutcome> {
  const runStart = performance.now();
  const { suite, outDir } = opts;
  const resultsPath = join(outDir, RESULTS_FILE);
  if (!opts.resume && existsSync(resultsPath)) {
    throw new ConfigError(`The folder '${outDir}' already holds a run (${RESULTS_FILE}). Continue it with --resume ${outDir}, or choose another --out.`);
  }
  const first = opts.resume && existsSync(join(outDir, RUN_FILE)) ? readRunInfo(outDir) : null;
  const recorded = opts.resume ? readSplits(outDir) : null;
  if (first?.fingerprint) {
    checkSameRun(outDir, first.fingerprint, suite, recorded?.text ?? null);
    checks.tiedTo = { dir: outDir, hashes: first.fingerprint.datasets, rows: Object.fromEntries(first.datasets.map((d) => [d.name, d.rows])) };
  } else if (first) {
    log(`note: ${join(outDir, RUN_FILE)} records no fingerprint (a run made by an older mlcompare), so the data cannot be checked against the run's: make sure it did not change.`);
  }
  const plan = await planRun(suite, opts.registry, opts.onDataset, recorded?.splits, checks);
  for (const n of plan.notes) log(`note: ${n}`);
  if (recorded && plan.newSplits.length > 0) log(`Resuming: ${SPLITS_FILE} had no splits for ${plan.newSplits.join(', ')}; they were made now (same seed, same rule).`);
  onStart();
  const splitsText = plan.newSplits.length > 0 || !recorded ? writeSplits(outDir, splitsOf(plan)) : recorded.text;

  let info = runInfo(opts, plan, new Date().toISOString(), splitsText);
  const done = new Map<string, JobResult>();
  if (opts.resume) {
    const planned = new Set([...plan.jobs.map((j) => j.jobId), ...plan.skipped.map((s) => s.job.jobId)]);
    const prev = repairResults(outDir);
    if (prev.torn) log(`Resuming: dropped a torn last line (line ${prev.torn.line}, ${prev.torn.bytes} bytes) of ${resultsPath}; that job runs again.`);
    for (const p of prev.problems) {
      const again = p.jobId !== null && planned.has(p.jobId) && !prev.results.some((r) => r.jobId === p.jobId);
      log(`Resuming: ${p.message}${again ? ` Job ${formatValue(p.jobId)} runs again.` : ''}`);
    }
    // An inner trial of a tuned outer job still to do is replayed from the file, not run again.
    const tuned = new Set(plan.jobs.filter((j) => j.tune).map((j) => j.jobId));
    for (const r of prev.results) {
      if (planned.has(r.jobId) || (r.inner !== undefined && tuned.has(r.inner.outerJobId))) done.set(r.jobId, r);
      else log(`Resuming: ${RESULTS_FILE} holds job ${formatValue(r.jobId)}, which is not part of this run's plan; it is ignored.`);
    }
    // The run is still the one that was started: keep its start time and the command line that
    // made it (the report's environment block shows it), not `--resume DIR`.
    if (first) info = { ...info, startedAt: first.startedAt, commandLine: first.commandLine };
  }
  writeRunInfo(outDir, info);

  const writer = new ResultsWriter(outDir);
  const todo = plan.jobs.filter((j) => !done.has(j.jobId));
  const skippedTodo = plan.skipped.filter((s) => !done.has(s.job.jobId));
  const progress = opts.progress ? new Progress(todo.length + skippedTodo.length, opts.progress.sink, opts.progress) : undefined;
  const counts = { ok: 0, failed: 0, skipped: 0 };
  const record = (r: JobResult): number => {
    const t0 = performance.now();
    writer.append(r);
    const ms = performance.now() - t0;
    done.set(r.jobId, r);
    if (!r.inner) progress?.finished(r);
    return ms;
  };
  const costs: JobCost[] = [];
  const account = (r: JobResult, t: JobTimings, t0: number, writeMs: number, thread?: number): void => {
    const now = performance.now();
    costs.push({ ...t, jobId: r.jobId, wallMs: now - t0, fitMs: r.fitMs ?? 0, predictMs: r.predictMs ?? 0, writeMs, startMs: t0 - runStart, endMs: now - runStart, ...(thread === undefined ? {} : { thread }) });
  };
  const outerDone = [...done.values()].filter((r) => !r.inner).length;
  if (opts.resume && done.size > 0) {
    const inner = done.size - outerDone;
    log(`Resuming ${outDir}: ${outerDone} of ${info.totalJobs} jobs already done${inner > 0 ? ` (and ${inner} inner tuning trials)` : ''}, ${todo.length + skippedTodo.length} to go.`);
  }
  // Several workers: longest first, so the run does not end on one long job (one worker: the plan's order).
  const workers = opts.inProcess ? 1 : opts.queue ? Infinity : (opts.jobs ?? os.availableParallelism());
  const queue = new JobQueue(todo, done, workers > 1);

  let interrupted = false;
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = threadCpuMs();
  try {
    for (const s of skippedTodo) record(jobResult(s.job, 'skipped', s.reason));
    if (opts.inProcess) {
      interrupted = await runInProcess(queue, plan.data, opts, record, account, progress);
    } else if (opts.queue) {
      const ctx = { run: runKey(info.fingerprint, info.startedAt), version: mlcompareVersion(), registry: opts.registry, registryModule: opts.registryModule, timeoutSec: suite.limits.timeoutSec, signal: opts.signal, log };
      // Loaded only when used: BullMQ and ioredis add half a second to every start otherwise.
      const { runQueued } = await import('./queue/coordinator.js');
      interrupted = await runQueued(queue, todo, plan.data, opts.queue, ctx, record, account, progress);
    } else {
      interrupted = await runPooled(queue, todo, plan.data, opts, record, account, progress);
    }
  } finally {
    writer.close();
    progress?.end();
  }
  const coordinatorActiveMs = performance.eventLoopUtilization(elu0).active;
  const coordinatorCpuMs = threadCpuMs() - cpu0;
  for (const r of done.values()) {
    if (r.inner) continue;
    if (r.status === 'ok') counts.ok++;
    else if (r.status === 'skipped') counts.skipped++;
    else counts.failed++;
  }
  if (!interrupted) writeRunInfo(outDir, { ...info, finishedAt: new Date().toISOString() });
  return {
    outDir,
    total: info.totalJobs,
    alreadyDone: info.totalJobs - todo.length - skippedTodo.length,
    ran: costs.length,
    ...counts,
    interrupted,
    overheadMs: costs.map((c) => c.wallMs - c.fitMs - c.predictMs),
    timings: costs,
    coordinatorActiveMs,
    coordinatorCpuMs,
  };
}

function jobText(j: JobTask): string {
  return `${displayText(j.dataset, 60)}/${displayText(j.label, 60)} f${j.fold}${j.repeat > 0 ? ` r${j.repeat}` : ''}`;
}

type RecordFn = (r: JobResult) => number;
type Account = (r: JobResult, t: JobTimings, t0: number, writeMs: number, thread?: number) => void;

function noTimings(): JobTimings {
  return { prepareMs: 0, warmupMs: 0, extraModelMs: 0, metricsMs: 0, totalMs: 0 };
}

/** Tells the progress display a job started (an inner trial shows as its tuned outer job). */
function started(progress: Progress | undefined, queue: JobQueue, job: JobTask): void {
  if (!progress) return;
  const outer = queue.outerOf(job);
  if (outer) progress.started(outer.jobId, `${jobText(outer)} (tuning)`);
  else progress.started(job.jobId, jobText(job));
}

async function runInProcess(
  queue: JobQueue,
  data: readonly SharedDataset[],
  opts: RunOptions,
  record: RecordFn,
  account: Account,
  progress: Progress | undefined,
): Promise<boolean> {
  const datasets = new Map(data.map((d) => [d.name, d]));
  for (let job = queue.next(); job; job = queue.next()) {
    if (opts.signal?.aborted) return true;
    started(progress, queue, job);
    const t0 = performance.now();
    const timings = noTimings();
    const r = await executeJob(job, { registry: opts.registry, datasets, now: () => performance.now(), timings });
    const line = queue.complete(job, r);
    account(line, timings, t0, record(line));
  }
  return false;
}

/** How often running jobs are checked against the timeout. */
const WATCH_INTERVAL_MS = 50;

async function runPooled(
  queue: JobQueue,
  todo: JobTask[],
  data: readonly SharedDataset[],
  opts: RunOptions,
  record: RecordFn,
  account: Account,
  progress: Progress | undefined,
): Promise<boolean> {
  if (todo.length === 0) return false;
  // A tuned job is many jobs (its inner trials): it can use every worker.
  const threads = Math.max(1, Math.min(opts.jobs ?? os.availableParallelism(), todo.some((j) => j.tune) ? Infinity : todo.length));
  const timeoutMs = opts.suite.limits.timeoutSec * 1000;
  const startStamps = new SharedArrayBuffer(threads * 4);
  const stamps = new Int32Array(startStamps);
  const origin = Date.now();
  // Only the data sets these jobs use; X and the row indices are SharedArrayBuffers (shared, not copied).
  const used = new Set(todo.map((j) => j.dataset));
  // Each worker's models share the cores with the other workers: ⌊cores ÷ workers⌋ threads each.
  const workerData: WorkerData = { registryModule: opts.registryModule, startStamps, origin, datasets: data.filter((d) => used.has(d.name)), threadBudget: threadsPerWorker(threads) };
  const pool = new Piscina({
    ...workerSpec('worker'),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    atomics: 'disabled',
    workerData,
  });
  const freeLanes = Array.from({ length: threads }, (_, i) => threads - 1 - i);
  const running = new Map<number, { job: JobTask; ctl: AbortController; timedOut: boolean }>();
  // The model classes each worker thread has run (by threadId), so that a freed worker is offered
  // its own classes first (JobQueue's affinity): each class is warmed up and compiled in fewer threads.
  const ranOn = new Map<number, Set<string>>();
  let stopped = false;
  let failure: unknown;
  // A job aborted (timeout, Ctrl-C, a line that could not be written) may still have its reply in
  // flight: piscina then emits 'error' ("Unexpected message from Worker"), which would be an
  // uncaught exception without a listener. After a stop it is expected; before one it fails the run.
  pool.on('error', (err: unknown) => {
    if (!stopped) failure ??= err;
  });

  const watcher = setInterval(() => {
    if (timeoutMs <= 0) return;
    const nowStamp = Date.now() - origin + 1;
    for (const [lane, r] of running) {
      const s = Atomics.load(stamps, lane);
      if (s > 0 && !r.timedOut && nowStamp - s > timeoutMs) {
        r.timedOut = true;
        r.ctl.abort();
      }
    }
  }, WATCH_INTERVAL_MS);
  watcher.unref();

  try {
    await new Promise<void>((resolveAll) => {
      const onAbort = (): void => {
        stopped = true;
        for (const r of running.values()) r.ctl.abort();
        resolveAll();
      };
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const launch = (freed?: number): void => {
        while (!stopped && freeLanes.length > 0) {
          // The worker just freed takes the next job (the pool's only idle thread); any further
          // free lane (the start) goes to a thread not known yet.
          const job = queue.next(affinityOf(freed, ranOn, running.values()));
          freed = undefined;
          if (!job) break;
          const lane = freeLanes.pop()!;
          Atomics.store(stamps, lane, 0);
          const entry = { job, ctl: new AbortController(), timedOut: false };
          running.set(lane, entry);
          started(progress, queue, job);
          const t0 = performance.now();
          const task: WorkerTask = { lane, job };
          (pool.run(task, { signal: entry.ctl.signal }) as Promise<WorkerReply>).then(
            (reply) => finish(lane, job, reply.result, t0, reply.timings, reply.thread),
            (err: unknown) => {
              if (stopped) return;
              const r = entry.timedOut
                ? jobResult(
                    job,
                    'timeout',
                    `Timed out: fit and predict took longer than ${opts.suite.limits.timeoutSec} s, so the worker was stopped. Raise the limit with --timeout SEC (or limits.timeoutSec), or skip large data with limits.maxRows.`,
                  )
                : jobResult(job, 'error', `The worker running this job failed (crash or out of memory): ${(err as Error)?.message ?? String(err)}`);
              finish(lane, job, r, t0, noTimings());
            },
          );
        }
        if (running.size === 0 && !stopped && !queue.empty) {
          // Nothing runs and nothing can start: a tuning driver waits on nothing (a bug, not a state to hang in).
          failure = new Error('The run has jobs left that none of the finished jobs can start (a tuning search waits on no trial).');
          onAbort();
          return;
        }
        if (running.size === 0) resolveAll();
      };
      const finish = (lane: number, job: JobTask, r: JobResult, t0: number, t: JobTimings, thread?: number): void => {
        if (stopped) return;
        running.delete(lane);
        freeLanes.push(lane);
        if (thread !== undefined) {
          let ran = ranOn.get(thread);
          if (!ran) ranOn.set(thread, (ran = new Set()));
          ran.add(classKey(job));
        }
        try {
          const line = queue.complete(job, r);
          // The freed worker gets its next job before this line is written and fsync'd (a few ms
          // of the main thread): it computes while the line goes to disk.
          launch(thread);
          account(line, t, t0, record(line), thread);
        } catch (err) {
          // The result could not be written (disk full, …): stop, and let runSuite report it.
          failure = err;
          onAbort();
        }
      };
      launch();
    });
  } finally {
    clearInterval(watcher);
    await pool.destroy();
  }
  if (failure !== undefined) throw failure;
  return stopped;
}
