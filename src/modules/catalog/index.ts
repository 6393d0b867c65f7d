import type { AppModule } from '../../core/module';
import { Brand } from './brand.entity';
import { BrandResolver, ProductCategoryResolver } from './brand.resolver';
import { catalogConstraintErrors } from './catalog.errors';
import { ProductCategory } from './product-category.entity';
import { Product } from './product.entity';
import { ProductResolver, StockMovementResolver } from './product.resolver';
import { StockMovement } from './stock-movement.entity';

export const catalogModule: AppModule = {
  name: 'catalog',
  entities: [Brand, ProductCategory, Product, StockMovement],
  resolvers: [BrandResolver, ProductCategoryResolver, ProductResolver, StockMovementResolver],
  constraintErrors: catalogConstraintErrors,
};

// What other domains (sales, reporting) may use.
export { Brand } from './brand.entity';
export { ProductCategory } from './product-category.entity';
export { Product, ProductAttribute } from './product.entity';
export { StockMovement } from './stock-movement.entity';
export { BrandType, ProductCategoryType } from './brand.types';
export { ProductType, StockMovementType } from './product.types';
export { ProductStatus, StockMovementKind } from './catalog.enums';
export { CatalogErrorDetail } from './catalog.errors';
export { findProduct, findProductsForSale, getProduct, getSellableProduct, sellableProduct } from './product.service';
export { moveStock, moveStocks, type StockMove, type StockChange, type StockLedgerEntry } from './stock.service';
export { brandById, productById, productCategoryById } from './catalog.loaders';
export { addProductDeletionGuard, productDeletionGuards } from './catalog.hooks';
