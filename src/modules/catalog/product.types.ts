import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { DateTimeISO } from '../../core/graphql/scalars';
import { Money } from '../../core/money';
import { ConnectionType } from '../../core/pagination';
import { ProductStatus, StockMovementKind } from './catalog.enums';

@ObjectType('Attribute', { description: 'A characteristic of a product, e.g. "Color": "Negro".' })
export class AttributeType {
  @Field()
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field()
  value!: string;
}

@ObjectType('Product')
export class ProductType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The store reference, upper-cased, unique.' })
  sku!: string;

  @Field()
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => String, { nullable: true })
  model?: string | null;

  @Field(() => String, { nullable: true })
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => [AttributeType])
  attributes!: AttributeType[];

  @Field(() => Money, { description: 'Net of tax.' })
  price!: Money;

  @Field({ description: 'Sold without IVA: sales tax its lines at 0.' })
  taxExempt!: boolean;

  @Field(() => Int, { description: 'Units on hand; never negative.' })
  stock!: number;

  @Field(() => Int, { description: 'At or below this stock an ACTIVE product is in `lowStockProducts`.' })
  reorderLevel!: number;

  @Field(() => ProductStatus)
  status!: ProductStatus;

  @Field(() => DateTimeISO)
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: 'Last change of the product itself; stock changes are in `stockMovements`.' })
  updatedAt!: Date;
}

export const ProductConnection = ConnectionType('Product', ProductType);

@ObjectType('StockMovement', { description: 'One change of a product’s stock, in the ledger: never changed afterwards.' })
export class StockMovementType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Units added (positive) or taken (negative).' })
  delta!: number;

  @Field(() => Int)
  stockBefore!: number;

  @Field(() => Int)
  stockAfter!: number;

  @Field()
  reason!: string;

  @Field(() => StockMovementKind)
  kind!: StockMovementKind;

  @Field(() => ID, { nullable: true, description: 'The sale that moved it, for SALE, SALE_RELEASED and SALE_REFUNDED.' })
  saleId?: string | null;

  @Field(() => DateTimeISO)
  createdAt!: Date;
}

export const StockMovementConnection = ConnectionType('StockMovement', StockMovementType);
