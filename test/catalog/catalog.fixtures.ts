import { graphql } from '../__generated__';
import type { CreateProductInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import type { TestServer } from '../support/server';

/** Operations and builders shared by the catalog tests; every value they create is unique per call. */

export const CatalogCreateBrand = graphql(`
  mutation CatalogCreateBrand($input: CreateBrandInput!) {
    createBrand(input: $input) { id name country }
  }
`);

export const CatalogCreateCategory = graphql(`
  mutation CatalogCreateCategory($input: CreateProductCategoryInput!) {
    createProductCategory(input: $input) { id name }
  }
`);

export const CatalogCreateProduct = graphql(`
  mutation CatalogCreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      sku
      name
      model
      description
      attributes { name value }
      price { amount currency }
      stock
      reorderLevel
      status
      brand { id name }
      category { id name }
      createdAt
      updatedAt
    }
  }
`);

export const CatalogAdjustStock = graphql(`
  mutation CatalogAdjustStock($productId: ID!, $delta: Int!, $reason: String!) {
    adjustStock(productId: $productId, delta: $delta, reason: $reason) { id stock }
  }
`);

export const CatalogProductLedger = graphql(`
  query CatalogProductLedger($id: ID!, $first: Int, $after: String) {
    product(id: $id) {
      id
      stock
      stockMovements(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id delta stockBefore stockAfter reason kind saleId createdAt staff { id } product { id } } }
      }
    }
  }
`);

let sequence = 0;
/** A number no other call of this test file gets. */
export function unique(): number {
  sequence += 1;
  return sequence;
}

export async function createBrand(server: TestServer, name = `Marca ${unique()}`) {
  return (await server.as(Role.ADMIN).mutate(CatalogCreateBrand, { input: { name } })).createBrand;
}

export async function createCategory(server: TestServer, name = `Categoría ${unique()}`) {
  return (await server.as(Role.ADMIN).mutate(CatalogCreateCategory, { input: { name } })).createProductCategory;
}

/** A product of a new brand and category unless given; stock 10 and price 100000.00 unless overridden. */
export async function createProduct(server: TestServer, overrides: Partial<CreateProductInput> = {}) {
  const n = unique();
  const input: CreateProductInput = {
    sku: `TEST-${n}`,
    name: `Producto de prueba ${n}`,
    brandId: overrides.brandId ?? (await createBrand(server)).id,
    categoryId: overrides.categoryId ?? (await createCategory(server)).id,
    price: { amount: '100000.00' },
    stock: 10,
    ...overrides,
  };
  return (await server.as(Role.ADMIN).mutate(CatalogCreateProduct, { input })).createProduct;
}

/** Raw SQL on the server's database, to see what was (not) written. */
export async function sql<T = Record<string, unknown>>(server: TestServer, query: string, params: unknown[] = []): Promise<T[]> {
  return server.app.orm.em.fork().getConnection().execute(query, params);
}

export async function countRows(server: TestServer, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [{ n }] = await sql<{ n: number }>(server, `select count(*)::int as n from "${table}" where ${where}`, params);
  return n;
}
