import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  GraphQLString,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { Extensions } from 'type-graphql';
import type { RequestContext } from '../context';
import { AppError, ErrorCode } from '../errors';
import { Role } from './roles';

/**
 * Personal data, by role: ONE mechanism, declared where the data is declared.
 *
 * - `@PersonalData(kind)` on an output field says what it holds; the policy below says what each
 *   role reads of that kind: in full, masked, withheld, only of itself, or not at all. On an
 *   input field (a filter, a search, an ordering) it says what a value given there probes: a role
 *   that does not read that kind in full may not give it. On an input field it also drives the
 *   audit trail's input summary (masked, or removed for SECRET).
 * - `@PersonalRecord({ ROLE: [fields] })` on an object type: that role reads only those fields of
 *   it (a partner's customer is its id, category, city and region).
 * - `@ReturnsViewer()` on a root field that answers the caller's own account (`me`, `login`):
 *   inside it, SELF fields (a staff member's email) may be selected.
 *
 * `applyPersonalData(schema)` applies it once to the built schema: it wraps the resolvers of the
 * fields concerned, so plain rows and entities are masked alike, whatever path reaches the type
 * (a sale's customer, a report's buyer, an interaction's customer). `personalDataRule(role)` and
 * `personalDataPlugin()` refuse up front (FORBIDDEN) an operation that selects a field the role may
 * not read or a SELF field outside the caller's own account, on WebSocket and HTTP alike.
 */
export enum PersonalKind {
  /** Not personal data, although its name may look so (a product's name, a plan's description). */
  NONE = 'NONE',
  CUSTOMER_NAME = 'CUSTOMER_NAME',
  CUSTOMER_EMAIL = 'CUSTOMER_EMAIL',
  CUSTOMER_PHONE = 'CUSTOMER_PHONE',
  DOCUMENT_TYPE = 'DOCUMENT_TYPE',
  DOCUMENT_NUMBER = 'DOCUMENT_NUMBER',
  BIRTH_DATE = 'BIRTH_DATE',
  BIRTH_YEAR = 'BIRTH_YEAR',
  /** Street lines of an address. */
  STREET = 'STREET',
  POSTAL_CODE = 'POSTAL_CODE',
  /** City, region, country of an address: what reports group by. */
  PLACE = 'PLACE',
  /** What a customer told us in their words (an interaction's description, its resolution note). */
  PRIVATE_TEXT = 'PRIVATE_TEXT',
  STAFF_NAME = 'STAFF_NAME',
  /** A staff account's email, state and dates, the addresses it connects from. */
  STAFF_ACCOUNT = 'STAFF_ACCOUNT',
  /** Passwords and tokens: never shown, never kept in the audit trail. */
  SECRET = 'SECRET',
}

/**
 * What a role reads of a kind:
 * - FULL: as stored;
 * - MASKED: through the kind's mask (`A.`, `a***@gmail.com`, `***4567`);
 * - WITHHELD: null, or `***` where the contract requires a string (an address's `line1`);
 * - SELF: only of the caller's own staff account, selected under a `@ReturnsViewer()` root field;
 * - REFUSED: selecting it is FORBIDDEN.
 */
export enum Access {
  FULL = 'FULL',
  MASKED = 'MASKED',
  WITHHELD = 'WITHHELD',
  SELF = 'SELF',
  REFUSED = 'REFUSED',
}

/** What a non-null string field shows when its value is withheld. */
export const WITHHELD_TEXT = '***';

const { FULL, MASKED, WITHHELD, SELF, REFUSED } = Access;
const everyone = { [Role.ADMIN]: FULL, [Role.SALES_AGENT]: FULL, [Role.ANALYST]: FULL, [Role.PARTNER]: FULL };
const customerData = (analyst: Access, partner: Access = REFUSED) => ({ [Role.ADMIN]: FULL, [Role.SALES_AGENT]: FULL, [Role.ANALYST]: analyst, [Role.PARTNER]: partner });

