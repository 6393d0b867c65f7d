/** Today's calendar date (YYYY-MM-DD) in `timeZone`: a store in Bogotá at 8 pm is still "today" there, not tomorrow in UTC. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
