import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { Role } from '../../core/auth/roles';
import { EmailAddress } from '../../core/graphql/scalars';
import { NotBlank, OmittableNotNull } from '../../core/validation';

const PASSWORD_RULE = { min: 8, max: 128 };

@InputType()
export class CreateStaffInput {
  @Field(() => EmailAddress)
  @MaxLength(254)
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  email!: string;

  @Field()
  @NotBlank(120)
  @PersonalData(PersonalKind.STAFF_NAME)
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field({ description: `${PASSWORD_RULE.min} to ${PASSWORD_RULE.max} characters.` })
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max, { message: `must be ${PASSWORD_RULE.min} to ${PASSWORD_RULE.max} characters long` })
  @PersonalData(PersonalKind.SECRET)
  password!: string;
}

@InputType()
export class UpdateStaffInput {
  @Field(() => String, { nullable: true })
  @OmittableNotNull()
  @NotBlank(120)
  @PersonalData(PersonalKind.STAFF_NAME)
  name?: string;

  @Field(() => Role, { nullable: true })
  @OmittableNotNull()
  role?: Role;

  @Field(() => String, { nullable: true, description: 'A new password: the staff member\'s existing tokens stop working.' })
  @OmittableNotNull()
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max, { message: `must be ${PASSWORD_RULE.min} to ${PASSWORD_RULE.max} characters long` })
  @PersonalData(PersonalKind.SECRET)
  password?: string;

  @Field(() => Boolean, { nullable: true, description: 'False deactivates the account (as deactivateStaff does); true reactivates it.' })
  @IsOptional()
  active?: boolean | null;
}
