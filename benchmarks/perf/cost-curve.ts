/**
 * The cost curve (issue 15): fit time against training rows for every model family of the
 * registry with its defaults, beside scikit-learn 1.2.1's matching estimator with its defaults on
 * the very same matrices, as a table, the log–log slope of each curve, and a log–log chart.
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/cost-curve.ts
 *       [--quick] [--sizes 1000,2000,5000] [--families logistic,knn] [--threads N]
 *       [--cell-ms 3000] [--max-call-s 240] [--budget-min 15] [--write | --no-write]
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/cost-curve.ts --replot
 *
 * - Data: perf/scaling-data.ts (20 features, makeClassification for the classifiers and
 *   makeRegression for linear regression, 80/20 split, StandardScaler fitted on the training rows),
 *   made and standardised before any timing. Rows on the chart are the generated rows (1,000 →
 *   100,000; the model is fitted on 80 % of them).
 * - Ours: the registry's model (`@mlcompare/bench/registry`, `create()` with no parameters) fitted
 *   on core's `Matrix`. scikit-learn: the estimator named in `SK_ESTIMATORS`, in one long-lived
 *   `/usr/bin/python3` process that reads the same float64 files once per size.
 * - Interleaved: ours fit, then scikit-learn's fit, then ours again…; at least one pair per size,
 *   more until the pairs took `--cell-ms` (default 3 s) or 5 pairs, and a second one when a single
 *   pair's ratio is over 2× away from the previous size's; the minimum of each side counts (the
 *   least disturbed run on a shared machine). k-NN also times predict of the test rows
 *   (`knn predict`), where its cost is.
 * - SVC stops at 20,000 rows (issue 15). A size is skipped, and said so, when a call is projected
 *   (each side from its measured sizes, log–log slope kept within 1–3) over `--max-call-s`
 *   (default 240 s), or a pair over its share of what is left of `--budget-min` (default 15
 *   minutes for the whole run: the time left over the families left).
 * - Threads: both sides get `--threads` (default: the machine's cores): `setThreadBudget` for ours,
 *   OMP_NUM_THREADS / OPENBLAS_NUM_THREADS for scikit-learn.
 * - Writes `docs/cost-curve.svg`, `docs/cost-curve.md` and the measurements, `docs/cost-curve.json`
 *   (except with `--quick`, unless `--write`); `--replot` rewrites the first two from the third
 *   without measuring.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { ConfigError, accuracyScore, findModel, formatValue, r2Score, setThreadBudget, type Model, type Task } from '@mlcompare/core';
import { models } from '@mlcompare/bench/registry';
import { costCurveSpec, costCurveTable, costSlopeTable, durationLabel, logLogSlope, renderVegaLite, rowsLabel, type CostPoint } from '@mlcompare/report';
import { PYTHON, PY_READ_SCALING, scalingData, scalingDataNote, scalingSizes, sklearnUnavailable, type ScalingData } from './scaling-data.js';

/** One curve: a registry family, its task, what is timed, and where it stops. */
interface Family {
  /** Curve name on the chart and in the tables. */
  curve: string;
  /** Registry name. */
  name: string;
  task: Task;
  /** Also time predict of the test rows (a second curve, `<curve> predict`). */
  predict: boolean;
  /** Largest generated row count timed. */
  maxRows: number;
}

const FAMILIES: readonly Family[] = [
  { curve: 'linear', name: 'linear', task: 'regression', predict: false, maxRows: Infinity },
  { curve: 'logistic', name: 'logistic', task: 'classification', predict: false, maxRows: Infinity },
  { curve: 'knn', name: 'knn', task: 'classification', predict: true, maxRows: Infinity },
  { curve: 'svm', name: 'svm', task: 'classification', predict: false, maxRows: 20_000 },
  { curve: 'cart', name: 'cart', task: 'classification', predict: false, maxRows: Infinity },
  { curve: 'forest', name: 'forest', task: 'classification', predict: false, maxRows: Infinity },
  { curve: 'boosting', name: 'boosting', task: 'classification', predict: false, maxRows: Infinity },
  { curve: 'mlp', name: 'mlp', task: 'classification', predict: false, maxRows: Infinity },
];

