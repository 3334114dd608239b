/**
 * Names from the data (model labels, dataset names, class labels, failure messages) as the
 * summary and the reports show them: a 10 MB label is shortened once, here, so `summary.json`,
 * the page, the Markdown and the terminal stay readable. `results.jsonl` keeps every name whole.
 */
import { createHash } from 'node:crypto';
import { truncateText } from '@mlcompare/core';

/** Names longer than this many code points are shortened in the summary and the reports. */
export const MAX_NAME_LENGTH = 120;

/** Failure messages longer than this many code points are shortened in the summary. */
const MAX_MESSAGE_LENGTH = 2000;

/**
 * A name as the summary holds it: the name itself when it has at most 120 (`MAX_NAME_LENGTH`)
 * code points, else its beginning, `…`, its length and a short hash of the whole name, so two long
 * names that share their beginning stay two names (labels are keys in the summary).
 *
 * @param name - A label, dataset name or class label.
 * @returns The name, or `beginning… [10485760 characters, #1a2b3c4d]`.
 * @example
 * shortName('x'.repeat(200)); // 'xxx…x… [200 characters, #…]'
 */
export function shortName(name: string): string {
  if (name.length <= MAX_NAME_LENGTH) return name;
  let short = shortened.get(name);
  if (short === undefined) {
    const head = truncateText(name, MAX_NAME_LENGTH - 30);
    short = head === name ? name : `${head} [${name.length} characters, #${createHash('sha256').update(name).digest('hex').slice(0, 8)}]`;
    if (shortened.size >= 10_000) shortened.clear();
    shortened.set(name, short);
  }
  return short;
}

/** Long names already shortened (each job repeats its label): hashing 10 MB once is enough. */
const shortened = new Map<string, string>();

/**
 * A failure message as the summary holds it: cut to {@link MAX_MESSAGE_LENGTH} code points with
 * `…` and the full length.
 *
 * @param message - The runner's error message.
 * @returns The message, or its beginning and `… [N characters]`.
 */
export function shortMessage(message: string): string {
  const head = truncateText(message, MAX_MESSAGE_LENGTH);
  return head === message ? message : `${head} [${message.length} characters]`;
}
