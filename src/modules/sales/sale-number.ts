import type { EntityManager } from '@mikro-orm/postgresql';

export const SALE_NUMBER_PREFIX = 'FV-';

/**
 * The next invoice number (`FV-000124`). The counter row stays locked by this transaction until
 * it commits or rolls back: numbers are unique, and a rolled-back sale gives its number back, so
 * they are gap-free in commit order. Take it as late as possible: other sales wait on the lock.
 */
export async function nextSaleNumber(em: EntityManager): Promise<string> {
  const [row] = await em.execute<{ last_value: string }[]>(
    `insert into sale_number_counter (prefix, last_value) values (?, 1)
     on conflict (prefix) do update set last_value = sale_number_counter.last_value + 1
     returning last_value`,
    [SALE_NUMBER_PREFIX],
  );
  return `${SALE_NUMBER_PREFIX}${String(row.last_value).padStart(6, '0')}`;
}
