import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';

/** A maker of the products sold in stores: Samsung, Apple, TP-Link... */
@Entity({ tableName: 'brand' })
@Unique({ name: 'brand_name_unique', expression: 'create unique index "brand_name_unique" on "brand" (lower("name"))' })
export class Brand extends BaseEntity {
  /** Unique whatever the letter case. */
  @Property({ type: 'string', length: 80 })
  name!: string;

  /** ISO 3166-1 alpha-2 code of the brand's home country. */
  @Property({ type: 'string', length: 2, nullable: true })
  country?: string | null;
}
