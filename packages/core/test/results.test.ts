import { describe, expect, it } from 'vitest';
import {
  DataError,
  RESULTS_FILE,
  RUN_FILE,
  SPLITS_FILE,
  jobResultProblem,
  parseResults,
  parseRunInfo,
  parseSplits,
  type JobResult,
  type RunInfo,
} from '../src/index.js';

function job(id: string, extra: Partial<JobResult> = {}): JobResult {
  return {
    schema: 1,
    jobId: id,
    dataset: 'iris',
    task: 'classification',
    model: 'dummy',
    className: 'DummyClassifier',
    params: {},
    label: 'dummy',
    repeat: 0,
    fold: 0,
    seed: 3,
    status: 'ok',
    error: null,
    metrics: { accuracy: 0.5, rocAuc: null },
    fitMs: 1.5,
    predictMs: 0.5,
    nTrain: 100,
    nTest: 50,
    backend: 'js',
    finishedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}
const line = (v: unknown): string => JSON.stringify(v) + '\n';

describe('parseResults', () => {
  it('names the run folder files', () => {
    expect([RESULTS_FILE, RUN_FILE, SPLITS_FILE]).toEqual(['results.jsonl', 'run.json', 'splits.json']);
  });

  it('reads every valid line in file order, ignoring blank lines', () => {
    const text = line(job('a')) + '\n' + line(job('b', { status: 'error', error: 'FitError: x', metrics: {}, fitMs: null, predictMs: null }));
    const r = parseResults(text);
    expect(r.results.map((x) => x.jobId)).toEqual(['a', 'b']);
    expect(r.problems).toEqual([]);
    expect(r.torn).toBeNull();
    expect(parseResults('')).toEqual({ results: [], problems: [], torn: null });
  });

  it('drops a last line without its newline as torn, with its UTF-8 byte offset, even when it is valid JSON', () => {
    // 'é' and '€' take 2 and 3 bytes: the offset is in bytes, not characters
    const first = line(job('a', { label: 'dummy é€' }));
    const partial = JSON.stringify(job('b'));
    const r = parseResults(first + partial);
    expect(r.results.map((x) => x.jobId)).toEqual(['a']);
    expect(r.torn).toEqual({ line: 2, offset: Buffer.byteLength(first), bytes: Buffer.byteLength(partial) });
    expect(r.problems).toEqual([]);
    const cut = parseResults(first + partial.slice(0, 40));
    expect(cut.torn).toEqual({ line: 2, offset: Buffer.byteLength(first), bytes: 40 });
  });

  it('drops a last line that is not JSON as torn, even with its newline (and blank lines after it)', () => {
    const first = line(job('a'));
    const r = parseResults(first + '{"schema":1,"jobId":"b",\n\n');
    expect(r.results.map((x) => x.jobId)).toEqual(['a']);
    expect(r.torn).toEqual({ line: 2, offset: Buffer.byteLength(first), bytes: '{"schema":1,"jobId":"b",\n\n'.length });
  });

  it('reports a bad middle line with its line number and does not count it; the lines after it still count', () => {
    const text = line(job('a')) + 'nonsense\n' + line(job('c'));
    const r = parseResults(text, 'out/results.jsonl');
    expect(r.results.map((x) => x.jobId)).toEqual(['a', 'c']);
    expect(r.torn).toBeNull();
    expect(r.problems).toEqual([
      { line: 2, jobId: null, message: expect.stringMatching(/^out\/results\.jsonl: line 2 is not valid JSON \(.+\); it is not counted as a result\.$/) },
    ]);
  });

  it('does not count a valid-JSON last line that breaks the schema: it is a problem, not a torn write', () => {
    const r = parseResults(line(job('a')) + line({ ...job('b'), status: 'done' }));
    expect(r.torn).toBeNull();
    expect(r.results.map((x) => x.jobId)).toEqual(['a']);
    expect(r.problems).toEqual([
      {
        line: 2,
        jobId: 'b',
        message: "results.jsonl: line 2 is not a valid job result ('status' must be one of 'ok', 'error', 'timeout', 'skipped', got 'done'); it is not counted as a result.",
      },
    ]);
  });

  it('rejects a missing, empty or non-string jobId (no id to report)', () => {
    const { jobId: _, ...noId } = job('x');
    const text = line(noId) + line({ ...job('x'), jobId: 7 }) + line({ ...job('x'), jobId: '' }) + line(job('ok'));
    const r = parseResults(text);
    expect(r.results.map((x) => x.jobId)).toEqual(['ok']);
    expect(r.problems.map((p) => [p.line, p.jobId])).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
    for (const p of r.problems) expect(p.message).toMatch(/'jobId' must be a non-empty string/);
  });

  it('keeps the first line of a job id and reports every later one', () => {
    const text = line(job('a', { metrics: { accuracy: 0.1 } })) + line(job('b')) + line(job('a', { metrics: { accuracy: 0.9 } })) + line(job('a'));
    const r = parseResults(text);
    expect(r.results.map((x) => [x.jobId, x.metrics.accuracy])).toEqual([
      ['a', 0.1],
      ['b', 0.5],
    ]);
    expect(r.problems.map((p) => p.message)).toEqual([
      "results.jsonl: line 3 repeats job 'a' of line 1; the first line is kept.",
      "results.jsonl: line 4 repeats job 'a' of line 1; the first line is kept.",
    ]);
  });

  it('a bad line does not shadow a later valid line of the same job (the job was run again)', () => {
    const r = parseResults(line({ ...job('a'), metrics: [] }) + line(job('a')));
    expect(r.results.map((x) => x.jobId)).toEqual(['a']);
    expect(r.problems.map((p) => [p.line, p.jobId])).toEqual([[1, 'a']]);
  });

  it('checks metric values: numbers or null only', () => {
    expect(jobResultProblem(job('a', { metrics: { accuracy: null, r2: -3 } }))).toBeNull();
    expect(jobResultProblem({ ...job('a'), metrics: { accuracy: '0.9' } })).toBe("'metrics.accuracy' must be null or a finite number, got '0.9'");
    expect(jobResultProblem({ ...job('a'), metrics: [0.9] })).toBe("'metrics' must be an object, got [0.9]");
    expect(jobResultProblem({ ...job('a'), metrics: undefined })).toBe("'metrics' must be an object, got undefined");
  });

  it('checks every field the report reads', () => {
    expect(jobResultProblem(job('a'))).toBeNull();
    expect(jobResultProblem('x')).toBe("must be an object, got 'x'");
    expect(jobResultProblem({ ...job('a'), schema: 2 })).toMatch(/^'schema' must be 1/);
    expect(jobResultProblem({ ...job('a'), task: 'ranking' })).toBe("'task' must be one of 'classification', 'regression', got 'ranking'");
    expect(jobResultProblem({ ...job('a'), label: 3 })).toBe("'label' must be a string, got 3");
    expect(jobResultProblem({ ...job('a'), fold: -1 })).toBe("'fold' must be an integer >= 0, got -1");
    expect(jobResultProblem({ ...job('a'), fitMs: 'fast' })).toBe("'fitMs' must be null or a finite number, got 'fast'");
    expect(jobResultProblem({ ...job('a'), error: 5 })).toBe("'error' must be null or a string, got 5");
    expect(jobResultProblem({ ...job('a'), history: { loss: [1, null], epochs: 2, stopReason: 'maxIter reached' } })).toBeNull();
    expect(jobResultProblem({ ...job('a'), history: { loss: [1, 'x'], epochs: 2, stopReason: '' } })).toBe("'history.loss[1]' must be null or a finite number, got 'x'");
    expect(jobResultProblem({ ...job('a'), notes: ['restored on wasm'] })).toBeNull();
    expect(jobResultProblem({ ...job('a'), notes: 'restored on wasm' })).toMatch(/^'notes' must be/);
  });
});

const suite = {
  name: 'quick',
  description: '',
  datasets: [{ kind: 'bundled', name: 'iris' }],
  models: [{ model: 'dummy', params: {}, label: 'dummy' }],
  resampling: { kind: 'kfold', folds: 3, repeats: 1, stratify: true },
  metrics: [],
  seed: 0,
  limits: { timeoutSec: 600, maxRows: {} },
  resamplingText: '3-fold',
};
const info: RunInfo = {
  schema: 1,
  suite: suite as RunInfo['suite'],
  suiteName: 'quick',
  commandLine: 'mlcompare bench quick',
  startedAt: '2026-01-01T00:00:00.000Z',
  seed: 0,
  primaryMetric: { classification: 'accuracy', regression: 'r2' },
  versions: { node: '20.20.2' },
  machine: { platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'cpu', memoryGiB: 8, node: 'v20.20.2' },
  datasets: [{ name: 'iris', task: 'classification', rows: 150, features: 4, classes: ['a', 'b'], source: 'bundled' }],
  totalJobs: 3,
};

describe('parseRunInfo', () => {
  it('returns a valid run description', () => {
    expect(parseRunInfo(JSON.stringify(info))).toEqual(info);
  });

  it('throws a DataError naming the file and the invalid field', () => {
    const bad = { ...info, suite: { ...suite, resampling: { kind: 'bootstrap' } } };
    expect(() => parseRunInfo(JSON.stringify(bad), 'out/run.json')).toThrow(DataError);
    expect(() => parseRunInfo(JSON.stringify(bad), 'out/run.json')).toThrow(
      "File 'out/run.json' is not a valid run description: 'suite.resampling.kind' must be one of 'kfold', 'holdout', 'predefined', got 'bootstrap'.",
    );
    expect(() => parseRunInfo(JSON.stringify({ ...info, datasets: [{ ...info.datasets[0], rows: '150' }] }))).toThrow(/'datasets\[0\]\.rows' must be an integer >= 0, got '150'/);
    expect(() => parseRunInfo('{"schema":')).toThrow(/^File 'run\.json' must be valid JSON/);
    // the fingerprint a resume checks: optional (older runs), but checked when present
    const fingerprint = { mlcompare: '0.1.0', suite: 'a'.repeat(64), splits: 'b'.repeat(64), datasets: { iris: `csv-sha256:${'c'.repeat(64)}` } };
    expect(parseRunInfo(JSON.stringify({ ...info, fingerprint })).fingerprint).toEqual(fingerprint);
    expect(() => parseRunInfo(JSON.stringify({ ...info, fingerprint: { ...fingerprint, datasets: { iris: 3 } } }))).toThrow(
      /'fingerprint\.datasets\.iris' must be a non-empty string, got 3/,
    );
    expect(() => parseRunInfo(JSON.stringify({ ...info, fingerprint: { ...fingerprint, splits: '' } }))).toThrow(/'fingerprint\.splits' must be a non-empty string, got ''/);
  });
});

describe('parseSplits', () => {
  it('returns valid splits and rejects a row index outside the data', () => {
    const splits = { schema: 1, datasets: { iris: { rows: 4, repeats: [[{ train: [0, 1], test: [2, 3] }]] } } };
    expect(parseSplits(JSON.stringify(splits))).toEqual(splits);
    const bad = { schema: 1, datasets: { iris: { rows: 4, repeats: [[{ train: [0, 1], test: [2, 4] }]] } } };
    expect(() => parseSplits(JSON.stringify(bad), 'out/splits.json')).toThrow(
      "File 'out/splits.json' is not a valid splits file: datasets['iris'].repeats[0][0] 'test[1]' must be a row index in [0, 4), got 4.",
    );
  });
});
