/**
 * A playground run exported as JSON (the browser playground's "Export JSON"), and its offline HTML
 * report: the configuration and a link that reproduces it, loss, kernel drift and weight movement,
 * λ_min(G(t)) and, when a width comparison was run, the drift against width with its fitted log–log
 * slope (liu2020 Thm 3.2: −½ for a linear output). `overparam report run.json` renders it.
 */
import { ConfigError } from '../errors.js';
import { stepLineSpec, widthDriftSpec } from '../plots/playground.js';
import type { VegaLiteSpec } from '../plots/spec.js';
import { html, reportHead, SafeHtml } from './escape.js';
import { plotBlock, REPORT_STYLE, type PlotRenderer } from './html.js';
import { formatNumber } from './format.js';

export const PLAYGROUND_FORMAT = 'overparam-playground/1';

export interface PlaygroundStepRow {
  step: number;
  loss: number;
  movement: number;
}

export interface PlaygroundKernelRow {
  step: number;
  drift: number;
  /** null where G(t) was not PSD to working precision. */
  lambdaMin: number | null;
  trainingError: number | null;
}

export interface PlaygroundWidthRun {
  width: number;
  finalDrift: number;
  finalMovement: number;
  finalLoss: number;
  stopped: string | null;
  curve: { step: number; drift: number; movement: number }[];
}

export interface PlaygroundRunFile {
  format: typeof PLAYGROUND_FORMAT;
  generated: string;
  /** The query string that reproduces the configuration in the playground. */
  link: string;
  config: Record<string, string | number>;
  network: string;
  /** Trainable parameters. */
  parameters: number;
  /** The absolute step size η. */
  eta: number;
  /** Why training stopped early, if it did. */
  stopped: string | null;
  steps: PlaygroundStepRow[];
  kernel: PlaygroundKernelRow[];
  comparison: { steps: number; runs: PlaygroundWidthRun[]; slope: number | null; slopeStdError: number | null } | null;
}

