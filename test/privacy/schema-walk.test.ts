import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  defaultFieldResolver,
} from 'graphql';
import { Access, accessOf, argDecisionsOf, decisionOf, PERSONAL_DATA_POLICY, personalDataRefusals, PersonalKind } from '../../src/core/auth/personal-data';
import { Role } from '../../src/core/auth/roles';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { installAppModules } from '../../src/modules';
import { Customer } from '../../src/modules/users';

/**
 * The schema walk: every field reachable from the roots, by any path, is looked at.
 * - A field, argument or input field whose name looks personal must carry a decision
 *   (`@PersonalData(kind)`, `PersonalKind.NONE` when it is not personal after all).
 * - Every personal field must read, for every role, what the matrix below says (the README's
 *   matrix): a new personal field needs a line here, and a changed rule shows as a failure.
 * - Every path from a root to a personal field is turned into an operation and checked against the
 *   up-front refusal: REFUSED fields are refused on every path, SELF ones everywhere but under `me`.
 */
const LOOKS_PERSONAL = /name|email|phone|document|birth|address|line1|postal|description/i;
const LOOKS_SECRET = /password|token|secret/i;

const { FULL, MASKED, WITHHELD, SELF, REFUSED } = Access;
type Row = [Access, Access, Access, Access]; // ADMIN, SALES_AGENT, ANALYST, PARTNER
const ROLES = [Role.ADMIN, Role.SALES_AGENT, Role.ANALYST, Role.PARTNER] as const;

const MATRIX: Record<string, Row> = {
  'Customer.firstName': [FULL, FULL, MASKED, REFUSED],
  'Customer.legalName': [FULL, FULL, MASKED, REFUSED],
  'Customer.displayName': [FULL, FULL, MASKED, REFUSED],
  'Customer.lastName': [FULL, FULL, MASKED, REFUSED],
  'Customer.email': [FULL, FULL, MASKED, REFUSED],
  'Customer.phones': [FULL, FULL, MASKED, REFUSED],
  'Customer.documentType': [FULL, FULL, FULL, REFUSED],
  'Customer.documentNumber': [FULL, FULL, MASKED, REFUSED],
  'Customer.birthDate': [FULL, FULL, WITHHELD, REFUSED],
  'Customer.birthYear': [FULL, FULL, FULL, REFUSED],
  'Customer.addresses': [FULL, FULL, FULL, REFUSED],
  'Address.line1': [FULL, FULL, WITHHELD, REFUSED],
  'Address.postalCode': [FULL, FULL, WITHHELD, REFUSED],
  'Address.kind': [FULL, FULL, FULL, FULL],
  'Address.city': [FULL, FULL, FULL, FULL],
  'Address.region': [FULL, FULL, FULL, FULL],
  'Address.countryCode': [FULL, FULL, FULL, FULL],
  'Interaction.description': [FULL, FULL, WITHHELD, REFUSED],
  'Interaction.resolutionNote': [FULL, FULL, WITHHELD, REFUSED],
  'Staff.name': [FULL, FULL, FULL, FULL],
  'Staff.email': [FULL, SELF, SELF, SELF],
  'Staff.active': [FULL, SELF, SELF, SELF],
  'Staff.createdAt': [FULL, SELF, SELF, SELF],
  'AuditEntry.clientAddress': [FULL, SELF, SELF, SELF],
};
/** Of a customer, a partner reads these only; every other field of Customer is REFUSED to it. */
const PARTNER_CUSTOMER = ['id', 'category', 'city', 'region'];

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema(installAppModules());
});

function roots(): GraphQLObjectType[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((t): t is GraphQLObjectType => !!t);
}

/** Every object type reachable from the roots, and every input type reachable through arguments. */
function reachable(): { objects: GraphQLObjectType[]; inputs: GraphQLInputObjectType[] } {
  const objects = new Map<string, GraphQLObjectType>();
  const inputs = new Map<string, GraphQLInputObjectType>();
  const visitInput = (type: GraphQLInputObjectType) => {
    if (inputs.has(type.name)) return;
    inputs.set(type.name, type);
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isInputObjectType(named)) visitInput(named);
    }
  };
  const visit = (type: GraphQLObjectType) => {
    if (objects.has(type.name)) return;
    objects.set(type.name, type);
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        const named = getNamedType(arg.type);
        if (isInputObjectType(named)) visitInput(named);
      }
      const named = getNamedType(field.type);
      if (isObjectType(named)) visit(named);
      if (isInterfaceType(named) || isUnionType(named)) throw new Error(`the walk does not follow ${named.name} yet`);
    }
  };
  roots().forEach(visit);
  return { objects: [...objects.values()], inputs: [...inputs.values()] };
}

