import { Embeddable, Property } from '@mikro-orm/core';
import Decimal from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Field, InputType, ObjectType } from 'type-graphql';
import { BadUserInputError } from './errors';

/**
 * Money is exact: decimal.js in code, `numeric(14,2)` in PostgreSQL, a string in GraphQL.
 * Every amount is in COP for now (the contract's rule); the currency travels with each amount so
 * that adding currencies later changes data, not shapes.
 */
export const SUPPORTED_CURRENCY = 'COP';
const MAX_AMOUNT = new Decimal('999999999999.99');
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
/** An amount with exactly two decimals and no leading zero or negative zero (`-0.00` is written `0.00`). */
const CENTS_TEXT = /^(?:0|-?[1-9]\d{0,38})\.\d\d$/;
/** Longer text cannot be a numeric(14,2) amount, whatever its zeros; refused before decimal.js reads it. */
const MAX_DECIMAL_TEXT = 40;

export const MoneyErrorDetail = {
  UNSUPPORTED_CURRENCY: 'UNSUPPORTED_CURRENCY',
  NEGATIVE_AMOUNT: 'NEGATIVE_AMOUNT',
  TOO_MANY_DECIMALS: 'TOO_MANY_DECIMALS',
  AMOUNT_TOO_LARGE: 'AMOUNT_TOO_LARGE',
} as const;

function toDecimal(value: unknown): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'string' && value.length <= MAX_DECIMAL_TEXT && DECIMAL_TEXT.test(value.trim())) return new Decimal(value.trim());
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Decimal(value);
  throw new TypeError(`Decimal must be a string such as "45900.00" (at most ${MAX_DECIMAL_TEXT} characters) or an integer, never a float`);
}

/** Client input: also within what numeric(14,2) holds (its sign aside), so no filter or write can overflow. */
function toInputDecimal(value: unknown): Decimal {
  const decimal = toDecimal(value);
  if (decimal.abs().greaterThan(MAX_AMOUNT)) {
    throw new GraphQLError(`Decimal must be between -${MAX_AMOUNT.toFixed(2)} and ${MAX_AMOUNT.toFixed(2)}`, { extensions: { detail: MoneyErrorDetail.AMOUNT_TOO_LARGE } });
  }
  return decimal;
}

export const DecimalScalar = new GraphQLScalarType<Decimal, string>({
  name: 'Decimal',
  description: 'Exact decimal number serialised as a string such as "45900.00"; input accepts a string or an integer. Never a float.',
  serialize: (value) => {
    // What numeric(14,2) columns return: already in the form below (decimal.js would give it back unchanged).
    if (typeof value === 'string' && CENTS_TEXT.test(value)) return value;
    const decimal = toDecimal(value);
    return decimal.decimalPlaces() < 2 ? decimal.toFixed(2) : decimal.toFixed();
  },
  parseValue: toInputDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return toInputDecimal(ast.value);
    if (ast.kind === Kind.INT) return toInputDecimal(ast.value.length <= MAX_DECIMAL_TEXT ? Number(ast.value) : ast.value);
    throw new TypeError('Decimal must be a string such as "45900.00" or an integer, never a float');
  },
});

function toCurrency(value: unknown): string {
  if (typeof value === 'string' && /^[A-Z]{3}$/.test(value)) return value;
  throw new TypeError('Currency must be an ISO 4217 code such as "COP"');
}

export const CurrencyScalar = new GraphQLScalarType<string, string>({
  name: 'Currency',
  description: 'ISO 4217 currency code. Only COP is accepted for now.',
  serialize: toCurrency,
  parseValue: toCurrency,
  parseLiteral: (ast) => toCurrency(ast.kind === Kind.STRING ? ast.value : undefined),
});

/**
 * An amount with its currency. One class serves as the database value object (embedded as
 * `<prefix>_amount`, `<prefix>_currency`) and as the GraphQL `Money` type: the two never differ.
 */
@Embeddable()
@ObjectType('Money', { description: 'An amount of money: `amount` is an exact decimal string (never a float), in `currency` (COP only for now). Prices and amounts are net of tax unless a field says otherwise.' })
export class Money {
  /** Exact, two decimals; PostgreSQL numeric comes back as a string. */
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  @Field(() => DecimalScalar, { description: 'Exact decimal as a string with two decimals, e.g. `"45900.00"` (Colombian pesos have no cents in practice; they are kept for tax rounding).' })
  amount!: string;

  @Property({ type: 'string', length: 3 })
  @Field(() => CurrencyScalar, { description: 'ISO 4217 currency code; `COP` (Colombian peso) for every amount today.' })
  currency!: string;
}

@InputType('MoneyInput', { description: 'An amount a client sends: `amount` as a decimal string or an integer, never a float; only COP is accepted (else BAD_USER_INPUT).' })
export class MoneyInput {
  @Field(() => DecimalScalar, { description: 'Exact decimal, e.g. `"45900"` or `"45900.00"`; at most two decimals, not negative.' })
  amount!: Decimal;

  @Field(() => CurrencyScalar, { nullable: true, description: 'Defaults to COP.' })
  currency?: string | null;
}

/** A `Money` value in COP from anything decimal.js reads, rounded half up to cents. */
export function cop(amount: Decimal.Value): Money {
  const money = new Money();
  money.amount = roundMoney(new Decimal(amount)).toFixed(2);
  money.currency = SUPPORTED_CURRENCY;
  return money;
}

/** Half up to two decimals, the rounding of every amount on an invoice. */
export function roundMoney(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * A price or amount given by a client: COP only, not negative, at most two decimals.
 * `field` is where it came from (`input.price`), for the error.
 */
export function moneyFromInput(input: MoneyInput, field: string): Money {
  const currency = input.currency ?? SUPPORTED_CURRENCY;
  if (currency !== SUPPORTED_CURRENCY) {
    throw BadUserInputError.field(`${field}.currency`, `only ${SUPPORTED_CURRENCY} is accepted for now, not ${currency}`, MoneyErrorDetail.UNSUPPORTED_CURRENCY);
  }
  const amount = toDecimal(input.amount);
  if (amount.isNegative()) throw BadUserInputError.field(`${field}.amount`, 'must not be negative', MoneyErrorDetail.NEGATIVE_AMOUNT);
  if (amount.decimalPlaces() > 2) throw BadUserInputError.field(`${field}.amount`, 'has at most two decimals (cents)', MoneyErrorDetail.TOO_MANY_DECIMALS);
  if (amount.greaterThan(MAX_AMOUNT)) throw BadUserInputError.field(`${field}.amount`, `must be at most ${MAX_AMOUNT.toFixed(2)}`, MoneyErrorDetail.AMOUNT_TOO_LARGE);
  return cop(amount);
}

/**
 * A filter condition for an amount between `min` and `max` (both included, either open), as
 * decimal strings; an inverted range is BAD_USER_INPUT naming `maxField`.
 */
export function amountRange(min: Decimal | null | undefined, max: Decimal | null | undefined, maxField: string): { $gte?: string; $lte?: string } | undefined {
  if (min == null && max == null) return undefined;
  if (min != null && max != null && min.greaterThan(max)) throw BadUserInputError.field(maxField, 'must not be below the minimum', 'INVERTED_RANGE');
  return { ...(min != null ? { $gte: min.toFixed() } : {}), ...(max != null ? { $lte: max.toFixed() } : {}) };
}

export { Decimal };
