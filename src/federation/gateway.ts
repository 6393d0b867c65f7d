import http from 'node:http';
import net from 'node:net';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { Fetcher } from '@apollo/utils.fetcher';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import express, { type Response } from 'express';
import { GraphQLError, isScalarType, isSpecifiedScalarType, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AppConfig } from '../core/config';
import type { Viewer } from '../core/context';
import { isDatabaseUnavailable } from '../core/db/outage';
import { ErrorCode, type AuthFailure } from '../core/errors';
import { SERVICE_UNAVAILABLE_MESSAGE, toClientError } from '../core/graphql/format-error';
import { inputLimitsPlugin } from '../core/graphql/input-limits';
import { oncePerOperationRuleOf } from '../core/graphql/once-per-operation';
import { personalDataPlugin } from '../core/auth/personal-data';
import { operationLimitsMiddleware, operationLimitsPlugin, operationParseOptions } from '../core/graphql/operation-limits';
import { DatabaseHealth } from '../core/http/database-health';
import { lastResortHandler, malformedRequestHandler } from '../core/http/malformed-request';
import { bearerTokenOf, createBaseServer, logInternalErrors, readinessGate, serviceUnavailableStatus } from '../core/http/server';
import { FORWARDED, forwardedHeaders } from './forwarding';

/** What the gateway knows of a request: enough to forward the viewer and to apply the operation limits. */
export interface GatewayContext {
  requestId: string;
  viewer: Viewer | null;
  authFailure: AuthFailure | null;
  clientAddress?: string;
  logger: Logger;
}

export interface GatewayOptions {
  /** The committed `supergraph.graphql`. */
  supergraphSdl: string;
  /** Where each subgraph listens (`http://host:port/graphql`), by name. */
  subgraphUrls: Record<string, string>;
  /** The subgraph serving the partner stream over WebSocket (its URL is proxied on the gateway's `/graphql`). */
  streamSubgraph: string;
  secret: string;
  /** The whole schema of the single process: the operation limits are computed on it (field weights, once-per-operation marks). */
  wholeSchema: GraphQLSchema;
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  authenticate: (em: EntityManager, bearerToken: string | null) => Promise<Viewer | AuthFailure>;
  isReady: () => boolean;
}

export interface Gateway {
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** Sends each subgraph fetch with the gateway's secret and the identity it verified. */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly secret: string,
  ) {
    // Node's own fetch (undici, keep-alive): the gateway's default (make-fetch-happen) costs more per fetch.
    super({ url, fetcher: fetch as unknown as Fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = forwardedHeaders(this.secret, {
      viewer: context?.viewer ?? null,
      authFailure: context?.authFailure ?? null,
      clientAddress: context?.clientAddress,
      requestId: context?.requestId,
    });
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
  }
}

/**
 * The subgraphs' errors are already what a client may see (each subgraph formats its own with
 * `toClientError`): passed on without the gateway's `serviceName`. Its own errors (parse,
 * validation, limits, a subgraph it cannot reach) go through `toClientError` as in the single process.
 */
export function gatewayFormatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  if (typeof extensions.serviceName === 'string' && typeof extensions.code === 'string' && extensions.code !== 'DOWNSTREAM_SERVICE_ERROR') {
    const { serviceName: _serviceName, ...rest } = extensions;
    return { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}), extensions: rest };
  }
  return toClientError(formatted, error);
}

