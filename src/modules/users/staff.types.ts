import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../../core/auth/roles';
import { DateTimeISO, EmailAddress } from '../../core/graphql/scalars';

@ObjectType('Staff', { description: 'A staff account. Its password is never returned.' })
export class StaffType {
  @Field(() => ID)
  id!: string;

  @Field(() => EmailAddress)
  email!: string;

  @Field()
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field({ description: 'Inactive accounts cannot log in and their tokens are refused.' })
  active!: boolean;

  @Field(() => DateTimeISO)
  createdAt!: Date;
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field({ description: 'Send as `Authorization: Bearer <token>`.' })
  token!: string;

  @Field(() => DateTimeISO)
  expiresAt!: Date;

  @Field(() => StaffType)
  staff!: StaffType;
}
