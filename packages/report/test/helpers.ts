import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_SCHEMA_VERSION, type JobResult } from '@mlcompare/core';

/** The hand-written fixture run (3 datasets, an error, timeouts, a torn last line). */
export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/run/', import.meta.url));

/** A fresh copy of the fixture run in a temporary folder (reports get written into it). */
export function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlcompare-report-'));
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  return dir;
}

export const XSS = '<script>alert(1)</script>';

/** One finished job scoring `value` on the task's primary metric (R² or accuracy), 80/20 rows. */
export function job(dataset: string, task: 'classification' | 'regression', label: string, fold: number, value: number): JobResult {
  return {
    schema: RESULTS_SCHEMA_VERSION, jobId: `${dataset}|${label}|r0|f${fold}`, dataset, task, model: label, className: label,
    params: {}, label, repeat: 0, fold, seed: fold, status: 'ok', error: null, metrics: task === 'regression' ? { r2: value } : { accuracy: value },
    fitMs: 1, predictMs: 1, nTrain: 80, nTest: 20, backend: 'js', finishedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Jobs of one dataset from per-model fold scores. */
export function jobsOf(dataset: string, task: 'classification' | 'regression', scores: Record<string, number[]>): JobResult[] {
  return Object.entries(scores).flatMap(([label, values]) => values.map((v, fold) => job(dataset, task, label, fold, v)));
}
