import { BigIntType, Embeddable, Embedded, Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';
import { Money } from '../../core/money';
import { Staff } from '../users';
import { BillingPeriod, ServicePlanStatus, ServiceType } from './services.enums';

/** A characteristic of a plan: "Velocidad de descarga" 500 Mbps, "Datos" 40 GB, "Minutos" ilimitados. */
@Embeddable()
export class Feature {
  @Property({ type: 'string' })
  name!: string;

  @Property({ type: 'string' })
  value!: string;

  @Property({ type: 'string', nullable: true })
  unit?: string | null;
}

@Entity({ tableName: 'service_plan' })
@Index({ name: 'service_plan_name_idx', properties: ['name', 'id'] })
@Index({ name: 'service_plan_created_at_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'service_plan_price_idx', properties: ['price.amount', 'id'] as never })
export class ServicePlan extends BaseEntity {
  /** Stored upper-cased, unique: the reference agents type, e.g. `FIBRA-500`. */
  @Property({ type: 'string', length: 40 })
  @Unique({ name: 'service_plan_code_unique' })
  code!: string;

  @Property({ type: 'string', length: 120 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Enum({ items: () => ServiceType })
  @Index({ name: 'service_plan_type_idx' })
  type!: ServiceType;

  @Embedded({ entity: () => Feature, array: true })
  features: Feature[] = [];

  /** The current price, net of tax. Earlier prices are in `ServicePlanPrice`. */
  @Embedded({ entity: () => Money, prefix: 'price_' })
  price!: Money;

  @Enum({ items: () => BillingPeriod })
  billingPeriod!: BillingPeriod;

  /** Sold without IVA (e.g. internet for low-income households): its sale lines are taxed at 0. */
  @Property({ type: 'boolean', default: false })
  taxExempt: Opt<boolean> = false;

  @Enum({ items: () => ServicePlanStatus })
  status!: ServicePlanStatus;

  /** Calendar dates (business time zone) between which the plan can be subscribed; open when null. */
  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  @Property({ type: 'date', nullable: true })
  validUntil?: string | null;
}

/** One price a plan had, from `validFrom` until `validTo` (null: the current price). */
@Entity({ tableName: 'service_plan_price' })
@Index({ name: 'service_plan_price_plan_idx', properties: ['servicePlan', 'validFrom'] })
export class ServicePlanPrice {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @ManyToOne({ entity: () => ServicePlan, deleteRule: 'cascade' })
  servicePlan!: ServicePlan;

  @Embedded({ entity: () => Money, prefix: 'price_' })
  price!: Money;

  @Property({ type: 'datetime' })
  validFrom!: Date;

  @Property({ type: 'datetime', nullable: true })
  validTo?: Date | null;

  /** Null for prices set by the system (demo data, imports). */
  @ManyToOne({ entity: () => Staff, nullable: true, deleteRule: 'set null' })
  changedBy?: Staff | null;
}
