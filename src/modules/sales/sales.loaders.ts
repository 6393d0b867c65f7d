import { rowsByParentLoader, rowByIdLoader } from '../../core/loaders';
import { pageByParentLoader, type SortKeys } from '../../core/pagination';
import { productById } from '../catalog';
import { servicePlanById } from '../services';
import { Promotion } from './promotion.entity';
import { Sale, SaleLine, SaleStatusChange } from './sale.entity';

export const SALE_SORT_KEYS: SortKeys<Sale> = [
  ['createdAt', 'desc'],
  ['id', 'desc'],
];

/** With their product or plan: a sale's lines are nearly always shown with what they sell. */
export const linesBySale = rowsByParentLoader(SaleLine, 'sale', { position: 'asc' }, { product: productById, servicePlan: servicePlanById }, 'SaleLine');
export const statusHistoryBySale = rowsByParentLoader(SaleStatusChange, 'sale', { changedAt: 'asc' });
export const saleById = rowByIdLoader(Sale);
export const promotionById = rowByIdLoader(Promotion);
export const purchasePageByCustomer = pageByParentLoader({ entity: Sale, parent: 'customer', keys: SALE_SORT_KEYS });
