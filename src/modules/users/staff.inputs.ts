import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { Role } from '../../core/auth/roles';
import { EmailAddress } from '../../core/graphql/scalars';
import { NotBlank, OmittableNotNull } from '../../core/validation';

const PASSWORD_RULE = { min: 8, max: 128 };

@InputType({ description: 'A new staff account (admins only); it logs in with this email and password.' })
export class CreateStaffInput {
  @Field(() => EmailAddress, { description: 'Login email; unique among staff (else CONFLICT).' })
  @MaxLength(254)
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  email!: string;

  @Field({ description: 'Full name shown on sales and interactions the person records.' })
  @NotBlank(120)
  @PersonalData(PersonalKind.STAFF_NAME)
  name!: string;

  @Field(() => Role, { description: 'What the account may do; see the Role values.' })
  role!: Role;

  @Field({ description: `${PASSWORD_RULE.min} to ${PASSWORD_RULE.max} characters.` })
  @Length(PASSWORD_RULE.min, PASSWORD_RULE.max, { message: `must be ${PASSWORD_RULE.min} to ${PASSWORD_RULE.max} characters long` })
  @PersonalData(PersonalKind.SECRET)
  password!: string;
}

@InputType({ description: 'Changes to a staff account (admins); omitted fields are kept.' })
export class UpdateStaffInput {
  @Field(() => String, { nullable: true, description: 'New full name.' })
  @OmittableNotNull()
  @NotBlank(120)
  @PersonalData(PersonalKind.STAFF_NAME)
  name?: string;

  @Field(() => Role, { nullable: true, description: 'The role the account gets: what it may do (see Role).' })
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
