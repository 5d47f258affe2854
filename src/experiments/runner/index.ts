/**
 * The experiment runner: specs expanded into points with stable ids, a registry of point kinds, sharded
 * and resumable sweeps over worker threads writing JSON Lines, and the merge of shard files.
 */
export { canonicalJson, jsonEqual, toJsonValue, type JsonObject, type JsonValue } from './json.js';
export { pointId, pointIdentityText, POINT_ID_LENGTH } from './pointId.js';
export { moduleUrl, parseExperimentSpec, readExperimentSpec, SPEC_FIELDS, type ExperimentSpec, type ParsedExperimentSpec } from './spec.js';
export { expandPoints, MAX_POINTS, seedOf, type SweepPoint } from './points.js';
export { formatShard, inShard, parseShard, resolveShard, WHOLE, type Environment, type ResolvedShard, type Shard } from './shard.js';
export { hasPointKind, pointKind, registeredKinds, registerPointKind, type PointContext, type PointFunction, type PointParams } from './registry.js';
export { loadPointModules } from './modules.js';
export { executePoint, type PointOutcome } from './execute.js';
export { dedupeRecords, readResultsFile, recordLine, writeResultsFile, type LocatedRecord, type PointRecord, type ResultsFile } from './records.js';
export { defaultWorkers, runSweep, shardPoints, type SweepOptions, type SweepProgress, type SweepSummary } from './sweep.js';
export { mergeResults, type MergeOptions, type MergeSummary } from './merge.js';
export { DEFAULT_POINT_MODULES } from './defaultModules.js';
