import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import pg from 'pg';
import { postGraphql, type RawAnswer } from '../support/http';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server';

/**
 * Thousands of malformed operations across every root field of the schema, as ADMIN and
 * anonymous: each sends well-formed variables except for one bad value (NUL characters, huge
 * strings, years 0000/0001/9999, 200,000-digit decimals, tampered cursors, wrong types, huge
 * numbers). None may end as an internal error, an HTTP 500, a leak of stack, SQL or paths, or a
 * change to any table.
 */

let server: TestServer;
let adminToken: string;
beforeAll(async () => {
  server = await startTestServer({ captureLogs: true, env: { LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000', LOGIN_MAX_ATTEMPTS_PER_EMAIL: '100000', REPORTING_REFRESH_MINUTES: '0' } });
  const login = await postGraphql(server.url, {
    query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }',
    variables: { e: server.staff.ADMIN.email, p: TEST_PASSWORD },
  });
  adminToken = (login.body!.data!.login as { token: string }).token;
});
afterAll(() => server?.stop());

const schema: GraphQLSchema = buildSchema(readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8'));

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

const SAMPLES: Record<string, unknown> = {
  String: 'x',
  ID: '1',
  Int: 1,
  Float: 1.5,
  Boolean: true,
  EmailAddress: 'fuzz@test.claro',
  LocalDate: '2024-01-01',
  DateTimeISO: '2024-01-01T00:00:00Z',
  Decimal: '1.00',
  Currency: 'COP',
  PhoneNumber: '+573001234567',
  CountryCode: 'CO',
};

const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const SIGNATURES = ['createdAt:desc,id:desc', 'createdAt:asc,id:asc', 'name:asc,id:asc', 'name:desc,id:desc', 'lastName:asc,id:asc', 'price.amount:asc,id:asc', 'price.amount:desc,id:desc', 'stock:asc,id:asc', 'stock:desc,id:desc', 'total:desc,id:desc', 'total:asc,id:asc', 'startDate:desc,id:desc'];
const WRONG_CURSOR_VALUES: unknown[][] = [
  ['not-a-date', '1'],
  [12, 'x'],
  ['x', '0'],
  ['2024-01-01T00:00:00.000Z', '99999999999999999999'],
  ['0000-00-00T00:00:00Z', '1'],
  [1e308, '1'],
  ['a\u0000', '1'],
  [null, '1'],
  ['9'.repeat(500), '1'],
  [-1, -1],
  ['2024-02-30', '1'],
  [{ $gt: 1 }, ['1']],
  [true, '1'],
  ['2024-01-01', '1.5'],
];
const TAMPERED_CURSORS = SIGNATURES.flatMap((signature) => WRONG_CURSOR_VALUES.map((values) => encodeCursor([signature, ...values])));

const HUGE_DECIMAL = '1' + '0'.repeat(200_000);
const COMMON_BAD: unknown[] = ['a\u0000b', 'x'.repeat(20_000), { nested: { deeper: 'x' } }, [[['x']]], 1.5, 2 ** 53 + 2, -(2 ** 31) - 1, 1e308];
const BAD_BY_TYPE: Record<string, unknown[]> = {
  String: ['a\u0000b', '\u0000', 'x'.repeat(20_000), 12345, true, {}],
  ID: ['a\u0000b', 'x'.repeat(20_000), 1.5, {}, '-1', '1e30', '99999999999999999999999'],
  Int: [2 ** 31, -(2 ** 31) - 1, 1.5, '12', 1e308, 2 ** 53 + 2, -1],
  Float: ['NaN', 'x', {}],
  Boolean: ['true', 0, {}],
  DateTimeISO: ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2024-13-45T00:00:00Z', 'now', 253402300800000, 'a\u0000'],
  LocalDate: ['0000-01-01', '0001-01-01', '9999-12-31', '2024-02-30', '1899-12-31', 20240101],
  Decimal: [HUGE_DECIMAL, '1e400', 'NaN', '1'.repeat(39) + '.5', '1000000000000000', 1.5, 1e21, '-' + '9'.repeat(30)],
  Currency: ['XXX\u0000', 'cop', 'x'.repeat(20_000)],
  EmailAddress: ['a\u0000@b.co', 'x'.repeat(20_000) + '@b.co', 'not-an-email'],
  PhoneNumber: ['+57\u0000300', '1'.repeat(20_000)],
  CountryCode: ['C\u0000', 'XX'],
};

interface Case {
  label: string;
  query: string;
  variables: Record<string, unknown>;
  anonymous: boolean;
}

type PathPart = string | number;
interface Leaf {
  path: PathPart[];
  type: GraphQLNamedType;
  argument: string;
}

/** A well-formed value of `type` (every input field filled, lists of one), and its leaves. */
function skeleton(type: GraphQLInputType, at: PathPart[], argument: string, leaves: Leaf[], depth: number): unknown {
  if (isNonNullType(type)) return skeleton(type.ofType, at, argument, leaves, depth);
  if (isListType(type)) return [skeleton(type.ofType, [...at, 0], argument, leaves, depth)];
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (depth > 3 && !isNonNullType(field.type)) continue;
      value[field.name] = skeleton(field.type, [...at, field.name], argument, leaves, depth + 1);
    }
    return value;
  }
  const named = getNamedType(type);
  leaves.push({ path: at, type: named, argument });
  if (isEnumType(named)) return named.getValues()[0].value;
  return SAMPLES[named.name] ?? 'x';
}

function withValueAt(root: Record<string, unknown>, at: PathPart[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let target: Record<string | number, unknown> = copy;
  for (const part of at.slice(0, -1)) target = target[part] as Record<string | number, unknown>;
  target[at.at(-1)!] = value;
  return copy;
}

function selectionOf(field: GraphQLField<unknown, unknown>): string {
  return isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
}

function casesFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Case[] {
  if (field.args.length === 0) return [];
  const leaves: Leaf[] = [];
  const variables: Record<string, unknown> = {};
  for (const arg of field.args) variables[arg.name] = skeleton(arg.type, [arg.name], arg.name, leaves, 0);
  const declarations = field.args.map((arg: GraphQLArgument) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const uses = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `${kind} Fuzz(${declarations}) { ${field.name}(${uses})${selectionOf(field)} }`;
  const cases: Case[] = [];
  for (const leaf of leaves) {
    const bad = leaf.path.at(-1) === 'after' ? [...TAMPERED_CURSORS, ...BAD_BY_TYPE.String] : (BAD_BY_TYPE[leaf.type.name] ?? (isEnumType(leaf.type) ? ['NOPE', 1, 'a\u0000'] : COMMON_BAD));
    for (const value of bad) {
      cases.push({ label: `${field.name} ${leaf.path.join('.')} = ${JSON.stringify(value).slice(0, 60)}`, query, variables: withValueAt(variables, leaf.path, value), anonymous: false });
    }
    // Whole arguments of the wrong shape, and values where an object is expected.
    cases.push({ label: `${field.name} ${leaf.path.join('.')} = {deep}`, query, variables: withValueAt(variables, leaf.path, { a: [{ b: 'c\u0000' }] }), anonymous: false });
  }
  for (const arg of field.args) {
    // null only where it is invalid: a nullable argument set to null is a valid call.
    for (const value of [...(isNonNullType(arg.type) ? [null] : []), 'a\u0000', [[1]], COMMON_BAD[1]]) {
      cases.push({ label: `${field.name} ${arg.name} = ${JSON.stringify(value).slice(0, 40)}`, query, variables: { ...variables, [arg.name]: value }, anonymous: false });
    }
  }
  // The same bad values written into the document as literals for top-level string arguments.
  for (const arg of field.args) {
    if (getNamedType(arg.type).name !== 'String' && getNamedType(arg.type).name !== 'ID') continue;
    const others = field.args.filter((other) => other !== arg);
    const otherDeclarations = others.map((other) => `$${other.name}: ${other.type.toString()}`).join(', ');
    const literals = arg.name === 'after' ? TAMPERED_CURSORS.slice(0, 30) : ['a\u0000b', 'x'.repeat(20_000)];
    for (const literal of literals) {
      const otherUses = others.map((other) => `${other.name}: $${other.name}`);
      const args = [...otherUses, `${arg.name}: ${JSON.stringify(literal)}`].join(', ');
      const header = otherDeclarations ? `${kind} Fuzz(${otherDeclarations})` : kind;
      const { [arg.name]: _dropped, ...rest } = variables;
      cases.push({ label: `${field.name} literal ${arg.name}`, query: `${header} { ${field.name}(${args})${selectionOf(field)} }`, variables: rest, anonymous: false });
    }
  }
  return cases;
}

/** Every field's first cases, then a seeded sample of the rest up to `total` (about 20 s here). */
function allCases(total = 2100): Case[] {
  const next = random(42);
  const kept: Case[] = [];
  const rest: Case[] = [];
  for (const [kind, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const cases = casesFor(kind, field);
      // As ADMIN and, for a share of them, anonymous.
      const all = [...cases, ...cases.filter(() => next() < 0.2).map((c) => ({ ...c, anonymous: true, label: `anonymous ${c.label}` }))];
      kept.push(...all.slice(0, 8));
      rest.push(...all.slice(8));
    }
  }
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  return [...kept, ...rest.slice(0, Math.max(0, total - kept.length))];
}

const LEAKS = /node_modules|\/work\/|\/src\/|\.ts:\d+|\bat \w[\w.]* \(|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate "|\bdelete from\b|stacktrace|syntax error at|violates|\bECONN[A-Z]+/i;

async function rowCounts(): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('login_throttle', 'mikro_orm_migrations') order by 1",
    );
    const counts: Record<string, number> = {};
    for (const { table_name } of tables) counts[table_name] = Number((await client.query(`select count(*) as n from "${table_name}"`)).rows[0].n);
    return counts;
  } finally {
    await client.end();
  }
}

it('answers thousands of malformed operations on every root field without an internal error, an HTTP 500, a leak or a change', async () => {
  const cases = allCases();
  expect(cases.length).toBeGreaterThanOrEqual(2000);
  const fieldsCovered = new Set(cases.map((c) => c.query.match(/\{ (\w+)\(/)?.[1]));
  const fieldsWithArgs = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) => Object.values(type.getFields()).filter((f) => f.args.length > 0).map((f) => f.name));
  expect([...fieldsCovered].sort()).toEqual([...new Set(fieldsWithArgs)].sort());

  const before = await rowCounts();
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  const codes = new Map<string, number>();
  const check = (c: Case, answer: RawAnswer) => {
    statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    for (const error of answer.body?.errors ?? []) codes.set(String(error.extensions?.code), (codes.get(String(error.extensions?.code)) ?? 0) + 1);
    const problems = [
      answer.status >= 500 && answer.status !== 503 ? `HTTP ${answer.status}` : null,
      answer.status === 503 ? 'HTTP 503 (the database is up)' : null,
      answer.body === null ? 'not JSON' : null,
      /INTERNAL_SERVER_ERROR/.test(answer.text) ? 'INTERNAL_SERVER_ERROR' : null,
      LEAKS.test(answer.text.replace(/"Variable \\"\$\w+\\" got invalid value .*?(?=[;"])/g, '')) ? `leak: ${LEAKS.exec(answer.text)?.[0]}` : null,
    ].filter(Boolean);
    if (problems.length) failures.push(`${c.label}: ${problems.join(', ')} — ${answer.text.slice(0, 300)}`);
  };
  const concurrency = 8;
  for (let i = 0; i < cases.length; i += concurrency) {
    const batch = cases.slice(i, i + concurrency);
    const answers = await Promise.all(batch.map((c) => postGraphql(server.url, { query: c.query, variables: c.variables }, c.anonymous ? {} : { authorization: `Bearer ${adminToken}` })));
    batch.forEach((c, j) => check(c, answers[j]));
  }
  const after = await rowCounts();

  // eslint-disable-next-line no-console
  console.log(`fuzz: ${cases.length} operations; HTTP ${JSON.stringify(Object.fromEntries(statuses))}; codes ${JSON.stringify(Object.fromEntries(codes))}`);
  expect(failures.slice(0, 15)).toEqual([]);
  expect(after).toEqual(before);
  const logged = server.logs.filter((line) => (line.level as number) >= 50);
  expect(logged.map((line) => line.msg)).toEqual([]);
}, 180_000);
