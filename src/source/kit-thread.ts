/**
 * drizzle-kit's API (0.31's drizzle-kit/api, 1.0's drizzle-kit/api-postgres)
 * run in a worker thread of its own, so nothing it does reaches ladder's
 * process: its prompts find no terminal (a worker's stdin is not one) and
 * reject, its process.exit ends the thread only, its console output is
 * dropped (ladder's stdout stays ladder's: `--json`), and a call that never
 * answers is ended by terminating the thread, not left running beside ladder.
 *
 * One thread per module file, started on first use and reused; calls run one
 * at a time, as drizzle-kit's differ was written for a single caller. The
 * thread keeps the process alive only while a call is waiting for it.
 */
import type { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/**
 * What the thread runs: an eval'd CommonJS script, so it needs no file of its
 * own beside ladder's bundles. It drops drizzle-kit's output itself: a worker
 * whose stdout the parent reads (`stdout: true`) keeps the parent alive.
 */
const THREAD_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) console[k] = () => {};
process.stdout.write = process.stderr.write = () => true;
const loading = import(workerData.url);
const fn = (mod, name) => (typeof mod[name] === 'function' ? mod[name] : mod.default && typeof mod.default[name] === 'function' ? mod.default[name] : undefined);
parentPort.on('message', async ({ method, json }) => {
  try {
    const mod = await loading;
    if (method === '') {
      parentPort.postMessage({ ok: true, value: workerData.names.filter((n) => fn(mod, n)) });
      return;
    }
    parentPort.postMessage({ ok: true, value: await fn(mod, method)(...JSON.parse(json)) });
  } catch (e) {
    parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
`;

export interface KitThread {
  /** the functions of `names` the module exports (itself or as its default export's) */
  readonly functions: ReadonlySet<string>;
  /** `module[method](...args)` in the thread; arguments and result are copied across. */
  call<T>(method: string, args: unknown[], timeoutMs?: number): Promise<T>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * A thread that imported `file` and exports some of `names`; rejects with
 * the module's load error. The thread is replaced after an exit or a timeout.
 */
export async function startKitThread(file: string, names: string[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<KitThread> {
  // loaded here, not at the top: `ladder migrate` starts without it (ladder's bundle is one file)
  const { Worker } = await import('node:worker_threads');
  const thread = new SerialThread(Worker, file, names);
  const functions = new Set(await thread.call<string[]>('', [], timeoutMs));
  return { functions, call: (method, args, ms = timeoutMs) => thread.call(method, args, ms) };
}

class SerialThread {
  private worker: Worker | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly Thread: typeof Worker,
    private readonly file: string,
    private readonly names: string[],
  ) {}

  call<T>(method: string, args: unknown[], timeoutMs: number): Promise<T> {
    const run = this.chain.then(() => this.callNow<T>(method, args, timeoutMs));
    this.chain = run.catch(() => {});
    return run;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new this.Thread(THREAD_SCRIPT, {
      eval: true,
      workerData: { url: pathToFileURL(this.file).href, names: this.names },
    });
    // an error or exit between calls only retires the thread: the next call starts another
    const retire = () => {
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', retire).on('exit', retire);
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private callNow<T>(method: string, args: unknown[], timeoutMs: number): Promise<T> {
    const worker = this.thread();
    return new Promise<T>((resolve, reject) => {
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        worker.unref();
        fn();
      };
      const onMessage = (m: { ok: boolean; value?: T; message?: string }) =>
        settle(() => (m.ok ? resolve(m.value as T) : reject(new Error(m.message))));
      const onError = (e: Error) => settle(() => reject(e));
      const onExit = (code: number) => settle(() => reject(new Error(`drizzle-kit tried to exit the process (code ${code}): it wanted to ask a question`)));
      const timer = setTimeout(() => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        settle(() => reject(new Error(`drizzle-kit did not answer within ${timeoutMs} ms`)));
      }, timeoutMs);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      // the thread holds the process open while ladder waits for its answer, and only then
      worker.ref();
      // snapshots are plain JSON: as a string they cross faster than structured-cloned
      worker.postMessage({ method, json: JSON.stringify(args) });
    });
  }
}
