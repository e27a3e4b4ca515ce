// The JSON Schema shipped in the package (schema/results.schema.json) is
// what the types say, and what the CLI prints validates against it: plain
// environments, a fleet, and errors.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, type FreshDatabase } from '../helpers/db.js';
import { Folder } from '../helpers/folder.js';
import { repoRoot, runLadder } from '../helpers/project.js';

const schema = JSON.parse(await fs.readFile(path.join(repoRoot, 'schema', 'results.schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(schema, 'ladder');
const check = (definition: string, doc: unknown) => {
  const validate = ajv.getSchema(`ladder#/definitions/${definition}`)!;
  const ok = validate(doc);
  return ok ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
};

let db: FreshDatabase;
let root: string;
beforeAll(async () => {
  db = await freshDatabase(inject('pgUrl'));
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'ladder-schema-'));
  await fs.writeFile(
    path.join(root, 'ladder.toml'),
    `[environments.one]\nconnection_url = { env = "DATABASE_URL" }\n\n[environments.tenants]\nconnection_url = { env = "DATABASE_URL" }\nfleet = { schemas = { list = ["a", "b"] } }\n`,
  );
  const f = new Folder(root);
  f.add('accounts', 'CREATE TABLE "accounts" ("id" serial PRIMARY KEY NOT NULL);');
  await f.write();
});
afterAll(async () => {
  await db.drop();
  await fs.rm(root, { recursive: true, force: true });
});

describe('schema/results.schema.json', () => {
  it('is what src/api/documents.ts says (pnpm run schema rewrites it)', () => {
    expect(() => execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'results-schema.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);

  it('validates what --json prints: migrate, status, verify on an environment and a fleet, and an error', async () => {
    const env = { DATABASE_URL: db.url };
    const json = async (args: string[]) => JSON.parse((await runLadder(root, [...args, '--json'], { env })).stdout);
    const docs: [string, unknown][] = [
      ['MigrateDocument', await json(['migrate', '-e', 'one,tenants', '--dry-run'])],
      ['MigrateDocument', await json(['migrate', '-e', 'one,tenants'])],
      ['StatusDocument', await json(['status', '-e', 'one,tenants', '--all'])],
      ['VerifyDocument', await json(['verify', '-e', 'one,tenants'])],
      ['ErrorDocument', await json(['migrate', '-e', 'nosuch'])],
    ];
    expect((docs[1]![1] as { environments: { fleet?: { targets: unknown[] } }[] }).environments[1]!.fleet!.targets).toHaveLength(2);
    for (const [definition, doc] of docs) expect(check(definition, doc), definition).toEqual([]);
    // and the schema is not vacuous: a wrong shape fails
    expect(check('MigrateDocument', { ok: true, environments: [{ environment: 1 }] })).not.toEqual([]);
  });
});
