/**
 * The offline HTML report: one section per paper, each claim with its prediction, experiment,
 * statistic, verdict over its seeds (and why), a table of the per-seed verdicts, the measured figure,
 * its plot as inline SVG and the data behind it. Everything is inlined (no scripts, no network), so the
 * file can be opened or mailed as it is; every string from the results goes through escapeHtml.
 */
import { PAPER_TITLES, PAPERS, type VegaLiteSpec } from '../experiments/claims/claim.js';
import { verdictLetter, type SeededClaimResult } from '../experiments/seedVerdicts.js';
import { formatNumber } from './format.js';

export type PlotRenderer = (spec: VegaLiteSpec) => Promise<string>;

export interface ReportMeta {
  title?: string;
  generated: string;
  scale: string;
  /** The seeds every claim ran at. */
  seeds: number[];
  machine?: string;
  command?: string;
}

export function escapeHtml(s: string): string {
  // String(): saved results are untrusted, and a field that should be text may be anything.
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

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

const VERDICTS = ['holds', 'fails', 'inconclusive'];

/** A verdict's badge; a value that is not a verdict (a tampered results file) is shown escaped, unstyled. */
function verdictBadge(v: string): string {
  return VERDICTS.includes(v) ? `<span class="verdict ${v}">${v}</span>` : `<span class="verdict">${escapeHtml(String(v))}</span>`;
}

function seedLetters(r: SeededClaimResult): string {
  return `<code>${r.seeds.map((s) => escapeHtml(verdictLetter(s.verdict))).join(' ')}</code>`;
}

function seedsTable(r: SeededClaimResult): string {
  const rows = r.seeds.map(
    (s) =>
      `<tr><td>${escapeHtml(String(s.seed))}</td><td>${verdictBadge(s.verdict)}</td><td>${escapeHtml(formatNumber(s.value))}</td><td>${escapeHtml(s.measured)}</td><td>${escapeHtml(s.reason)}</td><td>${escapeHtml(Number(s.seconds).toFixed(1))} s</td></tr>`,
  );
  return `<table class="seeds"><tr><th>seed</th><th>verdict</th><th>value</th><th>measured</th><th>why</th><th>time</th></tr>${rows.join('')}</table>`;
}

function dataTable(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '<p>(no data)</p>';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const fmt = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(5)) : escapeHtml(String(v ?? '')));
  const shown = rows.slice(0, 200);
  return `<table><tr>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>${shown.map((r) => `<tr>${cols.map((c) => `<td>${fmt(r[c])}</td>`).join('')}</tr>`).join('')}</table>${rows.length > shown.length ? `<p>${rows.length - shown.length} more rows in results.json</p>` : ''}`;
}

async function claimCard(r: SeededClaimResult, render?: PlotRenderer): Promise<string> {
  const multi = r.seeds.length > 1;
  const data = Array.isArray(r.data) ? r.data : [];
  let plot = '';
  if (r.plot && data.length > 0 && render) {
    try {
      plot = `<div class="plot">${await render({ ...r.plot, data: { values: data } })}</div>`;
    } catch (e) {
      plot = `<p>(plot could not be rendered: ${escapeHtml(e instanceof Error ? e.message : String(e))})</p>`;
    }
  }
  return `<div class="claim" id="${escapeHtml(r.id)}">
<h3>${escapeHtml(r.id)} ${verdictBadge(r.verdict)}${r.negativeControl ? '<span class="nc">negative control</span>' : ''}</h3>
<dl><dt>theorem</dt><dd>${escapeHtml(r.theorem)}</dd><dt>prediction</dt><dd>${escapeHtml(r.prediction)}</dd>
${r.falsifier ? `<dt>would fail if</dt><dd>${escapeHtml(r.falsifier)}</dd>` : ''}
<dt>experiment</dt><dd>${escapeHtml(r.experiment)}</dd><dt>statistic</dt><dd>${escapeHtml(r.statistic)}</dd>
<dt>verdict</dt><dd>${verdictBadge(r.verdict)} ${escapeHtml(r.reason)}</dd>
<dt>seeds</dt><dd>${seedsTable(r)}</dd>
<dt>measured</dt><dd>${escapeHtml(r.measured)}${multi ? ` (seed ${escapeHtml(String(r.dataSeed))})` : ''}</dd>
<dt>time</dt><dd>${escapeHtml(Number(r.seconds).toFixed(1))} s (${escapeHtml(r.scale)} scale${multi ? `, ${r.seeds.length} seeds` : ''})</dd></dl>
${plot}<details><summary>data (${data.length} rows${multi ? `, seed ${escapeHtml(String(r.dataSeed))}` : ''})</summary>${dataTable(data)}</details></div>`;
}

export async function renderReport(results: readonly SeededClaimResult[], meta: ReportMeta, render?: PlotRenderer): Promise<string> {
  const count = (v: string): number => results.filter((r) => r.verdict === v).length;
  const summary = `<table><tr><th>claim</th><th>prediction</th><th>measured</th><th>verdict</th><th>per seed</th></tr>${results
    .map((r) => `<tr><td><a href="#${escapeHtml(r.id)}">${escapeHtml(r.id)}</a></td><td>${escapeHtml(r.prediction)}</td><td>${escapeHtml(r.measured)}</td><td>${verdictBadge(r.verdict)}</td><td>${seedLetters(r)}</td></tr>`)
    .join('')}</table>`;
  const sections: string[] = [];
  for (const p of PAPERS) {
    const rs = results.filter((r) => r.paper === p);
    if (rs.length === 0) continue;
    const cards: string[] = [];
    for (const r of rs) cards.push(await claimCard(r, render));
    sections.push(`<h2>${escapeHtml(PAPER_TITLES[p])}</h2>${cards.join('\n')}`);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(meta.title ?? 'overparam reproduction report')}</title><style>${REPORT_STYLE}</style></head><body>
<h1>${escapeHtml(meta.title ?? 'overparam reproduction report')}</h1>
<div class="meta">${escapeHtml(meta.generated)} · ${escapeHtml(meta.scale)} scale · ${meta.seeds.length === 1 ? 'seed' : 'seeds'} ${escapeHtml(meta.seeds.join(', '))}${meta.machine ? ` · ${escapeHtml(meta.machine)}` : ''}${meta.command ? `<br><code>${escapeHtml(meta.command)}</code>` : ''}</div>
<div class="counts"><span>${verdictBadge('holds')} ${count('holds')}</span><span>${verdictBadge('fails')} ${count('fails')}</span><span>${verdictBadge('inconclusive')} ${count('inconclusive')}</span></div>
${summary}
${sections.join('\n')}
</body></html>
`;
}
