import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

/** body-parser's error types and what the client is told of each (never the parser's own text, stack or paths). */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is too large (at most 1 MB)',
  'encoding.unsupported': 'The request body has an unsupported content encoding',
  'charset.unsupported': 'The request body has an unsupported charset',
  'request.aborted': 'The request was aborted',
  'request.size.invalid': 'The request body is shorter or longer than its Content-Length',
};

/** A JSON body that does not parse, answered as express's JSON parser and malformedRequestHandler answer it. */
export function answerUnparsableBody(res: ServerResponse): void {
  const body = JSON.stringify(graphqlErrorBody(BODY_ERRORS['entity.parse.failed'], 'BAD_REQUEST'));
  res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

function graphqlErrorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** A body express's JSON parser refused: a GraphQL-shaped JSON answer with its 4xx status, in every mode. */
export const malformedRequestHandler: ErrorRequestHandler = (error, _req, res, next) => {
  const type = (error as { type?: unknown }).type;
  const message = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (!message || res.headersSent) return next(error);
  const status = (error as { status?: unknown }).status;
  res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 400).json(graphqlErrorBody(message, 'BAD_REQUEST'));
};

/** The last handler: anything unexpected is logged and answered with a bare 500 in JSON (express's own page shows the stack in development). */
export function lastResortHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    ((res as unknown as { log?: Logger }).log ?? logger).error({ err: error, requestId: (req as { id?: unknown }).id }, 'unexpected error while handling a request');
    res.status(500).json(graphqlErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  };
}
