/**
 * liu2020 (Liu, Zhu, Belkin 2020): the tangent kernel is nearly constant because the Hessian of a wide
 * network with a linear output layer vanishes like m^(−1/2); a nonlinear output layer breaks this.
 * Claims of "What the project must show" in shared/theory/liu2020-transition-to-linearity.md.
 */
import { Matrix } from '../../linalg/matrix.js';
import { lanczos } from '../../linalg/lanczos.js';
import type { Rng } from '../../linalg/random/rng.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { buildModel } from '../../models/spec.js';
import { liu2020Bottleneck, liu2020FC, liu2020TwoLayer } from '../../models/liu2020.js';
import { threeClusters } from '../../data/liu2020.js';
import type { Network } from '../../nn/network.js';
import { combineVerdicts, judgeBound, judgeIdentity, judgePlateau, judgeSlope, meanWithSe, type BoundPoint, type PlateauPoint, type ScalingPoint } from '../statistics.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { kernelProbe } from '../../probes/kernel.js';
import { makeLoss } from '../../train/losses.js';
import { train } from '../../train/trainer.js';
import type { Claim, Scale } from './claim.js';
import { logLogPlot } from './plots.js';
import { overWidths } from './sweeps.js';

/** ‖∇²f_c(x)‖₂ by Lanczos (largest |λ|) on exact Hessian-vector products, for one input x (1×d). */
export function outputHessianNorm(net: Network, params: Float64Array, x: Matrix, output: number, rng: Rng): number {
  const g = new Matrix(1, net.outputs);
  g.data[output] = 1;
  const pass = net.forwardPass(params, x);
  const res = lanczos((v, out) => out.set(net.hvp(params, x, v, g, undefined, pass)), net.trainableSize, {
    which: 'magnitude', maxIterations: 40, tolerance: 1e-6, rng,
  });
  return Math.abs(res.values[0]);
}

const widths = (scale: Scale): number[] => (scale === 'quick' ? [64, 128, 256, 512, 1024] : [64, 128, 256, 512, 1024, 2048, 4096]);
const seeds = (scale: Scale): number => (scale === 'quick' ? 3 : 5);

const hessianScaling: Claim = {
  id: 'liu2020.hessian-vanishes',
  paper: 'liu2020',
  theorem: 'Thm 3.2 (FC, linear output): ‖H‖ = Õ(1/√m)',
  prediction: 'The spectral norm of the Hessian of f at initialization falls like m^(−1/2) (up to log factors) with a linear output layer',
  experiment: 'NTK-parameterized FC, 2 hidden tanh layers, one input in d = 5; ‖∇²f(x)‖₂ by Lanczos on exact HVPs at widths 64…1024 (quick; to 4096 full), 3 seeds (5 full)',
  statistic: 'log–log slope of ‖H‖ against m, 95% interval inside [−0.6, −0.35] (Õ hides ln m factors)',
  run(ctx) {
    const x = new Matrix(1, 5, ctx.rng.fold('x').fillNormal(new Float64Array(5)));
    const { pts, rows } = overWidths(ctx, widths(ctx.scale), seeds(ctx.scale), 'hessianNorm', (m, s) => {
      const net = liu2020FC({ inputDim: 5, width: m, depth: 2, activation: { name: 'tanh' } });
      return outputHessianNorm(net, net.init(ctx.rng.fold('init', m, s)), x, 0, ctx.rng.fold('lanczos', m, s));
    });
    const j = judgeSlope(pts, [-0.6, -0.35], { rng: ctx.rng.fold('bootstrap') });
    return { ...j, measured: j.reason.split(':')[0], data: rows, plot: logLogPlot({ x: 'width', y: 'hessianNorm', xTitle: 'width m', yTitle: '‖∇²f(x)‖₂ at init' }) };
  },
};

