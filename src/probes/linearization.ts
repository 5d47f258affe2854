/**
 * `linearization`: the trained network against its linearization at initialization ("lazy training";
 * liu2020 Prop 2.1/2.2 and App. A; kernels.md "Closed-form dynamics"). f_lin(θ) = f(θ0) + J(θ0)(θ − θ0)
 * trained by the same full-batch GD on the square loss L = (r/2)Σ_ic w_c(f_ic − y_ic)² has, with
 * Θ = Θ(0) on the training set,  f_lin(t) − y = (I − ηr·Θ·D_w)^t (f(0) − y)  — computed in closed form
 * by kernels/dynamics.ts (linearizedDynamics(...).train(t, 'gd')), never by stepping.
 *   r: reduction 'sum' → 1 (du2019, allenzhu2019), 'mean' → 1/N (the lossScale of linearizedDynamics).
 *   Θ: the per-output N×N kernel when C = 1, the full (N·C)×(N·C) kernel when C > 1, so the coupling
 *      between outputs through shared parameters is exact: the closed form assumes what GD does — all
 *      outputs trained in lockstep with one step size η and one loss scale.
 *   Output weights w_c (square loss `weights`, e.g. allenzhu2019's skipped y_{i,1}; must be ≥ 0) are
 *      applied exactly: with S = D_w^{1/2}, u = S(f − y) follows linearized GD on the symmetric kernel
 *      SΘS, and f_lin(t) = f(0) − ΘS·V[(1 − (1 − ηrΛ)^t)/Λ]Vᵀu(0) — linearizedDynamics' test-set formula
 *      with test kernel ΘS (zero-weight outputs move only through the weighted ones, like test points).
 * Θ(0) and f(0) are taken at ctx.params0; t = ctx.step, which must count full-batch GD steps from
 * params0 (the trainer's records do).
 * Keys: distance ‖f(t) − f_lin(t)‖_F; relativeToResidual ‖f(t) − f_lin(t)‖/‖f(0) − y‖;
 * relativeToOutput ‖f(t) − f_lin(t)‖/‖f_lin(t)‖ (null when a denominator is 0); linearLoss L(f_lin(t)).
 * Options: gd — must be true: the caller (the CLI) asserts the optimizer is full-batch GD, which the
 * closed form models (SGD is refused by omission); maxExamples (default 256) — the kernel is
 * (N·C)×(N·C) with an O((N·C)³) eigendecomposition: larger problems are refused.
 * Refuses (ConfigError) any loss but the square loss, and negative output weights.
 */
import { ConfigError } from '../errors.js';
import { empiricalKernel } from '../kernels/empirical.js';
import { linearizedDynamics } from '../kernels/dynamics.js';
import { Matrix } from '../linalg/matrix.js';
import { frobeniusNorm } from '../linalg/norms.js';
import { OptionReader } from './options.js';
import type { Probe, ProbeContext, ProbeValue } from './probe.js';

export type LinearizationOptions = { gd?: boolean; maxExamples?: number };

interface Linearized {
  /** f_lin(t) from the dynamics (train, or the weighted form's test formula). */
  at(t: number): Matrix;
  residual0: number;
}

function setup(ctx: ProbeContext, maxExamples: number): Linearized {
  const { net, loss, x, y } = ctx;
  if (loss.name !== 'square') {
    throw new ConfigError(`probe "linearization": the closed-form linearized dynamics hold for the square loss only; the loss is ${loss.name}`);
  }
  const N = x.rows;
  const C = net.outputs;
  if (N * C > maxExamples) {
    throw new ConfigError(
      `probe "linearization": the kernel would be ${N * C}×${N * C} (${N} examples × ${C} outputs) but option maxExamples is ${maxExamples}; ` +
        'raise maxExamples (memory O((N·C)²), time O((N·C)³)) or train on fewer examples',
    );
  }
  const r = loss.spec.reduction === 'mean' ? 1 / N : 1;
  const f0 = net.forward(ctx.params0, x);
  const theta = empiricalKernel(net, ctx.params0, x, undefined, { outputs: C > 1 ? 'full' : 0 }).kernel;
  const residual0 = frobeniusNorm(f0.data.map((v, k) => v - y.data[k]));
  const w = loss.spec.weights;
  if (w === undefined || w.every((v) => v === 1)) {
    const dynamics = linearizedDynamics({ kernel: theta, f0, y, learningRate: ctx.learningRate, lossScale: r });
    return { at: (t) => dynamics.train(t, 'gd'), residual0 };
  }
  if (w.length !== C || w.some((v) => !(v >= 0) || !Number.isFinite(v))) {
    throw new ConfigError(`probe "linearization": square-loss output weights must be ${C} finite non-negative numbers; got ${JSON.stringify(w)}`);
  }
  // S = D_w^{1/2} on the kernel's index i·C + c (C = 1: one weight for every example).
  const K = theta.rows;
  const s = Float64Array.from({ length: K }, (_, k) => Math.sqrt(w[k % C]));
  const sts = new Matrix(K, K);
  const ts = new Matrix(K, K);
  for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) {
    ts.data[a * K + b] = theta.data[a * K + b] * s[b];
    sts.data[a * K + b] = s[a] * ts.data[a * K + b];
  }
  const scaled = (m: Matrix): Matrix => new Matrix(m.rows, m.cols, m.data.map((v, k) => v * s[k % K]));
  const dynamics = linearizedDynamics({
    kernel: sts, f0: scaled(f0), y: scaled(y), learningRate: ctx.learningRate, lossScale: r, testKernel: ts, f0Test: f0,
  });
  return { at: (t) => dynamics.test(t, 'gd'), residual0 };
}

export function linearizationProbe(options: LinearizationOptions = {}): Probe {
  const o = new OptionReader('linearization', options, ['gd', 'maxExamples']);
  if (o.boolean('gd', false) !== true) {
    throw new ConfigError('probe "linearization": option gd must be true — the probe compares with the closed-form dynamics of full-batch GD and is only valid when the optimizer is GD');
  }
  const maxExamples = o.integer('maxExamples', 256);
  return {
    name: 'linearization',
    measure(ctx: ProbeContext): Record<string, ProbeValue> {
      const lin = ctx.state<Linearized>('linearization.setup', () => setup(ctx, maxExamples));
      const f = ctx.outputs();
      const fLin = lin.at(ctx.step);
      const distance = frobeniusNorm(f.data.map((v, k) => v - fLin.data[k]));
      const linNorm = frobeniusNorm(fLin);
      return {
        distance,
        relativeToResidual: lin.residual0 > 0 ? distance / lin.residual0 : null,
        relativeToOutput: linNorm > 0 ? distance / linNorm : null,
        linearLoss: ctx.loss.value(fLin, ctx.y),
      };
    },
  };
}
