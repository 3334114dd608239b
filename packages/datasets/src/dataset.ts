/**
 * The one shape every data source in mlcompare produces: bundled data sets, the user's CSV
 * files and generated data all become a {@link Dataset}.
 */
import type { Labels, Matrix, Task } from '@mlcompare/core';

/**
 * How a feature column is stored in `X`:
 * - `numeric`: the value itself;
 * - `categorical`: an integer code 0..k-1 into the column's `categories` (one-hot encoding happens
 *   later, inside the pipeline, after the split);
 * - `date`: days since 1970-01-01 UTC (fractional when the text had a time of day).
 * Missing values are NaN in every kind of column.
 */
export type FeatureType = 'numeric' | 'categorical' | 'date';

/** A data set ready for a run. */
export interface Dataset {
  /** Name shown in results: `iris`, the CSV file's base name, or `moons(nSamples=200,noise=0.2)`. */
  name: string;
  /** What the target is. */
  task: Task;
  /** Features, row-major, one row per sample; missing values are NaN. */
  X: Matrix;
  /**
   * Target: class labels for classification (strings stay strings, integer labels are numbers),
   * real numbers for regression.
   */
  y: Labels;
  /** Feature column names, exactly as written in the source. */
  featureNames: string[];
  /** Target column name. */
  targetName: string;
  /** Classes in sorted order (as core's `uniqueSorted`), for classification. */
  classes?: Labels;
  /** Kind of each feature column. */
  featureTypes: FeatureType[];
  /** For each feature column: the category names behind codes 0..k-1 (categorical), else null. */
  categories: (string[] | null)[];
  /** Where the data came from (a file path, "bundled: …", "generated: …"). */
  source: string;
  /**
   * SHA-256 (hex) of the bytes of the file the data set was read from (CSV files), so a run can
   * tell whether the file changed since; absent for data that was not read from a file.
   */
  contentHash?: string;
  /** Everything that was decided on the user's behalf (types inferred, columns dropped, …). */
  notes: string[];
  /** What loading found (present for CSV files and bundled data). */
  summary?: DataSummary;
}

/** One column in a {@link DataSummary}. */
export interface ColumnSummary {
  /** Column name as written. */
  name: string;
  /** What the column became. */
  role: 'feature' | 'target' | 'dropped';
  /** Inferred or requested type; `text` for identifier-like/free-text columns, `skipped` for columns dropped unread. */
  type: FeatureType | 'text' | 'skipped';
  /** Missing values among the kept rows. */
  missing: number;
  /** Distinct non-missing values (text, categorical and date columns, and a class-like target). */
  distinct?: number;
  /** Why a column was dropped (only when `role` is `dropped`). */
  reason?: string;
}

/** What loading found, for the summary printed before a run. */
export interface DataSummary {
  /** Data rows in the file (blank lines not counted). */
  rowsRead: number;
  /** Rows kept. */
  rowsKept: number;
  /** Rows dropped because the target was missing. */
  rowsDroppedMissingTarget: number;
  /** Every column of the file, in file order. */
  columns: ColumnSummary[];
  /** Delimiter used (`,`, `;` or a tab). */
  delimiter: string;
  /** Classification: each class and its count, in class order. */
  classBalance?: { label: string | number; count: number }[];
  /** Regression: the target's range and spread. */
  targetStats?: { mean: number; sd: number; min: number; max: number };
}
