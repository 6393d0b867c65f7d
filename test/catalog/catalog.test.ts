import { graphql } from '../__generated__';
import type { CreateProductInput, ProductFilter, ProductOrder, UpdateProductInput } from '../__generated__/graphql';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, type TestServer } from '../support/server';
import {
  CatalogAdjustStock,
  CatalogCreateBrand,
  CatalogCreateCategory,
  CatalogCreateProduct,
  CatalogProductLedger,
  countRows,
  createBrand,
  createCategory,
  createProduct,
  unique,
} from './catalog.fixtures';

const CatalogBrands = graphql(`
  query CatalogBrands {
    brands { id name country }
  }
`);

const CatalogCategories = graphql(`
  query CatalogCategories {
    productCategories { id name }
  }
`);

const CatalogUpdateBrand = graphql(`
  mutation CatalogUpdateBrand($id: ID!, $input: UpdateBrandInput!) {
    updateBrand(id: $id, input: $input) { id name country }
  }
`);

const CatalogUpdateCategory = graphql(`
  mutation CatalogUpdateCategory($id: ID!, $input: UpdateProductCategoryInput!) {
    updateProductCategory(id: $id, input: $input) { id name }
  }
`);

const CatalogProductById = graphql(`
  query CatalogProductById($id: ID!) {
    product(id: $id) {
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
      brand { id name country }
      category { id name }
      updatedAt
    }
  }
`);

const CatalogUpdateProduct = graphql(`
  mutation CatalogUpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) {
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
      brand { id }
      category { id }
    }
  }
`);

const CatalogDeleteProduct = graphql(`
  mutation CatalogDeleteProduct($id: ID!) {
    deleteProduct(id: $id)
  }
`);

const CatalogProductPage = graphql(`
  query CatalogProductPage($first: Int, $after: String, $filter: ProductFilter, $orderBy: ProductOrder) {
    products(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id sku name stock status price { amount } createdAt } }
    }
  }
`);

const CatalogProductsWithRelations = graphql(`
  query CatalogProductsWithRelations($first: Int, $filter: ProductFilter) {
    products(first: $first, filter: $filter) {
      totalCount
      edges { node { id sku brand { id name country } category { id name } } }
    }
  }
`);

