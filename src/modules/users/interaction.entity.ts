import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';
import { Customer } from './customer.entity';
import { InteractionChannel, InteractionKind, InteractionStatus } from './interaction.enums';
import { Staff } from './staff.entity';

/** An inquiry, complaint or suggestion from a customer, followed until it is closed. */
@Entity({ tableName: 'interaction' })
@Index({ name: 'interaction_customer_created_idx', properties: ['customer', 'createdAt', 'id'] })
@Index({ name: 'interaction_created_idx', properties: ['createdAt', 'id'] })
export class Interaction extends BaseEntity {
  @ManyToOne({ entity: () => Customer, deleteRule: 'cascade' })
  customer!: Customer;

  @Enum({ items: () => InteractionKind })
  type!: InteractionKind;

  @Enum({ items: () => InteractionChannel })
  channel!: InteractionChannel;

  @Property({ type: 'string', length: 200 })
  subject!: string;

  @Property({ type: 'text' })
  description!: string;

  @Enum({ items: () => InteractionStatus, default: InteractionStatus.OPEN })
  status: InteractionStatus = InteractionStatus.OPEN;

  @Property({ type: 'text', nullable: true })
  resolutionNote?: string | null;

  /** The staff member who recorded it. */
  @ManyToOne({ entity: () => Staff })
  recordedBy!: Staff;
}
