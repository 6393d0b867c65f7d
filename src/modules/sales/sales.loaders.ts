import { rowsByParentLoader, rowByIdLoader } from '../../core/loaders';
import { pageByParentLoader, type SortKeys } from '../../core/pagination';
import { Promotion } from './promotion.entity';
import { Sale, SaleLine, SaleStatusChange } from './sale.entity';

export const SALE_SORT_KEYS: SortKeys<Sale> = [
  ['createdAt', 'desc'],
  ['id', 'desc'],
];

export const linesBySale = rowsByParentLoader(SaleLine, 'sale', { position: 'asc' });
export const statusHistoryBySale = rowsByParentLoader(SaleStatusChange, 'sale', { changedAt: 'asc' });
export const promotionById = rowByIdLoader(Promotion);
export const purchasePageByCustomer = pageByParentLoader({ entity: Sale, parent: 'customer', keys: SALE_SORT_KEYS });