const CatalogLowStock = graphql(`
  query CatalogLowStock {
    lowStockProducts { id sku name stock reorderLevel status }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const admin = () => server.as(Role.ADMIN);

describe('brands and categories', () => {
  it('lets an admin create and update brands, listed by name to every back-office reader', async () => {
    const { createBrand: zte } = await admin().mutate(CatalogCreateBrand, { input: { name: '  ZTE Prueba ', country: 'CN' } });
    expect(zte).toMatchObject({ name: 'ZTE Prueba', country: 'CN' });
    const { createBrand: acme } = await admin().mutate(CatalogCreateBrand, { input: { name: 'Acme Prueba' } });
    expect(acme.country).toBeNull();

    const { updateBrand } = await admin().mutate(CatalogUpdateBrand, { id: acme.id, input: { name: 'Acme Prueba Renombrada', country: 'KR' } });
    expect(updateBrand).toMatchObject({ id: acme.id, name: 'Acme Prueba Renombrada', country: 'KR' });
    const cleared = await admin().mutate(CatalogUpdateBrand, { id: acme.id, input: { country: null } });
    expect(cleared.updateBrand).toMatchObject({ id: acme.id, name: 'Acme Prueba Renombrada', country: null });

    for (const role of [Role.SALES_AGENT, Role.ANALYST]) {
      const { brands } = await server.as(role).query(CatalogBrands);
      const names = brands.map((b) => b.name);
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(brands).toContainEqual(expect.objectContaining({ id: zte.id, name: 'ZTE Prueba', country: 'CN' }));
    }
  });

  it('refuses a brand name already used, whatever its letter case, with CONFLICT and writes nothing', async () => {
    await createBrand(server, 'Nokia Prueba');
    const before = await countRows(server, 'brand');
    const error = await admin().error(CatalogCreateBrand, { input: { name: ' NOKIA prueba' } });
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions.detail).toBe('DUPLICATE_BRAND');
    expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'input.name' })]);
    expect(await countRows(server, 'brand')).toBe(before);

    const other = await createBrand(server);
    const renamed = await admin().error(CatalogUpdateBrand, { id: other.id, input: { name: 'nokia PRUEBA' } });
    expect(renamed.extensions.detail).toBe('DUPLICATE_BRAND');
  });

  it('refuses a blank brand name, a null name on update and an unknown brand id', async () => {
    const blank = await admin().error(CatalogCreateBrand, { input: { name: '   ' } });
    expect(blank.code).toBe('BAD_USER_INPUT');
    expect(blank.extensions.fields).toEqual([expect.objectContaining({ field: 'input.name' })]);
    const brand = await createBrand(server);
    expect((await admin().error(CatalogUpdateBrand, { id: brand.id, input: { name: null } })).code).toBe('BAD_USER_INPUT');
    for (const id of ['999999', 'not-an-id']) {
      expect((await admin().error(CatalogUpdateBrand, { id, input: { name: 'Nadie' } })).code).toBe('NOT_FOUND');
    }
  });

  it('lets an admin create and rename categories, unique whatever the letter case, listed by name', async () => {
    const created = await createCategory(server, ' Drones de prueba ');
    expect(created.name).toBe('Drones de prueba');
    const { updateProductCategory } = await admin().mutate(CatalogUpdateCategory, { id: created.id, input: { name: 'Drones y cámaras' } });
    expect(updateProductCategory).toMatchObject({ id: created.id, name: 'Drones y cámaras' });

    const before = await countRows(server, 'product_category');
    const duplicate = await admin().error(CatalogCreateCategory, { input: { name: 'DRONES Y CÁMARAS' } });
    expect(duplicate.code).toBe('CONFLICT');
    expect(duplicate.extensions.detail).toBe('DUPLICATE_CATEGORY');
    expect(await countRows(server, 'product_category')).toBe(before);

    const { productCategories } = await server.as(Role.ANALYST).query(CatalogCategories);
    expect(productCategories).toContainEqual(expect.objectContaining({ id: created.id, name: 'Drones y cámaras' }));
    const names = productCategories.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect((await admin().error(CatalogUpdateCategory, { id: '999999', input: { name: 'x' } })).code).toBe('NOT_FOUND');
  });
});

describe('createProduct', () => {
  it('stores every field normalised, starts ACTIVE with reorder level 5, and records the opening stock in the ledger', async () => {
    const brand = await createBrand(server, 'Samsung Prueba');
    const category = await createCategory(server, 'Smartphones Prueba');
    const { createProduct } = await admin().mutate(CatalogCreateProduct, {
      input: {
        sku: '  sm-a556e/128-neg ',
        name: ' Samsung Galaxy A55 5G 128 GB ',
        brandId: brand.id,
        categoryId: category.id,
        model: ' SM-A556E ',
        description: 'Pantalla Super AMOLED de 6,6"',
        attributes: [
          { name: ' Color ', value: ' Azul oscuro ' },
          { name: 'Almacenamiento', value: '128 GB' },
        ],
        price: { amount: '1299900', currency: 'COP' },
        stock: 7,
      },
    });
    expect(createProduct).toMatchObject({
      sku: 'SM-A556E/128-NEG',
      name: 'Samsung Galaxy A55 5G 128 GB',
      model: 'SM-A556E',
      description: 'Pantalla Super AMOLED de 6,6"',
      attributes: [
        { name: 'Color', value: 'Azul oscuro' },
        { name: 'Almacenamiento', value: '128 GB' },
      ],
      price: { amount: '1299900.00', currency: 'COP' },
      stock: 7,
      reorderLevel: 5,
      status: 'ACTIVE',
      brand: { id: brand.id, name: 'Samsung Prueba' },
      category: { id: category.id, name: 'Smartphones Prueba' },
    });

    const { product } = await server.as(Role.SALES_AGENT).query(CatalogProductById, { id: createProduct.id });
    expect(product).toMatchObject({ sku: 'SM-A556E/128-NEG', price: { amount: '1299900.00', currency: 'COP' }, stock: 7, brand: { id: brand.id } });

    const ledger = await admin().query(CatalogProductLedger, { id: createProduct.id });
    expect(ledger.product!.stockMovements.edges.map((e) => e.node)).toMatchObject([
      { delta: 7, stockBefore: 0, stockAfter: 7, kind: 'INITIAL', saleId: null, staff: { id: server.staff.ADMIN.id } },
    ]);
  });

  it('writes no ledger row for a product created without stock, and accepts an integer amount and a reorder level', async () => {
    const created = await createProduct(server, { stock: 0, reorderLevel: 0, price: { amount: 45900 as unknown as string } });
    expect(created).toMatchObject({ stock: 0, reorderLevel: 0, price: { amount: '45900.00' } });
    expect(await countRows(server, 'stock_movement', 'product_id = ?', [created.id])).toBe(0);
  });

  describe('refuses bad input with its code and writes nothing', () => {
    let valid: CreateProductInput;
    beforeAll(async () => {
      const existing = await createProduct(server, { sku: 'EXISTING-SKU-1' });
      valid = { sku: `NEW-${unique()}`, name: 'Router', brandId: existing.brand.id, categoryId: existing.category.id, price: { amount: '189900.00' }, stock: 3 };
    });

    const cases: [string, (v: CreateProductInput) => CreateProductInput, string, string | undefined, string | undefined][] = [
      ['a negative price', (v) => ({ ...v, price: { amount: '-1.00' } }), 'BAD_USER_INPUT', 'NEGATIVE_AMOUNT', 'input.price.amount'],
      ['a price in USD', (v) => ({ ...v, price: { amount: '100.00', currency: 'USD' } }), 'BAD_USER_INPUT', 'UNSUPPORTED_CURRENCY', 'input.price.currency'],
      ['a price with three decimals', (v) => ({ ...v, price: { amount: '10.005' } }), 'BAD_USER_INPUT', 'TOO_MANY_DECIMALS', 'input.price.amount'],
      ['a float amount', (v) => ({ ...v, price: { amount: 1.5 as unknown as string } }), 'BAD_USER_INPUT', undefined, undefined],
      ['an unknown brand id', (v) => ({ ...v, brandId: '987654321' }), 'NOT_FOUND', undefined, 'input.brandId'],
      ['a malformed brand id', (v) => ({ ...v, brandId: 'samsung' }), 'NOT_FOUND', undefined, 'input.brandId'],
      ['an unknown category id', (v) => ({ ...v, categoryId: '987654321' }), 'NOT_FOUND', undefined, 'input.categoryId'],
      ['a SKU already used (other case and spaces)', (v) => ({ ...v, sku: ' existing-sku-1 ' }), 'CONFLICT', 'DUPLICATE_SKU', 'input.sku'],
      ['a SKU with spaces inside', (v) => ({ ...v, sku: 'AB CD' }), 'BAD_USER_INPUT', undefined, 'input.sku'],
      ['a negative stock', (v) => ({ ...v, stock: -1 }), 'BAD_USER_INPUT', undefined, 'input.stock'],
      ['a negative reorder level', (v) => ({ ...v, reorderLevel: -1 }), 'BAD_USER_INPUT', undefined, 'input.reorderLevel'],
      ['a blank name', (v) => ({ ...v, name: ' ' }), 'BAD_USER_INPUT', undefined, 'input.name'],
      ['a blank attribute value', (v) => ({ ...v, attributes: [{ name: 'Color', value: '' }] }), 'BAD_USER_INPUT', undefined, 'input.attributes[0].value'],
      [
        'the same attribute twice',
        (v) => ({ ...v, attributes: [{ name: 'Color', value: 'Negro' }, { name: 'color', value: 'Azul' }] }),
        'BAD_USER_INPUT',
        'DUPLICATE_ATTRIBUTE',
        'input.attributes[1].name',
      ],
    ];

    it.each(cases)('%s', async (_, change, code, detail, field) => {
      const products = await countRows(server, 'product');
      const movements = await countRows(server, 'stock_movement');
      const error = await admin().error(CatalogCreateProduct, { input: change(valid) });
      expect(error.code).toBe(code);
      if (detail) expect(error.extensions.detail).toBe(detail);
      if (field) expect(error.extensions.fields).toEqual([expect.objectContaining({ field })]);
      expect(await countRows(server, 'product')).toBe(products);
      expect(await countRows(server, 'stock_movement')).toBe(movements);
    });
  });
});

describe('product and updateProduct', () => {
  it('answers null for an unknown product id, well-formed or not', async () => {
    for (const id of ['999999', 'not-an-id', '-1']) {
      expect((await server.as(Role.ANALYST).query(CatalogProductById, { id })).product).toBeNull();
    }
  });

  it('changes only the fields given, and keeps the SKU and stock', async () => {
    const created = await createProduct(server, { model: 'M1', description: 'Uno', attributes: [{ name: 'Color', value: 'Negro' }] });
    const otherBrand = await createBrand(server);
    const { updateProduct } = await admin().mutate(CatalogUpdateProduct, {
      id: created.id,
      input: { name: 'Nuevo nombre', brandId: otherBrand.id, model: null, attributes: [], price: { amount: '99999.99' }, reorderLevel: 2 },
    });
    expect(updateProduct).toMatchObject({
      sku: created.sku,
      name: 'Nuevo nombre',
      model: null,
      description: 'Uno',
      attributes: [],
      price: { amount: '99999.99', currency: 'COP' },
      stock: 10,
      reorderLevel: 2,
      status: 'ACTIVE',
      brand: { id: otherBrand.id },
      category: { id: created.category.id },
    });
    const { product } = await admin().query(CatalogProductById, { id: created.id });
    expect(product).toMatchObject({ name: 'Nuevo nombre', model: null, price: { amount: '99999.99' }, brand: { id: otherBrand.id } });
    expect(new Date(product!.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());

    const { updateProduct: discontinued } = await admin().mutate(CatalogUpdateProduct, { id: created.id, input: { status: 'DISCONTINUED' } });
    expect(discontinued.status).toBe('DISCONTINUED');
  });

  it('refuses a bad update with its code and changes nothing', async () => {
    const created = await createProduct(server);
    const attempts: [UpdateProductInput, string, string][] = [
      [{ price: { amount: '-5' } }, 'BAD_USER_INPUT', 'input.price.amount'],
      [{ price: { amount: '5', currency: 'EUR' } }, 'BAD_USER_INPUT', 'input.price.currency'],
      [{ name: null }, 'BAD_USER_INPUT', 'input.name'],
      [{ status: null }, 'BAD_USER_INPUT', 'input.status'],
      [{ reorderLevel: -3 }, 'BAD_USER_INPUT', 'input.reorderLevel'],
      [{ categoryId: '999999' }, 'NOT_FOUND', 'input.categoryId'],
    ];
    for (const [input, code, field] of attempts) {
      const error = await admin().error(CatalogUpdateProduct, { id: created.id, input: { name: 'Cambiado', ...input } });
      expect([error.code, error.extensions.fields]).toEqual([code, [expect.objectContaining({ field })]]);
    }
    const { product } = await admin().query(CatalogProductById, { id: created.id });
    expect(product).toMatchObject({ name: created.name, price: created.price, status: 'ACTIVE', reorderLevel: 5, category: { id: created.category.id } });
    expect((await admin().error(CatalogUpdateProduct, { id: '999999', input: { name: 'x' } })).code).toBe('NOT_FOUND');
  });

  it('deletes a product never sold, with its stock ledger', async () => {
    const created = await createProduct(server, { stock: 4 });
    await admin().mutate(CatalogAdjustStock, { productId: created.id, delta: 2, reason: 'Entrega' });
    expect(await countRows(server, 'stock_movement', 'product_id = ?', [created.id])).toBe(2);
    expect((await admin().mutate(CatalogDeleteProduct, { id: created.id })).deleteProduct).toBe(created.id);
    expect((await admin().query(CatalogProductById, { id: created.id })).product).toBeNull();
    expect(await countRows(server, 'stock_movement', 'product_id = ?', [created.id])).toBe(0);
    for (const id of [created.id, 'nope']) expect((await admin().error(CatalogDeleteProduct, { id })).code).toBe('NOT_FOUND');
  });
});

describe('products', () => {
  // One brand and category of their own, so the filters isolate these products from the others of this file.
  let brandId: string;
  let categoryId: string;
  let otherCategoryId: string;
  let made: Awaited<ReturnType<typeof createProduct>>[];
  beforeAll(async () => {
    brandId = (await createBrand(server, 'Listado Marca')).id;
    categoryId = (await createCategory(server, 'Listado Categoría')).id;
    otherCategoryId = (await createCategory(server, 'Listado Otra')).id;
    const specs: Partial<CreateProductInput>[] = [
      { sku: 'LST-ROUTER-AX3000', name: 'Router Wi-Fi 6 AX3000', price: { amount: '389900.00' }, stock: 12 },
      { sku: 'LST-MODEM-100', name: 'Módem 100% fibra', price: { amount: '149900.50' }, stock: 0 },
      { sku: 'LST-CABLE-USB-C', name: 'Cable USB-C 1 m', price: { amount: '39900.00' }, stock: 40 },
      { sku: 'LST-CARGADOR-25W', name: 'Cargador rápido 25 W', price: { amount: '89900.00' }, stock: 3 },
      { sku: 'LST-EXTENSOR', name: 'Extensor de señal', price: { amount: '149900.50' }, stock: 5 },
      { sku: 'LST-AUDIFONOS', name: 'Audífonos inalámbricos', price: { amount: '249900.00' }, stock: 8 },
    ];
    made = [];
    for (const [i, spec] of specs.entries()) made.push(await createProduct(server, { brandId, categoryId: i === 4 ? otherCategoryId : categoryId, ...spec }));
    await admin().mutate(CatalogUpdateProduct, { id: made[5].id, input: { status: 'DISCONTINUED' } });
  });

  const page = (filter: ProductFilter, orderBy?: ProductOrder, first = 50, after?: string) =>
    server.as(Role.ANALYST).query(CatalogProductPage, { filter: { brandId, ...filter }, orderBy, first, after });
  const skus = async (filter: ProductFilter, orderBy?: ProductOrder) => (await page(filter, orderBy)).products.edges.map((e) => e.node.sku);

  it('filters by brand, category, status, stock, text and price range', async () => {
    expect(await skus({})).toHaveLength(6);
    expect((await page({})).products.totalCount).toBe(6);
    expect(await skus({ categoryId: otherCategoryId })).toEqual(['LST-EXTENSOR']);
    expect(await skus({ status: 'DISCONTINUED' })).toEqual(['LST-AUDIFONOS']);
    expect(await skus({ status: 'ACTIVE', inStock: true })).toEqual(['LST-CABLE-USB-C', 'LST-CARGADOR-25W', 'LST-EXTENSOR', 'LST-ROUTER-AX3000']);
    expect(await skus({ inStock: false })).toEqual(['LST-MODEM-100']);
    // Name or SKU, any letter case; LIKE wildcards match literally.
    expect(await skus({ search: 'ROUTER wi-fi' })).toEqual(['LST-ROUTER-AX3000']);
    expect(await skus({ search: 'lst-cable' })).toEqual(['LST-CABLE-USB-C']);
    expect(await skus({ search: '100%' })).toEqual(['LST-MODEM-100']);
    expect(await skus({ search: '%' })).toEqual(['LST-MODEM-100']);
    expect(await skus({ minPrice: '149900.50', maxPrice: '389900' })).toEqual(['LST-AUDIFONOS', 'LST-EXTENSOR', 'LST-MODEM-100', 'LST-ROUTER-AX3000']);
    expect(await skus({ maxPrice: '89900.00' })).toEqual(['LST-CABLE-USB-C', 'LST-CARGADOR-25W']);
    // An unknown or malformed id matches nothing rather than failing.
    expect((await page({ categoryId: '999999' })).products.totalCount).toBe(0);
    expect((await page({ brandId: 'not-an-id' })).products.totalCount).toBe(0);

    const inverted = await server.as(Role.ANALYST).error(CatalogProductPage, { filter: { minPrice: '10', maxPrice: '5' } });
    expect(inverted.code).toBe('BAD_USER_INPUT');
    expect(inverted.extensions.fields).toEqual([expect.objectContaining({ field: 'filter.maxPrice' })]);
    expect((await server.as(Role.ANALYST).error(CatalogProductPage, { filter: { minPrice: 1.5 as unknown as string } })).code).toBe('BAD_USER_INPUT');
  });

  it('orders by name (by default), price, stock and creation, either way, the id breaking ties', async () => {
    const byName = ['LST-AUDIFONOS', 'LST-CABLE-USB-C', 'LST-CARGADOR-25W', 'LST-EXTENSOR', 'LST-MODEM-100', 'LST-ROUTER-AX3000'];
    expect(await skus({})).toEqual(byName);
    expect(await skus({}, { field: 'NAME', direction: 'DESC' })).toEqual([...byName].reverse());
    expect(await skus({}, { field: 'PRICE', direction: 'ASC' })).toEqual(['LST-CABLE-USB-C', 'LST-CARGADOR-25W', 'LST-MODEM-100', 'LST-EXTENSOR', 'LST-AUDIFONOS', 'LST-ROUTER-AX3000']);
    expect(await skus({}, { field: 'PRICE', direction: 'DESC' })).toEqual(['LST-ROUTER-AX3000', 'LST-AUDIFONOS', 'LST-EXTENSOR', 'LST-MODEM-100', 'LST-CARGADOR-25W', 'LST-CABLE-USB-C']);
    expect(await skus({}, { field: 'STOCK', direction: 'ASC' })).toEqual(['LST-MODEM-100', 'LST-CARGADOR-25W', 'LST-EXTENSOR', 'LST-AUDIFONOS', 'LST-ROUTER-AX3000', 'LST-CABLE-USB-C']);
    expect(await skus({}, { field: 'CREATED_AT', direction: 'DESC' })).toEqual(made.map((p) => p.sku).reverse());
  });

  it.each<[string, ProductOrder | undefined]>([
    ['name', undefined],
    ['price, descending', { field: 'PRICE', direction: 'DESC' }],
    ['stock', { field: 'STOCK', direction: 'ASC' }],
    ['creation', { field: 'CREATED_AT', direction: 'ASC' }],
  ])('pages through every product by %s with cursors, each once, in the same order as one page', async (_, orderBy) => {
    const all = await skus({}, orderBy);
    const seen: string[] = [];
    let after: string | undefined;
    for (let round = 0; round < 10; round++) {
      const { products } = await page({}, orderBy, 2, after);
      expect(products.totalCount).toBe(6);
      expect(products.pageInfo.hasPreviousPage).toBe(after !== undefined);
      seen.push(...products.edges.map((e) => e.node.sku));
      if (!products.pageInfo.hasNextPage) break;
      after = products.pageInfo.endCursor!;
    }
    expect(seen).toEqual(all);
  });

  it('refuses a page over 100, a negative one and a cursor of another ordering', async () => {
    const analyst = server.as(Role.ANALYST);
    for (const first of [101, -1]) {
      const error = await analyst.error(CatalogProductPage, { first });
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fields).toEqual([expect.objectContaining({ field: 'first' })]);
    }
    const byName = await page({}, undefined, 2);
    const error = await analyst.error(CatalogProductPage, { first: 2, after: byName.products.pageInfo.endCursor, orderBy: { field: 'PRICE', direction: 'ASC' } });
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.detail).toBe('INVALID_CURSOR');
    const { products } = await page({}, undefined, 0);
    expect(products).toMatchObject({ totalCount: 6, edges: [], pageInfo: { hasNextPage: true } });
  });
});

describe('lowStockProducts', () => {
  it('lists ACTIVE products at or below their reorder level, fewest units first, then by name', async () => {
    const brandId = (await createBrand(server)).id;
    const categoryId = (await createCategory(server)).id;
    const make = (name: string, stock: number, reorderLevel?: number) => createProduct(server, { brandId, categoryId, name: `Bajo ${name}`, stock, reorderLevel });
    const atLevel = await make('en el nivel', 5);
    const empty = await make('agotado', 0);
    const belowCustom = await make('B bajo su nivel', 2, 3);
    const alsoTwo = await make('A también dos', 2);
    const above = await make('con existencias', 6);
    const customAbove = await make('sobre su nivel', 2, 1);
    const discontinued = await make('descontinuado', 1);
    await admin().mutate(CatalogUpdateProduct, { id: discontinued.id, input: { status: 'DISCONTINUED' } });

    const { lowStockProducts } = await server.as(Role.SALES_AGENT).query(CatalogLowStock);
    const ours = new Set([atLevel, empty, belowCustom, alsoTwo, above, customAbove, discontinued].map((p) => p.id));
    expect(lowStockProducts.filter((p) => ours.has(p.id)).map((p) => p.name)).toEqual([
      'Bajo agotado',
      'Bajo A también dos',
      'Bajo B bajo su nivel',
      'Bajo en el nivel',
    ]);
    // Stock moves it in and out of the list.
    await admin().mutate(CatalogAdjustStock, { productId: atLevel.id, delta: 10, reason: 'Entrega del proveedor' });
    const after = await server.as(Role.ANALYST).query(CatalogLowStock);
    expect(after.lowStockProducts.map((p) => p.id)).not.toContain(atLevel.id);
    for (const p of after.lowStockProducts) {
      expect(p.status).toBe('ACTIVE');
      expect(p.stock).toBeLessThanOrEqual(p.reorderLevel);
    }
  });
});

describe('roles', () => {
  let product: Awaited<ReturnType<typeof createProduct>>;
  beforeAll(async () => {
    product = await createProduct(server);
  });

  it.each([Role.SALES_AGENT, Role.ANALYST])('lets %s read the catalog but not change it', async (role) => {
    const client = server.as(role);
    expect((await client.query(CatalogBrands)).brands.length).toBeGreaterThan(0);
    expect((await client.query(CatalogCategories)).productCategories.length).toBeGreaterThan(0);
    expect((await client.query(CatalogProductById, { id: product.id })).product?.id).toBe(product.id);
    expect((await client.query(CatalogProductPage, { first: 1 })).products.totalCount).toBeGreaterThan(0);
    await client.query(CatalogLowStock);
    await client.query(CatalogProductLedger, { id: product.id });

    const input = { sku: `ROLE-${unique()}`, name: 'No', brandId: product.brand.id, categoryId: product.category.id, price: { amount: '1' }, stock: 1 };
    const refused = [
      await client.error(CatalogCreateProduct, { input }),
      await client.error(CatalogUpdateProduct, { id: product.id, input: { name: 'No' } }),
      await client.error(CatalogDeleteProduct, { id: product.id }),
      await client.error(CatalogAdjustStock, { productId: product.id, delta: 1, reason: 'No' }),
      await client.error(CatalogCreateBrand, { input: { name: `No ${unique()}` } }),
      await client.error(CatalogUpdateBrand, { id: product.brand.id, input: { name: 'No' } }),
      await client.error(CatalogCreateCategory, { input: { name: `No ${unique()}` } }),
      await client.error(CatalogUpdateCategory, { id: product.category.id, input: { name: 'No' } }),
    ];
    expect(refused.map((e) => e.code)).toEqual(refused.map(() => 'FORBIDDEN'));
    expect((await admin().query(CatalogProductById, { id: product.id })).product).toMatchObject({ name: product.name, stock: product.stock });
  });

  it('gives PARTNER nothing of the catalog, and an anonymous caller nothing at all', async () => {
    const partner = server.as(Role.PARTNER);
    const reads = [
      await partner.error(CatalogBrands),
      await partner.error(CatalogCategories),
      await partner.error(CatalogProductById, { id: product.id }),
      await partner.error(CatalogProductPage, { first: 1 }),
      await partner.error(CatalogLowStock),
      await partner.error(CatalogAdjustStock, { productId: product.id, delta: 1, reason: 'No' }),
    ];
    expect(reads.map((e) => e.code)).toEqual(reads.map(() => 'FORBIDDEN'));
    expect((await server.as(null).error(CatalogProductPage, { first: 1 })).code).toBe('UNAUTHENTICATED');
  });
});

describe('SQL statements', () => {
  it('lists 100 products with brand and category in as many statements as 10', async () => {
    const categoryId = (await createCategory(server, 'Conteo SQL')).id;
    const brands = await Promise.all([1, 2, 3, 4, 5].map(() => createBrand(server)));
    const otherCategories = await Promise.all([1, 2].map(() => createCategory(server)));
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 11 }, (_, i) =>
          createProduct(server, { brandId: brands[(batch + i) % brands.length].id, categoryId: i % 4 === 0 ? otherCategories[i % 2].id : categoryId }),
        ),
      );
    }
    const analyst = server.as(Role.ANALYST);
    await analyst.query(CatalogProductsWithRelations, { first: 10 });

    server.takeSqlCount();
    const ten = await analyst.query(CatalogProductsWithRelations, { first: 10 });
    const tenCount = server.takeSqlCount();
    const hundred = await analyst.query(CatalogProductsWithRelations, { first: 100 });
    const hundredCount = server.takeSqlCount();

    expect(ten.products.edges).toHaveLength(10);
    expect(hundred.products.edges).toHaveLength(100);
    expect(new Set(hundred.products.edges.map((e) => e.node.brand.id)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(hundred.products.edges.map((e) => e.node.category.id)).size).toBeGreaterThanOrEqual(3);
    expect(hundredCount).toBe(tenCount);
    // The viewer, the page, its count, the brands, the categories.
    expect(hundredCount).toBeLessThanOrEqual(5);
  });
});
