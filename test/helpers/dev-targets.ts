// The dev database of the dev-loop suites, in both dialects, named in a
// ladder.toml (`[environments.dev]`): real PostgreSQL (a fresh database that
// ladder opens from its URL) and PGlite (an instance the test gives ladder as
// `db`, and reads through; `owned` lets ladder open the directory itself).
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { freshDatabase, freshPglite, type DbTarget, type FreshPglite } from './db.js';

/** an initialised, closed PGlite data dir, made once per test file: a copy is a fresh database without another initdb */
let template: Promise<string> | undefined;

/** A fresh PGlite data dir: a copy of the initialised template. */
export async function freshPgliteCopy(): Promise<FreshPglite> {
  template ??= (async () => {
    const t = await freshPglite();
    process.once('exit', () => rmSync(path.dirname(t.dir), { recursive: true, force: true }));
    const db = new PGlite(t.dir);
    await db.waitReady;
    await db.close();
    return t.dir;
  })();
  const t = await freshPglite();
  await fs.cp(await template, t.dir, { recursive: true });
  return t;
}

export interface DevTarget {
  toml: string;
  /** the PGlite instance given to ladder (PostgreSQL: ladder opens the URL) */
  db?: PGlite;
  /** where the test reads the catalog and rows */
  q: DbTarget;
  /** PGlite: close the given instance, let ladder open the directory for fn, then open it again */
  owned?<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const DEV_DIALECTS: { name: string; open(): Promise<DevTarget> }[] = [
  {
    name: 'postgres',
    async open() {
      const d = await freshDatabase(inject('pgUrl'));
      return { toml: `[environments.dev]\nconnection_url = "${d.url}"\n`, q: d.url, close: d.drop };
    },
  },
  {
    name: 'pglite',
    async open() {
      const t = await freshPgliteCopy();
      const target: DevTarget = {
        toml: `[environments.dev]\npglite = "${t.dir}"\n`,
        db: new PGlite(t.dir),
        q: undefined as unknown as DbTarget,
        async owned(fn) {
          await target.db!.close();
          try {
            return await fn();
          } finally {
            target.db = new PGlite(t.dir);
            target.q = target.db;
            await target.db.waitReady;
          }
        },
        close: async () => {
          await target.db?.close().catch(() => {});
          await t.cleanup();
        },
      };
      target.q = target.db!;
      await target.db!.waitReady;
      return target;
    },
  },
];
