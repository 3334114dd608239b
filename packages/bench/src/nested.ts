/**
 * Nested cross-validation tuning in the runner. Each outer job of a tuned model is driven by a
 * {@link TuningDriver}: it proposes candidate configurations (grid, random, successive halving, TPE
 * from core's tuning engine), turns each into one inner trial job per inner fold (the same
 * `evaluateFold` path, the same worker pool, each written to `results.jsonl` as it finishes), and,
 * when the budget is spent, refits the chosen configuration on the whole outer training fold and
 * scores it on the outer test fold — the outer job's line, with `tuning` filled in.
 *
 * Determinism: candidates are proposed in batches (the whole grid or the whole random sample for an
 * evaluation budget; one candidate at a time for TPE and for a time budget; one round at a time for
 * successive halving), a batch's scores are told in trial order once all of it has finished, and every
 * seed derives from the outer fold and the trial. So 1 or N workers, fresh or resumed, choose the
 * same configuration and score it the same. A resumed run replays the trials already recorded
 * instead of running them again.
 */
import {
  bestCandidate,
  createSampler,
  deriveSeed,
  gridCandidates,
  halvingSchedule,
  halvingTopK,
  meanInnerScore,
  METRICS,
  innerSplitsKey,
  validateSpace,
  type JobResult,
  type ModelSpec,
  type TuneSpec,
  type Sampler,
  type TuneConfig,
  type TuningInfo,
} from '@mlcompare/core';
import { classKey, type JobTask, type ResolvedTune } from './execute.js';
import { PRIMARY_METRIC } from './tune.js';

/** One candidate evaluated at one resource level (all its inner folds). */
interface Evaluation {
  trial: number;
  config: TuneConfig;
  /** Successive halving: the round and its resources. */
  round?: number;
  resources?: number;
  /** Per inner fold: the metric (null when the trial failed or the metric is undefined), undefined while running. */
  scores: Array<number | null | undefined>;
  cpuMs: number[];
  /** Inner folds not finished. */
  pending: number;
}

/** The id of an inner trial's job. */
function innerJobId(outer: string, trial: number, innerFold: number, round: number | undefined): string {
  return `${outer}|t${trial}|i${innerFold}${round !== undefined ? `|h${round}` : ''}`;
}

/** The mean inner score of an evaluation in the metric's own units (scikit-learn's mean); null when a fold failed. */
function meanScore(e: Evaluation): number | null {
  if (e.scores.some((x) => x === undefined)) return null;
  return meanInnerScore(e.scores as Array<number | null>);
}

/**
 * Drives the search of one tuned outer job: hands out its inner trial jobs, takes their results,
 * and finally hands out the refit job (the outer job itself, with the chosen parameters).
 */
export class TuningDriver {
  readonly outer: JobTask;
  readonly #t: ResolvedTune;
  readonly #sign: number;
  readonly #recorded: ReadonlyMap<string, JobResult>;
  readonly #sampler: Sampler | undefined;
  /** Every evaluation, in the order proposed. */
  readonly #evals: Evaluation[] = [];
  /** The batch being evaluated. */
  #batch: Evaluation[] = [];
  /** Inner jobs ready to hand out. */
  readonly #ready: JobTask[] = [];
  /** The evaluations of each halving round, in the round's order. */
  readonly #rounds: Evaluation[][] = [];
  readonly #schedule: Array<{ nCandidates: number; resources: number }> | undefined;
  #cpuMs = 0;
  #grid: TuneConfig[] | undefined;
  #refit: JobTask | undefined;
  #refitHanded = false;
  #tuning: TuningInfo | undefined;
  /** Jobs handed out whose results have not come back. */
  #inFlight = 0;

