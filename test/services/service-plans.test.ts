import { graphql } from '../__generated__';
import type { CreateServicePlanInput, ServicePlanFilter, ServicePlanOrder } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import {
  countRows,
  createPlan,
  ServicesCreatePlan,
  ServicesDeletePlan,
  ServicesPlanById,
  ServicesRetirePlan,
  ServicesUpdatePlan,
  unique,
} from './services.fixtures';

const ServicePlanPage = graphql(`
  query ServicePlanPage($first: Int, $after: String, $filter: ServicePlanFilter, $orderBy: ServicePlanOrder) {
    servicePlans(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id code name type status price { amount } } }
    }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

function planInput(overrides: Partial<CreateServicePlanInput> = {}): CreateServicePlanInput {
  const n = unique();
  return {
    code: `NEW-${n}`,
    name: `Plan nuevo ${n}`,
    type: 'MOBILE_POSTPAID',
    features: [{ name: 'Datos', value: '40', unit: 'GB' }],
    price: { amount: '65900' },
    billingPeriod: 'MONTHLY',
    ...overrides,
  };
}

/** The amount of a variable as JSON would carry it: the generated type says string, the scalar also takes numbers. */
const amountOf = (value: number) => value as unknown as string;

/** Plans and price-history rows: a refused mutation must leave both as they were. */
async function storedRows() {
  return { plans: await countRows(server, 'service_plan'), prices: await countRows(server, 'service_plan_price') };
}

describe('createServicePlan', () => {
  it('stores the plan with its features, an exact price, the code upper-cased and ACTIVE by default', async () => {
    const { createServicePlan } = await server.as(Role.ADMIN).mutate(ServicesCreatePlan, {
      input: {
        code: 'fibra-500x',
        name: '  Internet Fibra 500 Mbps ',
        description: ' Fibra óptica hasta el hogar ',
        type: 'FIBER_INTERNET',
        features: [
          { name: ' Velocidad de descarga ', value: '500', unit: 'Mbps' },
          { name: 'Router', value: 'Wi-Fi 6' },
        ],
        price: { amount: '109900' },
        billingPeriod: 'MONTHLY',
      },
    });
    expect(createServicePlan).toMatchObject({
      code: 'FIBRA-500X',
      name: 'Internet Fibra 500 Mbps',
      description: 'Fibra óptica hasta el hogar',
      type: 'FIBER_INTERNET',
      features: [
        { name: 'Velocidad de descarga', value: '500', unit: 'Mbps' },
        { name: 'Router', value: 'Wi-Fi 6', unit: null },
      ],
      price: { amount: '109900.00', currency: 'COP' },
      billingPeriod: 'MONTHLY',
      status: 'ACTIVE',
      validFrom: null,
      validUntil: null,
      priceHistory: [{ price: { amount: '109900.00', currency: 'COP' }, validFrom: expect.any(String), validTo: null }],
    });
    expect(createServicePlan.id).toMatch(/^\d+$/);

    // What was stored is what a later read returns, to every reading role.
    for (const role of [Role.ANALYST, Role.SALES_AGENT]) {
      const { servicePlan } = await server.as(role).query(ServicesPlanById, { id: createServicePlan.id });
      expect(servicePlan).toMatchObject({
        code: 'FIBRA-500X',
        features: createServicePlan.features,
        price: { amount: '109900.00', currency: 'COP' },
        status: 'ACTIVE',
      });
    }
  });

  it('accepts an amount as an integer or as a string with cents, and keeps a status given', async () => {
    const admin = server.as(Role.ADMIN);
    const fromInteger = await admin.mutate(ServicesCreatePlan, { input: planInput({ price: { amount: amountOf(45900) } }) });
    expect(fromInteger.createServicePlan.price).toMatchObject({ amount: '45900.00', currency: 'COP' });
    const withCents = await admin.mutate(ServicesCreatePlan, { input: planInput({ price: { amount: '45900.5', currency: 'COP' }, status: 'DRAFT' }) });
    expect(withCents.createServicePlan).toMatchObject({ price: { amount: '45900.50', currency: 'COP' }, status: 'DRAFT' });
    const free = await admin.mutate(ServicesCreatePlan, { input: planInput({ price: { amount: amountOf(0) } }) });
    expect(free.createServicePlan.price.amount).toBe('0.00');
  });

  it('refuses a duplicate code, whatever its letter case, with CONFLICT DUPLICATE_PLAN_CODE, and writes nothing', async () => {
    const first = await createPlan(server, { code: 'DUP-CODE-1' });
    const before = await storedRows();
    const error = await server.as(Role.ADMIN).error(ServicesCreatePlan, { input: planInput({ code: 'dup-code-1', name: 'Otro nombre' }) });
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions.detail).toBe('DUPLICATE_PLAN_CODE');
    expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.code' })]);
    expect(await storedRows()).toEqual(before);
    expect((await server.as(Role.ADMIN).query(ServicesPlanById, { id: first.id })).servicePlan?.name).toBe(first.name);
  });

  it('refuses a negative price with BAD_USER_INPUT naming input.price.amount (NEGATIVE_AMOUNT), and writes nothing', async () => {
    const before = await storedRows();
    for (const amount of ['-1', '-0.01', amountOf(-5)]) {
      const error = await server.as(Role.ADMIN).error(ServicesCreatePlan, { input: planInput({ price: { amount } }) });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.detail).toBe('NEGATIVE_AMOUNT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.price.amount' })]);
    }
    expect(await storedRows()).toEqual(before);
  });

  it('refuses an amount in another currency (UNSUPPORTED_CURRENCY) or with more than two decimals (TOO_MANY_DECIMALS)', async () => {
    const before = await storedRows();
    const usd = await server.as(Role.ADMIN).error(ServicesCreatePlan, { input: planInput({ price: { amount: '30', currency: 'USD' } }) });
    expect(usd.code).toBe('BAD_USER_INPUT');
    expect(usd.extensions.detail).toBe('UNSUPPORTED_CURRENCY');
    expect(usd.extensions.fields).toEqual([expect.objectContaining({ field: 'input.price.currency' })]);

    const decimals = await server.as(Role.ADMIN).error(ServicesCreatePlan, { input: planInput({ price: { amount: '100.001' } }) });
    expect(decimals.code).toBe('BAD_USER_INPUT');
    expect(decimals.extensions.detail).toBe('TOO_MANY_DECIMALS');
    expect(await storedRows()).toEqual(before);
  });

  it('refuses a float amount and a malformed amount string at the Decimal scalar, naming the field', async () => {
    const before = await storedRows();
    for (const amount of [amountOf(1.5), '12,50', '1e3', '']) {
      const error = await server.as(Role.ADMIN).error(ServicesCreatePlan, { input: planInput({ price: { amount } }) });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.price.amount' })]);
    }
    expect(await storedRows()).toEqual(before);
  });

  it('refuses a malformed code, a blank name and validity dates the wrong way round, naming the field', async () => {
    const admin = server.as(Role.ADMIN);
    const before = await storedRows();
    const code = await admin.error(ServicesCreatePlan, { input: planInput({ code: 'con espacios' }) });
    expect(code.code).toBe('BAD_USER_INPUT');
    expect(code.extensions.fields).toEqual([expect.objectContaining({ field: 'input.code' })]);
    const name = await admin.error(ServicesCreatePlan, { input: planInput({ name: '   ' }) });
    expect(name.extensions.fields).toEqual([expect.objectContaining({ field: 'input.name' })]);
    const validity = await admin.error(ServicesCreatePlan, { input: planInput({ validFrom: '2030-02-01', validUntil: '2030-01-31' }) });
    expect(validity.code).toBe('BAD_USER_INPUT');
    expect(validity.extensions.detail).toBe('INVALID_VALIDITY');
    expect(await storedRows()).toEqual(before);
  });
});

describe('servicePlan', () => {
  it('returns null for an unknown id, well-formed or not', async () => {
    for (const id of ['999999999', 'not-an-id', '-1', '0']) {
      const { servicePlan } = await server.as(Role.ANALYST).query(ServicesPlanById, { id });
      expect(servicePlan).toBeNull();
    }
  });
});

describe('servicePlans', () => {
  // A family of plans only this block creates: `search: tag` isolates them from the other tests' plans.
  const tag = 'LISTA';
  let family: { id: string; code: string; type: string; status: string; amount: string }[];

  beforeAll(async () => {
    const specs: [CreateServicePlanInput['type'], string, CreateServicePlanInput['status']][] = [
      ['FIBER_INTERNET', '89900', 'ACTIVE'],
      ['FIBER_INTERNET', '149900', 'ACTIVE'],
      ['MOBILE_POSTPAID', '45900', 'ACTIVE'],
      ['MOBILE_POSTPAID', '65900', 'DRAFT'],
      ['MOBILE_PREPAID', '15000', 'ACTIVE'],
      ['TV', '49900', 'ACTIVE'],
      // Ties on price, ordered by id.
      ['TV', '65900', 'ACTIVE'],
      ['LANDLINE', '65900', 'ACTIVE'],
      ['BUNDLE', '189900.50', 'ACTIVE'],
    ];
    family = [];
    for (const [i, [type, amount, status]] of specs.entries()) {
      // Names in an order unrelated to prices: plain letters, so that every collation sorts them alike.
      const name = `Plan ${String.fromCharCode(97 + ((i * 4) % specs.length))}`;
      const plan = await createPlan(server, { code: `${tag}-${unique()}`, name, type, price: { amount }, status });
      family.push({ id: plan.id, code: plan.code, type, status: plan.status, amount: plan.price.amount });
    }
    // Retired through the API, as an administrator would.
    await server.as(Role.ADMIN).mutate(ServicesRetirePlan, { id: family[1].id });
    family[1].status = 'RETIRED';
  });

  async function idsOf(filter: ServicePlanFilter, orderBy?: ServicePlanOrder) {
    const { servicePlans } = await server.as(Role.ANALYST).query(ServicePlanPage, { first: 100, filter: { search: tag, ...filter }, orderBy });
    expect(servicePlans.totalCount).toBe(servicePlans.edges.length);
    return servicePlans.edges.map((e) => e.node.id);
  }

  const byPrice = (a: { amount: string; id: string }, b: { amount: string; id: string }) =>
    Number(a.amount) - Number(b.amount) || Number(a.id) - Number(b.id);

  it('searches code or name in any letter case, and filters by type and status', async () => {
    expect((await idsOf({})).sort()).toEqual(family.map((p) => p.id).sort());
    expect(await idsOf({ search: family[0].code.toLowerCase() })).toEqual([family[0].id]);
    expect((await idsOf({ type: 'TV' })).sort()).toEqual(family.filter((p) => p.type === 'TV').map((p) => p.id).sort());
    expect((await idsOf({ type: 'FIBER_INTERNET' })).sort()).toEqual(family.filter((p) => p.type === 'FIBER_INTERNET').map((p) => p.id).sort());
    expect(await idsOf({ status: 'RETIRED' })).toEqual([family[1].id]);
    expect(await idsOf({ status: 'DRAFT' })).toEqual([family[3].id]);
    expect(await idsOf({ type: 'FIBER_INTERNET', status: 'ACTIVE' })).toEqual([family[0].id]);
    expect(await idsOf({ search: 'no-such-plan-anywhere' })).toEqual([]);
  });

  it('filters by price range, both bounds included, as strings or integers', async () => {
    const inRange = (min: number, max: number) => family.filter((p) => Number(p.amount) >= min && Number(p.amount) <= max).sort(byPrice).map((p) => p.id);
    const ascending: ServicePlanOrder = { field: 'PRICE', direction: 'ASC' };
    expect(await idsOf({ minPrice: '45900', maxPrice: '65900.00' }, ascending)).toEqual(inRange(45900, 65900));
    expect(await idsOf({ minPrice: amountOf(65900) }, ascending)).toEqual(inRange(65900, Infinity));
    expect(await idsOf({ maxPrice: amountOf(49900) }, ascending)).toEqual(inRange(0, 49900));
    expect(await idsOf({ minPrice: '189900.50' }, ascending)).toEqual([family[8].id]);
    expect(await idsOf({ minPrice: '189900.51' }, ascending)).toEqual([]);
  });

  it('orders by name when no order is given, and by name descending when asked', async () => {
    const { servicePlans } = await server.as(Role.ANALYST).query(ServicePlanPage, { first: 100, filter: { search: tag } });
    const names = servicePlans.edges.map((e) => e.node.name);
    expect(names).toEqual(['Plan a', 'Plan b', 'Plan c', 'Plan d', 'Plan e', 'Plan f', 'Plan g', 'Plan h', 'Plan i']);
    const descending = await server.as(Role.ANALYST).query(ServicePlanPage, { first: 100, filter: { search: tag }, orderBy: { field: 'NAME', direction: 'DESC' } });
    expect(descending.servicePlans.edges.map((e) => e.node.name)).toEqual([...names].reverse());
  });

  it.each(['ASC', 'DESC'] as const)('orders by price %s (ties by id) and walks every page exactly once', async (direction) => {
    const expected = [...family].sort(byPrice).map((p) => p.id);
    if (direction === 'DESC') expected.reverse();
    const seen: string[] = [];
    const prices: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const { servicePlans } = await server.as(Role.ANALYST).query(ServicePlanPage, { first: 2, after, filter: { search: tag }, orderBy: { field: 'PRICE', direction } });
      pages++;
      expect(servicePlans.totalCount).toBe(family.length);
      expect(servicePlans.pageInfo.hasPreviousPage).toBe(after != null);
      seen.push(...servicePlans.edges.map((e) => e.node.id));
      prices.push(...servicePlans.edges.map((e) => e.node.price.amount));
      // The cursor carries the sort value (the price), so the next page starts right after it, ties included.
      for (const edge of servicePlans.edges) {
        expect(Buffer.from(edge.cursor, 'base64url').toString('utf8')).toContain(`"${edge.node.price.amount}"`);
      }
      if (!servicePlans.pageInfo.hasNextPage) break;
      after = servicePlans.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(family.length / 2));
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(family.length);
    const numeric = prices.map(Number);
    expect(numeric).toEqual([...numeric].sort((a, b) => (direction === 'ASC' ? a - b : b - a)));
  });

  it('refuses a cursor of another ordering, a page size above 100 and a negative one, naming the argument', async () => {
    const reader = server.as(Role.ANALYST);
    const { servicePlans } = await reader.query(ServicePlanPage, { first: 1, filter: { search: tag }, orderBy: { field: 'PRICE', direction: 'ASC' } });
    const otherOrder = await reader.error(ServicePlanPage, { first: 1, after: servicePlans.pageInfo.endCursor, filter: { search: tag } });
    expect(otherOrder.code).toBe('BAD_USER_INPUT');
    expect(otherOrder.extensions.fields).toEqual([expect.objectContaining({ field: 'after' })]);

    for (const first of [101, -1]) {
      const error = await reader.error(ServicePlanPage, { first });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'first' })]);
    }
    expect((await reader.query(ServicePlanPage, { first: 100 })).servicePlans.edges.length).toBeLessThanOrEqual(100);
  });
});

describe('updateServicePlan', () => {
  it('changes only the fields given, and replaces the features', async () => {
    const plan = await createPlan(server, { description: 'Antes' });
    const { updateServicePlan } = await server.as(Role.ADMIN).mutate(ServicesUpdatePlan, {
      id: plan.id,
      input: { name: ' Fibra renovada ', features: [{ name: 'Velocidad de descarga', value: '600', unit: 'Mbps' }, { name: 'Router', value: 'Wi-Fi 6E' }] },
    });
    expect(updateServicePlan).toMatchObject({
      code: plan.code,
      name: 'Fibra renovada',
      description: 'Antes',
      features: [
        { name: 'Velocidad de descarga', value: '600', unit: 'Mbps' },
        { name: 'Router', value: 'Wi-Fi 6E', unit: null },
      ],
      price: { amount: '109900.00' },
      status: 'ACTIVE',
      priceHistory: [{ price: { amount: '109900.00' }, validTo: null }],
    });
    // null clears an optional field; a required one cannot be cleared.
    const cleared = await server.as(Role.ADMIN).mutate(ServicesUpdatePlan, { id: plan.id, input: { description: null } });
    expect(cleared.updateServicePlan.description).toBeNull();
    const error = await server.as(Role.ADMIN).error(ServicesUpdatePlan, { id: plan.id, input: { name: null } });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.name' })]);
  });

  it('keeps every earlier price in the history, newest first, closing each one when the next starts', async () => {
    const plan = await createPlan(server, { price: { amount: '89900' } });
    const admin = server.as(Role.ADMIN);
    await admin.mutate(ServicesUpdatePlan, { id: plan.id, input: { price: { amount: '94900' } } });
    const { updateServicePlan } = await admin.mutate(ServicesUpdatePlan, { id: plan.id, input: { price: { amount: amountOf(99900) } } });
    expect(updateServicePlan.price).toMatchObject({ amount: '99900.00', currency: 'COP' });
    const history = updateServicePlan.priceHistory;
    expect(history.map((h) => h.price.amount)).toEqual(['99900.00', '94900.00', '89900.00']);
    expect(history[0].validTo).toBeNull();
    expect(history[1].validTo).toBe(history[0].validFrom);
    expect(history[2].validTo).toBe(history[1].validFrom);
    for (const entry of history.slice(1)) expect(new Date(entry.validTo!).getTime()).toBeGreaterThanOrEqual(new Date(entry.validFrom).getTime());

    // The same price again is no change: no new history entry.
    const same = await admin.mutate(ServicesUpdatePlan, { id: plan.id, input: { price: { amount: '99900.00' } } });
    expect(same.updateServicePlan.priceHistory).toHaveLength(3);
    // A later read shows the same history.
    expect((await server.as(Role.ANALYST).query(ServicesPlanById, { id: plan.id })).servicePlan?.priceHistory).toEqual(history);
  });

  it('keeps one current price when prices change concurrently: the plan’s, first in a history where each entry ends as the next begins', async () => {
    for (let round = 0; round < 3; round++) {
      const plan = await createPlan(server);
      const amounts = [1, 2, 3, 4, 5].map((k) => `${k * 1000 + round}.00`);
      await Promise.all(amounts.map((amount) => server.as(Role.ADMIN).mutate(ServicesUpdatePlan, { id: plan.id, input: { price: { amount } } })));
      const { servicePlan } = await server.as(Role.ADMIN).query(ServicesPlanById, { id: plan.id });
      const history = servicePlan!.priceHistory;
      expect(history).toHaveLength(6);
      expect(history.filter((entry) => entry.validTo === null)).toHaveLength(1);
      expect(history[0]).toMatchObject({ price: { amount: servicePlan!.price.amount }, validTo: null });
      expect(amounts).toContain(servicePlan!.price.amount);
      for (let i = 1; i < history.length; i++) expect(history[i].validTo).toBe(history[i - 1].validFrom);
      expect(history.map((entry) => entry.price.amount).sort()).toEqual([...amounts, '109900.00'].sort());
    }
  });

  it('refuses a bad new price and writes nothing, not even the name given with it', async () => {
    const plan = await createPlan(server);
    const before = await storedRows();
    const error = await server.as(Role.ADMIN).error(ServicesUpdatePlan, { id: plan.id, input: { name: 'No debe quedar', price: { amount: '-100' } } });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.detail).toBe('NEGATIVE_AMOUNT');
    expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.price.amount' })]);
    expect(await storedRows()).toEqual(before);
    const { servicePlan } = await server.as(Role.ADMIN).query(ServicesPlanById, { id: plan.id });
    expect(servicePlan).toMatchObject({ name: plan.name, price: { amount: '109900.00' } });
    expect(servicePlan?.priceHistory).toHaveLength(1);
  });

  it('moves DRAFT → ACTIVE → RETIRED and refuses any move back with INVALID_TRANSITION, changing nothing', async () => {
    const admin = server.as(Role.ADMIN);
    const plan = await createPlan(server, { status: 'DRAFT' });
    expect((await admin.mutate(ServicesUpdatePlan, { id: plan.id, input: { status: 'ACTIVE' } })).updateServicePlan.status).toBe('ACTIVE');

    const back = await admin.error(ServicesUpdatePlan, { id: plan.id, input: { status: 'DRAFT' } });
    expect(back.code).toBe('BAD_USER_INPUT');
    expect(back.extensions.detail).toBe('INVALID_TRANSITION');
    expect(back.extensions.fields).toEqual([expect.objectContaining({ field: 'input.status' })]);

    expect((await admin.mutate(ServicesUpdatePlan, { id: plan.id, input: { status: 'RETIRED' } })).updateServicePlan.status).toBe('RETIRED');
    const before = await storedRows();
    const revive = await admin.error(ServicesUpdatePlan, { id: plan.id, input: { status: 'ACTIVE', name: 'Revivido', price: { amount: '1000' } } });
    expect(revive.code).toBe('BAD_USER_INPUT');
    expect(revive.extensions.detail).toBe('INVALID_TRANSITION');
    expect(await storedRows()).toEqual(before);
    const { servicePlan } = await admin.query(ServicesPlanById, { id: plan.id });
    expect(servicePlan).toMatchObject({ status: 'RETIRED', name: plan.name, price: { amount: '109900.00' } });
    expect(servicePlan?.priceHistory).toHaveLength(1);

    // Giving the current status again is no move.
    expect((await admin.mutate(ServicesUpdatePlan, { id: plan.id, input: { status: 'RETIRED' } })).updateServicePlan.status).toBe('RETIRED');
  });

  it('answers NOT_FOUND for an unknown plan, well-formed or not, in every plan mutation', async () => {
    const admin = server.as(Role.ADMIN);
    for (const id of ['999999999', 'nope']) {
      expect((await admin.error(ServicesUpdatePlan, { id, input: { name: 'x' } })).code).toBe('NOT_FOUND');
      expect((await admin.error(ServicesRetirePlan, { id })).code).toBe('NOT_FOUND');
      expect((await admin.error(ServicesDeletePlan, { id })).code).toBe('NOT_FOUND');
    }
  });
});

describe('retireServicePlan', () => {
  it('retires an ACTIVE or DRAFT plan, and retiring it again changes nothing', async () => {
    const admin = server.as(Role.ADMIN);
    for (const status of ['ACTIVE', 'DRAFT'] as const) {
      const plan = await createPlan(server, { status });
      const first = (await admin.mutate(ServicesRetirePlan, { id: plan.id })).retireServicePlan;
      expect(first.status).toBe('RETIRED');
      const again = (await admin.mutate(ServicesRetirePlan, { id: plan.id })).retireServicePlan;
      expect(again).toEqual(first);
    }
  });
});

describe('deleteServicePlan', () => {
  it('deletes a plan nobody uses, with its price history', async () => {
    const plan = await createPlan(server);
    await server.as(Role.ADMIN).mutate(ServicesUpdatePlan, { id: plan.id, input: { price: { amount: '1000' } } });
    const prices = await countRows(server, 'service_plan_price');
    const { deleteServicePlan } = await server.as(Role.ADMIN).mutate(ServicesDeletePlan, { id: plan.id });
    expect(deleteServicePlan).toBe(plan.id);
    expect((await server.as(Role.ADMIN).query(ServicesPlanById, { id: plan.id })).servicePlan).toBeNull();
    expect(await countRows(server, 'service_plan_price')).toBe(prices - 2);
    expect((await server.as(Role.ADMIN).error(ServicesDeletePlan, { id: plan.id })).code).toBe('NOT_FOUND');
  });
});

describe('roles', () => {
  it('lets only admins manage plans: sales agents and analysts read them, partners get FORBIDDEN, anonymous callers UNAUTHENTICATED', async () => {
    const plan = await createPlan(server);
    const before = await storedRows();
    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.PARTNER]) {
      const client = server.as(role);
      expect((await client.error(ServicesCreatePlan, { input: planInput() })).code).toBe('FORBIDDEN');
      expect((await client.error(ServicesUpdatePlan, { id: plan.id, input: { name: 'x' } })).code).toBe('FORBIDDEN');
      expect((await client.error(ServicesRetirePlan, { id: plan.id })).code).toBe('FORBIDDEN');
      expect((await client.error(ServicesDeletePlan, { id: plan.id })).code).toBe('FORBIDDEN');
    }
    expect(await storedRows()).toEqual(before);

    for (const role of [Role.ADMIN, Role.SALES_AGENT, Role.ANALYST]) {
      expect((await server.as(role).query(ServicesPlanById, { id: plan.id })).servicePlan?.id).toBe(plan.id);
      expect((await server.as(role).query(ServicePlanPage, { first: 1 })).servicePlans.totalCount).toBeGreaterThan(0);
    }
    expect((await server.as(Role.PARTNER).error(ServicePlanPage, { first: 1 })).code).toBe('FORBIDDEN');
    expect((await server.as(Role.PARTNER).error(ServicesPlanById, { id: plan.id })).code).toBe('FORBIDDEN');
    expect((await server.as(null).error(ServicePlanPage, {})).code).toBe('UNAUTHENTICATED');
    expect((await server.as(null).error(ServicesCreatePlan, { input: planInput() })).code).toBe('UNAUTHENTICATED');
  });
});
