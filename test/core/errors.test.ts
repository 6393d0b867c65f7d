import { gql } from '@apollo/client';
import pg from 'pg';
import { getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, isObjectType, isScalarType, type GraphQLField, type GraphQLInputType } from 'graphql';
import { graphql } from '../__generated__';
import { Role } from '../../src/core/auth/roles';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { installAppModules } from '../../src/modules';
import pino from 'pino';
import { TokenService } from '../../src/core/auth/tokens';
import { createHttpServer } from '../../src/core/http/server';
import { ServiceRegistry } from '../../src/core/services';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ captureLogs: true });
});
afterAll(() => server?.stop());

const CustomersForError = graphql(`
  query CustomersForError {
    customers(first: 5) { totalCount edges { node { id email } } }
  }
`);

describe('unexpected errors', () => {
  it('answers INTERNAL_SERVER_ERROR without SQL or stack, and logs the cause with the request id', async () => {
    const connection = server.app.orm.em.fork().getConnection();
    await connection.execute('alter table customer rename column email to email_broken');
    try {
      const error = await server.as(Role.ADMIN).error(CustomersForError);
      expect(error.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.message).toBe('Internal server error');
      const seen = JSON.stringify(error.all);
      expect(seen).not.toMatch(/select |email_broken|does not exist|stack|\.ts:/i);
      const logged = server.logs.find((line) => line.msg === 'unexpected error while executing an operation');
      expect(logged).toBeDefined();
      expect(logged!.requestId).toEqual(expect.any(String));
      expect(JSON.stringify(logged)).toMatch(/column .* does not exist/);
    } finally {
      await connection.execute('alter table customer rename column email_broken to email');
    }
  });

  it('survives its database connections being dropped (e.g. a database restart) and serves again', async () => {
    await server.as(Role.ADMIN).query(CustomersForError);
    const dbName = new URL(server.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.CLARO_TEST_SERVER_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // The pool may hand out a dead connection once; the process must stay up and recover.
    let answer = await server.as(Role.ADMIN).apollo.query({ query: CustomersForError, fetchPolicy: 'no-cache', errorPolicy: 'all' });
    if (answer.error) answer = await server.as(Role.ADMIN).apollo.query({ query: CustomersForError, fetchPolicy: 'no-cache', errorPolicy: 'all' });
    expect(answer.error).toBeUndefined();
    expect(answer.data?.customers.totalCount).toEqual(expect.any(Number));
  });

  it('writes one log line per request with its duration and operation name', async () => {
    await server.as(Role.ADMIN).query(CustomersForError);
    const line = server.logs.filter((l) => l.operationName === 'CustomersForError').at(-1);
    expect(line).toMatchObject({ durationMs: expect.any(Number), requestId: expect.any(String), res: { statusCode: 200 } });
  });
});

describe('readiness', () => {
  it('answers 503 on /ready and /graphql until the start-up work is done, 200 once ready; /health at once', async () => {
    let ready = false;
    const http = await createHttpServer({
      schema: await buildAppSchema(installAppModules()),
      orm: server.app.orm,
      config: server.config,
      logger: pino({ level: 'silent' }),
      tokens: new TokenService(TEST_JWT_SECRET, '1h'),
      authenticate: async () => 'MISSING_TOKEN',
      services: new ServiceRegistry(),
      app: server.app.wiring,
      isReady: () => ready,
    });
    const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    const post = () => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    try {
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/ready`)).status).toBe(503);
      const starting = await post();
      expect(starting.status).toBe(503);
      expect(((await starting.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      ready = true;
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      expect((await post()).status).toBe(200);
    } finally {
      await http.close();
    }
  });
});

/**
 * Walks every root field of the schema, so a new operation cannot forget its access rule:
 * anonymous callers are refused on all but `login`, partners on everything they are not given.
 */
describe('access to every root operation', () => {
  const PUBLIC = new Set(['login']);
  const PARTNER_ALLOWED = new Set(['login', 'me', 'saleEvents']);

  it.each([
    ['anonymous', null, PUBLIC, 'UNAUTHENTICATED'],
    ['partner', Role.PARTNER, PARTNER_ALLOWED, 'FORBIDDEN'],
  ] as const)('refuses %s callers', async (_who, role, allowed, code) => {
    const schema = await buildAppSchema(installAppModules());
    const client = server.as(role);
    const refusedWithOtherCodes: string[] = [];
    let checked = 0;
    for (const [kind, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
      for (const field of Object.values(type!.getFields())) {
        if (allowed.has(field.name)) continue;
        const document = gql(operationFor(kind, field));
        const error = await client.error(document);
        checked++;
        if (error.code !== code) refusedWithOtherCodes.push(`${field.name}: ${error.code} ${error.message}`);
      }
    }
    expect(refusedWithOtherCodes).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((arg) => isNonNullType(arg.type)).map((arg) => `${arg.name}: ${sampleValue(arg.type)}`);
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind} Walk_${field.name} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

const SAMPLE_SCALARS: Record<string, string> = {
  ID: '"1"',
  String: '"x"',
  Int: '1',
  Float: '1',
  Boolean: 'true',
  EmailAddress: '"walk@example.co"',
  PhoneNumber: '"+573001234567"',
  LocalDate: '"2020-01-01"',
  DateTimeISO: '"2020-01-01T00:00:00Z"',
  CountryCode: '"CO"',
  Decimal: '"1"',
};

function sampleValue(type: GraphQLInputType): string {
  const inner = getNullableType(type);
  if (isListType(inner)) return `[${sampleValue(inner.ofType)}]`;
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isScalarType(inner)) return SAMPLE_SCALARS[inner.name] ?? '"1"';
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${sampleValue(f.type)}`).join(', ')} }`;
  }
  throw new Error(`no sample for ${String(type)}`);
}
