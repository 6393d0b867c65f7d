import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { Role } from '../../core/auth/roles';
import { DateTimeISO, EmailAddress } from '../../core/graphql/scalars';

@ObjectType('Staff', { description: 'A staff account. Its password is never returned.' })
export class StaffType {
  @Field(() => ID)
  id!: string;

  @Field(() => EmailAddress, { description: 'Read by admins, and by each staff member of their own account (`me`).' })
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  email!: string;

  @Field()
  @PersonalData(PersonalKind.STAFF_NAME)
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field({ description: 'Inactive accounts cannot log in and their tokens are refused. Read as `email`.' })
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  active!: boolean;

  @Field(() => DateTimeISO, { description: 'Read as `email`.' })
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  createdAt!: Date;
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  // The caller's own token, answered to the caller once: not personal data of anyone else.
  @PersonalData(PersonalKind.NONE)
  token!: string;

  @Field(() => DateTimeISO)
  expiresAt!: Date;

  @Field(() => StaffType)
  staff!: StaffType;
}
