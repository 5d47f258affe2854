/**
 * The saved-results schema (src/experiments/results/schema.ts) under fuzzing: from a valid results file (format
 * /2, /1, claim JSON Lines, and a playground export), every field path in turn gets a value of the
 * wrong type (a string, null, −1, "NaN", {}, []). Reading, the verdicts table and the report must then either succeed or
 * fail with a ConfigError naming that path — never a TypeError or any other exception.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resultsTable } from '../../src/cli/commands/reproduce.js';
import { claimRecord, readSavedResults } from '../../src/experiments/results/saved.js';
import type { ClaimResult } from '../../src/experiments/claims/claim.js';
import { recordLine } from '../../src/experiments/runner/records.js';
import { ConfigError } from '../../src/errors.js';
import { renderReport } from '../../src/report/html.js';
import { parsePlaygroundRun, renderPlaygroundReport } from '../../src/report/playgroundRun.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const BAD: Json[] = ['x', null, -1, 'NaN', {}, []];

const plot: Json = { mark: 'line', encoding: { x: { field: 'm', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } };

function claimResult(id: string, verdict: string): { [k: string]: Json } {
  return {
    id, paper: 'liu2020', theorem: 'Thm 3.2', prediction: 'p', experiment: 'e', falsifier: 'f', statistic: 's', negativeControl: false,
    scale: 'quick', verdict, value: 0.5, interval: [0.25, 0.75], reason: 'r', measured: 'slope 0.5', data: [{ m: 8, y: 1 }, { m: 16, y: 0.5 }], plot, seconds: 1.5, sizes: { m: [8, 16] },
  };
}

function v2(): { [k: string]: Json } {
  const seeded = (id: string): Json => ({
    ...claimResult(id, 'holds'),
    seeds: [
      { seed: 0, verdict: 'holds', value: 0.5, measured: 'slope 0.5', reason: 'r0', seconds: 1 },
      { seed: 1, verdict: 'holds', value: 0.4, measured: 'slope 0.4', reason: 'r1', seconds: 0.5, error: 'none' },
    ],
    dataSeed: 0,
  });
  return { format: 'overparam-results/2', meta: { generated: 'g', scale: 'quick', seeds: [0, 1], machine: 'm', command: 'c', title: 't' }, results: [seeded('liu2020.a'), seeded('liu2020.b')] };
}

function v1(): { [k: string]: Json } {
  return { format: 'overparam-results/1', meta: { generated: 'g', scale: 'quick', seed: 3 }, results: [claimResult('liu2020.a', 'fails')] };
}

function playground(): { [k: string]: Json } {
  return {
    format: 'overparam-playground/1', generated: 'g', link: '?w=8', config: { width: 8, act: 'relu' }, network: 'fc', parameters: 10, eta: 0.1, stopped: null,
    steps: [{ step: 0, loss: 1, movement: 0 }, { step: 1, loss: 0.5, movement: 0.1 }],
    kernel: [{ step: 0, drift: 0, lambdaMin: 0.2, trainingError: 0.5 }, { step: 1, drift: 0.1, lambdaMin: null, trainingError: null }],
    comparison: { steps: 1, slope: -0.5, slopeStdError: 0.1, runs: [{ width: 8, finalDrift: 0.1, finalMovement: 0.2, finalLoss: 0.3, stopped: null, curve: [{ step: 1, drift: 0.1, movement: 0.2 }] }] },
  };
}

/** Every path in a JSON value, as the messages write it (a.b[0].c), with a setter. */
function paths(v: Json, at = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [`${at}[${i}]`, ...paths(x, `${at}[${i}]`)]);
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [at === '' ? k : `${at}.${k}`, ...paths(x, at === '' ? k : `${at}.${k}`)]);
  return [];
}

function setPath(root: Json, path: string, value: Json): Json {
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  let o = copy as Record<string | number, Json>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string | number, Json>;
  o[keys[keys.length - 1]] = value;
  return copy;
}

/** The message names the path, or a field inside it (e.g. seeds[0] → seeds[0].seed). */
function namesPath(message: string, path: string): boolean {
  return message.includes(path) || (path === 'format' && /format/.test(message));
}

const stubSvg = (): Promise<string> => Promise.resolve('<svg xmlns="http://www.w3.org/2000/svg"></svg>');

