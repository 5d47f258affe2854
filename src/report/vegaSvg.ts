/**
 * Vega-Lite spec in, SVG text out, in Node or the browser: vega-lite compiles the spec to Vega, a
 * headless Vega View (renderer 'none') lays it out and serializes its scenegraph to SVG. No canvas is
 * needed (text widths are estimated), no DOM, no network for inline data ("data": {"values": [...]}).
 * Every plot of the project goes through here (e.g. the report's PlotRenderer). Specs may come from saved
 * results, which are untrusted: each is checked against the features the project's plots use
 * (plotWhitelist.ts) before it is compiled, and Vega is given a loader that refuses every load, so no
 * spec can read a file or reach the network.
 */
import { loader, logger, parse, View, Warn, type Loader } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ConfigError } from '../errors.js';
import type { VegaLiteSpec } from '../plots/spec.js';
import { checkPlotSpec } from './plotWhitelist.js';

/** A Vega-Lite specification as plain JSON. */
export type { VegaLiteSpec } from '../plots/spec.js';

export interface SvgOptions {
  /** Resolution multiplier of the SVG's width and height (default 1). */
  scale?: number;
  /** Receives Vega-Lite's and Vega's warnings (default: dropped, so command output stays clean). */
  onWarning?: (message: string) => void;
}

/** A Vega loader for which every load, sanitize, HTTP request and file read is an error. */
export function refusingLoader(): Loader {
  const l = loader();
  const no = (what: string) => (uri: unknown): never => {
    throw new ConfigError(`plot spec tried to ${what} ${JSON.stringify(String(uri))}; plots draw only inline data`);
  };
  Object.assign(l, { load: no('load'), sanitize: no('load'), http: no('fetch'), file: no('read the file') });
  return l;
}

/** Renders a Vega-Lite spec to an SVG document (a string starting with "<svg"). */
export async function vegaLiteToSvg(spec: VegaLiteSpec, opts: SvgOptions = {}): Promise<string> {
  const warn = opts.onWarning ?? (() => {});
  const log = logger(Warn, 'warn', (method, _level, args) => {
    if (method === 'error') return; // errors are thrown, and reported below
    warn(args.map(String).join(' '));
  });
  checkPlotSpec(spec);
  let vegaSpec;
  try {
    vegaSpec = compile(spec as unknown as TopLevelSpec, { logger: log }).spec;
  } catch (e) {
    throw new ConfigError(`invalid Vega-Lite spec: ${e instanceof Error ? e.message : String(e)}`);
  }
  const view = new View(parse(vegaSpec), { renderer: 'none', logger: log, loader: refusingLoader() });
  try {
    return await view.toSVG(opts.scale ?? 1);
  } finally {
    view.finalize();
  }
}
