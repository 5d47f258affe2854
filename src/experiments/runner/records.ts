/**
 * Results files: JSON Lines, one finished point per line,
 * `{ "id", "kind", "params", "result" | "error", "seconds", "shard": { "index", "count" } }`.
 *
 * Reading tolerates what a crash can leave: a last line cut short (the text after the last newline) is
 * ignored and reported. Any other malformed line is an error naming the file and line. A line's id must
 * match its kind and params (pointId), so edited or foreign lines are caught.
 */
import { existsSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import { readTextInput, writeFileAtomic } from '../../io/files.js';
import { describe, tooDeep } from '../../models/specReader.js';
import { canonicalJson, type JsonObject } from './json.js';
import { pointId, POINT_ID_LENGTH } from './pointId.js';
import type { Shard } from './shard.js';

export interface PointRecord {
  id: string;
  kind: string;
  params: JsonObject;
  /** The point's measurements (absent when it failed). */
  result?: JsonObject;
  /** Why the point failed (absent when it succeeded). */
  error?: string;
  seconds: number;
  /** The shard that ran it. */
  shard: Shard;
}

/** A record and where it was read from. */
export interface LocatedRecord {
  record: PointRecord;
  file: string;
  line: number;
}

export interface ResultsFile {
  file: string;
  /** Every well-formed line, in file order (duplicates included). */
  entries: LocatedRecord[];
  /** The cut-short last line that was ignored, if any. */
  truncated?: { line: number; text: string };
  /** Whether the file's well-formed text ends without a newline (appending needs one first). */
  missingFinalNewline: boolean;
}

/** One record as its line (with the newline). */
export function recordLine(r: PointRecord): string {
  const { id, kind, params, result, error, seconds, shard } = r;
  return `${JSON.stringify({ id, kind, params, ...(error !== undefined ? { error } : { result }), seconds, shard: { index: shard.index, count: shard.count } })}\n`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates a parsed line; returns the problem, or the record. */
function toRecord(v: unknown): PointRecord | string {
  const deep = tooDeep(v, 'the record');
  if (deep !== undefined) return deep;
  if (!isObject(v)) return `a record must be a JSON object; got ${describe(v)}`;
  const { id, kind, params, result, error, seconds, shard } = v;
  if (typeof id !== 'string' || !new RegExp(`^[0-9a-f]{${POINT_ID_LENGTH}}$`).test(id)) return `"id" must be ${POINT_ID_LENGTH} hex digits; got ${describe(id)}`;
  if (typeof kind !== 'string' || kind === '') return `"kind" must be a non-empty string; got ${describe(kind)}`;
  if (!isObject(params)) return `"params" must be an object; got ${describe(params)}`;
  if ((result === undefined) === (error === undefined)) return 'a record must have exactly one of "result" and "error"';
  if (result !== undefined && !isObject(result)) return `"result" must be an object; got ${describe(result)}`;
  if (error !== undefined && typeof error !== 'string') return `"error" must be a string; got ${describe(error)}`;
  if (typeof seconds !== 'number' || !(seconds >= 0)) return `"seconds" must be a non-negative number; got ${describe(seconds)}`;
  if (!isObject(shard) || !Number.isSafeInteger(shard['index']) || !Number.isSafeInteger(shard['count']) || (shard['count'] as number) < 1 || (shard['index'] as number) < 0 || (shard['index'] as number) >= (shard['count'] as number)) {
    return `"shard" must be { "index": i, "count": N } with 0 ≤ i < N; got ${JSON.stringify(shard)}`;
  }
  const expected = pointId(kind, params as JsonObject);
  if (expected !== id) return `"id" ${id} does not match its kind and params (they give ${expected}); the line was edited or written by an incompatible version`;
  return {
    id, kind, params: params as JsonObject,
    ...(error !== undefined ? { error: error as string } : { result: result as JsonObject }),
    seconds, shard: { index: shard['index'] as number, count: shard['count'] as number },
  };
}

export interface ReadResultsOptions {
  /** A missing file is an error naming it (default: it reads as empty, as a sweep's first run needs). */
  mustExist?: boolean;
  /** The command reading, for messages (e.g. "merge"). */
  reader?: string;
}

/** When the text is one JSON document (an array, or an object over several lines), what it is; else undefined. */
function wholeJsonDocument(text: string): 'a JSON array' | 'one JSON object over several lines' | undefined {
  const head = text.trimStart();
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return 'a JSON array';
    return typeof v === 'object' && v !== null ? 'one JSON object over several lines' : undefined;
  } catch {
    return head.startsWith('[') ? 'a JSON array' : undefined;
  }
}

/** Whether a line is a whole, well-formed record (what cutTornTail keeps of a last line without its newline). */
export function isRecordLine(line: string): boolean {
  try {
    return typeof toRecord(JSON.parse(line)) === 'object';
  } catch {
    return false;
  }
}

/**
 * Reads a results file (a missing file reads as empty unless `mustExist`). A folder, an unreadable
 * file, or one JSON document instead of JSON Lines is a ConfigError naming the file; a UTF-8
 * byte-order mark is dropped.
 */
export function readResultsFile(file: string, opts: ReadResultsOptions = {}): ResultsFile {
  if (!opts.mustExist && !existsSync(file)) return { file, entries: [], missingFinalNewline: false };
  const text = readTextInput(file, 'results file');
  const lines = text.split('\n');
  const first = (lines.find((l) => l.trim() !== '') ?? '').trim();
  if (first.startsWith('[') || first === '{') {
    const doc = wholeJsonDocument(text);
    if (doc !== undefined) throw new ConfigError(`${file} holds ${doc}; ${opts.reader ?? 'this command'} reads JSON Lines (one record per line)`);
  }
  // After the last newline: '' for a complete file, else the last line (complete or cut short).
  const tail = lines.pop() ?? '';
  const entries: LocatedRecord[] = [];
  const parse = (s: string, n: number, isTail: boolean): LocatedRecord | string | undefined => {
    if (s.trim() === '') return undefined;
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch (e) {
      if (isTail) return 'truncated';
      throw new ConfigError(`${file}:${n}: malformed JSON line (${e instanceof Error ? e.message : String(e)})`);
    }
    const r = toRecord(v);
    if (typeof r === 'string') {
      if (isTail) return 'truncated';
      throw new ConfigError(`${file}:${n}: ${r}`);
    }
    return { record: r, file, line: n };
  };
  lines.forEach((s, i) => {
    const e = parse(s, i + 1, false);
    if (typeof e === 'object') entries.push(e);
  });
  const last = parse(tail, lines.length + 1, true);
  if (last === 'truncated') return { file, entries, truncated: { line: lines.length + 1, text: tail }, missingFinalNewline: false };
  if (typeof last === 'object') entries.push(last);
  return { file, entries, missingFinalNewline: last !== undefined };
}

/** Whether two records of one point say the same thing (result or error; seconds and shard may differ). */
export function sameOutcome(a: PointRecord, b: PointRecord): boolean {
  return canonicalJson({ r: a.result, e: a.error }) === canonicalJson({ r: b.result, e: b.error });
}

function clip(s: string, n = 160): string {
  return s.length <= n ? s : `${s.slice(0, n)}…`;
}

/**
 * One record per id, in order of first appearance. Identical duplicates collapse; a success replaces
 * an error (a retried point); two different errors keep the later; two different results are an error
 * naming the id and both places.
 */
export function dedupeRecords(entries: readonly LocatedRecord[]): { records: Map<string, LocatedRecord>; duplicates: number } {
  const records = new Map<string, LocatedRecord>();
  let duplicates = 0;
  for (const e of entries) {
    const prev = records.get(e.record.id);
    if (prev === undefined) {
      records.set(e.record.id, e);
      continue;
    }
    duplicates++;
    if (sameOutcome(prev.record, e.record)) continue;
    if (prev.record.error !== undefined) records.set(e.record.id, e);
    else if (e.record.error !== undefined) continue;
    else {
      throw new ConfigError(
        `point ${e.record.id} (${e.record.kind} ${canonicalJson(e.record.params)}) has conflicting results in ` +
          `${prev.file}:${prev.line} and ${e.file}:${e.line}: ${clip(canonicalJson(prev.record.result))} vs ${clip(canonicalJson(e.record.result))}`,
      );
    }
  }
  return { records, duplicates };
}

/** Writes records as a results file, atomically (a temporary file renamed over the target). */
export function writeResultsFile(file: string, records: Iterable<PointRecord>): void {
  let text = '';
  for (const r of records) text += recordLine(r);
  writeFileAtomic(file, text);
}
