/**
 * The report cannot be turned against its reader (issue 13, Security): hostile strings in every field of
 * saved results and playground exports reach the HTML only as escaped text; stored plot specs that could
 * load, fetch or run anything are refused (top level and nested), Vega loads nothing, and both pages carry
 * a Content-Security-Policy that forbids script and network.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ClaimResult } from '../../src/experiments/claims/claim.js';
import { linePlot, logLogPlot } from '../../src/plots/charts.js';
import { aggregateClaim, type SeededClaimResult } from '../../src/experiments/seedVerdicts.js';
import { ConfigError } from '../../src/errors.js';
import { escapeHtml, html, REPORT_CSP } from '../../src/report/escape.js';
import { renderReport, type ReportMeta } from '../../src/report/html.js';
import { parsePlaygroundRun, playgroundPlots, renderPlaygroundReport } from '../../src/report/playgroundRun.js';
import { checkPlotSpec } from '../../src/report/plotWhitelist.js';
import { refusingLoader, vegaLiteToSvg } from '../../src/report/vegaSvg.js';

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'><svg onload=alert(3)>", 'javascript:alert(4)'];
const EVIL = HOSTILE.join(' ');

const dir = mkdtempSync(join(os.tmpdir(), 'overparam-sec-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'SECRET-7f3a9c-not-for-the-report';
const secretFile = join(dir, 'secret.csv');
writeFileSync(secretFile, `a,b\n${SECRET},1\n`);

/**
 * The markup a hostile value could inject: every tag is one the report itself writes, and with its quoted
 * attribute values removed no tag holds an event handler or a javascript: URL.
 */