/** The roles × kinds matrix (the README's security section shows it). */
export const PERSONAL_DATA_POLICY: Record<PersonalKind, Record<Role, Access>> = {
  [PersonalKind.NONE]: everyone,
  [PersonalKind.CUSTOMER_NAME]: customerData(MASKED),
  [PersonalKind.CUSTOMER_EMAIL]: customerData(MASKED),
  [PersonalKind.CUSTOMER_PHONE]: customerData(MASKED),
  [PersonalKind.DOCUMENT_TYPE]: customerData(FULL),
  [PersonalKind.DOCUMENT_NUMBER]: customerData(MASKED),
  [PersonalKind.BIRTH_DATE]: customerData(WITHHELD),
  [PersonalKind.BIRTH_YEAR]: customerData(FULL),
  [PersonalKind.STREET]: customerData(WITHHELD),
  [PersonalKind.POSTAL_CODE]: customerData(WITHHELD),
  [PersonalKind.PLACE]: customerData(FULL, FULL),
  [PersonalKind.PRIVATE_TEXT]: customerData(WITHHELD),
  [PersonalKind.STAFF_NAME]: everyone,
  [PersonalKind.STAFF_ACCOUNT]: { [Role.ADMIN]: FULL, [Role.SALES_AGENT]: SELF, [Role.ANALYST]: SELF, [Role.PARTNER]: SELF },
  [PersonalKind.SECRET]: { [Role.ADMIN]: REFUSED, [Role.SALES_AGENT]: REFUSED, [Role.ANALYST]: REFUSED, [Role.PARTNER]: REFUSED },
};

/** `Ana María` → `A.` */
export function maskName(name: string): string {
  const first = [...name.trim()][0];
  return first ? `${first.toUpperCase()}.` : '';
}

/** `ana.garcia@gmail.com` → `a***@gmail.com` */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return WITHHELD_TEXT;
  return `${[...email][0]}***${email.slice(at)}`;
}

/** `+573001234567` → `***4567`; also document numbers. */
export function maskDigits(value: string): string {
  return `***${value.replace(/[^0-9A-Za-z]/g, '').slice(-4)}`;
}

const MASKS: Partial<Record<PersonalKind, (value: string) => string>> = {
  [PersonalKind.CUSTOMER_NAME]: maskName,
  [PersonalKind.CUSTOMER_EMAIL]: maskEmail,
  [PersonalKind.CUSTOMER_PHONE]: maskDigits,
  [PersonalKind.DOCUMENT_NUMBER]: maskDigits,
  // Never shown masked (admins and the owner read it whole), but the audit trail keeps it masked.
  [PersonalKind.STAFF_ACCOUNT]: maskEmail,
};

/** The masked form of one value of `kind` (lists element by element); for a kind without a mask, the withheld form. */
export function maskValue(kind: PersonalKind, value: unknown, nullable = true): unknown {
  if (value == null) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(kind, item, nullable));
  const mask = MASKS[kind];
  if (mask && typeof value === 'string') return mask(value);
  return nullable ? null : WITHHELD_TEXT;
}

/**
 * How the audit trail keeps a value of `kind` given as input: as an analyst would read it (a kind
 * analysts read whole, such as a city, stays), else masked (`a***@…`) or `***`; secrets never reach here.
 */
export function auditForm(kind: PersonalKind, value: unknown): unknown {
  return PERSONAL_DATA_POLICY[kind][Role.ANALYST] === FULL ? value : maskValue(kind, value, false);
}

const PERSONAL_DATA = 'personalData';
const PERSONAL_ARGS = 'personalArgs';
const PERSONAL_RECORD = 'personalRecord';
const RETURNS_VIEWER = 'returnsViewer';

export interface PersonalDataDecision {
  kinds: PersonalKind[];
  /** For an enum input (an ordering): only these values probe the kinds. */
  onlyValues?: string[];
}

/** Declares what a field (output or input) holds; see the module comment. Several kinds: all apply. */
export function PersonalData(kind: PersonalKind | PersonalKind[], options: { onlyValues?: string[] } = {}): PropertyDecorator & MethodDecorator {
  const decision: PersonalDataDecision = { kinds: Array.isArray(kind) ? kind : [kind], ...options };
  return Extensions({ [PERSONAL_DATA]: decision }) as PropertyDecorator & MethodDecorator;
}

/** The same for a root field's plain arguments (`login(email, password)`), which carry no decorators of their own. */
export function PersonalArgs(kinds: Record<string, PersonalKind>): MethodDecorator {
  return Extensions({ [PERSONAL_ARGS]: kinds }) as MethodDecorator;
}

/** On an object type: each role named reads only the fields listed. */
export function PersonalRecord(readable: Partial<Record<Role, string[]>>): ClassDecorator {
  return Extensions({ [PERSONAL_RECORD]: readable }) as ClassDecorator;
}

/** On a root field answering the caller's own account: SELF fields may be selected inside it. */
export function ReturnsViewer(): MethodDecorator {
  return Extensions({ [RETURNS_VIEWER]: true }) as MethodDecorator;
}

export function decisionOf(field: { extensions?: Record<string, unknown> | null }): PersonalDataDecision | undefined {
  return field.extensions?.[PERSONAL_DATA] as PersonalDataDecision | undefined;
}

