import { LockMode } from '@mikro-orm/core';
import type { RequestContext } from '../../core/context';
import { findRows } from '../../core/db/rows';
import { ConflictError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { SaleLine, SaleStatusChange, Sale } from '../sales';
import { ServiceSubscription } from '../services';
import { CategoryChange, Customer, getCustomer, Interaction } from '../users';
import { UsersErrorDetail } from '../users/users.errors';

/** What an anonymized customer's names, and their interactions' texts, read afterwards. */
export const ANONYMIZED = {
  firstName: 'Anonymized',
  lastName: 'Customer',
  text: '(anonymized)',
} as const;

/**
 * Everything held about a customer, as one JSON document (the data subject's right of access):
 * the profile, the category history, every interaction, subscription and purchase (with its lines
 * and status history). Null for an unknown id. Plain rows: relations appear as `{ id }`.
 */
export async function customerDataExport(ctx: RequestContext, id: string): Promise<Record<string, unknown> | null> {
  if (!isWellFormedId(id)) return null;
  const { em } = ctx;
  const [customer] = await findRows(em, Customer, { id });
  if (!customer) return null;
  const [categoryHistory, interactions, subscriptions, sales] = await Promise.all([
    findRows(em, CategoryChange, { customer: id }, { orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] }),
    findRows(em, Interaction, { customer: id }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    findRows(em, ServiceSubscription, { customer: id }, { orderBy: [{ startDate: 'asc' }, { id: 'asc' }] }),
    findRows(em, Sale, { customer: id }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  const saleIds = sales.map((sale) => sale.id);
  const [lines, statusChanges] = saleIds.length
    ? await Promise.all([
        findRows(em, SaleLine, { sale: { $in: saleIds } }, { orderBy: [{ sale: 'asc' }, { position: 'asc' }] }),
        findRows(em, SaleStatusChange, { sale: { $in: saleIds } }, { orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] }),
      ])
    : [[], []];
  const bySale = <T extends { sale: { id: string } }>(rows: T[]) => {
    const map = new Map<string, Omit<T, 'sale'>[]>();
    for (const { sale, ...rest } of rows) map.set(sale.id, [...(map.get(sale.id) ?? []), rest]);
    return map;
  };
  const linesBySale = bySale(lines);
  const historyBySale = bySale(statusChanges);
  const withoutCustomer = <T extends { customer: unknown }>({ customer: _customer, ...rest }: T) => rest;
  // Through JSON: dates as ISO strings, nothing but plain data.
  return JSON.parse(
    JSON.stringify({
      exportedAt: new Date(),
      customer,
      categoryHistory: categoryHistory.map(withoutCustomer),
      interactions: interactions.map(withoutCustomer),
      subscriptions: subscriptions.map(withoutCustomer),
      purchases: sales.map((sale) => ({ ...withoutCustomer(sale), lines: linesBySale.get(sale.id) ?? [], statusHistory: historyBySale.get(sale.id) ?? [] })),
    }),
  );
}

/**
 * Erases a customer's personal data for good (the right to suppression): names (a company's legal
 * name too), document number,
 * email, phones, birth date, street lines and postal codes (of the customer and of their
 * subscriptions' installation addresses), the texts of their interactions. What the business and
 * the tax authority need stays: the customer's id, category, city and region, every sale and amount
 * (invoices are fiscal records), subscriptions, interactions' types, channels, statuses and dates.
 * Reports add up as before. A second time is CONFLICT (CUSTOMER_ANONYMIZED).
 */
export async function anonymizeCustomer(ctx: RequestContext, id: string): Promise<Customer> {
  const { em } = ctx;
  const customer = await getCustomer(ctx, id, undefined, LockMode.PESSIMISTIC_WRITE);
  if (customer.anonymizedAt) throw new ConflictError(`Customer ${id} is already anonymized`, UsersErrorDetail.CUSTOMER_ANONYMIZED);
  Object.assign(customer, {
    firstName: ANONYMIZED.firstName,
    lastName: ANONYMIZED.lastName,
    // A company keeps a legal name (required with a NIT), no longer its own.
    legalName: customer.legalName ? `${ANONYMIZED.firstName} ${ANONYMIZED.lastName}` : null,
    // Unique with the document type: the id keeps it so, and says nothing of the person.
    documentNumber: `ANON-${customer.id}`,
    email: `anonymized-${customer.id}@anonymized.invalid`,
    phones: [],
    birthDate: null,
    anonymizedAt: new Date(),
  });
  for (const address of customer.addresses) Object.assign(address, { line1: '', postalCode: null });
  // A fresh array: the embedded JSON is seen as changed.
  customer.addresses = [...customer.addresses];
  const [interactions, subscriptions] = await Promise.all([
    em.find(Interaction, { customer: customer.id }),
    em.find(ServiceSubscription, { customer: customer.id }),
  ]);
  for (const interaction of interactions) Object.assign(interaction, { subject: ANONYMIZED.text, description: ANONYMIZED.text, resolutionNote: null });
  for (const subscription of subscriptions) {
    if (subscription.installationAddress) subscription.installationAddress = Object.assign(Object.create(Object.getPrototypeOf(subscription.installationAddress)), subscription.installationAddress, { line1: '', postalCode: null });
  }
  return customer;
}
