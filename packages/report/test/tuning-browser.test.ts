/**
 * Opens the report of a tuned run (the hand-made run of tuning-fixture.ts) in headless Chromium
 * (Debian's /usr/bin/chromium through playwright-core, as browser.test.ts) and checks what a reader
 * sees of the tuning section. Saves a screenshot of it to test/output/tuning.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../src/index.js';
import { writeTunedRun } from './tuning-fixture.js';

const CHROMIUM = process.env.MLCOMPARE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));

describe('the tuning section of report.html in headless Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`The browser test needs Chromium at ${CHROMIUM} ('sudo apt-get install -y chromium', or set MLCOMPARE_CHROMIUM).`);
    const dir = writeTunedRun();
    await writeReports(dir);
    userDataDir = mkdtempSync(join(tmpdir(), 'mlcompare-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      viewport: { width: 1300, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('loads with no console error and the tuning section in the navigation', async () => {
    expect(consoleErrors).toEqual([]);
    await page.locator('nav a[href="#tuning"]').click();
    expect(await page.locator('#tuning h2').innerText()).toContain('nested cross-validation');
  });

  it('shows one comparison row per dataset × tuned model, with the interval', async () => {
    const rows = await page.locator('table.tuning tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('knn (tuned)');
    expect(rows[0]).toContain('[+0.017, +0.079]');
  });

  it('draws the anytime charts with a non-zero size, two panels each', async () => {
    const sizes = await page.$$eval('figure.anytime > svg', (svgs) =>
      svgs.map((s) => ({ w: s.getBoundingClientRect().width, h: s.getBoundingClientRect().height, paths: s.querySelectorAll('path').length })),
    );
    expect(sizes).toHaveLength(2);
    for (const s of sizes) {
      expect(s.w).toBeGreaterThan(400);
      expect(s.h).toBeGreaterThan(150);
      expect(s.paths).toBeGreaterThan(4);
    }
  });

  it('opens the chosen parameters of a model on click, one row per outer fold', async () => {
    const details = page.locator('details.chosen[data-label="knn (tuned)"]');
    expect(await details.locator('table.chosen').isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await details.locator('table.chosen tbody tr').count()).toBe(5);
    expect(await details.locator('summary').innerText()).toContain('nNeighbors = 15 on 3 of 5 folds (3 values)');
  });

  it('saves a screenshot of the section', async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const path = join(OUTPUT, 'tuning.png');
    await page.locator('#tuning').screenshot({ path });
    expect(existsSync(path)).toBe(true);
  });
});