const isLeaf = (field: GraphQLField<unknown, unknown>) => !isObjectType(getNamedType(field.type));

it('finds a decision on every output field, argument and input field whose name looks personal or secret', () => {
  const { objects, inputs } = reachable();
  const undecided: string[] = [];
  for (const type of objects) {
    for (const field of Object.values(type.getFields())) {
      if (isLeaf(field) && (LOOKS_PERSONAL.test(field.name) || LOOKS_SECRET.test(field.name)) && !decisionOf(field)) undecided.push(`${type.name}.${field.name}`);
      for (const arg of field.args) {
        const decided = decisionOf(arg) || argDecisionsOf(field)[arg.name];
        if ((LOOKS_PERSONAL.test(arg.name) || LOOKS_SECRET.test(arg.name)) && !decided) undecided.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
  }
  for (const type of inputs) {
    for (const field of Object.values(type.getFields())) {
      if (isInputObjectType(getNamedType(field.type))) continue;
      if ((LOOKS_PERSONAL.test(field.name) || LOOKS_SECRET.test(field.name)) && !decisionOf(field)) undecided.push(`${type.name}.${field.name}`);
    }
  }
  expect(undecided).toEqual([]);
  // The walk can fail: it sees the fields it must.
  expect(objects.map((t) => t.name)).toEqual(expect.arrayContaining(['Customer', 'Address', 'Interaction', 'Staff', 'Sale', 'Buyer', 'TopCustomer', 'AuditEntry']));
});

it('gives every role exactly what the matrix says of every personal field, and nothing else personal exists', () => {
  const { objects } = reachable();
  const seen = new Set<string>();
  const wrong: string[] = [];
  for (const type of objects) {
    for (const field of Object.values(type.getFields())) {
      const key = `${type.name}.${field.name}`;
      const kinds = decisionOf(field)?.kinds.filter((kind) => kind !== PersonalKind.NONE) ?? [];
      const expected: Row | undefined =
        MATRIX[key] ?? (type.name === 'Customer' ? [FULL, FULL, FULL, PARTNER_CUSTOMER.includes(field.name) ? FULL : REFUSED] : undefined);
      if (!expected) {
        if (kinds.length) wrong.push(`${key}: personal (${kinds.join(', ')}) but not in the matrix`);
        for (const role of ROLES) if (accessOf(role, type, field) !== FULL) wrong.push(`${key}: ${role} reads it ${accessOf(role, type, field)}, not in the matrix`);
        continue;
      }
      seen.add(key);
      ROLES.forEach((role, i) => {
        const actual = accessOf(role, type, field);
        if (actual !== expected[i]) wrong.push(`${key}: ${role} reads it ${actual}, the matrix says ${expected[i]}`);
      });
    }
  }
  expect(wrong).toEqual([]);
  expect(Object.keys(MATRIX).filter((key) => !seen.has(key))).toEqual([]);
});

interface PathEnd {
  path: GraphQLField<unknown, unknown>[];
  type: GraphQLObjectType;
  rootType: GraphQLObjectType;
}

/** Every path from a root field to a type holding a restricted field, without passing a type twice. */
function pathsToRestrictedTypes(maxDepth = 7): PathEnd[] {
  const restricted = (type: GraphQLObjectType) => Object.values(type.getFields()).some((f) => ROLES.some((role) => accessOf(role, type, f) !== FULL));
  const ends: PathEnd[] = [];
  const walk = (rootType: GraphQLObjectType, type: GraphQLObjectType, path: GraphQLField<unknown, unknown>[], onPath: Set<string>) => {
    if (path.length && restricted(type)) ends.push({ path, type, rootType });
    if (path.length >= maxDepth) return;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isObjectType(named) || onPath.has(named.name)) continue;
      walk(rootType, named, [...path, field], new Set([...onPath, named.name]));
    }
  };
  for (const root of roots()) walk(root, root, [], new Set([root.name]));
  return ends;
}

/** A document selecting `leaf` at the end of `path` (arguments as variables: validation is not run). */
function documentFor(end: PathEnd, leaf: string): OperationDefinitionNode {
  const operation = end.rootType === schema.getMutationType() ? 'mutation' : end.rootType === schema.getSubscriptionType() ? 'subscription' : 'query';
  let selection = `${leaf}${isObjectType(getNamedType(end.type.getFields()[leaf].type)) ? ' { __typename }' : ''}`;
  for (const field of [...end.path].reverse()) selection = `${field.name} { ${selection} }`;
  return parse(`${operation} { ${selection} }`).definitions[0] as OperationDefinitionNode;
}

