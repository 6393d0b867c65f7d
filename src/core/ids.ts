/**
 * Every table's primary key is a PostgreSQL bigint, exposed through GraphQL as an opaque `ID` string.
 * A string that is not a positive bigint cannot name a row: callers treat it as "not found"
 * without asking the database (which would reject it with a driver error).
 */
const BIGINT_ID = /^[1-9]\d{0,17}$/;

export function isWellFormedId(id: string | null | undefined): id is string {
  return typeof id === 'string' && BIGINT_ID.test(id);
}
