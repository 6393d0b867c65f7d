import { ArrayMaxSize, IsOptional, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { Decimal, DecimalScalar, MoneyInput } from '../../core/money';
import { ConnectionArgs, SortDirection } from '../../core/pagination';
import { NotBlank, OmittableNotNull } from '../../core/validation';
import { ProductStatus } from './catalog.enums';

const MAX_ATTRIBUTES = 30;
/** Far above any store's stock; keeps sums of movements well inside a PostgreSQL integer. */
export const MAX_STOCK = 1_000_000;

@InputType('AttributeInput', { description: 'One technical characteristic of a product, as shown in the catalog (`Memoria`: `256 GB`).' })
export class AttributeInput {
  @Field({ description: 'Name of the characteristic, e.g. `Memoria`; unique within the product.' })
  @NotBlank(60)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field({ description: 'Its value as shown to customers, e.g. `256 GB`.' })
  @NotBlank(200)
  value!: string;
}

const SKU_RULE = /^\s*[A-Za-z0-9][A-Za-z0-9._/-]{0,39}\s*$/;
const SKU_MESSAGE = 'must be 1 to 40 letters, digits, dots, hyphens, slashes or underscores, starting with a letter or digit';

@InputType({ description: 'A new product for the catalog (admins). Prices are net of tax, in COP.' })
export class CreateProductInput {
  @Field({ description: 'Unique store reference such as SM-A556E-128-NEG; stored trimmed and upper-cased.' })
  @Matches(SKU_RULE, { message: SKU_MESSAGE })
  sku!: string;

  @Field({ description: 'Commercial name as shown on invoices and in reports, e.g. `Samsung Galaxy S24 128 GB`.' })
  @NotBlank(200)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => ID, { description: 'Id of the product’s brand (from `brands`).' })
  brandId!: string;

  @Field(() => ID, { description: 'Id of the product’s category (from `productCategories`).' })
  categoryId!: string;

  @Field(() => String, { nullable: true, description: 'Manufacturer’s model reference, e.g. `SM-S921B`; optional.' })
  @IsOptional()
  @MaxLength(100)
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'Text shown to agents and customers; optional, up to 2,000 characters.' })
  @IsOptional()
  @MaxLength(2000)
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => [AttributeInput], { nullable: true, description: `Up to ${MAX_ATTRIBUTES}, each name once (letter case aside).` })
  @IsOptional()
  @ArrayMaxSize(MAX_ATTRIBUTES)
  @ValidateNested({ each: true })
  attributes?: AttributeInput[] | null;

  @Field(() => MoneyInput, { description: 'Net of tax, in COP.' })
  price!: MoneyInput;

  @Field(() => Boolean, { nullable: true, description: 'Sold without IVA. Defaults to false.' })
  @IsOptional()
  taxExempt?: boolean | null;

  @Field(() => Int, { description: `Units on hand, 0 to ${MAX_STOCK}; recorded in the stock ledger as INITIAL.` })
  @Min(0)
  @Max(MAX_STOCK)
  stock!: number;

  @Field(() => Int, { nullable: true, description: 'Defaults to 5.' })
  @IsOptional()
  @Min(0)
  @Max(MAX_STOCK)
  reorderLevel?: number | null;
}

@InputType({ description: 'Only the fields given change. The SKU cannot change (sales refer to it); stock changes through adjustStock.' })
export class UpdateProductInput {
  @Field(() => String, { nullable: true, description: 'New commercial name; invoices already issued keep the old one.' })
  @OmittableNotNull()
  @NotBlank(200)
  @PersonalData(PersonalKind.NONE)
  name?: string;

  @Field(() => ID, { nullable: true, description: 'Id of the new brand.' })
  @OmittableNotNull()
  brandId?: string;

  @Field(() => ID, { nullable: true, description: 'Id of the new catalog category.' })
  @OmittableNotNull()
  categoryId?: string;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @MaxLength(100)
  model?: string | null;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @MaxLength(2000)
  @PersonalData(PersonalKind.NONE)
  description?: string | null;

  @Field(() => [AttributeInput], { nullable: true, description: 'Replaces every attribute; [] clears them.' })
  @OmittableNotNull()
  @ArrayMaxSize(MAX_ATTRIBUTES)
  @ValidateNested({ each: true })
  attributes?: AttributeInput[];

  @Field(() => MoneyInput, { nullable: true, description: 'Net of tax, in COP. Sales already made keep their price.' })
  @OmittableNotNull()
  price?: MoneyInput;

  @Field(() => Boolean, { nullable: true, description: 'Sold without IVA; sales already made keep their tax.' })
  @OmittableNotNull()
  taxExempt?: boolean;

  @Field(() => Int, { nullable: true, description: 'At or below this stock the product shows in `lowStockProducts`; 0 or more.' })
  @OmittableNotNull()
  @Min(0)
  @Max(MAX_STOCK)
  reorderLevel?: number;

  @Field(() => ProductStatus, { nullable: true, description: 'A DISCONTINUED product cannot be sold.' })
  @OmittableNotNull()
  status?: ProductStatus;
}

@InputType({ description: 'Which products to list; conditions combine with AND.' })
export class ProductFilter {
  @Field(() => ID, { nullable: true, description: 'Only products of this brand.' })
  brandId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only products of this category.' })
  categoryId?: string | null;

  @Field(() => ProductStatus, { nullable: true, description: 'Only products in this status (ACTIVE or DISCONTINUED).' })
  status?: ProductStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'true: stock above zero; false: out of stock.' })
  inStock?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Matches name or SKU, any letter case.' })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Price at least this.' })
  minPrice?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Price at most this.' })
  maxPrice?: Decimal | null;
}

export enum ProductOrderField {
  NAME = 'NAME',
  PRICE = 'PRICE',
  STOCK = 'STOCK',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(ProductOrderField, {
  name: 'ProductOrderField',
  description: 'Sort keys of the products list.',
  valuesConfig: {
    CREATED_AT: { description: 'When the product was added to the catalog.' },
    NAME: { description: 'By name, alphabetically.' },
    PRICE: { description: 'By current price (net of tax).' },
    STOCK: { description: 'By units on hand.' },
  },
});

@InputType({ description: 'How to sort the products list; ties are broken by id.' })
export class ProductOrder {
  @Field(() => ProductOrderField, { description: 'The sort key.' })
  field!: ProductOrderField;

  @Field(() => SortDirection, { description: 'ASC or DESC.' })
  direction!: SortDirection;
}

@ArgsType()
export class ProductsArgs extends ConnectionArgs {
  @Field(() => ProductFilter, { nullable: true, description: 'Which products; all when omitted.' })
  @IsOptional()
  @ValidateNested()
  filter?: ProductFilter | null;

  @Field(() => ProductOrder, { nullable: true, description: 'By name when omitted.' })
  orderBy?: ProductOrder | null;
}

@ArgsType()
export class AdjustStockArgs {
  @Field(() => ID, { description: 'Id of the product whose stock moves.' })
  productId!: string;

  @Field(() => Int, { description: `Units to add (positive) or take (negative), at most ${MAX_STOCK} either way; not 0.` })
  @Min(-MAX_STOCK)
  @Max(MAX_STOCK)
  delta!: number;

  @Field({ description: 'Why, for the stock ledger: "Delivery from supplier", "Yearly count"...' })
  @NotBlank(500)
  reason!: string;
}
