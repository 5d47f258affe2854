/**
 * The large-batch sweep's table (batchSweep.ts): per network its weights, B_S at initialization
 * (Theorem 6, Monte Carlo, measured), the critical batch size and the median epochs per B. Its plot is
 * plots/batchSweep.ts.
 */
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
