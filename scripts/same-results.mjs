#!/usr/bin/env node
// Usage: node scripts/same-results.mjs <a.jsonl> <b.jsonl>
// Exit 0 when two results files (sweep points or reproduce's (claim, seed) runs, JSON Lines) hold the same
// records — the same ids, each with the same kind, parameters and result, number for number — whatever their
// order and shards; the wall-clock `seconds` and the `shard` a record ran in are not compared. Exit 1 naming
// the first difference; exit 2 on a file that cannot be read.
import { readFileSync } from 'node:fs';

function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function read(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`same-results: cannot read ${file}: ${e.message}`);
    process.exit(2);
  }
  const out = new Map();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let r;
    try {
      r = JSON.parse(line);
    } catch {
      console.error(`same-results: ${file}:${i + 1} is not JSON`);
      process.exit(2);
    }
    out.set(r.id, canonical({ kind: r.kind, params: r.params, result: r.result, error: r.error }));
  });
  return out;
}

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined) {
  console.error('usage: node scripts/same-results.mjs <a.jsonl> <b.jsonl>');
  process.exit(2);
}
const x = read(a);
const y = read(b);
for (const [id, v] of x) {
  if (!y.has(id)) { console.error(`same-results: ${id} is in ${a} but not in ${b}`); process.exit(1); }
  if (y.get(id) !== v) { console.error(`same-results: ${id} differs:\n  ${a}: ${v.slice(0, 400)}\n  ${b}: ${y.get(id).slice(0, 400)}`); process.exit(1); }
}
for (const id of y.keys()) if (!x.has(id)) { console.error(`same-results: ${id} is in ${b} but not in ${a}`); process.exit(1); }
console.log(`same-results: ${x.size} records, equal (${a} = ${b})`);
