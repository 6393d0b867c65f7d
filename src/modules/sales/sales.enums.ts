import { registerEnumType } from 'type-graphql';

export enum SaleStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(SaleStatus, {
  name: 'SaleStatus',
  description: 'Where a sale stands in its lifecycle: PENDING → PAID | CANCELLED; PAID → REFUNDED.',
  valuesConfig: {
    PENDING: { description: 'Created, not paid: holds its stock until paid, cancelled or expired.' },
    PAID: { description: 'Paid: its service-plan lines opened subscriptions.' },
    CANCELLED: { description: 'Cancelled before payment (by hand or when its hold expired): stock released. Final.' },
    REFUNDED: { description: 'Paid, then refunded: stock back, subscriptions cancelled. Final.' },
  },
});

/** PENDING → PAID | CANCELLED; PAID → REFUNDED. */
export const SALE_STATUS_MOVES: Record<SaleStatus, SaleStatus[]> = {
  [SaleStatus.PENDING]: [SaleStatus.PAID, SaleStatus.CANCELLED],
  [SaleStatus.PAID]: [SaleStatus.REFUNDED],
  [SaleStatus.CANCELLED]: [],
  [SaleStatus.REFUNDED]: [],
};

export enum PaymentMethod {
  CASH = 'CASH',
  CARD = 'CARD',
  TRANSFER = 'TRANSFER',
  FINANCING = 'FINANCING',
}
registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'How a customer paid a sale.',
  valuesConfig: {
    CARD: { description: 'Debit or credit card at the till (datáfono).' },
    CASH: { description: 'Cash at the store.' },
    FINANCING: { description: 'Paid in instalments through a financing partner.' },
    TRANSFER: { description: 'Bank transfer (PSE or similar); `paymentReference` holds its reference.' },
  },
});

/** What the partner event stream carries; one row per sale state change (the outbox). */
export enum SaleEventType {
  SALE_CREATED = 'SALE_CREATED',
  SALE_PAID = 'SALE_PAID',
  SALE_CANCELLED = 'SALE_CANCELLED',
  SALE_REFUNDED = 'SALE_REFUNDED',
}

export const EVENT_OF_STATUS: Record<SaleStatus, SaleEventType> = {
  [SaleStatus.PENDING]: SaleEventType.SALE_CREATED,
  [SaleStatus.PAID]: SaleEventType.SALE_PAID,
  [SaleStatus.CANCELLED]: SaleEventType.SALE_CANCELLED,
  [SaleStatus.REFUNDED]: SaleEventType.SALE_REFUNDED,
};

export enum SaleOrderField {
  CREATED_AT = 'CREATED_AT',
  TOTAL = 'TOTAL',
}
registerEnumType(SaleOrderField, {
  name: 'SaleOrderField',
  description: 'Sort keys of the sales list.',
  valuesConfig: {
    CREATED_AT: { description: 'When the sale was made.' },
    TOTAL: { description: 'By total, tax included.' },
  },
});
