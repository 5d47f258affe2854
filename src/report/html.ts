/**
 * The offline HTML report: one section per paper, each claim with its prediction, experiment,
 * statistic, verdict over its seeds (and why), a table of the per-seed verdicts, the measured figure,
 * its plot as inline SVG and the data behind it. Everything is inlined (no scripts, no network), so the
 * file can be opened or mailed as it is; every value from the results goes through the `html` template
 * of escape.ts (the one escaping path), and plots only through plotWhitelist.ts.
 */
import { PAPER_TITLES, PAPERS } from '../experiments/claims/claim.js';
import type { ResultsMeta } from '../experiments/results/saved.js';
import type { VegaLiteSpec } from '../plots/spec.js';
import { verdictLetter, type SeededClaimResult } from '../experiments/seedVerdicts.js';
import { escapeHtml, html, inSet, reportHead, SafeHtml, trustedSvg } from './escape.js';
import { formatNumber } from './format.js';
import { checkPlotSpec } from './plotWhitelist.js';

export { escapeHtml };

export type PlotRenderer = (spec: VegaLiteSpec) => Promise<string>;

/** The run a report describes: the results file's meta. */
export type ReportMeta = ResultsMeta;

export const REPORT_STYLE = `
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1b1b1b}
h1{font-size:26px;margin:0 0 4px}h2{margin-top:40px;border-bottom:2px solid #ddd;padding-bottom:4px}
.meta{color:#555;margin-bottom:18px}.counts span{margin-right:14px}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid #e3e3e3;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f6f6f6}.claim{border:1px solid #ddd;border-radius:8px;padding:14px 16px;margin:16px 0}
.claim h3{margin:0 0 6px;font-size:17px}.verdict{display:inline-block;padding:1px 9px;border-radius:10px;font-weight:600;font-size:13px}
.holds{background:#dcf3df;color:#18612a}.fails{background:#fadad7;color:#8a1c12}.inconclusive{background:#fbf0cf;color:#7a5b00}
.nc{font-size:12px;color:#6b4fa0;border:1px solid #cbb8ef;border-radius:8px;padding:0 6px;margin-left:6px}
dl{display:grid;grid-template-columns:120px 1fr;gap:2px 10px;margin:8px 0}dt{color:#666}dd{margin:0}
.seeds td,.seeds th{font-size:13px;padding:3px 6px}
.plot{margin:10px 0}.plot svg{max-width:100%;height:auto}details{margin-top:6px}code{font-size:13px}
`;

const VERDICTS = ['holds', 'fails', 'inconclusive'] as const;

/** A verdict's badge; a value that is not a verdict (a tampered results file) is shown escaped, unstyled. */
function verdictBadge(v: unknown): SafeHtml {
  const known = inSet(v, VERDICTS);
  return known ? html`<span class="verdict ${known}">${known}</span>` : html`<span class="verdict">${v}</span>`;
}

function seedLetters(r: SeededClaimResult): SafeHtml {
  return html`<code>${r.seeds.map((s) => verdictLetter(s.verdict)).join(' ')}</code>`;
}

function seedsTable(r: SeededClaimResult): SafeHtml {
  const rows = r.seeds.map(
    (s) => html`<tr><td>${s.seed}</td><td>${verdictBadge(s.verdict)}</td><td>${formatNumber(s.value)}</td><td>${s.measured}</td><td>${s.reason}</td><td>${Number(s.seconds).toFixed(1)} s</td></tr>`,
  );
  return html`<table class="seeds"><tr><th>seed</th><th>verdict</th><th>value</th><th>measured</th><th>why</th><th>time</th></tr>${rows}</table>`;
}

function dataTable(rows: Record<string, unknown>[]): SafeHtml {
  if (rows.length === 0) return html`<p>(no data)</p>`;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const fmt = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : String(v ?? ''));
  const shown = rows.slice(0, 200);
  return html`<table><tr>${cols.map((c) => html`<th>${c}</th>`)}</tr>${shown.map((r) => html`<tr>${cols.map((c) => html`<td>${fmt(r[c])}</td>`)}</tr>`)}</table>${rows.length > shown.length ? html`<p>${rows.length - shown.length} more rows in results.json</p>` : ''}`;
}

