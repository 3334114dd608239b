/**
 * Opens report.html in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
 * and checks what a reader sees. Saves a screenshot to test/output/report.png.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../src/index.js';
import { copyFixture, XSS } from './helpers.js';

const CHROMIUM = process.env.MLCOMPARE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));

/** Opens Chromium on one page, collecting console errors and requests. */
async function openPage(file: string, consoleErrors: string[], requests: string[]): Promise<{ context: BrowserContext; page: Page; userDataDir: string }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser test needs Chromium at ${CHROMIUM}, but it is missing. Install it with 'sudo apt-get install -y chromium' ` +
        `(the project's test set-up does this), or point MLCOMPARE_CHROMIUM at a Chromium binary. Playwright's own download does not work here.`,
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'mlcompare-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    viewport: { width: 1300, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { context, page, userDataDir };
}

describe('report.html in headless Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    const dir = copyFixture();
    await writeReports(dir);
    ({ context, page, userDataDir } = await openPage(join(dir, 'report.html'), consoleErrors, requests));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads with no console errors and requests nothing but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });

  it('draws every chart with a non-zero size', async () => {
    const sizes = await page.$$eval('figure.chart > svg', (svgs) => svgs.map((s) => {
      const r = s.getBoundingClientRect();
      return { w: r.width, h: r.height, marks: s.querySelectorAll('path, line, rect, text').length };
    }));
    expect(sizes).toHaveLength(12);
    for (const s of sizes) {
      expect(s.w).toBeGreaterThan(50);
      expect(s.h).toBeGreaterThan(50);
      expect(s.marks).toBeGreaterThan(10);
    }
    expect(await page.locator('figure.boundary svg').count()).toBe(1);
    expect(await page.locator('figure.cd svg').count()).toBe(1);
    expect(await page.locator('figure.simplex svg').count()).toBe(1);
  });

  it('has the overview, the leaderboards and the rank table', async () => {
    expect(await page.locator('table.overview tbody tr').count()).toBe(7);
    expect(await page.locator('table.leaderboard').count()).toBe(3);
    expect(await page.locator('table.leaderboard[data-dataset="iris"] tbody tr').count()).toBe(5);
    expect(await page.locator('table.ranks tbody tr').count()).toBe(4);
    expect(await page.locator('table.leaderboard[data-dataset="iris"] td.na').first().innerText()).toBe('n/a');
  });

  it('shows the script-tag class name as text and never runs it', async () => {
    expect(await page.locator('script').count()).toBe(0);
    const text = await page.locator('#boundaries, ul.failures').allInnerTexts();
    expect(text.join('\n')).toContain(XSS);
    const svgText = await page.locator('figure.boundary svg').textContent();
    expect(svgText).toContain(`P(b|ar)`);
  });

  it('saves a screenshot', async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const path = join(OUTPUT, 'report.png');
    const png = await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
    // PNG header: width and height (big-endian) at bytes 16 and 20; the full page is the viewport
    // wide and much taller than one screen.
    expect(png.readUInt32BE(16)).toBe(1300);
    expect(png.readUInt32BE(20)).toBeGreaterThan(2 * 900);
  });
});

/** Names that are code in vega expressions, vega-lite fields, HTML or a terminal (issue 11). */
const HOSTILE = `\\ "q" 'a' new\nline .x[0] \u001b]0;pwned\u0007\u001b[2J ${XSS}`;

describe('a report of hostile names in headless Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    // The fixture run with every label, dataset name, feature name and class label made hostile.
    const dir = copyFixture();
    const path = join(dir, 'results.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const hostile = lines.flatMap((line) => {
      try {
        const j = JSON.parse(line) as Record<string, unknown> & { boundary?: Record<string, unknown> };
        j.label = `${String(j.label)} ${HOSTILE}`;
        j.dataset = `${String(j.dataset)} ${HOSTILE}`;
        j.jobId = `${String(j.jobId)} ${HOSTILE}`;
        if (j.boundary) j.boundary = { ...j.boundary, features: [`f1 ${HOSTILE}`, `f2 ${HOSTILE}`], classes: ['c0', `c1 ${HOSTILE}`] };
        return [JSON.stringify(j)];
      } catch {
        return []; // the fixture's torn last line
      }
    });
    writeFileSync(path, hostile.join('\n') + '\n');
    rmSync(join(dir, 'run.json'));
    await writeReports(dir);
    ({ context, page, userDataDir } = await openPage(join(dir, 'report.html'), consoleErrors, requests));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads with no console errors, no script and no request', async () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('.chart-missing').count()).toBe(0);
  });

  it('draws every chart the plain fixture has, with the names as text', async () => {
    expect(await page.locator('figure.chart > svg').count()).toBe(12);
    const svgText = (await page.locator('figure.boundary svg').textContent()) ?? '';
    expect(svgText).toContain('f1 \\ "q" \'a\' new line .x[0]');
    const board = await page.locator('table.leaderboard').first().innerText();
    expect(board).toContain(`${XSS}`);
    expect(board).toContain('.x[0]');
  });
});
