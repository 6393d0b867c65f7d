import { ConflictError, type AppError } from '../../core/errors';

/** `extensions.detail` values of the services domain. */
export enum ServicesErrorDetail {
  DUPLICATE_PLAN_CODE = 'DUPLICATE_PLAN_CODE',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  PLAN_NOT_AVAILABLE = 'PLAN_NOT_AVAILABLE',
  PLAN_IN_USE = 'PLAN_IN_USE',
  INVALID_VALIDITY = 'INVALID_VALIDITY',
}

export const servicesConstraintErrors: Record<string, () => AppError> = {
  service_plan_code_unique: () =>
    new ConflictError('A service plan with this code already exists', ServicesErrorDetail.DUPLICATE_PLAN_CODE, {
      fields: [{ field: 'input.code', message: 'is already used by another plan' }],
    }),
};
