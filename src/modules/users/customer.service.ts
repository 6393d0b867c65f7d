import { deletionRefusals } from '../../core/deletion-guards';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { viewerOf, type RequestContext } from '../../core/context';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { paginate, SortDirection, type Connection, type SortKeys } from '../../core/pagination';
import { escapeLike } from '../../core/validation';
import { applyCategoryRule } from './category-rule';
import { CategoryChange, Customer, CustomerAddress } from './customer.entity';
import { foldForSearch } from './customer-search';
import { AddressKind, CustomerCategory, CustomerKind, customerKindOf, DocumentType } from './customer.enums';
import { CUSTOMER_DELETION_GUARDS, purchaseStatsSql } from './customer.hooks';
import { CustomerOrderField, type AddressInput, type CreateCustomerInput, type CustomersArgs, type UpdateCustomerInput } from './customer.inputs';
import { normalizeDocumentNumber } from './document-number';
import { Staff } from './staff.entity';
import { UsersErrorDetail } from './users.errors';
import { customerById } from './users.loaders';
import type { Row } from '../../core/db/rows';

export function findCustomer(ctx: RequestContext, id: string): Promise<Row<Customer> | null> {
  return ctx.loaders.get(customerById).load(id);
}

/** For mutations: an unknown id is NOT_FOUND. `field` names the argument that carried it. */
export async function getCustomer(ctx: RequestContext, id: string, field?: string, lock?: LockMode): Promise<Customer> {
  const customer = isWellFormedId(id) ? await ctx.em.findOne(Customer, id, lock ? { lockMode: lock } : {}) : null;
  if (!customer) throw new NotFoundError('Customer', id, field);
  return customer;
}

/** The customer of a sale, as a row (a sale only reads it); an unknown id is NOT_FOUND naming `field`. */
export async function getCustomerForSale(ctx: RequestContext, id: string, field: string): Promise<Row<Customer>> {
  const customer = await ctx.loaders.get(customerById).load(id);
  if (!customer) throw new NotFoundError('Customer', id, field);
  return customer;
}

export function listCustomers(ctx: RequestContext, { first, after, filter, orderBy }: CustomersArgs): Promise<Connection<Row<Customer>>> {
  const where: FilterQuery<Customer> = {};
  if (filter?.search?.trim()) where.searchText = { $like: `%${escapeLike(foldForSearch(filter.search.trim()))}%` };
  if (filter?.category) where.category = filter.category;
  if (filter?.city?.trim()) where.billingCity = { $ilike: escapeLike(filter.city.trim()) };
  if (filter?.region?.trim()) where.billingRegion = { $ilike: escapeLike(filter.region.trim()) };
  return paginate(ctx.em, Customer, where, customerSortKeys(orderBy?.field, orderBy?.direction), { first, after }, { scope: ctx, answerType: 'Customer' });
}

function customerSortKeys(field = CustomerOrderField.CREATED_AT, direction = SortDirection.DESC): SortKeys<Customer> {
  const dir = direction === SortDirection.ASC ? 'asc' : 'desc';
  switch (field) {
    case CustomerOrderField.CREATED_AT:
      return [['createdAt', dir], ['id', dir]];
    case CustomerOrderField.LAST_NAME:
      return [['lastName', dir], ['id', dir]];
  }
}

export async function createCustomer(ctx: RequestContext, input: CreateCustomerInput): Promise<Customer> {
  const customer = ctx.em.create(Customer, {
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    documentType: input.documentType,
    documentNumber: normalizeDocumentNumber(input.documentType, input.documentNumber),
    kind: customerKindOf(input.documentType),
    legalName: checkLegalName(input.documentType, input.legalName),
    email: normalizeEmail(input.email),
    phones: normalizePhones(input.phones),
    birthDate: checkBirthDate(input.birthDate),
    ...addressFields(input.addresses),
    category: CustomerCategory.NEW,
  });
  recordCategoryChange(ctx, customer, null, CustomerCategory.NEW, 'New customer', null);
  return customer;
}

export async function updateCustomer(ctx: RequestContext, id: string, input: UpdateCustomerInput): Promise<Customer> {
  const customer = await getCustomer(ctx, id);
  if (customer.anonymizedAt) throw new ConflictError(`Customer ${id} was anonymized: its personal data cannot be given back`, UsersErrorDetail.CUSTOMER_ANONYMIZED);
  if (input.firstName !== undefined) customer.firstName = input.firstName.trim();
  if (input.lastName !== undefined) customer.lastName = input.lastName.trim();
  if (input.legalName !== undefined) customer.legalName = checkLegalName(customer.documentType, input.legalName);
  if (input.email !== undefined) customer.email = normalizeEmail(input.email);
  if (input.phones !== undefined) customer.phones = normalizePhones(input.phones);
  if (input.birthDate !== undefined) customer.birthDate = checkBirthDate(input.birthDate);
  if (input.addresses !== undefined) Object.assign(customer, addressFields(input.addresses));
  return customer;
}