function fail(where: string, what: string): never {
  throw new ConfigError(`${where}: ${what} (not a playground run exported by overparam)`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Rows of numbers (JSON null allowed where NaN was measured), each row checked for the given keys. */
function rows<T>(v: unknown, where: string, keys: readonly string[]): T[] {
  if (!Array.isArray(v)) fail(where, 'expected an array');
  v.forEach((r, i) => {
    if (!isObject(r)) fail(`${where}[${i}]`, 'expected an object');
    for (const k of keys) if (!(typeof r[k] === 'number' || r[k] === null)) fail(`${where}[${i}].${k}`, `expected a number, got ${JSON.stringify(r[k])}`);
  });
  return v as T[];
}

/** Checks a parsed JSON value is a playground run; errors name the field. */
export function parsePlaygroundRun(v: unknown, file: string): PlaygroundRunFile {
  if (!isObject(v)) fail(file, 'expected a JSON object');
  if (v['format'] !== PLAYGROUND_FORMAT) fail(`${file}: format`, `expected "${PLAYGROUND_FORMAT}", got ${JSON.stringify(v['format'])}`);
  if (!isObject(v['config'])) fail(`${file}: config`, 'expected an object');
  for (const k of ['network', 'generated', 'link'] as const) if (typeof v[k] !== 'string') fail(`${file}: ${k}`, 'expected a string');
  for (const k of ['parameters', 'eta'] as const) if (typeof v[k] !== 'number') fail(`${file}: ${k}`, 'expected a number');
  rows(v['steps'], `${file}: steps`, ['step', 'loss', 'movement']);
  rows(v['kernel'], `${file}: kernel`, ['step', 'drift', 'lambdaMin']);
  const c = v['comparison'];
  if (c !== null && c !== undefined) {
    if (!isObject(c)) fail(`${file}: comparison`, 'expected an object or null');
    if (!(typeof c['steps'] === 'number' && Number.isSafeInteger(c['steps']) && c['steps'] >= 0)) fail(`${file}: comparison.steps`, `expected a step count, got ${JSON.stringify(c['steps'])}`);
    for (const k of ['slope', 'slopeStdError'] as const) if (!(typeof c[k] === 'number' || c[k] === null || c[k] === undefined)) fail(`${file}: comparison.${k}`, `expected a number or null, got ${JSON.stringify(c[k])}`);
    const runs = rows<Record<string, unknown>>(c['runs'], `${file}: comparison.runs`, ['width', 'finalDrift', 'finalMovement', 'finalLoss']);
    runs.forEach((r, i) => {
      if (!(typeof r['stopped'] === 'string' || r['stopped'] === null || r['stopped'] === undefined)) fail(`${file}: comparison.runs[${i}].stopped`, 'expected a string or null');
      rows(r['curve'] ?? [], `${file}: comparison.runs[${i}].curve`, ['step', 'drift', 'movement']);
    });
  }
  for (const [i, r] of (v['kernel'] as Record<string, unknown>[]).entries()) {
    if (!(typeof r['trainingError'] === 'number' || r['trainingError'] === null || r['trainingError'] === undefined)) fail(`${file}: kernel[${i}].trainingError`, `expected a number or null, got ${JSON.stringify(r['trainingError'])}`);
  }
  if (!(typeof v['stopped'] === 'string' || v['stopped'] === null || v['stopped'] === undefined)) fail(`${file}: stopped`, 'expected a string or null');
  for (const [k, x] of Object.entries(v['config'] as Record<string, unknown>)) if (!(typeof x === 'string' || typeof x === 'number')) fail(`${file}: config.${k}`, 'expected a string or a number');
  // A width run exported without its curve has none (the report reads `curve` as an array).
  const comparison = isObject(c) ? { ...c, runs: (c['runs'] as Record<string, unknown>[]).map((r) => ({ ...r, curve: r['curve'] ?? [] })) } : null;
  return { ...(v as unknown as PlaygroundRunFile), comparison: comparison as PlaygroundRunFile['comparison'], stopped: (v['stopped'] ?? null) as string | null };
}

/** The Vega-Lite plots of a run, each with the rows it draws. */
export function playgroundPlots(run: PlaygroundRunFile): { title: string; spec: VegaLiteSpec; values: Record<string, unknown>[] }[] {
  const plots: { title: string; spec: VegaLiteSpec; values: Record<string, unknown>[] }[] = [];
  const positiveLoss = run.steps.filter((r) => r.loss > 0);
  plots.push({ title: 'loss', spec: stepLineSpec('training loss', 'loss', 'loss (log scale)', true), values: positiveLoss.map((r) => ({ ...r })) });
  const moves = [
    ...run.kernel.map((r) => ({ step: r.step, value: r.drift, quantity: '‖G(t) − G(0)‖/‖G(0)‖' })),
    ...run.steps.map((r) => ({ step: r.step, value: r.movement, quantity: '‖θ(t) − θ(0)‖/‖θ(0)‖' })),
  ].filter((r) => r.step > 0 && r.value > 0);
  plots.push({ title: 'drift', spec: stepLineSpec('kernel drift and weight movement', 'value', 'relative change (log scale)', true, 'quantity'), values: moves });
  const lam = run.kernel.filter((r) => r.lambdaMin !== null && Number.isFinite(r.lambdaMin));
  plots.push({ title: 'lambda', spec: stepLineSpec('λ_min(G(t))', 'lambdaMin', 'λ_min', false), values: lam.map((r) => ({ ...r })) });
  const c = run.comparison;
  if (c && c.runs.length > 0) {
    const finals = c.runs.filter((r) => r.finalDrift > 0).map((r) => ({ width: r.width, drift: r.finalDrift }));
    plots.push({
      title: 'comparison',
      spec: widthDriftSpec(`kernel drift after ${c.steps} steps against width${c.slope === null ? '' : ` (fitted slope ${c.slope.toFixed(3)})`}`),
      values: finals,
    });
    const curves = c.runs.flatMap((r) => r.curve.filter((p) => p.drift > 0).map((p) => ({ step: p.step, drift: p.drift, width: `m = ${r.width}` })));
    plots.push({ title: 'curves', spec: stepLineSpec('kernel drift by width', 'drift', '‖G(t) − G(0)‖/‖G(0)‖ (log scale)', true, 'width'), values: curves });
  }
  return plots;
}

const fmt = (v: number | null | undefined): string => formatNumber(v, 4);

export async function renderPlaygroundReport(run: PlaygroundRunFile, render?: PlotRenderer): Promise<string> {
  const last = run.steps[run.steps.length - 1];
  const lastK = run.kernel[run.kernel.length - 1];
  const cfg = Object.entries(run.config).map(([k, v]) => html`<tr><th>${k}</th><td>${String(v)}</td></tr>`);
  const plots: SafeHtml[] = [];
  for (const p of playgroundPlots(run)) {
    if (p.values.length === 0 || !render) continue;
    plots.push(await plotBlock({ ...p.spec, data: { values: p.values } }, render, p.title));
  }
  const c = run.comparison;
  const comparison = c
    ? html`<h2>Width comparison</h2><p>${c.runs.length} widths, ${c.steps} steps each; fitted slope of log drift against log m: <b>${fmt(c.slope)}</b>${c.slopeStdError !== null && c.slopeStdError !== undefined ? html` ± ${fmt(c.slopeStdError)}` : ''} (liu2020 Thm 3.2 predicts −0.5 for a linear output).</p>
<table><tr><th>width</th><th>final drift</th><th>final movement</th><th>final loss</th><th>note</th></tr>${c.runs.map(
        (r) => html`<tr><td>${r.width}</td><td>${fmt(r.finalDrift)}</td><td>${fmt(r.finalMovement)}</td><td>${fmt(r.finalLoss)}</td><td>${r.stopped ?? ''}</td></tr>`,
      )}</table>`
    : '';
  return html`<!doctype html><html lang="en"><head>${reportHead('overparam playground run', REPORT_STYLE)}</head><body>
<h1>overparam playground run</h1>
<div class="meta">${run.generated} · ${run.network} · ${run.parameters} trainable parameters · η = ${fmt(run.eta)}<br><code>${run.link}</code></div>
${run.stopped ? html`<p class="verdict fails">${run.stopped}</p>` : ''}
<h2>Configuration</h2><table>${cfg}</table>
<h2>Training</h2><p>${last ? html`step ${last.step}: loss ${fmt(last.loss)}, weight movement ${fmt(last.movement)}` : 'no steps recorded'}${lastK ? html`; at step ${lastK.step}: kernel drift ${fmt(lastK.drift)}, λ_min(G) ${fmt(lastK.lambdaMin)}` : ''}.</p>
${plots.map((p) => html`${p}\n`)}
${comparison}
</body></html>
`.text;
}
