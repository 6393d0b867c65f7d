import { BigIntType, Check, Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Staff } from '../users';
import { StockMovementKind } from './catalog.enums';
import { Product } from './product.entity';

/**
 * The stock ledger: one row per change of a product's stock, never updated. For every product the
 * rows chain up: each `stockBefore` is the previous row's `stockAfter`, and the last `stockAfter`
 * is the product's stock.
 */
@Entity({ tableName: 'stock_movement' })
@Check({ name: 'stock_movement_delta_check', expression: 'delta <> 0 and stock_after = stock_before + delta and stock_after >= 0' })
@Index({ name: 'stock_movement_product_idx', properties: ['product', 'createdAt', 'id'] })
export class StockMovement {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  /** Deleting a product deletes its ledger only when no sale moved its stock (see `deleteProduct`). */
  @ManyToOne({ entity: () => Product })
  product!: Product;

  @Property({ type: 'integer' })
  delta!: number;

  @Property({ type: 'integer' })
  stockBefore!: number;

  @Property({ type: 'integer' })
  stockAfter!: number;

  @Property({ type: 'text' })
  reason!: string;

  @Enum({ items: () => StockMovementKind })
  kind!: StockMovementKind;

  /** Who moved it; null for the system (e.g. a sale expiring). */
  @ManyToOne({ entity: () => Staff, nullable: true })
  staff?: Staff | null;

  /** The sale that moved it (the sales module owns that table: no foreign key from here). */
  @Property({ type: new BigIntType('string'), nullable: true })
  @Index({ name: 'stock_movement_sale_idx' })
  saleId?: string | null;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt!: Date & Opt;
}
