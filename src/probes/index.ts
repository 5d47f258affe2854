/**
 * The probes of training (measurements taken along training; probe.ts) and their registry, used by the
 * CLI as `--probes distance,kernel,flips,...`. Factories only validate options: no probe does any work
 * until the trainer calls measure(), and the trainer calls only the probes requested.
 *
 *   distance       per-tensor ‖W_t − W_0‖_F, ‖·‖₂, relative, √m·‖ΔW‖_F; ‖θ_t − θ_0‖   (du2019, zou2018, allenzhu2019)
 *   kernel         empirical NTK G(t): drift from G(0), λ_min, λ_max, a part G^(H)        (du2019, liu2020)
 *   flips          activation-pattern flips vs step 0 per layer: max, mean, union        (zou2018 Thm 5.3, allenzhu2019)
 *   hessian        ‖∇²L‖₂ and ‖∇²f(x_i)‖₂ by Lanczos on exact HVPs                      (liu2020)
 *   pl             ‖∇L‖²/L and ‖∇L‖²/(m·L)                                               (allenzhu2019 claim c)
 *   zou2018        gradient lower/upper bound ratios for margin losses                   (zou2018 Thm 5.3)
 *   features       per-layer feature norms min/mean/max over examples                    (du2019 C, zou2018 Thm 5.1)
 *   rnn            hidden-state norms per time step                                       (allenzhu2019)
 *   linearization  ‖f(t) − f_lin(t)‖ against the closed-form linearized GD dynamics      (liu2020, kernels.md)
 */
import { ConfigError } from '../errors.js';
import { distanceProbe, type DistanceOptions } from './distance.js';
import { featuresProbe, type FeaturesOptions } from './features.js';
import { flipsProbe, type FlipsOptions } from './flips.js';
import { hessianProbe, type HessianOptions } from './hessian.js';
import { kernelProbe, type KernelProbeOptions } from './kernel.js';
import { linearizationProbe, type LinearizationOptions } from './linearization.js';
import type { ProbeOptions } from './options.js';
import { plProbe, type PlOptions } from './pl.js';
import type { Probe } from './probe.js';
import { rnnProbe, type RnnOptions } from './rnn.js';
import { zou2018Probe, type Zou2018ProbeOptions } from './zou2018.js';

export type { Probe, ProbeContext, ProbeQuantities, ProbeValue } from './probe.js';
export { probeOutput, probeSeries } from './probe.js';
export type { DistanceQuantities } from './distance.js';
export type { FlipsQuantities } from './flips.js';
export type { KernelQuantities } from './kernel.js';
export type { PlQuantities } from './pl.js';
export type { RnnQuantities } from './rnn.js';
export type { Zou2018Quantities } from './zou2018.js';
export type { ProbeOptions } from './options.js';
export { distanceProbe, featuresProbe, flipsProbe, hessianProbe, kernelProbe, linearizationProbe, plProbe, rnnProbe, zou2018Probe };
export type {
  DistanceOptions, FeaturesOptions, FlipsOptions, HessianOptions, KernelProbeOptions, LinearizationOptions, PlOptions, RnnOptions,
  Zou2018ProbeOptions,
};

export const PROBE_NAMES = ['distance', 'kernel', 'flips', 'hessian', 'pl', 'zou2018', 'features', 'rnn', 'linearization'] as const;
export type ProbeName = (typeof PROBE_NAMES)[number];

// Each factory validates its options at run time (OptionReader), so the untyped record is passed through.
const FACTORIES: Record<ProbeName, (opts: ProbeOptions) => Probe> = {
  distance: (o) => distanceProbe(o as DistanceOptions),
  kernel: (o) => kernelProbe(o as KernelProbeOptions),
  flips: (o) => flipsProbe(o as FlipsOptions),
  hessian: (o) => hessianProbe(o as HessianOptions),
  pl: (o) => plProbe(o as PlOptions),
  zou2018: (o) => zou2018Probe(o as Zou2018ProbeOptions),
  features: (o) => featuresProbe(o as FeaturesOptions),
  rnn: (o) => rnnProbe(o as RnnOptions),
  linearization: (o) => linearizationProbe(o as LinearizationOptions),
};

export function isProbeName(name: string): name is ProbeName {
  return (PROBE_NAMES as readonly string[]).includes(name);
}

/** The probe of this name with these options; a ConfigError for an unknown name or a bad option. */
export function makeProbe(name: string, opts: Record<string, unknown> = {}): Probe {
  if (!isProbeName(name)) throw new ConfigError(`unknown probe "${name}"; the probes are ${PROBE_NAMES.join(', ')}`);
  return FACTORIES[name](opts);
}

/**
 * A probe with the options a training run supplies: the linearization probe compares with the closed-form GD
 * dynamics only for full-batch GD (`gd`, the run's optimizer, never the caller's word), and the PL ratio per
 * width divides by the spec's m unless given another.
 */
export function makeRunProbe(name: string, opts: Record<string, unknown>, run: { gd: boolean; width?: number }): Probe {
  if (name === 'linearization') return makeProbe(name, { ...opts, gd: run.gd });
  if (name === 'pl' && run.width !== undefined) return makeProbe(name, { width: run.width, ...opts });
  return makeProbe(name, opts);
}
