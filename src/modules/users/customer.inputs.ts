import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { CountryCode, EmailAddress, LocalDate, PhoneNumber } from '../../core/graphql/scalars';
import { ConnectionArgs, SortDirection } from '../../core/pagination';
import { NotBlank, OmittableNotNull } from '../../core/validation';
import { AddressKind, CustomerCategory, DocumentType } from './customer.enums';
import { registerEnumType } from 'type-graphql';

@InputType('AddressInput', { description: 'A customer’s address as an agent enters it; at most one address of each kind is the one used.' })
export class AddressInput {
  @Field(() => AddressKind, { description: 'What the address is for: BILLING (invoices; decides the customer’s city and region in reports), SHIPPING or INSTALLATION.' })
  kind!: AddressKind;

  @Field({ description: 'Street and number, e.g. `Calle 10 # 20-30, apto 501`; up to 200 characters.' })
  @NotBlank(200)
  @PersonalData(PersonalKind.STREET)
  line1!: string;

  @Field({ description: 'City or municipality, e.g. `Medellín`; up to 100 characters.' })
  @NotBlank(100)
  @PersonalData(PersonalKind.PLACE)
  city!: string;

  @Field({ description: 'Department (departamento) in Colombia, e.g. `Antioquia` or `Bogotá D.C.`; region or state elsewhere. Promotions and reports match it.' })
  @NotBlank(100)
  @PersonalData(PersonalKind.PLACE)
  region!: string;

  @Field(() => CountryCode, { description: 'ISO 3166-1 alpha-2 country code, `CO` for Colombia.' })
  countryCode!: string;

  @Field(() => String, { nullable: true, description: 'Six-digit Colombian postal code (or the foreign one); optional.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9 -]{3,12}$/, { message: 'must be 3 to 12 letters, digits, spaces or hyphens' })
  @PersonalData(PersonalKind.POSTAL_CODE)
  postalCode?: string | null;
}

const MAX_PHONES = 5;
const MAX_ADDRESSES = 10;

@InputType({ description: 'A new customer, a person or a company, as a sales agent registers them. Validated: the document number must fit its type, the email and phones must be valid.' })
export class CreateCustomerInput {
  @Field({ description: 'Given name(s) of the person; for a company (NIT), of its contact person (the company’s name goes in `legalName`). Personal data.' })
  @NotBlank(100)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  firstName!: string;

  @Field({ description: 'Surname(s) of the person; for a company (NIT), of its contact person. Personal data.' })
  @NotBlank(100)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  lastName!: string;

  @Field(() => DocumentType, { description: 'Kind of identity document: CC, CE or PASSPORT for people, NIT for companies.' })
  @PersonalData(PersonalKind.DOCUMENT_TYPE)
  documentType!: DocumentType;

  @Field({ description: 'Checked against the document type; dots and spaces are ignored.' })
  @NotBlank(30)
  @PersonalData(PersonalKind.DOCUMENT_NUMBER)
  documentNumber!: string;

  @Field(() => EmailAddress, { description: 'Contact email; unique among customers (else CONFLICT). Personal data.' })
  @MaxLength(254)
  @PersonalData(PersonalKind.CUSTOMER_EMAIL)
  email!: string;

  @Field(() => [PhoneNumber], { description: `1 to ${MAX_PHONES} numbers in E.164 form, e.g. +573001234567.` })
  @ArrayMinSize(1, { message: 'must contain at least one phone number' })
  @ArrayMaxSize(MAX_PHONES)
  @PersonalData(PersonalKind.CUSTOMER_PHONE)
  phones!: string[];

  @Field(() => String, { nullable: true, description: 'A company’s registered name (razón social): required with a NIT, refused with any other document. Personal data.' })
  @IsOptional()
  @NotBlank(200)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  legalName?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Date of birth (`YYYY-MM-DD`), people only; optional. Personal data.' })
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
  @Field(() => String, { nullable: true, description: 'New given name(s) (of the contact person for a company). Personal data.' })
  @OmittableNotNull()
  @NotBlank(100)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  firstName?: string;

  @Field(() => String, { nullable: true, description: 'New surname(s) (of the contact person for a company). Personal data.' })
  @OmittableNotNull()
  @NotBlank(100)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  lastName?: string;

  @Field(() => EmailAddress, { nullable: true, description: 'New contact email; unique among customers. Personal data.' })
  @OmittableNotNull()
  @MaxLength(254)
  @PersonalData(PersonalKind.CUSTOMER_EMAIL)
  email?: string;

  @Field(() => [PhoneNumber], { nullable: true, description: 'Replaces every phone number (E.164, the preferred first). Personal data.' })
  @OmittableNotNull()
  @ArrayMinSize(1, { message: 'must contain at least one phone number' })
  @ArrayMaxSize(MAX_PHONES)
  @PersonalData(PersonalKind.CUSTOMER_PHONE)
  phones?: string[];

  @Field(() => String, { nullable: true, description: 'A company’s new registered name; companies only (BAD_USER_INPUT for a person). Personal data.' })
  @OmittableNotNull()
  @NotBlank(200)
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  legalName?: string;

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

@InputType({ description: 'Which customers to list; conditions combine with AND.' })
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: 'Matches name, email or document number (roles that read them masked may not search).' })
  @IsOptional()
  @MaxLength(100)
  @PersonalData([PersonalKind.CUSTOMER_NAME, PersonalKind.CUSTOMER_EMAIL, PersonalKind.DOCUMENT_NUMBER])
  search?: string | null;

  @Field(() => CustomerCategory, { nullable: true, description: 'Only customers of this category.' })
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
registerEnumType(CustomerOrderField, {
  name: 'CustomerOrderField',
  description: 'Sort keys of the customers list.',
  valuesConfig: {
    CREATED_AT: { description: 'When the customer was registered.' },
    LAST_NAME: { description: 'By last name (a company’s contact person’s), ties by id.' },
  },
});

@InputType({ description: 'How to sort the customers list; ties are broken by id.' })
export class CustomerOrder {
  @Field(() => CustomerOrderField, { description: 'The sort key.' })
  @PersonalData(PersonalKind.CUSTOMER_NAME, { onlyValues: [CustomerOrderField.LAST_NAME] })
  field!: CustomerOrderField;

  @Field(() => SortDirection, { description: 'ASC or DESC.' })
  direction!: SortDirection;
}

@ArgsType()
export class CustomersArgs extends ConnectionArgs {
  @Field(() => CustomerFilter, { nullable: true, description: 'Which customers; all when omitted.' })
  @IsOptional()
  @ValidateNested()
  filter?: CustomerFilter | null;

  @Field(() => CustomerOrder, { nullable: true, description: 'Newest first when omitted.' })
  orderBy?: CustomerOrder | null;
}
