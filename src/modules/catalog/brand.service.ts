import type { RequestContext } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { Brand } from './brand.entity';
import type { CreateBrandInput, CreateProductCategoryInput, UpdateBrandInput, UpdateProductCategoryInput } from './brand.inputs';
import { ProductCategory } from './product-category.entity';
import { findRows, type Row } from '../../core/db/rows';

/** Brands and categories are few: plain lists, by name. Names are unique whatever the letter case (a unique index). */

export function listBrands(ctx: RequestContext): Promise<Row<Brand>[]> {
  return findRows(ctx.em, Brand, {}, { orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

/** For mutations: an unknown id is NOT_FOUND. `field` names the argument that carried it. */
export async function getBrand(ctx: RequestContext, id: string, field?: string): Promise<Brand> {
  const brand = isWellFormedId(id) ? await ctx.em.findOne(Brand, id) : null;
  if (!brand) throw new NotFoundError('Brand', id, field);
  return brand;
}

export function createBrand(ctx: RequestContext, input: CreateBrandInput): Brand {
  return ctx.em.create(Brand, { name: input.name.trim(), country: input.country?.toUpperCase() ?? null });
}

export async function updateBrand(ctx: RequestContext, id: string, input: UpdateBrandInput): Promise<Brand> {
  const brand = await getBrand(ctx, id);
  if (input.name !== undefined) brand.name = input.name.trim();
  if (input.country !== undefined) brand.country = input.country?.toUpperCase() ?? null;
  return brand;
}

export function listProductCategories(ctx: RequestContext): Promise<Row<ProductCategory>[]> {
  return findRows(ctx.em, ProductCategory, {}, { orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

export async function getProductCategory(ctx: RequestContext, id: string, field?: string): Promise<ProductCategory> {
  const category = isWellFormedId(id) ? await ctx.em.findOne(ProductCategory, id) : null;
  if (!category) throw new NotFoundError('ProductCategory', id, field);
  return category;
}

export function createProductCategory(ctx: RequestContext, input: CreateProductCategoryInput): ProductCategory {
  return ctx.em.create(ProductCategory, { name: input.name.trim() });
}

export async function updateProductCategory(ctx: RequestContext, id: string, input: UpdateProductCategoryInput): Promise<ProductCategory> {
  const category = await getProductCategory(ctx, id);
  if (input.name !== undefined) category.name = input.name.trim();
  return category;
}
