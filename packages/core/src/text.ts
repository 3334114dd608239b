/**
 * Text from the data (CSV cells, column names, class labels, model labels, error messages) made
 * safe to show: on a terminal it must not move the cursor, retitle the window or clear the
 * screen, and a 10 MB label must not fill the screen or a summary file. Every package that prints
 * or writes such text for people uses these two functions.
 *
 * Written here rather than taken from `strip-ansi`: that package removes ANSI sequences only, and
 * a terminal also obeys bare C0/C1 codes (a C1 CSI `U+009B` starts a sequence like `ESC [`) and
 * shows bidirectional overrides (`U+202E`) reordered; core also has no runtime dependency.
 */

/**
 * ANSI/ECMA-48 escape sequences, removed whole so no payload is left behind:
 * - OSC, DCS, SOS, PM, APC strings (`ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _`, or their C1
 *   forms) up to BEL or ST (`ESC \` or `U+009C`), or to the end of the text when unterminated;
 * - CSI sequences (`ESC [` or `U+009B`, parameters, intermediates, a final byte);
 * - other escapes (`ESC` followed by intermediates and one final byte, e.g. `ESC c`, `ESC ( B`).
 */
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c|$)|(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|\u001b[ -/]*[0-~]?/g;

/** Line and paragraph breaks, tabs and other white-space controls: shown as one space each. */
// eslint-disable-next-line no-control-regex
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * Every other control character (C0, DEL, C1) and the invisible bidirectional formatting
 * characters (LRM, RLM, ALM, the embeddings, overrides and isolates), which can make a terminal
 * show text in another order than it is stored ("Trojan source").
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Removes what a terminal would obey rather than show: ANSI escape sequences whole (colours,
 * cursor moves, `ESC ] 0 ; title BEL`, screen clears), other C0/C1 control characters and the
 * bidirectional overrides; tabs and line breaks (`\n`, `\r`, U+2028, …) become spaces, so one
 * value stays on one line.
 *
 * @param text - Any string from the data.
 * @returns The text with nothing a terminal would act on.
 * @example
 * stripControl('\u001b]0;pwned\u0007\u001b[2Jiris'); // 'iris'
 * stripControl('a\tb\nc'); // 'a b c'
 */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(BREAKS, ' ').replace(CONTROL, '');
}

/**
 * Shortens text for display to at most `max` code points (a surrogate pair is never split),
 * ending with `…` when something was cut. It does not strip anything: combine with
 * {@link stripControl} for a terminal.
 *
 * @param text - The text.
 * @param max - Most code points to keep, the ellipsis included (at least 1).
 * @returns `text` itself when it fits, else its first `max - 1` code points and `…`.
 * @example
 * truncateText('abcdef', 4); // 'abc…'
 */
export function truncateText(text: string, max: number): string {
  const limit = Math.max(1, Math.floor(max));
  // Fewer UTF-16 units than the limit means fewer code points too.
  if (text.length <= limit) return text;
  let units = 0; // UTF-16 units of the first `limit - 1` code points
  let points = 0;
  for (let u = 0; u < text.length; points++) {
    if (points === limit - 1) units = u;
    if (points === limit) return text.slice(0, units) + '…';
    u += text.codePointAt(u)! > 0xffff ? 2 : 1;
  }
  return text;
}

/**
 * Text from the data as one safe line of at most `max` code points: {@link stripControl}, then
 * {@link truncateText}.
 *
 * @param text - Any string from the data.
 * @param max - Most code points to keep, the ellipsis included.
 * @returns One line a terminal shows as it is.
 * @example
 * displayText('\u001b[31m' + 'x'.repeat(100), 10); // 'xxxxxxxxx…'
 */
export function displayText(text: string, max: number): string {
  // Cut first (cheaply, with room for what stripping removes), so a 10 MB label is not scanned whole.
  let cut = max * 8 + 64;
  if (text.length <= cut) return truncateText(stripControl(text), max);
  // Never split a surrogate pair.
  if (/[\udc00-\udfff]/.test(text[cut]!)) cut--;
  const head = text.slice(0, cut) + '…';
  return truncateText(stripControl(head), max);
}
