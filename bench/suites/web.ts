/**
 * Playground benchmark (issue "Browser playground"): GD steps per second of the built playground in
 * headless Chromium at n = 64, width 512, depth 2 (du2019 FC, softplus, on two moons; the page's defaults
 * but for n and the activation, kept at the sizes the figures were first measured at) with the
 * live plots and kernel snapshots running — against the same session's bare steps in Node on the
 * portable backend (the same TypeScript kernels) and on the native one, measured in the same run.
 * Target: ≥ 50 steps/s in the browser (the portable backend's WebAssembly GEMM on Web Workers where the page
 * is cross-origin isolated, as the bench's server makes it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { tryNativeBackend, useBackend } from '../../src/linalg/registry.js';
import { configToQuery, DEFAULT_CONFIG, type PlaygroundConfig } from '../../web/src/config.js';
import { buildProblem } from '../../web/src/engine/problem.js';
import { Session } from '../../web/src/engine/session.js';
import { chromiumPath } from '../../test/web/browser.js';
import { serveStatic } from '../../test/web/staticServer.js';

/** The benchmark's configuration: n = 64 (the page's default is 16) and softplus (du2019's own). */
const BENCH_CONFIG: PlaygroundConfig = { ...DEFAULT_CONFIG, n: 64, activation: 'softplus' };

function nodeStepsPerSecond(seconds: number): number {
  const s = new Session(buildProblem(BENCH_CONFIG), { infiniteWidth: false });
  for (let k = 0; k < 3; k++) s.advance(); // warm-up
  const t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) {
    s.advance();
    steps++;
  }
  return (steps * 1000) / (performance.now() - t0);
}

interface BrowserFigure {
  stepsPerSecond: number;
  snapshotsPerSecond: number;
  /** window.crossOriginIsolated: the training worker's GEMM then runs on Web Workers too. */
  crossOriginIsolated: boolean;
}

async function browserStepsPerSecond(executable: string, seconds: number, isolated: boolean): Promise<BrowserFigure> {
  const server = await serveStatic(join(process.cwd(), 'web', 'dist'), { isolated });
  const browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    await page.goto(`${server.url}${configToQuery(BENCH_CONFIG)}`);
    await page.waitForSelector('#run:not([disabled])', { timeout: 60_000 });
    await page.click('#run');
    await page.waitForTimeout(2000); // warm-up
    const read = async (): Promise<{ t: number; step: number; snaps: number }> => ({
      t: performance.now(),
      step: Number(await page.getAttribute('#status', 'data-step')),
      snaps: Number(await page.getAttribute('#drift-chart', 'data-points')),
    });
    const a = await read();
    await page.waitForTimeout(seconds * 1000);
    const b = await read();
    const dt = (b.t - a.t) / 1000;
    const crossOriginIsolated = await page.evaluate(() => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
    return { stepsPerSecond: (b.step - a.step) / dt, snapshotsPerSecond: (b.snaps - a.snaps) / dt, crossOriginIsolated };
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function run(log: (s: string) => void): Promise<Record<string, unknown>> {
  const config = { n: BENCH_CONFIG.n, width: BENCH_CONFIG.width, depth: BENCH_CONFIG.depth, preset: BENCH_CONFIG.preset, data: BENCH_CONFIG.data, activation: BENCH_CONFIG.activation };
  const executable = chromiumPath();
  let browser: BrowserFigure | null = null;
  let browserSingle: BrowserFigure | null = null;
  if (!executable) log('no Chromium found (apt-get install chromium): no browser figure');
  else if (!existsSync(join('web', 'dist', 'index.html'))) log('web/dist is not built (npm run build:web): no browser figure');
  else {
    // Cross-origin isolated (the dev and preview servers' headers), then as a plain static host serves it.
    browser = await browserStepsPerSecond(executable, 8, true);
    browserSingle = await browserStepsPerSecond(executable, 8, false);
    for (const [what, f] of [['isolated', browser], ['not isolated', browserSingle]] as const) {
      log(`browser (headless Chromium, live plots, ${what}: crossOriginIsolated ${f.crossOriginIsolated}): ${f.stepsPerSecond.toFixed(1)} steps/s, ${f.snapshotsPerSecond.toFixed(2)} kernel snapshots/s`);
    }
  }
  useBackend('portable');
  const portable = nodeStepsPerSecond(4);
  log(`Node, portable backend, bare steps: ${portable.toFixed(1)} steps/s`);
  let native: number | null = null;
  if (tryNativeBackend().backend) {
    useBackend('native');
    native = nodeStepsPerSecond(4);
    log(`Node, native backend, bare steps: ${native.toFixed(1)} steps/s`);
  }
  if (browser) log(`browser / Node portable: ${(browser.stepsPerSecond / portable).toFixed(2)}`);
  return {
    config,
    browser,
    browserNotIsolated: browserSingle,
    nodePortableStepsPerSecond: portable,
    nodeNativeStepsPerSecond: native,
    targets: {
      browserStepsPerSecond: { target: '≥ 50', value: browser?.stepsPerSecond ?? null },
      browserOverNodePortable: { target: 'reported', value: browser ? browser.stepsPerSecond / portable : null },
    },
  };
}