const kernelFlat: Claim = {
  id: 'liu2020.kernel-norm-flat',
  paper: 'liu2020',
  theorem: 'Sec 3: ‖K(w0)‖ = O(1) in the NTK parameterization',
  prediction: 'The tangent kernel norm at initialization stays of order one as width grows',
  experiment: 'the same FC networks as liu2020.hessian-vanishes; ‖K(w0)‖₂ of 6 inputs',
  statistic: 'log–log slope of ‖K(w0)‖₂ against m, 95% interval inside [−0.15, 0.15]',
  run(ctx) {
    const x = new Matrix(6, 5, ctx.rng.fold('x').fillNormal(new Float64Array(30)));
    const { pts, rows } = overWidths(ctx, widths(ctx.scale), seeds(ctx.scale), 'kernelTrace', (m, s) => {
      const net = liu2020FC({ inputDim: 5, width: m, depth: 2, activation: { name: 'tanh' } });
      const k = empiricalKernel(net, net.init(ctx.rng.fold('init', m, s)), x).kernel;
      let tr = 0;
      for (let i = 0; i < 6; i++) tr += k.get(i, i);
      return tr;
    });
    const j = judgeSlope(pts, [-0.15, 0.15], { rng: ctx.rng.fold('bootstrap') });
    return { ...j, measured: `trace of K(w0): ${j.reason.split(':')[0]}`, data: rows, plot: logLogPlot({ x: 'width', y: 'kernelTrace', xTitle: 'width m', yTitle: 'tr K(w0)' }) };
  },
};

const softmaxControl: Claim = {
  id: 'liu2020.softmax-output-control',
  paper: 'liu2020',
  theorem: 'Sec 4 / App. C.1: H_g = φ′(f)H_f + φ″(f)∇f∇fᵀ',
  prediction: 'With a softmax output layer the Hessian does not vanish with width (the ∇f∇fᵀ term is Θ(1)), while the logits\' Hessian does',
  experiment: 'App. C.1 two-layer net f = V·relu(wx + b)/√m on x ~ N(0,1), 3 outputs; ‖∇²g(x)‖₂ of softmax output 0 against width 64…1024, 3 seeds',
  statistic: 'softmax output: the plateau c∞ of ‖H_g‖ = c∞ + a·m^(−1/2) (least squares, seeds resampled) with its 95% interval above a tenth of ‖H_g‖ at the largest width and c∞ at least half of it (as for liu2020.swish-output-control); logits: log–log slope inside [−1.5, −0.3]',
  negativeControl: true,
  run(ctx) {
    const x = new Matrix(1, 1, Float64Array.of(0.7));
    const soft: PlateauPoint[] = [];
    const logits: ScalingPoint[] = [];
    const rows: Record<string, unknown>[] = [];
    const ws = widths(ctx.scale);
    let done = 0;
    for (const m of ws) {
      for (let s = 0; s < seeds(ctx.scale); s++) {
        const withHead = liu2020TwoLayer({ width: m, head: 'softmax' });
        const plain = liu2020TwoLayer({ width: m });
        const params = withHead.init(ctx.rng.fold('init', m, s)); // same tensors, same values
        const hs = outputHessianNorm(withHead, params, x, 0, ctx.rng.fold('l1', m, s));
        const hl = outputHessianNorm(plain, params, x, 0, ctx.rng.fold('l2', m, s));
        soft.push({ width: m, seed: s, value: hs });
        logits.push({ x: m, y: hl, group: s });
        rows.push({ width: m, seed: s, output: 'softmax', hessianNorm: hs }, { width: m, seed: s, output: 'logits', hessianNorm: hl });
        ctx.progress(++done, ws.length * seeds(ctx.scale));
      }
    }
    const js = judgePlateau(soft, ctx.rng.fold('b1'));
    const jl = judgeSlope(logits, [-1.5, -0.3], { rng: ctx.rng.fold('b2') });
    const verdict = combineVerdicts(js, jl);
    return {
      verdict, value: js.value, interval: js.interval,
      reason: `softmax output: ${js.reason}; logits: ${jl.reason}`,
      measured: `softmax plateau c∞ = ${js.value?.toPrecision(3)} [${js.interval[0].toPrecision(3)}, ${js.interval[1].toPrecision(3)}] (${(100 * js.share).toFixed(0)}% of ‖H_g‖ at the largest m), logits slope ${jl.value?.toFixed(3)}`,
      data: rows,
      plot: logLogPlot({ x: 'width', y: 'hessianNorm', xTitle: 'width m', yTitle: '‖∇²(output 0)‖₂', series: 'output' }),
    };
  },
};

