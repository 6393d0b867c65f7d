import { Field, ID, ObjectType } from 'type-graphql';
import { PersonalData, PersonalKind, PersonalRecord } from '../../core/auth/personal-data';
import { Role } from '../../core/auth/roles';
import { ConnectionType } from '../../core/pagination';
import { CountryCode, DateTimeISO, EmailAddress, LocalDate, PhoneNumber } from '../../core/graphql/scalars';
import { AddressKind, CustomerCategory, CustomerKind, DocumentType } from './customer.enums';

@ObjectType('Address', { description: 'A postal address of a customer in Colombia (or abroad); which one serves what is given by `kind`. Personal data: back-office staff only.' })
export class AddressType {
  @Field(() => AddressKind, { description: 'What the address is used for: invoices (BILLING), deliveries (SHIPPING) or where a service is installed (INSTALLATION).' })
  @PersonalData(PersonalKind.PLACE)
  kind!: AddressKind;

  @Field({ description: 'Street and number as Colombian addresses are written, e.g. `Calle 10 # 20-30, apto 501`.' })
  @PersonalData(PersonalKind.STREET)
  line1!: string;

  @Field({ description: 'City or municipality (e.g. `Medellín`), as written by the agent. The billing address’s city is the customer’s city in reports.' })
  @PersonalData(PersonalKind.PLACE)
  city!: string;

  @Field({ description: 'Department (departamento) in Colombia; region or state elsewhere.' })
  @PersonalData(PersonalKind.PLACE)
  region!: string;

  @Field(() => CountryCode, { description: 'ISO 3166-1 alpha-2 country code, `CO` for Colombia.' })
  @PersonalData(PersonalKind.PLACE)
  countryCode!: string;

  @Field(() => String, { nullable: true, description: 'Six-digit Colombian postal code (or the foreign one); null when not given.' })
  @PersonalData(PersonalKind.POSTAL_CODE)
  postalCode?: string | null;
}

@ObjectType('CategoryChange', { description: 'One change of a customer’s category (NEW, REGULAR, LOYAL), by the automatic rule or by hand.' })
export class CategoryChangeType {
  @Field(() => CustomerCategory, { name: 'from', nullable: true, description: 'Null for the first assignment.' })
  fromCategory?: CustomerCategory | null;

  @Field(() => CustomerCategory, { name: 'to', description: 'The category the customer got.' })
  toCategory!: CustomerCategory;

  @Field(() => DateTimeISO, { description: 'UTC instant of the change.' })
  changedAt!: Date;

  @Field({ description: 'Why it changed, e.g. the rule that matched (`730 days and 5 purchases`) or the agent’s note.' })
  reason!: string;
}

/** Of a customer a partner app reads only where and which kind of customer it is. */
@PersonalRecord({ [Role.PARTNER]: ['id', 'category', 'city', 'region'] })
@ObjectType('Customer', { description: 'A customer of Claro: a person (CC, CE, passport) or a company (NIT). Back-office staff read every field; partners only `id`, `category`, `city` and `region` (FORBIDDEN otherwise). Names, documents, contacts and addresses are personal data.' })
export class CustomerType {
  @Field(() => ID, { description: 'Stable identifier of the customer; use it in filters, sales and reports.' })
  id!: string;

  @Field({ description: 'Given name(s) of the person; for a company, of its contact person (the company’s name is `legalName`). Personal data.' })
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  firstName!: string;

  @Field({ description: 'Surname(s) of the person; for a company, of its contact person. Personal data.' })
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  lastName!: string;

  @Field(() => CustomerKind, { description: 'PERSON or COMPANY; follows from the document type (NIT: COMPANY).' })
  kind!: CustomerKind;

  @Field(() => String, { nullable: true, description: 'A company’s registered name (razón social), e.g. `Distribuciones Andinas S.A.S.`; null for a person. Personal data.' })
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  legalName?: string | null;

  @Field(() => DocumentType, { description: 'Kind of identity document: CC, CE or PASSPORT for people, NIT for companies.' })
  @PersonalData(PersonalKind.DOCUMENT_TYPE)
  documentType!: DocumentType;

  @Field({ description: 'Identity document number as written (`1020304050`, `900123456-8` for a NIT); unique per document type. Personal data.' })
  @PersonalData(PersonalKind.DOCUMENT_NUMBER)
  documentNumber!: string;

  @Field(() => EmailAddress, { description: 'Contact email, unique among customers. Personal data.' })
  @PersonalData(PersonalKind.CUSTOMER_EMAIL)
  email!: string;

  @Field(() => [PhoneNumber], { description: 'Contact phone numbers in E.164 (`+573001234567`), the preferred first. Personal data.' })
  @PersonalData(PersonalKind.CUSTOMER_PHONE)
  phones!: string[];

  @Field(() => LocalDate, { nullable: true, description: 'Date of birth (`YYYY-MM-DD`); null when unknown and for companies. Personal data.' })
  @PersonalData(PersonalKind.BIRTH_DATE)
  birthDate?: string | null;

  @Field(() => [AddressType], { description: 'Billing, shipping and installation addresses. Personal data.' })
  addresses!: AddressType[];

  @Field(() => CustomerCategory, { description: 'Loyalty category (NEW, REGULAR, LOYAL), kept by the automatic rule unless set by hand (`categoryIsManual`).' })
  category!: CustomerCategory;

  @Field({ name: 'city', description: 'City of the billing address (the first address when none is for billing).' })
  billingCity!: string;

  @Field({ name: 'region', description: 'Region (department) of the billing address (the first address when none is for billing).' })
  billingRegion!: string;

  @Field({ description: 'True when the category was set by hand: the automatic rule then leaves it alone.' })
  categoryIsManual!: boolean;

  @Field(() => DateTimeISO, { description: 'UTC instant the customer was registered; tenure is counted from it.' })
  createdAt!: Date;

  @Field(() => DateTimeISO, { description: 'UTC instant of the last change of the customer’s own data (not of their sales).' })
  updatedAt!: Date;

  @Field(() => DateTimeISO, { nullable: true, description: 'When the customer’s personal data was erased (anonymizeCustomer); null while it is held.' })
  anonymizedAt?: Date | null;
}

export const CustomerConnection = ConnectionType('Customer', CustomerType);
