/** `extensions.detail` values of the reporting domain (an inverted range is core's `INVERTED_RANGE`). */
export enum ReportingErrorDetail {
  LIMIT_OUT_OF_RANGE = 'LIMIT_OUT_OF_RANGE',
  /** The same dimension twice in `groupBy`. */
  DUPLICATE_DIMENSION = 'DUPLICATE_DIMENSION',
  /** A product dimension or filter together with a service-plan one: no sale line is both. */
  INCOMPATIBLE_DIMENSIONS = 'INCOMPATIBLE_DIMENSIONS',
}
