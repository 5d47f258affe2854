/**
 * du2019 item G of "What the project must show" (theory note), a negative control: at a fixed width the FC's
 * GD rate collapses with depth (the 2^{O(H)} of Thm 5.1), the ResNet's does not (the polynomial width of Thm 6.1).
 * The rate is the linearized contraction per GD step at the runs' step η = 1/λ_max(G(0)): ηλ_min(G(0)).
 */
import { du2019Data } from '../../data/du2019.js';
import { empiricalKernel } from '../../kernels/empirical.js';
import { kernelSpectrum } from '../../kernels/spectrum.js';
import { du2019FC, du2019ResNet } from '../../models/du2019.js';
import { combineVerdicts, type ScalingPoint } from '../statistics.js';
import type { Claim, Scale } from './claim.js';
import { DEPTH_EXPONENT_EDGE, judgeDepthContrast } from './du2019Judges.js';
import { logLogPlot } from '../../plots/charts.js';
import { countText, listText } from './prose.js';

export interface DepthSizes {
  width: number;
  depths: number[];
  seeds: number;
  cRes: number;
  n: number;
  d: number;
}

/** log r scatters ≈ 0.2 between seeds (FC) and ≈ 0.15 (ResNet): 5 seeds give the exponents a half-width ≈ 0.3 (power test). */
const SIZES: Record<Scale, DepthSizes> = {
  quick: { width: 256, depths: [2, 4, 6, 8], seeds: 5, cRes: 0.25, n: 8, d: 5 },
  full: { width: 1024, depths: [2, 3, 4, 6, 8, 12], seeds: 8, cRes: 0.25, n: 8, d: 5 },
};

const depthControl: Claim<DepthSizes> = {
  id: 'du2019.fc-vs-resnet-depth',
  paper: 'du2019',
  theorem: 'Thm 5.1 vs Thm 6.1: 2^{O(H)} vs polynomial width in H; Def 5.1 (λ0 ≈ 0.318^H), Prop F.2 (ResNet λ0 ~ 1/H²)',
  prediction: 'At a fixed width the GD rate ηλ_min(G(0)) at η = 1/λ_max(G(0)) collapses exponentially with depth for the FC network, faster than any H^−2, while the ResNet\'s falls no faster than the H^−2 of its λ0',
  falsifier: `a 95% interval of the ResNet's log–log exponent of ηλ_min(G(0)) in H wholly below ${DEPTH_EXPONENT_EDGE} (a ResNet that collapses like the FC, ≈ −5), or the FC's wholly above ${DEPTH_EXPONENT_EDGE} (an FC that does not collapse)`,
  sizes: SIZES,
  experiment: (s) => `FC and ResNet (c_res = ${s.cRes}), softplus, m = ${s.width}, n = ${s.n} unit inputs in d = ${s.d}, H ∈ {${listText(s.depths)}}, ${countText(s.seeds, 'seed')} each; r = λ_min(G(0))/λ_max(G(0)) of the full Gram matrix at initialization (the contraction per step of the linearized GD at η = 1/λ_max(G(0)))`,
  statistic: `log–log slopes of r against H with 95% intervals over the seeds: FC at most ${DEPTH_EXPONENT_EDGE}, ResNet at least ${DEPTH_EXPONENT_EDGE}`,
  run(ctx, s) {
    const { x } = du2019Data({ n: s.n, d: s.d, rng: ctx.rng.fold('data') });
    const pts: Record<'fc' | 'resnet', ScalingPoint[]> = { fc: [], resnet: [] };
    const rows: Record<string, unknown>[] = [];
    let done = 0;
    for (const arch of ['fc', 'resnet'] as const) {
      for (const H of s.depths) {
        for (let seed = 0; seed < s.seeds; seed++) {
          const net = arch === 'fc' ? du2019FC({ inputDim: s.d, width: s.width, depth: H }) : du2019ResNet({ inputDim: s.d, width: s.width, depth: H, cRes: s.cRes });
          const sp = kernelSpectrum(empiricalKernel(net, net.init(ctx.rng.fold('init', arch, H, seed)), x).kernel);
          const r = sp.lambdaMin / sp.lambdaMax;
          pts[arch].push({ x: H, y: r, group: seed });
          rows.push({ arch, depth: H, seed, rate: r });
          ctx.progress(++done, 2 * s.depths.length * s.seeds);
        }
      }
    }
    const j = judgeDepthContrast(pts.fc, pts.resnet, ctx.rng.fold('bootstrap'));
    const mean = (arch: string, H: number): number => {
      const v = rows.filter((r) => r['arch'] === arch && r['depth'] === H).map((r) => Math.log(r['rate'] as number));
      return Math.exp(v.reduce((a, b) => a + b, 0) / v.length);
    };
    const path = (arch: string): string => s.depths.map((H) => mean(arch, H).toExponential(1)).join(' → ');
    return {
      verdict: combineVerdicts(j.fc, j.resnet),
      value: j.resnet.value,
      interval: j.resnet.interval,
      reason: `FC: ${j.fc.reason}; ResNet: ${j.resnet.reason}`,
      measured: `r over H = ${listText(s.depths)}: FC ${path('fc')}, ResNet ${path('resnet')} (geometric means); FC: ${j.fc.reason}; ResNet: ${j.resnet.reason}`,
      data: rows,
      plot: logLogPlot({ x: 'depth', y: 'rate', xTitle: 'depth H', yTitle: 'ηλ_min(G(0)), η = 1/λ_max(G(0))', series: 'arch' }),
    };
  },
};

export const du2019DepthClaims: Claim[] = [depthControl];
