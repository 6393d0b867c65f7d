import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DateRange } from '../../core/graphql/date-range';
import { Decimal, DecimalScalar } from '../../core/money';
import { ConnectionArgs, SortDirection } from '../../core/pagination';
import { NotBlank } from '../../core/validation';
import { PaymentMethod, SaleOrderField, SaleStatus } from './sales.enums';

const MAX_LINES = 50;
const MAX_QUANTITY = 1000;

@InputType({ description: 'One line of a new sale: a product or a service plan, and how many.' })
export class SaleLineInput {
  @Field(() => ID, { nullable: true, description: 'Exactly one of productId and servicePlanId.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The service plan sold (ACTIVE and within its dates); not with `productId`.' })
  servicePlanId?: string | null;

  @Field(() => Int, { description: `1 to ${MAX_QUANTITY}; for a plan, how many subscriptions it opens when paid.` })
  @Min(1, { message: 'must be at least 1' })
  @Max(MAX_QUANTITY)
  quantity!: number;
}

@InputType({ description: 'A new sale (invoice) registered by a sales agent: it starts PENDING and holds its stock until paid, cancelled or expired.' })
export class CreateSaleInput {
  @Field(() => ID, { description: 'Id of the buying customer.' })
  customerId!: string;

  @Field(() => [SaleLineInput], { description: 'What is sold: 1 to 50 lines, each a product or a service plan with a quantity.' })
  @ArrayMinSize(1, { message: 'must contain at least one line' })
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  lines!: SaleLineInput[];

  @Field(() => String, { nullable: true, description: 'A promotion’s code to apply, any letter case; refused (BAD_USER_INPUT, with a detail such as PROMOTION_EXPIRED) when it does not apply.' })
  @IsOptional()
  @MaxLength(40)
  promotionCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Sending the same key again returns the first sale and writes nothing; the same key with other input is CONFLICT (detail IDEMPOTENCY_KEY_REUSED).',
  })
  @IsOptional()
  @Matches(/^[\w.:-]{8,100}$/, { message: 'must be 8 to 100 letters, digits, dots, colons, underscores or hyphens' })
  idempotencyKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Free text kept with the sale (delivery details, the customer’s request); optional.' })
  @IsOptional()
  @MaxLength(2000)
  notes?: string | null;
}

@InputType({ description: 'How a PENDING sale was paid.' })
export class PaySaleInput {
  @Field(() => PaymentMethod, { description: 'Cash, card, bank transfer or financing.' })
  method!: PaymentMethod;

  @Field(() => String, { nullable: true, description: 'The payment’s own reference (voucher, transfer id).' })
  @IsOptional()
  @MaxLength(100)
  reference?: string | null;
}

@ArgsType()
export class SaleReasonArgs {
  @Field(() => ID, { description: 'Id of the sale: PENDING to cancel it, PAID to refund it.' })
  id!: string;

  @Field({ description: 'Why it is cancelled or refunded, kept in the sale’s status history (up to 500 characters).' })
  @NotBlank(500)
  reason!: string;
}

@InputType({ description: 'Which sales to list; conditions combine with AND.' })
export class SaleFilter {
  @Field(() => ID, { nullable: true, description: 'Only sales to this customer.' })
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only sales registered by this staff member.' })
  sellerId?: string | null;

  @Field(() => SaleStatus, { nullable: true, description: 'Only sales in this status.' })
  status?: SaleStatus | null;

  @Field(() => DateRange, { nullable: true, description: 'When the sales were made: UTC date-times or calendar days in the business time zone.' })
  createdAt?: DateRange | null;

  @Field(() => ID, { nullable: true, description: 'Sales with a line of this product.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Sales with a line of this plan.' })
  servicePlanId?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only sales whose total (tax included, COP) is at least this.' })
  minTotal?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Only sales whose total (tax included, COP) is at most this.' })
  maxTotal?: Decimal | null;
}

@InputType({ description: 'How to sort the sales list; ties are broken by id.' })
export class SaleOrder {
  @Field(() => SaleOrderField, { description: 'The sort key.' })
  field!: SaleOrderField;

  @Field(() => SortDirection, { description: 'ASC or DESC.' })
  direction!: SortDirection;
}

@ArgsType()
export class SalesArgs extends ConnectionArgs {
  @Field(() => SaleFilter, { nullable: true, description: 'Which sales; all when omitted.' })
  @ValidateNested()
  filter?: SaleFilter | null;

  @Field(() => SaleOrder, { nullable: true, description: 'Newest first when omitted.' })
  orderBy?: SaleOrder | null;
}