/** A stored plot as inline SVG, or the note saying why it was not drawn (a refused or broken spec). */
export async function plotBlock(spec: VegaLiteSpec, render: PlotRenderer, title?: string, stored?: VegaLiteSpec): Promise<SafeHtml> {
  try {
    if (stored !== undefined) checkPlotSpec(stored); // as saved, before the report attaches the data
    checkPlotSpec(spec);
    return html`<div class="plot">${trustedSvg(await render(spec))}</div>`;
  } catch (e) {
    return html`<p>(plot${title === undefined ? '' : html` "${title}"`} could not be rendered: ${e instanceof Error ? e.message : String(e)})</p>`;
  }
}

async function claimCard(r: SeededClaimResult, render?: PlotRenderer): Promise<SafeHtml> {
  const multi = r.seeds.length > 1;
  const data = Array.isArray(r.data) ? r.data : [];
  const plot = r.plot && data.length > 0 && render ? await plotBlock({ ...r.plot, data: { values: data } }, render, undefined, r.plot) : '';
  return html`<div class="claim" id="${r.id}">
<h3>${r.id} ${verdictBadge(r.verdict)}${r.negativeControl ? html`<span class="nc">negative control</span>` : ''}</h3>
<dl><dt>theorem</dt><dd>${r.theorem}</dd><dt>prediction</dt><dd>${r.prediction}</dd>
${r.falsifier ? html`<dt>would fail if</dt><dd>${r.falsifier}</dd>` : ''}
<dt>experiment</dt><dd>${r.experiment}</dd><dt>statistic</dt><dd>${r.statistic}</dd>
<dt>verdict</dt><dd>${verdictBadge(r.verdict)} ${r.reason}</dd>
<dt>seeds</dt><dd>${seedsTable(r)}</dd>
<dt>measured</dt><dd>${r.measured}${multi ? html` (seed ${r.dataSeed})` : ''}</dd>
<dt>time</dt><dd>${Number(r.seconds).toFixed(1)} s (${r.scale} scale${multi ? html`, ${r.seeds.length} seeds` : ''})</dd></dl>
${plot}<details><summary>data (${data.length} rows${multi ? html`, seed ${r.dataSeed}` : ''})</summary>${dataTable(data)}</details></div>`;
}

export async function renderReport(results: readonly SeededClaimResult[], meta: ReportMeta, render?: PlotRenderer): Promise<string> {
  const count = (v: string): number => results.filter((r) => r.verdict === v).length;
  const summary = html`<table><tr><th>claim</th><th>prediction</th><th>measured</th><th>verdict</th><th>per seed</th></tr>${results.map(
    (r) => html`<tr><td><a href="#${r.id}">${r.id}</a></td><td>${r.prediction}</td><td>${r.measured}</td><td>${verdictBadge(r.verdict)}</td><td>${seedLetters(r)}</td></tr>`,
  )}</table>`;
  const sections: SafeHtml[] = [];
  for (const p of PAPERS) {
    const rs = results.filter((r) => r.paper === p);
    if (rs.length === 0) continue;
    const cards: SafeHtml[] = [];
    for (const r of rs) cards.push(await claimCard(r, render));
    sections.push(html`<h2>${PAPER_TITLES[p]}</h2>${cards.map((c) => html`${c}\n`)}`);
  }
  const title = meta.title ?? 'overparam reproduction report';
  const seeds = Array.isArray(meta.seeds) ? meta.seeds : [meta.seeds];
  return html`<!doctype html><html lang="en"><head>${reportHead(title, REPORT_STYLE)}</head><body>
<h1>${title}</h1>
<div class="meta">${meta.generated} · ${meta.scale} scale · ${seeds.length === 1 ? 'seed' : 'seeds'} ${seeds.join(', ')}${meta.machine ? html` · ${meta.machine}` : ''}${meta.command ? html`<br><code>${meta.command}</code>` : ''}</div>
<div class="counts"><span>${verdictBadge('holds')} ${count('holds')}</span><span>${verdictBadge('fails')} ${count('fails')}</span><span>${verdictBadge('inconclusive')} ${count('inconclusive')}</span></div>
${summary}
${sections}
</body></html>
`.text;
}
