import { ConflictError, type AppError } from '../../core/errors';

/** `extensions.detail` values of the users domain. */
export enum UsersErrorDetail {
  DUPLICATE_EMAIL = 'DUPLICATE_EMAIL',
  DUPLICATE_DOCUMENT = 'DUPLICATE_DOCUMENT',
  INVALID_DOCUMENT_NUMBER = 'INVALID_DOCUMENT_NUMBER',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CUSTOMER_IN_USE = 'CUSTOMER_IN_USE',
  CANNOT_DEACTIVATE_SELF = 'CANNOT_DEACTIVATE_SELF',
  /** The customer's personal data was erased (anonymizeCustomer): it cannot be given back or erased again. */
  CUSTOMER_ANONYMIZED = 'CUSTOMER_ANONYMIZED',
  LEGAL_NAME_REQUIRED = 'LEGAL_NAME_REQUIRED',
  LEGAL_NAME_NOT_ALLOWED = 'LEGAL_NAME_NOT_ALLOWED',
}

/** How the users tables' unique constraints read to a client (see `registerConstraintErrors`). */
export const usersConstraintErrors: Record<string, () => AppError> = {
  staff_email_unique: () =>
    new ConflictError('A staff account with this email already exists', UsersErrorDetail.DUPLICATE_EMAIL, {
      fields: [{ field: 'input.email', message: 'is already used by another staff account' }],
    }),
  customer_email_unique: () =>
    new ConflictError('A customer with this email already exists', UsersErrorDetail.DUPLICATE_EMAIL, {
      fields: [{ field: 'input.email', message: 'is already used by another customer' }],
    }),
  customer_document_unique: () =>
    new ConflictError('A customer with this document type and number already exists', UsersErrorDetail.DUPLICATE_DOCUMENT, {
      fields: [{ field: 'input.documentNumber', message: 'is already registered for this document type' }],
    }),
};
