import { ArrayType, Check, Entity, Index, ManyToOne, type Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';
import { Customer } from '../users';

/**
 * A discount code. Exactly one of `percentOff` and `amountOff`. What it applies to: the listed
 * products, plans, product categories and service types (a line matching any of them), or the
 * whole sale when none is listed. Who may use it: the listed customer categories and regions
 * (billing address), anyone when none is listed.
 */
@Entity({ tableName: 'promotion' })
@Check({ name: 'promotion_one_kind_check', expression: '("percent_off" is null) <> ("amount_off" is null)' })
@Check({ name: 'promotion_percent_check', expression: '"percent_off" is null or ("percent_off" >= 1 and "percent_off" <= 100)' })
@Check({ name: 'promotion_usage_check', expression: '"usage_limit" is null or "used_count" <= "usage_limit"' })
export class Promotion extends BaseEntity {
  /** Stored upper-cased, unique: what the customer says at the counter. */
  @Property({ type: 'string', length: 40 })
  @Unique({ name: 'promotion_code_unique' })
  code!: string;

  @Property({ type: 'string', length: 120 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Property({ type: 'smallint', nullable: true })
  percentOff?: number | null;

  /** In COP, shared among the matching lines in proportion to their amounts. */
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  amountOff?: string | null;

  @Property({ type: ArrayType })
  productIds: string[] = [];

  @Property({ type: ArrayType })
  servicePlanIds: string[] = [];

  @Property({ type: ArrayType })
  productCategoryIds: string[] = [];

  @Property({ type: ArrayType })
  serviceTypes: string[] = [];

  @Property({ type: ArrayType })
  customerCategories: string[] = [];

  /** Departments (regions) of the customer's billing address, compared without letter case. */
  @Property({ type: ArrayType })
  regions: string[] = [];

  @Property({ type: 'datetime', nullable: true })
  validFrom?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  validTo?: Date | null;

  @Property({ type: 'integer', nullable: true })
  usageLimit?: number | null;

  @Property({ type: 'integer', nullable: true })
  perCustomerLimit?: number | null;

  /** Sales holding a use of it (cancelled sales give theirs back). Changed only by atomic SQL updates. */
  @Property({ type: 'integer', default: 0 })
  usedCount: Opt<number> = 0;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;
}

/** One use of a promotion by a customer's sale: counts against the per-customer limit. */
@Entity({ tableName: 'promotion_redemption' })
@Index({ name: 'promotion_redemption_customer_idx', properties: ['promotion', 'customer'] })
export class PromotionRedemption extends BaseEntity {
  @ManyToOne({ entity: () => Promotion })
  promotion!: Promotion;

  @ManyToOne({ entity: () => Customer, deleteRule: 'cascade' })
  customer!: Customer;

  @Property({ type: 'bigint' })
  @Unique({ name: 'promotion_redemption_sale_unique' })
  saleId!: string;
}

