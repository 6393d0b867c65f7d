import type { RequestContext } from '../../core/context';
import { todayIn } from '../../core/time';
import type { SeededRandom } from '../random';
import { Customer } from '../../modules/users';
import { createServicePlan } from '../../modules/services/service-plan.service';
import { BillingPeriod, ServicePlanStatus, ServiceSubscriptionStatus, ServiceType } from '../../modules/services/services.enums';
import type { CreateServicePlanInput } from '../../modules/services/services.inputs';
import { moveSubscription, openSubscription } from '../../modules/services/subscription.service';
import { Decimal } from '../../core/money';

/** The customers made one by one in the users demo: those who also get subscriptions opened by hand. */
const HAND_SUBSCRIBED_CUSTOMERS = 30;

type PlanSeed = Omit<CreateServicePlanInput, 'price' | 'features'> & { price: string; features: [string, string, string?][] };

/** Plans in the style of Claro Colombia's offer (prices in COP, net of IVA). */
const PLANS: PlanSeed[] = [
  { code: 'FIBRA-300', name: 'Internet Fibra 300 Mbps', type: ServiceType.FIBER_INTERNET, billingPeriod: BillingPeriod.MONTHLY, price: '89900', features: [['Velocidad de descarga', '300', 'Mbps'], ['Velocidad de subida', '150', 'Mbps'], ['Router', 'Wi-Fi 5']] },
  { code: 'FIBRA-500', name: 'Internet Fibra 500 Mbps', type: ServiceType.FIBER_INTERNET, billingPeriod: BillingPeriod.MONTHLY, price: '109900', features: [['Velocidad de descarga', '500', 'Mbps'], ['Velocidad de subida', '250', 'Mbps'], ['Router', 'Wi-Fi 6']] },
  { code: 'FIBRA-900', name: 'Internet Fibra 900 Mbps', type: ServiceType.FIBER_INTERNET, billingPeriod: BillingPeriod.MONTHLY, price: '149900', features: [['Velocidad de descarga', '900', 'Mbps'], ['Velocidad de subida', '450', 'Mbps'], ['Router', 'Wi-Fi 6'], ['Extensor Wi-Fi', '1', 'unidad']] },
  { code: 'POST-20GB', name: 'Postpago 20 GB', type: ServiceType.MOBILE_POSTPAID, billingPeriod: BillingPeriod.MONTHLY, price: '45900', features: [['Datos', '20', 'GB'], ['Minutos', 'ilimitados'], ['Redes sociales', 'ilimitadas']] },
  { code: 'POST-40GB', name: 'Postpago 40 GB', type: ServiceType.MOBILE_POSTPAID, billingPeriod: BillingPeriod.MONTHLY, price: '65900', features: [['Datos', '40', 'GB'], ['Minutos', 'ilimitados'], ['Roaming', 'Estados Unidos y Canadá']] },
  { code: 'POST-ILIM', name: 'Postpago Ilimitado', type: ServiceType.MOBILE_POSTPAID, billingPeriod: BillingPeriod.MONTHLY, price: '99900', features: [['Datos', 'ilimitados'], ['Minutos', 'ilimitados'], ['Claro video', 'incluido']] },
  { code: 'PRE-7D', name: 'Prepago Paquete 7 días', type: ServiceType.MOBILE_PREPAID, billingPeriod: BillingPeriod.ONE_TIME, price: '15000', features: [['Datos', '6', 'GB'], ['Vigencia', '7', 'días'], ['WhatsApp', 'ilimitado']] },
  { code: 'PRE-30D', name: 'Prepago Paquete 30 días', type: ServiceType.MOBILE_PREPAID, billingPeriod: BillingPeriod.ONE_TIME, price: '35000', features: [['Datos', '15', 'GB'], ['Vigencia', '30', 'días'], ['Minutos', '300', 'min']] },
  { code: 'TV-BASICO', name: 'Claro TV+ Básico', type: ServiceType.TV, billingPeriod: BillingPeriod.MONTHLY, price: '49900', features: [['Canales', '120'], ['Canales HD', '40']] },
  { code: 'TV-PREMIUM', name: 'Claro TV+ HD Premium', type: ServiceType.TV, billingPeriod: BillingPeriod.MONTHLY, price: '79900', features: [['Canales', '190'], ['Canales HD', '90'], ['Deportes', 'Win Sports+']] },
  { code: 'FIJO-ILIM', name: 'Telefonía fija ilimitada local', type: ServiceType.LANDLINE, billingPeriod: BillingPeriod.MONTHLY, price: '25900', features: [['Minutos locales', 'ilimitados'], ['Minutos a celular', '200', 'min']] },
  { code: 'TRIPLE-500', name: 'Triple Play Fibra 500 + TV + Fijo', type: ServiceType.BUNDLE, billingPeriod: BillingPeriod.MONTHLY, price: '189900', features: [['Velocidad de descarga', '500', 'Mbps'], ['Canales', '190'], ['Minutos locales', 'ilimitados']] },
  { code: 'FIBRA-2000', name: 'Internet Fibra 2 Gbps (próximamente)', type: ServiceType.FIBER_INTERNET, billingPeriod: BillingPeriod.MONTHLY, price: '229900', status: ServicePlanStatus.DRAFT, features: [['Velocidad de descarga', '2000', 'Mbps']] },
  { code: 'POST-10GB', name: 'Postpago 10 GB (plan anterior)', type: ServiceType.MOBILE_POSTPAID, billingPeriod: BillingPeriod.MONTHLY, price: '39900', status: ServicePlanStatus.RETIRED, features: [['Datos', '10', 'GB']] },
];

/**
 * The plans above, and 0 to 3 subscriptions opened by hand for each of the first demo customers
 * (some suspended or cancelled); the sales history opens the others, one per plan unit sold.
 */
export async function seedServicesDemo(ctx: RequestContext, random: SeededRandom): Promise<string> {
  const plans = [];
  for (const { price, features, ...plan } of PLANS) {
    plans.push(await createServicePlan(ctx, { ...plan, price: { amount: new Decimal(price) }, features: features.map(([name, value, unit]) => ({ name, value, unit: unit ?? null })) }));
  }
  await ctx.em.flush();

  const offered = plans.filter((plan) => plan.status === ServicePlanStatus.ACTIVE);
  const customers = await ctx.em.find(Customer, {}, { orderBy: { id: 'asc' }, limit: HAND_SUBSCRIBED_CUSTOMERS });
  const today = todayIn(ctx.config.businessTimeZone);
  let subscriptions = 0;
  for (const customer of customers) {
    const chosen = new Set<number>();
    for (let n = random.weighted([[0, 1], [1, 4], [2, 3], [3, 2]]); n > 0; n--) chosen.add(random.int(0, offered.length - 1));
    for (const index of chosen) {
      const plan = offered[index];
      const daysAgo = random.int(1, 700);
      const startDate = new Date(Date.parse(`${today}T12:00:00Z`) - daysAgo * 86_400_000).toISOString().slice(0, 10);
      const subscription = openSubscription(ctx, { customer, plan, startDate, price: plan.price, installationAddress: null });
      const fate = random.weighted<ServiceSubscriptionStatus>([
        [ServiceSubscriptionStatus.ACTIVE, 8],
        [ServiceSubscriptionStatus.SUSPENDED, 1],
        [ServiceSubscriptionStatus.CANCELLED, 1],
      ]);
      if (fate !== ServiceSubscriptionStatus.ACTIVE) moveSubscription(ctx, subscription, fate);
      subscriptions++;
    }
  }
  return `${plans.length} service plans (${offered.length} offered), ${subscriptions} subscriptions`;
}