const identities: Claim = {
  id: 'liu2020.parameterization-identity',
  paper: 'liu2020',
  theorem: 'App. B: W̄ = W/√m leaves f unchanged, K̄ = m·K, H̄ = m·H',
  prediction: 'Rewriting the NTK-parameterized net in LeCun form scales the tangent kernel and the Hessian by exactly m (all fan-ins m), so ‖K‖/‖H‖ is parameterization-free; the v–v block of the Hessian (output weights) is exactly 0',
  experiment: 'a 2-hidden-layer net with d = m = 8 in both forms, 4 inputs; K from factors, the full Hessian of f(x_1)',
  statistic: 'max relative deviation of K̄/(mK) and H̄/(mH) from 1, ≤ 1e-10; and the Hessian block of the output weights v (f is linear in v) zero to 1e-15 of the largest entry',
  run(ctx) {
    const m = 8;
    const spec = (scale: 'ntk' | 'standard') => ({
      input: m, layers: [{ type: 'dense', width: m, scale }, { type: 'activation', activation: { name: 'tanh' } }, { type: 'dense', width: m, scale }, { type: 'activation', activation: { name: 'softplus' } }, { type: 'dense', width: 1, scale }],
    });
    const ntk = buildModel(spec('ntk'));
    const lecun = buildModel(spec('standard'));
    const p = ntk.init(ctx.rng.fold('init'));
    const pBar = p.map((w) => w / Math.sqrt(m));
    const x = new Matrix(4, m, ctx.rng.fold('x').fillNormal(new Float64Array(4 * m)));
    const K = empiricalKernel(ntk, p, x).kernel;
    const KBar = empiricalKernel(lecun, pBar, x).kernel;
    const g = new Matrix(4, 1, Float64Array.of(1, 0, 0, 0));
    const H = ntk.hessian(p, x, g);
    const HBar = lecun.hessian(pBar, x, g);
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < K.data.length; i++) {
      worst = Math.max(worst, Math.abs(KBar.data[i] - m * K.data[i]));
      scale = Math.max(scale, Math.abs(m * K.data[i]));
    }
    for (let i = 0; i < H.data.length; i++) {
      worst = Math.max(worst, Math.abs(HBar.data[i] - m * H.data[i]));
      scale = Math.max(scale, Math.abs(m * H.data[i]));
    }
    // f is linear in the output layer's weights v: the v–v block of H is exactly zero (item 6).
    const v = ntk.paramRefs.filter((r) => r.trainable && r.shape.length === 2).at(-1)!;
    const P = ntk.trainableSize;
    let vv = 0;
    let hMax = 0;
    for (let i = 0; i < P; i++) for (let k = 0; k < P; k++) {
      const h = Math.abs(H.data[i * P + k]);
      hMax = Math.max(hMax, h);
      if (i >= v.offset && i < v.offset + v.size && k >= v.offset && k < v.offset + v.size) vv = Math.max(vv, h);
    }
    const j = judgeIdentity(scale + worst, scale, 1e-10);
    const blockZero = vv <= 1e-15 * hMax;
    return {
      ...j,
      verdict: j.verdict === 'holds' && !blockZero ? 'fails' : j.verdict,
      reason: `${j.reason}; v–v block of H: max |entry| ${vv.toExponential(2)} against the largest ${hMax.toExponential(2)}${blockZero ? ' (zero)' : ' (not zero)'}`,
      measured: `max |K̄ − mK|, |H̄ − mH| relative to the largest entry: ${(worst / scale).toExponential(2)}; largest v–v entry of H: ${vv.toExponential(2)}`,
      data: [{ m, maxDeviation: worst, largestEntry: scale, largestOutputBlockEntry: vv }],
    };
  },
};

