/** The verdict of the narrow-width negative control (src/experiments/claims/zou2018Narrow.ts) on synthetic outcomes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeNarrow, type NarrowRun } from '../../src/experiments/claims/zou2018Narrow.js';

const runs = (errors: number[], loss = 0.3): NarrowRun[] => errors.map((e, seed) => ({ seed, trainingError: e, loss }));

describe('zou2018.narrow-width-fails verdict', () => {
  it('holds when every seed ends with misclassified points', () => {
    assert.equal(judgeNarrow(runs([0.4, 0.05, 0.75, 1, 0.65, 0.1])).verdict, 'holds');
  });
  it('fails when at least half the seeds fit the labels (width 2 would suffice)', () => {
    const j = judgeNarrow(runs([0, 0, 0, 0.1, 0.2, 0.05]));
    assert.equal(j.verdict, 'fails');
    assert.match(j.reason, /3 of 6 seeds/);
  });
  it('is inconclusive when a minority fits them, and fails on a diverged run', () => {
    assert.equal(judgeNarrow(runs([0, 0.1, 0.2, 0.3, 0.4, 0.5])).verdict, 'inconclusive');
    assert.equal(judgeNarrow([...runs([0.4, 0.4]), { seed: 2, trainingError: 0.5, loss: NaN }]).verdict, 'fails');
  });
});
