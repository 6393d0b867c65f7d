import { registerEnumType } from 'type-graphql';

export enum DocumentType {
  CC = 'CC',
  CE = 'CE',
  NIT = 'NIT',
  PASSPORT = 'PASSPORT',
}
registerEnumType(DocumentType, {
  name: 'DocumentType',
  valuesConfig: {
    CC: { description: 'Cédula de ciudadanía: 6 to 10 digits.' },
    CE: { description: 'Cédula de extranjería: 6 to 12 letters or digits.' },
    NIT: { description: 'Tax id of a company: 9 digits and a check digit, e.g. 900123456-8.' },
    PASSPORT: { description: '5 to 20 letters or digits.' },
  },
});

export enum CustomerCategory {
  NEW = 'NEW',
  REGULAR = 'REGULAR',
  LOYAL = 'LOYAL',
}
registerEnumType(CustomerCategory, { name: 'CustomerCategory' });

export enum AddressKind {
  BILLING = 'BILLING',
  INSTALLATION = 'INSTALLATION',
  SHIPPING = 'SHIPPING',
}
registerEnumType(AddressKind, { name: 'AddressKind' });
