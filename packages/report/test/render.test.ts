import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, loadRun, stripControl, renderCsv, renderHtml, renderMarkdown, renderTerminalSummary, summarize } from '../src/index.js';
import { FIXTURE_DIR, XSS } from './helpers.js';

const loaded = await loadRun(FIXTURE_DIR);
const summary = summarize(loaded.results, loaded.run, { warnings: loaded.warnings });

/** Splits a GFM table row on the pipes that are not backslash-escaped. */
function cells(line: string): string[] {
  return line.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

/** Minimal RFC 4180 reader, enough to check the shape. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  return rows;
}

describe('escaping', () => {
  it('escapes HTML special characters', () => {
    expect(escapeHtml(`${XSS} & "x" 'y'`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;');
    // no control characters (HTML forbids them; cat would hand them to the terminal) but tab and line breaks
    expect(escapeHtml('a\u001b]0;t\u0007b\u0000\u007f\u009bc\td\r\ne')).toBe('a]0;tbc\td\r\ne');
  });

  it('strips control characters (a bell, a backspace, C1 codes) and turns tabs and line breaks into spaces', () => {
    // U+0085 is NEL, a line break; U+009B is the C1 CSI, so `\u009be` is a whole sequence (CSI e).
    expect(stripControl('a\u0007b\bc\u0085d\u009bef')).toBe('abc df');
    expect(stripControl('a\tb\r\nc')).toBe('a b  c');
    expect(escapeMarkdown('x\u0007y')).toBe('xy');
  });

  it('escapes Markdown markup, pipes and line breaks but keeps words with underscores readable', () => {
    expect(escapeMarkdown(XSS)).toBe('\\<script\\>alert(1)\\</script\\>');
    expect(escapeMarkdown('a|b\nc')).toBe('a\\|b c');
    expect(escapeMarkdown('breast_cancer')).toBe('breast_cancer');
    expect(escapeMarkdown('_x_ *y*')).toBe('\\_x\\_ \\*y\\*');
    expect(escapeMarkdown('\u001b[31mred\u001b[0m')).toBe('red');
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(summary);

  it('never contains the raw script tag, and shows it escaped', () => {
    expect(md).not.toContain(XSS);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
  });

  it('keeps every table row at its header width even when data contains |', () => {
    const lines = md.split('\n');
    let width = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      if (width === 0) width = cells(line).length;
      else expect(cells(line).length, line).toBe(width);
    }
    expect(md).toContain('has a \\| in it');
  });

  it('writes n/a for metrics a model cannot give, not 0', () => {
    const svmRow = md.split('\n').find((l) => l.startsWith('| 1 | svm |'))!;
    expect(cells(svmRow).map((c) => c.trim())).toEqual(
      expect.arrayContaining(['n/a']),
    );
    expect(svmRow).not.toMatch(/\| 0\.000 \|/);
  });

  it('shows — rather than n/a for a model none of whose folds finished', () => {
    const moons = md.slice(md.indexOf('## moons'));
    const cartRow = cells(moons.split('\n').find((l) => /^\| – \| cart \|/.test(l))!).map((c) => c.trim());
    // metrics, fit and predict: accuracy … log loss (5) + 2 times, between Params and Backend
    expect(cartRow.slice(3, 10)).toEqual(Array(7).fill('—'));
    expect(cartRow).not.toContain('n/a');
  });

  it('has a leaderboard, the significance table and the environment', () => {
    expect(md).toContain('## iris');
    expect(md).toContain('| # | Model | Params | Accuracy | Balanced acc. | Macro-F1 | ROC AUC | Log loss | Fit | Predict | Backend | Status |');
    expect(md).toContain('Significance on Accuracy (corrected resampled t-test, α = 0.05)');
    expect(md).toContain('## Across datasets — classification');
    expect(md).toContain('mlcompare bench fixture --folds 3 --seed 7');
  });
});

describe('renderCsv', () => {
  const csv = renderCsv(loaded.results);
  const rows = parseCsv(csv);

  it('has one row per job and the same number of fields in every row', () => {
    expect(rows).toHaveLength(40);
    const head = rows[0]!;
    for (const r of rows) expect(r).toHaveLength(head.length);
    expect(head.slice(0, 12)).toEqual(['jobId', 'dataset', 'task', 'model', 'className', 'label', 'params', 'repeat', 'fold', 'seed', 'status', 'error']);
    expect(head).toEqual(expect.arrayContaining(['accuracy', 'balancedAccuracy', 'f1Macro', 'rocAuc', 'logLoss', 'r2', 'rmse', 'mae', 'fitMs', 'predictMs']));
  });

  it('leaves unavailable metrics empty and keeps error messages whole', () => {
    const head = rows[0]!;
    const svm = rows.find((r) => r[0] === 'iris/svm/r0/f0')!;
    expect(svm[head.indexOf('rocAuc')]).toBe('');
    expect(svm[head.indexOf('accuracy')]).toBe('0.98');
    const cart = rows.find((r) => r[0] === 'moons/cart/r0/f0')!;
    expect(cart[head.indexOf('status')]).toBe('error');
    expect(cart[head.indexOf('error')]).toBe(`FitError: class '${XSS}' has a | in it and the tree refused | to split`);
  });
});

describe('renderHtml', async () => {
  const warnings: string[] = [];
  const html = await renderHtml(summary, loaded.results, { chartWarnings: warnings });

  it('is self-contained: no script, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|<img|@import|src=/i);
    const urls = html.match(/https?:\/\/[^\s"')]+/g) ?? [];
    expect(urls.every((u) => u.startsWith('http://www.w3.org/'))).toBe(true);
  });

  it('shows the script-tag class name escaped', () => {
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('draws every chart without vega warnings, with unique ids', () => {
    expect(warnings).toEqual([]);
    // 1 CD diagram, 1 triangle plot, 3 × (score + time), 1 boundary row, 3 loss-curve charts.
    expect(html.match(/<svg /g)).toHaveLength(12);
    const ids = html.match(/ id="[^"]+"/g) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps one model order in the training curves of every dataset', () => {
    const curves = html.slice(html.indexOf('<section id="curves">'));
    const orders = curves
      .split('<figure')
      .slice(1)
      .map((fig) => ['logistic', 'mlp'].filter((l) => fig.includes(`>${l}</text>`)).sort((a, b) => fig.indexOf(`>${a}</text>`) - fig.indexOf(`>${b}</text>`)));
    const both = orders.filter((o) => o.length === 2);
    // iris and moons both have curves for logistic and mlp, ranked differently on their leaderboards
    expect(both).toHaveLength(2);
    expect(both[1]).toEqual(both[0]);
  });

  it('has n/a cells for metrics a model cannot give', () => {
    expect(html).toContain('<td class="num na" title="not available for this model">n/a</td>');
    expect(html).not.toMatch(/>0\.000</);
  });
});

describe('renderTerminalSummary', () => {
  it('prints an aligned table per dataset with the best marked', () => {
    const text = renderTerminalSummary(summary);
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.startsWith('iris'));
    expect(lines[start]).toBe('iris (classification, sorted by Accuracy, mean ± sd over folds, * = best)');
    expect(lines[start + 1]).toMatch(/^\s*# +model +Accuracy/);
    expect(lines[start + 3]).toMatch(/^\s*1 +svm +0\.967 ± 0\.019 \*/);
    expect(text).not.toContain('\u001b');
  });
});
