/**
 * import() of the packages ladder loads only when there is work for them
 * (PGlite, drizzle-kit, esbuild).
 *
 * Why not a plain import(): the CLI runs as a script compiled by vm.Script
 * with V8's code cache (src/cli/bin.ts), and on Node 20 an import() inside
 * such code fails once the cache is used (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
 * So the launcher lends its own import() under this key; specifiers resolve
 * from its folder, which is the bundle's. Used as a library, ladder imports
 * as usual.
 */
export const LENT_IMPORT = Symbol.for('drizzle-ladder.import');

type Importer = (specifier: string) => Promise<unknown>;

export function importOptional<T>(specifier: string): Promise<T> {
  const lent = (globalThis as { [LENT_IMPORT]?: Importer })[LENT_IMPORT];
  return (lent ? lent(specifier) : import(specifier)) as Promise<T>;
}
