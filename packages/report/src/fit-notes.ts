/**
 * What the report says about how the models were trained, besides their scores: training that
 * stopped at its iteration limit (one warning per model and dataset, with the option that raises
 * the limit, as scikit-learn's ConvergenceWarning), the regression targets standardised inside
 * each fold (`scaleTarget`), and the data summary of a user's file. The summary computes them
 * once; the Markdown, HTML and terminal renderers only print them.
 */
import { raisedLimitItem, type JobResult, type RecordedDataSummary, type RunInfo } from '@mlcompare/core';
import { escapeHtml, escapeMarkdown } from './escape.js';
import { shortName } from './names.js';
import type { RunSummary, TargetScaling } from './types.js';

/**
 * One warning per (dataset, model) whose training stopped at its iteration limit on some folds:
 * `mlp stopped at maxIter=200 before converging on diabetes in 5/5 folds; try mlp:maxIter=1000`.
 * The suggested item keeps the model's other parameters and runs as printed with `--models` or in
 * a suite's `models`. Inner trial lines of a tuned model are not counted.
 * @param results - the run's jobs.
 * @returns the warnings, in the order the jobs first appear.
 */
export function convergenceWarnings(results: readonly JobResult[]): string[] {
  const groups = new Map<string, { first: JobResult; ok: number; stopped: JobResult[] }>();
  for (const r of results) {
    if (r.status !== 'ok' || r.inner) continue;
    const key = `${r.dataset}\u0000${r.label}`;
    let g = groups.get(key);
    if (!g) {
      g = { first: r, ok: 0, stopped: [] };
      groups.set(key, g);
    }
    g.ok++;
    if (r.convergence && !r.convergence.converged) g.stopped.push(r);
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    if (g.stopped.length === 0) continue;
    const c = g.stopped[0]!.convergence!;
    const limits = [...new Set(g.stopped.map((r) => r.convergence!.limit))];
    const at = c.param === undefined ? `its iteration limit (${limits.join(', ')})` : `${c.param}=${limits.join(', ')}`;
    // A tuned model's folds may differ in their parameters: suggest from the largest limit reached.
    const worst = g.stopped.reduce((a, b) => (b.convergence!.limit > a.convergence!.limit ? b : a));
    const item = raisedLimitItem(g.first.model, worst.params, worst.convergence!);
    const remedy = item === undefined ? '' : `; try ${item}`;
    out.push(`${shortName(g.first.label)} stopped at ${at} before converging on ${shortName(g.first.dataset)} in ${g.stopped.length}/${g.ok} folds${remedy}`);
  }
  return out;
}

/**
 * Which models had their regression target standardised, per dataset, and the suite's setting.
 * @param results - the run's jobs.
 * @param run - `run.json`, or null.
 * @returns the structured record for `summary.json`.
 */
export function targetScaling(results: readonly JobResult[], run: RunInfo | null): TargetScaling {
  const byDataset = new Map<string, Set<string>>();
  for (const r of results) {
    if (r.inner || r.task !== 'regression' || r.scaledTarget !== true) continue;
    const name = shortName(r.dataset);
    const set = byDataset.get(name) ?? new Set<string>();
    set.add(shortName(r.label));
    byDataset.set(name, set);
  }
  return {
    setting: run?.suite.scaleTarget ?? null,
    scaled: [...byDataset].map(([dataset, labels]) => ({ dataset, labels: [...labels] })),
  };
}

/**
 * The sentence a report prints about target scaling, or null when the run has no regression
 * dataset (nothing to say).
 * @param t - the record from {@link targetScaling}.
 * @param hasRegression - whether the run has a regression dataset.
 * @returns the sentence or null.
 */
export function targetScalingText(t: TargetScaling | undefined, hasRegression: boolean): string | null {
  if (!t || !hasRegression) return null;
  const setting = t.setting === null ? 'not recorded' : JSON.stringify(t.setting);
  if (t.scaled.length === 0) {
    return `Regression targets were used as they are (scaleTarget ${setting}), as scikit-learn does without TransformedTargetRegressor.`;
  }
  const where = t.scaled.map((s) => `${s.labels.join(', ')} on ${s.dataset}`).join('; ');
  return (
    `Regression targets were standardised inside each fold (mean and standard deviation of the training rows; predictions mapped back, so scores are in the target's units), ` +
    `as scikit-learn's TransformedTargetRegressor with a StandardScaler does, for ${where} (scaleTarget ${setting}; "scaleTarget": false in the suite gives scikit-learn's plain behaviour).`
  );
}

/** A user's file as the report shows it: its dataset name and what loading it decided. */
interface DataSection {
  /** The dataset's name (shortened as everywhere in the summary). */
  name: string;
  /** Where it came from (the file). */
  source: string;
  /** What loading decided. */
  summary: RecordedDataSummary;
}

/**
 * The datasets of a run that came from a user's file (their `run.json` entry carries a summary).
 * @param run - `run.json`, or null.
 * @returns one section per such dataset, in run order.
 */
