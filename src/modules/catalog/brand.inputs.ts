import { IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { CountryCode } from '../../core/graphql/scalars';
import { NotBlank, OmittableNotNull } from '../../core/validation';

@InputType({ description: 'A new brand for the catalog (admins).' })
export class CreateBrandInput {
  @Field({ description: 'Unique whatever the letter case.' })
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => CountryCode, { nullable: true, description: 'Country of origin, ISO 3166-1 alpha-2 (e.g. `KR`); optional.' })
  @IsOptional()
  country?: string | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateBrandInput {
  @Field(() => String, { nullable: true, description: 'New brand name; unique, letter case aside.' })
  @OmittableNotNull()
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name?: string;

  @Field(() => CountryCode, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  country?: string | null;
}

@InputType({ description: 'A new product category (admins), e.g. `Smartphones`, `Accesorios`.' })
export class CreateProductCategoryInput {
  @Field({ description: 'Unique whatever the letter case.' })
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name!: string;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateProductCategoryInput {
  @Field(() => String, { nullable: true, description: 'New category name; unique, letter case aside.' })
  @OmittableNotNull()
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name?: string;
}
