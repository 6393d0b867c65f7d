import { ArrayType, BigIntType, Embeddable, Embedded, Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';
import { foldForSearchSql } from './customer-search';
import { AddressKind, CustomerCategory, CustomerKind, DocumentType } from './customer.enums';
import { Staff } from './staff.entity';

@Embeddable()
export class CustomerAddress {
  @Enum({ items: () => AddressKind })
  kind!: AddressKind;

  @Property({ type: 'string' })
  line1!: string;

  @Property({ type: 'string' })
  city!: string;

  /** Department (departamento) in Colombia, region or state elsewhere. */
  @Property({ type: 'string' })
  region!: string;

  @Property({ type: 'string' })
  countryCode!: string;

  @Property({ type: 'string', nullable: true })
  postalCode?: string | null;
}

@Entity({ tableName: 'customer' })
@Unique({ name: 'customer_document_unique', properties: ['documentType', 'documentNumber'] })
@Index({ name: 'customer_created_at_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'customer_last_name_idx', properties: ['lastName', 'id'] })
@Index({
  name: 'customer_search_text_trgm_idx',
  expression: 'create index "customer_search_text_trgm_idx" on "customer" using gin ("search_text" gin_trgm_ops)',
})
export class Customer extends BaseEntity {
  @Property({ type: 'string', length: 100 })
  firstName!: string;

  @Property({ type: 'string', length: 100 })
  lastName!: string;

  @Enum({ items: () => DocumentType })
  documentType!: DocumentType;

  /** PERSON or COMPANY, from the document type (NIT: COMPANY); kept as a column for filters and reports. */
  @Enum({ items: () => CustomerKind, default: CustomerKind.PERSON })
  kind: Opt<CustomerKind> = CustomerKind.PERSON;

  /** A company's registered name (razón social); null for a person. */
  @Property({ type: 'string', length: 200, nullable: true })
  legalName?: string | null;

  @Property({ type: 'string', length: 30 })
  documentNumber!: string;

  /** Stored lower-cased, unique. */
  @Property({ type: 'string', length: 254 })
  @Unique({ name: 'customer_email_unique' })
  email!: string;

  /** E.164 numbers. */
  @Property({ type: ArrayType })
  phones: string[] = [];

  /** ISO calendar date (YYYY-MM-DD). */
  @Property({ type: 'date', nullable: true })
  birthDate?: string | null;

  @Embedded({ entity: () => CustomerAddress, array: true })
  addresses: CustomerAddress[] = [];

  /**
   * City and region of the billing address (the first address when none is for billing),
   * kept beside the JSON addresses so that filters and reports can index them.
   */
  @Property({ type: 'string', length: 100 })
  @Index({ name: 'customer_billing_city_idx' })
  billingCity!: string;

  @Property({ type: 'string', length: 100 })
  @Index({ name: 'customer_billing_region_idx' })
  billingRegion!: string;

  @Enum({ items: () => CustomerCategory, default: CustomerCategory.NEW })
  category: CustomerCategory = CustomerCategory.NEW;

  /** Set by hand: the automatic rule leaves this customer alone until the choice is cleared. */
  @Property({ type: 'boolean', default: false })
  categoryIsManual: Opt<boolean> = false;

  /** Set when the customer's personal data was erased (`anonymizeCustomer`): irreversible. */
  @Property({ type: 'datetime', nullable: true })
  anonymizedAt?: Date | null;

  /** What `CustomerFilter.search` matches: legal name, name, email and document number, folded (see `foldForSearch`). */
  @Property({
    type: 'text',
    lazy: true,
    hidden: true,
    generated: `(${foldForSearchSql(`coalesce(legal_name || ' ', '') || first_name || ' ' || last_name || ' ' || email || ' ' || document_number`)}) stored`,
  })
  searchText?: string;
}

/** One change of a customer's category, by hand (`changedBy`) or by the automatic rule (null). */
@Entity({ tableName: 'customer_category_change' })
@Index({ name: 'customer_category_change_customer_idx', properties: ['customer', 'changedAt'] })
export class CategoryChange {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne({ entity: () => Customer, deleteRule: 'cascade' })
  customer!: Customer;

  @Enum({ items: () => CustomerCategory, nullable: true })
  fromCategory?: CustomerCategory | null;

  @Enum({ items: () => CustomerCategory })
  toCategory!: CustomerCategory;

  @Property({ type: 'datetime' })
  changedAt: Date = new Date();

  @ManyToOne({ entity: () => Staff, nullable: true, deleteRule: 'set null' })
  changedBy?: Staff | null;

  @Property({ type: 'text' })
  reason!: string;
}
