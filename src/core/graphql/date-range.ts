import { Field, InputType } from 'type-graphql';
import { BadUserInputError } from '../errors';
import { DateTimeISO } from './scalars';

@InputType({ description: 'A period of time: `from` included, `to` excluded; either end may be open.' })
export class DateRange {
  @Field(() => DateTimeISO, { nullable: true })
  from?: Date | null;

  @Field(() => DateTimeISO, { nullable: true })
  to?: Date | null;
}

/** A MikroORM condition for a date property within `range`; refuses an inverted range, naming `field`. */
export function dateRangeCondition(range: DateRange | null | undefined, field: string): { $gte?: Date; $lt?: Date } | undefined {
  if (!range || (!range.from && !range.to)) return undefined;
  if (range.from && range.to && range.from > range.to) {
    throw BadUserInputError.field(field, '`from` must not be after `to`', 'INVERTED_RANGE');
  }
  return { ...(range.from ? { $gte: range.from } : {}), ...(range.to ? { $lt: range.to } : {}) };
}
