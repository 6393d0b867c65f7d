import { registerEnumType } from 'type-graphql';

export enum DocumentType {
  CC = 'CC',
  CE = 'CE',
  NIT = 'NIT',
  PASSPORT = 'PASSPORT',
}
registerEnumType(DocumentType, {
  name: 'DocumentType',
  description: 'Kind of identity document of a customer (Colombian rules): CC, CE and PASSPORT identify people, NIT companies.',
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
registerEnumType(CustomerCategory, {
  name: 'CustomerCategory',
  description: 'Loyalty category of a customer, which promotions and offers may target. Rule: LOYAL after 730 days with 5 paid purchases or 5,000,000 COP spent; REGULAR after 180 days or 2 paid purchases; NEW otherwise (thresholds set in configuration).',
  valuesConfig: {
    LOYAL: { description: 'A customer for at least 730 days with 5 paid purchases or 5,000,000 COP spent (net), or set by hand.' },
    NEW: { description: 'A customer for less than 180 days with fewer than 2 paid purchases.' },
    REGULAR: { description: 'A customer for at least 180 days or with at least 2 paid purchases, not yet LOYAL.' },
  },
});

export enum AddressKind {
  BILLING = 'BILLING',
  INSTALLATION = 'INSTALLATION',
  SHIPPING = 'SHIPPING',
}
registerEnumType(AddressKind, {
  name: 'AddressKind',
  description: 'What a customer’s address is used for.',
  valuesConfig: {
    BILLING: { description: 'Where invoices go: the customer’s city and region in reports and promotions come from it.' },
    INSTALLATION: { description: 'Where a fixed service (fibre, TV, landline) is installed.' },
    SHIPPING: { description: 'Where bought devices are delivered.' },
  },
});

/** A person or a company: follows from the document (NIT: a company). */
export enum CustomerKind {
  PERSON = 'PERSON',
  COMPANY = 'COMPANY',
}
registerEnumType(CustomerKind, {
  name: 'CustomerKind',
  description: 'Whether a customer is a person or a company; it follows from the document type (NIT: a company).',
  valuesConfig: {
    PERSON: { description: 'A private person, identified by a CC, CE or passport; named by first and last name.' },
    COMPANY: { description: 'A company, identified by its NIT; named by its `legalName`, with a contact person in `firstName`/`lastName`.' },
  },
});

/** The kind of customer a document identifies. */
export function customerKindOf(documentType: DocumentType): CustomerKind {
  return documentType === DocumentType.NIT ? CustomerKind.COMPANY : CustomerKind.PERSON;
}
