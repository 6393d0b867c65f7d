import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';

/**
 * The contract's scalars, from graphql-scalars. Use these instances everywhere: type-graphql
 * tells scalars apart by object identity.
 */
export {
  CountryCodeResolver as CountryCode,
  EmailAddressResolver as EmailAddress,
  PhoneNumberResolver as PhoneNumber,
} from 'graphql-scalars';

/** Dates a client may send: PostgreSQL and JavaScript agree on these, and no business date lies outside. */
export const MIN_INPUT_YEAR = 1900;
export const MAX_INPUT_YEAR = 2999;

function checkYear(year: number, shown: string): void {
  if (year < MIN_INPUT_YEAR || year > MAX_INPUT_YEAR) {
    throw new GraphQLError(`${shown} is out of range: years ${MIN_INPUT_YEAR} to ${MAX_INPUT_YEAR}`, { extensions: { detail: 'DATE_OUT_OF_RANGE' } });
  }
}

/** The same scalar (name, description, output) with input limited to years MIN_INPUT_YEAR–MAX_INPUT_YEAR. */
function withYearRange<T>(scalar: GraphQLScalarType<T>, yearOf: (value: T) => number): GraphQLScalarType<T> {
  const config = scalar.toConfig();
  const check = (value: T): T => {
    checkYear(yearOf(value), 'The date');
    return value;
  };
  return new GraphQLScalarType<T>({
    ...config,
    parseValue: (value) => check(config.parseValue!(value) as T),
    parseLiteral: (ast: ValueNode, variables) => check(config.parseLiteral!(ast, variables) as T),
  });
}

export const DateTimeISO = withYearRange(DateTimeISOResolver as unknown as GraphQLScalarType<Date>, (date) => date.getUTCFullYear());
/** `YYYY-MM-DD` strings. */
export const LocalDate = withYearRange(LocalDateResolver as unknown as GraphQLScalarType<string>, (date) => Number(String(date).slice(0, 4)));
