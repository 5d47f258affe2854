/**
 * The offline reports opened in headless Chromium (issue 13, Security): a report rendered from hostile
 * results — script and markup in every field, plots whose specs name a local file and a URL — runs no
 * script, opens no dialog and makes no request when opened from disk; and the page's CSP alone blocks
 * script and requests (checked on a page with markup injected past the escaping, as a regression would).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ClaimResult } from '../../src/experiments/claims/claim.js';
import { linePlot } from '../../src/plots/charts.js';
import { aggregateClaim, type SeededClaimResult } from '../../src/experiments/seedVerdicts.js';
import { renderReport } from '../../src/report/html.js';
import { parsePlaygroundRun, renderPlaygroundReport } from '../../src/report/playgroundRun.js';
import { vegaLiteToSvg } from '../../src/report/vegaSvg.js';
import { chromiumPath } from './browser.js';

const executable = chromiumPath();
const skip = executable === null ? 'no Chromium found (install the Debian package "chromium")' : false;

describe('hostile reports in headless Chromium', { skip }, () => {
  let browser: Browser;
  let server: Server;
  let base = '';
  const hits: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'overparam-report-e2e-'));

  before(async () => {
    // A server the hostile inputs point at: any hit on it is a request that left the page.
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('a,b\n1,2\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const a = server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    browser = await chromium.launch({ executablePath: executable ?? undefined, args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a file and collects what it did: requests beyond the page itself, console lines, dialogs, errors. */
  async function open(file: string): Promise<{ page: Page; requests: string[]; events: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    const events: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('request', (r) => (r.url() === url ? undefined : requests.push(r.url())));
    page.on('console', (m) => (m.type() === 'error' && /Content Security Policy/.test(m.text()) ? undefined : events.push(`console ${m.type()}: ${m.text()}`)));
    page.on('dialog', (d) => {
      events.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => events.push(`pageerror: ${e.message}`));
    await page.goto(url);
    await page.waitForTimeout(500);
    return { page, requests, events };
  }

  const evil = (tag: string): string =>
    `<script>alert('${tag}')</script><img src="${base}/img-${tag}" onerror="alert('${tag}')">"><svg onload="alert('${tag}')"><a href="javascript:alert('${tag}')">x</a>`;

  it('a report from hostile results runs no script and makes no request', async () => {
    const claim = (seed: number): ClaimResult => ({
      id: `du2019.${evil('id')}`, paper: 'du2019', theorem: evil('theorem'), prediction: evil('prediction'), experiment: evil('experiment'), falsifier: evil('falsifier'), statistic: evil('statistic'),
      negativeControl: false, scale: 'quick', verdict: evil('verdict') as 'holds', value: 1, reason: evil('reason'), measured: evil('measured'), seconds: 1,
      data: [{ x: 1, y: 2, s: evil('data') }, { x: 2, y: 3, s: 'b' }],
      plot: seed === 0 ? linePlot({ x: 'x', y: 'y', xTitle: evil('xTitle'), yTitle: 'y', series: 's', title: evil('title') }) : { layer: [{ data: { url: `${base}/data-url` }, mark: 'point' }, { mark: { type: 'image' }, encoding: { url: { field: 'x', type: 'nominal' } } }] },
    });
    const results: SeededClaimResult[] = [0, 1].map((seed) => aggregateClaim([{ seed, result: claim(seed) }]));
    const page = await renderReport(results, { generated: evil('generated'), scale: evil('scale'), seeds: [evil('seed') as unknown as number], command: evil('command'), machine: evil('machine') }, (spec) => vegaLiteToSvg(spec));
    const file = join(dir, 'report.html');
    writeFileSync(file, page);
    const { page: p, requests, events } = await open(file);
    assert.deepEqual(requests, []);
    assert.deepEqual(events, []);
    assert.deepEqual(hits, []);
    assert.equal(await p.evaluate("document.querySelectorAll('script, img, iframe, object, embed, image, foreignObject, [onerror], [onload]').length"), 0);
    assert.equal(await p.evaluate("document.querySelectorAll('.plot svg').length"), 1, 'the project-built plot is drawn');
    assert.match(String(await p.evaluate('document.body.innerText')), /plot could not be rendered: plot spec layer\[0\]\.data\.url is not allowed/);
    await p.close();
  });

  it('a playground report from a hostile export runs no script and makes no request', async () => {
    const run = parsePlaygroundRun({
      format: 'overparam-playground/1', generated: evil('generated'), link: evil('link'), network: evil('network'), parameters: 1, eta: 1, stopped: evil('stopped'), config: { [evil('key')]: evil('value') },
      steps: [{ step: 0, loss: 1, movement: 0 }, { step: 1, loss: 0.5, movement: 0.1 }], kernel: [{ step: 1, drift: 0.1, lambdaMin: 1, trainingError: null }],
      comparison: { steps: 3, slope: null, slopeStdError: null, runs: [{ width: 4, finalDrift: 1, finalMovement: 1, finalLoss: 1, stopped: evil('run'), curve: [] }] },
    }, 'run.json');
    const file = join(dir, 'playground.html');
    writeFileSync(file, await renderPlaygroundReport(run, (spec) => vegaLiteToSvg(spec)));
    const { page, requests, events } = await open(file);
    assert.deepEqual(requests, []);
    assert.deepEqual(events, []);
    assert.deepEqual(hits, []);
    await page.close();
  });

  it("the report's CSP alone blocks script and requests (markup injected past the escaping)", async () => {
    const run = parsePlaygroundRun({ format: 'overparam-playground/1', generated: 'g', link: 'l', network: 'n', parameters: 1, eta: 1, stopped: null, config: {}, steps: [], kernel: [] }, 'run.json');
    const injected = (await renderPlaygroundReport(run)).replace('<h1>', `${evil('csp')}<link rel="stylesheet" href="${base}/css"><h1>`);
    const file = join(dir, 'injected.html');
    writeFileSync(file, injected);
    const { requests, events, page } = await open(file);
    // Chromium may report a blocked request as an event but must not send it; no script or dialog runs.
    assert.deepEqual(hits, [], `requests reached the server: ${hits.join(', ')}`);
    assert.deepEqual(events.filter((e) => !e.startsWith('console error')), [], events.join('\n'));
    assert.ok(requests.every((u) => u.startsWith(base)), requests.join(', '));
    await page.close();
    assert.match(readFileSync(file, 'utf8'), /Content-Security-Policy/);
  });
});
