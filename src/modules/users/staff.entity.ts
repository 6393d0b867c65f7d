import { Entity, Enum, type Opt, Property, Unique } from '@mikro-orm/core';
import { Role } from '../../core/auth/roles';
import { BaseEntity } from '../../core/db/base.entity';

@Entity({ tableName: 'staff' })
export class Staff extends BaseEntity {
  /** Stored lower-cased: logins are case-insensitive. */
  @Property({ type: 'string', length: 254 })
  @Unique({ name: 'staff_email_unique' })
  email!: string;

  @Property({ type: 'string', length: 120 })
  name!: string;

  @Enum({ items: () => Role })
  role!: Role;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @Property({ type: 'text', hidden: true })
  passwordHash!: string;

  /** Part of every token; bumped on a password change, a deactivation and a reactivation so older tokens stop working. */
  @Property({ type: 'integer', default: 0 })
  tokenVersion: Opt<number> = 0;
}