/**
 * scikit-learn's estimator for each family, with its defaults (random_state fixed, which changes
 * no cost). LogisticRegression gets max_iter=1000 as ours (`maxIter` 1000, the reference runs'
 * value); on these standardised data both stop on tol long before either limit.
 */
const SK_ESTIMATORS: Record<string, string> = {
  linear: 'LinearRegression()',
  logistic: 'LogisticRegression(max_iter=1000)',
  knn: 'KNeighborsClassifier()',
  svm: 'SVC()',
  cart: 'DecisionTreeClassifier(random_state=0)',
  forest: 'RandomForestClassifier(random_state=0)',
  boosting: 'HistGradientBoostingClassifier(random_state=0)',
  mlp: 'MLPClassifier(random_state=0)',
};

/** Repository root (docs/ is written there). */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const DEFAULT_SIZES = [1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];
const MAX_PAIRS = 5;

// ------------------------------------------------------------------------------ command line

const argv = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new ConfigError(`Option '${name}' needs a value, but got none.`);
  return v;
}
function positiveNumber(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!(Number.isFinite(v) && v > 0)) throw new ConfigError(`Option '${name}' must be a number > 0, but got ${formatValue(text)}.`);
  return v;
}
const VALUED = ['--sizes', '--families', '--threads', '--cell-ms', '--max-call-s', '--budget-min'];
const known = new Set(['--quick', '--write', '--no-write', '--replot', ...VALUED]);
for (const [i, a] of argv.entries()) {
  if (a.startsWith('--') && !known.has(a)) throw new ConfigError(`Unknown option '${a}' of perf/cost-curve.ts; the options are ${[...known].join(', ')}.`);
  if (!a.startsWith('--') && !VALUED.includes(argv[i - 1] ?? '')) {
    throw new ConfigError(`Argument '${a}' of perf/cost-curve.ts is not an option's value; the options are ${[...known].join(', ')}.`);
  }
}
const quick = argv.includes('--quick');
const sizes = argv.includes('--sizes') ? scalingSizes() : quick ? [1000, 10_000] : DEFAULT_SIZES;
const write = argv.includes('--write') || (!quick && !argv.includes('--no-write'));
const familiesText = option('--families');
const families = familiesText === undefined ? [...FAMILIES] : familiesText.split(',').map((name) => {
  const f = FAMILIES.find((x) => x.curve === name.trim());
  if (!f) throw new ConfigError(`Option '--families' must be a comma list of ${FAMILIES.map((x) => x.curve).join(', ')}, but got ${formatValue(name)} in ${formatValue(familiesText)}.`);
  return f;
});
const threads = option('--threads') === undefined ? availableParallelism() : positiveNumber('--threads', 1);
if (!Number.isInteger(threads)) throw new ConfigError(`Option '--threads' must be a whole number >= 1, but got ${formatValue(threads)}.`);
const cellMs = positiveNumber('--cell-ms', 3000);
const maxCallMs = positiveNumber('--max-call-s', 240) * 1000;
const budgetMs = positiveNumber('--budget-min', 15) * 60_000;
setThreadBudget(threads);

// ------------------------------------------------------------------------- scikit-learn side

const PY_SERVER = `
import json, sys, time, warnings
warnings.filterwarnings('ignore')
import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from sklearn.ensemble import RandomForestClassifier, HistGradientBoostingClassifier
from sklearn.neural_network import MLPClassifier
${PY_READ_SCALING}
ESTIMATORS = {${Object.entries(SK_ESTIMATORS).map(([k, v]) => `'${k}': lambda: ${v}`).join(', ')}}
cache = {}
print(json.dumps({'version': sklearn.__version__}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    try:
        files = req['files']
        if files['Xtr'] not in cache: cache[files['Xtr']] = read_scaling(files)
        Xtr, ytr, Xte, yte = cache[files['Xtr']]
        m = ESTIMATORS[req['family']]()
        t0 = time.perf_counter(); m.fit(Xtr, ytr); t1 = time.perf_counter()
        out = {'fit': (t1 - t0) * 1e3}
        if req['predict']:
            t0 = time.perf_counter(); m.predict(Xte); out['predict'] = (time.perf_counter() - t0) * 1e3
        if req['score']: out['score'] = float(m.score(Xte, yte))
    except Exception as e:
        out = {'error': repr(e)}
    print(json.dumps(out), flush=True)
`;

