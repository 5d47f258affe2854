/**
 * The zou2018 rate statistic (src/experiments/claims/zou2018Rates.ts) on synthetic loss curves whose
 * form is known: exact linear convergence e^{−rk}, exact 1/(a + bk) decay, and curves that break the
 * prediction in each of the ways the verdict looks at.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitRates, judgeRates, type RateRun } from '../../src/experiments/claims/zou2018Rates.js';

const steps = Array.from({ length: 41 }, (_, i) => 10 * i);
const exponential = (r: number, l0 = 1): { step: number; loss: number }[] => steps.map((k) => ({ step: k, loss: l0 * Math.exp(-r * k) }));
const inverse = (a: number, b: number): { step: number; loss: number }[] => steps.map((k) => ({ step: k, loss: 1 / (a + b * k) }));

function run(loss: RateRun['loss'], width: number, curve: { step: number; loss: number }[], seed = 0): RateRun {
  return { loss, width, seed, ...fitRates(loss, curve), curve };
}

describe('zou2018 loss-rate statistic', () => {
  it('recovers the rate of exact curves: log L_S slope −r for e^{−rk}, 1/L_S slope b for 1/(a + bk)', () => {
    const e = fitRates('squared_hinge', exponential(0.05));
    assert.ok(Math.abs(e.rate + 0.05) < 1e-12, `rate ${e.rate}`);
    assert.ok(Math.abs(e.r2 - 1) < 1e-12);
    const i = fitRates('logistic', inverse(1.4, 0.025));
    assert.ok(Math.abs(i.rate - 0.025) < 1e-12, `rate ${i.rate}`);
    assert.ok(Math.abs(i.r2 - 1) < 1e-12);
    // Each form fits the other curve worse: e^{rk} over 360 steps (r = 0.05) is far from a line.
    assert.ok(e.r2Other < 0.7, `1/L_S of an exponential decay: R² ${e.r2Other}`);
    assert.ok(i.r2Other < 0.99, `log L_S of a 1/k decay: R² ${i.r2Other}`);
  });

  it('holds when each loss has its predicted form at rates equal across widths', () => {
    const runs = [256, 1024].flatMap((m) => [run('squared_hinge', m, exponential(0.05)), run('logistic', m, inverse(1.4, 0.025))]);
    const j = judgeRates(runs);
    assert.equal(j.verdict, 'holds', j.reason);
    assert.ok(Math.abs(j.widthRatio.squared_hinge - 1) < 1e-12 && Math.abs(j.widthRatio.logistic - 1) < 1e-12);
  });

  it('fails when the logistic loss converges linearly (the other form fits better)', () => {
    const runs = [256, 1024].flatMap((m) => [run('squared_hinge', m, exponential(0.05)), run('logistic', m, exponential(0.05))]);
    const j = judgeRates(runs);
    assert.equal(j.verdict, 'fails');
    assert.match(j.reason, /logistic.*other loss's form fits better/);
  });

  it('fails when the loss rises, and when the rate per step changes 3× with width', () => {
    const rising = judgeRates([run('squared_hinge', 256, exponential(-0.01)), run('squared_hinge', 1024, exponential(-0.01)), run('logistic', 256, inverse(1.4, 0.025)), run('logistic', 1024, inverse(1.4, 0.025))]);
    assert.equal(rising.verdict, 'fails');
    assert.match(rising.reason, /wrong way/);
    const widthDependent = judgeRates([run('squared_hinge', 256, exponential(0.05)), run('squared_hinge', 1024, exponential(0.15)), run('logistic', 256, inverse(1.4, 0.025)), run('logistic', 1024, inverse(1.4, 0.025))]);
    assert.equal(widthDependent.verdict, 'fails');
    assert.ok(Math.abs(widthDependent.widthRatio.squared_hinge - 3) < 1e-9);
  });

  it('is inconclusive for a moderate width dependence (1.8×) and with a single width', () => {
    const moderate = judgeRates([run('squared_hinge', 256, exponential(0.05)), run('squared_hinge', 1024, exponential(0.09)), run('logistic', 256, inverse(1.4, 0.025)), run('logistic', 1024, inverse(1.4, 0.025))]);
    assert.equal(moderate.verdict, 'inconclusive', moderate.reason);
    const single = judgeRates([run('squared_hinge', 256, exponential(0.05)), run('logistic', 256, inverse(1.4, 0.025))]);
    assert.equal(single.verdict, 'inconclusive');
    assert.match(single.reason, /fewer than two widths/);
  });

  it('ignores the first tenth of training (the transient) and steps where the loss is exactly 0', () => {
    // A fast initial drop over k < 40, then e^{−0.02k}; the squared hinge can reach exactly 0 at the end.
    const curve = steps.map((k) => ({ step: k, loss: k < 40 ? 50 * Math.exp(-0.02 * k) : k === 400 ? 0 : Math.exp(-0.02 * k) }));
    const f = fitRates('squared_hinge', curve);
    assert.ok(Math.abs(f.rate + 0.02) < 1e-12, `rate ${f.rate}`);
    assert.ok(Math.abs(f.r2 - 1) < 1e-12);
  });
});
