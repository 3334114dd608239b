/**
 * Escaping for every output format. Everything that comes from the data (dataset names, model
 * labels, class labels, error messages) passes through one of these before it reaches a file or
 * the terminal. (CSV cells are quoted and formula-escaped by `csvField` in `csv.ts`.) What a
 * terminal would obey is removed by core's `stripControl`, shared with the data summary.
 */
import { stripControl } from '@mlcompare/core';

export { stripControl };

/**
 * Escapes text for HTML element content and attribute values. Control characters other than tab
 * and line breaks are removed: HTML does not allow them, and `cat report.html` would hand them to
 * the terminal.
 *
 * @param text - Any string from the data.
 * @returns The text with `& < > " '` replaced by entities and no control characters but tab, LF and CR.
 * @example
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escapes text for GitHub-flavoured Markdown inline content, including table cells: backslash
 * escapes (which CommonMark turns back into the literal character, so a terminal reader still sees
 * nearly the original) for the characters that would start markup or HTML, `|` so a cell cannot
 * split a table row, and line breaks turned into spaces. `_` and `*` between two letters or digits
 * are left alone (they cannot start emphasis there), so `breast_cancer` stays readable.
 *
 * @param text - Any string from the data.
 * @returns Text safe to place in a Markdown paragraph or table cell.
 * @example
 * escapeMarkdown('<script>alert(1)</script>'); // '\\<script\\>alert(1)\\</script\\>'
 */
export function escapeMarkdown(text: string): string {
  // stripControl also turns tabs and line breaks into spaces, so a cell stays on its row.
  const flat = stripControl(text);
  let out = '';
  for (let i = 0; i < flat.length; i++) {
    const c = flat[i]!;
    if (c === '_' || c === '*') {
      const before = flat[i - 1] ?? '';
      const after = flat[i + 1] ?? '';
      out += /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? c : '\\' + c;
    } else if ('\\`[]<>|&~#!'.includes(c)) {
      out += '\\' + c;
    } else {
      out += c;
    }
  }
  return out;
}
