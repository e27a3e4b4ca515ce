/**
 * PGlite is one session in one process: `CREATE INDEX CONCURRENTLY` fails
 * there ("tuple concurrently updated"), and with no other session there is
 * nothing to be concurrent with, so the plain form builds the same index.
 * Only a statement that starts with the form is rewritten (after comments):
 * PostgreSQL runs CONCURRENTLY only as a statement of its own, so text
 * anywhere else (a string, a function body) is left as it is.
 */
const LEAD = String.raw`^((?:\s|--[^\n]*(?:\n|$)|/\*[\s\S]*?\*/)*)`;
const FORMS: RegExp[] = [
  new RegExp(`${LEAD}(create\\s+(?:unique\\s+)?index)\\s+concurrently\\b`, 'i'),
  new RegExp(`${LEAD}(drop\\s+index)\\s+concurrently\\b`, 'i'),
  new RegExp(`${LEAD}(reindex\\s+(?:\\([^)]*\\)\\s*)?(?:index|table|schema|database|system))\\s+concurrently\\b`, 'i'),
];

/** The statement PGlite can run in place of a CONCURRENTLY one; any other statement unchanged. */
export function withoutConcurrently(statement: string): string {
  for (const re of FORMS) {
    const m = re.exec(statement);
    if (m) return `${m[1]}${m[2]}${statement.slice(m[0].length)}`;
  }
  return statement;
}
