import { deletionGuardKey } from '../../core/deletion-guards';

/** Why a plan cannot be deleted besides its subscriptions (sales adds "sold in N sales"), added in other modules' `install`. */
export const SERVICE_PLAN_DELETION_GUARDS = deletionGuardKey('service plan');
