/**
 * The contract's scalars, from graphql-scalars. Use these instances everywhere: type-graphql
 * tells scalars apart by object identity.
 */
export {
  CountryCodeResolver as CountryCode,
  DateTimeISOResolver as DateTimeISO,
  EmailAddressResolver as EmailAddress,
  LocalDateResolver as LocalDate,
  PhoneNumberResolver as PhoneNumber,
} from 'graphql-scalars';
