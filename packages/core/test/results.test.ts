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
    // the thread budget the job ran under: optional (older runs), a whole number >= 1 when present
    expect(jobResultProblem({ ...job('a'), threadBudget: 1 })).toBeNull();
    expect(jobResultProblem({ ...job('a'), threadBudget: 0 })).toMatch(/^'threadBudget' must be/);
    expect(jobResultProblem({ ...job('a'), threadBudget: 1.5 })).toMatch(/^'threadBudget' must be/);
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

  it("reads the suite's ROPE (a number >= 0, 'auto' or 'autorank'; absent in older runs) and refuses anything else by name", () => {
    for (const rope of [0, 0.02, 'auto', 'autorank']) {
      expect(parseRunInfo(JSON.stringify({ ...info, suite: { ...suite, rope } })).suite.rope).toBe(rope);
    }
    expect(parseRunInfo(JSON.stringify(info)).suite.rope).toBeUndefined();
    for (const rope of [-0.01, 'effsize', null, '0.01']) {
      expect(() => parseRunInfo(JSON.stringify({ ...info, suite: { ...suite, rope } }), 'out/run.json')).toThrow(
        `File 'out/run.json' is not a valid run description: 'suite.rope' must be a number >= 0, 'auto' or 'autorank', got ${rope === null ? 'null' : typeof rope === 'string' ? `'${rope}'` : rope}.`,
      );
    }
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

// Mutation testing (issue 10): every rule of the contract, one bad value at a time, with the
// exact message, so a changed check, path or wording fails here.
describe('results contract, field by field', () => {
  const boundary = {
    features: ['x1', 'x2'],
    gridX: [0, 1],
    gridY: [0, 1],
    values: [0.1, null, 0.3, 0.4],
    kind: 'probability',
    classes: ['a', 2],
    train: { x: [0], y: [1], label: [0] },
    test: { x: [1], y: [0], label: [1] },
    testAccuracy: 1,
  };

  it('accepts the edges of each rule', () => {
    for (const status of ['ok', 'error', 'timeout', 'skipped'] as const) expect(jobResultProblem(job('a', { status }))).toBeNull();
    expect(jobResultProblem(job('a', { task: 'regression', repeat: 0, fold: 0, nTrain: 0, nTest: 0, seed: -2.5, backend: null, error: 'x', dataset: '' }))).toBeNull();
    expect(jobResultProblem({ ...job('a'), boundary })).toBeNull();
    expect(jobResultProblem({ ...job('a'), boundary: { ...boundary, kind: 'class' } })).toBeNull();
    expect(jobResultProblem({ ...job('a'), history: { loss: [], validationScore: [0.5, null], epochs: 0, stopReason: '' } })).toBeNull();
  });

  it.each([
    ['schema', '1', "'schema' must be 1 (the layout this version of mlcompare reads), got '1'"],
    ['jobId', '', "'jobId' must be a non-empty string, got ''"],
    ['dataset', 1, "'dataset' must be a string, got 1"],
    ['task', null, "'task' must be one of 'classification', 'regression', got null"],
    ['model', null, "'model' must be a string, got null"],
    ['className', false, "'className' must be a string, got false"],
    ['params', null, "'params' must be an object, got null"],
    ['params', [1], "'params' must be an object, got [1]"],
    ['params', 'p', "'params' must be an object, got 'p'"],
    ['repeat', 1.5, "'repeat' must be an integer >= 0, got 1.5"],
    ['repeat', '0', "'repeat' must be an integer >= 0, got '0'"],
    ['seed', Infinity, "'seed' must be a finite number, got Infinity"],
    ['seed', '3', "'seed' must be a finite number, got '3'"],
    ['status', 'OK', "'status' must be one of 'ok', 'error', 'timeout', 'skipped', got 'OK'"],
    ['metrics', { accuracy: Infinity }, "'metrics.accuracy' must be null or a finite number, got Infinity"],
    ['predictMs', NaN, "'predictMs' must be null or a finite number, got NaN"],
    ['nTrain', -1, "'nTrain' must be an integer >= 0, got -1"],
    ['nTest', 0.5, "'nTest' must be an integer >= 0, got 0.5"],
    ['backend', 1, "'backend' must be null or a string, got 1"],
    ['finishedAt', undefined, "'finishedAt' must be a string, got undefined"],
    ['history', { loss: [], epochs: -1, stopReason: 'x' }, "'history.epochs' must be an integer >= 0, got -1"],
    ['history', { loss: [], epochs: 1, stopReason: 2 }, "'history.stopReason' must be a string, got 2"],
    ['history', { loss: [], validationScore: [1, 'x'], epochs: 1, stopReason: '' }, "'history.validationScore[1]' must be null or a finite number, got 'x'"],
    ['history', { loss: 'x', epochs: 1, stopReason: '' }, "'history.loss' must be an array, got 'x'"],
    ['history', [], "'history' must be an object, got []"],
    ['notes', ['a', 3], "'notes[1]' must be a string, got 3"],
    ['boundary', { ...boundary, features: ['x', 1] }, "'boundary.features[1]' must be a string, got 1"],
    ['boundary', { ...boundary, gridX: [0, null] }, "'boundary.gridX[1]' must be a finite number, got null"],
    ['boundary', { ...boundary, gridY: 'g' }, "'boundary.gridY' must be an array, got 'g'"],
    ['boundary', { ...boundary, values: [0, 'v'] }, "'boundary.values[1]' must be null or a finite number, got 'v'"],
    ['boundary', { ...boundary, kind: 'score' }, "'boundary.kind' must be one of 'probability', 'class', got 'score'"],
    ['boundary', { ...boundary, classes: ['a', NaN] }, "'boundary.classes[1]' must be a string or a finite number, got NaN"],
    ['boundary', { ...boundary, classes: ['a', true] }, "'boundary.classes[1]' must be a string or a finite number, got true"],
    ['boundary', { ...boundary, train: { ...boundary.train, x: [Infinity] } }, "'boundary.train.x[0]' must be a finite number, got Infinity"],
    ['boundary', { ...boundary, train: { ...boundary.train, y: ['1'] } }, "'boundary.train.y[0]' must be a finite number, got '1'"],
    ['boundary', { ...boundary, test: { ...boundary.test, label: [null] } }, "'boundary.test.label[0]' must be a finite number, got null"],
    ['boundary', { ...boundary, test: null }, "'boundary.test' must be an object, got null"],
    ['boundary', { ...boundary, testAccuracy: null }, "'boundary.testAccuracy' must be a finite number, got null"],
  ])('a job result with %s = %j is refused: %s', (field, value, message) => {
    expect(jobResultProblem({ ...job('a'), [field]: value })).toBe(message);
  });

  it('counts bytes as UTF-8 does: 1, 2, 3 and 4-byte characters, lone surrogates as 3 (U+FFFD)', () => {
    // pairs at both ends of the high-surrogate range; a high surrogate before a 3-byte character
    // (not a pair: 3 + 3 bytes, not 4)
    const chars = ['\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ud800x', '\udbffx', '\udc00', '\ue000', '\u{1f600}', '\ud83d\u0041'];
    chars.push('\ud800\udc00', '\udbff\udfff', '\ud83d\u20ac', '\ud83d\ud83d\ude00');
    for (const c of chars) {
      const first = line(job('a', { label: `l${c}` }));
      const partial = `{"jobId":"${c}`;
      const r = parseResults(first + partial);
      expect(r.torn, JSON.stringify(c)).toEqual({ line: 2, offset: Buffer.byteLength(first), bytes: Buffer.byteLength(partial) });
    }
    // a high surrogate as the very last character: no low surrogate can follow it
    const cut = parseResults(line(job('a')) + '{"x":"\ud83d');
    expect(cut.torn?.bytes).toBe(Buffer.byteLength('{"x":"\ud83d'));
    expect(Buffer.byteLength('{"x":"\ud83d')).toBe(9);
  });

  it('finds the last non-blank line past trailing blank and whitespace-only lines', () => {
    const a = line(job('a'));
    const b = line(job('b'));
    // the last result ends with its newline; what follows is blank: nothing is torn
    for (const tail of ['\n', '   ', '\n  \n', ' \t\n\n ']) {
      const r = parseResults(a + b + tail);
      expect(r.torn, JSON.stringify(tail)).toBeNull();
      expect(r.results.map((x) => x.jobId)).toEqual(['a', 'b']);
      expect(r.problems, JSON.stringify(tail)).toEqual([]);
    }
    // a torn line followed by blank lines: its byte count runs to the end of the text
    const r = parseResults(a + '{"sch\n \n');
    expect(r.torn).toEqual({ line: 2, offset: Buffer.byteLength(a), bytes: 8 });
    // only the last non-blank line can be torn: a bad JSON line before it is a problem
    const two = parseResults(a + '{"sch\n' + b);
    expect(two.torn).toBeNull();
    expect(two.results.map((x) => x.jobId)).toEqual(['a', 'b']);
    expect(two.problems.map((p) => p.line)).toEqual([2]);
    // a whole file of one valid line without a newline is torn at offset 0
    const one = JSON.stringify(job('a'));
    expect(parseResults(one).torn).toEqual({ line: 1, offset: 0, bytes: Buffer.byteLength(one) });
    expect(parseResults(one).results).toEqual([]);
    // indented lines are read; line numbers count blank lines
    const spaced = parseResults('\n  ' + a + '\n' + b);
    expect(spaced.results.map((x) => x.jobId)).toEqual(['a', 'b']);
    const bad = parseResults('\n\n' + line({ ...job('c'), fold: -1 }) + a);
    expect(bad.problems.map((p) => [p.line, p.jobId])).toEqual([[3, 'c']]);
  });
});

const runInfoProblem = (v: unknown): string => {
  try {
    parseRunInfo(JSON.stringify(v), 'r.json');
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return (err as Error).message.replace(/^File 'r\.json' is not a valid run description: /, '').replace(/\. It was edited or written by another version of mlcompare\.$/, '');
  }
  return 'accepted';
};

describe('parseRunInfo, field by field', () => {
  const csv = { kind: 'csv', name: 'c', path: '/d/c.csv', target: 'y' };
  const gen = { kind: 'generator', name: 'g', generator: 'moons', params: { n: 100, noise: 'low', shuffle: true } };
  const withSuite = (s: Record<string, unknown>): unknown => ({ ...info, suite: { ...suite, ...s } });

  it('accepts every kind of data set and resampling, and the optional fields', () => {
    const full = {
      ...csv,
      task: 'regression',
      delimiter: '\t',
      drop: ['id'],
      categorical: ['c'],
      missing: ['NA'],
    };
    const ok = withSuite({ datasets: [{ kind: 'bundled', name: 'iris' }, full, gen], source: 's.json', resampling: { kind: 'holdout', testSize: 0.25, repeats: 2, stratify: false } });
    expect(runInfoProblem(ok)).toBe('accepted');
    for (const delimiter of [',', ';', ' ', 'whitespace']) expect(runInfoProblem(withSuite({ datasets: [{ ...csv, delimiter }] }))).toBe('accepted');
    // a negative suite seed is a seed (--seed -1)
    expect(runInfoProblem(withSuite({ seed: -1 }))).toBe('accepted');
    expect(runInfoProblem({ ...(withSuite({ seed: -1 }) as object), seed: -1 })).toBe('accepted');
    expect(runInfoProblem(withSuite({ resampling: { kind: 'predefined' } }))).toBe('accepted');
    expect(runInfoProblem(withSuite({ resampling: { kind: 'predefined', file: 'f.json' } }))).toBe('accepted');
    expect(runInfoProblem({ ...info, finishedAt: '2026-01-01T01:00:00.000Z', datasets: [{ ...info.datasets[0], classes: undefined }] })).toBe('accepted');
    expect(runInfoProblem(withSuite({ limits: { timeoutSec: 0, maxRows: { knn: 0 } } }))).toBe('accepted');
  });

  it.each([
    ['top level', [], 'must be an object, got []'],
    ['schema', { ...info, schema: 0 }, "'schema' must be 1 (the layout this version of mlcompare reads), got 0"],
    ['suite', { ...info, suite: 'quick' }, "'suite' must be an object, got 'quick'"],
    ['suite.name', withSuite({ name: '' }), "'suite.name' must be a non-empty string, got ''"],
    ['suite.description', withSuite({ description: null }), "'suite.description' must be a string, got null"],
    ['suite.datasets', withSuite({ datasets: {} }), "'suite.datasets' must be an array, got {}"],
    ['dataset not an object', withSuite({ datasets: ['iris'] }), "'suite.datasets[0]' must be an object, got 'iris'"],
    ['dataset kind', withSuite({ datasets: [{ kind: 'url', name: 'x' }] }), "'suite.datasets[0].kind' must be one of 'bundled', 'csv', 'generator', got 'url'"],
    ['bundled name', withSuite({ datasets: [{ kind: 'bundled', name: '' }] }), "'suite.datasets[0].name' must be a non-empty string, got ''"],
    ['csv name', withSuite({ datasets: [{ ...csv, name: 1 }] }), "'suite.datasets[0].name' must be a non-empty string, got 1"],
    ['csv path', withSuite({ datasets: [{ ...csv, path: '' }] }), "'suite.datasets[0].path' must be a non-empty string, got ''"],
    ['csv target', withSuite({ datasets: [{ ...csv, target: undefined }] }), "'suite.datasets[0].target' must be a non-empty string, got undefined"],
    ['csv task', withSuite({ datasets: [{ ...csv, task: 'ranking' }] }), "'suite.datasets[0].task' must be one of 'classification', 'regression', got 'ranking'"],
    ['csv delimiter', withSuite({ datasets: [{ ...csv, delimiter: '|' }] }), "'suite.datasets[0].delimiter' must be one of ',', ';', '\t', ' ', 'whitespace', got '|'"],
    ['csv drop', withSuite({ datasets: [{ ...csv, drop: [1] }] }), "'suite.datasets[0].drop[0]' must be a string, got 1"],
    ['csv categorical', withSuite({ datasets: [{ ...csv, categorical: 'c' }] }), "'suite.datasets[0].categorical' must be an array, got 'c'"],
    ['csv missing', withSuite({ datasets: [{ ...csv, missing: [null] }] }), "'suite.datasets[0].missing[0]' must be a string, got null"],
    ['generator name', withSuite({ datasets: [{ ...gen, name: '' }] }), "'suite.datasets[0].name' must be a non-empty string, got ''"],
    ['generator', withSuite({ datasets: [{ ...gen, generator: '' }] }), "'suite.datasets[0].generator' must be a non-empty string, got ''"],
    ['generator params', withSuite({ datasets: [{ ...gen, params: { n: [1] } }] }), "'suite.datasets[0].params.n' must be a number, string or boolean, got [1]"],
    ['generator params null', withSuite({ datasets: [{ ...gen, params: { n: null } }] }), "'suite.datasets[0].params.n' must be a number, string or boolean, got null"],
    ['models', withSuite({ models: [{ model: '', params: {}, label: 'x' }] }), "'suite.models[0].model' must be a non-empty string, got ''"],
    ['models params', withSuite({ models: [{ model: 'knn', params: null, label: 'x' }] }), "'suite.models[0].params' must be an object, got null"],
    ['models label', withSuite({ models: [{ model: 'knn', params: {}, label: '' }] }), "'suite.models[0].label' must be a non-empty string, got ''"],
    ['resampling', withSuite({ resampling: 5 }), "'suite.resampling' must be an object, got 5"],
    ['kfold folds', withSuite({ resampling: { kind: 'kfold', folds: 2.5, repeats: 1, stratify: true } }), "'suite.resampling.folds' must be an integer >= 0, got 2.5"],
    ['kfold repeats', withSuite({ resampling: { kind: 'kfold', folds: 2, repeats: -1, stratify: true } }), "'suite.resampling.repeats' must be an integer >= 0, got -1"],
    ['kfold stratify', withSuite({ resampling: { kind: 'kfold', folds: 2, repeats: 1, stratify: 'yes' } }), "'suite.resampling.stratify' must be true or false, got 'yes'"],
    ['holdout testSize', withSuite({ resampling: { kind: 'holdout', testSize: '0.2', repeats: 1, stratify: true } }), "'suite.resampling.testSize' must be a finite number, got '0.2'"],
    ['holdout repeats', withSuite({ resampling: { kind: 'holdout', testSize: 0.2, repeats: null, stratify: true } }), "'suite.resampling.repeats' must be an integer >= 0, got null"],
    ['holdout stratify', withSuite({ resampling: { kind: 'holdout', testSize: 0.2, repeats: 1 } }), "'suite.resampling.stratify' must be true or false, got undefined"],
    ['predefined file', withSuite({ resampling: { kind: 'predefined', file: 3 } }), "'suite.resampling.file' must be a string, got 3"],
    ['metrics', withSuite({ metrics: ['accuracy', 1] }), "'suite.metrics[1]' must be a string, got 1"],
    ['seed', withSuite({ seed: 1.5 }), "'suite.seed' must be a safe integer, got 1.5"],
    ['limits', withSuite({ limits: { timeoutSec: '600', maxRows: {} } }), "'suite.limits.timeoutSec' must be a finite number, got '600'"],
    ['limits maxRows', withSuite({ limits: { timeoutSec: 600, maxRows: { knn: 1.5 } } }), "'suite.limits.maxRows.knn' must be an integer >= 0, got 1.5"],
    ['limits maxRows object', withSuite({ limits: { timeoutSec: 600, maxRows: [] } }), "'suite.limits.maxRows' must be an object, got []"],
    ['source', withSuite({ source: 1 }), "'suite.source' must be a string, got 1"],
    ['resamplingText', withSuite({ resamplingText: undefined }), "'suite.resamplingText' must be a string, got undefined"],
    ['suiteName', { ...info, suiteName: 1 }, "'suiteName' must be a string, got 1"],
    ['commandLine', { ...info, commandLine: null }, "'commandLine' must be a string, got null"],
    ['startedAt', { ...info, startedAt: 0 }, "'startedAt' must be a string, got 0"],
    ['finishedAt', { ...info, finishedAt: 0 }, "'finishedAt' must be a string, got 0"],
    ['seed', { ...info, seed: 0.5 }, "'seed' must be a safe integer, got 0.5"],
    ['primaryMetric', { ...info, primaryMetric: { classification: 'accuracy' } }, "'primaryMetric.regression' must be a string, got undefined"],
    ['primaryMetric classification', { ...info, primaryMetric: { classification: 1, regression: 'r2' } }, "'primaryMetric.classification' must be a string, got 1"],
    ['versions', { ...info, versions: { node: 20 } }, "'versions.node' must be a string, got 20"],
    ['machine platform', { ...info, machine: { ...info.machine, platform: 1 } }, "'machine.platform' must be a string, got 1"],
    ['machine arch', { ...info, machine: { ...info.machine, arch: null } }, "'machine.arch' must be a string, got null"],
    ['machine cpus', { ...info, machine: { ...info.machine, cpus: -2 } }, "'machine.cpus' must be an integer >= 0, got -2"],
    ['machine cpuModel', { ...info, machine: { ...info.machine, cpuModel: 1 } }, "'machine.cpuModel' must be a string, got 1"],
    ['machine memoryGiB', { ...info, machine: { ...info.machine, memoryGiB: 'lots' } }, "'machine.memoryGiB' must be a finite number, got 'lots'"],
    ['machine node', { ...info, machine: { ...info.machine, node: 20 } }, "'machine.node' must be a string, got 20"],
    ['datasets name', { ...info, datasets: [{ ...info.datasets[0], name: '' }] }, "'datasets[0].name' must be a non-empty string, got ''"],
    ['datasets task', { ...info, datasets: [{ ...info.datasets[0], task: 'x' }] }, "'datasets[0].task' must be one of 'classification', 'regression', got 'x'"],
    ['datasets features', { ...info, datasets: [{ ...info.datasets[0], features: -1 }] }, "'datasets[0].features' must be an integer >= 0, got -1"],
    ['datasets classes', { ...info, datasets: [{ ...info.datasets[0], classes: ['a', null] }] }, "'datasets[0].classes[1]' must be a string or a finite number, got null"],
    ['datasets source', { ...info, datasets: [{ ...info.datasets[0], source: 1 }] }, "'datasets[0].source' must be a string, got 1"],
    ['totalJobs', { ...info, totalJobs: '3' }, "'totalJobs' must be an integer >= 0, got '3'"],
    ['fingerprint', { ...info, fingerprint: 'x' }, "'fingerprint' must be an object, got 'x'"],
    ['fingerprint mlcompare', { ...info, fingerprint: { mlcompare: '', suite: 'a', splits: 'b', datasets: {} } }, "'fingerprint.mlcompare' must be a non-empty string, got ''"],
    ['fingerprint suite', { ...info, fingerprint: { mlcompare: '1', suite: 2, splits: 'b', datasets: {} } }, "'fingerprint.suite' must be a non-empty string, got 2"],
    ['fingerprint datasets', { ...info, fingerprint: { mlcompare: '1', suite: 'a', splits: 'b', datasets: [] } }, "'fingerprint.datasets' must be an object, got []"],
  ])('refuses %s', (_what, value, message) => {
    expect(runInfoProblem(value)).toBe(message);
  });

  it('keeps the JSON error as the cause, and names the file given', () => {
    let caught: unknown;
    try {
      parseRunInfo('{', 'x/run.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DataError);
    expect((caught as Error).message).toMatch(/^File 'x\/run\.json' must be valid JSON \(a run description written by 'mlcompare bench'\), but it is not \(.+\)\.$/);
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe('parseSplits, every rule', () => {
  const fold = { train: [0, 1], test: [2] };
  const problem = (v: unknown): string => {
    try {
      parseSplits(typeof v === 'string' ? v : JSON.stringify(v), 's.json');
    } catch (err) {
      expect(err).toBeInstanceOf(DataError);
      return (err as Error).message.replace(/^File 's\.json' is not a valid splits file: /, '').replace(/\. It was edited or written by another version of mlcompare\.$/, '');
    }
    return 'accepted';
  };

  it('accepts several data sets, repeats and folds, and empty ones', () => {
    const ok = { schema: 1, datasets: { a: { rows: 3, repeats: [[fold, { train: [2], test: [0, 1] }], [fold]] }, b: { rows: 0, repeats: [] }, c: { rows: 1, repeats: [[{ train: [], test: [0] }]] } } };
    expect(parseSplits(JSON.stringify(ok))).toEqual(ok);
    expect(problem({ schema: 1, datasets: {} })).toBe('accepted');
  });

  it.each([
    ['not an object', [], 'the top level must be an object, got []'],
    ['null', null, 'the top level must be an object, got null'],
    ['schema', { schema: 2, datasets: {} }, "'schema' must be 1 (the layout this version of mlcompare reads), got 2"],
    ['datasets', { schema: 1, datasets: [] }, "'datasets' must be an object, got []"],
    ['a data set', { schema: 1, datasets: { a: 3 } }, "datasets['a'] must be an object, got 3"],
    ['rows', { schema: 1, datasets: { a: { rows: -1, repeats: [] } } }, "datasets['a'].rows must be an integer >= 0, got -1"],
    ['rows missing', { schema: 1, datasets: { a: { repeats: [] } } }, "datasets['a'].rows must be an integer >= 0, got undefined"],
    ['repeats', { schema: 1, datasets: { a: { rows: 3, repeats: {} } } }, "datasets['a'].repeats must be an array, got {}"],
    ['a repeat', { schema: 1, datasets: { a: { rows: 3, repeats: [[fold], 'f'] } } }, "datasets['a'].repeats[1] must be an array of folds, got 'f'"],
    ['a fold', { schema: 1, datasets: { a: { rows: 3, repeats: [[fold, null]] } } }, "datasets['a'].repeats[0][1] must be an object, got null"],
    ['train', { schema: 1, datasets: { a: { rows: 3, repeats: [[{ train: 'x', test: [] }]] } } }, "datasets['a'].repeats[0][0] 'train' must be an array of row indices, got 'x'"],
    ['negative', { schema: 1, datasets: { a: { rows: 3, repeats: [[{ train: [0, -1], test: [] }]] } } }, "datasets['a'].repeats[0][0] 'train[1]' must be a row index in [0, 3), got -1"],
    ['fraction', { schema: 1, datasets: { a: { rows: 3, repeats: [[{ train: [0.5], test: [] }]] } } }, "datasets['a'].repeats[0][0] 'train[0]' must be a row index in [0, 3), got 0.5"],
    ['string', { schema: 1, datasets: { a: { rows: 3, repeats: [[{ train: ['1'], test: [] }]] } } }, "datasets['a'].repeats[0][0] 'train[0]' must be a row index in [0, 3), got '1'"],
    ['last row + 1', { schema: 1, datasets: { a: { rows: 3, repeats: [[fold], [{ train: [2], test: [3] }]] } } }, "datasets['a'].repeats[1][0] 'test[0]' must be a row index in [0, 3), got 3"],
    ['test missing', { schema: 1, datasets: { a: { rows: 3, repeats: [[{ train: [0] }]] } } }, "datasets['a'].repeats[0][0] 'test' must be an array of row indices, got undefined"],
  ])('refuses %s', (_what, value, message) => {
    expect(problem(value)).toBe(message);
  });

  it('keeps the JSON error as the cause', () => {
    let caught: unknown;
    try {
      parseSplits('[1,', 'x/splits.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DataError);
    expect((caught as Error).message).toMatch(/^File 'x\/splits\.json' must be valid JSON \(the splits written by 'mlcompare bench'\), but it is not \(.+\)\.$/);
    expect((caught as Error).cause).toBeInstanceOf(SyntaxError);
    expect(() => parseSplits('{}')).toThrow(/^File 'splits\.json' is not a valid splits file: 'schema' must be 1/);
  });
});