async function check(read: () => Promise<unknown>, path: string, bad: Json): Promise<void> {
  try {
    await read();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `${path} = ${JSON.stringify(bad)}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    assert.ok(namesPath(e.message, path), `${path} = ${JSON.stringify(bad)}: the message does not name the field: ${e.message}`);
  }
}

describe('results schema: every field, every wrong type', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'overparam-schema-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, base] of [['overparam-results/2', v2()], ['overparam-results/1', v1()]] as const) {
    it(`${name}: the valid file renders; each field replaced renders or names its path`, async () => {
      const file = join(dir, `${name.replace('/', '-')}.json`);
      const render = async (): Promise<void> => {
        const saved = readSavedResults(file, () => undefined);
        resultsTable(saved.results); // what `overparam report` prints
        await renderReport(saved.results, saved.meta, stubSvg);
      };
      writeFileSync(file, JSON.stringify(base));
      await render(); // the valid file itself reads and renders
      let refused = 0;
      const all = paths(base);
      assert.ok(all.length > 40, `${all.length} paths`);
      for (const path of all) {
        for (const bad of BAD) {
          writeFileSync(file, JSON.stringify(setPath(base, path, bad)));
          await check(render, path, bad);
          refused++;
        }
      }
      assert.equal(refused, all.length * BAD.length);
    });
  }

  it('claim JSON Lines: each field of a record replaced renders or names file:line and its path', async () => {
    const file = join(dir, 'claims.jsonl');
    const base = claimResult('liu2020.a', 'holds');
    const lines = [0, 1].map((seed) => JSON.parse(recordLine(claimRecord({ seed, result: base as unknown as ClaimResult }, { index: 0, count: 1 }))) as Json);
    // Fields that the record's id is computed from make the line fail its id check, which is also a clear error naming the line.
    for (const path of paths(lines[1])) {
      for (const bad of BAD) {
        writeFileSync(file, `${JSON.stringify(lines[0])}\n${JSON.stringify(setPath(lines[1], path, bad))}\n`);
        try {
          const saved = readSavedResults(file, () => undefined);
          resultsTable(saved.results);
          await renderReport(saved.results, saved.meta, stubSvg);
        } catch (e) {
          assert.ok(e instanceof ConfigError, `${path} = ${JSON.stringify(bad)}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
          assert.match(e.message, new RegExp(`claims\\.jsonl:2: `), `${path}: ${e.message}`);
          const field = path.split(/[.[]/)[0];
          assert.ok(e.message.includes(path) || e.message.includes(`"${field}"`) || e.message.includes('"id"'), `${path} = ${JSON.stringify(bad)}: ${e.message}`);
        }
      }
    }
  });

  it('playground export: each field replaced renders or names its path', async () => {
    const base = playground();
    await renderPlaygroundReport(parsePlaygroundRun(base, 'run.json'), stubSvg);
    for (const path of paths(base)) {
      for (const bad of BAD) {
        await check(async () => renderPlaygroundReport(parsePlaygroundRun(setPath(base, path, bad), 'run.json'), stubSvg), path, bad);
      }
    }
  });

  it('a duplicated (claim, seed) line is one run; two that differ are an error naming both lines', () => {
    const file = join(dir, 'dup.jsonl');
    const line = recordLine(claimRecord({ seed: 0, result: claimResult('liu2020.a', 'holds') as unknown as ClaimResult }, { index: 0, count: 1 }));
    writeFileSync(file, line + line);
    assert.equal(readSavedResults(file, () => undefined).results[0].seeds.length, 1);
    const other = recordLine(claimRecord({ seed: 0, result: claimResult('liu2020.a', 'fails') as unknown as ClaimResult }, { index: 0, count: 1 }));
    writeFileSync(file, line + other);
    assert.throws(() => readSavedResults(file, () => undefined), (e: unknown) => e instanceof ConfigError && /dup\.jsonl:1 and .*dup\.jsonl:2/.test(e.message));
  });

  it('a cut-short last line of claim JSON Lines is ignored with a warning naming file:line', () => {
    const file = join(dir, 'torn.jsonl');
    const line = recordLine(claimRecord({ seed: 0, result: claimResult('liu2020.a', 'holds') as unknown as ClaimResult }, { index: 0, count: 1 }));
    writeFileSync(file, line + line.slice(0, 40));
    const warnings: string[] = [];
    assert.equal(readSavedResults(file, (m) => warnings.push(m)).results.length, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /torn\.jsonl:2: last line cut short/);
  });
});