/** Answer of the Python side to one fit. */
interface SkAnswer {
  fit: number;
  predict?: number;
  score?: number;
}

/** The long-lived Python process: one request line in, one JSON line out. */
class Sklearn {
  private readonly child;
  private readonly lines: AsyncIterator<string>;
  version = '';

  constructor() {
    this.child = spawn(PYTHON, ['-u', '-c', PY_SERVER], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
    });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  private async next(): Promise<Record<string, unknown>> {
    const r = await this.lines.next();
    if (r.done) throw new Error(`The scikit-learn process (${PYTHON}) ended early (exit code ${this.child.exitCode}); its error is printed above.`);
    return JSON.parse(r.value) as Record<string, unknown>;
  }

  async start(): Promise<void> {
    this.version = String((await this.next()).version);
  }

  async fit(family: string, g: ScalingData, predict: boolean, score: boolean): Promise<SkAnswer> {
    this.child.stdin.write(`${JSON.stringify({ family, files: g.files, predict, score })}\n`);
    const out = await this.next();
    if (typeof out.error === 'string') throw new Error(`scikit-learn's ${SK_ESTIMATORS[family]} failed on ${g.n} rows: ${out.error}`);
    return out as unknown as SkAnswer;
  }

  close(): void {
    this.child.stdin.end();
  }
}

// ------------------------------------------------------------------------------- our side

/** Fits the registry model once; times fit (and predict); scores on the test rows when asked. */
async function oursOnce(f: Family, g: ScalingData, score: boolean): Promise<SkAnswer> {
  const model: Model<any> = findModel(models, f.name, f.task).create();
  try {
    let t0 = performance.now();
    await model.fit(g.Xtr, g.ytr);
    const out: SkAnswer = { fit: performance.now() - t0 };
    if (f.predict || score) {
      t0 = performance.now();
      const p = (await model.predict(g.Xte)) as number[];
      if (f.predict) out.predict = performance.now() - t0;
      if (score) out.score = f.task === 'classification' ? accuracyScore(g.yte, p) : r2Score(g.yte, p);
    }
    return out;
  } finally {
    model.dispose();
  }
}

// --------------------------------------------------------------------------------- the run

/** One measured cell: a family at one size. */
interface Cell {
  family: Family;
  n: number;
  ours?: SkAnswer;
  sk?: SkAnswer;
  pairs: number;
  skipped?: string;
}

function gitCommit(): string {
  const head = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim() || 'unknown';
  const dirty = spawnSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim() !== '';
  return dirty ? `${head} + uncommitted changes` : head;
}

const load = (): string => loadavg().map((v) => v.toFixed(2)).join(' ');

/**
 * What a busy machine does to the figures, or '' when the 1-minute load stayed within the cores.
 * Measured here at load 12 on 2 cores: scikit-learn's HistGradientBoostingClassifier on 800 rows
 * took 0.84–1.5 s with one OpenMP thread and 11.7–27.9 s with two.
 */
function busyNote(run: Pick<Run, 'load0' | 'load1' | 'cores' | 'threads'>): string {
  const { threads, cores } = run;
  const peak = Math.max(Number(run.load0.split(' ')[0]), Number(run.load1.split(' ')[0]));
  if (!(peak > cores)) return '';
  const base = `A busy machine (1-minute load ${peak.toFixed(1)} on ${cores} cores): every time is inflated.`;
  if (threads === 1) return `${base} With one thread on each side neither side waits for a second thread, so the ratios suffer less than the times; but a size timed once (the large ones) can still be off by 2× or more.`;
  return (
    `${base} **With ${threads} threads the ratios are not reliable either:** scikit-learn's OpenMP code ` +
    '(HistGradientBoosting, KNeighbors predict) waits for all its threads many times per fit, and on an oversubscribed ' +
    'machine each wait can cost a scheduler time slice (HistGradientBoostingClassifier on 800 rows: 0.8–1.5 s with one ' +
    'thread, 12–28 s with two, at load 12 on 2 cores). Re-run on a quiet machine, or with `--threads 1`.'
  );
}

