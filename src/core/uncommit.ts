/**
 * `uncommit` rules: what becomes of the last committed migration in one
 * environment, or why it is refused there. Pure: the caller reads the
 * database and the log, this decides.
 */
import { ExitCode, LadderError } from './errors.js';
import type { ApplyRecord } from './history.js';

export interface UncommitSite {
  environment: string;
  isProduction: boolean;
  /** selected with -e (or by default); else only looked at */
  active: boolean;
  /** the migration has a tracking row here */
  applied: boolean;
  /** what __ladder_log says put that row there */
  record?: ApplyRecord;
}

/** 'none': nothing to do here; 'to-try': the applied row goes back to being a try. */
export type UncommitAction = 'none' | 'to-try';

/**
 * An applied row may go back to a try only where `commit` made it from a try
 * (log action commit or adopt-try), in a non-production environment selected
 * for this command. Anywhere else, uncommit would leave a row that matches
 * no committed migration, so it is refused, saying what to do instead.
 */
export function uncommitAction(id: string, site: UncommitSite): UncommitAction {
  if (!site.applied) return 'none';
  const env = site.environment;
  if (site.isProduction) {
    throw new LadderError(ExitCode.usage, `uncommit ${id} refused: it is applied in ${env}, a production environment`, {
      environment: env,
      migration: id,
      hint: `a migration that reached production stays committed: undo it with a new migration, or \`ladder rollback -e ${env} --production\` first`,
    });
  }
  if (site.record?.by !== 'commit') {
    const how = site.record ? `by ${site.record.by}` : 'outside ladder (no log record)';
    throw new LadderError(ExitCode.usage, `uncommit ${id} refused: it is applied in ${env} ${how}, not committed from a try there`, {
      environment: env,
      migration: id,
      hint: `roll it back there first (\`ladder rollback -e ${env}\`), then uncommit`,
    });
  }
  if (!site.active) {
    throw new LadderError(ExitCode.usage, `uncommit ${id} refused: it is applied in ${env}, which this command does not act on`, {
      environment: env,
      migration: id,
      hint: `include it, so its row becomes a try again there too: \`ladder uncommit -e <environments>,${env}\``,
    });
  }
  return 'to-try';
}
