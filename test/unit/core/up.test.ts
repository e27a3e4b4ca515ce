// `ladder up`'s plan (core/up.ts): committed.toml re-keyed to 1.0 folder
// names by hash, root revert files moved into their folders, and every case
// where ladder cannot tell refused, with nothing changed.
import { describe, expect, it } from 'vitest';
import { planUp, tagName } from '../../../src/core/up.js';
import type { CommittedEntry } from '../../../src/core/types.js';

const e = (id: string, hash: string, fake = false): CommittedEntry => ({ id, hash, revertHash: `r-${hash}`, fake });

describe('planUp', () => {
  it('re-keys by hash, keeps order and flags, moves each revert file into its folder', () => {
    const plan = planUp({
      committed: [e('0000_init', 'h0'), e('0001_posts', 'h1', true)],
      folders: [
        { id: '20250101120000_init', hash: 'h0' },
        { id: '20250101120001_posts', hash: 'h1' },
        { id: '20250101120002_tags', hash: 'h2' },
      ],
      rootReverts: [
        { tag: '0000_init', hash: 'r-h0' },
        { tag: '0001_posts', hash: 'r-h1' },
        { tag: '0002_tags', hash: 'r-h2' },
      ],
    });
    expect(plan.problems).toEqual([]);
    expect(plan.committed).toEqual([e('20250101120000_init', 'h0'), e('20250101120001_posts', 'h1', true)]);
    expect(plan.moves).toEqual([
      { tag: '0000_init', folder: '20250101120000_init', drop: false },
      { tag: '0001_posts', folder: '20250101120001_posts', drop: false },
      { tag: '0002_tags', folder: '20250101120002_tags', drop: false },
    ]);
  });

  it('identical SQL in two folders (two empty custom migrations): told apart by the name drizzle-kit up kept', () => {
    const plan = planUp({
      committed: [e('0000_a', 'same'), e('0001_b', 'same')],
      folders: [
        { id: '20250101120000_a', hash: 'same' },
        { id: '20250101120001_b', hash: 'same' },
      ],
      rootReverts: [],
    });
    expect(plan.rekeyed).toEqual([
      { from: '0000_a', to: '20250101120000_a' },
      { from: '0001_b', to: '20250101120001_b' },
    ]);
  });

  it('a folder an entry already names is not given to another entry with the same SQL and name', () => {
    // two empty custom migrations named "seed"; the first entry was re-keyed already
    const plan = planUp({
      committed: [e('20250101120000_seed', 'same'), e('0001_seed', 'same')],
      folders: [
        { id: '20250101120000_seed', hash: 'same' },
        { id: '20250101120001_seed', hash: 'same' },
      ],
      rootReverts: [],
    });
    expect(plan.problems).toEqual([]);
    expect(plan.rekeyed).toEqual([{ from: '0001_seed', to: '20250101120001_seed' }]);
  });

  it('already moved: nothing to do (a second run is a no-op); a revert already in place and equal is dropped from the root', () => {
    const plan = planUp({
      committed: [e('20250101120000_init', 'h0')],
      folders: [{ id: '20250101120000_init', hash: 'h0', revertHash: 'r-h0' }],
      rootReverts: [{ tag: '0000_init', hash: 'r-h0' }],
    });
    expect(plan.rekeyed).toEqual([]);
    expect(plan.moves).toEqual([{ tag: '0000_init', folder: '20250101120000_init', drop: true }]);
  });

  it('refuses what it cannot tell: SQL in no folder, a revert file for no folder, two different revert files', () => {
    const plan = planUp({
      committed: [e('0000_init', 'edited')],
      folders: [{ id: '20250101120000_posts', hash: 'h1', revertHash: 'mine' }],
      rootReverts: [
        { tag: '0005_gone', hash: 'x' },
        { tag: '0001_posts', hash: 'theirs' },
      ],
    });
    expect(plan.problems.map((p) => p.kind)).toEqual(['up-unmatched', 'up-revert-unmatched', 'up-revert-conflict']);
  });

  it('tagName keeps what follows the first "_"', () => {
    expect([tagName('0000_add_users'), tagName('20240101_x'), tagName('plain')]).toEqual(['add_users', 'x', 'plain']);
  });
});
