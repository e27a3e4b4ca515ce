/**
 * Sending a run's statements pipelined over one connection, whatever the
 * driver: `issue` sends one text and resolves with its answer. The driver
 * (postgres-js.ts) supplies `issue` and says when its connection is gone.
 */
import {
  COMMIT_STATEMENT,
  firstFailure,
  RECORD_AND_COMMIT,
  type CommitListener,
  type ProgressListener,
  type Task,
} from './atomic.js';
import { lostConnectionMessage } from './sql-error.js';

/** Our connection closed under us (postgres.js' own code for it). */
export const lostError = () => Object.assign(new Error(lostConnectionMessage('CONNECTION_CLOSED')), { code: 'CONNECTION_CLOSED' });

/**
 * How much SQL may be on its way at once (sent, its answer not yet in):
 * below the socket's 16 KiB high-water mark. Past it, postgres.js parks
 * further queries in its pool queue, and should the connection die, it
 * reconnects and runs them on a NEW session: outside our transaction, a
 * migration half applied. So what is in flight always fits the buffer (a
 * larger statement goes alone), and nothing ever waits in that queue. Each
 * answer frees room for the next statements, so the server never waits for
 * us between them: 300 small migrations cost no round trip each.
 */
const WINDOW_BYTES = 8 * 1024;

export interface PipelineListeners {
  onProgress?: ProgressListener;
  onCommitted?: CommitListener;
  /** our connection is gone: send nothing more */
  lost?: () => boolean;
  /** we opened the transaction ourselves, so we end it after a failure (begin() does it otherwise) */
  rollbackOnFailure?: boolean;
  /** rejects when our connection has closed and its answers are overdue */
  closed?: Promise<never>;
}

export type Issue = (text: string) => PromiseLike<unknown>;

/**
 * Send the tasks in order through a window of WINDOW_BYTES, reporting
 * progress as answers arrive (the server runs them in order) and commits as
 * they happen; at the first failure send nothing more, wait for what was
 * sent, close its transaction, and throw the failure.
 */
export async function sendPipelined(tasks: Task[], issue: Issue, listen: PipelineListeners): Promise<void> {
  const { onProgress, onCommitted } = listen;
  if (tasks[0]) onProgress?.(tasks[0].unit, tasks[0].statement);
  const results: PromiseSettledResult<unknown>[] = [];
  let sent = 0;
  const allSent = new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    let answered = 0;
    let failed = false;
    const answer = (i: number, size: number, result: PromiseSettledResult<unknown>) => {
      results[i] = result;
      inFlight -= size;
      answered++;
      const t = tasks[i]!;
      if (result.status === 'rejected') failed = true;
      // a COMMIT in an aborted transaction answers ROLLBACK: not committed
      else if ((t.statement === COMMIT_STATEMENT || t.statement === RECORD_AND_COMMIT) && (result.value as { command?: string }).command === 'COMMIT') onCommitted?.(t.unit);
      const following = tasks[i + 1];
      if (following && !failed) onProgress?.(following.unit, following.statement);
      send();
    };
    const send = () => {
      while (!failed && sent < tasks.length) {
        if (listen.lost?.()) return reject(lostError());
        const i = sent;
        const size = Buffer.byteLength(tasks[i]!.text);
        if (inFlight > 0 && inFlight + size > WINDOW_BYTES) break;
        sent++;
        inFlight += size;
        let query: PromiseLike<unknown>;
        try {
          query = issue(tasks[i]!.text);
        } catch (e) {
          query = Promise.reject(e);
        }
        query.then(
          (value) => answer(i, size, { status: 'fulfilled', value }),
          (reason: unknown) => answer(i, size, { status: 'rejected', reason }),
        );
      }
      if (answered === sent) resolve();
    };
    send();
  });
  await (listen.closed ? Promise.race([allSent, listen.closed]) : allSent);
  const failure = firstFailure(tasks.slice(0, sent), results);
  if (failure) {
    // Later units would only fail their guards: they were not sent. End the
    // failed transaction (harmless when the failure was at COMMIT).
    // (Not when the session is gone: the server rolled back, and a query now could wait forever.)
    if (listen.rollbackOnFailure && !listen.lost?.()) {
      const rollback = Promise.resolve(issue('ROLLBACK'));
      await (listen.closed ? Promise.race([rollback, listen.closed]) : rollback).catch(() => {});
    }
    throw failure;
  }
}
