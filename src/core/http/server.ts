import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { LoginThrottle } from '../auth/login-throttle';
import { personalDataPlugin } from '../auth/personal-data';
import type { TokenService } from '../auth/tokens';
import type { AppConfig } from '../config';
import { createRequestContext, type RequestContext, type Viewer } from '../context';
import type { LoaderRegistry } from '../loaders';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../db/outage';
import { ErrorCode, type AuthFailure } from '../errors';
import { isInternalError, isOutageError, SERVICE_UNAVAILABLE_MESSAGE, toClientError } from '../graphql/format-error';
import { compiledExecution } from '../graphql/compiled-execution';
import { answerSelectionPlugin } from '../graphql/answer-selection';
import { inputLimitsPlugin } from '../graphql/input-limits';
import { oncePerOperationRule } from '../graphql/once-per-operation';
import { DatabaseHealth } from './database-health';
import { lastResortHandler, malformedRequestHandler } from './malformed-request';
import { applyExecutionLimits, operationLimitsCheck, operationLimitsMiddleware, operationLimitsPlugin, operationParseOptions } from '../graphql/operation-limits';
import { directGraphqlPost, type DirectRoute } from './direct-graphql-post';
import type { AppWiring } from '../module';
import type { ServiceRegistry } from '../services';
import { attachWebSocketServer } from './websocket';
import { corsMiddleware } from './cors';
import { explorerRoutes } from './explorer';
import { csvReportHandler, type CsvReport, type ExecuteForRequest } from './report-csv';

/**
 * Turns the request's bearer token (or its absence) into a viewer, checked against the database;
 * given the request's loaders, it may prime them with what it read (the viewer's own row).
 */
export type Authenticate = (em: EntityManager, bearerToken: string | null, loaders?: LoaderRegistry) => Promise<Viewer | AuthFailure>;

export interface HttpServerOptions {
  schema: GraphQLSchema;
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  tokens: TokenService;
  authenticate: Authenticate;
  /** The process's long-lived services, handed to every request (HTTP and WebSocket). */
  services: ServiceRegistry;
  /** The installed modules (their hooks and constraint errors), handed to every request. */
  app: AppWiring;
  /** False until the database is migrated (and seeded): `/ready` and `/graphql` answer 503 until then. */
  isReady: () => boolean;
  /** Counts and throttles logins (absent: unthrottled, as in tools that build a server by hand). */
  loginThrottle?: LoginThrottle;
  /** Reports also served as CSV (`GET /reports/<field>.csv`). */
  csvReports?: CsvReport[];
}

export interface HttpServer {
  httpServer: http.Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { schema, orm, config, logger, tokens, authenticate, services, app: wiring, isReady, loginThrottle, csvReports = [] } = options;
  const database = new DatabaseHealth(orm.config.get('clientUrl')!, config.readinessCheckMs);
  const { app, httpServer, listen, routeDirectly } = createBaseServer(config, logger, { isReady, database });
  app.use(corsMiddleware(config.corsOrigins));
  // The explorer's page and files, before the GraphQL middleware (which answers operations only).
  app.use(explorerRoutes());

  const limitedSchema = applyExecutionLimits(schema);

  /** The request's context: a forked EntityManager, the viewer its token names (checked in the database), the logger. */
  const contextFor = async (req: Request, res: Response): Promise<RequestContext> => {
    const em = orm.em.fork();
    const requestLogger = (res as Response & { log: Logger }).log ?? logger;
    const context = createRequestContext({
      requestId: String(req.id),
      em,
      viewer: null,
      authFailure: null,
      logger: requestLogger,
      config,
      tokens,
      clientAddress: req.ip ?? req.socket.remoteAddress,
      loginThrottle,
      services,
      app: wiring,
    });
    let identity: Viewer | AuthFailure;
    try {
      // Given the loaders, the staff check primes the viewer's own row (`me` needs no second statement).
      identity = await authenticate(em, bearerTokenOf(req), context.loaders);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        requestLogger.error({ err: error, requestId: req.id }, 'unexpected error while checking the token');
        throw error;
      }
      requestLogger.warn({ err: error, requestId: req.id }, 'operation failed: the database is unreachable');
      throw new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } } });
    }
    if (typeof identity === 'string') context.authFailure = identity;
    else context.viewer = identity;
    return context;
  };
  // Subscriptions (the partner event stream) on the same path, over graphql-ws.
  const webSocket = attachWebSocketServer({ httpServer, schema, orm, config, logger, tokens, services, app: wiring, authenticate, isReady });

  const apollo = new ApolloServer<RequestContext>({
    // The schema, executed by compiled queries (see compiled-execution.ts).
    gateway: compiledExecution(limitedSchema),
    formatError: toClientError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.limits.fieldSuggestions,
    // Allowed here, refused to anonymous callers by operationLimitsPlugin when so configured.
    introspection: true,
    parseOptions: operationParseOptions(config.limits),
    validationRules: [oncePerOperationRule],
    plugins: [
      inputLimitsPlugin(config.inputMaxStringLength),
      serviceUnavailableStatus(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: () => webSocket.dispose() }) },
      // No cache hints here (every answer depends on the viewer): without this, Apollo wraps every
      // field's resolver to compute them, a cost paid on each of the thousands of fields of a report.
      ApolloServerPluginCacheControlDisabled(),
      logInternalErrors(logger),
      operationLimitsPlugin(config.limits),
      personalDataPlugin(),
      // Rows that only serve the answer carry only the columns the operation reads (answer-selection.ts).
      answerSelectionPlugin(),
      // Both of Apollo's landing pages load from a CDN: browsers get our own explorer instead (explorer.ts).
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  const gate = readinessGate(isReady, database);

  // Reports as CSV: the same operation a client would send, run through Apollo with the caller's
  // context, so roles, field rules, validation, input and execution limits apply as on /graphql.
  const executeForRequest: ExecuteForRequest = async (req, res, query, variables) => {
    let contextValue: RequestContext;
    try {
      contextValue = await contextFor(req, res);
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [toClientError(error.toJSON(), error)] };
      throw error;
    }
    const response = await apollo.executeOperation<Record<string, unknown>>({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('a CSV report answered incrementally');
    return response.body.singleResult;
  };
  app.get('/reports/:file', gate, csvReportHandler(schema, csvReports, executeForRequest));

  const refusalOf = operationLimitsCheck(limitedSchema, config.limits);
  app.use(
    '/graphql',
    gate,
    express.json({ limit: MAX_BODY_BYTES }),
    malformedRequestHandler,
    operationLimitsMiddleware(limitedSchema, config.limits, refusalOf),
    expressMiddleware(apollo, {
      context: ({ req, res }) => contextFor(req, res),
    }),
  );
  // The same route's plain case (a JSON POST), answered without express: see direct-graphql-post.ts.
  routeDirectly(
    directGraphqlPost({
      apollo,
      contextFor,
      express: app,
      isReady,
      isDatabaseReachable: () => database.isKnownReachable() || database.isReachable(),
      refusalOf,
      trustProxy: app.get('trust proxy fn'),
      enabled: !logsEveryRequest(logger),
      requestIdOf,
      logger,
      maxBodyBytes: MAX_BODY_BYTES,
    }),
  );

  app.use(malformedRequestHandler, lastResortHandler(logger));

  return { httpServer, listen, close: () => apollo.stop() };
}

/** The largest request body `/graphql` reads: 1 MB. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface BaseServer {
  app: express.Express;
  httpServer: http.Server;
  /** Requests this route takes are answered before express sees them (see direct-graphql-post.ts). */
  routeDirectly(route: DirectRoute): void;
  /** Listens; resolves to the port (the one chosen when `port` is 0). */
  listen(port: number, host: string): Promise<number>;
}

