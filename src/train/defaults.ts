/**
 * The papers' defaults for a training run, shared by `overparam train` and the sweep kind `train`: the loss
 * each data set is trained with, and the step-size rules (an absolute η, η = c/m, or du2019's c/λ_max(G(0))).
 */
import { ConfigError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import { RecurrentNode } from '../nn/combinators/recurrent.js';
import { SerialNode } from '../nn/combinators/serial.js';
import type { Network } from '../nn/network.js';
import type { Loss, LossSpec } from './losses.js';
import { lambdaMaxStepSize } from './stepSize.js';

/** The papers' default losses: margins for ±1 labels, cross-entropy for one-hot classes, square otherwise. */
export function defaultLoss(net: Network, synthetic: string | undefined): LossSpec {
  const children = net.root instanceof SerialNode ? net.root.children : [net.root];
  const head = children[children.length - 1]?.kind === 'softmax';
  if (synthetic === 'zou2018') return { name: 'logistic' };
  if (synthetic === 'three-clusters') return { name: head ? 'nll' : 'cross_entropy' };
  if (net.root instanceof RecurrentNode) {
    // allenzhu2019 Sec 2: f_i = ½Σ_{l≥2}‖B h_{i,l} − y*_{i,l}‖² — the first step's outputs do not depend on W.
    const d = net.outShape.channels;
    return { name: 'square', reduction: 'sum', weights: Array.from({ length: net.outputs }, (_, k) => (k < d ? 0 : 1)) };
  }
  return { name: 'square', reduction: 'sum' };
}

/** A step-size rule: an absolute η, or c divided by the width m (zou2018, allenzhu2019) or by κ·λ_max(G(0)) (du2019 Sec 8). */
export type StepSizeRule = { lr: number } | { c: number; per: 'width' | 'lambdaMax' };

/**
 * The learning rate of a rule for this network at its initialization, with the rule in words (what a summary
 * records). `where` names the spec in errors (a rule per width needs a spec with a width).
 */
export function resolveStepSize(rule: StepSizeRule, o: { net: Network; spec: unknown; params0: Float64Array; x: Matrix; loss: Loss; where: string }): { learningRate: number; rule: string } {
  if ('lr' in rule) return { learningRate: rule.lr, rule: `${rule.lr}` };
  if (rule.per === 'width') {
    const m = typeof o.spec === 'object' && o.spec !== null ? (o.spec as Record<string, unknown>)['width'] : undefined;
    if (typeof m !== 'number') throw new ConfigError(`a step size per width needs a model spec with a "width" (${o.where} has none)`);
    return { learningRate: rule.c / m, rule: `${rule.c}/m = ${rule.c / m}` };
  }
  const lr = lambdaMaxStepSize(o.net, o.params0, o.x, o.loss, rule.c);
  return { learningRate: lr, rule: `${rule.c}/(κ·λ_max(G(0))) = ${lr}` };
}

/** The width m of a model spec, when it has one (the PL probe's m). */
export function specWidth(spec: unknown): number | undefined {
  const m = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['width'] : undefined;
  return typeof m === 'number' ? m : undefined;
}