export function argDecisionsOf(field: GraphQLField<unknown, unknown>): Record<string, PersonalKind> {
  return (field.extensions?.[PERSONAL_ARGS] as Record<string, PersonalKind> | undefined) ?? {};
}

/** What `role` reads of `type.field`: the type's record first, then the field's kinds (the strictest wins). */
export function accessOf(role: Role, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): Access {
  const record = type.extensions?.[PERSONAL_RECORD] as Partial<Record<Role, string[]>> | undefined;
  const readable = record?.[role];
  if (readable && !readable.includes(field.name)) return REFUSED;
  const decision = decisionOf(field);
  if (!decision) return FULL;
  return strictest(decision.kinds.map((kind) => PERSONAL_DATA_POLICY[kind][role]));
}

const STRICTNESS = [FULL, MASKED, WITHHELD, SELF, REFUSED];
function strictest(accesses: Access[]): Access {
  return accesses.reduce((a, b) => (STRICTNESS.indexOf(b) > STRICTNESS.indexOf(a) ? b : a), FULL);
}

function refusal(message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(ErrorCode.FORBIDDEN, message, { detail: 'PERSONAL_DATA', ...extra });
}

function readRefusal(role: Role, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, access: Access): AppError {
  const record = type.extensions?.[PERSONAL_RECORD] as Partial<Record<Role, string[]>> | undefined;
  const why =
    access === SELF
      ? 'only of your own account (under `me`)'
      : record?.[role] && !record[role]!.includes(field.name)
        ? `only ${record[role]!.join(', ')}`
        : 'it is personal data your role does not read';
  return refusal(`A ${role} may not read ${type.name}.${field.name}: ${why}`, { field: `${type.name}.${field.name}` });
}

// ---------------------------------------------------------------------------------------------
// Inputs: filters, searches and orderings that would probe what a role sees masked.

/** A personal value found in an argument: its path and kinds. */
interface InputProbe {
  path: string;
  kinds: PersonalKind[];
}

type InputWalker = (value: unknown, path: string, found: InputProbe[]) => void;

/** Builds, once per argument type, what to look at in a value of it; null when nothing personal can be inside. */
function inputWalker(type: GraphQLInputType, decision: PersonalDataDecision | undefined, seen = new Map<string, InputWalker | null>()): InputWalker | null {
  const named = getNamedType(type);
  // A secret given (a new password) is written, not looked up: it probes nothing. The audit trail drops it.
  const probing = decision?.kinds.filter((kind) => kind !== PersonalKind.NONE && kind !== PersonalKind.SECRET) ?? [];
  if (probing.length) {
    const kinds = probing;
    const only = decision?.onlyValues;
    const probes = (value: unknown) => value != null && (!only || (Array.isArray(value) ? value : [value]).some((v) => only.includes(String(v))));
    return (value, path, found) => {
      if (probes(value)) found.push({ path, kinds });
    };
  }
  if (!isInputObjectType(named)) return null;
  if (seen.has(named.name)) return seen.get(named.name) ?? null;
  seen.set(named.name, null);
  const fields = Object.values(named.getFields())
    .map((field) => [field.name, inputWalker(field.type, decisionOf(field), seen)] as const)
    .filter((entry): entry is readonly [string, InputWalker] => entry[1] !== null);
  if (fields.length === 0) return null;
  const walk: InputWalker = (value, path, found) => {
    if (value == null) return;
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, `${path}[${i}]`, found));
    for (const [name, inner] of fields) inner((value as Record<string, unknown>)[name], `${path}.${name}`, found);
  };
  seen.set(named.name, walk);
  return walk;
}

function argumentWalkers(field: GraphQLField<unknown, unknown>): [string, InputWalker][] {
  const argDecisions = argDecisionsOf(field);
  return field.args
    .map((arg: GraphQLArgument) => [arg.name, inputWalker(arg.type, argDecisions[arg.name] ? { kinds: [argDecisions[arg.name]] } : decisionOf(arg))] as const)
    .filter((entry): entry is readonly [string, InputWalker] => entry[1] !== null) as [string, InputWalker][];
}

// ---------------------------------------------------------------------------------------------
// Applying it to the schema.

