import type { FilterQuery } from '@mikro-orm/core';
import { viewerOf, type RequestContext } from '../../core/context';
import { BadUserInputError, NotFoundError } from '../../core/errors';
import { dateRangeCondition } from '../../core/graphql/date-range';
import { isWellFormedId } from '../../core/ids';
import { paginate, type Connection, type SortKeys } from '../../core/pagination';
import { getCustomer } from './customer.service';
import { Interaction } from './interaction.entity';
import { INTERACTION_STATUS_ORDER, InteractionStatus } from './interaction.enums';
import type { InteractionsArgs, RecordInteractionInput, UpdateInteractionStatusArgs } from './interaction.inputs';
import { Staff } from './staff.entity';
import { UsersErrorDetail } from './users.errors';
import type { Row } from '../../core/db/rows';

/** Newest first; the same order for the top-level list and a customer's own. */
export const INTERACTION_SORT_KEYS: SortKeys<Interaction> = [
  ['createdAt', 'desc'],
  ['id', 'desc'],
];

export function listInteractions(ctx: RequestContext, { first, after, filter }: InteractionsArgs): Promise<Connection<Row<Interaction>>> {
  const where: FilterQuery<Interaction> = {};
  if (filter?.customerId != null) {
    // An id that cannot exist matches nothing (rather than failing the whole list).
    where.customer = isWellFormedId(filter.customerId) ? filter.customerId : '0';
  }
  if (filter?.type) where.type = filter.type;
  if (filter?.status) where.status = filter.status;
  const createdAt = dateRangeCondition(filter?.createdAt, 'filter.createdAt', ctx.config.businessTimeZone);
  if (createdAt) where.createdAt = createdAt;
  return paginate(ctx.em, Interaction, where, INTERACTION_SORT_KEYS, { first, after }, { scope: ctx, answerType: 'Interaction' });
}

export async function recordInteraction(ctx: RequestContext, input: RecordInteractionInput): Promise<Interaction> {
  const customer = await getCustomer(ctx, input.customerId, 'input.customerId');
  return ctx.em.create(Interaction, {
    customer,
    type: input.type,
    channel: input.channel,
    subject: input.subject.trim(),
    description: input.description.trim(),
    status: InteractionStatus.OPEN,
    recordedBy: ctx.em.getReference(Staff, viewerOf(ctx).id),
  });
}

/** Interactions only move forward (OPEN → IN_PROGRESS → RESOLVED → CLOSED); steps may be skipped. */
export async function updateInteractionStatus(ctx: RequestContext, { id, status, note }: UpdateInteractionStatusArgs): Promise<Interaction> {
  const interaction = isWellFormedId(id) ? await ctx.em.findOne(Interaction, id) : null;
  if (!interaction) throw new NotFoundError('Interaction', id);
  if (INTERACTION_STATUS_ORDER.indexOf(status) <= INTERACTION_STATUS_ORDER.indexOf(interaction.status)) {
    throw BadUserInputError.field(
      'status',
      `cannot move from ${interaction.status} to ${status}: interactions only move forward (${INTERACTION_STATUS_ORDER.join(' → ')})`,
      UsersErrorDetail.INVALID_TRANSITION,
    );
  }
  interaction.status = status;
  if (note != null) interaction.resolutionNote = note.trim() || null;
  return interaction;
}
