import { deletionRefusals } from '../../core/deletion-guards';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { RequestContext } from '../../core/context';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { amountRange, moneyFromInput } from '../../core/money';
import { paginate, SortDirection, type Connection, type SortKeys } from '../../core/pagination';
import { escapeLike } from '../../core/validation';
import { getBrand, getProductCategory } from './brand.service';
import { ProductStatus, StockMovementKind } from './catalog.enums';
import { CatalogErrorDetail } from './catalog.errors';
import { PRODUCT_DELETION_GUARDS } from './catalog.hooks';
import { DEFAULT_REORDER_LEVEL, Product, ProductAttribute } from './product.entity';
import { ProductOrderField, type AttributeInput, type CreateProductInput, type ProductOrder, type ProductsArgs, type UpdateProductInput } from './product.inputs';
import { countSaleMovements, deleteLedgerOf, moveStock, recordInitialStock } from './stock.service';
import { rowsById, type Row } from '../../core/db/rows';
import { brandById, productById, productCategoryById } from './catalog.loaders';

export function findProduct(ctx: RequestContext, id: string): Promise<Row<Product> | null> {
  return ctx.loaders.get(productById).load(id);
}

/** For mutations: an unknown id is NOT_FOUND. `field` names the argument that carried it. */
export async function getProduct(ctx: RequestContext, id: string, field?: string): Promise<Product> {
  const product = isWellFormedId(id) ? await ctx.em.findOne(Product, id) : null;
  if (!product) throw new NotFoundError('Product', id, field);
  return product;
}

