/**
 * The staff check remembered for a moment (STAFF_CHECK_CACHE_MS, here its default of 1 s): a burst
 * of requests with one token reads the account once, a change made through the API takes effect at
 * once, a change made elsewhere (SQL, another instance) within that time.
 */
import pg from 'pg';
import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server';

const StaffCheckMe = graphql(`
  query StaffCheckMe {
    me { id name role }
  }
`);

const StaffCheckLogin = graphql(`
  mutation StaffCheckLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) { token }
  }
`);

const StaffCheckCreate = graphql(`
  mutation StaffCheckCreate($input: CreateStaffInput!) {
    createStaff(input: $input) { id }
  }
`);

const StaffCheckUpdate = graphql(`
  mutation StaffCheckUpdate($id: ID!, $input: UpdateStaffInput!) {
    updateStaff(id: $id, input: $input) { id }
  }
`);

const StaffCheckDeactivate = graphql(`
  mutation StaffCheckDeactivate($id: ID!) {
    deactivateStaff(id: $id) { id }
  }
`);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { STAFF_CHECK_CACHE_MS: '1000' } });
});
afterAll(() => server?.stop());

/** A new SALES_AGENT account, logged in: its id and an Apollo Client with its token. */
async function newAgent(email: string) {
  const { createStaff } = await server.as(Role.ADMIN).mutate(StaffCheckCreate, { input: { email, name: 'Agente', role: 'SALES_AGENT', password: TEST_PASSWORD } });
  const { login } = await server.as(null).mutate(StaffCheckLogin, { email, password: TEST_PASSWORD });
  return { id: createStaff.id, client: server.withToken(login.token) };
}

it('reads the account once for requests that follow each other with one token', async () => {
  const { client } = await newAgent('burst@test.claro');
  await client.query(StaffCheckMe);
  server.takeSqlCount();
  const { me } = await client.query(StaffCheckMe);
  expect(me.name).toBe('Agente');
  expect(server.takeSqlCount()).toBe(0);
});

it('applies a new name, role, password or a deactivation made through the API to the next request', async () => {
  const admin = server.as(Role.ADMIN);
  const { id, client } = await newAgent('changes@test.claro');
  expect((await client.query(StaffCheckMe)).me).toMatchObject({ name: 'Agente', role: 'SALES_AGENT' });

  await admin.mutate(StaffCheckUpdate, { id, input: { name: 'Analista', role: 'ANALYST' } });
  expect((await client.query(StaffCheckMe)).me).toMatchObject({ name: 'Analista', role: 'ANALYST' });

  await admin.mutate(StaffCheckUpdate, { id, input: { password: 'another-long-password' } });
  expect((await client.error(StaffCheckMe)).extensions.detail).toBe('REVOKED_TOKEN');

  const { login } = await server.as(null).mutate(StaffCheckLogin, { email: 'changes@test.claro', password: 'another-long-password' });
  const again = server.withToken(login.token);
  expect((await again.query(StaffCheckMe)).me.id).toBe(id);
  await admin.mutate(StaffCheckDeactivate, { id });
  expect((await again.error(StaffCheckMe)).extensions.detail).toBe('REVOKED_TOKEN');
});

it('applies a deactivation made outside this server within STAFF_CHECK_CACHE_MS', async () => {
  const { id, client } = await newAgent('elsewhere@test.claro');
  expect((await client.query(StaffCheckMe)).me.id).toBe(id);
  const sql = new pg.Client({ connectionString: server.databaseUrl });
  await sql.connect();
  try {
    await sql.query('update "staff" set "active" = false, "token_version" = "token_version" + 1 where "id" = $1', [id]);
  } finally {
    await sql.end();
  }
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect((await client.error(StaffCheckMe)).extensions.detail).toBe('REVOKED_TOKEN');
});
