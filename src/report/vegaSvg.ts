/**
 * Vega-Lite spec in, SVG text out, in Node or the browser: vega-lite compiles the spec to Vega, a
 * headless Vega View (renderer 'none') lays it out and serializes its scenegraph to SVG. No canvas is
 * needed (text widths are estimated), no DOM, no network for inline data ("data": {"values": [...]}).
 * Generic: every plot of the project can go through here (e.g. the report's PlotRenderer).
 */
import { logger, parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ConfigError } from '../errors.js';

/** A Vega-Lite specification as plain JSON. */
export type VegaLiteSpec = Record<string, unknown>;

export interface SvgOptions {
  /** Resolution multiplier of the SVG's width and height (default 1). */
  scale?: number;
  /** Receives Vega-Lite's and Vega's warnings (default: dropped, so command output stays clean). */
  onWarning?: (message: string) => void;
}

/** Renders a Vega-Lite spec to an SVG document (a string starting with "<svg"). */
export async function vegaLiteToSvg(spec: VegaLiteSpec, opts: SvgOptions = {}): Promise<string> {
  const warn = opts.onWarning ?? (() => {});
  const log = logger(Warn, 'warn', (method, _level, args) => {
    if (method === 'error') return; // errors are thrown, and reported below
    warn(args.map(String).join(' '));
  });
  let vegaSpec;
  try {
    vegaSpec = compile(spec as unknown as TopLevelSpec, { logger: log }).spec;
  } catch (e) {
    throw new ConfigError(`invalid Vega-Lite spec: ${e instanceof Error ? e.message : String(e)}`);
  }
  const view = new View(parse(vegaSpec), { renderer: 'none', logger: log });
  try {
    return await view.toSVG(opts.scale ?? 1);
  } finally {
    view.finalize();
  }
}
