// Writes schema/results.schema.json: the JSON Schema of every `--json`
// document, from the types in src/api/documents.ts. `--check` exits 1 when
// the file on disk is not what the types say (the test suite runs it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'schema', 'results.schema.json');

export function generate() {
  const schema = createGenerator({
    path: path.join(root, 'src', 'api', 'documents.ts'),
    tsconfig: path.join(root, 'tsconfig.json'),
    type: 'LadderDocuments',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: true,
  }).createSchema('LadderDocuments');
  schema.$id = 'https://github.com/drizzle-ladder/drizzle-ladder/schema/results.schema.json';
  schema.title = "drizzle-ladder's --json documents";
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = generate();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error('schema/results.schema.json is out of date: run `pnpm run schema`');
      process.exit(1);
    }
  } else {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, text);
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  }
}
