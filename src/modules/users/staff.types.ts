import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { Role } from '../../core/auth/roles';
import { DateTimeISO, EmailAddress } from '../../core/graphql/scalars';

@ObjectType('Staff', { description: 'A staff account. Its password is never returned.' })
export class StaffType {
  @Field(() => ID, { description: 'Stable identifier of the staff member; use it in `sellerIds` and `sellerId` filters.' })
  id!: string;

  @Field(() => EmailAddress, { description: 'Login email of the staff member; work contact data.' })
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  email!: string;

  @Field({ description: 'Full name, shown on the sales and interactions they record.' })
  @PersonalData(PersonalKind.STAFF_NAME)
  name!: string;

  @Field(() => Role, { description: 'What the account may do.' })
  role!: Role;

  @Field({ description: 'Inactive accounts cannot log in and their tokens are refused. Read as `email`.' })
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  active!: boolean;

  @Field(() => DateTimeISO, { description: 'UTC instant the account was created.' })
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  createdAt!: Date;
}

@ObjectType('AuthPayload', { description: 'The answer to a successful `login`: the bearer token, when it expires and who it belongs to.' })
export class AuthPayloadType {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  // The caller's own token, answered to the caller once: not personal data of anyone else.
  @PersonalData(PersonalKind.NONE)
  token!: string;

  @Field(() => DateTimeISO, { description: 'UTC instant after which the token is refused (`JWT_TTL` after login, 8 hours by default): log in again then.' })
  expiresAt!: Date;

  @Field(() => StaffType, { description: 'The staff member who logged in, with their role (what the token may do).' })
  staff!: StaffType;
}
