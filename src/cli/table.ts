/**
 * Result rows as a text table, psql-style (`ladder sql`). Values are shown
 * as a person reads them: null as an empty cell, dates as ISO, objects as JSON.
 */
export function formatTable(columns: string[], rows: Record<string, unknown>[]): string[] {
  if (columns.length === 0) return [`(${rows.length} row${rows.length === 1 ? '' : 's'})`];
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => longestLine(row[i]!))));
  const line = (values: string[]) => ` ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')}`.trimEnd();
  return [
    line(columns),
    widths.map((w) => '-'.repeat(w + 2)).join('+'),
    ...cells.map((row) => line(row.map((v) => v.replace(/\n/g, '\\n')))),
    `(${rows.length} row${rows.length === 1 ? '' : 's'})`,
  ];
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

function longestLine(s: string): number {
  return s.replace(/\n/g, '\\n').length;
}
