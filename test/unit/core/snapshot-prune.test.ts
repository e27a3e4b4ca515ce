// Which tables drizzle-kit's differ is given (core/snapshot-prune.ts): the
// ones that changed, and the unchanged ones that use a changed enum.
// test/integration/snapshot-prune.test.ts checks with real drizzle-kit that
// the statements are the same.
import { describe, expect, it } from 'vitest';
import { withoutUnchangedTables } from '../../../src/core/snapshot-prune.js';

type Snap = Record<string, unknown>;
const t = (name: string, cols: Record<string, string>) => ({ name, schema: '', columns: Object.fromEntries(Object.entries(cols).map(([c, type]) => [c, { name: c, type }])) });
const snap = (tables: ReturnType<typeof t>[], enums: Record<string, string[]> = {}): Snap => ({
  id: 'x',
  tables: Object.fromEntries(tables.map((x) => [`public.${x.name}`, x])),
  enums: Object.fromEntries(Object.entries(enums).map(([n, values]) => [`public.${n}`, { name: n, schema: 'public', values }])),
  views: { 'public.v': { name: 'v' } },
});

const A = t('a', { id: 'serial' });
const B = t('b', { id: 'serial' });
const B2 = t('b', { id: 'serial', x: 'text' });
const M = t('m', { mood: 'mood' });
const MA = t('ma', { moods: 'mood[]' });

describe('withoutUnchangedTables', () => {
  const cases: { name: string; prev: Snap; cur: Snap; kept: string[] }[] = [
    { name: 'unchanged tables go, a changed one stays', prev: snap([A, B]), cur: snap([A, B2]), kept: ['public.b'] },
    { name: 'an added table stays', prev: snap([A]), cur: snap([A, B]), kept: ['public.b'] },
    { name: 'a dropped table stays', prev: snap([A, B]), cur: snap([A]), kept: ['public.b'] },
    { name: 'same content, other key order: kept (text compared)', prev: snap([A]), cur: snap([{ schema: '', name: 'a', columns: A.columns }]), kept: ['public.a'] },
    { name: 'an enum that changed keeps its users, arrays too', prev: snap([A, M, MA], { mood: ['x', 'y'] }), cur: snap([A, M, MA], { mood: ['x'] }), kept: ['public.m', 'public.ma'] },
    { name: 'an enum that did not change keeps nobody', prev: snap([A, M, B], { mood: ['x'] }), cur: snap([A, M, B2], { mood: ['x'] }), kept: ['public.b'] },
    { name: 'nothing changed: no table', prev: snap([A, B]), cur: snap([A, B]), kept: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [p, q] = withoutUnchangedTables(c.prev, c.cur);
      expect(Object.keys(q['tables'] as object)).toEqual(
        Object.keys(c.cur['tables'] as object).filter((k) => c.kept.includes(k)),
      );
      expect(Object.keys(p['tables'] as object)).toEqual(Object.keys(c.prev['tables'] as object).filter((k) => c.kept.includes(k)));
      // everything else as it was, and the inputs untouched
      expect(q['views']).toBe(c.cur['views']);
      expect(p['enums']).toBe(c.prev['enums']);
    });
  }
  it('when every table stays, the snapshots themselves are given back', () => {
    const prev = snap([B]);
    const cur = snap([B2]);
    const [p, q] = withoutUnchangedTables(prev, cur);
    expect([p, q]).toEqual([prev, cur]);
    expect(p).toBe(prev);
  });
});
