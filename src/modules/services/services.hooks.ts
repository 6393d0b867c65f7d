import { DeletionGuards } from '../../core/deletion-guards';

/** Why a plan cannot be deleted besides its subscriptions (sales adds "sold in N sales"). */
export const servicePlanDeletionGuards = new DeletionGuards();
