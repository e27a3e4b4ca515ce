// Branches of a drizzle-kit 1.0 history (core/branches.ts): where they are
// and whether they write the same objects.
import { describe, expect, it } from 'vitest';
import { findBranches, type SnapshotNode } from '../../../src/core/branches.js';

const n = (migration: string, id: string, prevIds: string[], writes: string[] = []): SnapshotNode => ({ migration, id, prevIds, writes });

describe('findBranches', () => {
  it('a straight history has none', () => {
    expect(findBranches([n('m1', 'a', ['o']), n('m2', 'b', ['a'])])).toEqual([]);
  });

  it('two branches writing different tables commute; a merge migration ends them', () => {
    const nodes = [
      n('m1', 'a', ['o'], ['s|tbl|public.users']),
      n('m2', 'b', ['a'], ['s|tbl|public.posts']),
      n('m3', 'c', ['a'], ['s|tbl|public.tags', 'n|rel|public.tags']),
      n('m4', 'd', ['b', 'c'], ['s|tbl|public.users']),
    ];
    expect(findBranches(nodes)).toEqual([{ from: 'm1', heads: ['m2', 'm3'], sharedObjects: [] }]);
  });

  it('branches writing the same object say which', () => {
    const nodes = [n('m1', 'a', ['o']), n('m2', 'b', ['a'], ['s|tbl|public.posts']), n('m3', 'c', ['a'], ['e|tbl|public.posts']), n('m4', 'd', ['c'], ['s|tbl|public.users'])];
    expect(findBranches(nodes)).toEqual([{ from: 'm1', heads: ['m2', 'm3'], sharedObjects: ['public.posts'] }]);
  });
});
