/**
 * The entry point of a `ladder bundle` file. The generated file is, in
 * effect:
 *
 *   import { runBundle } from 'drizzle-ladder/dist/bundle/entry.js';
 *   runMain(() => runBundle(JSON.parse('...embedded data...'), process.argv));
 *
 * bundled by esbuild with everything ladder's runtime imports (postgres.js,
 * commander) into one ES module; PGlite is replaced by a stub that refuses in
 * words (pglite-stub.ts).
 */
import { bundleMain } from './cli.js';
import { fromEmbedded, type EmbeddedData } from './data.js';

export async function runBundle(data: EmbeddedData, argv: string[]): Promise<number> {
  return bundleMain(argv, {
    data,
    prepare: () => ({ config: data.config, source: fromEmbedded(data) }),
  });
}
