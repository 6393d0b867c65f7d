import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { CountryCode } from '../../core/graphql/scalars';

@ObjectType('Brand', { description: 'A manufacturer whose products the stores sell (Samsung, Apple, Motorola…). Read by back-office staff; changed by admins.' })
export class BrandType {
  @Field(() => ID, { description: 'Stable identifier of the brand; use it in `ProductFilter.brandId` and reports’ `brandIds`.' })
  id!: string;

  @Field({ description: 'Brand name as shown in the catalog and in reports; unique, letter case aside.' })
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => CountryCode, { nullable: true, description: 'Home country of the brand.' })
  country?: string | null;
}

@ObjectType('ProductCategory', { description: 'A catalog category of products (Smartphones, Routers, Accesorios…), used by filters, promotions and reports.' })
export class ProductCategoryType {
  @Field(() => ID, { description: 'Stable identifier of the category; use it in filters, promotions and reports.' })
  id!: string;

  @Field({ description: 'Category name as shown in the catalog and reports; unique, letter case aside.' })
  @PersonalData(PersonalKind.NONE)
  name!: string;
}
