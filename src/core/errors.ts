import { GraphQLError } from 'graphql';

/** The stable `extensions.code` values clients can rely on. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** Login attempts throttled (`detail: TOO_MANY_ATTEMPTS`) or the password queue full (`LOGIN_BUSY`); `retryAfterSeconds` says when to retry. */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** The database is unreachable: nothing was done, retry later (HTTP 503). */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** One offending input field: `field` is its path from the argument, e.g. `input.email`. */
export interface FieldProblem {
  field: string;
  message: string;
}

interface AppErrorExtensions {
  /** A finer, domain-specific reason such as `INSUFFICIENT_STOCK`; each domain lists its own. */
  detail?: string;
  fields?: FieldProblem[];
  [key: string]: unknown;
}

/** An expected failure: shown to the client as is, with its code. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: AppErrorExtensions = {},
  ) {
    super(message, { extensions: { code, ...extensions } });
    this.name = 'AppError';
  }

  get detail(): string | undefined {
    return this.extensions.detail as string | undefined;
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, extensions: AppErrorExtensions = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, extensions);
  }

  /** The usual case: one field is wrong. */
  static field(field: string, message: string, detail?: string): BadUserInputError {
    return new BadUserInputError(`${field}: ${message}`, { fields: [{ field, message }], ...(detail ? { detail } : {}) });
  }
}

export class NotFoundError extends AppError {
  /** `field`: the argument that carried the id, when it is not plainly `id`. */
  constructor(entity: string, id: string, field?: string) {
    super(ErrorCode.NOT_FOUND, `${entity} ${JSON.stringify(id)} was not found`, {
      entity,
      id,
      ...(field ? { fields: [{ field, message: `no ${entity} has this id` }] } : {}),
    });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, detail?: string, extensions: AppErrorExtensions = {}) {
    super(ErrorCode.CONFLICT, message, { ...(detail ? { detail } : {}), ...extensions });
  }
}

export type AuthFailure = 'MISSING_TOKEN' | 'INVALID_TOKEN' | 'EXPIRED_TOKEN' | 'REVOKED_TOKEN';

const authFailureMessages: Record<AuthFailure, string> = {
  MISSING_TOKEN: 'Authentication required: send "Authorization: Bearer <token>" (get one with the login mutation)',
  INVALID_TOKEN: 'The access token is invalid',
  EXPIRED_TOKEN: 'The access token has expired: log in again',
  REVOKED_TOKEN: 'The access token has been revoked: log in again',
};

export class UnauthenticatedError extends AppError {
  constructor(reason: AuthFailure | 'BAD_CREDENTIALS', message = reason === 'BAD_CREDENTIALS' ? 'Wrong email or password' : authFailureMessages[reason]) {
    super(ErrorCode.UNAUTHENTICATED, message, { detail: reason });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role is not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}
