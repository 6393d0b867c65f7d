import { ConflictError, type AppError } from '../../core/errors';

/** `extensions.detail` values of the sales domain. */
export enum SalesErrorDetail {
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  INVALID_LINE = 'INVALID_LINE',
  SALE_EXPIRED = 'SALE_EXPIRED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  DUPLICATE_PROMOTION_CODE = 'DUPLICATE_PROMOTION_CODE',
  PROMOTION_NOT_FOUND = 'PROMOTION_NOT_FOUND',
  PROMOTION_INACTIVE = 'PROMOTION_INACTIVE',
  PROMOTION_NOT_STARTED = 'PROMOTION_NOT_STARTED',
  PROMOTION_EXPIRED = 'PROMOTION_EXPIRED',
  PROMOTION_NOT_ELIGIBLE = 'PROMOTION_NOT_ELIGIBLE',
  PROMOTION_NOT_APPLICABLE = 'PROMOTION_NOT_APPLICABLE',
  PROMOTION_EXHAUSTED = 'PROMOTION_EXHAUSTED',
  PROMOTION_IN_USE = 'PROMOTION_IN_USE',
  INVALID_PROMOTION = 'INVALID_PROMOTION',
  CONCURRENT_CHANGE = 'CONCURRENT_CHANGE',
}

/** A row the sale referred to was deleted by a request that committed first. */
const deletedMeanwhile = (what: string) => () =>
  new ConflictError(`The ${what} was deleted while the sale was being registered`, SalesErrorDetail.CONCURRENT_CHANGE);

export const salesConstraintErrors: Record<string, () => AppError> = {
  sale_customer_id_foreign: deletedMeanwhile('customer'),
  sale_line_product_id_foreign: deletedMeanwhile('product'),
  sale_line_service_plan_id_foreign: deletedMeanwhile('service plan'),
  promotion_code_unique: () =>
    new ConflictError('A promotion with this code already exists', SalesErrorDetail.DUPLICATE_PROMOTION_CODE, {
      fields: [{ field: 'input.code', message: 'is already used by another promotion' }],
    }),
};
