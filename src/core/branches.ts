/**
 * Branches in a drizzle-kit 1.0 history: two developers generated migrations
 * from the same parent snapshot. drizzle-kit 1.0's `migrate` refuses such a
 * history ("--ignore-conflicts is not supported for postgresql") and its fix
 * deletes the branches; drizzle-orm's migrate() and ladder apply it in order.
 * ladder says where the branches are and whether they write the same objects
 * (drizzle-kit's snapshot `footprints`), so a reviewer can tell a harmless
 * pair of migrations from a conflicting one.
 */
export interface SnapshotNode {
  /** the migration (folder name) */
  migration: string;
  id: string;
  prevIds: string[];
  /** objects the migration writes, as drizzle-kit's footprints name them (e.g. `s|tbl|public.posts`) */
  writes: string[];
}

export interface Branching {
  /** the migration whose snapshot both branches start from */
  from: string;
  /** the first migration of each branch */
  heads: string[];
  /** objects written on more than one branch (without drizzle-kit's kind prefix); empty: the branches commute */
  sharedObjects: string[];
}

export function findBranches(nodes: SnapshotNode[]): Branching[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map<string, SnapshotNode[]>();
  for (const n of nodes) for (const p of n.prevIds) children.set(p, [...(children.get(p) ?? []), n]);
  const descendants = (start: SnapshotNode): Set<SnapshotNode> => {
    const seen = new Set<SnapshotNode>();
    const todo = [start];
    while (todo.length > 0) {
      const n = todo.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(...(children.get(n.id) ?? []));
    }
    return seen;
  };
  const found: Branching[] = [];
  for (const [parentId, kids] of children) {
    if (kids.length < 2) continue;
    const parent = byId.get(parentId);
    const reach = kids.map(descendants);
    // each branch: what it reaches that the others do not (up to where they merge)
    const own = reach.map((r, i) => [...r].filter((n) => !reach.some((o, j) => j !== i && o.has(n))));
    const objects = own.map((branch) => new Set(branch.flatMap((n) => n.writes.map((w) => w.slice(w.lastIndexOf('|') + 1)))));
    const shared = [...new Set(objects.flatMap((o, i) => [...o].filter((x) => objects.some((p, j) => j !== i && p.has(x)))))].sort();
    found.push({ from: parent?.migration ?? '(the empty schema)', heads: kids.map((k) => k.migration), sharedObjects: shared });
  }
  return found;
}