function assertHarmless(page: string): void {
  const tags = page.match(/<[^>]*>/g) ?? [];
  for (const t of tags) {
    const bare = t.replace(/"[^"]*"/g, '""');
    assert.ok(!/\son\w+\s*=/i.test(bare), `event handler in ${t}`);
    assert.ok(!/javascript:/i.test(bare), `javascript: URL in ${t}`);
    assert.ok(!/^<\/?(script|img|iframe|object|embed|image|foreignObject|a\s+xlink|link|base|form|input)\b/i.test(t), `hostile element ${t}`);
    assert.ok(!/^<svg\b/i.test(t) || /class="marks"/.test(t) || t.startsWith('<svg data-test'), `an svg the report did not draw: ${t}`);
  }
  // Attribute values that came from data: no quote breaks out (every attribute is name="…").
  for (const t of tags) if (!t.startsWith('<!') && !t.startsWith('</')) assert.match(t.replace(/"[^"]*"/g, '""'), /^<[\w:-]+(\s+[\w:-]+(="")?)*\s*\/?>$/, `malformed tag ${t}`);
  for (const h of HOSTILE.filter((x) => x.includes('<'))) assert.ok(!page.includes(h), `unescaped ${h}`);
}

function result(_seed: number, extra: Partial<ClaimResult> = {}): ClaimResult {
  return {
    id: 'du2019.gram-stability', paper: 'du2019', theorem: 'Thm 5.1', prediction: 'p', experiment: 'e', falsifier: 'f', statistic: 's',
    negativeControl: false, scale: 'quick', verdict: 'holds', value: 0.25, reason: 'r', measured: 'm', data: [{ m: 64, drift: 0.1 }], seconds: 2, ...extra,
  };
}

/** Every string and number field of a seeded result and of the meta, set to hostile text. */
function hostileResults(): { results: SeededClaimResult[]; meta: ReportMeta } {
  const strings = { id: `du2019.${EVIL}`, theorem: EVIL, prediction: EVIL, experiment: EVIL, falsifier: EVIL, statistic: EVIL, measured: EVIL, reason: EVIL, verdict: EVIL, scale: EVIL, value: EVIL, seconds: EVIL, negativeControl: EVIL };
  const base = aggregateClaim([0, 1].map((seed) => ({ seed, result: result(seed, { data: [{ [EVIL]: EVIL, series: EVIL, x: 1, y: 2 }], plot: linePlot({ x: 'x', y: 'y', xTitle: EVIL, yTitle: EVIL, series: 'series', title: EVIL }) }) })));
  const r = { ...base, ...strings, seeds: base.seeds.map((s) => ({ ...s, verdict: EVIL, seed: EVIL, seconds: EVIL, value: EVIL, measured: EVIL, reason: EVIL })), dataSeed: EVIL } as unknown as SeededClaimResult;
  const meta = { generated: EVIL, scale: EVIL, seeds: [EVIL, 1], machine: EVIL, command: EVIL, title: EVIL } as unknown as ReportMeta;
  return { results: [r], meta };
}

describe('one escaping path', () => {
  it('html`` escapes every interpolation, in text and attributes, and arrays item by item', () => {
    assert.equal(html`<p title="${EVIL}">${[EVIL, 1]}</p>`.text, `<p title="${escapeHtml(EVIL)}">${escapeHtml(EVIL)}1</p>`);
    assert.ok(!escapeHtml(`"'<>`).match(/["'<>]/));
  });

  it('hostile strings in every results and meta field reach the report (with its real plot) only as text', async () => {
    const { results, meta } = hostileResults();
    const page = await renderReport(results, meta, (spec) => vegaLiteToSvg(spec));
    assertHarmless(page);
    assert.match(page, /<div class="plot"><svg/, 'the plot was drawn, its hostile titles and values as text');
    assert.ok(page.includes(escapeHtml(HOSTILE[0])));
    assert.ok(!page.includes('class="verdict &lt;'), 'a verdict outside the closed set is unstyled');
  });

  it('a poisoned results.jsonl reached through reproduce --resume renders harmless', async () => {
    const { claimRecord } = await import('../../src/experiments/results/saved.js');
    const { recordLine } = await import('../../src/experiments/runner/records.js');
    const { reproduceCommand } = await import('../../src/cli/commands/reproduce.js');
    const out = join(dir, 'resume');
    const id = 'du2019.fc-lambda0-collapse';
    const poisoned = result(0, {
      id, paper: 'du2019', theorem: EVIL, prediction: EVIL, measured: EVIL, reason: EVIL, verdict: 'holds', data: [{ x: 1, y: 2, [EVIL]: EVIL }],
      plot: { layer: [{ data: { url: secretFile }, mark: 'point', encoding: { x: { field: 'a', type: 'nominal' } } }] },
    });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'results.jsonl'), recordLine(claimRecord({ seed: 0, result: poisoned }, { index: 0, count: 1 })));
    const write = process.stdout.write;
    let printed = '';
    process.stdout.write = ((s: string) => ((printed += s), true)) as typeof process.stdout.write;
    try {
      await reproduceCommand({ claim: id, seed: '0', resume: true, out, quiet: true, workers: '1' });
    } finally {
      process.stdout.write = write;
    }
    const page = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    assertHarmless(page);
    assert.ok(!page.includes(SECRET), 'the file named by data.url is not read into the report');
    assert.match(page, /plot could not be rendered: plot spec layer\[0\]\.data\.url is not allowed/);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(printed));
  });

  it('a results.jsonl whose verdict is not one of the closed set is refused on --resume, naming line and field', async () => {
    const { claimRecord } = await import('../../src/experiments/results/saved.js');
    const { recordLine } = await import('../../src/experiments/runner/records.js');
    const { reproduceCommand } = await import('../../src/cli/commands/reproduce.js');
    const out = join(dir, 'resume-verdict');
    const id = 'du2019.fc-lambda0-collapse';
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'results.jsonl'), recordLine(claimRecord({ seed: 0, result: result(0, { id, paper: 'du2019', verdict: EVIL as 'holds' }) }, { index: 0, count: 1 })));
    await assert.rejects(
      reproduceCommand({ claim: id, seed: '0', resume: true, out, quiet: true, workers: '1' }),
      (e: unknown) => e instanceof ConfigError && /results\.jsonl:1: result\.verdict must be one of "holds", "fails", "inconclusive"/.test(e.message),
    );
    assert.ok(!existsSync(join(out, 'report')), 'nothing is rendered from a refused file');
  });

  it('hostile strings in every playground field reach its report only as text', async () => {
    const run = parsePlaygroundRun({
      format: 'overparam-playground/1', generated: EVIL, link: EVIL, network: EVIL, parameters: 3, eta: 0.1, stopped: EVIL,
      config: { [EVIL]: EVIL, width: 4 },
      steps: [{ step: 0, loss: 1, movement: 0 }, { step: 1, loss: 0.5, movement: 0.1 }],
      kernel: [{ step: 0, drift: 0, lambdaMin: 1, trainingError: null }, { step: 1, drift: 0.1, lambdaMin: 0.9, trainingError: null }],
      comparison: { steps: 5, slope: -0.5, slopeStdError: 0.1, runs: [{ width: 8, finalDrift: 0.2, finalMovement: 0.1, finalLoss: 0.1, stopped: EVIL, curve: [{ step: 1, drift: 0.1, movement: 0.1 }] }] },
    }, 'run.json');
    const page = await renderPlaygroundReport(run, (spec) => vegaLiteToSvg(spec));
    assertHarmless(page);
    assert.ok(page.includes(REPORT_CSP));
  });

  it('playground fields that are numbers must be numbers (comparison.steps, slope, curves) and strings strings', () => {
    const ok = { format: 'overparam-playground/1', generated: '', link: '', network: 'n', parameters: 1, eta: 1, stopped: null, config: {}, steps: [], kernel: [] };
    const cmp = { steps: 5, slope: null, slopeStdError: null, runs: [] };
    assert.throws(() => parsePlaygroundRun({ ...ok, comparison: { ...cmp, steps: EVIL } }, 'r.json'), /r\.json: comparison\.steps/);
    assert.throws(() => parsePlaygroundRun({ ...ok, comparison: { ...cmp, slope: EVIL } }, 'r.json'), /r\.json: comparison\.slope/);
    assert.throws(() => parsePlaygroundRun({ ...ok, comparison: { ...cmp, runs: [{ width: 1, finalDrift: 1, finalMovement: 1, finalLoss: 1, curve: [{ step: EVIL, drift: 1, movement: 1 }] }] } }, 'r.json'), /comparison\.runs\[0\]\.curve\[0\]\.step/);
    assert.throws(() => parsePlaygroundRun({ ...ok, stopped: 3 }, 'r.json'), /r\.json: stopped/);
    assert.throws(() => parsePlaygroundRun({ ...ok, config: { a: { b: 1 } } }, 'r.json'), /r\.json: config\.a/);
  });
});

