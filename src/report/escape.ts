/**
 * The one escaping path of the HTML reports (DESIGN.md, trust boundaries): pages are built with the `html`
 * tagged template, which escapes every interpolated value — text and attribute alike — unless it is
 * itself markup built by `html` (or the SVG of a plot that passed plotWhitelist.ts). Saved results are
 * untrusted, so a field that should be a number may be a string of markup; it is escaped all the same.
 */

/** Markup that is already safe: built by `html` from escaped parts. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: unknown): string {
  // String(): saved results are untrusted, and a field that should be text may be anything.
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function part(v: unknown): string {
  if (v instanceof SafeHtml) return v.text;
  if (Array.isArray(v)) return v.map(part).join('');
  if (v === null || v === undefined) return '';
  return escapeHtml(v);
}

/** A template whose every `${…}` is escaped (arrays item by item), except values that are SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/**
 * Markup from a renderer the project trusts, not from the results: only the SVG that Vega draws from a
 * spec accepted by plotWhitelist.ts (Vega escapes the text it writes into SVG).
 */
export function trustedSvg(svg: string): SafeHtml {
  if (!svg.startsWith('<svg')) throw new Error('trustedSvg: not an SVG document');
  return new SafeHtml(svg);
}

/** A value of a closed set (verdicts, papers, scales), or null when the value is anything else. */
export function inSet<T extends string>(v: unknown, set: readonly T[]): T | null {
  return typeof v === 'string' && (set as readonly string[]).includes(v) ? (v as T) : null;
}

/** The Content-Security-Policy of the offline reports: no script, no network; inline style and data: images only. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

/** The report pages' <head>: charset, the CSP (a constant with no quote; first, before anything it governs), title and style. */
export function reportHead(title: string, style: string): SafeHtml {
  return html`<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${new SafeHtml(REPORT_CSP)}"><title>${title}</title><style>${new SafeHtml(style)}</style>`;
}
