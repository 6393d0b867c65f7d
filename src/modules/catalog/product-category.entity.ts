import { Entity, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';

/** Smartphones, Routers y módems, Accesorios... */
@Entity({ tableName: 'product_category' })
@Unique({ name: 'product_category_name_unique', expression: 'create unique index "product_category_name_unique" on "product_category" (lower("name"))' })
export class ProductCategory extends BaseEntity {
  /** Unique whatever the letter case. */
  @Property({ type: 'string', length: 80 })
  name!: string;
}
