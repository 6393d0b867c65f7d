import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { CountryCode } from '../../core/graphql/scalars';

@ObjectType('Brand')
export class BrandType {
  @Field(() => ID)
  id!: string;

  @Field()
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => CountryCode, { nullable: true, description: 'Home country of the brand.' })
  country?: string | null;
}

@ObjectType('ProductCategory')
export class ProductCategoryType {
  @Field(() => ID)
  id!: string;

  @Field()
  @PersonalData(PersonalKind.NONE)
  name!: string;
}
