/**
 * The order the runner hands jobs out in (`JobQueue`): one probe per model entry × data set in
 * plan order, then the rest longest first by the probe's measured time, so the run ends on its
 * shortest jobs. Checked on the queue itself and on a simulated two-worker run.
 */
import { describe, expect, it } from 'vitest';
import type { JobResult } from '@mlcompare/core';
import { classKey, type JobTask } from '../src/execute.js';
import { affinityOf, JobQueue, resolveTune, type JobAffinity } from '../src/nested.js';
import { parseSuite } from '../src/suite.js';
import { models } from './fixtures/registry.js';

/** A plain job of `label` on `dataset`, fold `fold`. */
function task(dataset: string, label: string, fold: number): JobTask {
  return {
    jobId: `${dataset}/${label}/${fold}`,
    dataset,
    task: 'classification',
    model: label,
    className: label,
    params: {},
    label,
    repeat: 0,
    fold,
    seed: fold,
    metrics: ['accuracy'],
    boundary: false,
  };
}

/** Every fold of each (data set, label), in plan order. */
function plan(groups: Array<[string, string]>, folds: number): JobTask[] {
  return groups.flatMap(([d, l]) => Array.from({ length: folds }, (_, f) => task(d, l, f)));
}

function result(job: JobTask, fitMs: number, status: JobResult['status'] = 'ok'): JobResult {
  const { metrics: _m, boundary: _b, ...ids } = job;
  return { ...ids, schema: 1, status, error: null, metrics: {}, fitMs, predictMs: 0, nTrain: 10, nTest: 5, backend: 'js', finishedAt: '' };
}

/** Makespan of `jobs` on `workers` workers, each job taking `cost(job)` ms, jobs taken from the queue as workers free up. */
function simulate(jobs: JobTask[], workers: number, cost: (j: JobTask) => number): { makespan: number; order: string[] } {
  const q = new JobQueue(jobs, new Map());
  const running: Array<{ end: number; job: JobTask }> = [];
  const order: string[] = [];
  let now = 0;
  const fill = (): void => {
    while (running.length < workers) {
      const j = q.next();
      if (!j) break;
      order.push(j.jobId);
      running.push({ end: now + cost(j), job: j });
    }
  };
  fill();
  while (running.length > 0) {
    running.sort((a, b) => a.end - b.end);
    const done = running.shift()!;
    now = done.end;
    q.complete(done.job, result(done.job, cost(done.job)));
    fill();
  }
  expect(q.empty).toBe(true);
  return { makespan: now, order };
}

/** A tuned outer job (grid of 2 candidates, 2 inner folds) of the fixture centroid on 'd'. */
function tunedOuter(): JobTask {
  const fixtures = new URL('./fixtures/', import.meta.url).pathname;
  const suite = parseSuite(
    { datasets: ['iris'], models: [{ model: 'centroid', tune: { strategy: 'grid', inner: { folds: 2 }, space: { jitter: [0, 20] } } }] },
    { source: 'test', baseDir: fixtures, registry: models, catalog: { bundled: ['iris'], generators: [] } },
  );
  const spec = models.find((m) => m.name === 'centroid')!;
  const t = resolveTune(suite.models[0]!.tune!, spec, ['accuracy'], {}, 100, 3);
  if ('note' in t) throw new Error(t.note);
  return { ...task('d', 'tuned', 0), jobId: 'd/tuned/0', tune: t };
}

