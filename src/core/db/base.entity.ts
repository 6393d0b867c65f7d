import { BigIntType, Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** Every table: a bigint identity key (a string in JS, an opaque ID in GraphQL) and UTC timestamps. */
@Entity({ abstract: true })
export abstract class BaseEntity {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt!: Date & Opt;

  @Property({ type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() })
  updatedAt!: Date & Opt;
}
