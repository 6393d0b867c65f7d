import { ConflictError, type AppError } from '../../core/errors';

/** `extensions.detail` values of the catalog domain. */
export enum CatalogErrorDetail {
  DUPLICATE_BRAND = 'DUPLICATE_BRAND',
  DUPLICATE_CATEGORY = 'DUPLICATE_CATEGORY',
  DUPLICATE_SKU = 'DUPLICATE_SKU',
  DUPLICATE_ATTRIBUTE = 'DUPLICATE_ATTRIBUTE',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  PRODUCT_DISCONTINUED = 'PRODUCT_DISCONTINUED',
  PRODUCT_IN_USE = 'PRODUCT_IN_USE',
  ZERO_DELTA = 'ZERO_DELTA',
  INVERTED_RANGE = 'INVERTED_RANGE',
}

/** How the catalog tables' named constraints read to a client (see `registerConstraintErrors`). */
export const catalogConstraintErrors: Record<string, () => AppError> = {
  brand_name_unique: () =>
    new ConflictError('A brand with this name already exists', CatalogErrorDetail.DUPLICATE_BRAND, {
      fields: [{ field: 'input.name', message: 'is already used by another brand (letter case aside)' }],
    }),
  product_category_name_unique: () =>
    new ConflictError('A product category with this name already exists', CatalogErrorDetail.DUPLICATE_CATEGORY, {
      fields: [{ field: 'input.name', message: 'is already used by another category (letter case aside)' }],
    }),
  product_sku_unique: () =>
    new ConflictError('A product with this SKU already exists', CatalogErrorDetail.DUPLICATE_SKU, {
      fields: [{ field: 'input.sku', message: 'is already used by another product' }],
    }),
  // `moveStock` never lets this happen; the constraint is the last word if some other write tries.
  product_stock_not_negative: () => new ConflictError('Stock cannot go below zero', CatalogErrorDetail.INSUFFICIENT_STOCK),
};
