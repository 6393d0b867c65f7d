import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { AuditOutcome } from '../../core/audit/audit-entry.entity';
import { DateRange } from '../../core/graphql/date-range';
import { DateTimeISO, JSONObject } from '../../core/graphql/scalars';
import { ConnectionArgs, ConnectionType } from '../../core/pagination';

registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'How the recorded call ended.',
  valuesConfig: { SUCCEEDED: { description: 'The mutation committed, the login succeeded or the export answered.' }, FAILED: { description: 'Only logins record failures: a failed mutation leaves nothing.' } },
});

@ObjectType('AuditEntry', { description: 'One committed mutation, one login attempt, or one data export: who, when, what, on which records.' })
export class AuditEntryType {
  @Field(() => ID, { description: 'Stable identifier of the entry; entries are never changed.' })
  id!: string;

  @Field(() => DateTimeISO, { description: 'When it was committed (UTC).' })
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'Who: null for a failed login.' })
  staffId?: string | null;

  @Field({ description: 'The root field: `createCustomer`, `login`, `customerDataExport`.' })
  operation!: string;

  @Field(() => String, { nullable: true, description: 'The client’s name for its GraphQL operation, when it gave one.' })
  @PersonalData(PersonalKind.NONE)
  operationName?: string | null;

  @Field(() => String, { nullable: true, description: 'The GraphQL type of what it touched (`Customer`, `Sale`).' })
  entityType?: string | null;

  @Field(() => [ID], { description: 'The ids of the records it touched, of type `entityType`; empty when none.' })
  entityIds!: string[];

  @Field(() => JSONObject, { description: 'Its arguments: personal values masked (`A.`, `a***@gmail.com`, `***4567`, `***`), passwords and tokens removed.' })
  input!: Record<string, unknown>;

  @Field(() => AuditOutcome, { description: 'SUCCEEDED, or FAILED for a failed login.' })
  outcome!: AuditOutcome;

  @Field(() => String, { nullable: true, description: 'Why a login failed: BAD_CREDENTIALS, TOO_MANY_ATTEMPTS, LOGIN_BUSY.' })
  failure?: string | null;

  @Field({ description: 'The HTTP request’s id, as in the server’s logs (`X-Request-Id`).' })
  requestId!: string;

  @Field(() => String, { nullable: true, description: 'The caller’s network address.' })
  @PersonalData(PersonalKind.STAFF_ACCOUNT)
  clientAddress?: string | null;
}

export const AuditEntryConnection = ConnectionType('AuditEntry', AuditEntryType);

@InputType({ description: 'Every field narrows (they combine with AND).' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'Entries of this staff member (who acted).' })
  staffId?: string | null;

  @Field(() => String, { nullable: true, description: 'The root field, e.g. `createCustomer`.' })
  @IsOptional()
  @MaxLength(100)
  operation?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. `Customer`.' })
  @IsOptional()
  @MaxLength(100)
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Entries that touched this record (with `entityType` for one type only).' })
  @IsOptional()
  @MaxLength(100)
  entityId?: string | null;

  @Field(() => DateRange, { nullable: true, description: 'Entries committed in this range (UTC instants or calendar days in the business time zone).' })
  at?: DateRange | null;
}

@ArgsType()
export class AuditLogArgs extends ConnectionArgs {
  @Field(() => AuditLogFilter, { nullable: true, description: 'Narrows the entries; all when omitted.' })
  @IsOptional()
  @ValidateNested()
  filter?: AuditLogFilter | null;
}
