import { IsOptional, MaxLength } from 'class-validator';
import { ROW_READS } from '../../core/graphql/answer-selection';
import { Arg, Args, ArgsType, Authorized, Ctx, Extensions, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Audited } from '../../core/audit/audit-trail';
import { PersonalData, PersonalKind } from '../../core/auth/personal-data';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { ConnectionArgs, type Connection } from '../../core/pagination';
import type { CategoryChange, Customer } from './customer.entity';
import { CustomerCategory } from './customer.enums';
import { CreateCustomerInput, CustomersArgs, UpdateCustomerInput } from './customer.inputs';
import * as customerService from './customer.service';
import { CategoryChangeType, CustomerConnection, CustomerType } from './customer.types';
import type { Interaction } from './interaction.entity';
import { InteractionConnection } from './interaction.types';
import { categoryHistoryByCustomer, interactionPageByCustomer, staffById } from './users.loaders';
import type { Staff } from './staff.entity';
import { StaffType } from './staff.types';
import type { Row } from '../../core/db/rows';
import type { Loaded } from '../../core/loaders';

@ArgsType()
class SetCustomerCategoryArgs {
  @Field(() => ID, { description: 'Id of the customer.' })
  id!: string;

  @Field(() => CustomerCategory, { nullable: true, description: 'null gives the customer back to the automatic rule.' })
  category?: CustomerCategory | null;

  @Field(() => String, { nullable: true, description: 'Why the category is set by hand, kept in the category history; optional.' })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@Resolver(() => CustomerType)
export class CustomerResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => CustomerType, { nullable: true, description: 'Null when no customer has this id.' })
  customer(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the customer.' }) id: string): Promise<Row<Customer> | null> {
    return customerService.findCustomer(ctx, id);
  }

  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => CustomerConnection, { description: 'Customers, a page at a time (back-office staff): newest first unless `orderBy` says otherwise.' })
  customers(@Ctx() ctx: RequestContext, @Args() args: CustomersArgs): Promise<Connection<Row<Customer>>> {
    return customerService.listCustomers(ctx, args);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => CustomerType, { description: 'Registers a customer (sales agents and admins). A document number or email already used is CONFLICT; a company (NIT) needs `legalName`.' })
  createCustomer(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The customer’s data.' }) input: CreateCustomerInput): Promise<Row<Customer>> {
    return customerService.createCustomer(ctx, input);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => CustomerType, { description: 'Changes a customer’s data (sales agents and admins); fields left out are kept. The document cannot change.' })
  updateCustomer(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the customer.' }) id: string, @Arg('input', { description: 'The fields to change; omitted ones are kept, `addresses` replaces them all.' }) input: UpdateCustomerInput): Promise<Row<Customer>> {
    return customerService.updateCustomer(ctx, id, input);
  }

  @Authorized(Role.SALES_AGENT)
  @Audited({ entityType: 'Customer' })
  @Mutation(() => ID, { description: 'Refused (CONFLICT) while the customer has sales or active services.' })
  deleteCustomer(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the customer to delete; returned when deleted.' }) id: string): Promise<string> {
    return customerService.deleteCustomer(ctx, id);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => CustomerType, {
    description:
      'Sets a category by hand (the automatic rule then leaves it alone); null clears the manual choice and gives the customer back to the rule.',
  })
  setCustomerCategory(@Ctx() ctx: RequestContext, @Args() { id, category, reason }: SetCustomerCategoryArgs): Promise<Row<Customer>> {
    return customerService.setCustomerCategory(ctx, id, category, reason);
  }

  @Authorized(Role.ADMIN)
  @Audited({ entityType: 'Customer' })
  @Mutation(() => Int, { description: 'Applies the automatic category rule to every customer; returns how many changed.' })
  recomputeCustomerCategories(@Ctx() ctx: RequestContext): Promise<number> {
    return customerService.recomputeCustomerCategories(ctx);
  }

  @FieldResolver(() => String, {
    description: 'How to name the customer on screens and in reports: a company’s legal name, a person’s first and last name (`Camila Rodríguez Gómez`). Personal data.',
  })
  @Extensions({ [ROW_READS]: ['kind', 'legalName', 'firstName', 'lastName'] })
  @PersonalData(PersonalKind.CUSTOMER_NAME)
  displayName(@Root() customer: Row<Customer>): string {
    return customerService.displayNameOf(customer);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'The year of `birthDate`: what analysts read of it.' })
  @Extensions({ [ROW_READS]: ['birthDate'] })
  @PersonalData(PersonalKind.BIRTH_YEAR)
  birthYear(@Root() customer: Row<Customer>): number | null {
    return customer.birthDate ? Number(String(customer.birthDate).slice(0, 4)) : null;
  }

  @FieldResolver(() => [CategoryChangeType], { description: 'Oldest first.' })
  @Extensions({ [ROW_READS]: ['id'] })
  categoryHistory(@Root() customer: Row<Customer>, @Ctx() ctx: RequestContext): Loaded<Row<CategoryChange>[]> {
    return ctx.loaders.get(categoryHistoryByCustomer).loadNow(customer.id);
  }

  @FieldResolver(() => InteractionConnection, { description: 'Newest first.' })
  @Extensions({ [ROW_READS]: ['id'] })
  interactions(@Root() customer: Row<Customer>, @Ctx() ctx: RequestContext, @Args() { first, after }: ConnectionArgs): Promise<Connection<Row<Interaction>>> {
    return ctx.loaders.get(interactionPageByCustomer, { first, after }).load(customer.id);
  }
}

@Resolver(() => CategoryChangeType)
export class CategoryChangeResolver {
  @FieldResolver(() => StaffType, { nullable: true, description: 'Null when the automatic rule made the change.' })
  changedBy(@Root() change: Row<CategoryChange>, @Ctx() ctx: RequestContext): Loaded<Row<Staff> | null> {
    return change.changedBy ? ctx.loaders.get(staffById).loadNow(change.changedBy.id) : null;
  }
}
