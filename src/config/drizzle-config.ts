/**
 * Load drizzle.config.* the way drizzle-kit does: transpiled (TypeScript
 * included) and run as CommonJS from the project's folder, so its imports
 * (drizzle-kit's defineConfig, dotenv) resolve from the project's
 * node_modules and `__dirname` works. `ladder init` uses it to learn `out`
 * and `migrations.table/schema`; when it cannot load the file it falls back
 * to reading the text (init.ts) and says so.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type LoadedDrizzleConfig = { ok: true; value: unknown } | { ok: false; reason: string };

type Esbuild = typeof import('esbuild');

export async function loadDrizzleConfig(file: string): Promise<LoadedDrizzleConfig> {
  const dir = path.dirname(file);
  const esbuild = await findEsbuild(dir);
  if (!esbuild) return { ok: false, reason: 'esbuild, which transpiles it, is not installed' };
  // next to the config, so require() resolves from the project; removed right after
  const tmp = path.join(dir, `.${path.basename(file)}.ladder-${process.pid}.cjs`);
  try {
    const built = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      // the project's packages are require()d from its node_modules, not copied in
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    writeFileSync(tmp, built.outputFiles[0]?.text ?? '');
    const value: unknown = createRequire(tmp)(tmp);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, reason: oneLine(e) };
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The project's esbuild (drizzle-kit brings one), else ladder's optional peer. */
async function findEsbuild(projectDir: string): Promise<Esbuild | undefined> {
  try {
    return createRequire(path.join(projectDir, 'package.json'))('esbuild') as Esbuild;
  } catch {
    // not in the project
  }
  try {
    return await import('esbuild');
  } catch {
    return undefined;
  }
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim();
}
