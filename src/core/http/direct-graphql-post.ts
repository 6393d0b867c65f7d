import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import proxyAddr from 'proxy-addr';
import type { RequestContext } from '../context';
import type { OperationLimitsCheck } from '../graphql/operation-limits';
import { answerUnparsableBody } from './malformed-request';

/** Handles the request and returns true, or returns false having touched nothing (express answers it). */
export type DirectRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface DirectGraphqlPostOptions {
  apollo: ApolloServer<RequestContext>;
  /** The request's context, as the express route builds it. */
  contextFor: (req: Request, res: Response) => Promise<RequestContext>;
  /** Express, for a request this route read the body of but leaves to it. */
  express: (req: IncomingMessage, res: ServerResponse) => void;
  /** Whether the server is started (a request is left to express, which refuses it, until then). */
  isReady: () => boolean;
  /** Whether express's readiness gate lets operations through: the database answers (a cached check). */
  isDatabaseReachable: () => boolean | Promise<boolean>;
  refusalOf: OperationLimitsCheck;
  /** express's compiled `trust proxy` setting, for the client's address. */
  trustProxy: (address: string, hop: number) => boolean;
  /** False when every request is logged (pino-http at info level): express does that. */
  enabled: boolean;
  /** Sets the request id (`x-request-id`) as express's request logging does. */
  requestIdOf: (req: IncomingMessage, res: ServerResponse) => string;
  logger: Logger;
  maxBodyBytes: number;
}

const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/**
 * `POST /graphql` with a JSON body, the API's hot path, answered by Apollo without express: its
 * router, request and response wrappers, body-parser and Apollo's express integration cost about
 * 0.12 ms of CPU per request, more than a quarter of a `{ me { id } }` (see the README's benchmark).
 * It takes only requests it can answer exactly as express would, decided from the headers: POST to
 * `/graphql` itself, `Content-Type: application/json` (UTF-8), a Content-Length within the limit,
 * no Content-Encoding, no Origin (CORS is express's), once the server is started. Having read the
 * body, it leaves to express (which sees the body as read: body-parser skips a finished request)
 * an operation over the limits and any request while the database is unreachable (express's gate
 * answers 503); a body that is not JSON it answers as express does. Everything else is express's,
 * unchanged.
 */
export function directGraphqlPost(options: DirectGraphqlPostOptions): DirectRoute {
  const { apollo, contextFor, express, isReady, isDatabaseReachable, refusalOf, trustProxy, enabled, requestIdOf, logger, maxBodyBytes } = options;
  if (!enabled) return () => false;

  const execute = async (req: IncomingMessage & { body: unknown }, res: ServerResponse) => {
    const request = req as unknown as Request & { id: string };
    request.id = requestIdOf(req, res);
    (res as unknown as { log: Logger }).log = logger;
    Object.defineProperty(request, 'ip', { value: proxyAddr(req, trustProxy), configurable: true });
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body: req.body },
      context: () => contextFor(request, res as unknown as Response),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, text: string) => {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const first = /\S/.exec(text)?.[0];
    let body: unknown;
    try {
      if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
      body = JSON.parse(text);
    } catch {
      requestIdOf(req, res);
      answerUnparsableBody(res);
      return;
    }
    const parsed = Object.assign(req, { body });
    const reachable = isDatabaseReachable();
    if (!(reachable === true || (await reachable)) || refusalOf(body)) {
      express(req, res);
      return;
    }
    await execute(parsed, res);
  };

  /** As express's last-resort handler: logged, and a bare INTERNAL_SERVER_ERROR for the client. */
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    logger.error({ err: error, requestId: (req as { id?: unknown }).id }, 'unexpected error while handling a request');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const failure = '{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}';
    res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(failure);
  };

  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql' || req.headers.origin !== undefined) return false;
    const type = req.headers['content-type'];
    if (type === undefined || !JSON_CONTENT_TYPE.test(type)) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
    const length = Number(req.headers['content-length']);
    if (!(length > 0 && length <= maxBodyBytes) || req.headers['transfer-encoding'] !== undefined || !isReady()) return false;

    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
      answer(req, res, text).catch((error: unknown) => fail(req, res, error));
    });
    // An aborted request has no one to answer.
    req.on('error', () => res.destroy());
    return true;
  };
}
