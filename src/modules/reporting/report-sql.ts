import type { RequestContext } from '../../core/context';
import type { MikroORM } from '../../core/db/orm';
import { ServiceKey, type ServiceRegistry } from '../../core/services';
import { BadUserInputError } from '../../core/errors';
import { resolveDateRange, type DateRange, type InstantRange } from '../../core/graphql/date-range';
import { isWellFormedId } from '../../core/ids';
import { addDays, firstWholeDayFrom, localDayOf, startOfLocalDay } from './business-time';
import { ReportingErrorDetail } from './reporting.errors';

/**
 * SQL text with its parameters, built piece by piece: every value a client sent goes in as a
 * parameter, never into the text. (The business time zone comes from validated config and is
 * written as a quoted literal: see `tzLiteral`.) `p` returns a token that `statement` turns into
 * `?` placeholders in the order they appear in the final text, so pieces can be built in any
 * order and a token can be used twice.
 */
export class Sql {
  private readonly values: unknown[] = [];

  /** A parameter placeholder for `value`. */
  p(value: unknown): string {
    this.values.push(value);
    return `\u0001${this.values.length - 1}\u0002`;
  }

  /** `(?, ?, ?)` for a non-empty list. */
  list(values: readonly unknown[]): string {
    if (values.length === 0) throw new Error('Sql.list needs at least one value');
    return `(${values.map((value) => this.p(value)).join(', ')})`;
  }

  /** `array[?, ?]` (typed by the caller, e.g. `${sql.array(xs)}::text[]`). */
  array(values: readonly unknown[]): string {
    return `array[${values.map((value) => this.p(value)).join(', ')}]`;
  }

  /** `column in (...)`, or `false` when no value can match. */
  in(column: string, values: readonly unknown[]): string {
    return values.length === 0 ? 'false' : `${column} in ${this.list(values)}`;
  }

  /** The final text with `?` placeholders and its parameters in that order. */
  statement(text: string): Statement {
    const params: unknown[] = [];
    const sql = text.replace(/\u0001(\d+)\u0002/g, (_, index: string) => {
      params.push(this.values[Number(index)]);
      return '?';
    });
    return { sql, params };
  }
}

/** A statement to run: what the services execute and what the bench replays with `pg`. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** The pool of `REPORTING_DATABASE_URL` (a read replica), when set: every report statement reads there. */
export const REPORT_READS = new ServiceKey<MikroORM>('reporting.reads');

/** Where a report reads: the replica when the process runs one, else the request's own EntityManager. */
type ReportSource = Pick<RequestContext, 'em'> & { services?: ServiceRegistry };

export function run<T>(ctx: ReportSource, statement: Statement): Promise<T[]> {
  return execute<T>(ctx, statement.sql, statement.params);
}

function execute<T>(ctx: ReportSource, sql: string, params: unknown[]): Promise<T[]> {
  const replica = ctx.services?.find(REPORT_READS);
  return replica ? replica.em.getConnection('read').execute<T[]>(sql, params) : ctx.em.execute<T[]>(sql, params);
}

/** The business time zone as a SQL literal. It comes from config (an IANA name checked at start-up), not from a client. */
export function tzLiteral(timeZone: string): string {
  return `'${timeZone.replace(/'/g, "''")}'`;
}

export const MAX_REPORT_LIMIT = 1000;

/** Ids a client named: malformed ones cannot name a row, so they match nothing. */
export function wellFormedIds(ids: readonly string[]): string[] {
  return ids.filter(isWellFormedId);
}

/** The range as instants (calendar days in `timeZone`), refusing mixed forms and an inverted range; null when open on both ends. */
export function checkedRange(range: DateRange | null | undefined, field: string, timeZone: string): InstantRange | null {
  return resolveDateRange(range, field, timeZone);
}

export function checkLimit(limit: number | null | undefined, field = 'limit'): void {
  if (limit == null) return;
  if (limit < 1 || limit > MAX_REPORT_LIMIT) {
    throw BadUserInputError.field(field, `must be between 1 and ${MAX_REPORT_LIMIT}`, ReportingErrorDetail.LIMIT_OUT_OF_RANGE);
  }
}

/** What the rollups hold: the sales created before `coveredUntil` (see `ReportingRefresh`). */
export interface Coverage {
  coveredUntil: Date;
}

export const SALES_ROLLUP = 'sales';

export async function loadCoverage(ctx: ReportSource): Promise<Coverage | null> {
  // From where the report reads: a replica's rollups cover what the replica has.
  const [row] = await execute<{ covered_until: Date }>(ctx, `select covered_until from reporting_refresh where name = ?`, [SALES_ROLLUP]);
  return row ? { coveredUntil: new Date(row.covered_until) } : null;
}

/** An interval of creation instants, `from` included, `to` excluded, null = open. */
export interface Interval {
  from: Date | null;
  to: Date | null;
}

/** Local days `from` (included; null: since the first) to `to` (excluded). */
export interface DaySpan {
  from: string | null;
  to: string;
}

/**
 * How to read a date range from the period rollups and the sales tables:
 * - `months`: whole local months inside the range that have MONTH rows (those before the month of
 *   the coverage's end);
 * - `days`: the other whole local days inside the range that the rollups hold, as DAY rows (the
 *   day of the coverage's end is partial: used only when the range holds all of it up to then);
 * - `live`: the instants read from the sales tables: partial days at the range's edges and the
 *   sales created since the coverage.
 * `span` is `months` and `days` together, for rollups with DAY rows only. Without `useMonths`
 * (reports by day or week), `days` is the whole span.
 */