/** Wraps the resolvers of every field concerned, once, after the schema is built. */
export function applyPersonalData(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const accesses = new Map(Object.values(Role).map((role) => [role, accessOf(role, type, field)] as const));
      const walkers = argumentWalkers(field);
      const restricted = [...accesses.values()].some((access) => access !== FULL);
      if (!restricted && walkers.length === 0) continue;
      const nullable = !isNonNullType(field.type);
      for (const [role, access] of accesses) {
        if (access === WITHHELD && !nullable && getNullableType(field.type) !== GraphQLString) {
          throw new Error(`${type.name}.${field.name} is WITHHELD for ${role} but is neither nullable nor a String: refuse it instead`);
        }
      }
      const kinds = decisionOf(field)?.kinds ?? [];
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: RequestContext, info) => {
        const viewer = ctx.viewer;
        // No viewer: only `@Public()` operations run, and `login` answers the caller's own account.
        if (!viewer) return resolve(source, args, ctx, info);
        if (walkers.length) checkArguments(viewer.role, type, field, walkers, args);
        switch (accesses.get(viewer.role)) {
          case FULL:
          case undefined:
            return resolve(source, args, ctx, info);
          case REFUSED:
            throw readRefusal(viewer.role, type, field, REFUSED);
          case SELF:
            if ((source as { id?: unknown } | null)?.id !== viewer.id) throw readRefusal(viewer.role, type, field, SELF);
            return resolve(source, args, ctx, info);
          case WITHHELD:
            return nullable ? null : WITHHELD_TEXT;
          case MASKED: {
            const value = resolve(source, args, ctx, info);
            const mask = (resolved: unknown) => kinds.reduce((v, kind) => (PERSONAL_DATA_POLICY[kind][viewer.role] === MASKED ? maskValue(kind, v, nullable) : v), resolved);
            return value instanceof Promise ? value.then(mask) : mask(value);
          }
        }
      };
    }
  }
  return schema;
}

function checkArguments(role: Role, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, walkers: [string, InputWalker][], args: Record<string, unknown>): void {
  const found: InputProbe[] = [];
  for (const [name, walk] of walkers) walk(args[name], name, found);
  for (const probe of found) {
    if (probe.kinds.some((kind) => PERSONAL_DATA_POLICY[kind][role] !== FULL)) {
      throw refusal(`A ${role} may not filter, search or order ${type.name}.${field.name} by ${probe.path}: it probes personal data the role does not read in full`, {
        field: `${type.name}.${field.name}`,
        argument: probe.path,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Refusing up front: the selections of an operation, before anything runs.

/**
 * Why `role` may not run `operation` as selected (fields it may not read, SELF fields outside
 * the caller's own account); empty when it may. Fragments are followed where they are spread.
 */
export function personalDataRefusals(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, role: Role): AppError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const root = schema.getRootType(operation.operation);
  const errors: AppError[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLObjectType, selections: SelectionSetNode, self: boolean, depth: number, spreads: ReadonlySet<string>) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || spreads.has(fragment.name.value)) continue;
        const on = schema.getType(fragment.typeCondition.name.value);
        if (isObjectType(on)) visit(on, fragment.selectionSet, self, depth, new Set([...spreads, fragment.name.value]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (isObjectType(on)) visit(on, selection.selectionSet, self, depth, spreads);
        continue;
      }
      const field = type.getFields()[selection.name.value];
      if (!field) continue;
      const access = accessOf(role, type, field);
      if (access === REFUSED || (access === SELF && !self)) {
        const key = `${type.name}.${field.name}`;
        if (!seen.has(key)) errors.push(readRefusal(role, type, field, access));
        seen.add(key);
      }
      const inner = getNamedType(field.type);
      if (selection.selectionSet && isObjectType(inner)) {
        const selfInside = depth === 0 ? field.extensions?.[RETURNS_VIEWER] === true : self;
        visit(inner, selection.selectionSet, selfInside, depth + 1, spreads);
      }
    }
  };
  if (root) visit(root, operation.selectionSet, false, 0, new Set());
  return errors;
}

/** The up-front refusal as a validation rule (graphql-ws's `onSubscribe` validates with it). */
export function personalDataRule(role: Role): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      for (const error of personalDataRefusals(context.getSchema(), context.getDocument(), operation, role)) context.reportError(error);
    },
  });
}

/**
 * The up-front refusal on HTTP, where the viewer is known: HTTP 403, nothing runs. A federation
 * gateway, whose schema carries no decisions, passes the schema built from the modules (`decisions`).
 */
export function personalDataPlugin(decisions?: GraphQLSchema): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue, response }) {
          const role = contextValue.viewer?.role;
          if (!role || !operation) return;
          const [first] = personalDataRefusals(decisions ?? schema, document, operation, role);
          if (first) {
            response.http.status = 403;
            throw first;
          }
        },
      };
    },
  };
}
