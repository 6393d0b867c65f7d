import { deletionGuardKey } from '../../core/deletion-guards';

/**
 * What other domains tell `catalog` about products, without `catalog` importing them
 * (imports run catalog ← sales ← reporting): they add to it in their `install`.
 * A guard answers why the product cannot be deleted besides its own sale movements (e.g. "it was sold in 3 sales"), or null.
 */
export const PRODUCT_DELETION_GUARDS = deletionGuardKey('product');
