import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type Request, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { TokenService } from '../auth/tokens';
import type { AppConfig } from '../config';
import { createRequestContext, type RequestContext, type Viewer } from '../context';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthFailure } from '../errors';
import { isInternalError, toClientError } from '../graphql/format-error';
import type { ServiceRegistry } from '../services';
import { attachWebSocketServer } from './websocket';

/** Turns the request's bearer token (or its absence) into a viewer, checked against the database. */
export type Authenticate = (em: EntityManager, bearerToken: string | null) => Promise<Viewer | AuthFailure>;

export interface HttpServerOptions {
  schema: GraphQLSchema;
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  tokens: TokenService;
  authenticate: Authenticate;
  /** The process's long-lived services, handed to every request (HTTP and WebSocket). */
  services: ServiceRegistry;
  /** False until the database is migrated (and seeded): `/ready` and `/graphql` answer 503 until then. */
  isReady: () => boolean;
}

export interface HttpServer {
  httpServer: http.Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { schema, orm, config, logger, tokens, authenticate, services, isReady } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  app.use(requestLogging(logger));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', (_req, res) => {
    if (isReady()) res.json({ status: 'ready' });
    else res.status(503).json({ status: 'starting' });
  });

  // Subscriptions (the partner event stream) on the same path, over graphql-ws.
  const webSocket = attachWebSocketServer({ httpServer, schema, orm, config, logger, tokens, services, authenticate, isReady });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: toClientError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    introspection: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: () => webSocket.dispose() }) },
      // No cache hints here (every answer depends on the viewer): without this, Apollo wraps every
      // field's resolver to compute them, a cost paid on each of the thousands of fields of a report.
      ApolloServerPluginCacheControlDisabled(),
      logInternalErrors(logger),
      ...(config.env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    (_req, res, next) => {
      if (isReady()) return next();
      res.status(503).json({ errors: [{ message: 'The server is starting: try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const em = orm.em.fork();
        const identity = await authenticate(em, bearerTokenOf(req));
        return createRequestContext({
          requestId: String(req.id),
          em,
          viewer: typeof identity === 'string' ? null : identity,
          authFailure: typeof identity === 'string' ? identity : null,
          logger: (res as Response & { log: Logger }).log ?? logger,
          config,
          tokens,
          services,
        });
      },
    }),
  );

  return {
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve((httpServer.address() as AddressInfo).port);
        });
      }),
    close: () => apollo.stop(),
  };
}

/** The request id: the client's `x-request-id` when it is a plain token, else a new UUID; echoed back. */
function requestIdOf(req: http.IncomingMessage, res: http.ServerResponse): string {
  const fromClient = req.headers['x-request-id'];
  const id = typeof fromClient === 'string' && /^[\w.-]{1,64}$/.test(fromClient) ? fromClient : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * One log line per request (duration, status, operation name) through pino-http when the level
 * shows them; below that only the request id, so a quiet production log costs nothing per request.
 */
function requestLogging(logger: Logger): express.RequestHandler {
  if (!logger.isLevelEnabled('info')) {
    return (req, res, next) => {
      (req as Request & { id: string }).id = requestIdOf(req, res);
      (res as Response & { log: Logger }).log = logger;
      next();
    };
  }
  return pinoHttp({
    logger,
    genReqId: requestIdOf,
    customAttributeKeys: { responseTime: 'durationMs' },
    customProps: (req) => {
      const operationName = (req as Request).body?.operationName;
      return { requestId: req.id, ...(typeof operationName === 'string' ? { operationName } : {}) };
    },
    // Never log headers: they carry bearer tokens.
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customSuccessMessage: (req, res, durationMs) => `${req.method} ${(req as Request).originalUrl ?? req.url} ${res.statusCode} in ${durationMs} ms`,
    autoLogging: { ignore: (req) => req.url === '/health' },
  });
}

function bearerTokenOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : header;
}

/** Unexpected errors reach the client as a bare INTERNAL_SERVER_ERROR: the log keeps the whole story. */
function logInternalErrors(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (!isInternalError(error)) continue;
            (contextValue?.logger ?? logger).error(
              { err: error.originalError ?? error, path: error.path, operationName, requestId: contextValue?.requestId },
              'unexpected error while executing an operation',
            );
          }
        },
      };
    },
  };
}
