import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createdExtensions } from '../core/extensions.js';

/**
 * The extensions created anywhere in the migrations folder (migrations and
 * revert files, committed or not): what an embedded PGlite must load when it
 * starts, since a database migrated once keeps needing them. Unreadable
 * files are skipped: reading the folder properly reports them.
 */
export function extensionsInFolder(directory: string): string[] {
  const names = new Set<string>();
  let files: string[];
  try {
    files = readdirSync(directory).filter((f) => f.endsWith('.sql'));
  } catch {
    return [];
  }
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(path.join(directory, f), 'utf8');
    } catch {
      continue;
    }
    // most files create none: skip the regex unless the word is there
    if (!/extension/i.test(text)) continue;
    for (const n of createdExtensions(text)) names.add(n);
  }
  return [...names].sort();
}
