import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { CountryCode, EmailAddress, LocalDate, PhoneNumber } from '../../core/graphql/scalars';
import { ConnectionArgs, SortDirection } from '../../core/pagination';
import { NotBlank, OmittableNotNull } from '../../core/validation';
import { AddressKind, CustomerCategory, DocumentType } from './customer.enums';
import { registerEnumType } from 'type-graphql';

@InputType('AddressInput')
export class AddressInput {
  @Field(() => AddressKind)
  kind!: AddressKind;

  @Field()
  @NotBlank(200)
  @PersonalData(PersonalKind.STREET)
  line1!: string;

  @Field()
  @NotBlank(100)
  @PersonalData(PersonalKind.PLACE)
  city!: string;

  @Field()
  @NotBlank(100)
  @PersonalData(PersonalKind.PLACE)
  region!: string;

  @Field(() => CountryCode)
  countryCode!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 -]{3,12}$/, { message: 'must be 3 to 12 letters, digits, spaces or hyphens' })
  @PersonalData(PersonalKind.POSTAL_CODE)
  postalCode?: string | null;
}

const MAX_PHONES = 5;
const MAX_ADDRESSES = 10;

@InputType()
export class CreateCustomerInput {
  @Field()
  @NotBlank(100)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  firstName!: string;

  @Field()
  @NotBlank(100)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  lastName!: string;

  @Field(() => DocumentType)
  @PersonalData(PersonalKind.DOCUMENT_TYPE)
  documentType!: DocumentType;

  @Field({ description: 'Checked against the document type; dots and spaces are ignored.' })
  @NotBlank(30)
  @PersonalData(PersonalKind.DOCUMENT_NUMBER)
  documentNumber!: string;

  @Field(() => EmailAddress)
  @MaxLength(254)
  @PersonalData(PersonalKind.CUSTOMER_EMAIL)
  email!: string;

  @Field(() => [PhoneNumber], { description: `1 to ${MAX_PHONES} numbers in E.164 form, e.g. +573001234567.` })
  @ArrayMinSize(1, { message: 'must contain at least one phone number' })
  @ArrayMaxSize(MAX_PHONES)
  @PersonalData(PersonalKind.CUSTOMER_PHONE)
  phones!: string[];

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  @PersonalData(PersonalKind.BIRTH_DATE)
  birthDate?: string | null;

  @Field(() => [AddressInput], { description: `1 to ${MAX_ADDRESSES} addresses; the BILLING one (else the first) places the customer.` })
  @ArrayMinSize(1, { message: 'must contain at least one address' })
  @ArrayMaxSize(MAX_ADDRESSES)
  @ValidateNested({ each: true })
  addresses!: AddressInput[];
}

@InputType({ description: 'Only the fields given change. Document type and number cannot change.' })
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true })
  @OmittableNotNull()
  @NotBlank(100)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  firstName?: string;

  @Field(() => String, { nullable: true })
  @OmittableNotNull()
  @NotBlank(100)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  lastName?: string;

  @Field(() => EmailAddress, { nullable: true })
  @OmittableNotNull()
  @MaxLength(254)
  @PersonalData(PersonalKind.CUSTOMER_EMAIL)
  email?: string;

  @Field(() => [PhoneNumber], { nullable: true })
  @OmittableNotNull()
  @ArrayMinSize(1, { message: 'must contain at least one phone number' })
  @ArrayMaxSize(MAX_PHONES)
  @PersonalData(PersonalKind.CUSTOMER_PHONE)
  phones?: string[];

  @Field(() => LocalDate, { nullable: true, description: 'null clears it.' })
  @IsOptional()
  @PersonalData(PersonalKind.BIRTH_DATE)
  birthDate?: string | null;

  @Field(() => [AddressInput], { nullable: true, description: 'Replaces every address.' })
  @OmittableNotNull()
  @ArrayMinSize(1, { message: 'must contain at least one address' })
  @ArrayMaxSize(MAX_ADDRESSES)
  @ValidateNested({ each: true })
  addresses?: AddressInput[];
}

@InputType()
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: 'Matches name, email or document number (roles that read them masked may not search).' })
  @IsOptional()
  @MaxLength(100)
  @PersonalData([PersonalKind.CUSTOMER_NAME, PersonalKind.CUSTOMER_EMAIL, PersonalKind.DOCUMENT_NUMBER])
  search?: string | null;

  @Field(() => CustomerCategory, { nullable: true })
  category?: CustomerCategory | null;

  @Field(() => String, { nullable: true, description: 'City of the billing address, any letter case.' })
  @IsOptional()
  @MaxLength(100)
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'Region (department) of the billing address, any letter case.' })
  @IsOptional()
  @MaxLength(100)
  region?: string | null;
}

export enum CustomerOrderField {
  CREATED_AT = 'CREATED_AT',
  LAST_NAME = 'LAST_NAME',
}
registerEnumType(CustomerOrderField, { name: 'CustomerOrderField' });

@InputType()
export class CustomerOrder {
  @Field(() => CustomerOrderField)
  @PersonalData(PersonalKind.CUSTOMER_NAME, { onlyValues: [CustomerOrderField.LAST_NAME] })
  field!: CustomerOrderField;

  @Field(() => SortDirection)
  direction!: SortDirection;
}

@ArgsType()
export class CustomersArgs extends ConnectionArgs {
  @Field(() => CustomerFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CustomerFilter | null;

  @Field(() => CustomerOrder, { nullable: true, description: 'Newest first when omitted.' })
  orderBy?: CustomerOrder | null;
}
