import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import type { Logger } from 'pino';
import type { LoginThrottle } from '../core/auth/login-throttle';
import type { TokenService } from '../core/auth/tokens';
import type { AppConfig } from '../core/config';
import { createRequestContext, type RequestContext } from '../core/context';
import { ErrorCode } from '../core/errors';
import { toClientError } from '../core/graphql/format-error';
import { operationLimitsPlugin } from '../core/graphql/operation-limits';
import { createBaseServer, logInternalErrors, serviceUnavailableStatus, type Authenticate } from '../core/http/server';
import { attachWebSocketServer } from '../core/http/websocket';
import type { AppWiring } from '../core/module';
import type { ServiceRegistry } from '../core/services';
import { forwardedIdentity, fromGateway } from './forwarding';
import type { Subgraph } from './subgraph-schema';

export interface SubgraphServerOptions {
  subgraph: Subgraph;
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  tokens: TokenService;
  app: AppWiring;
  services: ServiceRegistry;
  /** The gateway's shared secret: a request without it is refused (401), whoever sends it. */
  secret: string;
  /** The subgraph with the partner stream serves it over WebSocket too (checking the token itself). */
  webSocket?: { authenticate: Authenticate };
  loginThrottle?: LoginThrottle;
}

export interface SubgraphServer {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

const GATEWAY_ONLY = {
  errors: [{ message: 'This is a federation subgraph: send operations to the gateway', extensions: { code: ErrorCode.UNAUTHENTICATED, detail: 'GATEWAY_SECRET_REQUIRED' } }],
};

/**
 * One subgraph over HTTP: the operations the gateway plans for it (`_entities` included), with the
 * viewer the gateway verified and forwarded. Its own EntityManager fork per request, the same
 * root-field policies (one transaction per mutation), errors formatted as the single process does
 * (the gateway passes them on), the execution budget of the operation limits on its part.
 */
export async function createSubgraphServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const { subgraph, orm, config, logger, tokens, app: wiring, services, secret, webSocket, loginThrottle } = options;
  const { app, httpServer, listen } = createBaseServer(config, logger);

  const ws = webSocket
    ? attachWebSocketServer({
        httpServer,
        schema: subgraph.local,
        orm,
        config,
        logger,
        tokens,
        services,
        app: wiring,
        authenticate: webSocket.authenticate,
        isReady: () => true,
        verifyUpgrade: (req) => fromGateway(req, secret),
      })
    : null;

  const apollo = new ApolloServer<RequestContext>({
    schema: subgraph.schema,
    formatError: toClientError,
    includeStacktraceInErrorResponses: false,
    introspection: config.env !== 'production',
    plugins: [
      serviceUnavailableStatus(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(ws ? [{ serverWillStart: async () => ({ drainServer: () => ws.dispose() }) }] : []),
      ApolloServerPluginCacheControlDisabled(),
      // No Apollo usage reporting here: a trace per field would be built for nothing.
      ApolloServerPluginInlineTraceDisabled(),
      logInternalErrors(logger),
      operationLimitsPlugin(config.limits),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    (req, res, next) => {
      if (fromGateway(req, secret)) return next();
      res.status(401).json(GATEWAY_ONLY);
    },
    express.json({ limit: '4mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const identity = forwardedIdentity(req);
        return createRequestContext({
          requestId: identity.requestId ?? String(req.id),
          em: orm.em.fork(),
          viewer: identity.viewer,
          authFailure: identity.authFailure,
          logger: (res as express.Response & { log?: Logger }).log ?? logger,
          config,
          tokens,
          clientAddress: identity.clientAddress,
          loginThrottle,
          services,
          app: wiring,
        });
      },
    }),
  );

  return { listen, close: () => apollo.stop() };
}
