/**
 * Calendar days in the business time zone: the helpers live in core (DateRange's `fromDate`/`toDate`
 * use them too); reporting imports them from here.
 */
export { addDays, firstWholeDayFrom, isoWeekLabel, localDayOf, startOfLocalDay } from '../../core/time';
