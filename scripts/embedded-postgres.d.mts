export interface EmbeddedServer {
  /** superuser URL to database `postgres` */
  url: string;
  port: number;
  databaseDir: string;
  /** start it again after stop(), same data and port */
  start(): Promise<void>;
  /** stop the server, keep its data */
  stop(): Promise<void>;
  /** stop it if running and remove its data */
  destroy(): Promise<void>;
}

export function startEmbeddedPostgres(opts?: { settings?: Record<string, string>; prefix?: string }): Promise<EmbeddedServer>;
