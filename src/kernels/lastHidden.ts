/**
 * du2019's K^(H): the contribution of the last hidden layer's weights to the tangent kernel (du2019
 * Sec 4, G^(H) at finite width; its limit K^(H), whose least eigenvalue is λ0 in Thm 5.1 and 6.1). The
 * tensor is the last hidden layer's W: the second-to-last trainable weight matrix (the last one is the
 * output layer).
 */
import type { Network } from '../nn/network.js';

/** The name of the last hidden layer's weight tensor, or undefined for a network with one weight matrix. */
export function lastHiddenWeight(net: Network): string | undefined {
  const ws = net.paramRefs.filter((r) => r.trainable && r.shape.length === 2);
  return ws.length >= 2 ? ws[ws.length - 2].name : undefined;
}
