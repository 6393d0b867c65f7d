export const SALE_NUMBER_PREFIX = 'FV-';

/**
 * The statement that takes the next invoice number (`FV-000124`), returned as column `number`:
 * the body of a CTE, so that the sale is written by the same statement (see `writeSale`). The
 * counter row stays locked by the transaction until it commits or rolls back: numbers are unique,
 * and a rolled-back sale gives its number back, so they are gap-free in commit order. Take it as
 * late as possible: other sales wait on the lock.
 */
export function nextSaleNumberSql(): { sql: string; params: string[] } {
  return {
    sql: `insert into sale_number_counter (prefix, last_value) values (?, 1)
          on conflict (prefix) do update set last_value = sale_number_counter.last_value + 1
          returning prefix || lpad(last_value::text, greatest(6, length(last_value::text)), '0') as number`,
    params: [SALE_NUMBER_PREFIX],
  };
}
