import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ROW_READS } from '../../core/graphql/answer-selection';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import type { Connection } from '../../core/pagination';
import type { Customer } from './customer.entity';
import { CustomerType } from './customer.types';
import type { Interaction } from './interaction.entity';
import { InteractionsArgs, RecordInteractionInput, UpdateInteractionStatusArgs } from './interaction.inputs';
import * as interactionService from './interaction.service';
import { InteractionConnection, InteractionType } from './interaction.types';
import type { Staff } from './staff.entity';
import { StaffType } from './staff.types';
import { customerById, staffById } from './users.loaders';
import type { Row } from '../../core/db/rows';
import type { Loaded } from '../../core/loaders';

@Resolver(() => InteractionType)
export class InteractionResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => InteractionConnection, { description: 'Newest first.' })
  interactions(@Ctx() ctx: RequestContext, @Args() args: InteractionsArgs): Promise<Connection<Row<Interaction>>> {
    return interactionService.listInteractions(ctx, args);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => InteractionType, { description: 'Records a contact with a customer (sales agents and admins); it starts OPEN.' })
  recordInteraction(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The customer, type, channel, subject and description.' }) input: RecordInteractionInput): Promise<Row<Interaction>> {
    return interactionService.recordInteraction(ctx, input);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => InteractionType, { description: 'Moves an interaction forward; a backward or same-status move is BAD_USER_INPUT (detail INVALID_TRANSITION).' })
  updateInteractionStatus(@Ctx() ctx: RequestContext, @Args() args: UpdateInteractionStatusArgs): Promise<Row<Interaction>> {
    return interactionService.updateInteractionStatus(ctx, args);
  }

  @FieldResolver(() => CustomerType, { description: 'The customer the interaction is with.' })
  @Extensions({ [ROW_READS]: ['customer'] })
  customer(@Root() interaction: Row<Interaction>, @Ctx() ctx: RequestContext): Loaded<Row<Customer> | null> {
    return ctx.loaders.forAnswer(customerById).loadNow(interaction.customer.id);
  }

  @FieldResolver(() => StaffType, { description: 'The staff member who recorded it.' })
  @Extensions({ [ROW_READS]: ['recordedBy'] })
  recordedBy(@Root() interaction: Row<Interaction>, @Ctx() ctx: RequestContext): Loaded<Row<Staff> | null> {
    return ctx.loaders.get(staffById).loadNow(interaction.recordedBy.id);
  }
}
