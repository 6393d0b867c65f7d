import { Check, Embeddable, Embedded, Entity, Enum, Index, ManyToOne, type Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../../core/db/base.entity';
import { Money } from '../../core/money';
import { Brand } from './brand.entity';
import { ProductStatus } from './catalog.enums';
import { ProductCategory } from './product-category.entity';

/** A typed characteristic of a product: "Color" Negro, "Almacenamiento" 256 GB. */
@Embeddable()
export class ProductAttribute {
  @Property({ type: 'string' })
  name!: string;

  @Property({ type: 'string' })
  value!: string;
}

export const DEFAULT_REORDER_LEVEL = 5;

@Entity({ tableName: 'product' })
@Check({ name: 'product_stock_not_negative', expression: 'stock >= 0' })
@Check({ name: 'product_reorder_level_not_negative', expression: 'reorder_level >= 0' })
@Index({ name: 'product_name_idx', properties: ['name', 'id'] })
@Index({ name: 'product_created_at_idx', properties: ['createdAt', 'id'] })
@Index({ name: 'product_stock_idx', properties: ['stock', 'id'] })
@Index({ name: 'product_price_idx', properties: ['price.amount', 'id'] as never })
@Index({ name: 'product_name_trgm_idx', expression: 'create index "product_name_trgm_idx" on "product" using gin ("name" gin_trgm_ops)' })
@Index({ name: 'product_sku_trgm_idx', expression: 'create index "product_sku_trgm_idx" on "product" using gin ("sku" gin_trgm_ops)' })
export class Product extends BaseEntity {
  /** The store reference, stored trimmed and upper-cased, unique. */
  @Property({ type: 'string', length: 40 })
  @Unique({ name: 'product_sku_unique' })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @ManyToOne({ entity: () => Brand })
  @Index({ name: 'product_brand_idx' })
  brand!: Brand;

  @ManyToOne({ entity: () => ProductCategory })
  @Index({ name: 'product_category_idx' })
  category!: ProductCategory;

  @Property({ type: 'string', length: 100, nullable: true })
  model?: string | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Embedded({ entity: () => ProductAttribute, array: true })
  attributes: ProductAttribute[] = [];

  /** Net of tax. Sales copy it onto their lines: a later change does not alter them. */
  @Embedded({ entity: () => Money, prefix: 'price_' })
  price!: Money;

  /** Sold without IVA (in Colombia, e.g. phones below the exemption threshold): sales tax its lines at 0. */
  @Property({ type: 'boolean', default: false })
  taxExempt: Opt<boolean> = false;

  /**
   * Units on hand, never negative (a check constraint too). Only `moveStock` changes it once the
   * product exists, in one SQL statement that also writes the ledger's before/after.
   */
  @Property({ type: 'integer', default: 0 })
  stock: Opt<number> = 0;

  /** At or below this stock an ACTIVE product is listed by `lowStockProducts`. */
  @Property({ type: 'integer', default: DEFAULT_REORDER_LEVEL })
  reorderLevel: Opt<number> = DEFAULT_REORDER_LEVEL;

  @Enum({ items: () => ProductStatus, default: ProductStatus.ACTIVE })
  status: Opt<ProductStatus> = ProductStatus.ACTIVE;
}
