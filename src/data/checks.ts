/** Option checks shared by the data generators: every bad setting is a ConfigError naming the generator. */
import { ConfigError } from '../errors.js';

export function requireCount(fn: string, name: string, v: number, min: number): void {
  if (!Number.isSafeInteger(v) || v < min) throw new ConfigError(`${fn}: ${name} must be an integer ≥ ${min}; got ${v}`);
}

export function requireNumber(fn: string, name: string, v: number, lo: number, hi: number, loOpen = false, hiOpen = false): void {
  const ok = Number.isFinite(v) && (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi);
  if (!ok) {
    const range = `${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`;
    throw new ConfigError(`${fn}: ${name} must be a number in ${range}; got ${v}`);
  }
}
