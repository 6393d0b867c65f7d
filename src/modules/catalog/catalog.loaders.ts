import { rowByIdLoader } from '../../core/loaders';
import { pageByParentLoader } from '../../core/pagination';
import { Brand } from './brand.entity';
import { ProductCategory } from './product-category.entity';
import { Product } from './product.entity';
import { StockMovement } from './stock-movement.entity';
import { STOCK_MOVEMENT_SORT_KEYS } from './stock.service';

export const brandById = rowByIdLoader(Brand);
export const productCategoryById = rowByIdLoader(ProductCategory);
export const productById = rowByIdLoader(Product);
export const stockMovementPageByProduct = pageByParentLoader({ entity: StockMovement, parent: 'product', keys: STOCK_MOVEMENT_SORT_KEYS });
