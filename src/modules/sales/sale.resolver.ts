import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ROW_READS } from '../../core/graphql/answer-selection';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { Money, SUPPORTED_CURRENCY } from '../../core/money';
import { ConnectionArgs, type Connection } from '../../core/pagination';
import { productById, ProductType, type Product } from '../catalog';
import { servicePlanById, ServicePlanType, type ServicePlan } from '../services';
import { customerById, CustomerType, staffById, StaffType, type Customer, type Staff } from '../users';
import type { Promotion } from './promotion.entity';
import type { Sale, SaleLine, SaleStatusChange } from './sale.entity';
import * as saleService from './sale.service';
import { CreateSaleInput, PaySaleInput, SaleReasonArgs, SalesArgs } from './sales.inputs';
import { linesBySale, promotionById, purchasePageByCustomer, statusHistoryBySale } from './sales.loaders';
import { moneyOf, PromotionType, SaleConnection, SaleLineType, SaleStatusChangeType, SaleType } from './sales.types';
import type { Row } from '../../core/db/rows';
import type { Loaded } from '../../core/loaders';

@Resolver(() => SaleType)
export class SaleResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => SaleType, { nullable: true, description: 'Null when no sale has this id.' })
  sale(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the sale.' }) id: string): Promise<Row<Sale> | null> {
    return saleService.findSale(ctx, id);
  }

  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => SaleType, { nullable: true, description: 'By invoice number (FV-000123); null when none has it.' })
  saleByNumber(@Ctx() ctx: RequestContext, @Arg('number', { description: 'The invoice number, e.g. `FV-000123`.' }) number: string): Promise<Row<Sale> | null> {
    return saleService.findSaleByNumber(ctx, number);
  }

  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => SaleConnection, { description: 'Sales (invoices), a page at a time (back-office staff): newest first unless `orderBy` says otherwise.' })
  sales(@Ctx() ctx: RequestContext, @Args() args: SalesArgs): Promise<Connection<Row<Sale>>> {
    return saleService.listSales(ctx, args);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => SaleType, {
    description:
      'A PENDING sale: lines priced, promotion applied, stock taken, all in one transaction. Out of stock: CONFLICT (detail INSUFFICIENT_STOCK); an inapplicable promotion: BAD_USER_INPUT (detail PROMOTION_*).',
  })
  createSale(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The customer, the lines and an optional promotion code.' }) input: CreateSaleInput): Promise<Row<Sale>> {
    return saleService.createSale(ctx, input);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => SaleType, { description: 'PENDING → PAID: opens the subscriptions of its service-plan lines.' })
  paySale(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the PENDING sale being paid.' }) id: string, @Arg('input', { description: 'How it was paid.' }) input: PaySaleInput): Promise<Row<Sale>> {
    return saleService.paySale(ctx, id, input);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => SaleType, { description: 'PENDING → CANCELLED: releases its stock and its promotion use.' })
  cancelSale(@Ctx() ctx: RequestContext, @Args() { id, reason }: SaleReasonArgs): Promise<Row<Sale>> {
    return saleService.cancelSale(ctx, id, reason);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => SaleType, { description: 'PAID → REFUNDED: stock back, the subscriptions it opened cancelled. Admins only.' })
  refundSale(@Ctx() ctx: RequestContext, @Args() { id, reason }: SaleReasonArgs): Promise<Row<Sale>> {
    return saleService.refundSale(ctx, id, reason);
  }

  @FieldResolver(() => CustomerType, { description: 'The buying customer (partners see only id, category, city and region).' })
  @Extensions({ [ROW_READS]: ['customer'] })
  customer(@Root() sale: Row<Sale>, @Ctx() ctx: RequestContext): Loaded<Row<Customer> | null> {
    return ctx.loaders.forAnswer(customerById).loadNow(sale.customer.id);
  }

  @FieldResolver(() => StaffType, { description: 'The staff member who registered the sale.' })
  @Extensions({ [ROW_READS]: ['seller'] })
  seller(@Root() sale: Row<Sale>, @Ctx() ctx: RequestContext): Loaded<Row<Staff> | null> {
    return ctx.loaders.get(staffById).loadNow(sale.seller.id);
  }

  @FieldResolver(() => [SaleLineType], { description: 'What was sold, in invoice order.' })
  @Extensions({ [ROW_READS]: ['id'] })
  lines(@Root() sale: Row<Sale>, @Ctx() ctx: RequestContext): Loaded<Row<SaleLine>[]> {
    return ctx.loaders.forAnswer(linesBySale).loadNow(sale.id);
  }

  @FieldResolver(() => [SaleStatusChangeType], { description: 'Oldest first; the first entry is the creation.' })
  @Extensions({ [ROW_READS]: ['id'] })
  statusHistory(@Root() sale: Row<Sale>, @Ctx() ctx: RequestContext): Loaded<Row<SaleStatusChange>[]> {
    return ctx.loaders.get(statusHistoryBySale).loadNow(sale.id);
  }

  @FieldResolver(() => PromotionType, { nullable: true, description: 'The promotion applied through its code; null when none.' })
  @Extensions({ [ROW_READS]: ['promotion'] })
  promotion(@Root() sale: Row<Sale>, @Ctx() ctx: RequestContext): Loaded<Row<Promotion> | null> {
    return sale.promotion ? ctx.loaders.get(promotionById).loadNow(sale.promotion.id) : null;
  }

  @FieldResolver(() => Money, { description: 'Σ unitPrice × quantity.' })
  @Extensions({ [ROW_READS]: ['subtotal', 'currency'] })
  subtotal(@Root() sale: Row<Sale>): Money {
    return moneyOf(sale.subtotal, sale.currency);
  }

  @FieldResolver(() => Money, { description: 'Σ line discounts.' })
  @Extensions({ [ROW_READS]: ['discount', 'currency'] })
  discount(@Root() sale: Row<Sale>): Money {
    return moneyOf(sale.discount, sale.currency);
  }

  @FieldResolver(() => Money, { description: 'Σ line taxes (IVA).' })
  @Extensions({ [ROW_READS]: ['tax', 'currency'] })
  tax(@Root() sale: Row<Sale>): Money {
    return moneyOf(sale.tax, sale.currency);
  }

  @FieldResolver(() => Money, { description: 'subtotal − discount + tax.' })
  @Extensions({ [ROW_READS]: ['total', 'currency'] })
  total(@Root() sale: Row<Sale>): Money {
    return moneyOf(sale.total, sale.currency);
  }
}

