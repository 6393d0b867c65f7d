import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeISO } from '../../core/graphql/scalars';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageInfo } from '../../core/pagination';
import { SaleEventType } from '../sales';

registerEnumType(SaleEventType, {
  name: 'SaleEventType',
  description: 'What happened to a sale: one event per status change, in commit order.',
  valuesConfig: {
    SALE_CREATED: { description: 'A sale was made (PENDING): its stock is held.' },
    SALE_PAID: { description: 'A sale was paid.' },
    SALE_CANCELLED: { description: 'A PENDING sale was cancelled, by hand or when its hold expired.' },
    SALE_REFUNDED: { description: 'A paid sale was refunded.' },
  },
});

@ObjectType('SaleEvent', { description: 'One change of a sale, in commit order. Delivered at least once: dedupe by `id`.' })
export class SaleEventObject {
  @Field(() => SaleEventType, { description: 'What happened to the sale.' })
  type!: SaleEventType;

  @Field(() => DateTimeISO, { description: 'UTC instant the change was committed.' })
  occurredAt!: Date;
}

@ObjectType('SaleEventEdge', { description: 'One sale event of a page, with its cursor.' })
export class SaleEventEdge {
  @Field({ description: 'The event’s id: pass it as `after` to resume after it.' })
  cursor!: string;

  @Field(() => SaleEventObject, { description: 'The sale event.' })
  node!: SaleEventObject;
}

@ObjectType('SaleEventConnection', { description: 'Sale events in commit order, oldest first.' })
export class SaleEventConnection {
  @Field(() => [SaleEventEdge], { description: 'The events of this page, oldest first, each with its cursor.' })
  edges!: SaleEventEdge[];

  @Field(() => PageInfo, { description: 'With no event after `after`, `endCursor` is `after` itself: poll again with it.' })
  pageInfo!: PageInfo;
}

@ArgsType()
export class SaleEventsArgs {
  @Field(() => String, { nullable: true, description: 'A cursor (an event `id` or an edge `cursor`); omitted: from the oldest event kept.' })
  @IsOptional()
  @MaxLength(500)
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page size, ${DEFAULT_PAGE_SIZE} when omitted, at most ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => [SaleEventType], { nullable: true, description: 'Only these types; omitted or empty: every type.' })
  @IsOptional()
  types?: SaleEventType[] | null;
}

@ArgsType()
export class SaleEventStreamArgs {
  @Field(() => String, { nullable: true, description: 'Resume after this cursor (an event `id`): replays what followed it, then goes live. Omitted: live from now.' })
  @IsOptional()
  @MaxLength(500)
  after?: string | null;

  @Field(() => [SaleEventType], { nullable: true, description: 'Only these types; omitted or empty: every type.' })
  @IsOptional()
  types?: SaleEventType[] | null;
}
