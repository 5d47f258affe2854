/** Vega-Lite spec builders shared by the claims (data values are attached by the report). */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from './spec.js';

/** Log–log scatter of y against x, coloured by a series field, with a line through the means. */
export function logLogPlot(o: { x: string; y: string; xTitle: string; yTitle: string; series?: string; title?: string }): VegaLiteSpec {
  const color = o.series ? { color: { field: o.series, type: 'nominal' } } : {};
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: 360,
    height: 240,
    ...(o.title ? { title: o.title } : {}),
    layer: [
      { mark: { type: 'point', filled: true, opacity: 0.6 }, encoding: { x: { field: o.x, type: 'quantitative', scale: { type: 'log', nice: false }, title: o.xTitle }, y: { field: o.y, type: 'quantitative', scale: { type: 'log' }, title: o.yTitle }, ...color } },
      { mark: { type: 'line' }, encoding: { x: { field: o.x, type: 'quantitative', scale: { type: 'log', nice: false } }, y: { aggregate: 'mean', field: o.y, type: 'quantitative', scale: { type: 'log' } }, ...color } },
    ],
  };
}

/** A line of y against x (linear or log y), coloured by series. */
export function linePlot(o: { x: string; y: string; xTitle: string; yTitle: string; series?: string; logY?: boolean; logX?: boolean; title?: string }): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: 360,
    height: 240,
    ...(o.title ? { title: o.title } : {}),
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: o.x, type: 'quantitative', title: o.xTitle, ...(o.logX ? { scale: { type: 'log' } } : {}) },
      y: { field: o.y, type: 'quantitative', title: o.yTitle, ...(o.logY ? { scale: { type: 'log' } } : {}) },
      ...(o.series ? { color: { field: o.series, type: 'nominal' } } : {}),
    },
  };
}

/** A histogram of one field (at most maxBins bins). */
export function histogramPlot(o: { x: string; xTitle: string; maxBins?: number }): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: 360,
    height: 240,
    mark: 'bar',
    encoding: { x: { field: o.x, type: 'quantitative', bin: { maxbins: o.maxBins ?? 30 }, title: o.xTitle }, y: { aggregate: 'count', type: 'quantitative' } },
  };
}

export interface CurvePanel {
  /** The rows drawn: those whose `filterField` equals `equal`. */
  equal: string;
  title: string;
  y: string;
  yTitle: string;
  logY: boolean;
}

/**
 * Side-by-side panels of curves y(x), one line per (series, detail) pair, each panel showing the rows
 * whose filterField equals its value (e.g. one panel per loss).
 */
export function curvePanels(o: { x: string; xTitle: string; filterField: string; series: string; seriesTitle: string; detail: string; panels: CurvePanel[] }): VegaLiteSpec {
  const panel = (p: CurvePanel): VegaLiteSpec => ({
    width: 300,
    height: 220,
    title: p.title,
    transform: [{ filter: { field: o.filterField, equal: p.equal } }],
    mark: { type: 'line', point: false },
    encoding: {
      x: { field: o.x, type: 'quantitative', title: o.xTitle },
      y: { field: p.y, type: 'quantitative', title: p.yTitle, ...(p.logY ? { scale: { type: 'log' } } : {}) },
      color: { field: o.series, type: 'nominal', title: o.seriesTitle },
      detail: { field: o.detail, type: 'nominal' },
    },
  });
  return { $schema: VEGA_LITE_SCHEMA, hconcat: o.panels.map(panel) };
}
