/**
 * A Vega-Lite specification as plain data. The plot builders of this folder return these; the report
 * (report/vegaSvg.ts) checks each against its whitelist before rendering, so a spec never fetches or
 * runs anything.
 */
export type VegaLiteSpec = Record<string, unknown>;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
