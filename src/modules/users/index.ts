import type { AppModule } from '../../core/module';
import { CategoryChange, Customer } from './customer.entity';
import { CategoryChangeResolver, CustomerResolver } from './customer.resolver';
import { Interaction } from './interaction.entity';
import { InteractionResolver } from './interaction.resolver';
import { Staff } from './staff.entity';
import { StaffResolver } from './staff.resolver';
import { usersConstraintErrors } from './users.errors';
import { customerById, staffById } from './users.loaders';

export const usersModule: AppModule = {
  name: 'users',
  install(app) {
    app.entities(Staff, Customer, CategoryChange, Interaction);
    app.resolvers(StaffResolver, CustomerResolver, CategoryChangeResolver, InteractionResolver);
    app.constraintErrors(usersConstraintErrors);
    app.entityType('Customer', customerById);
    app.entityType('Staff', staffById);
  },
};

// What other domains may use.
export { CategoryChange, Customer, CustomerAddress } from './customer.entity';
export { Interaction } from './interaction.entity';
export { CustomerType, AddressType } from './customer.types';
export { AddressInput } from './customer.inputs';
export { AddressKind, CustomerCategory, CustomerKind } from './customer.enums';
export { Staff } from './staff.entity';
export { StaffType } from './staff.types';
export { authenticate, StaffChecks, STAFF_CHECKS } from './staff.service';
export { addressFromInput, findCustomer, getCustomer, getCustomerForSale, recomputeCustomerCategories } from './customer.service';
export { customerById, staffById } from './users.loaders';
export { CUSTOMER_DELETION_GUARDS, PURCHASE_STATS_SQL } from './customer.hooks';
