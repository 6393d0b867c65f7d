import type http from 'node:http';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { personalDataRule } from '../auth/personal-data';
import { STREAM_ROLES } from '../auth/roles';
import type { TokenService } from '../auth/tokens';
import type { AppConfig } from '../config';
import { createRequestContext, type Viewer } from '../context';
import { AppError, BadUserInputError, type AuthFailure } from '../errors';
import { isInternalError, toClientError } from '../graphql/format-error';
import { operationParseOptions, operationRefusal, operationValidationRules } from '../graphql/operation-limits';
import type { AppWiring } from '../module';
import type { ServiceRegistry } from '../services';

/** Close codes of the socket, beyond graphql-ws's own (documented in the README). */
export const WS_CLOSE = {
  /** No token, a bad one, or it expired while connected: log in again. */
  UNAUTHORIZED: CloseCode.Unauthorized,
  /** The role may not use the stream (only PARTNER and ADMIN). */
  FORBIDDEN: CloseCode.Forbidden,
  /** The server is starting or stopping: reconnect shortly. */
  TRY_AGAIN_LATER: 1013,
} as const;

export interface WebSocketOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  tokens: TokenService;
  services: ServiceRegistry;
  app: AppWiring;
  authenticate: (em: EntityManager, bearerToken: string | null) => Promise<Viewer | AuthFailure>;
  isReady: () => boolean;
  /** Refuses an upgrade request before the WebSocket opens (a federation subgraph: only the gateway may connect). */
  verifyUpgrade?: (req: http.IncomingMessage) => boolean;
}

interface ConnectionState {
  viewer?: Viewer;
  expiryTimer?: NodeJS.Timeout;
}

/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's `/graphql`: the partner stream's
 * transport. The token comes in `connection_init` (`{ authorization: "Bearer …" }`) and is checked
 * once; the socket is closed when it expires. Every operation goes through the same validation as
 * on HTTP plus the viewer's field access, then the schema's own root-field policies.
 */
export function attachWebSocketServer(options: WebSocketOptions): { dispose(): Promise<void> } {
  const { httpServer, schema, orm, config, logger, tokens, services, app, authenticate, isReady, verifyUpgrade } = options;
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: config.webSocket.maxPayloadBytes,
    ...(verifyUpgrade ? { verifyClient: ({ req }: { req: http.IncomingMessage }) => verifyUpgrade(req) } : {}),
  });
  const states = new WeakMap<object, ConnectionState>();
  const stateOf = (extra: Extra) => {
    let state = states.get(extra.socket);
    if (!state) states.set(extra.socket, (state = {}));
    return state;
  };
  let connections = 0;

  const cleanup = useServer<Record<string, unknown> | undefined, Record<string, never>>(
    {
      schema,
      onConnect: async ({ connectionParams, extra }) => {
        if (!isReady()) {
          extra.socket.close(WS_CLOSE.TRY_AGAIN_LATER, 'The server is starting: try again shortly');
          return false;
        }
        const bearer = bearerTokenOf(connectionParams?.authorization);
        const identity = await authenticate(orm.em.fork(), bearer);
        if (typeof identity === 'string') {
          extra.socket.close(WS_CLOSE.UNAUTHORIZED, `Unauthorized: ${identity}`);
          return false;
        }
        if (!STREAM_ROLES.includes(identity.role)) return false; // graphql-ws closes with 4403 Forbidden
        const state = stateOf(extra);
        state.viewer = identity;
        const expiresAt = bearer ? tokens.expiryOf(bearer) : null;
        if (expiresAt) {
          const socket = extra.socket;
          // setTimeout holds at most ~24.8 days; tokens live hours.
          const delay = Math.min(Math.max(0, expiresAt.getTime() - Date.now()), 2 ** 31 - 1);
          state.expiryTimer = setTimeout(() => socket.close(WS_CLOSE.UNAUTHORIZED, 'Unauthorized: EXPIRED_TOKEN'), delay);
        }
        connections++;
        return true;
      },
      onClose: ({ extra }) => {
        const state = states.get(extra.socket);
        if (state?.expiryTimer) clearTimeout(state.expiryTimer);
        if (state?.viewer) connections--;
      },
      onSubscribe: ({ extra, subscriptions }, id, payload) => {
        const viewer = stateOf(extra).viewer!;
        // graphql-ws has already counted this one.
        if (Object.keys(subscriptions).length > config.webSocket.maxSubscriptions) {
          return [new BadUserInputError(`At most ${config.webSocket.maxSubscriptions} operations may run at once on one connection`, { detail: 'TOO_MANY_SUBSCRIPTIONS' })];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, operationParseOptions(config.limits));
        } catch (error) {
          return [requestError((error as Error).message, 'GRAPHQL_PARSE_FAILED')];
        }
        // The same limits as on HTTP (graphql-armor's rules and the cost), then what the role may read of personal data.
        const errors = validate(schema, document, [...specifiedRules, ...operationValidationRules(config.limits), personalDataRule(viewer.role)]);
        if (errors.length) {
          return errors.map((error) => (error instanceof AppError ? error : requestError(error.message, 'GRAPHQL_VALIDATION_FAILED', error)));
        }
        const operation = getOperationAST(document, payload.operationName ?? undefined) ?? undefined;
        const variables = payload.variables ?? undefined;
        const refusal = operationRefusal(config.limits, { schema, document, operation, operationName: payload.operationName, variables, authenticated: true });
        if (refusal) return [refusal.error];
        const socket = extra.socket;
        const contextValue = createRequestContext({
          requestId: `ws:${id}`,
          em: orm.em.fork(),
          viewer,
          authFailure: null,
          logger,
          config,
          tokens,
          services,
          app,
        });
        contextValue.connection = { close: (code, reason) => socket.close(code, reason) };
        return { schema, document, variableValues: payload.variables ?? undefined, operationName: payload.operationName ?? undefined, contextValue };
      },
      onNext: (_ctx, id, payload, _args, result) => {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((error) => clientError(error, logger, id, payload.operationName)) };
      },
      onError: (_ctx, id, payload, errors) => errors.map((error) => clientError(error, logger, id, payload.operationName)),
    },
    wss,
    config.webSocket.keepAliveSeconds * 1000,
  );

  return {
    dispose: async () => {
      await cleanup.dispose();
      logger.debug({ connections }, 'WebSocket server closed');
    },
  };
}

function requestError(message: string, code: string, from?: GraphQLError): GraphQLError {
  return new GraphQLError(message, { nodes: from?.nodes, extensions: { code } });
}

function clientError(error: GraphQLError, logger: Logger, id: string, operationName: string | null | undefined): GraphQLFormattedError {
  if (isInternalError(error)) logger.error({ err: error.originalError ?? error, path: error.path, operationName, operationId: id }, 'unexpected error while executing an operation');
  return toClientError(error.toJSON(), error);
}

function bearerTokenOf(authorization: unknown): string | null {
  if (typeof authorization !== 'string' || !authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : authorization;
}
