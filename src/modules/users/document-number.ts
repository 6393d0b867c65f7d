import { BadUserInputError } from '../../core/errors';
import { DocumentType } from './customer.enums';
import { UsersErrorDetail } from './users.errors';

const NIT_WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/** DIAN's check digit of a NIT's base digits. */
export function nitCheckDigit(base: string): number {
  const sum = [...base].reverse().reduce((total, digit, i) => total + Number(digit) * NIT_WEIGHTS[i], 0);
  const remainder = sum % 11;
  return remainder >= 2 ? 11 - remainder : remainder;
}

/**
 * The stored form of a document number: separators removed, letters upper-cased, a NIT as
 * `900123456-8` with its check digit verified. Refuses a number that does not fit its type.
 */
export function normalizeDocumentNumber(type: DocumentType, raw: string, field = 'input.documentNumber'): string {
  const compact = raw.replace(/[\s.]/g, '').toUpperCase();
  const refuse = (message: string) => BadUserInputError.field(field, message, UsersErrorDetail.INVALID_DOCUMENT_NUMBER);
  switch (type) {
    case DocumentType.CC:
      if (!/^\d{6,10}$/.test(compact)) throw refuse('a CC has 6 to 10 digits');
      return compact;
    case DocumentType.CE:
      if (!/^[A-Z0-9]{6,12}$/.test(compact)) throw refuse('a CE has 6 to 12 letters or digits');
      return compact;
    case DocumentType.PASSPORT:
      if (!/^[A-Z0-9]{5,20}$/.test(compact)) throw refuse('a passport number has 5 to 20 letters or digits');
      return compact;
    case DocumentType.NIT: {
      const match = /^(\d{9})-?(\d)$/.exec(compact);
      if (!match) throw refuse('a NIT has 9 digits and a check digit, e.g. 900123456-8');
      const [, base, checkDigit] = match;
      if (nitCheckDigit(base) !== Number(checkDigit)) throw refuse(`the check digit of NIT ${base} is ${nitCheckDigit(base)}, not ${checkDigit}`);
      return `${base}-${checkDigit}`;
    }
  }
}
