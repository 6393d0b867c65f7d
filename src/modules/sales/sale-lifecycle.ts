import type { RequestContext } from '../../core/context';
import { BadUserInputError } from '../../core/errors';
import { moveStocks, StockMovementKind } from '../catalog';
import { moveSubscription, openSubscription, ServicePlan, ServiceSubscription, ServiceSubscriptionStatus } from '../services';
import { Customer, Staff } from '../users';
import { todayIn } from '../../core/time';
import { releaseRedemption } from './promotion.service';
import { Sale, SaleEvent, SaleLine, SaleStatusChange } from './sale.entity';
import { EVENT_OF_STATUS, SALE_STATUS_MOVES, SaleStatus, type PaymentMethod } from './sales.enums';
import { SalesErrorDetail } from './sales.errors';

/**
 * The one place where a sale's status changes. Each change, in the caller's transaction:
 * applies what the new status means (stock, subscriptions, promotion uses), records the status
 * history, and writes the event row of the outbox that the partner stream will read.
 */
export interface Transition {
  to: SaleStatus;
  reason?: string | null;
  payment?: { method: PaymentMethod; reference: string | null };
  /** Null when the system makes the change (an expired hold). */
  changedById: string | null;
}

export async function transitionSale(ctx: RequestContext, sale: Sale, transition: Transition): Promise<Sale> {
  const { to, reason = null, changedById } = transition;
  const from = sale.status;
  if (!SALE_STATUS_MOVES[from].includes(to)) {
    throw BadUserInputError.field('id', `sale ${sale.number} is ${from} and cannot become ${to} (PENDING → PAID or CANCELLED; PAID → REFUNDED)`, SalesErrorDetail.INVALID_TRANSITION);
  }
  const now = new Date();
  const lines = await ctx.em.find(SaleLine, { sale }, { orderBy: { position: 'asc' } });
  switch (to) {
    case SaleStatus.PAID:
      if (sale.expiresAt && sale.expiresAt <= now) {
        throw BadUserInputError.field('id', `sale ${sale.number} was not paid within its hold and is being cancelled`, SalesErrorDetail.SALE_EXPIRED);
      }
      await openSubscriptionsOf(ctx, sale, lines);
      sale.paidAt = now;
      sale.paymentMethod = transition.payment!.method;
      sale.paymentReference = transition.payment!.reference;
      sale.expiresAt = null;
      break;
    case SaleStatus.CANCELLED:
      // The promotion row before the product rows: the lock order of createSale, so no deadlock.
      if (sale.promotion) await releaseRedemption(ctx, sale.promotion.id, sale.id);
      await returnStock(ctx, sale, lines, StockMovementKind.SALE_RELEASED, `Sale ${sale.number} cancelled`);
      sale.cancelledAt = now;
      sale.expiresAt = null;
      break;
    case SaleStatus.REFUNDED:
      await returnStock(ctx, sale, lines, StockMovementKind.SALE_REFUNDED, `Sale ${sale.number} refunded`);
      await cancelSubscriptionsOf(ctx, sale);
      sale.refundedAt = now;
      break;
    case SaleStatus.PENDING:
      break;
  }
  sale.status = to;
  recordStatusChange(ctx, sale, from, to, reason, changedById, now);
  return sale;
}

/** A change in the history and the outbox. (A sale's creation writes the same rows in `writeSale`'s statement.) */
export function recordStatusChange(
  ctx: RequestContext,
  sale: Sale,
  from: SaleStatus | null,
  to: SaleStatus,
  reason: string | null,
  changedById: string | null,
  at: Date,
): void {
  ctx.em.create(SaleStatusChange, {
    sale,
    fromStatus: from,
    toStatus: to,
    changedAt: at,
    changedBy: changedById ? ctx.em.getReference(Staff, changedById) : null,
    reason,
  });
  ctx.em.create(SaleEvent, { type: EVENT_OF_STATUS[to], sale, occurredAt: at });
}

async function openSubscriptionsOf(ctx: RequestContext, sale: Sale, lines: SaleLine[]): Promise<void> {
  const planLines = lines.filter((line) => line.servicePlan);
  if (planLines.length === 0) return;
  const customer = await ctx.em.findOneOrFail(Customer, sale.customer.id);
  const startDate = todayIn(ctx.config.businessTimeZone);
  for (const line of planLines) {
    const plan = await ctx.em.findOneOrFail(ServicePlan, line.servicePlan!.id);
    for (let unit = 0; unit < line.quantity; unit++) {
      openSubscription(ctx, { customer, plan, startDate, price: { amount: line.unitPrice, currency: sale.currency }, installationAddress: null, saleId: sale.id });
    }
  }
}

async function cancelSubscriptionsOf(ctx: RequestContext, sale: Sale): Promise<void> {
  const subscriptions = await ctx.em.find(ServiceSubscription, { saleId: sale.id, status: { $ne: ServiceSubscriptionStatus.CANCELLED } });
  for (const subscription of subscriptions) moveSubscription(ctx, subscription, ServiceSubscriptionStatus.CANCELLED);
}

/** Product lines give their units back, in one statement (locking the products in id order, as createSale does). */
async function returnStock(ctx: RequestContext, sale: Sale, lines: SaleLine[], kind: StockMovementKind, reason: string): Promise<void> {
  const changes = lines.filter((line) => line.product).map((line) => ({ productId: line.product!.id, delta: line.quantity }));
  await moveStocks(ctx, { reason, kind, saleId: sale.id }, changes);
}
