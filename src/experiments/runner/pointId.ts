/**
 * The identity of a sweep point: a short hash of the canonical JSON of its kind and parameters, so
 * resumes and merges recognise a point whatever the order of the spec's axes or of the parameters' keys,
 * and whichever shard ran it. The spec's name is not part of it: renaming a spec keeps its results.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonObject } from './json.js';

/** Hex digits of the id: 16 (64 bits), so collisions are negligible for any sweep that fits in a file. */
export const POINT_ID_LENGTH = 16;

/** The text that is hashed: canonicalJson({ kind, params }). */
export function pointIdentityText(kind: string, params: JsonObject): string {
  return canonicalJson({ kind, params }, 'params');
}

/** The first 16 hex digits of SHA-256 over canonicalJson({ kind, params }). */
export function pointId(kind: string, params: JsonObject): string {
  return createHash('sha256').update(pointIdentityText(kind, params)).digest('hex').slice(0, POINT_ID_LENGTH);
}
