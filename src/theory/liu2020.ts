/**
 * liu2020 closed forms used by the claims (shared/theory/liu2020-transition-to-linearity.md).
 */

/**
 * liu2020 App. A, Eq. 17 (after Chizat et al.): the laziness measure of a model at w0 for targets y,
 *   κ_f(w0) = ‖f(w0) − y‖·‖D²f(w0)‖/‖Df(w0)‖²,
 * with the norms of the residual, of the second derivative (the Hessian's spectral norm for one scalar
 * output) and of the first derivative (the gradient). Rescaling the model by α gives
 *   κ_{αf}(w0) = ‖αf(w0) − y‖·α‖D²f‖/(α²‖Df‖²) = ‖f(w0) − y/α‖·‖D²f‖/‖Df‖²,
 * the same as rescaling the targets by 1/α.
 */
export function lazinessKappa(residualNorm: number, hessianNorm: number, gradientNorm: number): number {
  return (residualNorm * hessianNorm) / (gradientNorm * gradientNorm);
}
