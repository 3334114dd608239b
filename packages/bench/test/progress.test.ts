import { describe, expect, it } from 'vitest';
import { RESULTS_SCHEMA_VERSION, type JobResult } from '@mlcompare/core';
import { Progress, formatDuration } from '../src/progress.js';

function result(id: string, status: JobResult['status'], error: string | null = null): JobResult {
  return {
    schema: RESULTS_SCHEMA_VERSION,
    jobId: id,
    dataset: 'iris',
    task: 'classification',
    model: 'knn',
    className: 'KNNClassifier',
    params: {},
    label: 'knn',
    repeat: 0,
    fold: Number(id),
    seed: 1,
    status,
    error,
    metrics: status === 'ok' ? { accuracy: 0.95 } : {},
    fitMs: status === 'ok' ? 1.5 : null,
    predictMs: status === 'ok' ? 0.25 : null,
    nTrain: 120,
    nTest: 30,
    backend: 'js',
    finishedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('Progress', () => {
  it('estimates the time left from the mean time per finished job (fake clock)', () => {
    let t = 1000;
    const out: string[] = [];
    const p = new Progress(4, { write: (s) => out.push(s) }, { tty: true, clock: { now: () => t } });
    expect(Number.isNaN(p.etaMs)).toBe(true);
    p.started('0', 'iris/knn f0');
    t += 2000;
    p.finished(result('0', 'ok'));
    expect(p.elapsedMs).toBe(2000);
    expect(p.etaMs).toBe(6000);
    p.started('1', 'iris/knn f1');
    expect(p.barLine()).toBe(`${'█'.repeat(6)}${'░'.repeat(18)} 1/4 2.0 s ETA 6.0 s | iris/knn f1`);
    t += 2000;
    p.finished(result('1', 'timeout', 'Timed out: too slow'));
    expect(p.failed).toBe(1);
    expect(p.barLine()).toBe(`${'█'.repeat(12)}${'░'.repeat(12)} 2/4 1 failed 4.0 s ETA 4.0 s`);
    // failures are printed on their own line above the bar
    expect(out.some((s) => s === 'timeout: iris knn r0 f1: Timed out: too slow\n')).toBe(true);
  });

  it('prints one plain line per job when not on a terminal', () => {
    const out: string[] = [];
    const p = new Progress(10, { write: (s) => out.push(s) }, { tty: false, clock: { now: () => 0 } });
    p.finished(result('3', 'ok'));
    p.finished(result('4', 'error', 'FitError: diverged\nstack'));
    expect(out).toEqual([
      '[ 1/10] ok      iris knn r0 f3 accuracy=0.9500 fit 1.50 ms predict 0.25 ms\n',
      '[ 2/10] error   iris knn r0 f4: FitError: diverged\n',
    ]);
  });

  it('formats durations', () => {
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(125_000)).toBe('2:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(NaN)).toBe('--:--');
  });
});
