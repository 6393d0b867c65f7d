import { Field, InputType } from 'type-graphql';
import { BadUserInputError } from '../errors';
import { startOfLocalDay } from '../time';
import { DateTimeISO, LocalDate } from './scalars';

@InputType({
  description:
    'A period of time, given either as instants (`from`/`to`, UTC date-times) or as calendar days (`fromDate`/`toDate`, ' +
    'counted in the business time zone, `BUSINESS_TIME_ZONE`, America/Bogota by default), never both. The start is ' +
    'included and the end excluded; either end may be left open. November 2026 in Bogotá: ' +
    '`{ fromDate: "2026-11-01", toDate: "2026-12-01" }`, the same as `{ from: "2026-11-01T05:00:00Z", to: "2026-12-01T05:00:00Z" }`.',
})
export class DateRange {
  @Field(() => DateTimeISO, { nullable: true, description: 'First instant included (ISO 8601 date-time, e.g. `2026-11-01T05:00:00Z`). Not together with `fromDate`/`toDate`.' })
  from?: Date | null;

  @Field(() => DateTimeISO, { nullable: true, description: 'First instant no longer included (ISO 8601 date-time). Not together with `fromDate`/`toDate`.' })
  to?: Date | null;

  @Field(() => LocalDate, { nullable: true, description: 'First calendar day included (`YYYY-MM-DD`), from its midnight in the business time zone. Not together with `from`/`to`.' })
  fromDate?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'First calendar day no longer included (`YYYY-MM-DD`): the range ends at its midnight in the business time zone. Not together with `from`/`to`.' })
  toDate?: string | null;
}

/** A range as instants: what every query works with once the client's form is resolved. */
export interface InstantRange {
  from?: Date | null;
  to?: Date | null;
}

/**
 * The range as instants: calendar days become their local midnights in `timeZone`. Refuses mixing
 * both forms and an inverted range, naming `field`; null when open on both ends.
 */
export function resolveDateRange(range: DateRange | null | undefined, field: string, timeZone: string): InstantRange | null {
  if (!range) return null;
  const hasInstants = range.from != null || range.to != null;
  const hasDays = range.fromDate != null || range.toDate != null;
  if (hasInstants && hasDays) {
    throw BadUserInputError.field(field, 'give either `from`/`to` (date-times) or `fromDate`/`toDate` (calendar days), not both', 'MIXED_RANGE_FORMS');
  }
  const resolved: InstantRange = hasDays
    ? {
        from: range.fromDate != null ? startOfLocalDay(range.fromDate, timeZone) : null,
        to: range.toDate != null ? startOfLocalDay(range.toDate, timeZone) : null,
      }
    : { from: range.from ?? null, to: range.to ?? null };
  if (!resolved.from && !resolved.to) return null;
  if (resolved.from && resolved.to && resolved.from > resolved.to) {
    const names = hasDays ? '`fromDate` must not be after `toDate`' : '`from` must not be after `to`';
    throw BadUserInputError.field(field, names, 'INVERTED_RANGE');
  }
  return resolved;
}

/** A MikroORM condition for a date property within `range` (see `resolveDateRange`). */
export function dateRangeCondition(range: DateRange | null | undefined, field: string, timeZone: string): { $gte?: Date; $lt?: Date } | undefined {
  const resolved = resolveDateRange(range, field, timeZone);
  if (!resolved) return undefined;
  return { ...(resolved.from ? { $gte: resolved.from } : {}), ...(resolved.to ? { $lt: resolved.to } : {}) };
}