describe('plot specs: only the project\'s own features', () => {
  const unit = { mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['data.url at top level', { ...unit, data: { url: '/etc/passwd' } }, /plot spec data\.url is not allowed/],
    ['data.url in a layer', { layer: [{ ...unit, data: { url: '/etc/passwd' } }] }, /plot spec layer\[0\]\.data\.url is not allowed/],
    ['data.url in a concatenated layer', { hconcat: [{ layer: [unit, { ...unit, data: { url: 'https://example.com/x.csv' } }] }] }, /hconcat\[0\]\.layer\[1\]\.data\.url/],
    ['an image mark', { ...unit, mark: { type: 'image' } }, /mark\.type is not allowed/],
    ['an image mark by name', { ...unit, mark: 'image' }, /plot spec mark is not allowed \(expected one of "line"/],
    ['an href channel', { ...unit, encoding: { ...unit.encoding, href: { field: 'a', type: 'nominal' } } }, /encoding\.href/],
    ['a url channel', { ...unit, encoding: { ...unit.encoding, url: { field: 'a', type: 'nominal' } } }, /encoding\.url/],
    ['usermeta', { ...unit, usermeta: { embedOptions: { loader: { baseURL: 'https://example.com' } } } }, /plot spec usermeta/],
    ['params (expressions)', { ...unit, params: [{ name: 'p', expr: 'alert(1)' }] }, /plot spec params/],
    ['config', { ...unit, config: { background: 'red' } }, /plot spec config/],
    ['a calculate transform', { ...unit, transform: [{ calculate: 'datum.a', as: 'b' }] }, /transform\[0\]\.calculate/],
    ['a string filter (an expression)', { ...unit, transform: [{ filter: 'datum.a > 1' }] }, /transform\[0\]\.filter/],
    ['a field path', { ...unit, encoding: { x: { field: "a']+alert(1)+['", type: 'quantitative' } } }, /encoding\.x\.field/],
    ['a colour that is a URL', { ...unit, mark: { type: 'point', color: 'url(https://example.com/#a)' } }, /mark\.color/],
    ['a non-vega $schema', { ...unit, $schema: 'https://example.com/schema.json' }, /plot spec \$schema/],
    ['data as a named dataset', { ...unit, data: { name: 'passwd' } }, /data\.name/],
  ];
  for (const [what, spec, message] of cases) {
    it(`refuses ${what}`, async () => {
      assert.throws(() => checkPlotSpec(spec), (e: unknown) => e instanceof ConfigError && message.test(e.message));
      await assert.rejects(vegaLiteToSvg(spec), message);
    });
  }

  it('a refused stored spec becomes the note naming the key, and the file is never read', async () => {
    for (const plot of [{ ...unit, data: { url: secretFile } }, { layer: [{ ...unit, data: { url: secretFile } }] }]) {
      const r = aggregateClaim([{ seed: 0, result: result(0, { plot }) }]);
      const page = await renderReport([r], { generated: 'g', scale: 'quick', seeds: [0] }, (spec) => vegaLiteToSvg(spec));
      assert.match(page, /\(plot could not be rendered: plot spec (layer\[0\]\.)?data\.url is not allowed/);
      assert.ok(!page.includes(SECRET));
    }
  });

  it('accepts the plots the project builds', async () => {
    const specs = [
      logLogPlot({ x: 'width', y: 'drift', xTitle: 'm', yTitle: 'drift', series: 'arch', title: 't' }),
      linePlot({ x: 'step', y: 'loss', xTitle: 'k', yTitle: 'L', series: 'width', logY: true, logX: true }),
      { mark: 'bar', encoding: { x: { field: 'v', type: 'quantitative', bin: { maxbins: 30 }, title: 'v' }, y: { aggregate: 'count', type: 'quantitative' } } },
      { hconcat: [{ width: 300, height: 220, title: 'a', transform: [{ filter: { field: 'loss', equal: 'logistic' } }], mark: { type: 'line', point: false }, encoding: { x: { field: 'step', type: 'quantitative' }, detail: { field: 'seed', type: 'nominal' } } }] },
      { title: { text: 't', subtitle: 's' }, layer: [{ data: { values: [{ bs: 2 }] }, mark: { type: 'rule', strokeDash: [5, 4], opacity: 0.8 }, encoding: { x: { field: 'bs', type: 'quantitative', scale: { type: 'log', base: 2 } }, color: { field: 'network', type: 'nominal', scale: { domain: ['a'] } } } }, { mark: { type: 'point', shape: 'triangle-down', size: 140, filled: true } }] },
    ];
    for (const s of specs) checkPlotSpec(s);
    const run = parsePlaygroundRun({ format: 'overparam-playground/1', generated: '', link: '', network: 'n', parameters: 1, eta: 1, stopped: null, config: {}, steps: [{ step: 1, loss: 1, movement: 1 }], kernel: [{ step: 1, drift: 1, lambdaMin: 1 }], comparison: { steps: 3, slope: -0.5, slopeStdError: null, runs: [{ width: 4, finalDrift: 1, finalMovement: 1, finalLoss: 1, stopped: null, curve: [{ step: 1, drift: 1, movement: 1 }] }] } }, 'r.json');
    for (const p of playgroundPlots(run)) checkPlotSpec({ ...p.spec, data: { values: p.values } });
    const { epochsVsBatchSpec } = await import('../../src/plots/batchSweep.js');
    checkPlotSpec(epochsVsBatchSpec({ settings: { target: 0.1, factor: 2 }, networks: [{ label: 'a', points: [{ batch: 2, medianEpochs: 3 }], criticalBatch: 2, bsExact: 4 }] } as unknown as Parameters<typeof epochsVsBatchSpec>[0]));
  });

  it("Vega's loader refuses every load, fetch and file read", async () => {
    const l = refusingLoader();
    await assert.rejects(async () => l.load(secretFile), /plot spec tried to load/);
    await assert.rejects(async () => l.sanitize(secretFile, {} as Parameters<typeof l.sanitize>[1]), /plot spec tried to load/);
    await assert.rejects(async () => l.http('https://example.com/', {}), /tried to fetch/);
    await assert.rejects(async () => l.file(secretFile), /tried to read the file/);
  });

  it('both report pages carry a CSP that forbids script and network', async () => {
    assert.match(REPORT_CSP, /default-src 'none'/);
    assert.ok(!/script-src|connect-src|\*/.test(REPORT_CSP));
    const page = await renderReport([aggregateClaim([{ seed: 0, result: result(0) }])], { generated: 'g', scale: 'quick', seeds: [0] });
    const csp = `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`;
    assert.ok(page.indexOf(csp) > 0 && page.indexOf(csp) < page.indexOf('<title>'), 'CSP first in <head>');
    const run = parsePlaygroundRun({ format: 'overparam-playground/1', generated: '', link: '', network: 'n', parameters: 1, eta: 1, stopped: null, config: {}, steps: [], kernel: [] }, 'r.json');
    assert.ok((await renderPlaygroundReport(run)).includes(csp));
  });
});
