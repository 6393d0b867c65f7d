import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ROW_READS } from '../../core/graphql/answer-selection';
import { Audited } from '../../core/audit/audit-trail';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { ConnectionArgs, type Connection } from '../../core/pagination';
import { Staff, StaffType, staffById } from '../users';
import type { Brand } from './brand.entity';
import { BrandType, ProductCategoryType } from './brand.types';
import { brandById, productById, productCategoryById, stockMovementPageByProduct } from './catalog.loaders';
import type { ProductCategory } from './product-category.entity';
import type { Product } from './product.entity';
import { AdjustStockArgs, CreateProductInput, ProductsArgs, UpdateProductInput } from './product.inputs';
import * as productService from './product.service';
import { ProductConnection, ProductType, StockMovementConnection, StockMovementType } from './product.types';
import type { StockMovement } from './stock-movement.entity';
import type { Row } from '../../core/db/rows';
import type { Loaded } from '../../core/loaders';

@Resolver(() => ProductType)
export class ProductResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => ProductType, { nullable: true, description: 'Null when no product has this id.' })
  product(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the product.' }) id: string): Promise<Row<Product> | null> {
    return productService.findProduct(ctx, id);
  }

  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => ProductConnection, { description: 'The product catalog, a page at a time (back-office staff), by name unless `orderBy` says otherwise.' })
  products(@Ctx() ctx: RequestContext, @Args() args: ProductsArgs): Promise<Connection<Row<Product>>> {
    return productService.listProducts(ctx, args);
  }

  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => [ProductType], { description: 'ACTIVE products whose stock is at or below their reorder level, fewest units first.' })
  lowStockProducts(@Ctx() ctx: RequestContext): Promise<Row<Product>[]> {
    return productService.listLowStockProducts(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, { description: 'An opening stock above 0 is recorded in the stock ledger (INITIAL).' })
  createProduct(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The new product.' }) input: CreateProductInput): Promise<Row<Product>> {
    return productService.createProduct(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, { description: 'Changes a product (admins): name, price, status, attributes… Stock moves only through `adjustStock` and sales.' })
  updateProduct(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the product.' }) id: string, @Arg('input', { description: 'The fields to change; omitted ones are kept.' }) input: UpdateProductInput): Promise<Row<Product>> {
    return productService.updateProduct(ctx, id, input);
  }

  @Authorized(Role.ADMIN)
  @Audited({ entityType: 'Product' })
  @Mutation(() => ID, { description: 'Only a product never sold (else CONFLICT, detail PRODUCT_IN_USE: discontinue it instead).' })
  deleteProduct(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the product to delete; returned when deleted.' }) id: string): Promise<string> {
    return productService.deleteProduct(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, {
    description: 'Adds (delta > 0) or takes (delta < 0) units, recorded in the stock ledger. Below zero is CONFLICT, detail INSUFFICIENT_STOCK.',
  })
  adjustStock(@Ctx() ctx: RequestContext, @Args() { productId, delta, reason }: AdjustStockArgs): Promise<Row<Product>> {
    return productService.adjustStock(ctx, productId, delta, reason);
  }

  @FieldResolver(() => BrandType, { description: 'The manufacturer.' })
  @Extensions({ [ROW_READS]: ['brand'] })
  brand(@Root() product: Row<Product>, @Ctx() ctx: RequestContext): Loaded<Row<Brand> | null> {
    return ctx.loaders.forAnswer(brandById).loadNow(product.brand.id);
  }

  @FieldResolver(() => ProductCategoryType, { description: 'The catalog category (Smartphones, Routers, Accesorios…); reports group by it.' })
  @Extensions({ [ROW_READS]: ['category'] })
  category(@Root() product: Row<Product>, @Ctx() ctx: RequestContext): Loaded<Row<ProductCategory> | null> {
    return ctx.loaders.forAnswer(productCategoryById).loadNow(product.category.id);
  }

  @Authorized(...BACK_OFFICE_READERS)
  @FieldResolver(() => StockMovementConnection, { description: 'The stock ledger of this product, newest first.' })
  stockMovements(@Root() product: Row<Product>, @Ctx() ctx: RequestContext, @Args() { first, after }: ConnectionArgs): Promise<Connection<Row<StockMovement>>> {
    return ctx.loaders.get(stockMovementPageByProduct, { first, after }).load(product.id);
  }
}

@Resolver(() => StockMovementType)
export class StockMovementResolver {
  @FieldResolver(() => ProductType, { description: 'The product whose stock moved.' })
  product(@Root() movement: Row<StockMovement>, @Ctx() ctx: RequestContext): Loaded<Row<Product> | null> {
    return ctx.loaders.get(productById).loadNow(movement.product.id);
  }

  @FieldResolver(() => StaffType, { nullable: true, description: 'Who moved it; null for the system.' })
  staff(@Root() movement: Row<StockMovement>, @Ctx() ctx: RequestContext): Loaded<Row<Staff> | null> {
    return movement.staff ? ctx.loaders.get(staffById).loadNow(movement.staff.id) : null;
  }
}
