/**
 * Error types of overparam. Every error a user can provoke with bad input is one of these, with a
 * message that says what was wrong and what was expected; the CLI prints the message, not a trace.
 */

/** Base class: an error whose message is meant for the user, not a programming bug. */
export class OverparamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Operands whose shapes do not fit together. The message names both shapes. */
export class ShapeError extends OverparamError {}

/** A matrix that a factorization needs to be positive definite is not, beyond round-off. */
export class NotPositiveDefiniteError extends OverparamError {}

/** An input or result contains NaN or ±Infinity where finite numbers are required. */
export class NonFiniteError extends OverparamError {}

/** An iterative method did not reach its tolerance within its iteration budget. */
export class ConvergenceError extends OverparamError {}

/** A setting (environment variable, option, spec field) has a value outside the allowed ones. */
export class ConfigError extends OverparamError {}