describe('JobQueue order', () => {
  it('hands out one probe per model entry and data set in plan order, then the rest by measured time, longest first', () => {
    const jobs = plan([['big', 'a'], ['big', 'b'], ['small', 'c']], 3);
    const q = new JobQueue(jobs, new Map());
    const probes = [q.next()!, q.next()!, q.next()!];
    expect(probes.map((j) => j.jobId)).toEqual(['big/a/0', 'big/b/0', 'small/c/0']);
    q.complete(probes[0]!, result(probes[0]!, 5));
    q.complete(probes[2]!, result(probes[2]!, 50));
    // c's probe took longest: its folds go first; b's probe is still running, so its folds go last
    const rest: string[] = [];
    for (let j = q.next(); j; j = q.next()) rest.push(j.jobId);
    expect(rest).toEqual(['small/c/1', 'small/c/2', 'big/a/1', 'big/a/2', 'big/b/1', 'big/b/2']);
    expect(q.empty).toBe(true);
  });

  it('puts a group whose probe timed out first, and hands every job out exactly once', () => {
    const jobs = plan([['d', 'fast'], ['d', 'stuck'], ['d', 'slow']], 4);
    const q = new JobQueue(jobs, new Map());
    const seen: string[] = [];
    const probes = [q.next()!, q.next()!, q.next()!];
    seen.push(...probes.map((j) => j.jobId));
    q.complete(probes[0]!, result(probes[0]!, 1));
    q.complete(probes[1]!, result(probes[1]!, 0, 'timeout'));
    q.complete(probes[2]!, result(probes[2]!, 900));
    for (let j = q.next(); j; j = q.next()) seen.push(j.jobId);
    expect(seen.slice(3, 6)).toEqual(['d/stuck/1', 'd/stuck/2', 'd/stuck/3']);
    expect(seen.slice(6, 9)).toEqual(['d/slow/1', 'd/slow/2', 'd/slow/3']);
    expect([...seen].sort()).toEqual(jobs.map((j) => j.jobId).sort());
  });

  it("keeps the plan's order when asked to (one worker)", () => {
    const jobs = plan([['big', 'a'], ['small', 'c']], 2);
    const q = new JobQueue(jobs, new Map(), false);
    const first = q.next()!;
    q.complete(first, result(first, 1));
    const rest: string[] = [];
    for (let j = q.next(); j; j = q.next()) rest.push(j.jobId);
    expect([first.jobId, ...rest]).toEqual(jobs.map((j) => j.jobId));
  });

  it('ends a two-worker run on short jobs: a costly model on the smallest data set no longer makes a tail', () => {
    // Planned largest data first; the small data set's model is the costliest (a network on 150 rows).
    const jobs = plan([['big', 'linear'], ['big', 'knn'], ['mid', 'tree'], ['small', 'mlp']], 5);
    const ms: Record<string, number> = { linear: 100, knn: 300, tree: 200, mlp: 2000 };
    const cost = (j: JobTask): number => ms[j.label]!;
    const total = jobs.reduce((t, j) => t + cost(j), 0);
    const { makespan, order } = simulate(jobs, 2, cost);
    // in plan order the last mlp fold starts alone at the end: 6,900 ms
    expect(makespan).toBeLessThanOrEqual(total / 2 + 100);
    expect(order.slice(0, 4)).toEqual(['big/linear/0', 'big/knn/0', 'mid/tree/0', 'small/mlp/0']);
    expect(order.at(-1)).toMatch(/^big\/linear\//);
  });
});

describe('JobQueue: cost, ties and the end of the queue', () => {
  /** Probes every group (3 folds each), completes each probe with these fit and predict times, and returns the order of the rest. */
  function restOrder(costs: Array<[number, number]>): string[] {
    const groups = costs.map((_, i): [string, string] => ['d', `m${i}`]);
    const q = new JobQueue(plan(groups, 3), new Map());
    const probes = costs.map(() => q.next()!);
    probes.forEach((p, i) => q.complete(p, { ...result(p, costs[i]![0]), predictMs: costs[i]![1] }));
    const rest: string[] = [];
    for (let j = q.next(); j; j = q.next()) rest.push(j.label);
    expect(q.empty).toBe(true);
    return rest;
  }

  it('a group costs its fit plus its predict time', () => {
    // m0: 5 + 0, m1: 3 + 3 = 6: m1 first.
    expect(restOrder([[5, 0], [3, 3]])).toEqual(['m1', 'm1', 'm0', 'm0']);
  });

  it('equal costs go in plan order, and a smaller cost never passes a larger one', () => {
    expect(restOrder([[4, 0], [4, 0], [9, 0]])).toEqual(['m2', 'm2', 'm0', 'm0', 'm1', 'm1']);
  });

  it('is not empty while a group whose probe runs has jobs left; empty once all are handed out', () => {
    const q = new JobQueue(plan([['d', 'a']], 2), new Map());
    expect(q.empty).toBe(false);
    const probe = q.next()!;
    expect(q.empty).toBe(false);
    const second = q.next()!; // nothing measured: the waiting group's next job
    expect(second.fold).toBe(1);
    expect(q.empty).toBe(true);
    expect(q.next()).toBeUndefined();
    q.complete(probe, result(probe, 1));
    expect(q.next()).toBeUndefined();
  });
});

describe('JobQueue: a tuning driver waiting for its trials', () => {
  it('does not block the jobs planned after it: with its trials all out, the plain jobs come next', () => {
    const q = new JobQueue([tunedOuter(), ...plan([['d', 'a']], 2)], new Map());
    const handed: JobTask[] = [];
    for (let j = q.next(); j; j = q.next()) handed.push(j);
    // 2 candidates × 2 inner folds, then the plain group's probe and (nothing measured yet) its other fold
    expect(handed.filter((j) => j.inner).length).toBe(4);
    expect(handed.filter((j) => !j.inner).map((j) => j.jobId)).toEqual(['d/a/0', 'd/a/1']);
    expect(handed.slice(0, 4).every((j) => j.inner)).toBe(true);
    // the driver still owes its refit: the queue is not empty, and nothing else can start
    expect(q.empty).toBe(false);
    expect(q.next()).toBeUndefined();
  });
});

describe('JobQueue: the asking worker\'s own model classes first (affinity)', () => {
  /** A job of model class `cls` (its label and class name) on `dataset`, fold `fold`. */
  const of = (dataset: string, cls: string, fold: number): JobTask => task(dataset, cls, fold);
  /** Prefers class `mine`, avoids the classes in `others`. */
  const prefer = (mine: string[], others: string[]): JobAffinity => (j) => (mine.includes(j.className) ? 0 : others.includes(j.className) ? 2 : 1);

  it('probes: its own class first, then one no worker has, then another worker\'s; plan order within a score', () => {
    const q = new JobQueue(plan([['d', 'a'], ['d', 'b'], ['d', 'c'], ['e', 'b']], 2), new Map());
    expect(q.next(prefer(['b'], ['a']))!.jobId).toBe('d/b/0');
    expect(q.next(prefer(['b'], ['a']))!.jobId).toBe('e/b/0');
    expect(q.next(prefer(['b'], ['a']))!.jobId).toBe('d/c/0');
    expect(q.next(prefer(['b'], ['a', 'c']))!.jobId).toBe('d/a/0');
    // two probes no worker has: the first in plan order
    const r = new JobQueue(plan([['d', 'a'], ['d', 'c'], ['d', 'e']], 2), new Map());
    expect(r.next(prefer([], ['a']))!.jobId).toBe('d/c/0');
  });

  it('a measured group of its own before another worker\'s probe; a probe before a measured group of the same score', () => {
    const q = new JobQueue(plan([['d', 'a'], ['d', 'b'], ['e', 'b']], 2), new Map());
    const first = q.next()!;
    expect(first.jobId).toBe('d/a/0');
    q.complete(first, result(first, 10));
    // its own measured 'a' (0) before the probe of 'b' that another worker runs (2)
    expect(q.next(prefer(['a'], ['b']))!.jobId).toBe('d/a/1');
    const s = new JobQueue(plan([['d', 'a'], ['d', 'b']], 2), new Map());
    const p = s.next()!;
    s.complete(p, result(p, 10));
    // 'a' measured and 'b' probed are both no worker's (1): the probe first
    expect(s.next(prefer([], []))!.jobId).toBe('d/b/0');
  });

  it('measured groups: its own costliest before a costlier one of another worker; the costliest overall when it has none', () => {
    const q = new JobQueue(plan([['d', 'a'], ['d', 'b'], ['d', 'c']], 3), new Map());
    const probes = [q.next()!, q.next()!, q.next()!];
    q.complete(probes[0]!, result(probes[0]!, 100));
    q.complete(probes[1]!, result(probes[1]!, 10));
    q.complete(probes[2]!, result(probes[2]!, 50));
    expect(q.next(prefer(['b'], ['a', 'c']))!.jobId).toBe('d/b/1');
    // nothing of its own measured left but b's last fold; then c (no worker's) before a (another's)
    expect(q.next(prefer(['b'], ['a']))!.jobId).toBe('d/b/2');
    expect(q.next(prefer(['b'], ['a']))!.jobId).toBe('d/c/1');
    expect(q.next(prefer(['x'], []))!.jobId).toBe('d/a/1');
    expect(q.next(prefer(['x'], []))!.jobId).toBe('d/a/2');
    expect(q.next(prefer(['x'], []))!.jobId).toBe('d/c/2');
    expect(q.empty).toBe(true);
  });

  it('groups whose probe is still running: its own first, then the others in plan order', () => {
    const q = new JobQueue(plan([['d', 'a'], ['d', 'b']], 3), new Map());
    q.next();
    q.next();
    expect(q.next(prefer(['b'], ['a']))!.jobId).toBe('d/b/1');
    expect(q.next(prefer(['x'], []))!.jobId).toBe('d/a/1');
    expect(q.next(prefer(['x'], ['a']))!.jobId).toBe('d/b/2');
    expect(q.next(prefer(['x'], []))!.jobId).toBe('d/a/2');
    expect(q.next(prefer(['x'], []))).toBeUndefined();
  });

  it('with an affinity from the start, a probed group\'s other folds are still handed out while its probe runs', () => {
    const q = new JobQueue(plan([['d', 'a'], ['d', 'b']], 2), new Map());
    expect(q.next(prefer([], []))!.jobId).toBe('d/a/0');
    expect(q.next(prefer([], ['a']))!.jobId).toBe('d/b/0');
    expect(q.next(prefer(['b'], []))!.jobId).toBe('d/b/1');
    expect(q.next(prefer([], []))!.jobId).toBe('d/a/1');
    expect(q.next(prefer([], []))).toBeUndefined();
  });

  it('affinityOf: 0 for the thread\'s classes, 2 for classes other threads ran or are running, 1 otherwise', () => {
    const ranOn = new Map([[1, new Set([classKey(of('d', 'a', 0))])], [2, new Set([classKey(of('d', 'b', 0))])]]);
    const running = [{ job: of('d', 'c', 0) }];
    ranOn.get(2)!.add(classKey(of('d', 'y', 0)));
    ranOn.get(1)!.add(classKey(of('d', 'y', 0)));
    const a1 = affinityOf(1, ranOn, running);
    // a class both threads have run is still the asking thread's own
    expect(a1(of('e', 'y', 1))).toBe(0);
    expect([a1(of('e', 'a', 1)), a1(of('e', 'b', 1)), a1(of('e', 'c', 1)), a1(of('e', 'z', 1))]).toEqual([0, 2, 2, 1]);
    // a thread not known yet (the start of a run) has no classes of its own
    const none = affinityOf(undefined, ranOn, []);
    expect([none(of('e', 'a', 1)), none(of('e', 'b', 1)), none(of('e', 'z', 1))]).toEqual([2, 2, 1]);
    // the same class on another task is another class
    expect(a1({ ...of('e', 'a', 1), task: 'regression' })).toBe(1);
  });

  it('two simulated workers each warm up fewer classes, and the run ends no later than the ideal plus the longest job', () => {
    // 4 classes × 3 data sets × 5 folds; a class's first job on a worker costs a warm-up of 40.
    const classes = ['a', 'b', 'c', 'e'];
    const jobs = plan(['x', 'y', 'z'].flatMap((d) => classes.map((c) => [d, c] as [string, string])), 5);
    const cost = (j: JobTask): number => ({ a: 30, b: 20, c: 10, e: 5 })[j.className as 'a']! * (j.dataset === 'x' ? 2 : 1);
    const run = (withAffinity: boolean): { makespan: number; warmUps: number } => {
      const q = new JobQueue(jobs, new Map());
      const ranOn = new Map<number, Set<string>>([[0, new Set()], [1, new Set()]]);
      const busy: Array<{ end: number; job: JobTask } | undefined> = [undefined, undefined];
      let now = 0;
      let warmUps = 0;
      const start = (w: number): void => {
        const j = q.next(withAffinity ? affinityOf(w, ranOn, busy.flatMap((b, i) => (b && i !== w ? [b] : []))) : undefined);
        if (!j) return;
        const warm = !ranOn.get(w)!.has(classKey(j));
        if (warm) warmUps++;
        ranOn.get(w)!.add(classKey(j));
        busy[w] = { end: now + cost(j) + (warm ? 40 : 0), job: j };
      };
      start(0);
      start(1);
      while (busy.some((b) => b)) {
        const w = busy[0] && (!busy[1] || busy[0].end <= busy[1].end) ? 0 : 1;
        const done = busy[w]!;
        now = done.end;
        busy[w] = undefined;
        q.complete(done.job, result(done.job, cost(done.job)));
        start(w);
        if (!busy[1 - w]) start(1 - w);
      }
      expect(q.empty).toBe(true);
      return { makespan: now, warmUps };
    };
    const plain = run(false);
    const affine = run(true);
    expect(plain.warmUps).toBe(8);
    expect(affine.warmUps).toBeLessThanOrEqual(6);
    const total = jobs.reduce((s, j) => s + cost(j), 0);
    expect(affine.makespan).toBeLessThan(plain.makespan);
    expect(affine.makespan).toBeLessThanOrEqual(total / 2 + 40 * affine.warmUps / 2 + 60);
  });

  it('a run with tuned entries ignores it: the trials come in the drivers\' order', () => {
    const q = new JobQueue([tunedOuter(), ...plan([['d', 'a']], 2)], new Map());
    // 'a' would be preferred, but the driver's trials come first as without an affinity
    expect(q.next(prefer(['a'], ['tuned']))!.inner).toBeDefined();
  });
});
