import pg from 'pg';

/** PostgreSQL's SQLSTATE for a refused connection when max_connections (or a role's limit) is reached. */
const TOO_MANY_CONNECTIONS = '53300';

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

  /** True while the last check is fresh and found the database: what isReachable would answer without waiting. */
  isKnownReachable(): boolean {
    return !!this.last && this.last.reachable && Date.now() - this.last.at < this.cacheMs;
  }

  async isReachable(): Promise<boolean> {
    if (this.last && Date.now() - this.last.at < this.cacheMs) return this.last.reachable;
    // A second probe before saying "unreachable": one connection lost to a busy moment (a slow
    // connect on a loaded machine) must not refuse every operation for the next `cacheMs`.
    this.pending ??= this.probe().then(async (reachable) => reachable || this.probe()).then((reachable) => {
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
    } catch (error) {
      // "Too many connections" is the server answering: it is up, only saturated for a moment
      // (the pools' own connections are still served). Refusing every operation then would turn a
      // busy spell into an outage.
      return (error as { code?: unknown }).code === TOO_MANY_CONNECTIONS;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
