import { isObjectType, type GraphQLResolveInfo } from 'graphql';
import { AuthorizationError } from 'type-graphql';
import { Role } from '../../src/core/auth/roles';
import type { RequestContext } from '../../src/core/context';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { installAppModules } from '../../src/modules';

/**
 * Field resolvers with a role of their own (`@Authorized` on the method) are called directly, not
 * through type-graphql's middleware (graphql/schema.ts): the role check must come with them. From
 * the API nobody without the role gets that far (a request without a token is refused at the root
 * field, a partner's selection by the personal-data rules), so the check is exercised here on the
 * built schema's resolver itself.
 */
describe('a field resolver with its own role, called directly', () => {
  const customer = { id: '7' };
  const subscriptionsOf = async () => {
    const type = (await buildAppSchema(installAppModules())).getType('Customer');
    if (!isObjectType(type)) throw new Error('Customer is not an object type');
    return type.getFields().subscriptions.resolve!;
  };
  const contextOf = (role: Role | null, loaded: unknown[] = []) =>
    ({
      viewer: role ? { id: '1', email: 'x@claro.com.co', name: 'X', role } : null,
      authFailure: role ? null : 'MISSING_TOKEN',
      loaders: { forAnswer: () => ({ loadNow: (id: string) => (id === customer.id ? loaded : []) }) },
    }) as unknown as RequestContext;
  const info = { fieldName: 'subscriptions' } as GraphQLResolveInfo;

  it('refuses a request without a viewer with type-graphql’s error, as its middleware did', async () => {
    const resolve = await subscriptionsOf();
    await expect(Promise.resolve().then(() => resolve(customer, {}, contextOf(null), info))).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('refuses a partner (the personal-data rules say so first)', async () => {
    const resolve = await subscriptionsOf();
    await expect(Promise.resolve().then(() => resolve(customer, {}, contextOf(Role.PARTNER), info))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });

  it('answers the roles it allows (ADMIN always) with the method’s result', async () => {
    const resolve = await subscriptionsOf();
    const rows = [{ id: '1' }];
    for (const role of [Role.SALES_AGENT, Role.ANALYST, Role.ADMIN]) {
      expect(await resolve(customer, {}, contextOf(role, rows), info)).toBe(rows);
    }
  });
});
