import { ConflictError, type AppError } from '../../core/errors';

/** `extensions.detail` values of the services domain. */
export enum ServicesErrorDetail {
  DUPLICATE_PLAN_CODE = 'DUPLICATE_PLAN_CODE',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  PLAN_NOT_AVAILABLE = 'PLAN_NOT_AVAILABLE',
  PLAN_IN_USE = 'PLAN_IN_USE',
  INVALID_VALIDITY = 'INVALID_VALIDITY',
  CONCURRENT_CHANGE = 'CONCURRENT_CHANGE',
}

/** A row this request referred to was deleted by a request that committed first. */
const deletedMeanwhile = (what: string) => () =>
  new ConflictError(`The ${what} was deleted while this request ran`, ServicesErrorDetail.CONCURRENT_CHANGE);

export const servicesConstraintErrors: Record<string, () => AppError> = {
  service_subscription_customer_id_foreign: deletedMeanwhile('customer'),
  service_subscription_service_plan_id_foreign: deletedMeanwhile('service plan'),
  service_plan_code_unique: () =>
    new ConflictError('A service plan with this code already exists', ServicesErrorDetail.DUPLICATE_PLAN_CODE, {
      fields: [{ field: 'input.code', message: 'is already used by another plan' }],
    }),
};
