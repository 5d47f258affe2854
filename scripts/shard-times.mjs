#!/usr/bin/env node
// Usage: node scripts/shard-times.mjs <results.jsonl> [--shards 1,2,4] [--workers 1,2]
// From the point and claim times a `reproduce` run recorded, the wall time the same selection would take on
// N shards of k workers each: the suite is planned as reproduce plans it (dist/, so run `npm run build`
// first), its points dealt to the shards by expected cost, and each shard's points run largest-first on k
// workers (list scheduling) at their measured times. Prints JSON: the largest single point (the floor on any
// cluster's wall time), the total, and per N and k each shard's time and the wall time (the slowest shard).
// Exit 2 on a file that cannot be read or that lacks a point of the plan.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return (i < 0 ? dflt : args[i + 1]).split(',').map(Number);
};
if (file === undefined || file.startsWith('--')) {
  console.error('usage: node scripts/shard-times.mjs <results.jsonl> [--shards 1,2,4] [--workers 1,2]');
  process.exit(2);
}
const D = new URL('../dist/experiments/', import.meta.url).href;
const { ALL_CLAIMS } = await import(`${D}claims/index.js`);
const { planSuite } = await import(`${D}reproduce.js`);
const { costOrder, dealByCost, makespan } = await import(`${D}runner/costShards.js`);

let records;
try {
  records = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
} catch (e) {
  console.error(`shard-times: cannot read ${file}: ${e.message}`);
  process.exit(2);
}
// The runs the file holds: whole claims by their records, planned ones by their plan records.
const runRecords = records.filter((r) => r.kind === 'claim' || r.kind === 'claim-plan');
if (runRecords.length === 0) {
  console.error(`shard-times: ${file} holds no claim runs (records of kind "claim" or "claim-plan")`);
  process.exit(2);
}
const scale = runRecords[0].params.scale;
const seeds = [...new Set(runRecords.map((r) => r.params.seed))].sort((a, b) => a - b);
const claimIds = new Set(runRecords.map((r) => r.params.claim));
const pointTimes = new Map(records.filter((r) => r.kind !== 'claim' && r.kind !== 'claim-plan').map((r) => [r.id, r.seconds]));
const runTimes = new Map(records.filter((r) => r.kind === 'claim').map((r) => [`${r.params.claim} ${r.params.seed}`, r.seconds]));
const selected = ALL_CLAIMS.filter((c) => claimIds.has(c.id));
const plan = planSuite(selected, seeds, scale);
const times = plan.points.map((p) => {
  const whole = plan.whole.get(p.id);
  if (whole === undefined) return pointTimes.get(p.id);
  const ts = whole.map((c) => runTimes.get(`${c.id} ${p.seed}`));
  return ts.some((t) => t === undefined) ? undefined : ts.reduce((a, b) => a + b, 0);
});
const missing = plan.points.filter((_, i) => times[i] === undefined);
if (missing.length > 0) {
  console.error(`shard-times: ${file} lacks ${missing.length} of the plan's ${plan.points.length} points (e.g. ${missing[0].kind} ${JSON.stringify(missing[0].params).slice(0, 200)})`);
  process.exit(2);
}
const largest = times.indexOf(Math.max(...times));
const out = {
  file, scale, seeds, points: plan.points.length,
  totalSeconds: +times.reduce((a, b) => a + b, 0).toFixed(1),
  largestPoint: { kind: plan.points[largest].kind, params: plan.points[largest].params, seconds: times[largest] },
  shards: {},
};
for (const n of opt('--shards', '1,2,4')) {
  const deal = dealByCost(plan.points.map((p) => p.cost), n);
  for (const k of opt('--workers', '1,2')) {
    const perShard = Array.from({ length: n }, (_, s) => {
      const mine = costOrder(plan.points.map((p) => p.cost)).filter((i) => deal[i] === s);
      return +makespan(times, mine, k).toFixed(1);
    });
    out.shards[`${n} shards × ${k} workers`] = { wallSeconds: Math.max(...perShard), perShard };
  }
}
console.log(JSON.stringify(out, null, 1));