const kernelDrift: Claim = {
  id: 'liu2020.kernel-drift-after-training',
  paper: 'liu2020',
  theorem: 'Prop 2.2 with Thm 3.2: |K(w) − K(w0)| ≤ sup‖H‖·R·(‖∇f(w0)‖ + ‖∇f(w)‖)',
  prediction: 'After training with the square loss, the relative change of the tangent kernel ΔK = sup_t ‖K_t − K_0‖_F/‖K_0‖_F falls with width at least as fast as the bound\'s m^(−1/2) (the bound is an upper bound; measured rates are often steeper)',
  experiment: 'NTK-parameterized FC, 2 hidden tanh layers, n = 8 Gaussian inputs in d = 5 with N(0,1) targets, GD with η = 1/λ_max(K_0) (sum loss) for 150 steps, widths 64…1024, 2 seeds (3 full)',
  statistic: 'log–log slope of ΔK against m, 95% interval inside [−1.2, −0.35]',
  run(ctx) {
    const x = new Matrix(8, 5, ctx.rng.fold('x').fillNormal(new Float64Array(40)));
    const y = new Matrix(8, 1, ctx.rng.fold('y').fillNormal(new Float64Array(8)));
    const { pts, rows } = overWidths(ctx, widths(ctx.scale), ctx.scale === 'quick' ? 2 : 3, 'kernelChange', (m, s) => {
      const net = liu2020FC({ inputDim: 5, width: m, depth: 2, activation: { name: 'tanh' } });
      const params = net.init(ctx.rng.fold('init', m, s));
      const eta = 1 / kernelSpectrum(empiricalKernel(net, params, x).kernel).lambdaMax;
      const res = train(net, params, x, y, { loss: makeLoss({ name: 'square' }), optimizer: { kind: 'gd' }, learningRate: eta, steps: 150, every: 15, probes: [kernelProbe()], rng: ctx.rng.fold('t', m, s) });
      return Math.max(...res.records.map((r) => r['kernel.driftFrobenius'] as number));
    });
    const j = judgeSlope(pts, [-1.2, -0.35], { rng: ctx.rng.fold('bootstrap') });
    return { ...j, measured: j.reason.split(':')[0], data: rows, plot: logLogPlot({ x: 'width', y: 'kernelChange', xTitle: 'width m', yTitle: 'ΔK = sup_t ‖K_t − K_0‖_F/‖K_0‖_F' }) };
  },
};

const bottleneck: Claim = {
  id: 'liu2020.bottleneck-control',
  paper: 'liu2020',
  theorem: 'App. C.2 (a bottleneck breaks condition (b) of Thm 3.1)',
  prediction: 'With a narrow bottleneck layer the tangent kernel changes a lot during training, and the change shrinks as the bottleneck widens (the wide layers alone do not make the model linear)',
  experiment: 'f = W4·relu(W3·W2·relu(W1x)/√m)/√m with 1/√m_b before W3, m = 512, m_b ∈ {2, 8, 32, 128}, on the three-cluster data (n = 60) with cross-entropy on the logits, GD with η = 1/(κλ_max(K_0)) for 200 steps, 3 seeds',
  statistic: 'log–log slope of ΔK = sup_t ‖K_t − K_0‖_F/‖K_0‖_F against m_b, 95% interval inside [−2, −0.1] (decreasing)',
  negativeControl: true,
  run(ctx) {
    const ds = threeClusters({ n: 60, rng: ctx.rng.fold('data') });
    const values: { x: number; estimate: number; se: number }[] = [];
    const rows: Record<string, unknown>[] = [];
    const bottlenecks = [2, 8, 32, 128];
    let done = 0;
    for (const mb of bottlenecks) {
      const logs: number[] = [];
      for (let s = 0; s < 3; s++) {
        const net = liu2020Bottleneck({ width: 512, bottleneck: mb, outputs: 3 });
        const params = net.init(ctx.rng.fold('init', mb, s));
        const k0 = empiricalKernel(net, params, ds.x, undefined, { outputs: 'trace' }).kernel;
        const eta = 1 / ((0.5 / ds.x.rows) * kernelSpectrum(k0).lambdaMax);
        const res = train(net, params, ds.x, ds.y, { loss: makeLoss({ name: 'cross_entropy' }), optimizer: { kind: 'gd' }, learningRate: eta, steps: 200, every: 20, probes: [kernelProbe()], rng: ctx.rng.fold('t', mb, s) });
        const dk = Math.max(...res.records.map((r) => r['kernel.driftFrobenius'] as number));
        logs.push(Math.log(dk));
        rows.push({ bottleneck: mb, seed: s, kernelChange: dk, finalLoss: res.records[res.records.length - 1].loss });
        ctx.progress(++done, bottlenecks.length * 3);
      }
      const { mean, se } = meanWithSe(logs);
      values.push({ x: mb, estimate: mean, se });
    }
    const j = judgeSlope(rows.map((r) => ({ x: r['bottleneck'] as number, y: r['kernelChange'] as number, group: r['seed'] as number })), [-2, -0.1], { rng: ctx.rng.fold('bootstrap') });
    return {
      ...j,
      measured: `${j.reason.split(':')[0]}; ΔK ≈ ${values.map((v) => Math.exp(v.estimate).toPrecision(3)).join(', ')} for m_b = ${bottlenecks.join(', ')}`,
      data: rows,
      plot: logLogPlot({ x: 'bottleneck', y: 'kernelChange', xTitle: 'bottleneck width m_b', yTitle: 'ΔK' }),
    };
  },
};