  /**
   * @param outer - the tuned outer job (with `tune`).
   * @param recorded - results already in `results.jsonl` (a resume), by job id: those trials are replayed, not run.
   */
  constructor(outer: JobTask, recorded: ReadonlyMap<string, JobResult>) {
    this.outer = outer;
    this.#t = outer.tune!;
    this.#sign = METRICS[this.#t.metric]?.higherIsBetter === false ? -1 : 1;
    this.#recorded = recorded;
    const spec = this.#t.spec;
    const seed = deriveSeed(outer.seed, 'tune', spec.strategy);
    if (spec.strategy === 'random' || spec.strategy === 'tpe' || spec.strategy === 'halving') {
      this.#sampler = createSampler(spec.strategy === 'tpe' ? 'tpe' : 'random', this.#t.space, seed);
    }
    if (spec.strategy === 'halving') {
      const h = spec.halving ?? { factor: 3, minResources: 'exhaust' as const };
      const evals = 'evals' in spec.budget ? spec.budget.evals : 1;
      this.#schedule = halvingSchedule({
        nCandidates: evals,
        factor: h.factor,
        minResources: h.minResources,
        maxResources: this.#t.maxResources,
        resource: this.#t.resource === 'rows' ? 'samples' : 'other',
        nSplits: spec.inner.folds,
        ...(this.#t.nClasses !== undefined && { nClasses: this.#t.nClasses }),
        spaceSize: this.#sampler!.size,
      }).rounds;
    }
    this.#advance();
  }

  /** The space's budget in evaluations, or Infinity for a time budget. */
  get #evalBudget(): number {
    const b = this.#t.spec.budget;
    return 'evals' in b ? b.evals : Infinity;
  }

  /** True once the refit job has been handed out (the driver has nothing more to give). */
  get exhausted(): boolean {
    return this.#refitHanded;
  }

  /**
   * The next job to run, or undefined when every job handed out must finish first.
   * @returns an inner trial, the refit job, or undefined.
   */
  next(): JobTask | undefined {
    const j = this.#ready.shift();
    if (j) {
      this.#inFlight++;
      return j;
    }
    if (this.#refit && !this.#refitHanded) {
      this.#refitHanded = true;
      return this.#refit;
    }
    return undefined;
  }

  /**
   * Takes an inner trial's result (from the pool): when its batch is complete the search moves on.
   * @param r - the result line.
   */
  innerDone(r: JobResult): void {
    this.#inFlight--;
    this.#take(r);
    this.#advance();
  }

  /**
   * The refit's result line with the search recorded on it.
   * @param r - the refit job's result.
   * @returns the line to write.
   */
  outerDone(r: JobResult): JobResult {
    return { ...r, tuning: this.#tuning! };
  }

  /** Whether any inner job of this driver is running. */
  get busy(): boolean {
    return this.#inFlight > 0;
  }

  #take(r: JobResult): void {
    const inner = r.inner!;
    const e = this.#batch.find((x) => x.trial === inner.trial && x.round === inner.round);
    if (!e || e.scores[inner.innerFold] !== undefined) return;
    const v = r.status === 'ok' ? r.metrics[this.#t.metric] : null;
    e.scores[inner.innerFold] = typeof v === 'number' && Number.isFinite(v) ? v : null;
    e.cpuMs[inner.innerFold] = inner.cpuMs ?? (r.fitMs ?? 0) + (r.predictMs ?? 0);
    e.pending--;
  }

  /** Moves the search on while its current batch is complete: tells the scores, proposes the next batch or the refit. */
  #advance(): void {
    while (this.#batch.every((e) => e.pending === 0) && !this.#refit) {
      this.#finishBatch();
      const next = this.#propose();
      if (next.length === 0) {
        this.#makeRefit();
        return;
      }
      this.#batch = next;
      for (const e of next) this.#evals.push(e);
      // Trials recorded by an earlier session are taken from the file, not run again.
      for (const e of next) {
        for (let k = 0; k < e.scores.length; k++) {
          const job = this.#innerJob(e, k);
          const prev = this.#recorded.get(job.jobId);
          if (prev?.inner) this.#take(prev);
          else this.#ready.push(job);
        }
      }
    }
  }

  /** Tells the finished batch's scores, in trial order, and counts its CPU time. */
  #finishBatch(): void {
    for (const e of this.#batch) {
      const mean = meanScore(e);
      this.#cpuMs += e.cpuMs.reduce((a, b) => a + b, 0);
      if (this.#sampler && e.round === undefined) this.#sampler.tell(e.config, mean === null ? null : this.#sign * mean);
    }
    if (this.#t.spec.strategy === 'halving' && this.#batch.length > 0) this.#rounds.push(this.#batch);
    this.#batch = [];
  }

  /** The next batch of evaluations, empty when the search is over. */
  #propose(): Evaluation[] {
    const spec = this.#t.spec;
    const done = this.#evals.length;
    const folds = spec.inner.folds;
    const make = (trial: number, config: TuneConfig, round?: number, resources?: number): Evaluation => ({
      trial,
      config,
      ...(round !== undefined && { round, resources }),
      scores: new Array<number | null | undefined>(folds).fill(undefined),
      cpuMs: new Array<number>(folds).fill(0),
      pending: folds,
    });
    const timed = 'seconds' in spec.budget;
    if (timed && this.#cpuMs >= (spec.budget as { seconds: number }).seconds * 1000) return [];
    switch (spec.strategy) {
      case 'grid': {
        const grid = (this.#grid ??= gridCandidates(this.#t.space));
        const end = Math.min(grid.length, this.#evalBudget);
        if (done >= end) return [];
        // An evaluation budget: the whole (truncated) grid at once; a time budget: one at a time.
        const stop = timed ? done + 1 : end;
        return grid.slice(done, stop).map((c, i) => make(done + i, c));
      }
      case 'random': {
        const end = Math.min(this.#sampler!.size, this.#evalBudget);
        if (done >= end) return [];
        const stop = timed ? done + 1 : end;
        return Array.from({ length: stop - done }, (_, i) => make(done + i, this.#sampler!.ask()));
      }
      case 'tpe': {
        if (done >= this.#evalBudget) return [];
        return [make(done, this.#sampler!.ask())];
      }
      case 'halving': {
        const r = this.#rounds.length;
        const round = this.#schedule![r];
        if (!round) return [];
        if (r === 0) return Array.from({ length: round.nCandidates }, (_, i) => make(i, this.#sampler!.ask(), 0, round.resources));
        // The best of the previous round go on, in scikit-learn's _top_k order, with more resources.
        const prev = this.#rounds[r - 1]!;
        return halvingTopK(this.#signed(prev), round.nCandidates).map((i) => make(prev[i]!.trial, prev[i]!.config, r, round.resources));
      }
    }
  }

  /** Mean inner scores, higher is better (the metric's sign applied), null for a failed candidate. */
  #signed(evals: readonly Evaluation[]): Array<number | null> {
    return evals.map((e) => {
      const m = meanScore(e);
      return m === null ? null : this.#sign * m;
    });
  }

  #innerJob(e: Evaluation, k: number): JobTask {
    const o = this.outer;
    const { tune: _tune, ...base } = o;
    void _tune;
    const job: JobTask = {
      ...base,
      jobId: innerJobId(o.jobId, e.trial, k, e.round),
      params: { ...o.params, ...e.config },
      metrics: [this.#t.metric],
      boundary: false,
      inner: { outerJobId: o.jobId, trial: e.trial, innerFold: k, ...(e.round !== undefined && { round: e.round, resources: e.resources! }) },
      innerSplit: { key: this.#t.key },
    };
    if (e.round !== undefined) {
      if (this.#t.resource === 'epochs') job.params = { ...job.params, maxIter: e.resources! };
      else if (e.resources! < this.#t.maxResources) job.innerSplit = { key: this.#t.key, subsample: { fraction: e.resources! / this.#t.maxResources, seed: deriveSeed(o.seed, 'halving', e.round, k) } };
    }
    return job;
  }

  /** The search is over: choose, record the search, and make the refit job. */
  #makeRefit(): void {
    const pool = this.#t.spec.strategy === 'halving' ? (this.#rounds[this.#rounds.length - 1] ?? []) : this.#evals;
    const chosen = pool.length > 0 ? pool[bestCandidate(pool.map((e) => ({ scores: e.scores.map((x) => (x === null || x === undefined ? null : this.#sign * x)) }))).index] : undefined;
    // Best-so-far after each evaluation, in proposal order (the same whatever the workers did).
    const anytime: TuningInfo['anytime'] = [];
    let best: number | null = null;
    let cpu = 0;
    this.#evals.forEach((e, i) => {
      cpu += e.cpuMs.reduce((a, b) => a + b, 0);
      const m = meanScore(e);
      if (m !== null && (best === null || this.#sign * m > this.#sign * best)) best = m;
      anytime.push({ evaluations: i + 1, cpuMs: cpu, best });
    });
    const spec = this.#t.spec;
    this.#tuning = {
      strategy: spec.strategy,
      nested: true,
      evaluations: this.#evals.length,
      budget: spec.budget,
      innerFolds: spec.inner.folds,
      metric: this.#t.metric,
      bestInnerScore: chosen ? meanScore(chosen) : null,
      space: this.#t.space,
      cpuMs: cpu,
      anytime,
    };
    const { tune: _tune, ...base } = this.outer;
    void _tune;
    this.#refit = { ...base, params: { ...this.outer.params, ...(chosen?.config ?? {}) } };
  }
}

/**
 * The plain jobs of one model entry on one data set (its repeats × folds): they cost about the
 * same, so the first one to finish tells the cost of the others.
 */
interface JobGroup {
  /** Position of the group's first job in the plan (ties and the order of the unmeasured). */
  index: number;
  /** Jobs not handed out yet, in plan order. */
  jobs: JobTask[];
  /** Next job to hand out in `jobs`. */
  at: number;
  /** The measured fit + predict time of its first finished job (ms), once known. */
  cost?: number;
}

/** What a finished job says about the cost of the other jobs of its group (ms): a timeout is the most costly. */
function measuredCost(r: JobResult): number {
  return r.status === 'timeout' ? Infinity : (r.fitMs ?? 0) + (r.predictMs ?? 0);
}

/** The costliest of `groups` (ties: plan order), or -1 when it is empty. */
function costliest(groups: readonly JobGroup[], affinity?: JobAffinity): number {
  let best = -1;
  let bestScore = 3;
  for (let k = 0; k < groups.length; k++) {
    const g = groups[k]!;
    const b = groups[best];
    const score = affinity ? affinity(g.jobs[g.at]!) : 0;
    if (!b || score < bestScore || (score === bestScore && (g.cost! > b.cost! || (g.cost === b.cost && g.index < b.index)))) {
      best = k;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The first of `items` from index `from` with the lowest score (an undefined score skips the item),
 * looking no further once one scores 0; `at` is -1 (score 3) when every item is skipped.
 */
function firstBest<T>(items: readonly T[], from: number, score: (t: T) => number | undefined): { at: number; score: number } {
  let at = -1;
  let best = 3;
  for (let i = from; i < items.length && best > 0; i++) {
    const v = score(items[i]!);
    if (v !== undefined && v < best) {
      at = i;
      best = v;
    }
  }
  return { at, score: best };
}

/**
 * How welcome a job is on the worker that asks for one ({@link JobQueue.next}): 0 when that worker
 * has run its model class on the task already (its code is compiled and warmed up there), 1 when no
 * worker has, 2 when another worker has (or is running it now).
 */
export type JobAffinity = (job: JobTask) => 0 | 1 | 2;

/**
 * The {@link JobAffinity} of the worker thread `thread` (undefined: a thread not known yet): its own
 * model classes first, then those no thread has run or is running, then the others'.
 * @param thread - the thread that will run the job.
 * @param ranOn - the classes ({@link classKey}) each thread has run, by threadId.
 * @param running - the jobs running now (on other threads).
 * @returns the affinity for {@link JobQueue.next}.
 */
export function affinityOf(thread: number | undefined, ranOn: ReadonlyMap<number, ReadonlySet<string>>, running: Iterable<{ job: JobTask }>): JobAffinity {
  const mine = thread === undefined ? undefined : ranOn.get(thread);
  const others = new Set<string>();
  for (const [t, keys] of ranOn) if (t !== thread) for (const k of keys) others.add(k);
  for (const r of running) others.add(classKey(r.job));
  return (job) => {
    const k = classKey(job);
    return mine?.has(k) ? 0 : others.has(k) ? 2 : 1;
  };
}

/**
 * The jobs of a run in the order they are handed out: longest first, by measured cost, so that the
 * run does not end with one worker on a long job while the others idle.
 *
 * The plain jobs of one model entry on one data set form a group. First, one job of every group
 * (its probe) and every tuned outer job's trials, in plan order (largest data first). Then, as the
 * probes finish, the rest of each group, the group whose probe took longest first (the folds of a
 * group cost about the same); a job of a group whose probe is still running is handed out only
 * when nothing else is left. So the end of the run is made of its shortest jobs. The order
 * changes nothing in the results: every job's seed and rows come from the job itself.
 *
 * With a {@link JobAffinity}, each of these steps first offers the asking worker the jobs of the
 * model classes it has run already, then those of classes no worker has run, and another worker's
 * only when nothing else is left: every worker warms a model class up (an untimed fit) and compiles
 * its code, so with two workers each running every class the default suite made 34 warm-up fits
 * where one worker makes 18.
 */
export class JobQueue {
  /** Tuned outer jobs' drivers and groups not yet probed, in plan order. */
  readonly #sources: Array<JobGroup | TuningDriver | undefined>;
  readonly #drivers = new Map<string, TuningDriver>();
  /** The group of each plain job, by job id. */
  readonly #groupOf = new Map<string, JobGroup>();
  /** Probed groups whose cost is known and that have jobs left (a few hundred at most: one per model × data set). */
  readonly #measured: JobGroup[] = [];
  /** Probed groups whose cost is not known yet, in plan order (some may be measured or empty since). */
  readonly #waiting: JobGroup[] = [];
  #firstWaiting = 0;
  #first = 0;
  /** Jobs not handed out yet. */
  #left = 0;

  /**
   * @param todo - the planned jobs not done yet (tuned outer jobs carry `tune`), largest data first.
   * @param recorded - every result already in the run's file (a resume), by job id.
   * @param longestFirst - hand the jobs out longest first (see the class); false keeps the plan's
   *   order, which loses nothing with one worker. @defaultValue true
   */
  constructor(todo: readonly JobTask[], recorded: ReadonlyMap<string, JobResult>, longestFirst = true) {
    const groups = new Map<string, JobGroup>();
    this.#sources = [];
    todo.forEach((j, index) => {
      if (j.tune) {
        const d = new TuningDriver(j, recorded);
        this.#drivers.set(j.jobId, d);
        this.#sources.push(d);
        return;
      }
      // In plan order, every job is a group of its own.
      const key = longestFirst ? `${j.dataset}\u0000${j.label}` : j.jobId;
      let g = groups.get(key);
      if (!g) {
        g = { index, jobs: [], at: 0 };
        groups.set(key, g);
        this.#sources.push(g);
      }
      g.jobs.push(j);
      this.#groupOf.set(j.jobId, g);
      this.#left++;
    });
  }

  /** Takes the next job of a group. */
  #take(g: JobGroup): JobTask {
    this.#left--;
    return g.jobs[g.at++]!;
  }

  /**
   * The next job to start, or undefined when none can start until a running one finishes (or all are handed out).
   * @param affinity - how welcome each job is on the worker that will run it (see the class); a run
   *   with tuned entries ignores it (their trials come in the drivers' order).
   * @returns a job.
   */
  next(affinity?: JobAffinity): JobTask | undefined {
    const prefer = this.#drivers.size === 0 ? affinity : undefined;
    return prefer ? this.#nextFor(prefer) : this.#nextInOrder();
  }

  /** {@link JobQueue.next} without an affinity. */
  #nextInOrder(): JobTask | undefined {
    // Probes and tuning trials, in plan order.
    for (let i = this.#first; i < this.#sources.length; i++) {
      const s = this.#sources[i];
      if (s === undefined) continue;
      let job: JobTask | undefined;
      if (s instanceof TuningDriver) {
        job = s.next();
        if (s.exhausted) this.#sources[i] = undefined;
      } else {
        this.#sources[i] = undefined;
        job = this.#take(s);
        if (s.at < s.jobs.length) this.#waiting.push(s);
      }
      this.#skipTaken();
      if (job) return job;
    }
    // The costliest measured group.
    const k = costliest(this.#measured);
    if (k >= 0) return this.#takeMeasured(k);
    // Nothing measured is left: a group whose probe is still running.
    this.#skipWaiting();
    const g = this.#waiting[this.#firstWaiting];
    return g ? this.#take(g) : undefined;
  }

  /**
   * {@link JobQueue.next} with an affinity (a run without tuned entries: every source is a group):
   * the job of the best score among the probes (plan order), the measured groups (costliest first)
   * and the groups whose probe runs (plan order); on equal scores in that order of the three.
   */
  #nextFor(prefer: JobAffinity): JobTask | undefined {
    const { at: probe, score: probeScore } = firstBest(this.#sources as ReadonlyArray<JobGroup | undefined>, this.#first, (g) => (g === undefined ? undefined : prefer(g.jobs[g.at]!)));
    const k = probeScore > 0 ? costliest(this.#measured, prefer) : -1;
    const measuredScore = k >= 0 ? prefer(this.#measured[k]!.jobs[this.#measured[k]!.at]!) : 3;
    if (probe >= 0 && probeScore <= measuredScore) {
      const g = this.#sources[probe] as JobGroup;
      this.#sources[probe] = undefined;
      const job = this.#take(g);
      if (g.at < g.jobs.length) this.#waiting.push(g);
      this.#skipTaken();
      return job;
    }
    if (k >= 0) return this.#takeMeasured(k);
    this.#skipWaiting();
    const { at } = firstBest(this.#waiting, this.#firstWaiting, (g) => (g.cost !== undefined || g.at >= g.jobs.length ? undefined : prefer(g.jobs[g.at]!)));
    return at >= 0 ? this.#take(this.#waiting[at]!) : undefined;
  }

  /** Moves `#first` past the sources already taken. */
  #skipTaken(): void {
    while (this.#first < this.#sources.length && this.#sources[this.#first] === undefined) this.#first++;
  }

  /** Moves `#firstWaiting` past the waiting groups that are measured (so in `#measured`) or have no jobs left. */
  #skipWaiting(): void {
    while (this.#firstWaiting < this.#waiting.length) {
      const g = this.#waiting[this.#firstWaiting]!;
      if (g.cost === undefined && g.at < g.jobs.length) return;
      this.#firstWaiting++;
    }
  }

  /** Takes the next job of the measured group at `k`, dropping the group when it has none left. */
  #takeMeasured(k: number): JobTask {
    const top = this.#measured[k]!;
    const job = this.#take(top);
    if (top.at >= top.jobs.length) this.#measured.splice(k, 1);
    return job;
  }

  /** True when every job has been handed out. */
  get empty(): boolean {
    return this.#first >= this.#sources.length && this.#left === 0;
  }

  /**
   * A job's result: an inner trial moves its driver on; a tuned outer job's line gets its `tuning`;
   * the first finished job of a group gives the group's cost.
   * @param job - the job.
   * @param r - its result.
   * @returns the line to write.
   */
  complete(job: JobTask, r: JobResult): JobResult {
    if (job.inner) {
      this.#drivers.get(job.inner.outerJobId)?.innerDone(r);
      return r;
    }
    const d = this.#drivers.get(job.jobId);
    if (d) return d.outerDone(r);
    const g = this.#groupOf.get(job.jobId);
    if (g && g.cost === undefined) {
      g.cost = measuredCost(r);
      if (g.at < g.jobs.length) this.#measured.push(g);
    }
    return r;
  }

  /**
   * The tuned outer job an inner trial belongs to.
   * @param job - a job.
   * @returns the outer job, or undefined for a job that is not an inner trial.
   */
  outerOf(job: JobTask): JobTask | undefined {
    return job.inner ? this.#drivers.get(job.inner.outerJobId)?.outer : undefined;
  }
}

/**
 * A tuned entry's settings for one data set and outer fold, or why it cannot run there.
 * @param tune - the entry's tuning settings.
 * @param spec - the task's model variant.
 * @param metrics - the run's metrics for the task, primary first.
 * @param params - the entry's fixed parameters.
 * @param nTrain - rows of the outer training fold.
 * @param nClasses - classes of a classification data set (successive halving's 'smallest' resources).
 * @returns the resolved settings, or a note saying why the entry is not run on this data set.
 */
export function resolveTune(
  tune: TuneSpec,
  spec: ModelSpec,
  metrics: readonly string[],
  params: Record<string, unknown>,
  nTrain: number,
  nClasses?: number,
): ResolvedTune | { note: string } {
  const space = tune.taskSpaces?.[spec.task] ?? tune.space;
  try {
    validateSpace(space, spec.params, `the search space of ${spec.className}`);
  } catch (err) {
    return { note: (err as Error).message };
  }
  const metric = tune.metric === PRIMARY_METRIC ? metrics[0]! : tune.metric;
  const info = METRICS[metric];
  if (!info || info.task !== spec.task) return { note: `the tuning metric '${metric}' scores ${info?.task ?? 'no'} data, not ${spec.task} data.` };
  const epochs = spec.name === 'mlp' && 'maxIter' in spec.params;
  const maxIter = params['maxIter'] ?? spec.params['maxIter']?.default;
  return {
    spec: tune,
    space,
    metric,
    key: innerSplitsKey(tune.inner),
    resource: epochs ? 'epochs' : 'rows',
    maxResources: epochs && typeof maxIter === 'number' ? maxIter : nTrain,
    ...(spec.task === 'classification' && nClasses !== undefined && { nClasses }),
  };
}
