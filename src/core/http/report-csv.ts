import type { Request, Response } from 'express';
import {
  getNamedType,
  getNullableType,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInt,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLFormattedError,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { AppError, ErrorCode } from '../errors';

/** One column of a CSV report: its header and how a row (one item of the GraphQL answer) fills it. */
export interface CsvColumn {
  header: string;
  value(row: any): unknown;
}

/**
 * A report offered as `GET /reports/<field>.csv`: the query field it runs (the same GraphQL
 * operation a client would send, so roles, field rules, validation and limits apply alike), the
 * selection of one item and how items become columns. Parameters are the field's arguments
 * (`a.b=value` for input fields, repeated or comma-separated for lists), plus `extraParams`.
 */
export interface CsvReport {
  field: string;
  /** `list`: the field returns the rows; `connection`: a Relay connection, paged through; `object`: one row. */
  shape: 'list' | 'connection' | 'object';
  /** The selection set of one row (of `node` for a connection), from the arguments and the extra parameters. */
  selection(args: Record<string, unknown>, extra: Record<string, string>): string;
  columns(args: Record<string, unknown>, extra: Record<string, string>): CsvColumn[];
  /** For `object`: the rows the answer reads as (one row, the answer itself, when absent). */
  rows?(answer: any): unknown[];
  /** Parameters that are not arguments of the field (e.g. which measures), with what they mean. */
  extraParams?: Record<string, string>;
}

export interface OperationResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Runs one operation for the HTTP request, through the same server, context and rules as /graphql. */
export type ExecuteForRequest = (req: Request, res: Response, query: string, variables: Record<string, unknown>) => Promise<OperationResult>;

const CONNECTION_PAGE = 100;
const FLUSH_BYTES = 64 * 1024;

class CsvRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly code: string = ErrorCode.BAD_USER_INPUT,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** `GET /reports/:file`: `<field>.csv` of one of `reports`, streamed as it is read. */
export function csvReportHandler(schema: GraphQLSchema, reports: CsvReport[], execute: ExecuteForRequest) {
  const byField = new Map(reports.map((report) => [report.field, report]));
  return async (req: Request, res: Response): Promise<void> => {
    const match = /^(\w+)\.csv$/.exec(String(req.params.file));
    const report = match ? byField.get(match[1]) : undefined;
    if (!report) {
      sendError(res, new CsvRequestError(`No such report: the CSV reports are ${[...byField.keys()].map((f) => `/reports/${f}.csv`).join(', ')}`, 404, ErrorCode.NOT_FOUND));
      return;
    }
    try {
      const fieldArgs = schema.getQueryType()!.getFields()[report.field].args;
      const { args, extra } = argumentsFromQuery(req.originalUrl, fieldArgs, report.extraParams ?? {});
      const document = (pageArgs: Record<string, unknown>) => operationFor(report, fieldArgs, pageArgs, report.selection(args, extra));
      const columns = report.columns(args, extra);
      const rows = readRows(report, args, async (pageArgs) => {
        const result = await execute(req, res, document(pageArgs), pageArgs);
        if (result.errors?.length || !result.data) throw graphqlFailure(result.errors ?? []);
        return result.data[report.field];
      });
      await streamCsv(res, `${report.field}-${new Date().toISOString().slice(0, 10)}.csv`, columns, rows);
    } catch (error) {
      if (res.headersSent) {
        // Mid-stream (a later page failed): the only honest signal left is a broken download.
        res.destroy(error as Error);
        return;
      }
      if (error instanceof CsvRequestError) sendError(res, error);
      else if (error instanceof AppError) sendError(res, new CsvRequestError(error.message, STATUS_BY_CODE[error.code] ?? 500, error.code, withoutCode(error.extensions)));
      else throw error;
    }
  };
}

/** The rows of a report: one answer, or a connection's pages in turn (up to `first` rows when given). */
async function* readRows(report: CsvReport, args: Record<string, unknown>, run: (args: Record<string, unknown>) => Promise<unknown>): AsyncGenerator<unknown> {
  if (report.shape === 'object') {
    const answer = await run(args);
    yield* report.rows ? report.rows(answer) : [answer];
    return;
  }
  if (report.shape === 'list') {
    yield* (await run(args)) as unknown[];
    return;
  }
  const wanted = typeof args.first === 'number' ? args.first : Infinity;
  let after = (args.after as string | undefined) ?? null;
  for (let sent = 0; sent < wanted; ) {
    const page = (await run({ ...args, first: Math.min(CONNECTION_PAGE, wanted - sent), after })) as {
      edges: { node: unknown }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    for (const edge of page.edges) yield edge.node;
    sent += page.edges.length;
    if (!page.pageInfo.hasNextPage || page.edges.length === 0) return;
    after = page.pageInfo.endCursor;
  }
}

function operationFor(report: CsvReport, fieldArgs: readonly GraphQLArgument[], args: Record<string, unknown>, selection: string): string {
  // Declared: the arguments given, and the required ones (so a missing one is GraphQL's own clear error).
  const used = fieldArgs.filter((arg) => arg.name in args || isNonNullType(arg.type));
  const declarations = used.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const body = report.shape === 'connection' ? `{ edges { node ${selection} } pageInfo { hasNextPage endCursor } }` : selection;
  return `query ${report.field}Csv${declarations ? `(${declarations})` : ''} { ${report.field}${passed ? `(${passed})` : ''} ${body} }`;
}

/**
 * The field's arguments from the query string, typed by the schema: `filter.createdAt.from=…`,
 * `groupBy=MONTH&groupBy=REGION` or `groupBy=MONTH,REGION`, numbers and booleans as such. Values
 * are then checked by GraphQL itself, as for any client.
 */
export function argumentsFromQuery(
  originalUrl: string,
  fieldArgs: readonly GraphQLArgument[],
  extraParams: Record<string, string>,
): { args: Record<string, unknown>; extra: Record<string, string> } {
  const args: Record<string, unknown> = {};
  const extra: Record<string, string> = {};
  const params = new URL(originalUrl, 'http://local').searchParams;
  for (const [key, raw] of params) {
    if (key in extraParams) {
      extra[key] = raw;
      continue;
    }
    const path = key.split('.');
    const arg = fieldArgs.find((a) => a.name === path[0]);
    if (!arg) throw unknownParameter(key, fieldArgs.map((a) => a.name).concat(Object.keys(extraParams)));
    let type: GraphQLInputType = arg.type;
    let target = args;
    for (let i = 0; ; i++) {
      const name = path[i];
      const nullable = getNullableType(type) as GraphQLInputType;
      if (i === path.length - 1) {
        setValue(target, name, nullable, raw, key);
        break;
      }
      if (!isInputObjectType(nullable)) throw new CsvRequestError(`Unknown parameter ${key}: ${path.slice(0, i + 1).join('.')} has no fields`, 400, ErrorCode.BAD_USER_INPUT, { detail: 'UNKNOWN_PARAMETER' });
      const next = nullable.getFields()[path[i + 1]];
      if (!next) throw unknownParameter(key, Object.keys(nullable.getFields()).map((f) => `${path.slice(0, i + 1).join('.')}.${f}`));
      target = (target[name] ??= {}) as Record<string, unknown>;
      type = next.type;
    }
  }
  return { args, extra };
}

function setValue(target: Record<string, unknown>, name: string, type: GraphQLInputType, raw: string, key: string): void {
  if (isListType(type)) {
    const item = getNamedType(type);
    // Enum, number and id lists may be comma-separated; strings (cities) only repeated.
    const parts = isEnumType(item) || item === GraphQLInt || item === GraphQLFloat || item.name === 'ID' ? raw.split(',').filter(Boolean) : [raw];
    const list = (target[name] ??= []) as unknown[];
    for (const part of parts) list.push(scalarValue(item as GraphQLInputType, part.trim()));
    return;
  }
  if (!isScalarType(type) && !isEnumType(type)) throw new CsvRequestError(`Parameter ${key}: give its fields (${key}.<field>=…)`);
  if (name in target) throw new CsvRequestError(`Parameter ${key} is given twice`);
  target[name] = scalarValue(type, raw);
}

function scalarValue(type: GraphQLInputType, raw: string): unknown {
  if ((type === GraphQLInt || type === GraphQLFloat) && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === GraphQLBoolean && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function unknownParameter(key: string, known: string[]): CsvRequestError {
  return new CsvRequestError(`Unknown parameter ${key}: ${known.length ? `expected one of ${known.join(', ')}` : 'this report takes no parameters'}`, 400, ErrorCode.BAD_USER_INPUT, {
    detail: 'UNKNOWN_PARAMETER',
  });
}

const STATUS_BY_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  OPERATION_LIMIT_EXCEEDED: 422,
  SERVICE_UNAVAILABLE: 503,
};

/** The report's GraphQL errors, answered with the status their code means and the errors as /graphql gives them. */
function graphqlFailure(errors: readonly GraphQLFormattedError[]): CsvRequestError {
  const first = errors[0] ?? { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  const code = String(first.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
  return new CsvRequestError(first.message, STATUS_BY_CODE[code] ?? 500, code, withoutCode(first.extensions ?? {}));
}

function withoutCode(extensions: Record<string, unknown>): Record<string, unknown> {
  const { code: _code, ...rest } = extensions;
  return rest;
}

function sendError(res: Response, error: CsvRequestError): void {
  res.status(error.status).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.extensions } }] });
}

/** A cell: plain text; decimals and numbers as they are; text a spreadsheet would run as a formula gets a leading quote. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes the header, then the rows as they come, waiting whenever the client reads slower than we write. */
async function streamCsv(res: Response, fileName: string, columns: CsvColumn[], rows: AsyncIterable<unknown>): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  // The first row (or the first page's error) before any header: a refused report is still a clean JSON error.
  let next = await iterator.next();
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  // The byte-order mark lets spreadsheet programs read the file as UTF-8 (accents, ñ).
  let chunk = `\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`;
  for (; !next.done; next = await iterator.next()) {
    chunk += `${columns.map((c) => csvCell(c.value(next.value))).join(',')}\r\n`;
    if (chunk.length >= FLUSH_BYTES) {
      if (!res.write(chunk)) await drainedOrClosed(res);
      if (res.destroyed) return;
      chunk = '';
    }
  }
  res.end(chunk);
}
