import { BigIntType, Check, Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';
import { Product } from '../catalog';
import { ServicePlan } from '../services';
import { Customer, Staff } from '../users';
import { PaymentMethod, SaleEventType, SaleStatus } from './sales.enums';
import { Promotion } from './promotion.entity';

/** A fresh options object per column: MikroORM writes into the options it is given. */
const money = () => ({ type: 'decimal', precision: 14, scale: 2 }) as const;

/**
 * An invoice. Amounts are exact (numeric, strings in JS) and in `currency`:
 * subtotal = Σ unitPrice × quantity, discount = Σ line discounts, tax = Σ line taxes,
 * total = subtotal − discount + tax. Its status changes only in `sale-lifecycle.ts`.
 */
@Entity({ tableName: 'sale' })
@Index({ name: 'sale_created_at_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'sale_customer_created_idx', properties: ['customer', 'createdAt', 'id'] })
@Index({ name: 'sale_seller_created_idx', properties: ['seller', 'createdAt', 'id'] })
@Index({ name: 'sale_status_created_idx', properties: ['status', 'createdAt'] })
export class Sale extends BaseEntity {
  /** `FV-000123`: unique and gap-free in commit order (see `sale-number.ts`). */
  @Property({ type: 'string', length: 20 })
  @Unique({ name: 'sale_number_unique' })
  number!: string;

  @ManyToOne({ entity: () => Customer, deleteRule: 'restrict' })
  customer!: Customer;

  @ManyToOne({ entity: () => Staff })
  seller!: Staff;

  @Enum({ items: () => SaleStatus })
  status!: SaleStatus;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Property(money())
  subtotal!: string;

  @Property(money())
  discount!: string;

  @Property(money())
  tax!: string;

  @Property(money())
  total!: string;

  @ManyToOne({ entity: () => Promotion, nullable: true })
  promotion?: Promotion | null;

  @Enum({ items: () => PaymentMethod, nullable: true })
  paymentMethod?: PaymentMethod | null;

  @Property({ type: 'string', length: 100, nullable: true })
  paymentReference?: string | null;

  @Property({ type: 'datetime', nullable: true })
  paidAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  refundedAt?: Date | null;

  /** While PENDING: when its stock hold ends and it is cancelled automatically. */
  @Property({ type: 'datetime', nullable: true })
  @Index({ name: 'sale_pending_expires_idx', expression: `create index "sale_pending_expires_idx" on "sale" ("expires_at") where "status" = 'PENDING'` })
  expiresAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  notes?: string | null;
}

/** One product or one service plan (never both), priced when the sale was made. */
@Entity({ tableName: 'sale_line' })
@Index({ name: 'sale_line_sale_idx', properties: ['sale', 'position'] })
@Index({ name: 'sale_line_product_idx', properties: ['product'] })
@Index({ name: 'sale_line_service_plan_idx', properties: ['servicePlan'] })
@Check({ name: 'sale_line_one_item_check', expression: '("product_id" is null) <> ("service_plan_id" is null)' })
@Check({ name: 'sale_line_quantity_check', expression: '"quantity" > 0' })
export class SaleLine {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne({ entity: () => Sale, deleteRule: 'cascade' })
  sale!: Sale;

  /** Order of the line on the invoice, from 1. */
  @Property({ type: 'smallint' })
  position!: number;

  @ManyToOne({ entity: () => Product, nullable: true })
  product?: Product | null;

  @ManyToOne({ entity: () => ServicePlan, nullable: true })
  servicePlan?: ServicePlan | null;

  @Property({ type: 'string', length: 200 })
  description!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property(money())
  unitPrice!: string;

  @Property(money())
  discount!: string;

  /** Applied to (unitPrice × quantity − discount); 0 for an exempt product or plan. */
  @Property({ type: 'decimal', precision: 5, scale: 4 })
  taxRate!: string;

  @Property(money())
  tax!: string;

  /** unitPrice × quantity − discount: the revenue of the line, before tax. */
  @Property(money())
  netAmount!: string;

  /** netAmount + tax. */
  @Property(money())
  total!: string;
}

/** Every status a sale went through: `from` null for its creation; `changedBy` null for the system (expiry). */
@Entity({ tableName: 'sale_status_change' })
@Index({ name: 'sale_status_change_sale_idx', properties: ['sale', 'changedAt'] })
// The reporting module's incremental refresh looks for the sales whose status changed since its last run.
@Index({ name: 'sale_status_change_changed_at_idx', properties: ['changedAt'] })
export class SaleStatusChange {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne({ entity: () => Sale, deleteRule: 'cascade' })
  sale!: Sale;

  @Enum({ items: () => SaleStatus, nullable: true })
  fromStatus?: SaleStatus | null;

  @Enum({ items: () => SaleStatus })
  toStatus!: SaleStatus;

  @Property({ type: 'datetime' })
  changedAt!: Date;

  @ManyToOne({ entity: () => Staff, nullable: true })
  changedBy?: Staff | null;

  @Property({ type: 'text', nullable: true })
  reason?: string | null;
}

/**
 * The transactional outbox of sale events, written in the same transaction as the change it
 * records. The partner stream reads it in commit order, (xid, id): `xid` is the writing
 * transaction's id, set by the database (whatever code inserts the row), and a reader takes only
 * rows whose transaction is older than every running one (see `modules/events/event-store.ts`),
 * so a reader resuming after an event can never skip one committed later with a smaller id.
 * An insert also wakes the API instances up (a statement trigger: `pg_notify('sale_event')`).
 */
@Entity({ tableName: 'sale_event' })
@Index({ name: 'sale_event_commit_order_idx', properties: ['xid', 'id'] })
@Index({ name: 'sale_event_occurred_at_idx', properties: ['occurredAt'] })
export class SaleEvent {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Enum({ items: () => SaleEventType })
  type!: SaleEventType;

  @ManyToOne({ entity: () => Sale, deleteRule: 'cascade' })
  @Index({ name: 'sale_event_sale_idx' })
  sale!: Sale;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  /** `pg_current_xact_id()` of the writing transaction: never set by the code. */
  @Property({ type: 'string', columnType: 'xid8', defaultRaw: 'pg_current_xact_id()' })
  xid?: Opt<string>;
}

/** The next invoice number, one row per prefix. Locked from numbering until commit: no gaps, no duplicates. */
@Entity({ tableName: 'sale_number_counter' })
export class SaleNumberCounter {
  @PrimaryKey({ type: 'string', length: 10 })
  prefix!: string;

  @Property({ type: 'bigint' })
  lastValue!: string;
}

/**
 * An idempotency key claimed by a createSale call. The primary key makes concurrent claims of
 * one key wait for each other, so the second call sees the first one's sale instead of writing.
 */
@Entity({ tableName: 'sale_idempotency_key' })
export class SaleIdempotencyKey {
  @PrimaryKey({ type: 'string', length: 100 })
  key!: string;

  /** Fingerprint of the input that claimed the key: the same key with other input is refused. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  /** Null only inside the claiming transaction, before its sale is written. */
  @ManyToOne({ entity: () => Sale, nullable: true, deleteRule: 'cascade' })
  sale?: Sale | null;

  @Property({ type: 'datetime' })
  createdAt: Opt<Date> = new Date();
}