export interface RangePlan {
  months: DaySpan | null;
  days: DaySpan[];
  span: DaySpan | null;
  live: Interval[];
  /** With rollups: the whole range, for the sales that were PENDING at the refresh (kept out of the rollups, read live). */
  pending: Interval | null;
}

export function planRange(range: InstantRange | null, coverage: Coverage | null, timeZone: string, { useMonths = true } = {}): RangePlan {
  const from = range?.from ?? null;
  const to = range?.to ?? null;
  const allLive: RangePlan = { months: null, days: [], span: null, live: [{ from, to }], pending: null };
  if (!coverage) return allLive;
  const pending = { from, to };
  const cut = coverage.coveredUntil;
  const cutDay = localDayOf(cut, timeZone);
  const first = from ? firstWholeDayFrom(from, timeZone) : null;
  const live: Interval[] = [];
  let end: string;
  if (!to || to >= cut) {
    // The partial day of the cut holds [its midnight, cut): usable when the range holds all of it.
    if (first !== null && first > cutDay) return { ...allLive, pending };
    end = addDays(cutDay, 1);
    live.push({ from: cut, to });
  } else {
    end = localDayOf(to, timeZone);
    if (first !== null && first >= end) return { ...allLive, pending };
    const endStart = startOfLocalDay(end, timeZone);
    if (endStart < to) live.push({ from: endStart, to });
  }
  if (from && first !== null) {
    const firstStart = startOfLocalDay(first, timeZone);
    if (from < firstStart) live.unshift({ from, to: firstStart });
  }
  const span: DaySpan = { from: first, to: end };
  // Whole months inside [first, end) and before the cut's month.
  const monthFrom = first === null ? null : first.endsWith('-01') ? first : nextMonth(first);
  const monthTo = minDay(monthOf(end), monthOf(cutDay));
  if (!useMonths || (monthFrom !== null && monthFrom >= monthTo)) {
    return { months: null, days: [span], span, live, pending };
  }
  const days: DaySpan[] = [];
  if (first !== null && first < monthFrom!) days.push({ from: first, to: monthFrom! });
  if (monthTo! < end) days.push({ from: monthTo!, to: end });
  return { months: { from: monthFrom, to: monthTo! }, days, span, live, pending };
}

/** The first day of the month of `day`. */
function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function nextMonth(day: string): string {
  const [year, month] = day.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** `s.created_at` within any of `intervals` (an empty list matches nothing). */
export function liveCondition(sql: Sql, intervals: Interval[], column = 's.created_at'): string {
  if (intervals.length === 0) return 'false';
  return `(${intervals
    .map(({ from, to }) => {
      const parts = [from ? `${column} >= ${sql.p(from)}` : null, to ? `${column} < ${sql.p(to)}` : null].filter(Boolean);
      return parts.length ? `(${parts.join(' and ')})` : 'true';
    })
    .join(' or ')})`;
}

function spanCondition(sql: Sql, span: DaySpan, column: string): string {
  return [span.from ? `${column} >= ${sql.p(span.from)}::date` : null, `${column} < ${sql.p(span.to)}::date`].filter(Boolean).join(' and ');
}

/** Rows of a period rollup (MONTH and DAY rows) for the planned months and days; null when none. */
export function periodCondition(sql: Sql, plan: RangePlan, alias = 'r'): string | null {
  const parts: string[] = [];
  if (plan.months) parts.push(`(${alias}.grain = 'MONTH' and ${spanCondition(sql, plan.months, `${alias}.day`)})`);
  if (plan.days.length) parts.push(`(${alias}.grain = 'DAY' and (${plan.days.map((span) => `(${spanCondition(sql, span, `${alias}.day`)})`).join(' or ')}))`);
  return parts.length ? `(${parts.join(' or ')})` : null;
}

/** Rows of a rollup with DAY rows only, for the planned span; null when none. */
export function dayCondition(sql: Sql, plan: RangePlan, column = 'r.day'): string | null {
  return plan.span ? spanCondition(sql, plan.span, column) : null;
}

/** A whole range read from the sales tables (no rollup): for measures rollups cannot add up. */
export function liveOnly(range: InstantRange | null): RangePlan {
  return { months: null, days: [], span: null, live: [{ from: range?.from ?? null, to: range?.to ?? null }], pending: null };
}

/** The plan for rollups that hold all time (no date range): everything they hold, plus the live sales. */
export function allTimePlan(coverage: Coverage): RangePlan {
  return { months: null, days: [], span: null, live: [{ from: coverage.coveredUntil, to: null }], pending: { from: null, to: null } };
}

/**
 * Where the sales read live come from (each introduces the alias `s`), disjoint: sales created in
 * the plan's live intervals, and sales of the range that were PENDING at the refresh. A query
 * adds up one part per source.
 */
export interface LiveSource {
  from: string;
  where: string;
}

export function liveSources(sql: Sql, plan: RangePlan): LiveSource[] {
  const sources: LiveSource[] = [{ from: 'sale s', where: liveCondition(sql, plan.live) }];
  if (plan.pending) {
    sources.push({
      from: 'reporting_pending_sale ps join sale s on s.id = ps.sale_id',
      where: `${liveCondition(sql, [plan.pending])} and not ${liveCondition(sql, plan.live)}`,
    });
  }
  return sources;
}
