import { graphql } from '../__generated__';
import type { SubscribeCustomerInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { todayIn } from '../../src/core/time';
import { startTestServer, type TestServer } from '../support/server';
import {
  countRows,
  createCustomer,
  createPlan,
  ServicesDeletePlan,
  ServicesRetirePlan,
  ServicesUpdatePlan,
  sql,
} from './services.fixtures';

const SubscribeCustomer = graphql(`
  mutation SubscribeCustomer($input: SubscribeCustomerInput!) {
    subscribeCustomer(input: $input) {
      id
      status
      startDate
      endDate
      price { amount currency }
      installationAddress { kind line1 city region countryCode postalCode }
      customer { id }
      servicePlan { id code price { amount } }
    }
  }
`);

const ChangeSubscriptionStatus = graphql(`
  mutation ChangeSubscriptionStatus($id: ID!, $status: ServiceSubscriptionStatus!) {
    changeSubscriptionStatus(id: $id, status: $status) { id status startDate endDate }
  }
`);

const CustomerSubscriptions = graphql(`
  query CustomerSubscriptions($id: ID!) {
    customer(id: $id) {
      id
      subscriptions {
        id
        status
        startDate
        endDate
        price { amount }
        servicePlan { id code }
        customer { id }
      }
    }
  }
`);

const PlanSubscribers = graphql(`
  query PlanSubscribers($id: ID!, $first: Int, $after: String, $status: ServiceSubscriptionStatus) {
    servicePlan(id: $id) {
      id
      subscribers(first: $first, after: $after, status: $status) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        edges { cursor node { id status startDate customer { id } } }
      }
    }
  }
`);

const SubscriptionsDeleteCustomer = graphql(`
  mutation SubscriptionsDeleteCustomer($id: ID!) {
    deleteCustomer(id: $id)
  }
`);

const SubscriptionsCustomerById = graphql(`
  query SubscriptionsCustomerById($id: ID!) {
    customer(id: $id) { id }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const BOGOTA = 'America/Bogota';

async function subscribe(input: SubscribeCustomerInput, role: Role = Role.SALES_AGENT) {
  return (await server.as(role).mutate(SubscribeCustomer, { input })).subscribeCustomer;
}

async function move(id: string, status: 'ACTIVE' | 'SUSPENDED' | 'CANCELLED') {
  return (await server.as(Role.SALES_AGENT).mutate(ChangeSubscriptionStatus, { id, status })).changeSubscriptionStatus;
}

describe('subscribeCustomer', () => {
  it('opens an ACTIVE subscription from today (Bogotá) at the plan’s price, installed at the customer’s INSTALLATION address', async () => {
    const plan = await createPlan(server, { price: { amount: '109900' } });
    const customer = await createCustomer(server);
    const subscription = await subscribe({ customerId: customer.id, servicePlanId: plan.id });
    expect(subscription).toMatchObject({
      status: 'ACTIVE',
      startDate: todayIn(BOGOTA),
      endDate: null,
      price: { amount: '109900.00', currency: 'COP' },
      installationAddress: customer.addresses.find((a) => a.kind === 'INSTALLATION'),
      customer: { id: customer.id },
      servicePlan: { id: plan.id, code: plan.code },
    });
    expect(subscription.installationAddress).toMatchObject({ kind: 'INSTALLATION', city: 'Medellín', postalCode: '050021' });
    expect(subscription.id).toMatch(/^\d+$/);

    const { customer: read } = await server.as(Role.ANALYST).query(CustomerSubscriptions, { id: customer.id });
    expect(read?.subscriptions).toMatchObject([
      { id: subscription.id, status: 'ACTIVE', startDate: todayIn(BOGOTA), endDate: null, price: { amount: '109900.00' }, servicePlan: { id: plan.id, code: plan.code }, customer: { id: customer.id } },
    ]);
  });

  it('takes a start date and an installation address when given; without either address it has none', async () => {
    const plan = await createPlan(server);
    const customer = await createCustomer(server);
    const given = await subscribe({
      customerId: customer.id,
      servicePlanId: plan.id,
      startDate: '2025-03-01',
      installationAddress: { kind: 'INSTALLATION', line1: ' Avenida 68 # 1-1 ', city: 'Bogotá', region: 'Bogotá D.C.', countryCode: 'CO' },
    });
    expect(given).toMatchObject({ startDate: '2025-03-01', installationAddress: { kind: 'INSTALLATION', line1: 'Avenida 68 # 1-1', city: 'Bogotá', postalCode: null } });

    const billingOnly = await createCustomer(server, {
      addresses: [{ kind: 'BILLING', line1: 'Calle 1 # 1-1', city: 'Cali', region: 'Valle del Cauca', countryCode: 'CO' }],
    });
    expect((await subscribe({ customerId: billingOnly.id, servicePlanId: plan.id })).installationAddress).toBeNull();
  });

  it('keeps the price of the day it was subscribed when the plan’s price changes later', async () => {
    const plan = await createPlan(server, { price: { amount: '65900' } });
    const customer = await createCustomer(server);
    const before = await subscribe({ customerId: customer.id, servicePlanId: plan.id, startDate: '2025-01-10' });
    await server.as(Role.ADMIN).mutate(ServicesUpdatePlan, { id: plan.id, input: { price: { amount: '69900' } } });
    const after = await subscribe({ customerId: customer.id, servicePlanId: plan.id, startDate: '2025-02-10' });
    expect(after.price.amount).toBe('69900.00');
    expect(after.servicePlan.price.amount).toBe('69900.00');

    const { customer: read } = await server.as(Role.SALES_AGENT).query(CustomerSubscriptions, { id: customer.id });
    // Latest start first.
    expect(read?.subscriptions.map((s) => [s.id, s.price.amount])).toEqual([
      [after.id, '69900.00'],
      [before.id, '65900.00'],
    ]);
  });

  it('refuses a DRAFT or RETIRED plan, or one outside its validity dates, with PLAN_NOT_AVAILABLE, and writes nothing', async () => {
    const customer = await createCustomer(server);
    const draft = await createPlan(server, { status: 'DRAFT' });
    const retired = await createPlan(server);
    await server.as(Role.ADMIN).mutate(ServicesRetirePlan, { id: retired.id });
    const expired = await createPlan(server, { validFrom: '2020-01-01', validUntil: '2020-12-31' });
    const before = await countRows(server, 'service_subscription');
    for (const plan of [draft, retired, expired]) {
      const error = await server.as(Role.SALES_AGENT).error(SubscribeCustomer, { input: { customerId: customer.id, servicePlanId: plan.id } });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.detail).toBe('PLAN_NOT_AVAILABLE');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.servicePlanId' })]);
    }
    expect(await countRows(server, 'service_subscription')).toBe(before);
    // Within its validity the same plan can be subscribed.
    expect((await subscribe({ customerId: customer.id, servicePlanId: expired.id, startDate: '2020-06-15' })).startDate).toBe('2020-06-15');
  });

  it('answers NOT_FOUND naming the argument for an unknown customer or plan, well-formed or not', async () => {
    const plan = await createPlan(server);
    const customer = await createCustomer(server);
    const before = await countRows(server, 'service_subscription');
    for (const id of ['999999999', 'x']) {
      const noCustomer = await server.as(Role.SALES_AGENT).error(SubscribeCustomer, { input: { customerId: id, servicePlanId: plan.id } });
      expect(noCustomer.code).toBe('NOT_FOUND');
      expect(noCustomer.extensions.fields).toEqual([expect.objectContaining({ field: 'input.customerId' })]);
      const noPlan = await server.as(Role.SALES_AGENT).error(SubscribeCustomer, { input: { customerId: customer.id, servicePlanId: id } });
      expect(noPlan.code).toBe('NOT_FOUND');
      expect(noPlan.extensions.fields).toEqual([expect.objectContaining({ field: 'input.servicePlanId' })]);
    }
    expect(await countRows(server, 'service_subscription')).toBe(before);
  });
});

describe('changeSubscriptionStatus', () => {
  it('moves ACTIVE → SUSPENDED → ACTIVE → CANCELLED, setting the end date to today (Bogotá) on cancellation', async () => {
    const subscription = await subscribe({ customerId: (await createCustomer(server)).id, servicePlanId: (await createPlan(server)).id, startDate: '2025-05-05' });
    expect(await move(subscription.id, 'SUSPENDED')).toMatchObject({ status: 'SUSPENDED', endDate: null });
    expect(await move(subscription.id, 'ACTIVE')).toMatchObject({ status: 'ACTIVE', endDate: null });
    expect(await move(subscription.id, 'CANCELLED')).toMatchObject({ status: 'CANCELLED', startDate: '2025-05-05', endDate: todayIn(BOGOTA) });
  });

  it('cancels a SUSPENDED subscription too', async () => {
    const subscription = await subscribe({ customerId: (await createCustomer(server)).id, servicePlanId: (await createPlan(server)).id });
    await move(subscription.id, 'SUSPENDED');
    expect(await move(subscription.id, 'CANCELLED')).toMatchObject({ status: 'CANCELLED', endDate: todayIn(BOGOTA) });
  });

  it('refuses any other move with INVALID_TRANSITION (CANCELLED is final) and changes nothing', async () => {
    const customer = await createCustomer(server);
    const subscription = await subscribe({ customerId: customer.id, servicePlanId: (await createPlan(server)).id });
    const same = await server.as(Role.SALES_AGENT).error(ChangeSubscriptionStatus, { id: subscription.id, status: 'ACTIVE' });
    expect(same.code).toBe('BAD_USER_INPUT');
    expect(same.extensions.detail).toBe('INVALID_TRANSITION');

    const cancelled = await move(subscription.id, 'CANCELLED');
    for (const status of ['ACTIVE', 'SUSPENDED', 'CANCELLED'] as const) {
      const error = await server.as(Role.SALES_AGENT).error(ChangeSubscriptionStatus, { id: subscription.id, status });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.detail).toBe('INVALID_TRANSITION');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'status' })]);
    }
    const { customer: read } = await server.as(Role.SALES_AGENT).query(CustomerSubscriptions, { id: customer.id });
    expect(read?.subscriptions).toEqual([expect.objectContaining({ id: subscription.id, status: 'CANCELLED', endDate: cancelled.endDate })]);
  });

  it('keeps a cancellation final under concurrent moves: a suspension sent at the same time never overwrites it', async () => {
    const plan = await createPlan(server);
    const customer = await createCustomer(server);
    const agent = server.as(Role.SALES_AGENT);
    for (let round = 0; round < 8; round++) {
      const subscription = await subscribe({ customerId: customer.id, servicePlanId: plan.id });
      const [cancel, suspend] = await Promise.allSettled([
        agent.mutate(ChangeSubscriptionStatus, { id: subscription.id, status: 'CANCELLED' }),
        agent.mutate(ChangeSubscriptionStatus, { id: subscription.id, status: 'SUSPENDED' }),
      ]);
      expect(cancel.status).toBe('fulfilled');
      // The suspension either came first (then cancelled) or found the subscription cancelled.
      if (suspend.status === 'rejected') expect(String(suspend.reason)).toMatch(/cannot move from CANCELLED to SUSPENDED/);
      const [row] = await sql<{ status: string; end_date: string | null }>(server, "select status, to_char(end_date, 'YYYY-MM-DD') as end_date from service_subscription where id = ?", [subscription.id]);
      expect(row).toEqual({ status: 'CANCELLED', end_date: todayIn(BOGOTA) });
    }
  });

  it('answers NOT_FOUND for an unknown subscription, well-formed or not', async () => {
    for (const id of ['999999999', 'abc']) {
      expect((await server.as(Role.SALES_AGENT).error(ChangeSubscriptionStatus, { id, status: 'CANCELLED' })).code).toBe('NOT_FOUND');
    }
  });
});

describe('Customer.subscriptions and ServicePlan.subscribers', () => {
  it('lists a customer’s subscriptions, every status, latest start first', async () => {
    const customer = await createCustomer(server);
    const [fibre, mobile, tv] = [await createPlan(server), await createPlan(server, { type: 'MOBILE_POSTPAID' }), await createPlan(server, { type: 'TV' })];
    const a = await subscribe({ customerId: customer.id, servicePlanId: fibre.id, startDate: '2024-01-01' });
    const b = await subscribe({ customerId: customer.id, servicePlanId: mobile.id, startDate: '2025-06-01' });
    const c = await subscribe({ customerId: customer.id, servicePlanId: tv.id, startDate: '2024-09-15' });
    await move(a.id, 'CANCELLED');
    await move(c.id, 'SUSPENDED');
    const { customer: read } = await server.as(Role.ANALYST).query(CustomerSubscriptions, { id: customer.id });
    expect(read?.subscriptions.map((s) => [s.id, s.status, s.servicePlan.code])).toEqual([
      [b.id, 'ACTIVE', mobile.code],
      [c.id, 'SUSPENDED', tv.code],
      [a.id, 'CANCELLED', fibre.code],
    ]);
    // A customer without services has an empty list.
    expect((await server.as(Role.ANALYST).query(CustomerSubscriptions, { id: (await createCustomer(server)).id })).customer?.subscriptions).toEqual([]);
  });

  it('pages a plan’s subscribers latest start first, filters them by status, and counts them', async () => {
    const plan = await createPlan(server);
    const other = await createPlan(server);
    const starts = ['2025-01-05', '2025-03-05', '2025-03-05', '2024-12-24', '2025-07-01'];
    const subscriptions: { id: string }[] = [];
    for (const startDate of starts) {
      subscriptions.push(await subscribe({ customerId: (await createCustomer(server)).id, servicePlanId: plan.id, startDate }));
    }
    // Another plan's subscriber never shows.
    await subscribe({ customerId: (await createCustomer(server)).id, servicePlanId: other.id });
    await move(subscriptions[1].id, 'SUSPENDED');
    await move(subscriptions[3].id, 'CANCELLED');
    const expected = subscriptions
      .map((s, i) => ({ id: s.id, startDate: starts[i] }))
      .sort((x, y) => (x.startDate < y.startDate ? 1 : x.startDate > y.startDate ? -1 : Number(y.id) - Number(x.id)))
      .map((s) => s.id);

    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const { servicePlan } = await server.as(Role.ANALYST).query(PlanSubscribers, { id: plan.id, first: 2, after });
      const page = servicePlan!.subscribers;
      expect(page.totalCount).toBe(5);
      expect(page.pageInfo.hasPreviousPage).toBe(after != null);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    const active = (await server.as(Role.ANALYST).query(PlanSubscribers, { id: plan.id, status: 'ACTIVE' })).servicePlan!.subscribers;
    expect(active.totalCount).toBe(3);
    expect(active.edges.map((e) => e.node.id)).toEqual(expected.filter((id) => id !== subscriptions[1].id && id !== subscriptions[3].id));
    expect(active.edges.every((e) => e.node.status === 'ACTIVE')).toBe(true);
    const suspended = (await server.as(Role.ANALYST).query(PlanSubscribers, { id: plan.id, status: 'SUSPENDED' })).servicePlan!.subscribers;
    expect(suspended.edges.map((e) => [e.node.id, e.node.customer.id])).toEqual([[subscriptions[1].id, expect.any(String)]]);
    expect(suspended.totalCount).toBe(1);

    const empty = (await server.as(Role.ANALYST).query(PlanSubscribers, { id: (await createPlan(server)).id, first: 2 })).servicePlan!.subscribers;
    expect(empty).toMatchObject({ totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null }, edges: [] });

    const tooMany = await server.as(Role.ANALYST).error(PlanSubscribers, { id: plan.id, first: 101 });
    expect(tooMany.code).toBe('BAD_USER_INPUT');
  });
});

describe('deletion guards', () => {
  it('refuses to delete a plan once subscribed, even after cancelling, with CONFLICT PLAN_IN_USE', async () => {
    const plan = await createPlan(server);
    const subscription = await subscribe({ customerId: (await createCustomer(server)).id, servicePlanId: plan.id });
    for (const cancel of [false, true]) {
      if (cancel) await move(subscription.id, 'CANCELLED');
      const error = await server.as(Role.ADMIN).error(ServicesDeletePlan, { id: plan.id });
      expect(error.code).toBe('CONFLICT');
      expect(error.extensions.detail).toBe('PLAN_IN_USE');
    }
    const [{ n }] = await sql<{ n: number }>(server, 'select count(*)::int as n from service_plan where id = ?', [plan.id]);
    expect(n).toBe(1);
    // Retiring is the way out.
    expect((await server.as(Role.ADMIN).mutate(ServicesRetirePlan, { id: plan.id })).retireServicePlan.status).toBe('RETIRED');
  });

  it('refuses to delete a customer with an ACTIVE or SUSPENDED subscription, and deletes it once every one is cancelled', async () => {
    const customer = await createCustomer(server);
    const first = await subscribe({ customerId: customer.id, servicePlanId: (await createPlan(server)).id });
    const second = await subscribe({ customerId: customer.id, servicePlanId: (await createPlan(server)).id });
    const expectRefused = async () => {
      const error = await server.as(Role.SALES_AGENT).error(SubscriptionsDeleteCustomer, { id: customer.id });
      expect(error.code).toBe('CONFLICT');
      expect(error.extensions.detail).toBe('CUSTOMER_IN_USE');
      expect((await server.as(Role.SALES_AGENT).query(SubscriptionsCustomerById, { id: customer.id })).customer?.id).toBe(customer.id);
    };
    await expectRefused();
    await move(first.id, 'CANCELLED');
    await move(second.id, 'SUSPENDED');
    await expectRefused();
    await move(second.id, 'CANCELLED');
    expect((await server.as(Role.SALES_AGENT).mutate(SubscriptionsDeleteCustomer, { id: customer.id })).deleteCustomer).toBe(customer.id);
    expect((await server.as(Role.SALES_AGENT).query(SubscriptionsCustomerById, { id: customer.id })).customer).toBeNull();
  });
});

describe('roles', () => {
  it('lets sales agents subscribe and move subscriptions, analysts only read, partners nothing', async () => {
    const plan = await createPlan(server);
    const customer = await createCustomer(server);
    const subscription = await subscribe({ customerId: customer.id, servicePlanId: plan.id }, Role.SALES_AGENT);
    expect(await subscribe({ customerId: customer.id, servicePlanId: plan.id }, Role.ADMIN)).toMatchObject({ status: 'ACTIVE' });
    const before = await countRows(server, 'service_subscription');

    for (const role of [Role.ANALYST, Role.PARTNER]) {
      expect((await server.as(role).error(SubscribeCustomer, { input: { customerId: customer.id, servicePlanId: plan.id } })).code).toBe('FORBIDDEN');
      expect((await server.as(role).error(ChangeSubscriptionStatus, { id: subscription.id, status: 'SUSPENDED' })).code).toBe('FORBIDDEN');
    }
    expect((await server.as(null).error(SubscribeCustomer, { input: { customerId: customer.id, servicePlanId: plan.id } })).code).toBe('UNAUTHENTICATED');
    expect(await countRows(server, 'service_subscription')).toBe(before);

    for (const role of [Role.ADMIN, Role.SALES_AGENT, Role.ANALYST]) {
      expect((await server.as(role).query(CustomerSubscriptions, { id: customer.id })).customer?.subscriptions).toHaveLength(2);
      expect((await server.as(role).query(PlanSubscribers, { id: plan.id })).servicePlan?.subscribers.totalCount).toBe(2);
    }
    expect((await server.as(Role.PARTNER).error(PlanSubscribers, { id: plan.id })).code).toBe('FORBIDDEN');
    expect((await server.as(Role.PARTNER).error(CustomerSubscriptions, { id: customer.id })).code).toBe('FORBIDDEN');
  });
});
