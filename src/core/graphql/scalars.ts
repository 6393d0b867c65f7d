import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeISOResolver, JSONObjectResolver, LocalDateResolver, PhoneNumberResolver } from 'graphql-scalars';

/**
 * The contract's scalars, from graphql-scalars. Use these instances everywhere: type-graphql
 * tells scalars apart by object identity.
 */
export {
  CountryCodeResolver as CountryCode,
  EmailAddressResolver as EmailAddress,
} from 'graphql-scalars';

/** A JSON object (the data subject's export, the audit trail's input summaries). */
export const JSONObject = JSONObjectResolver;

/** graphql-scalars' PhoneNumber, whose output may also be a masked number (`***4567`) for roles that read phones masked. */
const MASKED_PHONE = /^\*\*\*[0-9A-Za-z]{0,4}$/;
const phoneConfig = (PhoneNumberResolver as GraphQLScalarType<string, string>).toConfig();
export const PhoneNumber = new GraphQLScalarType<string, string>({
  ...phoneConfig,
  description: `${phoneConfig.description} Roles that read phones masked get \`***4567\` (the last four digits).`,
  serialize: (value) => (typeof value === 'string' && MASKED_PHONE.test(value) ? value : (phoneConfig.serialize!(value) as string)),
});

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
