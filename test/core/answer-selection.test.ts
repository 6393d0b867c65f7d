import { parse } from 'graphql';
import { answerSelectionOf } from '../../src/core/graphql/answer-selection';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { installAppModules } from '../../src/modules';
import { productById } from '../../src/modules/catalog';

/**
 * What an operation reads of each type's rows (src/core/graphql/answer-selection.ts), worked out from
 * the built schema: plain fields read their property, resolver methods what they declare.
 */
const wiring = installAppModules();
const schemaPromise = buildAppSchema(wiring);

async function selectionOf(query: string) {
  return answerSelectionOf(await schemaPromise, parse(query), wiring);
}

it('reads the plain fields selected anywhere in the document, fragments included, with the id', async () => {
  const selection = await selectionOf(`
    query { sales(first: 5) { edges { node { number ...Amounts lines { quantity product { name sku } } } } } }
    fragment Amounts on Sale { total { amount } }
  `);
  expect(selection.propertiesOfType('SaleLine')).toEqual(['id', 'product', 'quantity']);
  expect(selection.propertiesOf(productById)).toEqual(['id', 'name', 'sku']);
  // `total` is a resolver method that declares it reads the total and the currency; `lines` the id.
  expect(selection.propertiesOfType('Sale')).toEqual(['currency', 'id', 'number', 'total']);
});

it('gives null (whole rows) for a resolver method that declares nothing or a name that is no type, undefined for a type not selected', async () => {
  const selection = await selectionOf('{ customers(first: 1) { edges { node { id recommendedOffers { kind } } } } }');
  expect(selection.propertiesOfType('Customer')).toBeNull();
  expect(selection.propertiesOfType('Sale')).toBeUndefined();
  expect(selection.propertiesOfType('NoSuchType')).toBeNull();
});
