/**
 * The offline HTML page of a sweep's results (`overparam report sweep.jsonl`): what was swept, each
 * measurement against the swept axis (plots/charts.ts specs, checked and rendered like the claims'), and
 * the points. Everything in it comes from an untrusted file and goes through the one escaping path.
 */
import type { SweepSummary } from '../experiments/results/sweepPlots.js';
import { linePlot, logLogPlot } from '../plots/charts.js';
import { html, reportHead, type SafeHtml } from './escape.js';
import { plotBlock, REPORT_STYLE, type PlotRenderer } from './html.js';

export async function renderSweepReport(s: SweepSummary, source: string, render?: PlotRenderer): Promise<string> {
  const blocks: SafeHtml[] = [];
  for (const p of s.plots) {
    const title = `${p.y} against ${p.x}${p.series ? ` by ${p.series}` : ''}`;
    const spec = p.logLog
      ? logLogPlot({ x: 'x', y: 'y', xTitle: p.x, yTitle: p.y, title, ...(p.series ? { series: 'series' } : {}) })
      : linePlot({ x: 'x', y: 'y', xTitle: p.x, yTitle: p.y, title, ...(p.series ? { series: 'series' } : {}) });
    const plot = render ? await plotBlock({ ...spec, data: { values: p.rows } }, render, title) : html``;
    blocks.push(html`<h2>${title}</h2>${plot}<p>${p.rows.length} points${p.leftOut > 0 ? html`; ${p.leftOut} without a finite ${p.y} left out` : ''}${p.logLog ? '; log–log axes' : ''}.</p>`);
  }
  const none = s.plots.length === 0
    ? html`<p>Nothing to plot: ${s.axes.length === 0 ? 'no parameter differs between the points' : 'no swept axis takes numbers, or no measurement is a finite number'}.</p>`
    : '';
  return html`<!doctype html><html lang="en"><head>${reportHead(`overparam sweep report: ${s.kind}`, REPORT_STYLE)}</head><body>
<h1>Sweep of kind ${s.kind}</h1>
<div class="meta">${source} · ${s.points} points${s.failed > 0 ? html` (${s.failed} failed)` : ''} · swept: ${s.axes.length > 0 ? s.axes.join(', ') : 'nothing'} · measurements: ${s.measurements.join(', ')}</div>
${none}${blocks.map((b) => html`${b}\n`)}
</body></html>
`.text;
}
