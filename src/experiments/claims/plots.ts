/** Vega-Lite spec builders shared by the claims (data values are attached by the report). */
import type { VegaLiteSpec } from './claim.js';

/** Log–log scatter of y against x, coloured by a series field, with a line through the means. */
export function logLogPlot(o: { x: string; y: string; xTitle: string; yTitle: string; series?: string; title?: string }): VegaLiteSpec {
  const color = o.series ? { color: { field: o.series, type: 'nominal' } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
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
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
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
