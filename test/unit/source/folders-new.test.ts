// drizzle-kit 1.0's naming and parentage for a new custom migration
// (source/folders-new.ts); the files themselves are compared with
// drizzle-kit's own in test/e2e/drizzle1.test.ts.
import { describe, expect, it } from 'vitest';
import { folderPrefix, leafIds } from '../../../src/source/folders-new.js';

describe('folderPrefix', () => {
  it('is the UTC time as YYYYMMDDHHmmss', () => {
    expect(folderPrefix(Date.UTC(2026, 11, 3, 9, 5, 7))).toBe('20261203090507');
  });
});

describe('leafIds', () => {
  it('a line of snapshots: the last one', () => {
    expect(leafIds([{ id: 'a', prevIds: ['o'] }, { id: 'b', prevIds: ['a'] }])).toEqual(['b']);
  });
  it('two branches: both leaves, so the new migration merges them', () => {
    expect(leafIds([{ id: 'a', prevIds: ['o'] }, { id: 'b', prevIds: ['a'] }, { id: 'c', prevIds: ['a'] }])).toEqual(['b', 'c']);
  });
});
