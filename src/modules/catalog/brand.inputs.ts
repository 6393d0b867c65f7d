import { IsOptional } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { CountryCode } from '../../core/graphql/scalars';
import { NotBlank, OmittableNotNull } from '../../core/validation';

@InputType()
export class CreateBrandInput {
  @Field({ description: 'Unique whatever the letter case.' })
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name!: string;

  @Field(() => CountryCode, { nullable: true })
  @IsOptional()
  country?: string | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateBrandInput {
  @Field(() => String, { nullable: true })
  @OmittableNotNull()
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name?: string;

  @Field(() => CountryCode, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  country?: string | null;
}

@InputType()
export class CreateProductCategoryInput {
  @Field({ description: 'Unique whatever the letter case.' })
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name!: string;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateProductCategoryInput {
  @Field(() => String, { nullable: true })
  @OmittableNotNull()
  @NotBlank(80)
  @PersonalData(PersonalKind.NONE)
  name?: string;
}
