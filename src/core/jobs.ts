import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { TokenService } from './auth/tokens';
import type { AppConfig } from './config';
import { createRequestContext, type RequestContext } from './context';
import type { AppWiring } from './module';

/** Work a module runs on a timer inside the server (e.g. cancelling sales whose hold expired). */
export interface BackgroundJob {
  name: string;
  intervalSeconds(config: AppConfig): number;
  /** Runs in its own transaction on its own EntityManager; returns what it did, for the log. */
  run(ctx: RequestContext): Promise<number>;
  /** After a run that did something, once it committed: work that cannot run in a transaction (VACUUM). */
  afterCommit?(em: EntityManager): Promise<void>;
}

interface JobDependencies {
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  tokens: TokenService;
  app: AppWiring;
}

/** Starts every job on its interval, one run at a time per job; the returned function stops them and waits for runs in progress. */
export function startBackgroundJobs(jobs: BackgroundJob[], { orm, config, logger, tokens, app }: JobDependencies): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  for (const job of jobs) {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const run = orm.em
        .fork()
        .transactional((em) => job.run(createRequestContext({ requestId: `job:${job.name}`, em, viewer: null, authFailure: null, logger, config, tokens, app })))
        .then(async (count) => {
          if (count === 0) return;
          logger.info({ job: job.name, count }, `background job ${job.name}: ${count} done`);
          await job.afterCommit?.(orm.em.fork());
        })
        .then(
          () => undefined,
          (error) => logger.error({ err: error, job: job.name }, `background job ${job.name} failed`),
        )
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    timers.push(setInterval(tick, job.intervalSeconds(config) * 1000));
  }
  return async () => {
    timers.forEach(clearInterval);
    await Promise.all(running);
  };
}
