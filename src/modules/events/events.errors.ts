/** The finer reasons (`extensions.detail`) of the event stream's errors. */
export enum EventsErrorDetail {
  /** `after` is not a cursor this API returned. */
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** `after` is older than the retention: backfill from the reports. */
  CURSOR_EXPIRED = 'CURSOR_EXPIRED',
}