/**
 * @apollo/gateway on one port: verifies the token (one staff check, as the single process does),
 * applies the operation limits before planning, forwards the viewer to the subgraphs with the
 * shared secret, and proxies WebSocket upgrades on `/graphql` to the stream's subgraph.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { supergraphSdl, subgraphUrls, streamSubgraph, secret, wholeSchema, orm, config, logger, authenticate, isReady } = options;
  const database = new DatabaseHealth(orm.config.get('clientUrl')!, config.readinessCheckMs);
  const { app, httpServer, listen } = createBaseServer(config, logger, { isReady, database });

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const url = subgraphUrls[name];
      if (!url) throw new Error(`no URL for subgraph ${name}`);
      return new ForwardingDataSource(url, secret);
    },
    logger: { debug: () => {}, info: () => {}, warn: (message) => logger.warn(String(message)), error: (message) => logger.error(String(message)) },
  });
  // The supergraph's scalars are bare names: given the whole schema's parsing, the gateway refuses
  // a bad literal or variable (an email, a date, an amount) as the single process does, before
  // planning. Output is left as the subgraphs serialized it.
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => adoptScalarParsing(apiSchema, wholeSchema));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: gatewayFormatError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.limits.fieldSuggestions,
    introspection: true,
    parseOptions: operationParseOptions(config.limits),
    validationRules: [oncePerOperationRuleOf(wholeSchema)],
    plugins: [
      inputLimitsPlugin(config.inputMaxStringLength) as ApolloServerPlugin<GatewayContext>,
      serviceUnavailableStatus() as unknown as ApolloServerPlugin<GatewayContext>,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      logInternalErrors(logger) as unknown as ApolloServerPlugin<GatewayContext>,
      operationLimitsPlugin(config.limits, wholeSchema) as unknown as ApolloServerPlugin<GatewayContext>,
      // What a role may not read of personal data is refused before planning, as in the single process.
      personalDataPlugin(wholeSchema) as unknown as ApolloServerPlugin<GatewayContext>,
      // Both of Apollo's landing pages load from a CDN (the single process serves its own explorer).
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    readinessGate(isReady, database),
    express.json({ limit: '1mb' }),
    malformedRequestHandler,
    operationLimitsMiddleware(wholeSchema, config.limits),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestLogger = (res as Response & { log?: Logger }).log ?? logger;
        let identity: Viewer | AuthFailure;
        try {
          identity = await authenticate(orm.em.fork(), bearerTokenOf(req));
        } catch (error) {
          if (!isDatabaseUnavailable(error)) throw error;
          throw new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } } });
        }
        return {
          requestId: String(req.id),
          viewer: typeof identity === 'string' ? null : identity,
          authFailure: typeof identity === 'string' ? identity : null,
          clientAddress: req.ip ?? req.socket.remoteAddress,
          logger: requestLogger,
        };
      },
    }),
  );
  app.use(malformedRequestHandler, lastResortHandler(logger));

  const streamUrl = subgraphUrls[streamSubgraph];
  httpServer.on('upgrade', (req, socket, head) => proxyUpgrade(req, socket as net.Socket, head, new URL(streamUrl), secret, logger));

  return { listen, close: () => apollo.stop() };
}

function adoptScalarParsing(target: GraphQLSchema, source: GraphQLSchema): void {
  for (const type of Object.values(source.getTypeMap())) {
    if (!isScalarType(type) || isSpecifiedScalarType(type)) continue;
    const bare = target.getType(type.name);
    if (!isScalarType(bare)) continue;
    bare.parseValue = type.parseValue;
    bare.parseLiteral = type.parseLiteral;
  }
}

/**
 * Hands a WebSocket upgrade on `/graphql` to the stream's subgraph, byte for byte after the
 * request head (to which the secret is added, and from which any forwarded-identity header a
 * client sent is removed): the subgraph checks the partner's token in `connection_init` itself.
 */
function proxyUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer, target: URL, secret: string, logger: Logger): void {
  if (new URL(req.url ?? '/', 'http://gateway').pathname !== '/graphql') {
    socket.destroy();
    return;
  }
  const upstream = net.connect(Number(target.port), target.hostname);
  const fail = (error?: Error) => {
    if (error) logger.warn({ err: error }, 'WebSocket proxy to the stream subgraph failed');
    socket.destroy();
    upstream.destroy();
  };
  upstream.once('error', fail);
  socket.once('error', fail);
  upstream.once('connect', () => {
    const forwarded = new Set<string>(Object.values(FORWARDED));
    const lines = [`${req.method} ${target.pathname} HTTP/1.1`, `host: ${target.host}`, `${FORWARDED.SECRET}: ${secret}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i].toLowerCase();
      if (name === 'host' || forwarded.has(name)) continue;
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    upstream.write(lines.join('\r\n') + '\r\n\r\n');
    if (head.length) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  socket.once('close', () => upstream.destroy());
  upstream.once('close', () => socket.destroy());
}
