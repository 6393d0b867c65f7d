import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Audited } from '../../core/audit/audit-trail';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { JSONObject } from '../../core/graphql/scalars';
import { NotBlank } from '../../core/validation';
import { CustomerType, type Customer } from '../users';
import * as privacyService from './privacy.service';

@ArgsType()
class AnonymizeCustomerArgs {
  @Field(() => ID, { description: 'The customer to anonymize.' })
  id!: string;

  @Field({ description: 'Why (the request of the person, its reference): kept in the audit trail.' })
  @NotBlank(500)
  reason!: string;
}

/** The data subject's rights (Ley 1581 de 2012): access and suppression. Admins only; both audited. */
@Resolver()
export class PrivacyResolver {
  @Authorized(Role.ADMIN)
  @Audited({ entityType: 'Customer' })
  @Query(() => JSONObject, {
    nullable: true,
    description:
      'Everything held about a customer as one JSON document: profile, category history, interactions, subscriptions, purchases (lines and status history). Null when no customer has this id. Recorded in the audit trail.',
  })
  customerDataExport(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'The customer whose data is exported.' }) id: string): Promise<Record<string, unknown> | null> {
    return privacyService.customerDataExport(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CustomerType, {
    description:
      'Erases the customer’s personal data for good: names, document number, email, phones, birth date, street lines and postal codes, interaction texts. Sales, amounts, subscriptions, category, city and region stay, so every report adds up as before. A second time: CONFLICT (CUSTOMER_ANONYMIZED).',
  })
  anonymizeCustomer(@Ctx() ctx: RequestContext, @Args() { id }: AnonymizeCustomerArgs): Promise<Customer> {
    return privacyService.anonymizeCustomer(ctx, id);
  }
}
