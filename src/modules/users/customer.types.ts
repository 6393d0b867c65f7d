import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../core/pagination';
import { CountryCode, DateTimeISO, EmailAddress, LocalDate, PhoneNumber } from '../../core/graphql/scalars';
import { AddressKind, CustomerCategory, DocumentType } from './customer.enums';

@ObjectType('Address')
export class AddressType {
  @Field(() => AddressKind)
  kind!: AddressKind;

  @Field()
  line1!: string;

  @Field()
  city!: string;

  @Field({ description: 'Department (departamento) in Colombia; region or state elsewhere.' })
  region!: string;

  @Field(() => CountryCode)
  countryCode!: string;

  @Field(() => String, { nullable: true })
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

@ObjectType('Customer')
export class CustomerType {
  @Field(() => ID)
  id!: string;

  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field(() => DocumentType)
  documentType!: DocumentType;

  @Field()
  documentNumber!: string;

  @Field(() => EmailAddress)
  email!: string;

  @Field(() => [PhoneNumber])
  phones!: string[];

  @Field(() => LocalDate, { nullable: true })
  birthDate?: string | null;

  @Field(() => [AddressType])
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
}

export const CustomerConnection = ConnectionType('Customer', CustomerType);
