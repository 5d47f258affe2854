/**
 * chen2018's large-batch sweep as a plot: epochs to target against B, one line per network on log axes,
 * each network's Monte-Carlo B_S at initialization as a dashed rule and its critical batch size as a
 * triangle. It reads only the fields below, which the sweep's result (experiments/diversity) has.
 */
import type { VegaLiteSpec } from './spec.js';

export interface EpochsVsBatch {
  settings: { target: number; factor: number };
  networks: {
    label: string;
    points: { batch: number; medianEpochs: number | null }[];
    criticalBatch: number | null;
    bsExact?: number | null;
    bsMonteCarlo?: { estimate: number } | null;
  }[];
}

/** Vega-Lite spec of epochs to target against B (log–log), one line per network, B_S marked. */
export function epochsVsBatchSpec(r: EpochsVsBatch): VegaLiteSpec {
  const lines = r.networks.flatMap((nw) => nw.points.filter((p) => p.medianEpochs !== null).map((p) => ({ network: nw.label, batch: p.batch, epochs: p.medianEpochs })));
  const bs = r.networks.filter((nw) => nw.bsMonteCarlo || nw.bsExact).map((nw) => ({ network: nw.label, bs: nw.bsMonteCarlo?.estimate ?? nw.bsExact }));
  const critical = r.networks.flatMap((nw) => {
    const p = nw.points.find((q) => q.batch === nw.criticalBatch);
    return p && p.medianEpochs !== null ? [{ network: nw.label, batch: p.batch, epochs: p.medianEpochs }] : [];
  });
  const color = { field: 'network', type: 'nominal', title: 'network', scale: { domain: r.networks.map((nw) => nw.label) } };
  const x = { field: 'batch', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'batch size B' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Epochs to target vs batch size', subtitle: `target ${r.settings.target}·L(0); dashed: B_S at initialization (Monte Carlo); ▼ critical B (within ${r.settings.factor}×)` },
    width: 520,
    height: 340,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'epochs', type: 'quantitative', scale: { type: 'log' }, title: 'epochs to target (median over seeds)' }, color },
      },
      { data: { values: bs }, mark: { type: 'rule', strokeDash: [5, 4], opacity: 0.8 }, encoding: { x: { ...x, field: 'bs' }, color } },
      {
        data: { values: critical },
        mark: { type: 'point', shape: 'triangle-down', size: 140, filled: true },
        encoding: { x, y: { field: 'epochs', type: 'quantitative' }, color },
      },
    ],
  };
}