/** A line's amounts are in its sale's currency, which is COP for every sale until others are accepted. */
@Resolver(() => SaleLineType)
export class SaleLineResolver {
  @FieldResolver(() => ProductType, { nullable: true, description: 'The product sold; null for a service plan line.' })
  @Extensions({ [ROW_READS]: ['product'] })
  product(@Root() line: Row<SaleLine>, @Ctx() ctx: RequestContext): Loaded<Row<Product> | null> {
    return line.product ? ctx.loaders.forAnswer(productById).loadNow(line.product.id) : null;
  }

  @FieldResolver(() => ServicePlanType, { nullable: true, description: 'The service plan sold; null for a product line.' })
  @Extensions({ [ROW_READS]: ['servicePlan'] })
  servicePlan(@Root() line: Row<SaleLine>, @Ctx() ctx: RequestContext): Loaded<Row<ServicePlan> | null> {
    return line.servicePlan ? ctx.loaders.forAnswer(servicePlanById).loadNow(line.servicePlan.id) : null;
  }

  @FieldResolver(() => Money, { description: 'The price when sold, net of tax.' })
  @Extensions({ [ROW_READS]: ['unitPrice'] })
  unitPrice(@Root() line: Row<SaleLine>): Money {
    return moneyOf(line.unitPrice, SUPPORTED_CURRENCY);
  }

  @FieldResolver(() => Money, { description: 'The promotion’s discount on this line (COP); zero when none.' })
  @Extensions({ [ROW_READS]: ['discount'] })
  discount(@Root() line: Row<SaleLine>): Money {
    return moneyOf(line.discount, SUPPORTED_CURRENCY);
  }

  @FieldResolver(() => Money, { description: 'unitPrice × quantity − discount: the line’s revenue, before tax.' })
  @Extensions({ [ROW_READS]: ['netAmount'] })
  netAmount(@Root() line: Row<SaleLine>): Money {
    return moneyOf(line.netAmount, SUPPORTED_CURRENCY);
  }

  @FieldResolver(() => Money, { description: 'IVA of the line: netAmount × taxRate, rounded half up to cents (COP).' })
  @Extensions({ [ROW_READS]: ['tax'] })
  tax(@Root() line: Row<SaleLine>): Money {
    return moneyOf(line.tax, SUPPORTED_CURRENCY);
  }

  @FieldResolver(() => Money, { description: 'netAmount + tax.' })
  @Extensions({ [ROW_READS]: ['total'] })
  total(@Root() line: Row<SaleLine>): Money {
    return moneyOf(line.total, SUPPORTED_CURRENCY);
  }
}

@Resolver(() => SaleStatusChangeType)
export class SaleStatusChangeResolver {
  @FieldResolver(() => StaffType, { nullable: true, description: 'Null when the system made the change (an expired hold).' })
  changedBy(@Root() change: Row<SaleStatusChange>, @Ctx() ctx: RequestContext): Loaded<Row<Staff> | null> {
    return change.changedBy ? ctx.loaders.get(staffById).loadNow(change.changedBy.id) : null;
  }
}

/** `Customer.purchases`, added to the users domain's type from here. */
@Resolver(() => CustomerType)
export class CustomerPurchasesResolver {
  @FieldResolver(() => SaleConnection, { description: 'The customer’s sales in every status, newest first.' })
  @Extensions({ [ROW_READS]: ['id'] })
  purchases(@Root() customer: Row<Customer>, @Ctx() ctx: RequestContext, @Args() { first, after }: ConnectionArgs): Promise<Connection<Row<Sale>>> {
    return ctx.loaders.get(purchasePageByCustomer, { first, after }).load(customer.id);
  }
}