/**
 * The express app and HTTP server of every entry point (the single process, a federation gateway
 * or subgraph): keep-alive timeouts, proxy trust, one log line per request, `/health`, and
 * `/ready` when given what readiness means.
 */
export function createBaseServer(config: AppConfig, logger: Logger, readiness?: { isReady: () => boolean; database: DatabaseHealth }): BaseServer {
  const app = express();
  app.disable('x-powered-by');
  // Without it req.ip is the socket's address and X-Forwarded-For is ignored (a client could forge it).
  if (config.trustProxy) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  let direct: DirectRoute = () => false;
  const httpServer = http.createServer((req, res) => {
    if (!direct(req, res)) app(req, res);
  });
  // Idle keep-alive sockets outlive the clients' own idle timeouts (undici's: 4 s), so a client
  // never sends on a socket the server is closing at that moment (ECONNRESET under load).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  app.use(requestLogging(logger));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (readiness) {
    const { isReady, database } = readiness;
    app.get('/ready', async (_req, res) => {
      if (!isReady()) res.status(503).json({ status: 'starting' });
      else if (!(await database.isReachable())) res.status(503).json({ status: 'database unreachable' });
      else res.json({ status: 'ready' });
    });
  }
  return {
    app,
    httpServer,
    routeDirectly: (route) => {
      direct = route;
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve((httpServer.address() as AddressInfo).port);
        });
      }),
  };
}

/** Operations answer 503 while the server starts or the database is unreachable. */
export function readinessGate(isReady: () => boolean, database: DatabaseHealth): express.RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!isReady()) {
      res.status(503).json({ errors: [{ message: 'The server is starting: try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    } else if (!(await database.isReachable())) {
      (res as Response & { log?: Logger }).log?.warn({ requestId: req.id }, 'operation refused: the database is unreachable');
      res.status(503).json({ errors: [{ message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] });
    } else {
      next();
    }
  };
}

/** The request id: the client's `x-request-id` when it is a plain token, else a new UUID; echoed back. */
export function requestIdOf(req: http.IncomingMessage, res: http.ServerResponse): string {
  const fromClient = req.headers['x-request-id'];
  const id = typeof fromClient === 'string' && /^[\w.-]{1,64}$/.test(fromClient) ? fromClient : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * One log line per request (duration, status, operation name) through pino-http when the level
 * shows them; below that only the request id, so a quiet production log costs nothing per request.
 */
export function requestLogging(logger: Logger): express.RequestHandler {
  if (!logsEveryRequest(logger)) {
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

/** Whether each request gets its log line (pino-http), at info level and below. */
function logsEveryRequest(logger: Logger): boolean {
  return logger.isLevelEnabled('info');
}

export function bearerTokenOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : header;
}

/** Unexpected errors reach the client as a bare INTERNAL_SERVER_ERROR: the log keeps the whole story. */
export function logInternalErrors(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isOutageError(error)) {
              (contextValue?.logger ?? logger).warn(
                { err: error.originalError ?? error, path: error.path, operationName, requestId: contextValue?.requestId },
                'operation failed: the database is unreachable',
              );
              continue;
            }
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

/** An operation that failed because the database is unreachable answers HTTP 503, as the gate in front does. */
export function serviceUnavailableStatus(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (errors.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) response.http.status = 503;
        },
      };
    },
  };
}
