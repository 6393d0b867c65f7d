import { Embedded, Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';
import { Money } from '../../core/money';
import { Customer, CustomerAddress } from '../users';
import { ServicePlan } from './service-plan.entity';
import { ServiceSubscriptionStatus } from './services.enums';

/** A service a customer uses: opened by hand (`subscribeCustomer`) or by a paid sale. */
@Entity({ tableName: 'service_subscription' })
@Index({ name: 'service_subscription_customer_idx', properties: ['customer', 'startDate', 'id'] })
@Index({ name: 'service_subscription_plan_idx', properties: ['servicePlan', 'startDate', 'id'] })
export class ServiceSubscription extends BaseEntity {
  @ManyToOne({ entity: () => Customer, deleteRule: 'cascade' })
  customer!: Customer;

  @ManyToOne({ entity: () => ServicePlan })
  servicePlan!: ServicePlan;

  @Enum({ items: () => ServiceSubscriptionStatus })
  status!: ServiceSubscriptionStatus;

  /** Calendar dates in the business time zone. */
  @Property({ type: 'date' })
  startDate!: string;

  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  /** The plan's price when subscribed: later price changes do not alter it. */
  @Embedded({ entity: () => Money, prefix: 'price_' })
  price!: Money;

  @Embedded({ entity: () => CustomerAddress, object: true, nullable: true })
  installationAddress?: CustomerAddress | null;

  /** The sale that opened it, when a sale did (the sales module references it). */
  @Property({ type: 'bigint', nullable: true })
  @Index({ name: 'service_subscription_sale_idx' })
  saleId?: string | null;
}
