// The five-minute tour behind `pnpm start`: the dev loop on a copy of this
// repository's demo project, against an embedded PGlite database, each step
// explained before it runs. Nothing in the repository is changed: the copy
// lives in a temp folder (kept with --keep, to look around afterwards).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const ladderBin = path.join(repo, pkg.bin.ladder);
const drizzleKitBin = path.join(repo, 'node_modules', '.bin', 'drizzle-kit');
const keep = process.argv.includes('--keep');

for (const [what, file] of [
  ['the built ladder (run `pnpm run build`)', ladderBin],
  ['drizzle-kit (run `pnpm install`)', drizzleKitBin],
]) {
  if (!fs.existsSync(file)) {
    console.error(`error: ${what} is missing: ${file}`);
    process.exit(2);
  }
}

// The project: the demo's schema, migrations and ladder.toml; node_modules
// linked to this repository's, so drizzle-kit and drizzle-orm resolve.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ladder-tour-'));
fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
for (const entry of ['drizzle', 'schema', 'drizzle.config.ts', 'ladder.toml']) {
  fs.cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
}

const bold = (s) => (process.stdout.isTTY && !('NO_COLOR' in process.env) ? `\u001b[1m${s}\u001b[22m` : s);
let step = 0;

function explain(text) {
  console.log(`\n${bold(`${++step}. ${text}`)}`);
}

function run(label, command, args, { mayFail = false } = {}) {
  console.log(`$ ${label}`);
  const r = spawnSync(command, args, { cwd: dir, stdio: 'inherit', env: { ...process.env, LADDER_ENV: 'dev' } });
  if (r.status !== 0 && !mayFail) {
    console.error(`\nerror: the tour stopped: \`${label}\` exited ${r.status ?? r.signal}; the project is kept in ${dir}`);
    process.exit(1);
  }
  return r.status;
}

const ladder = (...args) => run(`ladder ${args.join(' ')}`, process.execPath, [ladderBin, ...args]);
const edit = (rel, from, to) => {
  const file = path.join(dir, rel);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`tour: ${rel} does not contain ${JSON.stringify(from)}`);
  fs.writeFileSync(file, text.replace(from, to));
};

console.log(`A copy of the demo project is in ${dir}.`);
console.log('Its dev environment is an embedded PGlite database in .ladder/dev: no server, no Docker.');

explain('Bring the dev database up to date: the three committed migrations run, under the migrate lock.');
ladder('migrate');

explain('Change the schema (users get a `bio` column) and let drizzle-kit write the migration.');
edit('schema/demo.ts', "  name: text('name').notNull(),\n", "  name: text('name').notNull(),\n  bio: text('bio'),\n");
run('drizzle-kit generate --name add_bio', drizzleKitBin, ['generate', '--name', 'add_bio']);

explain('status: the new migration is uncommitted.');
ladder('status');

explain('try: ladder writes its revert file from drizzle-kit\'s snapshots, then applies it to the dev database.');
ladder('try');
console.log(`  ${fs.readFileSync(path.join(dir, 'drizzle', '0003_add_bio.revert.sql'), 'utf8').trim().split('\n').join('\n  ')}`);

explain('Edit the migration (a default for bio). The try is now stale: status says so.');
edit('drizzle/0003_add_bio.sql', 'ADD COLUMN "bio" text;', "ADD COLUMN \"bio\" text DEFAULT '';");
ladder('status');

explain('retry: revert with the SQL stored at try time, apply the edited file, in one transaction.');
ladder('retry');

explain('untry: changed your mind? The revert runs and the database is as before the try.');
ladder('untry');
ladder('status');

explain('try it again, then commit: committed.toml freezes the migration and its revert file by hash.');
ladder('try');
ladder('commit');

explain('verify --offline, the pull-request check: journal, files, revert files and committed.toml agree.');
ladder('verify', '--offline');

explain('status --all: every migration, applied in dev. In production, `ladder migrate -e production` applies them.');
ladder('status', '--all');

if (keep) {
  console.log(`\nThe project is kept in ${dir}. Try \`cd ${dir} && node ${ladderBin} status --all\`.`);
} else {
  fs.rmSync(dir, { recursive: true, force: true });
  console.log('\nThe tour is over; its temp project is removed (`pnpm start -- --keep` keeps it).');
}
