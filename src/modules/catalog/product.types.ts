import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateTimeISO } from '../../core/graphql/scalars';
import { Money } from '../../core/money';
import { ConnectionType } from '../../core/pagination';
import { ProductStatus, StockMovementKind } from './catalog.enums';

@ObjectType('Attribute', { description: 'A characteristic of a product, e.g. "Color": "Negro".' })
export class AttributeType {
  @Field({ description: 'Name of a technical characteristic of the product, e.g. `Memoria` or `Color`.' })
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field({ description: 'Its value as shown to customers, e.g. `256 GB` or `Negro`.' })
  value!: string;
}

@ObjectType('Product', { description: 'A device or accessory sold in Claro stores (phones, routers, headphones…), with its price, stock and stock ledger. Read by back-office staff; changed by admins.' })
export class ProductType {
  @Field(() => ID, { description: 'Stable identifier of the product; use it in sales, filters and reports.' })
  id!: string;

  @Field({ description: 'The store reference, upper-cased, unique.' })
  sku!: string;

  @Field({ description: 'Commercial name as shown on invoices and in reports, e.g. `Samsung Galaxy S24 128 GB`.' })
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Manufacturer’s model reference, e.g. `SM-S921B`; null when none.' })
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'Text shown to agents and customers; null when none.' })
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => [AttributeType], { description: 'Technical characteristics shown in the catalog (memory, colour, screen…), in the order given.' })
  attributes!: AttributeType[];

  @Field(() => Money, { description: 'Current unit price, net of tax (IVA is added per line at the sale), COP.' })
  price!: Money;

  @Field({ description: 'Sold without IVA: sales tax its lines at 0.' })
  taxExempt!: boolean;

  @Field(() => Int, { description: 'Units on hand; never negative.' })
  stock!: number;

  @Field(() => Int, { description: 'At or below this stock an ACTIVE product is in `lowStockProducts`.' })
  reorderLevel!: number;

  @Field(() => ProductStatus, { description: 'ACTIVE (sold) or DISCONTINUED (kept for past sales, cannot be sold).' })
  status!: ProductStatus;

  @Field(() => DateTimeISO, { description: 'UTC instant the product was added to the catalog.' })
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: 'Last change of the product itself; stock changes are in `stockMovements`.' })
  updatedAt!: Date;
}

export const ProductConnection = ConnectionType('Product', ProductType);

@ObjectType('StockMovement', { description: 'One change of a product’s stock, in the ledger: never changed afterwards.' })
export class StockMovementType {
  @Field(() => ID, { description: 'Stable identifier of the movement.' })
  id!: string;

  @Field(() => Int, { description: 'Units added (positive) or taken (negative).' })
  delta!: number;

  @Field(() => Int, { description: 'Units on hand right before the movement.' })
  stockBefore!: number;

  @Field(() => Int, { description: 'Units on hand right after the movement.' })
  stockAfter!: number;

  @Field({ description: 'Why the stock moved, in words: the reason given for an adjustment, or the sale that moved it.' })
  reason!: string;

  @Field(() => StockMovementKind, { description: 'What moved the stock (initial, sale, release, refund, adjustment).' })
  kind!: StockMovementKind;

  @Field(() => ID, { nullable: true, description: 'The sale that moved it, for SALE, SALE_RELEASED and SALE_REFUNDED.' })
  saleId?: string | null;

  @Field(() => DateTimeISO, { description: 'UTC instant of the movement.' })
  createdAt!: Date;
}

export const StockMovementConnection = ConnectionType('StockMovement', StockMovementType);