/** Refused while another domain still holds the customer (sales, active services): their guards say why. */
export async function deleteCustomer(ctx: RequestContext, id: string): Promise<string> {
  // Locked: a subscription or sale for this customer started meanwhile waits, then finds it gone.
  const customer = await getCustomer(ctx, id, undefined, LockMode.PESSIMISTIC_WRITE);
  const reasons = await deletionRefusals(ctx, CUSTOMER_DELETION_GUARDS, customer.id);
  if (reasons.length > 0) {
    throw new ConflictError(`Customer ${id} cannot be deleted: ${reasons.join('; ')}`, UsersErrorDetail.CUSTOMER_IN_USE, { reasons });
  }
  ctx.em.remove(customer);
  return customer.id;
}

/**
 * A category chosen by hand sticks: the automatic rule skips the customer. `null` clears the
 * choice and gives the customer back to the rule at once.
 */
export async function setCustomerCategory(
  ctx: RequestContext,
  id: string,
  category: CustomerCategory | null | undefined,
  reason: string | null | undefined,
): Promise<Customer> {
  const customer = await getCustomer(ctx, id);
  if (category) {
    customer.categoryIsManual = true;
    if (customer.category !== category) {
      recordCategoryChange(ctx, customer, customer.category, category, reason?.trim() || 'Set by hand', viewerOf(ctx).id);
      customer.category = category;
    }
    return customer;
  }
  customer.categoryIsManual = false;
  // The rule runs in SQL: it must see the cleared flag.
  await ctx.em.flush();
  await applyCategoryRule(ctx.em, ctx.config.categoryRule, purchaseStatsSql(ctx.app), [customer.id]);
  return ctx.em.refreshOrFail(customer);
}

export function recomputeCustomerCategories(ctx: RequestContext): Promise<number> {
  return applyCategoryRule(ctx.em, ctx.config.categoryRule, purchaseStatsSql(ctx.app));
}

function recordCategoryChange(
  ctx: RequestContext,
  customer: Customer,
  from: CustomerCategory | null,
  to: CustomerCategory,
  reason: string,
  changedById: string | null,
): void {
  ctx.em.create(CategoryChange, {
    customer,
    fromCategory: from,
    toCategory: to,
    changedAt: new Date(),
    changedBy: changedById ? ctx.em.getReference(Staff, changedById) : null,
    reason,
  });
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A + and 7 to 15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The stored form of phone numbers: E.164, without the spaces, dashes and parentheses the
 * PhoneNumber scalar lets through, each number once. A number without its country code is refused.
 */
function normalizePhones(phones: string[]): string[] {
  const normalized = phones.map((phone, i) => {
    const compact = phone.replace(/[\s()-]/g, '');
    if (!E164.test(compact)) throw BadUserInputError.field(`input.phones[${i}]`, 'must be in E.164 form with its country code, e.g. +573001234567');
    return compact;
  });
  return [...new Set(normalized)];
}

const OLDEST_BIRTH_DATE = '1900-01-01';

/** A company (NIT) is named by its legal name, which a person does not have. */
function checkLegalName(documentType: DocumentType, legalName: string | null | undefined): string | null {
  const name = legalName?.trim() || null;
  if (customerKindOf(documentType) === CustomerKind.COMPANY) {
    if (!name) throw BadUserInputError.field('input.legalName', 'a company (NIT) needs its legal name (razón social)', UsersErrorDetail.LEGAL_NAME_REQUIRED);
    return name;
  }
  if (name) throw BadUserInputError.field('input.legalName', 'only a company (NIT) has a legal name: a person is named by firstName and lastName', UsersErrorDetail.LEGAL_NAME_NOT_ALLOWED);
  return null;
}

/** How a customer is named on screens and in reports: a company by its legal name, a person by first and last name. */
export function displayNameOf(customer: Pick<Customer, 'kind' | 'legalName' | 'firstName' | 'lastName'>): string {
  return customer.kind === CustomerKind.COMPANY && customer.legalName ? customer.legalName : `${customer.firstName} ${customer.lastName}`;
}

function checkBirthDate(birthDate: string | null | undefined): string | null {
  if (!birthDate) return null;
  const today = new Date().toISOString().slice(0, 10);
  if (birthDate > today) throw BadUserInputError.field('input.birthDate', 'cannot be in the future');
  if (birthDate < OLDEST_BIRTH_DATE) throw BadUserInputError.field('input.birthDate', `cannot be before ${OLDEST_BIRTH_DATE}`);
  return birthDate;
}

/** A stored address from a client's `AddressInput` (trimmed, country code upper-cased). */
export function addressFromInput(input: AddressInput): CustomerAddress {
  return Object.assign(new CustomerAddress(), {
    kind: input.kind,
    line1: input.line1.trim(),
    city: input.city.trim(),
    region: input.region.trim(),
    countryCode: input.countryCode.toUpperCase(),
    postalCode: input.postalCode?.trim() || null,
  });
}

/** The addresses and the billing city/region derived from them (the BILLING address, else the first). */
function addressFields(inputs: AddressInput[]): Pick<Customer, 'addresses' | 'billingCity' | 'billingRegion'> {
  const addresses = inputs.map(addressFromInput);
  const billing = addresses.find((address) => address.kind === AddressKind.BILLING) ?? addresses[0];
  return { addresses, billingCity: billing.city, billingRegion: billing.region };
}
