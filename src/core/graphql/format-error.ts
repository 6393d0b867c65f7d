import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError, AuthenticationError, AuthorizationError, getMetadataStorage } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { isDatabaseUnavailable } from '../db/outage';
import { AppError, ErrorCode, ForbiddenError, UnauthenticatedError, type FieldProblem } from '../errors';
import { isOperationLimitError, limitErrorForClient } from './operation-limits';

/** Codes graphql-js/Apollo give to malformed requests; their messages are safe to show. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** The one place that decides what a client sees of an error. */
export function toClientError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const overLimit = limitErrorForClient(formatted, error);
  if (overLimit) return overLimit;
  const original = unwrapResolverError(error);
  const known = asAppError(original);
  if (known) {
    const { http: _http, ...extensions } = known.extensions;
    return { ...pick(formatted), message: known.message, extensions };
  }

  const code = requestCodeOf(formatted.extensions?.code, original);
  if (isRequestError(code, original)) {
    const extensions: Record<string, unknown> = { code };
    const detail = formatted.extensions?.detail ?? detailOf(error) ?? (code === formatted.extensions?.code ? undefined : PERSISTED_QUERY_HASH_MISMATCH);
    if (typeof detail === 'string') extensions.detail = detail;
    if (code === ErrorCode.BAD_USER_INPUT) {
      const field = variableFieldOf(formatted.message);
      if (field) extensions.fields = [{ field, message: formatted.message }] satisfies FieldProblem[];
    }
    return { ...pick(formatted), extensions };
  }
  if (isDatabaseUnavailable(original) || isDatabaseUnavailable(error)) {
    return { ...pick(formatted), message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }
  return { ...pick(formatted), message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

export const SERVICE_UNAVAILABLE_MESSAGE = 'The database is unreachable: nothing was done, try again shortly';

/** An error the client will see as INTERNAL_SERVER_ERROR: a bug, to be logged in full. */
export function isInternalError(error: GraphQLError): boolean {
  const original = unwrapResolverError(error);
  return !asAppError(original) && !isRequestError(requestCodeOf(error.extensions?.code, original), original) && !isOperationLimitError(original) && !isOutageError(error);
}

/**
 * Apollo refuses an automatic persisted query whose hash is not the SHA-256 of its text with an
 * error that has no code: the client's mistake, answered as BAD_REQUEST (detail
 * PERSISTED_QUERY_HASH_MISMATCH) rather than as an internal error.
 */
const APOLLO_HASH_MISMATCH_MESSAGE = 'provided sha does not match query';
const PERSISTED_QUERY_HASH_MISMATCH = 'PERSISTED_QUERY_HASH_MISMATCH';

function requestCodeOf(code: unknown, original: unknown): unknown {
  const uncoded = code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR; // Apollo fills in INTERNAL_SERVER_ERROR
  if (uncoded && original instanceof GraphQLError && original.message === APOLLO_HASH_MISMATCH_MESSAGE) return 'BAD_REQUEST';
  return code;
}

/** The database is unreachable: answered SERVICE_UNAVAILABLE (HTTP 503), logged as a warning. */
export function isOutageError(error: GraphQLError): boolean {
  const original = unwrapResolverError(error);
  return !asAppError(original) && (isDatabaseUnavailable(original) || isDatabaseUnavailable(error));
}

/** A scalar's finer reason (`DATE_OUT_OF_RANGE`, `AMOUNT_TOO_LARGE`) under graphql-js's and Apollo's wrapping. */
function detailOf(error: unknown): unknown {
  for (let current = error, hops = 0; current instanceof Error && hops < 4; hops++) {
    if (current instanceof GraphQLError && typeof current.extensions?.detail === 'string') return current.extensions.detail;
    current = (current as GraphQLError).originalError ?? undefined;
  }
  return undefined;
}

/** A malformed request rejected by graphql-js or Apollo (not something a resolver threw). */
function isRequestError(code: unknown, original: unknown): code is string {
  const thrownByResolver = original instanceof Error && !(original instanceof GraphQLError);
  return typeof code === 'string' && REQUEST_ERROR_CODES.has(code) && !thrownByResolver;
}

function asAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  // type-graphql's role check fails with UNAUTHORIZED whatever the reason; anonymous callers are
  // stopped earlier by the root-field policy, so here the caller is known and lacks the role.
  if (error instanceof AuthorizationError) return new ForbiddenError();
  if (error instanceof AuthenticationError) return new UnauthenticatedError('MISSING_TOKEN');
  if (error instanceof ArgumentValidationError) {
    const fields = error.extensions.validationErrors.flatMap((e) => flattenValidationErrors([e], isInputObject(e.target) ? 'input' : ''));
    return new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, { fields });
  }
  return null;
}

/**
 * Fields are named as the client wrote them, from the argument down (`input.email`,
 * `filter.search`, `first`). Every input-object argument of this schema is called `input`; the
 * others come from `@Args()` classes whose properties are the arguments themselves.
 */
function isInputObject(target: object | undefined): boolean {
  return !!target && getMetadataStorage().inputTypes.some((type) => type.target === target.constructor);
}

function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? (/^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : `${prefix}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: stripPropertyName(message, error.property) }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator messages start with the property name ("email must be an email"); the field already says it. */
function stripPropertyName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** graphql-js: `Variable "$input" got invalid value 1 at "input.email"; ...` names the field it rejects. */
function variableFieldOf(message: string): string | null {
  const match = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)"/.exec(message) ?? /^Variable "\$(\w+)"/.exec(message);
  if (!match) return null;
  const at = match[2] ?? match[1];
  // "… at "input"; Field "email" of required type "EmailAddress!" was not provided." names the field one level down.
  const missing = /Field "(\w+)" of required type .* was not provided/.exec(message);
  return missing ? `${at}.${missing[1]}` : at;
}

function pick({ message, locations, path }: GraphQLFormattedError): GraphQLFormattedError {
  return { message, ...(locations ? { locations } : {}), ...(path ? { path } : {}) };
}
