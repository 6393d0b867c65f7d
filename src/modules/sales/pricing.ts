import { Decimal, roundMoney } from '../../core/money';

/** A line to price: what it costs before any discount, and whether the promotion covers it. */
export interface LineToPrice {
  unitPrice: Decimal;
  quantity: number;
  /** 0.19 for IVA, 0 when exempt. */
  taxRate: Decimal;
  coveredByPromotion: boolean;
}

export interface PricedLine {
  gross: Decimal;
  discount: Decimal;
  net: Decimal;
  tax: Decimal;
  total: Decimal;
}

export interface Discount {
  percentOff?: number | null;
  amountOff?: Decimal | null;
}

export interface PricedSale {
  lines: PricedLine[];
  subtotal: Decimal;
  discount: Decimal;
  tax: Decimal;
  total: Decimal;
}

/**
 * The invoice arithmetic, exactly as the sales rules state it (prices are net of tax):
 * line gross = unitPrice × quantity; line net = gross − discount; line tax = net × rate;
 * every amount rounded half up to cents, per line. The sale sums its lines, so
 * total = subtotal − discount + tax holds to the cent.
 *
 * A percentage applies to each covered line. An amount off is shared among the covered lines in
 * proportion to their gross, never more than they cost, with the leftover cents of rounding given
 * to the lines with the largest remainders so that the shares add up to the amount exactly.
 */
export function priceSale(lines: LineToPrice[], discount: Discount | null): PricedSale {
  const gross = lines.map((line) => roundMoney(line.unitPrice.times(line.quantity)));
  const discounts = lineDiscounts(lines, gross, discount);
  const priced = lines.map((line, i) => {
    const net = gross[i].minus(discounts[i]);
    const tax = roundMoney(net.times(line.taxRate));
    return { gross: gross[i], discount: discounts[i], net, tax, total: net.plus(tax) };
  });
  const sum = (pick: (line: PricedLine) => Decimal) => priced.reduce((total, line) => total.plus(pick(line)), new Decimal(0));
  const subtotal = sum((l) => l.gross);
  const discountTotal = sum((l) => l.discount);
  const tax = sum((l) => l.tax);
  return { lines: priced, subtotal, discount: discountTotal, tax, total: subtotal.minus(discountTotal).plus(tax) };
}

function lineDiscounts(lines: LineToPrice[], gross: Decimal[], discount: Discount | null): Decimal[] {
  const none = lines.map(() => new Decimal(0));
  if (!discount) return none;
  if (discount.percentOff) {
    return lines.map((line, i) => (line.coveredByPromotion ? roundMoney(gross[i].times(discount.percentOff!).dividedBy(100)) : none[i]));
  }
  if (!discount.amountOff) return none;
  const covered = lines.map((line, i) => (line.coveredByPromotion ? i : -1)).filter((i) => i >= 0);
  const coveredGross = covered.reduce((total, i) => total.plus(gross[i]), new Decimal(0));
  if (coveredGross.isZero()) return none;
  const amount = Decimal.min(discount.amountOff, coveredGross);
  // Shares in cents, rounded down, then the remaining cents one by one to the largest remainders.
  const exact = covered.map((i) => amount.times(gross[i]).dividedBy(coveredGross).times(100));
  const cents = exact.map((share) => share.floor());
  let leftover = amount.times(100).minus(cents.reduce((total, c) => total.plus(c), new Decimal(0))).toNumber();
  const byRemainder = exact.map((share, k) => ({ k, remainder: share.minus(cents[k]) })).sort((a, b) => b.remainder.comparedTo(a.remainder) || a.k - b.k);
  for (const { k } of byRemainder) {
    if (leftover <= 0) break;
    cents[k] = cents[k].plus(1);
    leftover--;
  }
  const result = [...none];
  covered.forEach((i, k) => (result[i] = cents[k].dividedBy(100)));
  return result;
}
