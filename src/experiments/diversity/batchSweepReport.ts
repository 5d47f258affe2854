/**
 * What the large-batch sweep (batchSweep.ts) shows: a table (per network: weights, B_S at initialization
 * — Theorem 6, Monte Carlo, measured — the critical batch size and the median epochs per B) and the plot
 * epochs-to-target against B, one line per network on log axes, with each network's Monte-Carlo B_S at
 * initialization as a dashed rule and its critical batch size as a triangle.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/files.js';
import { vegaLiteToSvg, type VegaLiteSpec } from '../../report/vegaSvg.js';
import type { BatchSweepResult } from './batchSweep.js';
import { fmt, formatTable, pm } from './table.js';

export function batchSweepTable(r: BatchSweepResult): string {
  const Bs = r.settings.batchSizes;
  const headers = ['network', 'family', 'weights', 'R(n;K) exact', 'B_S MC (init)', 'B_S(w0) median', 'critical B', ...Bs.map((B) => `B=${B}`)];
  const rows = r.networks.map((nw) => [
    nw.label, nw.family, nw.parameters, fmt(nw.bsExact, 4), pm(nw.bsMonteCarlo, 4),
    fmt([...nw.bsInit].sort((a, b) => a - b)[Math.floor((nw.bsInit.length - 1) / 2)], 4), nw.criticalBatch,
    ...nw.points.map((p) => (p.medianEpochs === null ? 'not reached' : fmt(p.medianEpochs, 4))),
  ]);
  const s = r.settings;
  return [
    `chen2018 large-batch sweep: n = ${s.n}, target loss ${s.target}·L(0), ${s.seeds} seeds, η = c·n/λ_max(Θ(0)) tuned over ${s.lrMultipliers.length} values of c from ${fmt(s.lrMultipliers[0], 4)} to ${fmt(s.lrMultipliers[s.lrMultipliers.length - 1], 4)},`,
    `at most ${s.maxEpochs} epochs; cells: median epochs to target at the best c; critical B: the largest B with medians within ${s.factor}× of B=${Bs[0]}'s`,
    formatTable(headers, rows),
  ].join('\n');
}

/** Vega-Lite spec of epochs to target against B (log–log), one line per network, B_S marked. */
export function epochsVsBatchSpec(r: BatchSweepResult): VegaLiteSpec {
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

/** Writes results.json, table.txt and epochs-vs-batch.svg into dir; returns the paths. */
export async function writeBatchSweep(r: BatchSweepResult, dir: string): Promise<{ json: string; table: string; svg: string }> {
  const files = { json: join(dir, 'results.json'), table: join(dir, 'table.txt'), svg: join(dir, 'epochs-vs-batch.svg') };
  // Each file atomically (temporary file + rename): a failure or a kill leaves no torn result.
  writeFileAtomic(files.json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileAtomic(files.table, `${batchSweepTable(r)}\n`);
  writeFileAtomic(files.svg, await vegaLiteToSvg(epochsVsBatchSpec(r)));
  return files;
}