/** A finished measurement: what docs/cost-curve.json holds and what the tables, chart and page are made from. */
interface Run {
  /** ISO time the run started. */
  started: string;
  commit: string;
  machine: string;
  /** Cores of the machine (os.availableParallelism). */
  cores: number;
  threads: number;
  cellMs: number;
  maxPairs: number;
  /** --max-call-s and --budget-min (absent in runs written before they existed). */
  maxCallS?: number;
  budgetMin?: number;
  /** The options the run was started with (`--write`, `--replot` left out). */
  options: string[];
  /** Load averages (1, 5, 15 min) at the start and the end. */
  load0: string;
  load1: string;
  /** scikit-learn's version, or undefined when it was missing. */
  skVersion?: string;
  points: CostPoint[];
  /** Sizes skipped for time (not SVC's 20,000-row stop). */
  skipped: Array<{ curve: string; rows: number; reason: string }>;
  /** Seconds each family took, both sides, warm-up included. */
  familySeconds: Array<[string, number]>;
}

const JSON_FILE = join(ROOT, 'docs', 'cost-curve.json');

async function measure(): Promise<Run> {
  const started = new Date();
  const load0 = load();
  const missing = sklearnUnavailable();
  const sk = missing === undefined ? new Sklearn() : undefined;
  await sk?.start();
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const commit = gitCommit();
  console.log('# Cost curve: fit time against training rows, ours vs scikit-learn\n');
  console.log(`${started.toISOString()}; ${machine}; commit ${commit}; load average (1, 5, 15 min) at start: ${load0}`);
  console.log(`sizes ${sizes.join(', ')}; threads ${threads} on both sides; pairs per size until ${cellMs} ms or ${MAX_PAIRS} pairs; a size is skipped when one call is projected over ${maxCallMs / 1000} s, or a pair over its share of what is left of the ${budgetMs / 60_000}-minute budget`);
  console.log(missing === undefined ? `scikit-learn ${sk!.version} in ${PYTHON}, one process, the same float64 matrices\n` : `The scikit-learn column is missing: ${missing}.\n`);
  if (threads > 1 && loadavg()[0]! > availableParallelism()) {
    console.log(`The 1-minute load (${loadavg()[0]!.toFixed(1)}) is above the ${availableParallelism()} cores: ${threads}-thread figures will be unreliable (see the note at the end); --threads 1 holds better.\n`);
  }

  const data = new Map<string, ScalingData>();
  const dataOf = (task: Task, n: number): ScalingData => {
    const key = `${task}-${n}`;
    let g = data.get(key);
    if (!g) data.set(key, (g = scalingData(n, { task, standardize: true })));
    return g;
  };

  const cells: Cell[] = [];
  const familySeconds: Array<[string, number]> = [];
  const runStart = performance.now();
  for (const [fi, f] of families.entries()) {
    const t0 = performance.now();
    const mine: Cell[] = [];
    const famSizes = sizes.filter((n) => n <= f.maxRows);
    // Warm-up (JIT, WASM compilation, imports): one untimed fit of each side on the smallest size.
    if (famSizes.length > 0) {
      const g = dataOf(f.task, famSizes[0]!);
      await oursOnce(f, g, false);
      await sk?.fit(f.name, g, f.predict, false);
    }
    for (const n of sizes) {
      const cell: Cell = { family: f, n, pairs: 0 };
      mine.push(cell);
      if (n > f.maxRows) {
        cell.skipped = `stops at ${f.maxRows.toLocaleString('en-US')} rows`;
        continue;
      }
      const done = mine.filter((c) => c.pairs > 0);
      const ours = project(done, n, 'ours');
      const theirs = project(done, n, 'sk');
      // This size's share of the budget: what is left, over this family and the ones after it.
      const share = (budgetMs - (performance.now() - runStart)) / (families.length - fi);
      // The first size of a family is always measured: a curve needs a point to start from.
      if (done.length > 0 && (Math.max(ours, theirs) > maxCallMs || ours + theirs > share)) {
        const over = Math.max(ours, theirs) > maxCallMs ? `one call over --max-call-s ${maxCallMs / 1000}` : `a pair over its ${durationLabel(Math.max(share, 0))} share of the time budget`;
        cell.skipped = `projected ${durationLabel(ours)} ours, ${durationLabel(theirs)} scikit-learn: ${over}`;
        console.log(`${`${f.curve} ${rowsLabel(n)}`.padEnd(16)}; skipped: ${cell.skipped}`);
        continue;
      }
      const g = dataOf(f.task, n);
      const cellStart = performance.now();
      const prev = done[done.length - 1];
      // One more pair when the only one is far (over 2×) from the previous size's ratio, the
      // mark of a run disturbed by the rest of the machine, and a pair fits in the share.
      const disturbed = (): boolean =>
        cell.pairs === 1 && prev?.sk !== undefined && cell.sk !== undefined && performance.now() - cellStart < share &&
        Math.abs(Math.log(total(cell.ours!) / total(cell.sk) / (total(prev.ours!) / total(prev.sk)))) > Math.log(2);
      while (cell.pairs < MAX_PAIRS && (cell.pairs === 0 || performance.now() - cellStart < cellMs || disturbed())) {
        const first = cell.pairs === 0; // the score is taken on the first pair
        const o = await oursOnce(f, g, first);
        const s = await sk?.fit(f.name, g, f.predict, first);
        cell.ours = best(cell.ours, o);
        if (s) cell.sk = best(cell.sk, s);
        cell.pairs++;
      }
      const row = [
        `${f.curve} ${rowsLabel(n)}`.padEnd(16),
        `ours ${durationLabel(cell.ours!.fit)}`,
        cell.sk ? `scikit-learn ${durationLabel(cell.sk.fit)} (${(cell.ours!.fit / cell.sk.fit).toFixed(2)}×)` : '',
        f.predict ? `predict ours ${durationLabel(cell.ours!.predict!)}${cell.sk ? ` scikit-learn ${durationLabel(cell.sk.predict!)} (${(cell.ours!.predict! / cell.sk.predict!).toFixed(2)}×)` : ''}` : '',
        `score ${cell.ours!.score!.toFixed(4)}${cell.sk ? ` / ${cell.sk.score!.toFixed(4)}` : ''}`,
        `${cell.pairs} pair${cell.pairs > 1 ? 's' : ''}; load ${loadavg()[0]!.toFixed(2)}`,
      ];
      console.log(row.filter((x) => x !== '').join('; '));
    }
    cells.push(...mine);
    familySeconds.push([f.curve, (performance.now() - t0) / 1000]);
  }
  sk?.close();

  // Points: fit of every family, and predict where it is timed.
  const points: CostPoint[] = [];
  for (const c of cells) {
    if (!c.ours) continue;
    points.push({ curve: c.family.curve, side: 'ours', rows: c.n, ms: c.ours.fit });
    if (c.sk) points.push({ curve: c.family.curve, side: 'scikit-learn', rows: c.n, ms: c.sk.fit });
  }
  for (const c of cells) {
    if (!c.ours || !c.family.predict) continue;
    points.push({ curve: `${c.family.curve} predict`, side: 'ours', rows: c.n, ms: c.ours.predict! });
    if (c.sk) points.push({ curve: `${c.family.curve} predict`, side: 'scikit-learn', rows: c.n, ms: c.sk.predict! });
  }
  return {
    started: started.toISOString(),
    commit,
    machine,
    cores: availableParallelism(),
    threads,
    cellMs,
    maxPairs: MAX_PAIRS,
    maxCallS: maxCallMs / 1000,
    budgetMin: budgetMs / 60_000,
    options: argv.filter((a) => a !== '--write'),
    load0,
    load1: load(),
    ...(sk ? { skVersion: sk.version } : {}),
    points,
    // The SVC rule (maxRows) is said on its own; these are the sizes skipped for time.
    skipped: cells.filter((c) => c.skipped !== undefined && c.n <= c.family.maxRows).map((c) => ({ curve: c.family.curve, rows: c.n, reason: c.skipped! })),
    familySeconds,
  };
}