/** Products by id (as rows: a sale only reads them), one statement; unknown and malformed ids are absent. */
export async function findProductsForSale(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, Row<Product>>> {
  return rowsById(await ctx.loaders.get(productById).loadMany(ids));
}

/** For mutations: the product as an entity if it can be sold; else the errors of `sellableProduct`. */
export async function getSellableProduct(ctx: RequestContext, id: string, field: string): Promise<Product> {
  const product = isWellFormedId(id) ? await ctx.em.findOne(Product, id) : null;
  return sellableProduct(product ?? undefined, id, field);
}

/**
 * `product` (found for `id`, or not) if it can be sold: NOT_FOUND when unknown, BAD_USER_INPUT
 * (detail PRODUCT_DISCONTINUED) when discontinued, both naming `field` (e.g. `input.lines[0].productId`).
 */
export function sellableProduct<P extends Pick<Product, 'sku' | 'status'>>(product: P | undefined, id: string, field: string): P {
  if (!product) throw new NotFoundError('Product', id, field);
  if (product.status === ProductStatus.DISCONTINUED) {
    throw BadUserInputError.field(field, `product ${product.sku} is discontinued and cannot be sold`, CatalogErrorDetail.PRODUCT_DISCONTINUED);
  }
  return product;
}

export function listProducts(ctx: RequestContext, { first, after, filter, orderBy }: ProductsArgs): Promise<Connection<Row<Product>>> {
  const conditions: FilterQuery<Product>[] = [];
  // An id that cannot exist matches nothing (rather than failing the whole list).
  if (filter?.brandId != null) conditions.push({ brand: isWellFormedId(filter.brandId) ? filter.brandId : '0' });
  if (filter?.categoryId != null) conditions.push({ category: isWellFormedId(filter.categoryId) ? filter.categoryId : '0' });
  if (filter?.status) conditions.push({ status: filter.status });
  if (filter?.inStock != null) conditions.push({ stock: filter.inStock ? { $gt: 0 } : 0 });
  const search = filter?.search?.trim();
  if (search) conditions.push({ $or: [{ name: { $ilike: `%${escapeLike(search)}%` } }, { sku: { $ilike: `%${escapeLike(search)}%` } }] });
  const price = amountRange(filter?.minPrice, filter?.maxPrice, 'filter.maxPrice');
  if (price) conditions.push({ price: { amount: price } });
  // A product list nearly always shows each product's brand and category: the first page reads them with it.
  return paginate(ctx.em, Product, { $and: conditions }, productSortKeys(orderBy), { first, after }, { scope: ctx, join: { brand: brandById, category: productCategoryById }, answerType: 'Product' });
}

function productSortKeys(orderBy: ProductOrder | null | undefined): SortKeys<Product> {
  const dir = (orderBy?.direction ?? SortDirection.ASC) === SortDirection.ASC ? 'asc' : 'desc';
  switch (orderBy?.field ?? ProductOrderField.NAME) {
    case ProductOrderField.NAME:
      return [['name', dir], ['id', dir]];
    case ProductOrderField.PRICE:
      return [['price.amount', dir], ['id', dir]];
    case ProductOrderField.STOCK:
      return [['stock', dir], ['id', dir]];
    case ProductOrderField.CREATED_AT:
      return [['createdAt', dir], ['id', dir]];
  }
}

/** ACTIVE products at or below their reorder level: the fewest units first. */
export function listLowStockProducts(ctx: RequestContext): Promise<Product[]> {
  return ctx.em
    .createQueryBuilder(Product, 'p')
    .where({ status: ProductStatus.ACTIVE })
    .andWhere('p.stock <= p.reorder_level')
    .orderBy([{ stock: 'asc' }, { name: 'asc' }, { id: 'asc' }])
    .getResultList();
}

export async function createProduct(ctx: RequestContext, input: CreateProductInput): Promise<Product> {
  const price = moneyFromInput(input.price, 'input.price');
  const attributes = toAttributes(input.attributes ?? []);
  const brand = await getBrand(ctx, input.brandId, 'input.brandId');
  const category = await getProductCategory(ctx, input.categoryId, 'input.categoryId');
  const product = ctx.em.create(Product, {
    sku: normalizeSku(input.sku),
    name: input.name.trim(),
    brand,
    category,
    model: input.model?.trim() || null,
    description: input.description?.trim() || null,
    attributes,
    price,
    taxExempt: input.taxExempt ?? false,
    stock: input.stock,
    reorderLevel: input.reorderLevel ?? DEFAULT_REORDER_LEVEL,
    status: ProductStatus.ACTIVE,
  });
  recordInitialStock(ctx, product);
  return product;
}

export async function updateProduct(ctx: RequestContext, id: string, input: UpdateProductInput): Promise<Product> {
  const product = await getProduct(ctx, id);
  if (input.name !== undefined) product.name = input.name.trim();
  if (input.brandId !== undefined) product.brand = await getBrand(ctx, input.brandId, 'input.brandId');
  if (input.categoryId !== undefined) product.category = await getProductCategory(ctx, input.categoryId, 'input.categoryId');
  if (input.model !== undefined) product.model = input.model?.trim() || null;
  if (input.description !== undefined) product.description = input.description?.trim() || null;
  if (input.attributes !== undefined) product.attributes = toAttributes(input.attributes);
  if (input.price !== undefined) product.price = moneyFromInput(input.price, 'input.price');
  if (input.taxExempt !== undefined) product.taxExempt = input.taxExempt;
  if (input.reorderLevel !== undefined) product.reorderLevel = input.reorderLevel;
  if (input.status !== undefined) product.status = input.status;
  return product;
}

/**
 * Only a product no sale ever touched (its ledger has no sale movement and no other domain's guard
 * objects): then its ledger goes with it. Otherwise CONFLICT, detail PRODUCT_IN_USE: discontinue it.
 */
export async function deleteProduct(ctx: RequestContext, id: string): Promise<string> {
  const product = await getProduct(ctx, id);
  // A sale taking stock at this moment waits for this transaction (or this one waits for it, and then sees it).
  await ctx.em.lock(product, LockMode.PESSIMISTIC_WRITE);
  const saleMovements = await countSaleMovements(ctx, product.id);
  const reasons = [
    ...(saleMovements > 0 ? [`sales moved its stock ${saleMovements} time(s)`] : []),
    ...(await deletionRefusals(ctx, PRODUCT_DELETION_GUARDS, product.id)),
  ];
  if (reasons.length > 0) {
    throw new ConflictError(`Product ${product.sku} cannot be deleted: ${reasons.join('; ')}. Discontinue it instead`, CatalogErrorDetail.PRODUCT_IN_USE, { reasons });
  }
  await deleteLedgerOf(ctx, product.id);
  ctx.em.remove(product);
  return product.id;
}

/** A movement by hand (delivery, count, loss), recorded in the ledger as ADJUSTMENT. */
export async function adjustStock(ctx: RequestContext, productId: string, delta: number, reason: string): Promise<Product> {
  if (delta === 0) {
    throw BadUserInputError.field('delta', 'must not be 0: a positive number adds units, a negative one takes them', CatalogErrorDetail.ZERO_DELTA);
  }
  await moveStock(ctx, { productId, delta, reason, kind: StockMovementKind.ADJUSTMENT, field: 'productId' });
  return getProduct(ctx, productId, 'productId');
}

function normalizeSku(sku: string): string {
  return sku.trim().toUpperCase();
}

function toAttributes(inputs: AttributeInput[]): ProductAttribute[] {
  const seen = new Set<string>();
  return inputs.map((input, i) => {
    const name = input.name.trim();
    const key = name.toLocaleLowerCase('es');
    if (seen.has(key)) throw BadUserInputError.field(`input.attributes[${i}].name`, `"${name}" is given twice`, CatalogErrorDetail.DUPLICATE_ATTRIBUTE);
    seen.add(key);
    return Object.assign(new ProductAttribute(), { name, value: input.value.trim() });
  });
}
