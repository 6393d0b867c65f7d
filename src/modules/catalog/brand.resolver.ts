import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import type { Brand } from './brand.entity';
import { CreateBrandInput, CreateProductCategoryInput, UpdateBrandInput, UpdateProductCategoryInput } from './brand.inputs';
import * as brandService from './brand.service';
import { BrandType, ProductCategoryType } from './brand.types';
import type { ProductCategory } from './product-category.entity';
import type { Row } from '../../core/db/rows';

@Resolver(() => BrandType)
export class BrandResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => [BrandType], { description: 'Every brand, by name.' })
  brands(@Ctx() ctx: RequestContext): Promise<Row<Brand>[]> {
    return brandService.listBrands(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => BrandType, { description: 'A name already used (letter case aside) is CONFLICT, detail DUPLICATE_BRAND.' })
  createBrand(@Ctx() ctx: RequestContext, @Arg('input') input: CreateBrandInput): Brand {
    return brandService.createBrand(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => BrandType)
  updateBrand(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateBrandInput): Promise<Row<Brand>> {
    return brandService.updateBrand(ctx, id, input);
  }
}

@Resolver(() => ProductCategoryType)
export class ProductCategoryResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => [ProductCategoryType], { description: 'Every product category, by name.' })
  productCategories(@Ctx() ctx: RequestContext): Promise<Row<ProductCategory>[]> {
    return brandService.listProductCategories(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductCategoryType, { description: 'A name already used (letter case aside) is CONFLICT, detail DUPLICATE_CATEGORY.' })
  createProductCategory(@Ctx() ctx: RequestContext, @Arg('input') input: CreateProductCategoryInput): ProductCategory {
    return brandService.createProductCategory(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductCategoryType)
  updateProductCategory(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateProductCategoryInput,
  ): Promise<Row<ProductCategory>> {
    return brandService.updateProductCategory(ctx, id, input);
  }
}
