import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind, PersonalRecord } from '../../core/auth/personal-data';
import { Role } from '../../core/auth/roles';
import { ConnectionType } from '../../core/pagination';
import { CountryCode, DateTimeISO, EmailAddress, LocalDate, PhoneNumber } from '../../core/graphql/scalars';
import { AddressKind, CustomerCategory, DocumentType } from './customer.enums';

@ObjectType('Address')
export class AddressType {
  @Field(() => AddressKind)
  @PersonalData(PersonalKind.PLACE)
  kind!: AddressKind;

  @Field()
  @PersonalData(PersonalKind.STREET)
  line1!: string;

  @Field()
  @PersonalData(PersonalKind.PLACE)
  city!: string;

  @Field({ description: 'Department (departamento) in Colombia; region or state elsewhere.' })
  @PersonalData(PersonalKind.PLACE)
  region!: string;

  @Field(() => CountryCode)
  @PersonalData(PersonalKind.PLACE)
  countryCode!: string;

  @Field(() => String, { nullable: true })
  @PersonalData(PersonalKind.POSTAL_CODE)
  postalCode?: string | null;
}

@ObjectType('CategoryChange')
export class CategoryChangeType {
  @Field(() => CustomerCategory, { name: 'from', nullable: true, description: 'Null for the first assignment.' })
  fromCategory?: CustomerCategory | null;

  @Field(() => CustomerCategory, { name: 'to' })
  toCategory!: CustomerCategory;

  @Field(() => DateTimeISO)
  changedAt!: Date;

  @Field()
  reason!: string;
}

/** Of a customer a partner app reads only where and which kind of customer it is. */
@PersonalRecord({ [Role.PARTNER]: ['id', 'category', 'city', 'region'] })
@ObjectType('Customer')
export class CustomerType {
  @Field(() => ID)
  id!: string;

  @Field()
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  firstName!: string;

  @Field()
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  lastName!: string;

  @Field(() => DocumentType)
  @PersonalData(PersonalKind.DOCUMENT_TYPE)
  documentType!: DocumentType;

  @Field()
  @PersonalData(PersonalKind.DOCUMENT_NUMBER)
  documentNumber!: string;

  @Field(() => EmailAddress)
  @PersonalData(PersonalKind.CUSTOMER_EMAIL)
  email!: string;

  @Field(() => [PhoneNumber])
  @PersonalData(PersonalKind.CUSTOMER_PHONE)
  phones!: string[];

  @Field(() => LocalDate, { nullable: true })
  @PersonalData(PersonalKind.BIRTH_DATE)
  birthDate?: string | null;

  @Field(() => [AddressType], { description: 'Street lines and postal codes are personal data: see the README, “Personal data”.' })
  addresses!: AddressType[];

  @Field(() => CustomerCategory)
  category!: CustomerCategory;

  @Field({ name: 'city', description: 'City of the billing address (the first address when none is for billing).' })
  billingCity!: string;

  @Field({ name: 'region', description: 'Region (department) of the billing address (the first address when none is for billing).' })
  billingRegion!: string;

  @Field({ description: 'True when the category was set by hand: the automatic rule then leaves it alone.' })
  categoryIsManual!: boolean;

  @Field(() => DateTimeISO)
  createdAt!: Date;

  @Field(() => DateTimeISO)
  updatedAt!: Date;

  @Field(() => DateTimeISO, { nullable: true, description: 'When the customer’s personal data was erased (anonymizeCustomer); null while it is held.' })
  anonymizedAt?: Date | null;
}

export const CustomerConnection = ConnectionType('Customer', CustomerType);