/** Reads the run docs/cost-curve.json holds (for `--replot`), checking what the page needs. */
function readRun(): Run {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(JSON_FILE, 'utf8'));
  } catch (e) {
    throw new ConfigError(`Option '--replot' reads ${JSON_FILE}, written by a measuring run, but it could not be read: ${(e as Error).message}`);
  }
  const r = raw as Partial<Run>;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.points) || typeof r.started !== 'string' || typeof r.threads !== 'number') {
    throw new ConfigError(`Option '--replot': ${JSON_FILE} must hold a run (started, threads, points…) as perf/cost-curve.ts writes it, but it does not.`);
  }
  return r as Run;
}

function printRun(run: Run): void {
  const total = run.familySeconds.reduce((a, [, s]) => a + s, 0);
  console.log(`\nload average (1, 5, 15 min) at the end: ${run.load1}\n`);
  const busy = busyNote(run);
  if (busy !== '') console.log(`${busy.replaceAll('**', '').replaceAll('`', '')}\n`);
  console.log(costCurveTable(run.points));
  console.log(ratioMatrix(run.points));
  console.log(costSlopeTable(run.points));
  if (run.skipped.length > 0) console.log(`Skipped: ${skippedText(run)}.\n`);
  console.log(`Time per family (both sides, warm-up included): ${timingText(run)}; total ${(total / 60).toFixed(1)} min.\n`);
}

const skippedText = (run: Run): string => run.skipped.map((c) => `${c.curve} at ${rowsLabel(c.rows)} (${c.reason})`).join('; ');
const timingText = (run: Run): string => run.familySeconds.map(([c, s]) => `${c} ${s.toFixed(0)} s`).join(', ');
const threadsText = (run: Run): string => `${run.threads} thread${run.threads > 1 ? 's' : ''}`;

async function writeDocs(run: Run): Promise<void> {
  const date = run.started.slice(0, 16).replace('T', ' ');
  const skText = run.skVersion ? `scikit-learn ${run.skVersion} (dashed)` : 'scikit-learn missing';
  const spec = costCurveSpec(run.points, {
    title: `Fit time against training rows: mlcompare (solid) vs ${skText}`,
    subtitle: [
      `${date} UTC, commit ${run.commit}; ${run.machine}`,
      `load average ${run.load0.split(' ')[0]} at the start, ${run.load1.split(' ')[0]} at the end; ${threadsText(run)} on each side`,
      'generated data, 20 features, fitted on 80 % of the rows; k-NN predict: the other 20 %',
    ],
  });
  const docs = join(ROOT, 'docs');
  if (spec) writeFileSync(join(docs, 'cost-curve.svg'), `${await renderVegaLite(spec)}\n`);
  writeFileSync(join(docs, 'cost-curve.md'), markdownPage(run));
  console.log(`Wrote docs/cost-curve.svg and docs/cost-curve.md${argv.includes('--replot') ? ` from ${JSON_FILE}` : ' (and the measurements in docs/cost-curve.json)'}.`);
}

async function main(): Promise<void> {
  if (argv.includes('--replot')) {
    const run = readRun();
    printRun(run);
    await writeDocs(run);
    return;
  }
  const run = await measure();
  printRun(run);
  if (!write) {
    console.log(`docs/ not written (${quick ? '--quick' : '--no-write'}; --write writes it).`);
    return;
  }
  writeFileSync(JSON_FILE, `${JSON.stringify(run, null, 1)}\n`);
  await writeDocs(run);
}

/** The faster of two answers (fit and predict each at their minimum; the first score kept). */
function best(a: SkAnswer | undefined, b: SkAnswer): SkAnswer {
  if (!a) return b;
  return {
    fit: Math.min(a.fit, b.fit),
    predict: a.predict === undefined || b.predict === undefined ? (a.predict ?? b.predict) : Math.min(a.predict, b.predict),
    score: a.score ?? b.score,
  };
}

/** Fit and predict, ms. */
const total = (a: SkAnswer): number => a.fit + (a.predict ?? 0);

/**
 * One side's time for one call at n rows, projected from its measured sizes: from the largest,
 * with the least-squares log–log slope of all of them, kept within [1, 3] (so that one disturbed
 * size neither hides nor inflates the growth), or 0 before any size was measured.
 */
function project(done: readonly Cell[], n: number, side: 'ours' | 'sk'): number {
  const pts = done.flatMap((c) => (c[side] ? [{ rows: c.n, ms: total(c[side]) }] : []));
  const last = pts[pts.length - 1];
  if (last === undefined) return 0;
  const k = Math.min(3, Math.max(1, logLogSlope(pts) ?? 1));
  return last.ms * (n / last.rows) ** k;
}

/** Ours ÷ scikit-learn per curve (rows) and size (columns), as a Markdown table. */
function ratioMatrix(points: readonly CostPoint[]): string {
  const curves = [...new Set(points.map((p) => p.curve))];
  const ns = [...new Set(points.map((p) => p.rows))].sort((a, b) => a - b);
  const at = (curve: string, n: number, side: CostPoint['side']) => points.find((p) => p.curve === curve && p.rows === n && p.side === side)?.ms;
  const lines = [`| ours ÷ scikit-learn | ${ns.map(rowsLabel).join(' | ')} |`, `|:---|${ns.map(() => '---:').join('|')}|`];
  for (const c of curves) {
    lines.push(`| ${c} | ${ns.map((n) => {
      const o = at(c, n, 'ours');
      const s = at(c, n, 'scikit-learn');
      return o === undefined || s === undefined ? '—' : `${(o / s).toFixed(2)}×`;
    }).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** What the page says about the figures, computed from them (so a re-run keeps it true). */
function findings(points: readonly CostPoint[]): string[] {
  const out: string[] = [];
  const curves = [...new Set(points.map((p) => p.curve))];
  const within: string[] = [];
  const over: string[] = [];
  const faster: string[] = [];
  const steeper: string[] = [];
  for (const c of curves) {
    const ours = points.filter((p) => p.curve === c && p.side === 'ours');
    const sk = points.filter((p) => p.curve === c && p.side === 'scikit-learn');
    const pairs = ours.flatMap((o) => {
      const s = sk.find((p) => p.rows === o.rows);
      return s ? [{ n: o.rows, r: o.ms / s.ms }] : [];
    });
    if (pairs.length === 0) continue;
    const worst = pairs.reduce((a, b) => (b.r > a.r ? b : a));
    if (worst.r <= 1.5) within.push(`${c} (at most ${worst.r.toFixed(2)}×)`);
    else over.push(`${c} (${pairs.filter((p) => p.r > 1.5).map((p) => `${p.r.toFixed(2)}× at ${rowsLabel(p.n)}`).join(', ')})`);
    if (pairs.every((p) => p.r < 1)) faster.push(c);
    const ko = logLogSlope(ours, 10_000);
    const ks = logLogSlope(sk, 10_000);
    if (ko !== undefined && ks !== undefined && ko - ks > 0.1) steeper.push(`${c} (${ko.toFixed(2)} against ${ks.toFixed(2)})`);
  }
  out.push(`- Within 1.5× of scikit-learn at every size measured: ${within.join(', ') || 'none'}.`);
  out.push(`- Over 1.5× somewhere: ${over.join('; ') || 'none'}.`);
  if (faster.length > 0) out.push(`- Faster than scikit-learn at every size: ${faster.join(', ')}.`);
  out.push(
    `- Growing faster than scikit-learn's from 10k rows up (log–log slope more than 0.1 higher, so the gap widens with more rows): ${steeper.join(', ') || 'none'}.`,
  );
  return out;
}

const DEFAULT_COMMAND = 'pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/cost-curve.ts';

function markdownPage(p: Run): string {
  const command = `${DEFAULT_COMMAND}${p.options.length > 0 ? ` ${p.options.join(' ')}` : ''}`;
  const sk = p.skVersion ? `scikit-learn ${p.skVersion}` : 'scikit-learn (missing on this run)';
  const total = p.familySeconds.reduce((a, [, s]) => a + s, 0);
  const busy = busyNote(p);
  return `# Cost curve: fit time against training rows

![Log–log chart of fit time against training rows, one colour per model family, ours solid and scikit-learn dashed](cost-curve.svg)

How the cost of each model family grows with the data, beside ${sk}'s matching estimator, each
with its defaults. **This page and the chart are written by the script**; regenerate both with
one command from the repository root (${(total / 60).toFixed(0)} minutes on the machine below):

\`\`\`sh
${command}
\`\`\`
${p.options.length > 0 ? `\nThis run had options; the default (every family, 1k → 100k rows, both cores, docs/ written) is\n\`${DEFAULT_COMMAND}\`.\n` : ''}
Measured ${p.started.slice(0, 16).replace('T', ' ')} UTC at commit ${p.commit}, ${threadsText(p)} on each side, on ${p.machine}.
Load average (1, 5, 15 min): ${p.load0} at the start, ${p.load1} at the end.${busy === '' ? '' : ` ${busy}`}

## How it was measured

- ${scalingDataNote()} Linear regression gets makeRegression data (noise 10) instead. The row
  counts are the generated rows: every model is fitted on 80 % of them.
- Ours: the registry's model (\`mlcompare models\`) with its defaults, fitted on core's \`Matrix\`.
  scikit-learn: ${Object.entries(SK_ESTIMATORS).map(([k, v]) => `${k} \`${v}\``).join(', ')}, in one \`/usr/bin/python3\` process.
- Each family starts with one untimed fit of each side on the smallest size (JIT, WebAssembly,
  imports). Each size is then timed in pairs (ours, then scikit-learn, again and again) until the
  pairs took ${p.cellMs / 1000} s or ${p.maxPairs} pairs, with a second pair when a single one is over 2× away
  from the previous size's ratio (a disturbed run); each side's minimum counts. \`knn predict\` is
  k-NN's predict of the other 20 % of the rows, the cost of k-NN; every other curve is the fit.
- A size is skipped (and said so below) when one call is projected (from the sizes before it,
  log–log slope kept within 1–3) over ${p.maxCallS ?? 240} s${p.budgetMin === undefined ? ' (this run predates the time budget, `--budget-min`)' : `, or a pair over its share of what is left of
  the ${p.budgetMin}-minute time budget (the time left over the families left)`}.
- SVC stops at 20,000 rows.${p.skipped.length > 0 ? ` Skipped here: ${skippedText(p)}.` : ''}
- Time the run took per family (both sides, warm-up included): ${timingText(p)}; ${(total / 60).toFixed(1)} min in all.

## What the numbers say

On a log–log chart a cost that grows as rowsᵏ is a straight line of slope k: about 1 for a cost
linear in the rows (linear and logistic regression, the histogram boosting, the network per
epoch), about 1–1.3 for trees (n log n), about 2 for k-NN's predict (every test row against
every training row) and 2 or more for the kernel SVM. Below 1 a fixed cost still dominates. A
vertical gap between a solid line and its dashed line is a constant factor; lines that diverge are
costs that grow differently.

${findings(p.points).join('\n')}

## Ours ÷ scikit-learn

${ratioMatrix(p.points)}
## Slopes (how each cost grows)

The least-squares slope of log time against log rows, over every size and from 10k rows up.

${costSlopeTable(p.points)}
## Times

${costCurveTable(p.points)}`;
}

await main();
