/** The reproduction report (src/report/html.ts): the verdict over seeds, the per-seed table, and escaping of everything the results hold. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClaimResult } from '../../src/experiments/claims/claim.js';
import { aggregateClaim } from '../../src/experiments/seedVerdicts.js';
import type { Verdict } from '../../src/experiments/statistics.js';
import { renderReport } from '../../src/report/html.js';

const EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';

function result(verdict: Verdict, seed: number, extra: Partial<ClaimResult> = {}): ClaimResult {
  return {
    id: 'du2019.gram-stability', paper: 'du2019', theorem: 'Thm 5.1', prediction: 'the Gram matrix stays close', experiment: 'GD at widths', falsifier: 'drift grows', statistic: 'slope',
    negativeControl: false, scale: 'quick', verdict, value: 0.25 + seed, reason: `reason at seed ${seed}`, measured: `slope ${-0.5 - seed / 100}`, data: [{ m: 64, drift: 0.1 }], seconds: 2, ...extra,
  };
}

describe('renderReport', () => {
  it('shows the verdict over the seeds, the per-seed letters and a row per seed', async () => {
    const r = aggregateClaim([0, 1, 2].map((seed) => ({ seed, result: result(seed === 1 ? 'fails' : 'holds', seed) })));
    const html = await renderReport([r], { generated: 'today', scale: 'quick', seeds: [0, 1, 2] });
    assert.match(html, /seeds 0, 1, 2/);
    assert.match(html, /<code>H F H<\/code>/);
    assert.match(html, /1 of 3 seeds fails \(seed 1\), which chance explains \(p = 0\.14/);
    for (const seed of [0, 1, 2]) assert.ok(html.includes(`<td>reason at seed ${seed}</td>`), `seed ${seed} row`);
    assert.equal((html.match(/<table class="seeds">/g) ?? []).length, 1);
    // The figure shown is the failing seed's (no seed is inconclusive), and says so.
    assert.match(html, /<dt>measured<\/dt><dd>slope -0\.51 \(seed 1\)/);
    assert.ok(!html.includes('<script'));
  });

  it('escapes every string of the results, tampered verdicts and seeds included', async () => {
    const r = aggregateClaim([0, 1].map((seed) => ({ seed, result: result('holds', seed, { id: `du2019.${EVIL}`, theorem: EVIL, prediction: EVIL, experiment: EVIL, falsifier: EVIL, statistic: EVIL, measured: EVIL, reason: EVIL, data: [{ [EVIL]: EVIL }] }) })));
    const tampered = { ...r, verdict: EVIL as Verdict, seeds: r.seeds.map((s) => ({ ...s, verdict: EVIL as Verdict, seed: EVIL as unknown as number, seconds: EVIL as unknown as number })), dataSeed: EVIL as unknown as number, scale: EVIL as 'quick' };
    const html = await renderReport([tampered], { generated: EVIL, scale: EVIL, seeds: [EVIL as unknown as number], machine: EVIL, command: EVIL, title: EVIL });
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(!html.includes('<img'), 'no img element');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!/ on\w+=/.test(html.replace(/&lt;img src=x onerror=alert\(2\)&gt;/g, '')), 'no event handler attribute');
  });
});
