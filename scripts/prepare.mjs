// npm's `prepare`: npm runs it when it installs this package from git (with
// the dev dependencies, so it can build) and from a folder, `npm i ../ladder`
// (without them: tsc is not there). Build when the tools are here; else use
// the dist/ already built in the folder, or say what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const canBuild = ['typescript/bin/tsc', 'esbuild'].every((m) => {
  try {
    require.resolve(m);
    return true;
  } catch {
    return false;
  }
});

if (canBuild) {
  execFileSync(process.execPath, [fileURLToPath(new URL('build.mjs', import.meta.url))], { stdio: 'inherit', cwd: root });
} else if (!existsSync(new URL('../dist/cli/ladder.cjs', import.meta.url))) {
  console.error(
    `drizzle-ladder: ${root} has no dist/ and no dev dependencies to build it.\n` +
      'Build it there first (npm install && npm run build), or install a tarball: npm pack there, then npm i <path>/drizzle-ladder-<version>.tgz',
  );
  process.exit(1);
}
