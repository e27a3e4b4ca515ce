// A migrations folder as drizzle-kit 0.31 writes it (meta/_journal.json,
// NNNN_tag.sql with `--> statement-breakpoint` between statements), plus
// ladder's revert files and committed.toml, written directly: fast, for
// integration tests that need many small migrations. Tests that must prove
// the real drizzle-kit output use makeProject() from ./project.ts instead.
import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../../src/core/hash.js';

export const BREAK = '\n--> statement-breakpoint\n';
export const BASE_WHEN = 1_790_000_000_000;

export interface Mig {
  tag: string;
  when: number;
  sql: string;
  revert: string;
  /** false: not in committed.toml; 'fake': committed with fake = true */
  commit: boolean | 'fake';
}

export class Folder {
  readonly migs: Mig[] = [];
  constructor(readonly root: string) {}

  get dir(): string {
    return path.join(this.root, 'drizzle');
  }

  /** Adds a migration (committed unless told otherwise); `when` defaults to BASE_WHEN + idx minutes. Returns its tag. */
  add(name: string, statements: string | string[], opts: { when?: number; commit?: boolean | 'fake'; revert?: string } = {}): string {
    const idx = this.migs.length;
    const tag = `${String(idx).padStart(4, '0')}_${name}`;
    this.migs.push({
      tag,
      when: opts.when ?? BASE_WHEN + idx * 60_000,
      sql: Array.isArray(statements) ? statements.join(BREAK) : statements,
      revert: opts.revert ?? `-- revert ${tag}\nSELECT 1;`,
      commit: opts.commit ?? true,
    });
    return tag;
  }

  get(tag: string): Mig {
    const m = this.migs.find((x) => x.tag === tag);
    if (!m) throw new Error(`no migration ${tag}`);
    return m;
  }

  /** sha256 of the SQL file: what drizzle-orm stores as the row's hash. */
  hash(tag: string): string {
    return sha256Hex(this.get(tag).sql);
  }

  /** (Re)writes the journal, every SQL and revert file, and committed.toml. */
  async write(): Promise<void> {
    await fs.mkdir(path.join(this.dir, 'meta'), { recursive: true });
    const journal = {
      version: '7',
      dialect: 'postgresql',
      entries: this.migs.map((m, idx) => ({ idx, version: '7', when: m.when, tag: m.tag, breakpoints: true })),
    };
    await fs.writeFile(path.join(this.dir, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
    for (const m of this.migs) {
      await fs.writeFile(path.join(this.dir, `${m.tag}.sql`), m.sql);
      await fs.writeFile(path.join(this.dir, `${m.tag}.revert.sql`), m.revert);
    }
    const committed = this.migs
      .filter((m) => m.commit !== false)
      .map(
        (m) =>
          `[[migration]]\nid = "${m.tag}"\nhash = "${sha256Hex(m.sql)}"\nrevert_hash = "${sha256Hex(m.revert)}"\n` +
          (m.commit === 'fake' ? 'fake = true\n' : ''),
      );
    await fs.writeFile(path.join(this.dir, 'committed.toml'), ['# Managed by drizzle-ladder. Do not edit by hand.', ...committed].join('\n'));
  }

  /** Edits a migration's SQL file on disk only (committed.toml keeps the old hash). */
  async tamper(tag: string, sql: string): Promise<void> {
    await fs.writeFile(path.join(this.dir, `${tag}.sql`), sql);
  }
}
