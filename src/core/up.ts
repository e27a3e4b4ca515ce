/**
 * `ladder up`: after drizzle-kit 1.0's `up` turned a 0.x journal folder into
 * 1.0 folders (`<UTC(when)>_<tag after the first "_">/migration.sql`, the SQL
 * copied byte for byte), ladder's own files follow: committed.toml's ids are
 * re-keyed to the folder names, matched by hash (unchanged by the move), and
 * each `<tag>.revert.sql` left at the root moves to `<folder>/revert.sql`.
 * Pure: the plan, or every reason it cannot be made; nothing is half done.
 */
import type { Problem } from './errors.js';
import type { CommittedEntry } from './types.js';

export interface UpFolder {
  id: string;
  hash: string;
  /** sha256 of its revert.sql, when it has one */
  revertHash?: string;
}

export interface UpInput {
  committed: CommittedEntry[];
  folders: UpFolder[];
  /** `<tag>.revert.sql` files at the root of the migrations folder */
  rootReverts: { tag: string; hash: string }[];
}

export interface UpPlan {
  /** committed.toml as it must be: same order, hashes and flags, ids re-keyed */
  committed: CommittedEntry[];
  rekeyed: { from: string; to: string }[];
  /** root revert files to move into their folder (`drop`: the folder already holds the same file) */
  moves: { tag: string; folder: string; drop: boolean }[];
  problems: Problem[];
}

/** What drizzle-kit up keeps of a tag: everything after its first "_" (0000_add_users -> add_users). */
export function tagName(tag: string): string {
  const at = tag.indexOf('_');
  return at < 0 ? tag : tag.slice(at + 1);
}

export function planUp(input: UpInput): UpPlan {
  const problems: Problem[] = [];
  const folderIds = new Set(input.folders.map((f) => f.id));
  const taken = new Set(input.committed.filter((e) => folderIds.has(e.id)).map((e) => e.id));
  const folderOf = new Map<string, string>();
  const rekeyed: UpPlan['rekeyed'] = [];

  const committed = input.committed.map((entry) => {
    if (folderIds.has(entry.id)) return entry;
    const same = input.folders.filter((f) => f.hash === entry.hash && !taken.has(f.id));
    // identical SQL in several folders (two empty custom migrations): the one drizzle-kit up named after this tag
    const match = same.length === 1 ? same[0] : same.filter((f) => tagName(f.id) === tagName(entry.id)).length === 1 ? same.find((f) => tagName(f.id) === tagName(entry.id)) : undefined;
    if (!match) {
      problems.push({
        kind: 'up-unmatched',
        migration: entry.id,
        message:
          same.length === 0
            ? `committed ${entry.id} (sha256 ${entry.hash.slice(0, 12)}) is in no migration folder: its SQL changed or its folder is missing`
            : `committed ${entry.id}: ${same.length} folders hold the same SQL (${same.map((f) => f.id).join(', ')}); ladder cannot tell which is it`,
        hint: 'drizzle-kit up copies every migration byte for byte; restore the folder from version control, or run drizzle-kit up again on the 0.x folder',
      });
      return entry;
    }
    taken.add(match.id);
    folderOf.set(entry.id, match.id);
    rekeyed.push({ from: entry.id, to: match.id });
    return { ...entry, id: match.id };
  });

  const moves: UpPlan['moves'] = [];
  const revertTaken = new Set<string>();
  for (const revert of input.rootReverts) {
    const byName = input.folders.filter((f) => tagName(f.id) === tagName(revert.tag));
    const folderId = folderOf.get(revert.tag) ?? (byName.length === 1 ? byName[0]!.id : undefined);
    const folder = input.folders.find((f) => f.id === folderId);
    if (!folder || revertTaken.has(folder.id)) {
      problems.push({
        kind: 'up-revert-unmatched',
        migration: revert.tag,
        file: `${revert.tag}.revert.sql`,
        message: `${revert.tag}.revert.sql: no migration folder is ${revert.tag}'s (${byName.length > 1 ? `${byName.length} folders are named ${tagName(revert.tag)}` : 'none is named after it'})`,
        hint: `move it by hand to <folder>/revert.sql, or delete it if ${revert.tag} was dropped`,
      });
      continue;
    }
    revertTaken.add(folder.id);
    if (folder.revertHash !== undefined && folder.revertHash !== revert.hash) {
      problems.push({
        kind: 'up-revert-conflict',
        migration: folder.id,
        file: `${revert.tag}.revert.sql`,
        message: `${revert.tag}.revert.sql and ${folder.id}/revert.sql both exist and differ`,
        hint: 'keep one of them: delete the other',
      });
      continue;
    }
    moves.push({ tag: revert.tag, folder: folder.id, drop: folder.revertHash !== undefined });
  }
  return { committed, rekeyed, moves, problems };
}
