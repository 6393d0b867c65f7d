import type { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { Role } from '../../src/core/auth/roles';
import { TokenService } from '../../src/core/auth/tokens';
import { createRequestContext, type RequestContext } from '../../src/core/context';
import { AppError } from '../../src/core/errors';
import { AppWiring } from '../../src/core/module';
import { appModules } from '../../src/modules';
import { getSellableProduct, moveStock, PRODUCT_DELETION_GUARDS, StockMovementKind } from '../../src/modules/catalog';
import { deleteProduct } from '../../src/modules/catalog/product.service';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../support/server';
import { graphql } from '../__generated__';
import { CatalogAdjustStock, CatalogProductLedger, countRows, createProduct, sql } from './catalog.fixtures';

const StockDeleteProduct = graphql(`
  mutation StockDeleteProduct($id: ID!) {
    deleteProduct(id: $id)
  }
`);

const StockDiscontinue = graphql(`
  mutation StockDiscontinue($id: ID!) {
    updateProduct(id: $id, input: { status: DISCONTINUED }) { id status }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const admin = () => server.as(Role.ADMIN);

async function stockOf(productId: string): Promise<number> {
  const [{ stock }] = await sql<{ stock: number }>(server, 'select stock from product where id = ?', [productId]);
  return stock;
}

interface LedgerRow {
  delta: number;
  stock_before: number;
  stock_after: number;
  kind: string;
  sale_id: string | null;
}

async function ledgerOf(productId: string): Promise<LedgerRow[]> {
  return sql<LedgerRow>(server, 'select delta, stock_before, stock_after, kind, sale_id from stock_movement where product_id = ? order by id', [productId]);
}

/** The ledger adds up: rows chain from 0, each starting where the previous ended, and end at the product's stock. */
async function expectLedgerToAddUp(productId: string): Promise<void> {
  const rows = await ledgerOf(productId);
  let running = 0;
  for (const row of rows) {
    expect(row.stock_before).toBe(running);
    expect(row.stock_after).toBe(row.stock_before + row.delta);
    running = row.stock_after;
  }
  expect(await stockOf(productId)).toBe(running);
}

describe('adjustStock', () => {
  it('adds and takes units, recording who, why, when and the stock before and after, newest first', async () => {
    const product = await createProduct(server, { stock: 5 });
    expect((await admin().mutate(CatalogAdjustStock, { productId: product.id, delta: 20, reason: ' Entrega del proveedor ' })).adjustStock.stock).toBe(25);
    expect((await admin().mutate(CatalogAdjustStock, { productId: product.id, delta: -3, reason: 'Conteo anual' })).adjustStock.stock).toBe(22);

    const { product: ledger } = await server.as(Role.ANALYST).query(CatalogProductLedger, { id: product.id });
    expect(ledger!.stock).toBe(22);
    expect(ledger!.stockMovements.totalCount).toBe(3);
    expect(ledger!.stockMovements.edges.map((e) => e.node)).toMatchObject([
      { delta: -3, stockBefore: 25, stockAfter: 22, reason: 'Conteo anual', kind: 'ADJUSTMENT', saleId: null, staff: { id: server.staff.ADMIN.id }, product: { id: product.id } },
      { delta: 20, stockBefore: 5, stockAfter: 25, reason: 'Entrega del proveedor', kind: 'ADJUSTMENT' },
      { delta: 5, stockBefore: 0, stockAfter: 5, kind: 'INITIAL' },
    ]);
    const [newest] = ledger!.stockMovements.edges;
    expect(Math.abs(new Date(newest.node.createdAt).getTime() - Date.now())).toBeLessThan(60_000);

    // The ledger pages like every connection.
    const first = await admin().query(CatalogProductLedger, { id: product.id, first: 2 });
    expect(first.product!.stockMovements.pageInfo.hasNextPage).toBe(true);
    const rest = await admin().query(CatalogProductLedger, { id: product.id, first: 2, after: first.product!.stockMovements.pageInfo.endCursor });
    expect(rest.product!.stockMovements.edges.map((e) => e.node.kind)).toEqual(['INITIAL']);
    await expectLedgerToAddUp(product.id);
  });

  it('refuses to go below zero with CONFLICT/INSUFFICIENT_STOCK saying how many are left, and changes nothing', async () => {
    const product = await createProduct(server, { stock: 3 });
    const error = await admin().error(CatalogAdjustStock, { productId: product.id, delta: -4, reason: 'Pérdida' });
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions).toMatchObject({ detail: 'INSUFFICIENT_STOCK', available: 3, requested: 4, productId: product.id });
    expect(error.message).toContain('Only 3 unit(s)');
    expect(await stockOf(product.id)).toBe(3);
    expect(await countRows(server, 'stock_movement', 'product_id = ?', [product.id])).toBe(1);
  });

  it('refuses a zero delta, a blank reason and an unknown product with their codes', async () => {
    const product = await createProduct(server, { stock: 3 });
    const zero = await admin().error(CatalogAdjustStock, { productId: product.id, delta: 0, reason: 'Nada' });
    expect([zero.code, zero.extensions.detail, zero.extensions.fields]).toEqual(['BAD_USER_INPUT', 'ZERO_DELTA', [expect.objectContaining({ field: 'delta' })]]);
    const blank = await admin().error(CatalogAdjustStock, { productId: product.id, delta: 1, reason: '  ' });
    expect([blank.code, blank.extensions.fields]).toEqual(['BAD_USER_INPUT', [expect.objectContaining({ field: 'reason' })]]);
    const huge = await admin().error(CatalogAdjustStock, { productId: product.id, delta: 2_000_000_000, reason: 'Demasiado' });
    expect(huge.code).toBe('BAD_USER_INPUT');
    for (const productId of ['999999', 'not-an-id']) {
      const unknown = await admin().error(CatalogAdjustStock, { productId, delta: 1, reason: 'Entrega' });
      expect([unknown.code, unknown.extensions.fields]).toEqual(['NOT_FOUND', [expect.objectContaining({ field: 'productId' })]]);
    }
    expect(await stockOf(product.id)).toBe(3);
    expect(await countRows(server, 'stock_movement', 'product_id = ?', [product.id])).toBe(1);
  });

  it('still adjusts a discontinued product (returns, counts)', async () => {
    const product = await createProduct(server, { stock: 1 });
    await admin().mutate(StockDiscontinue, { id: product.id });
    expect((await admin().mutate(CatalogAdjustStock, { productId: product.id, delta: 2, reason: 'Devolución al almacén' })).adjustStock.stock).toBe(3);
  });

  it('never oversells: 20 concurrent takes of 1 unit from 5 leave exactly 5 done, 15 refused and a ledger that adds up', async () => {
    const product = await createProduct(server, { stock: 5 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => admin().mutate(CatalogAdjustStock, { productId: product.id, delta: -1, reason: `Venta mostrador ${i}` })),
    );
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(done).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      const [error] = (r.reason as { errors: { extensions: Record<string, unknown> }[] }).errors;
      expect(error.extensions).toMatchObject({ code: 'CONFLICT', detail: 'INSUFFICIENT_STOCK' });
    }
    expect(await stockOf(product.id)).toBe(0);
    const rows = await ledgerOf(product.id);
    expect(rows).toHaveLength(6);
    expect(rows.reduce((sum, row) => sum + row.delta, 0)).toBe(0);
    expect(rows.slice(1).map((row) => [row.stock_before, row.stock_after])).toEqual([[5, 4], [4, 3], [3, 2], [2, 1], [1, 0]]);
    await expectLedgerToAddUp(product.id);
  });

  it('keeps the ledger exact under concurrent additions and takes', async () => {
    const product = await createProduct(server, { stock: 10 });
    const deltas = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 4 : -2));
    await Promise.allSettled(deltas.map((delta, i) => admin().mutate(CatalogAdjustStock, { productId: product.id, delta, reason: `Movimiento ${i}` })));
    const rows = await ledgerOf(product.id);
    expect(rows.reduce((sum, row) => sum + row.delta, 0)).toBe(await stockOf(product.id));
    expect(await stockOf(product.id)).toBeGreaterThanOrEqual(0);
    await expectLedgerToAddUp(product.id);
  });
});

/** What the sales module does: the exported services, in one transaction of a request context. */
describe('the API for the sales module', () => {
  async function inRequest<T>(work: (ctx: RequestContext) => Promise<T>, app = server.app.wiring, role = Role.SALES_AGENT): Promise<T> {
    return server.app.orm.em.fork().transactional(async (em: EntityManager) => {
      const viewer = { id: server.staff[role].id, email: server.staff[role].email, name: `Test ${role}`, role };
      const ctx = createRequestContext({
        requestId: 'test',
        em,
        viewer,
        authFailure: null,
        logger: pino({ level: 'silent' }),
        config: server.config,
        tokens: new TokenService(TEST_JWT_SECRET, '1h'),
        app,
      });
      return work(ctx);
    });
  }

  it('takes stock for a sale and gives it back, each movement carrying the sale id', async () => {
    const product = await createProduct(server, { stock: 4 });
    await inRequest(async (ctx) => {
      const loaded = await getSellableProduct(ctx, product.id, 'input.lines[0].productId');
      const taken = await moveStock(ctx, { productId: product.id, delta: -3, reason: 'Venta FV-000001', kind: StockMovementKind.SALE, saleId: '1' });
      expect(taken).toMatchObject({ stockBefore: 4, stockAfter: 1, delta: -3 });
      // The product already loaded in this request sees the new stock, and flushing it writes nothing back.
      expect(loaded.stock).toBe(1);
      await ctx.em.flush();
    });
    expect(await stockOf(product.id)).toBe(1);

    await inRequest((ctx) => moveStock(ctx, { productId: product.id, delta: 3, reason: 'Venta FV-000001 anulada', kind: StockMovementKind.SALE_RELEASED, saleId: '1' }));
    expect(await stockOf(product.id)).toBe(4);
    expect((await ledgerOf(product.id)).map((row) => [row.kind, row.delta, row.sale_id])).toEqual([
      ['INITIAL', 4, null],
      ['SALE', -3, '1'],
      ['SALE_RELEASED', 3, '1'],
    ]);
    const [{ staff_id }] = await sql<{ staff_id: string }>(server, "select staff_id from stock_movement where product_id = ? and kind = 'SALE'", [product.id]);
    expect(staff_id).toBe(server.staff.SALES_AGENT.id);
  });

  it('refuses what cannot be sold: too few units, a discontinued or unknown product, naming the line', async () => {
    const product = await createProduct(server, { stock: 2 });
    const insufficient = await inRequest((ctx) =>
      moveStock(ctx, { productId: product.id, delta: -5, reason: 'Venta', kind: StockMovementKind.SALE, saleId: '2', field: 'input.lines[1].quantity' }),
    ).catch((e: AppError) => e);
    expect(insufficient).toBeInstanceOf(AppError);
    expect((insufficient as AppError).extensions).toMatchObject({
      code: 'CONFLICT',
      detail: 'INSUFFICIENT_STOCK',
      available: 2,
      fields: [expect.objectContaining({ field: 'input.lines[1].quantity' })],
    });

    await admin().mutate(StockDiscontinue, { id: product.id });
    const discontinued = await inRequest((ctx) => getSellableProduct(ctx, product.id, 'input.lines[0].productId')).catch((e: AppError) => e);
    expect((discontinued as AppError).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      detail: 'PRODUCT_DISCONTINUED',
      fields: [expect.objectContaining({ field: 'input.lines[0].productId' })],
    });
    for (const id of ['999999', 'x']) {
      const unknown = await inRequest((ctx) => getSellableProduct(ctx, id, 'input.lines[0].productId')).catch((e: AppError) => e);
      expect((unknown as AppError).extensions).toMatchObject({ code: 'NOT_FOUND', fields: [expect.objectContaining({ field: 'input.lines[0].productId' })] });
    }
    expect(await stockOf(product.id)).toBe(2);
  });

  it('rejects incoherent calls as programming errors (sign against the kind, missing sale id)', async () => {
    const product = await createProduct(server, { stock: 2 });
    await expect(inRequest((ctx) => moveStock(ctx, { productId: product.id, delta: 1, reason: 'x', kind: StockMovementKind.SALE, saleId: '3' }))).rejects.toThrow(TypeError);
    await expect(inRequest((ctx) => moveStock(ctx, { productId: product.id, delta: -1, reason: 'x', kind: StockMovementKind.SALE }))).rejects.toThrow(TypeError);
    await expect(inRequest((ctx) => moveStock(ctx, { productId: product.id, delta: 0, reason: 'x', kind: StockMovementKind.ADJUSTMENT }))).rejects.toThrow(TypeError);
    expect(await stockOf(product.id)).toBe(2);
  });

  it('holds a product stock taken by a sale: deleting it is CONFLICT (discontinue it instead)', async () => {
    const product = await createProduct(server, { stock: 2 });
    await inRequest((ctx) => moveStock(ctx, { productId: product.id, delta: -1, reason: 'Venta', kind: StockMovementKind.SALE, saleId: '4' }));
    const error = await admin().error(StockDeleteProduct, { id: product.id });
    expect(error.code).toBe('CONFLICT');
    expect(error.extensions.detail).toBe('PRODUCT_IN_USE');
    expect(error.message).toMatch(/discontinue it instead/i);
    expect(await countRows(server, 'product', 'id = ?', [product.id])).toBe(1);
    expect(await countRows(server, 'stock_movement', 'product_id = ?', [product.id])).toBe(2);
  });

  it('asks the guards other modules register before deleting a product', async () => {
    const held = await createProduct(server, { stock: 1 });
    const free = await createProduct(server, { stock: 1 });
    // A module installing a guard, next to the real ones: only the wiring it is installed in asks it.
    const guarded = new AppWiring([
      ...appModules,
      { name: 'test', install: (app) => app.hook(PRODUCT_DELETION_GUARDS, async (_ctx, productId) => (productId === held.id ? 'it is on 2 sale lines' : null)) },
    ]);
    const error = await inRequest((ctx) => deleteProduct(ctx, held.id), guarded, Role.ADMIN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).extensions).toMatchObject({ code: 'CONFLICT', detail: 'PRODUCT_IN_USE', reasons: ['it is on 2 sale lines'] });
    expect((error as AppError).message).toContain('it is on 2 sale lines');
    expect(await countRows(server, 'product', 'id = ?', [held.id])).toBe(1);
    expect((await admin().mutate(StockDeleteProduct, { id: free.id })).deleteProduct).toBe(free.id);
  });
});
