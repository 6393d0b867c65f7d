import { registerEnumType } from 'type-graphql';

export enum ProductStatus {
  ACTIVE = 'ACTIVE',
  DISCONTINUED = 'DISCONTINUED',
}
registerEnumType(ProductStatus, {
  name: 'ProductStatus',
  description: 'Whether a product can be sold.',
  valuesConfig: {
    ACTIVE: { description: 'On sale: it can be added to new sales while in stock.' },
    DISCONTINUED: { description: 'No longer sold; kept because past sales refer to it. Can be made ACTIVE again.' },
  },
});

/**
 * Why the stock of a product moved. The sign of the movement follows from the kind, except for
 * ADJUSTMENT (a count, a loss, a delivery): see `KIND_SIGN`.
 */
export enum StockMovementKind {
  INITIAL = 'INITIAL',
  ADJUSTMENT = 'ADJUSTMENT',
  SALE = 'SALE',
  SALE_RELEASED = 'SALE_RELEASED',
  SALE_REFUNDED = 'SALE_REFUNDED',
}
registerEnumType(StockMovementKind, {
  name: 'StockMovementKind',
  description: 'What moved a product’s stock.',
  valuesConfig: {
    INITIAL: { description: 'The stock a product was created with.' },
    ADJUSTMENT: { description: 'Set by hand (adjustStock): a delivery, a count, a loss.' },
    SALE: { description: 'Taken by a sale when it was created.' },
    SALE_RELEASED: { description: 'Given back when a pending sale was cancelled or expired.' },
    SALE_REFUNDED: { description: 'Given back when a paid sale was refunded.' },
  },
});

/** +1: the kind only adds stock; -1: only takes it; 0: either way. */
export const KIND_SIGN: Record<StockMovementKind, 1 | -1 | 0> = {
  [StockMovementKind.INITIAL]: 1,
  [StockMovementKind.ADJUSTMENT]: 0,
  [StockMovementKind.SALE]: -1,
  [StockMovementKind.SALE_RELEASED]: 1,
  [StockMovementKind.SALE_REFUNDED]: 1,
};

/** Movements that belong to a sale: they carry its id. */
export const SALE_KINDS: readonly StockMovementKind[] = [StockMovementKind.SALE, StockMovementKind.SALE_RELEASED, StockMovementKind.SALE_REFUNDED];
