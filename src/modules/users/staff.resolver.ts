import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PersonalArgs, PersonalKind, ReturnsViewer } from '../../core/auth/personal-data';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { OncePerOperation, OutsideTransaction, Public } from '../../core/graphql/root-fields';
import type { Staff } from './staff.entity';
import { CreateStaffInput, UpdateStaffInput } from './staff.inputs';
import * as staffService from './staff.service';
import { AuthPayloadType, StaffType } from './staff.types';
import type { Row } from '../../core/db/rows';
import type { Loaded } from '../../core/loaders';

@Resolver(() => StaffType)
export class StaffResolver {
  @Public()
  @OutsideTransaction()
  @OncePerOperation()
  @ReturnsViewer()
  @PersonalArgs({ email: PersonalKind.STAFF_ACCOUNT, password: PersonalKind.SECRET })
  @Mutation(() => AuthPayloadType, { description: 'The only operation open without a token.' })
  login(@Ctx() ctx: RequestContext, @Arg('email') email: string, @Arg('password') password: string): Promise<staffService.LoginResult> {
    return staffService.login(ctx, email, password);
  }

  @Authorized()
  @ReturnsViewer()
  @Query(() => StaffType, { description: 'The staff member making the request.' })
  me(@Ctx() ctx: RequestContext): Loaded<Row<Staff> | null> {
    return staffService.me(ctx);
  }

  @Authorized(Role.ADMIN)
  @Query(() => [StaffType])
  staffMembers(@Ctx() ctx: RequestContext): Promise<Row<Staff>[]> {
    return staffService.listStaff(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => StaffType)
  createStaff(@Ctx() ctx: RequestContext, @Arg('input') input: CreateStaffInput): Promise<Row<Staff>> {
    return staffService.createStaff(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => StaffType)
  updateStaff(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateStaffInput): Promise<Row<Staff>> {
    return staffService.updateStaff(ctx, id, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => StaffType, { description: 'The account can no longer log in, and its tokens stop working at once.' })
  deactivateStaff(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Row<Staff>> {
    return staffService.deactivateStaff(ctx, id);
  }
}
