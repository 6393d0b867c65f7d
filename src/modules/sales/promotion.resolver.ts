import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Audited } from '../../core/audit/audit-trail';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { Money, SUPPORTED_CURRENCY } from '../../core/money';
import type { Promotion } from './promotion.entity';
import { CreatePromotionInput, UpdatePromotionInput } from './promotion.inputs';
import * as promotionService from './promotion.service';
import { moneyOf, PromotionType } from './sales.types';
import type { Row } from '../../core/db/rows';

@Resolver(() => PromotionType)
export class PromotionResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => [PromotionType], { description: 'Active ones first, then by code.' })
  promotions(@Ctx() ctx: RequestContext): Promise<Row<Promotion>[]> {
    return promotionService.listPromotions(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => PromotionType, { description: 'Creates a promotion (admins). A code already used is CONFLICT.' })
  createPromotion(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The promotion’s discount, targets, dates and limits.' }) input: CreatePromotionInput): Promotion {
    return promotionService.createPromotion(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => PromotionType, { description: 'Changes a promotion (admins): dates, limits, name, on/off. Its discount and targets are fixed once created.' })
  updatePromotion(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the promotion.' }) id: string, @Arg('input', { description: 'The fields to change; omitted ones are kept.' }) input: UpdatePromotionInput): Promise<Row<Promotion>> {
    return promotionService.updatePromotion(ctx, id, input);
  }

  @Authorized(Role.ADMIN)
  @Audited({ entityType: 'Promotion' })
  @Mutation(() => ID, { description: 'Only a promotion no sale used (else CONFLICT, detail PROMOTION_IN_USE: deactivate it instead).' })
  deletePromotion(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the promotion to delete; returned when deleted.' }) id: string): Promise<string> {
    return promotionService.deletePromotion(ctx, id);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Amount off (COP), shared among the matching lines in proportion, never more than they cost; null for a percentage promotion.' })
  amountOff(@Root() promotion: Row<Promotion>): Money | null {
    return promotion.amountOff ? moneyOf(promotion.amountOff, SUPPORTED_CURRENCY) : null;
  }
}
