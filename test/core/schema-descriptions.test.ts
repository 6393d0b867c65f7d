import { getNamedType, isObjectType } from 'graphql';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { installAppModules } from '../../src/modules';
import { undocumented } from '../support/schema-descriptions';

it('documents every type, field, argument, input field and enum value', async () => {
  const schema = await buildAppSchema(installAppModules());
  expect(undocumented(schema)).toEqual([]);
});

it('finds an undocumented element (the check can fail)', async () => {
  const schema = await buildAppSchema(installAppModules());
  const money = schema.getType('Money');
  if (!isObjectType(money)) throw new Error('Money is not an object type');
  const amount = money.getFields().amount;
  const saved = amount.description;
  amount.description = undefined;
  try {
    expect(undocumented(schema)).toEqual(['Money.amount']);
  } finally {
    amount.description = saved;
  }
  expect(getNamedType(amount.type).name).toBe('Decimal');
});

it('ends each operation’s description with who may call it, from the roles the server enforces', async () => {
  const schema = await buildAppSchema(installAppModules());
  const query = schema.getQueryType()!.getFields();
  const mutation = schema.getMutationType()!.getFields();
  expect(query.salesReport.description).toMatch(/ Who may call it: ADMIN, ANALYST\.$/);
  expect(query.salesReport.description!.match(/Who may/g)).toHaveLength(1); // once, however many times the schema is built
  expect(query.customers.description).toMatch(/ Who may call it: ADMIN, SALES_AGENT, ANALYST\.$/);
  expect(query.me.description).toMatch(/ Who may call it: any signed-in staff member\.$/);
  expect(mutation.refundSale.description).toMatch(/ Who may call it: ADMIN\.$/);
  expect(mutation.login.description).toMatch(/ Who may call it: anyone, without a token\.$/);
  expect(schema.getSubscriptionType()!.getFields().saleEvents.description).toMatch(/ Who may subscribe: ADMIN, PARTNER\.$/);
  const customer = schema.getType('Customer');
  if (!isObjectType(customer)) throw new Error('Customer is not an object type');
  expect(customer.getFields().recommendedOffers.description).toMatch(/ Who may read it: ADMIN, SALES_AGENT, ANALYST\.$/);
});
