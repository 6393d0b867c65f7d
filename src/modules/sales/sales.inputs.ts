import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DateRange } from '../../core/graphql/date-range';
import { Decimal, DecimalScalar } from '../../core/money';
import { ConnectionArgs, SortDirection } from '../../core/pagination';
import { NotBlank } from '../../core/validation';
import { PaymentMethod, SaleOrderField, SaleStatus } from './sales.enums';

const MAX_LINES = 50;
const MAX_QUANTITY = 1000;

@InputType()
export class SaleLineInput {
  @Field(() => ID, { nullable: true, description: 'Exactly one of productId and servicePlanId.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true })
  servicePlanId?: string | null;

  @Field(() => Int, { description: `1 to ${MAX_QUANTITY}; for a plan, how many subscriptions it opens when paid.` })
  @Min(1, { message: 'must be at least 1' })
  @Max(MAX_QUANTITY)
  quantity!: number;
}

@InputType()
export class CreateSaleInput {
  @Field(() => ID)
  customerId!: string;

  @Field(() => [SaleLineInput])
  @ArrayMinSize(1, { message: 'must contain at least one line' })
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  lines!: SaleLineInput[];

  @Field(() => String, { nullable: true })
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

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  notes?: string | null;
}

@InputType()
export class PaySaleInput {
  @Field(() => PaymentMethod)
  method!: PaymentMethod;

  @Field(() => String, { nullable: true, description: 'The payment’s own reference (voucher, transfer id).' })
  @IsOptional()
  @MaxLength(100)
  reference?: string | null;
}

@ArgsType()
export class SaleReasonArgs {
  @Field(() => ID)
  id!: string;

  @Field()
  @NotBlank(500)
  reason!: string;
}

@InputType()
export class SaleFilter {
  @Field(() => ID, { nullable: true })
  customerId?: string | null;

  @Field(() => ID, { nullable: true })
  sellerId?: string | null;

  @Field(() => SaleStatus, { nullable: true })
  status?: SaleStatus | null;

  @Field(() => DateRange, { nullable: true })
  createdAt?: DateRange | null;

  @Field(() => ID, { nullable: true, description: 'Sales with a line of this product.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Sales with a line of this plan.' })
  servicePlanId?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  minTotal?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true })
  maxTotal?: Decimal | null;
}

@InputType()
export class SaleOrder {
  @Field(() => SaleOrderField)
  field!: SaleOrderField;

  @Field(() => SortDirection)
  direction!: SortDirection;
}

@ArgsType()
export class SalesArgs extends ConnectionArgs {
  @Field(() => SaleFilter, { nullable: true })
  @ValidateNested()
  filter?: SaleFilter | null;

  @Field(() => SaleOrder, { nullable: true, description: 'Newest first when omitted.' })
  orderBy?: SaleOrder | null;
}