function dataSections(run: Pick<RunInfo, 'datasets'> | null): DataSection[] {
  return (run?.datasets ?? []).flatMap((d) => (d.summary ? [{ name: shortName(d.name), source: d.source, summary: d.summary }] : []));
}

/**
 * What a report is titled by when every dataset of the run is a user's file: their names (the
 * suite of such a run is the command line's `default`, which says nothing); null otherwise, and the
 * report keeps the suite's name.
 * @param summary - the run's summary (its datasets and `environment`, run.json's record).
 * @returns `houses` (or `a, b`), or null.
 */
export function dataTitle(summary: Pick<RunSummary, 'datasets' | 'environment'>): string | null {
  const data = dataSections(summary.environment);
  return data.length > 0 && data.length === summary.datasets.length ? data.map((d) => d.name).join(', ') : null;
}

/**
 * The data section of one dataset in Markdown (empty for a dataset that is not a user's file).
 * @param summary - the run's summary.
 * @param dataset - the dataset's name as the summary shows it.
 * @returns Markdown lines (escaped), or none.
 */
export function dataMarkdown(summary: Pick<RunSummary, 'environment'>, dataset: string): string[] {
  const d = dataSections(summary.environment).find((x) => x.name === dataset);
  if (!d) return [];
  const { facts, columns, notes } = dataSectionLines(d);
  const md = escapeMarkdown;
  return [
    `**Data.** ${md(facts)}`,
    '',
    '| Column | Type | Note |',
    '| --- | --- | --- |',
    ...columns.map((c) => `| ${c.map(md).join(' | ')} |`),
    '',
    ...notes.map((n) => `- ${md(n)}`),
    ...(notes.length > 0 ? [''] : []),
  ];
}

/**
 * The data section of one dataset in HTML (empty for a dataset that is not a user's file).
 * @param summary - the run's summary.
 * @param dataset - the dataset's name as the summary shows it.
 * @returns an HTML fragment (escaped), or ''.
 */
export function dataHtml(summary: Pick<RunSummary, 'environment'>, dataset: string): string {
  const d = dataSections(summary.environment).find((x) => x.name === dataset);
  if (!d) return '';
  const { facts, columns, notes } = dataSectionLines(d);
  const h = escapeHtml;
  const rows = columns.map((c) => `<tr>${c.map((x) => `<td>${h(x)}</td>`).join('')}</tr>`).join('');
  return (
    `<details class="data"><summary><b>Data</b>: ${h(facts)}</summary>` +
    `<div class="tablewrap"><table><thead><tr><th>Column</th><th>Type</th><th>Note</th></tr></thead><tbody>${rows}</tbody></table></div>` +
    (notes.length > 0 ? `<ul>${notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : '') +
    `</details>`
  );
}

/**
 * The notes a report prints under its title: the warnings (loading problems, training that did not
 * converge) and the target-scaling sentence.
 * @param summary - the run's summary.
 * @returns the sentences, warnings first.
 */
export function runNotes(summary: Pick<RunSummary, 'warnings' | 'targetScaling' | 'datasets'>): { warnings: string[]; scaling: string | null } {
  return { warnings: summary.warnings, scaling: targetScalingText(summary.targetScaling, summary.datasets.some((d) => d.task === 'regression')) };
}

/**
 * The loading facts of a user's file: rows, columns by role and type, missing values, notes.
 * @param d - a {@link DataSection}.
 * @returns one sentence of facts, a row per column (name, type, note) and the loader's notes.
 */
function dataSectionLines(d: DataSection): { facts: string; columns: Array<[string, string, string]>; notes: string[] } {
  const s = d.summary;
  const dropped = s.rowsDroppedMissingTarget;
  const facts =
    `From ${d.source}: ${s.rowsRead} rows read, ${s.rowsKept} kept` +
    (dropped > 0 ? ` (${dropped} dropped: target missing)` : '') +
    `; ${s.columns.filter((c) => c.role === 'feature').length} feature columns, ${s.columns.filter((c) => c.role === 'dropped').length} dropped.`;
  const columns = s.columns.map((c): [string, string, string] => {
    // A header cell left empty (a pandas row index) would be a blank cell: name it.
    const name = c.name === '' ? '(no name)' : c.name;
    if (c.role === 'dropped') return [name, 'dropped', c.reason ?? ''];
    if (c.role === 'target') return [name, `target (${c.type})`, ''];
    const kind = c.type === 'categorical' && c.distinct !== undefined ? `categorical, ${c.distinct} categories (one-hot encoded)` : c.type;
    const missing =
      c.missing === 0
        ? ''
        : c.type === 'categorical'
          ? `${c.missing} missing: an all-zero one-hot block`
          : `${c.missing} missing: imputed with the training mean inside each fold for models that take no missing values`;
    return [name, kind, missing];
  });
  return { facts, columns, notes: s.notes };
}
