import type { AppModule } from '../../core/module';
import { Brand } from './brand.entity';
import { BrandResolver, ProductCategoryResolver } from './brand.resolver';
import { catalogConstraintErrors } from './catalog.errors';
import { brandById, productById, productCategoryById } from './catalog.loaders';
import { ProductCategory } from './product-category.entity';
import { Product } from './product.entity';
import { ProductResolver, StockMovementResolver } from './product.resolver';
import { StockMovement } from './stock-movement.entity';

export const catalogModule: AppModule = {
  name: 'catalog',
  install(app) {
    app.entities(Brand, ProductCategory, Product, StockMovement);
    app.resolvers(BrandResolver, ProductCategoryResolver, ProductResolver, StockMovementResolver);
    app.constraintErrors(catalogConstraintErrors);
    app.entityType('Product', productById);
    app.entityType('Brand', brandById);
    app.entityType('ProductCategory', productCategoryById);
  },
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
export { PRODUCT_DELETION_GUARDS } from './catalog.hooks';
