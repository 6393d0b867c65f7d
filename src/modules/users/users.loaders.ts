import { rowsByParentLoader, rowByIdLoader } from '../../core/loaders';
import { pageByParentLoader } from '../../core/pagination';
import { CategoryChange, Customer } from './customer.entity';
import { Interaction } from './interaction.entity';
import { INTERACTION_SORT_KEYS } from './interaction.service';
import { Staff } from './staff.entity';

export const customerById = rowByIdLoader(Customer);
export const staffById = rowByIdLoader(Staff);
export const categoryHistoryByCustomer = rowsByParentLoader(CategoryChange, 'customer', { changedAt: 'asc' });
export const interactionPageByCustomer = pageByParentLoader({ entity: Interaction, parent: 'customer', keys: INTERACTION_SORT_KEYS });
