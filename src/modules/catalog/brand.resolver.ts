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
  createBrand(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The new brand.' }) input: CreateBrandInput): Brand {
    return brandService.createBrand(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => BrandType, { description: 'Renames a brand or changes its country (admins). A name already used is CONFLICT.' })
  updateBrand(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the brand.' }) id: string, @Arg('input', { description: 'The fields to change; omitted ones are kept.' }) input: UpdateBrandInput): Promise<Row<Brand>> {
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
  createProductCategory(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The new category.' }) input: CreateProductCategoryInput): ProductCategory {
    return brandService.createProductCategory(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductCategoryType, { description: 'Renames a product category (admins). A name already used is CONFLICT.' })
  updateProductCategory(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Id of the category.' }) id: string,
    @Arg('input', { description: 'The new name.' }) input: UpdateProductCategoryInput,
  ): Promise<Row<ProductCategory>> {
    return brandService.updateProductCategory(ctx, id, input);
  }
}