const segmentBound: Claim = {
  id: 'liu2020.kernel-change-bound',
  paper: 'liu2020',
  theorem: 'Prop 2.2',
  prediction: '|K(w; x, z) − K(w0; x, z)| ≤ sup_{v ∈ [w0, w]} ‖H(v)‖ · R · (‖∇f(w0; x)‖ + ‖∇f(w; z)‖) for w at distance R from w0',
  experiment: 'NTK-parameterized FC (2 hidden tanh layers, m = 256, d = 5), two inputs x, z; w = w0 + R·u along 1 random unit direction (3 full), R = 0.5…8; the sup of ‖∇²f‖₂ over both inputs at 3 points of the segment (5 full; Lanczos on exact HVPs)',
  statistic: 'measured |ΔK| ≤ bound at every R and direction (worst ratio ≤ 1)',
  run(ctx) {
    const d = 5;
    const net = liu2020FC({ inputDim: d, width: 256, depth: 2, activation: { name: 'tanh' } });
    const w0 = net.init(ctx.rng.fold('init'));
    const X = new Matrix(2, d, ctx.rng.fold('x').fillNormal(new Float64Array(2 * d)));
    const xs = [X.rowBlock(0, 1), X.rowBlock(1, 2)];
    const P = net.trainableSize;
    const grads = (w: Float64Array): Matrix => net.perExampleGradients(w, X, 0);
    const norm = (v: Float64Array): number => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
    const dotRows = (g: Matrix): number => g.row(0).reduce((a, b, i) => a + b * g.row(1)[i], 0);
    const g0 = grads(w0);
    const k0 = dotRows(g0);
    const pts: BoundPoint[] = [];
    const rows: Record<string, unknown>[] = [];
    const radii = [0.5, 1, 2, 4, 8];
    let done = 0;
    const directions = ctx.scale === 'quick' ? 1 : 3;
    const ts = ctx.scale === 'quick' ? [0, 0.5, 1] : [0, 0.25, 0.5, 0.75, 1];
    for (let k = 0; k < directions; k++) {
      const u = ctx.rng.fold('u', k).fillNormal(new Float64Array(P));
      const un = norm(u);
      for (let i = 0; i < P; i++) u[i] /= un;
      for (const R of radii) {
        const at = (t: number): Float64Array => {
          const w = w0.slice();
          for (let i = 0; i < P; i++) w[i] += t * R * u[i];
          return w;
        };
        const w = at(1);
        const g = grads(w);
        const dk = Math.abs(dotRows(g) - k0);
        let supH = 0;
        for (const t of ts) {
          for (const [j, x] of xs.entries()) supH = Math.max(supH, outputHessianNorm(net, at(t), x, 0, ctx.rng.fold('l', k, R * 4, j, t * 4)));
        }
        const bound = supH * R * (norm(g0.row(0)) + norm(g.row(1)));
        pts.push({ at: R, measured: dk, bound });
        rows.push({ direction: k, radius: R, kernelChange: dk, bound });
        ctx.progress(++done, directions * radii.length);
      }
    }
    const j = judgeBound(pts, 'below');
    return { ...j, measured: `worst |ΔK|/bound ${j.value?.toPrecision(3)} over ${pts.length} points`, data: rows, plot: logLogPlot({ x: 'radius', y: 'kernelChange', xTitle: 'distance R from w0', yTitle: '|K(w; x, z) − K(w0; x, z)|' }) };
  },
};

export const liu2020Claims: Claim[] = [hessianScaling, kernelFlat, kernelDrift, softmaxControl, bottleneck, identities, segmentBound];
