import { DeletionGuards, type DeletionGuard } from '../../core/deletion-guards';

/**
 * What other domains tell `catalog` about products, without `catalog` importing them
 * (imports run catalog ← sales ← reporting).
 */

/** Why a product cannot be deleted besides its own sale movements: sales adds "sold in N sales". */
export const productDeletionGuards = new DeletionGuards();

/** `guard(ctx, productId)` answers why the product cannot be deleted (e.g. "it was sold in 3 sales"), or null. */
export function addProductDeletionGuard(guard: DeletionGuard): void {
  productDeletionGuards.add(guard);
}
