import pino from 'pino';
import { TokenService } from '../../src/core/auth/tokens';
import type { AppConfig } from '../../src/core/config';
import { createRequestContext, type RequestContext, type Viewer } from '../../src/core/context';
import type { MikroORM } from '../../src/core/db/orm';
import { cop, Decimal } from '../../src/core/money';
import { installAppModules } from '../../src/modules';
import { Brand, Product, ProductCategory } from '../../src/modules/catalog';
import { BillingPeriod, openSubscription, ServiceType } from '../../src/modules/services';
import { createServicePlan } from '../../src/modules/services/service-plan.service';
import type { CreateServicePlanInput } from '../../src/modules/services/services.inputs';
import { AddressKind } from '../../src/modules/users';
import { DocumentType } from '../../src/modules/users/customer.enums';
import type { CreateCustomerInput } from '../../src/modules/users/customer.inputs';
import { createCustomer } from '../../src/modules/users/customer.service';

/**
 * Large data sets for the N+1 tests and the bench, written in one transaction through the same
 * services the API uses (so rows are valid) but without one HTTP call per row.
 */

/** Runs `work` with a request context of `viewer` in one transaction, flushed at the end. */
export function inSeedContext<T>(orm: MikroORM, config: AppConfig, viewer: Viewer, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional((em) =>
    work(
      createRequestContext({
        requestId: 'bulk-seed',
        em,
        viewer,
        authFailure: null,
        logger: pino({ level: 'silent' }),
        config,
        // Not used by the services called here.
        tokens: new TokenService('bulk-seed-secret-bulk-seed-secret-0000', '1h'),
        app: installAppModules(),
      }),
    ),
  );
}

const CITIES = [
  ['Bogotá', 'Bogotá D.C.'],
  ['Medellín', 'Antioquia'],
  ['Cali', 'Valle del Cauca'],
  ['Barranquilla', 'Atlántico'],
  ['Bucaramanga', 'Santander'],
] as const;

const PLAN_TYPES = [ServiceType.FIBER_INTERNET, ServiceType.MOBILE_POSTPAID, ServiceType.MOBILE_PREPAID, ServiceType.TV, ServiceType.LANDLINE, ServiceType.BUNDLE];

export interface SubscribedCustomers {
  customerIds: string[];
  planIds: string[];
}

/**
 * `customers` customers, each subscribed to `subscriptionsEach` different plans out of `plans`
 * ACTIVE plans (with three features each). `tag` keeps codes, emails and documents unique.
 */
export async function seedSubscribedCustomers(
  ctx: RequestContext,
  { customers, subscriptionsEach, plans: planCount, tag = 'BULK' }: { customers: number; subscriptionsEach: number; plans: number; tag?: string },
): Promise<SubscribedCustomers> {
  const plans = [];
  for (let p = 0; p < planCount; p++) {
    const input = {
      code: `${tag}-${p + 1}`,
      name: `Plan ${tag.toLowerCase()} ${p + 1}`,
      type: PLAN_TYPES[p % PLAN_TYPES.length],
      features: [
        { name: 'Velocidad de descarga', value: String(100 * (p + 1)), unit: 'Mbps' },
        { name: 'Datos', value: String(10 + p), unit: 'GB' },
        { name: 'Minutos', value: 'ilimitados', unit: null },
      ],
      price: { amount: new Decimal(39900 + 10000 * p) },
      billingPeriod: BillingPeriod.MONTHLY,
    } as CreateServicePlanInput;
    plans.push(await createServicePlan(ctx, input));
  }
  const created = [];
  for (let i = 0; i < customers; i++) {
    const [city, region] = CITIES[i % CITIES.length];
    const input = {
      firstName: 'Cliente',
      lastName: `${tag} ${i + 1}`,
      documentType: DocumentType.CC,
      documentNumber: String(1_500_000_000 + i),
      email: `${tag.toLowerCase()}.${i + 1}@bulk.claro`,
      phones: ['+573001234567'],
      addresses: [
        { kind: AddressKind.BILLING, line1: `Calle ${i + 1} # 10-20`, city, region, countryCode: 'CO' },
        { kind: AddressKind.INSTALLATION, line1: `Carrera ${i + 1} # 5-15`, city, region, countryCode: 'CO' },
      ],
    } as CreateCustomerInput;
    const customer = await createCustomer(ctx, input);
    for (let s = 0; s < subscriptionsEach; s++) {
      const plan = plans[(i + s * 7) % plans.length];
      const startDate = `2025-${String(1 + ((i + s) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      openSubscription(ctx, { customer, plan, startDate, price: plan.price, installationAddress: null });
    }
    created.push(customer);
  }
  // Ids are known once flushed.
  await ctx.em.flush();
  return { customerIds: created.map((customer) => customer.id), planIds: plans.map((plan) => plan.id) };
}

/** `count` ACTIVE products spread over five brands and four categories. */
export async function seedProducts(ctx: RequestContext, count: number, tag = 'BULK'): Promise<string[]> {
  const brands = ['Samsung', 'Apple', 'Xiaomi', 'Motorola', 'TP-Link'].map((name) => ctx.em.create(Brand, { name: `${name} ${tag}`, country: null }));
  const categories = ['Smartphones', 'Routers', 'Accesorios', 'Tablets'].map((name) => ctx.em.create(ProductCategory, { name: `${name} ${tag}` }));
  const products = [];
  for (let i = 0; i < count; i++) {
    products.push(
      ctx.em.create(Product, {
        sku: `${tag}-SKU-${i + 1}`,
        name: `Producto ${tag} ${i + 1}`,
        brand: brands[i % brands.length],
        category: categories[i % categories.length],
        model: `M-${i + 1}`,
        attributes: [{ name: 'Color', value: i % 2 ? 'Negro' : 'Blanco' }],
        price: cop(new Decimal(199900).plus(1000 * i)),
        stock: 10 + (i % 7),
      }),
    );
  }
  await ctx.em.flush();
  return products.map((product) => product.id);
}