it('refuses up front, on every path from every root, the fields a role may not read, and SELF fields outside `me`', () => {
  const ends = pathsToRestrictedTypes();
  // Reports, sales, interactions, subscriptions and the event stream all lead to customers.
  expect(ends.length).toBeGreaterThan(200);
  const viaRoots = new Set(ends.filter((end) => end.type.name === 'Customer').map((end) => end.path[0].name));
  expect([...viaRoots]).toEqual(expect.arrayContaining(['customers', 'sales', 'buyersOfProduct', 'topCustomers', 'customerInsights', 'interactions', 'saleEvents']));
  const wrong: string[] = [];
  let checked = 0;
  for (const end of ends) {
    const underMe = end.path[0].name === 'me' || end.path[0].name === 'login';
    for (const field of Object.values(end.type.getFields())) {
      for (const role of ROLES) {
        const access = accessOf(role, end.type, field);
        if (access === FULL || access === MASKED || access === WITHHELD) continue;
        const operation = documentFor(end, field.name);
        const refusals = personalDataRefusals(schema, { kind: 'Document', definitions: [operation] } as never, operation, role);
        const refused = refusals.some((error) => error.extensions.field === `${end.type.name}.${field.name}`);
        const shouldRefuse = access === REFUSED || (access === SELF && !underMe);
        checked++;
        if (refused !== shouldRefuse) wrong.push(`${role} ${end.path.map((f) => f.name).join('.')}.${field.name}: ${refused ? 'refused' : 'allowed'}`);
      }
    }
  }
  expect(checked).toBeGreaterThan(1000);
  expect(wrong).toEqual([]);
});

it('knows every query argument that probes personal data, and which roles it is refused to', () => {
  // Inputs of queries (filters, searches, orderings) whose decision names a personal kind: a role
  // that does not read every such kind whole is refused the argument (test/privacy/personal-data.test.ts runs it).
  const probes: string[] = [];
  const walkInput = (type: GraphQLInputObjectType, path: string, seen: Set<string>) => {
    for (const field of Object.values(type.getFields())) {
      const kinds = decisionOf(field)?.kinds.filter((kind) => kind !== PersonalKind.NONE && kind !== PersonalKind.SECRET) ?? [];
      const refusedTo = ROLES.filter((role) => kinds.some((kind) => PERSONAL_DATA_POLICY[kind][role] !== FULL));
      if (kinds.length) probes.push(`${path}.${field.name} → ${refusedTo.join(', ')}`);
      const named = getNamedType(field.type);
      if (isInputObjectType(named) && !seen.has(named.name)) walkInput(named, `${path}.${field.name}`, new Set([...seen, named.name]));
    }
  };
  for (const type of reachable().objects) {
    if (type === schema.getMutationType()) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        const named = getNamedType(arg.type);
        if (isInputObjectType(named)) walkInput(named, `${type.name}.${field.name}(${arg.name})`, new Set([named.name]));
      }
    }
  }
  expect(probes.sort()).toEqual([
    'Query.customers(filter).search → ANALYST, PARTNER',
    'Query.customers(orderBy).field → ANALYST, PARTNER',
  ]);
});

it('masks an entity (what mutations answer) exactly as a plain row (what queries answer)', async () => {
  const values = { id: '7', firstName: 'Ana María', lastName: 'García', email: 'ana.garcia@gmail.com', phones: ['+573001234567'], documentNumber: '1020304567', birthDate: '1990-05-17' };
  const entity = Object.assign(new Customer(), values);
  const row = { ...values };
  const customer = schema.getType('Customer') as GraphQLObjectType;
  const read = async (source: object, role: Role) => {
    const context = { viewer: { id: '1', email: 'x@test.claro', name: 'X', role } };
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(values)) out[name] = await (customer.getFields()[name].resolve ?? defaultFieldResolver)(source, {}, context, { fieldName: name } as never);
    return out;
  };
  expect(await read(entity, Role.ANALYST)).toEqual(await read(row, Role.ANALYST));
  expect(await read(entity, Role.ANALYST)).toEqual({ id: '7', firstName: 'A.', lastName: 'G.', email: 'a***@gmail.com', phones: ['***4567'], documentNumber: '***4567', birthDate: null });
  expect(await read(entity, Role.SALES_AGENT)).toEqual(values);
  expect(await read(row, Role.SALES_AGENT)).toEqual(values);
});
