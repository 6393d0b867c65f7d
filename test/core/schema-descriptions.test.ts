import { getNamedType, isObjectType } from 'graphql';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { appModules } from '../../src/modules';
import { undocumented } from '../support/schema-descriptions';

it('documents every type, field, argument, input field and enum value', async () => {
  const schema = await buildAppSchema(appModules);
  expect(undocumented(schema)).toEqual([]);
});

it('finds an undocumented element (the check can fail)', async () => {
  const schema = await buildAppSchema(appModules);
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
