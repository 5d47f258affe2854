/**
 * End to end in a real browser: the built playground (web/dist) in headless Chromium. Loads the page,
 * trains and sees the loss fall and the drift plot update, opens a shared link and gets the same
 * configuration, falls back from a bad link with a visible notice, takes a screenshot, and exports a
 * run that `overparam report` renders.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parsePlaygroundRun } from '../../src/report/playgroundRun.js';
import { chromiumPath } from './browser.js';
import { serveStatic, type StaticServer } from './staticServer.js';

const DIST = join(process.cwd(), 'web', 'dist');
const OUT = join(process.cwd(), 'build', 'web-e2e');
const executable = chromiumPath();
const skip = executable === null ? 'no Chromium found (install the Debian package "chromium")' : !existsSync(join(DIST, 'index.html')) ? 'web/dist is not built (npm run build:web)' : false;

async function stepOf(page: Page): Promise<number> {
  return Number(await page.getAttribute('#status', 'data-step'));
}

/** Waits until a page expression (evaluated in the browser) is true. */
async function until(page: Page, expression: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(expression, undefined, { timeout });
}

const attr = (selector: string, name: string): string => `document.querySelector(${JSON.stringify(selector)})?.getAttribute(${JSON.stringify(name)})`;

async function singleStep(page: Page): Promise<void> {
  const s = await stepOf(page);
  await page.click('#step');
  await until(page, `Number(${attr('#status', 'data-step')}) === ${s + 1}`, 30_000);
}

describe('playground in headless Chromium', { skip }, () => {
  let server: StaticServer;
  let browser: Browser;
  const errors: string[] = [];

  before(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    server = await serveStatic(DIST);
    browser = await chromium.launch({ executablePath: executable ?? undefined, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1300 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}${query}`);
    await page.waitForSelector('#run:not([disabled])', { timeout: 60_000 });
    return page;
  }

  it('trains: the loss falls and the drift plot gets points, without page errors', async () => {
    const page = await open();
    assert.equal(await page.isVisible('#notice'), false);
    const loss0 = Number(await page.getAttribute('#status', 'data-loss'));
    assert.ok(loss0 > 0);
    await page.click('#run');
    await until(page, `Number(${attr('#status', 'data-step')}) >= 30`);
    await until(page, `Number(${attr('#drift-chart', 'data-points')}) >= 1`);
    // The default configuration's λ_min(G(t)) is finite at every snapshot, so its chart is drawn and no note shows.
    await until(page, `Number(${attr('#lambda-chart', 'data-points')}) >= 2`);
    assert.equal(await page.textContent('#lambda-note'), '');
    await page.click('#run'); // pause
    await until(page, `${attr('#status', 'data-running')} === 'false'`);
    const loss = Number(await page.getAttribute('#status', 'data-loss'));
    assert.ok(loss < 0.8 * loss0, `loss ${loss} after ${await stepOf(page)} steps vs ${loss0} at step 0`);
    // A single step while paused advances by exactly one.
    await singleStep(page);
    const png = await page.screenshot({ path: join(OUT, 'playground.png'), fullPage: true });
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length > 20_000, `screenshot of ${png.length} bytes`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a shared link opens the same configuration', async () => {
    const query = '?preset=zou2018&width=128&depth=3&act=relu&data=xor&n=32&lr=0.3&seed=5';
    const page = await open(query);
    assert.equal(await page.inputValue('#preset'), 'zou2018');
    assert.equal(await page.textContent('#width-value'), '128');
    assert.equal(await page.inputValue('#depth'), '3');
    assert.equal(await page.inputValue('#data'), 'xor');
    assert.equal(await page.inputValue('#n'), '32');
    assert.equal(await page.inputValue('#seed'), '5');
    assert.equal(new URL(page.url()).search, query);
    assert.equal(await page.isVisible('#notice'), false);
    // Trainable: W1 (4 × 128: the 2-D point lifted onto the sphere, μ appended) and two 128 × 128 layers;
    // zou2018 has no biases and a frozen output layer.
    assert.match((await page.textContent('#status')) ?? '', new RegExp(`${4 * 128 + 2 * 128 * 128} parameters`));
    await page.close();
  });

  it('a bad link falls back to the defaults with a visible notice', async () => {
    const page = await open('?preset=nope&width=99999');
    assert.equal(await page.isVisible('#notice'), true);
    const text = (await page.textContent('#notice')) ?? '';
    assert.match(text, /nope/);
    assert.match(text, /99999/);
    assert.equal(await page.inputValue('#preset'), 'du2019-fc');
    assert.equal(await page.textContent('#width-value'), '512');
    await page.close();
  });

  it('exports a run that overparam report renders', async () => {
    const page = await open('?preset=du2019-fc&width=64&n=16');
    for (let k = 0; k < 3; k++) await singleStep(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const file = join(OUT, 'run.json');
    await download.saveAs(file);
    const run = parsePlaygroundRun(JSON.parse(readFileSync(file, 'utf8')), file);
    assert.equal(run.config['width'], 64);
    assert.deepEqual(run.steps.map((r) => r.step), [0, 1, 2, 3]);
    assert.ok(run.steps[3].loss < run.steps[0].loss);
    const out = execFileSync(process.execPath, ['dist/cli/main.js', 'report', file, '-o', OUT], { encoding: 'utf8' });
    assert.match(out, /playground run/);
    const html = readFileSync(join(OUT, 'report', 'index.html'), 'utf8');
    assert.ok((html.match(/<svg/g) ?? []).length >= 3, 'expected the loss, drift and λ_min plots');
    await page.close();
  });
});
