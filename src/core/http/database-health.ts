import pg from 'pg';

/**
 * Whether the database answers, asked on a connection of its own (never the ORM's pool, which
 * may be busy or hold dead connections) at most once per `cacheMs`; concurrent callers share one
 * check. `/ready` reports it and `/graphql` refuses operations with 503 while it fails.
 */
export class DatabaseHealth {
  private last: { reachable: boolean; at: number } | null = null;
  private pending: Promise<boolean> | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly cacheMs: number,
    private readonly timeoutMs = 5000,
  ) {}

  async isReachable(): Promise<boolean> {
    if (this.last && Date.now() - this.last.at < this.cacheMs) return this.last.reachable;
    this.pending ??= this.probe().then((reachable) => {
      this.last = { reachable, at: Date.now() };
      this.pending = null;
      return reachable;
    });
    return this.pending;
  }

  private async probe(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: this.timeoutMs, query_timeout: this.timeoutMs });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
