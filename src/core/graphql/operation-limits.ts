import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  visit,
  parse,
  validate,
  type DocumentNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { RequestContext } from '../context';
import { AppError, ErrorCode } from '../errors';
import { operationCost } from './cost';

/** What one operation may ask for (checked before any resolver runs) and use (checked while it runs). */
export interface OperationLimits {
  /** The operation's estimated cost (see cost.ts): roughly the values its answer can hold. */
  maxCost: number;
  /** Nested selections, the operation's root fields being level 1. */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens of the document; the parser stops at the first one beyond. */
  maxTokens: number;
  /** Wall time a query may run; further fields then fail. Mutations are bounded by cost and `maxListItems` only. */
  timeoutMs: number;
  /** List items resolved by one operation, over all its lists. */
  maxListItems: number;
  /** Who may introspect the schema: anyone, or only callers with a valid token. */
  introspection: 'authenticated' | 'everyone';
  /** "Did you mean …?" in error messages. */
  fieldSuggestions: boolean;
}

/** Refused before execution: the request's `extensions.code`. */
const VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';
/** Stopped while executing by the time limit or the list-item cap. */
export const OPERATION_LIMIT_EXCEEDED = 'OPERATION_LIMIT_EXCEEDED';

export type OperationLimitDetail =
  | 'QUERY_TOO_COSTLY'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_DIRECTIVES'
  | 'TOO_MANY_TOKENS'
  | 'OPERATION_TIMEOUT'
  | 'TOO_MANY_LIST_ITEMS';

/** An operation over one of its limits. `measured` names what was measured (`cost`, `depth`, …) with its value. */
export class OperationLimitError extends GraphQLError {
  constructor(
    readonly detail: OperationLimitDetail,
    message: string,
    readonly limit: number,
    readonly measured: Record<string, number> = {},
  ) {
    const code = detail === 'OPERATION_TIMEOUT' || detail === 'TOO_MANY_LIST_ITEMS' ? OPERATION_LIMIT_EXCEEDED : VALIDATION_FAILED;
    super(message, { extensions: { code, detail, limit, ...measured } });
    this.name = 'OperationLimitError';
  }
}

/** The limit error behind `error`: thrown directly, reported by a validation rule, or thrown by a resolver. */
function limitErrorIn(error: unknown): OperationLimitError | null {
  for (let current = error, hops = 0; current instanceof Error && hops < 4; current = (current as GraphQLError).originalError, hops++) {
    if (current instanceof OperationLimitError) return current;
  }
  return null;
}

// graphql-js 16 writes "more that".
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/**
 * How `formatError` shows an operation-limit error (null for any other error): its code, detail,
 * the limit and what was measured. The token limit is graphql-js's own parser option, whose
 * syntax error is turned into the same shape here.
 */
export function limitErrorForClient(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | null {
  const { locations, path } = formatted;
  const where = { ...(locations ? { locations } : {}), ...(path ? { path } : {}) };
  const limitError = limitErrorIn(error);
  if (limitError) return { message: limitError.message, ...where, extensions: { ...limitError.extensions } };
  // Apollo's own parse, when it meets the token limit (a graphql-ws server's too).
  const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT_MESSAGE.exec(formatted.message) : null;
  if (tokens) {
    const limit = Number(tokens[1]);
    return {
      message: `The document has more than ${limit} tokens, the most allowed`,
      extensions: { code: VALIDATION_FAILED, detail: 'TOO_MANY_TOKENS', limit },
    };
  }
  return null;
}

export function isOperationLimitError(error: unknown): boolean {
  return limitErrorIn(error) !== null;
}

/** Give these to `parse` wherever operations are parsed (Apollo's `parseOptions`, a graphql-ws server). */
export function operationParseOptions(limits: OperationLimits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * The static limits as validation rules (depth, aliases, directives: graphql-armor's), for every
 * place that takes operations: the limits middleware here, and a graphql-ws server's `validate`
 * when subscriptions come (graphql-armor guards only what it is given).
 */
export function operationValidationRules(limits: OperationLimits): ValidationRule[] {
  const reject =
    (detail: OperationLimitDetail, measured: string, limit: number, describe: (found: number) => string) =>
    (context: ValidationContext | null, error: GraphQLError) => {
      const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
      const known = Number.isFinite(found);
      context?.reportError(
        new OperationLimitError(detail, known ? describe(found) : error.message.replace(/^Syntax Error: /, ''), limit, known ? { [measured]: found } : {}),
      );
    };
  const { validationRules } = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      propagateOnRejection: false,
      onReject: [reject('QUERY_TOO_DEEP', 'depth', limits.maxDepth, (found) => `The operation is ${found} levels deep; at most ${limits.maxDepth} are allowed`)],
    },
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [reject('TOO_MANY_ALIASES', 'aliases', limits.maxAliases, (found) => `The operation has ${found} aliases; at most ${limits.maxAliases} are allowed`)],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: [reject('TOO_MANY_DIRECTIVES', 'directives', limits.maxDirectives, (found) => `The operation has ${found} directives; at most ${limits.maxDirectives} are allowed`)],
    },
    // Cost: graphql-query-complexity with a list-aware estimator (cost.ts), which needs the
    // variables; tokens: graphql-js's parser; suggestions: the plugin below.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return validationRules ?? [];
}

/**
 * Refuses, before any other work (authentication, Apollo's parse and validation), a request whose
 * document breaks a static limit or whose cost is over the limit: its answer is the one error,
 * status 400. graphql-js's full validation is what an abusive document would otherwise cost (its
 * overlapping-fields rule is quadratic: ~3 ms for 100 aliases), and the token's staff check one
 * SQL statement. Documents found within the limits are kept (parsed) for the next requests, whose
 * cost is computed with their own variables. Anything malformed is left to Apollo to answer.
 */
export function operationLimitsMiddleware(schema: GraphQLSchema, limits: OperationLimits, refusalOf = operationLimitsCheck(schema, limits)): RequestHandler {
  return (req, res, next) => {
    const refusal = refusalOf(req.method === 'GET' ? req.query : req.body);
    if (!refusal) return next();
    const type = req.accepts(['application/graphql-response+json', 'application/json']) || 'application/json';
    res
      .status(400)
      .set('content-type', `${type}; charset=utf-8`)
      .send(JSON.stringify({ errors: [{ message: refusal.message, extensions: refusal.extensions }] }));
  };
}

/**
 * What operationLimitsMiddleware refuses, for a request's fields (a POST body or a GET query
 * string): the limit a GraphQL request breaks, or null (also for anything that is not one).
 */
export type OperationLimitsCheck = (fields: unknown) => OperationLimitError | null;

export function operationLimitsCheck(schema: GraphQLSchema, limits: OperationLimits): OperationLimitsCheck {
  const rules = operationValidationRules(limits);
  const withinLimits = new Map<string, DocumentNode>();
  let keptLength = 0;
  return (fields) => {
    const request = graphqlRequestOf(fields);
    if (!request) return null;
    let document = withinLimits.get(request.query);
    if (!document) {
      const checked = checkDocument(limits, rules, schema, request.query);
      if (checked instanceof OperationLimitError) return checked;
      if (!checked) return null;
      document = checked;
      if (keptLength + request.query.length > KEPT_DOCUMENTS_LENGTH) {
        withinLimits.clear();
        keptLength = 0;
      }
      withinLimits.set(request.query, document);
      keptLength += request.query.length;
    }
    const operation = operationOf(document, request.operationName);
    const costly =
      operation && operationRefusal(limits, { schema, document, operation, operationName: request.operationName, variables: request.variables, authenticated: true, query: request.query });
    return costly && costly.error instanceof OperationLimitError ? costly.error : null;
  };
}

/** Characters of the documents kept parsed (their syntax trees take about ten times as much memory); all forgotten when full. */
const KEPT_DOCUMENTS_LENGTH = 2_000_000;

/** The query, variables and operation name of a GraphQL-over-HTTP request (POST body or GET query string); null when it is not one. */
function graphqlRequestOf(body: unknown): { query: string; variables?: Record<string, unknown>; operationName?: string } | null {
  const fields = body as Record<string, unknown> | null | undefined;
  if (!fields || typeof fields !== 'object' || Array.isArray(fields) || typeof fields.query !== 'string') return null;
  let variables: unknown = fields.variables;
  if (typeof variables === 'string') {
    try {
      variables = JSON.parse(variables);
    } catch {
      return null;
    }
  }
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  const operationName = typeof fields.operationName === 'string' ? fields.operationName : undefined;
  return { query: fields.query, variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName };
}

/** The parsed document when within the static limits, the limit it breaks, or null when it is malformed otherwise. */
function checkDocument(limits: OperationLimits, rules: ValidationRule[], schema: GraphQLSchema, query: string): DocumentNode | OperationLimitError | null {
  let document: DocumentNode;
  try {
    document = parse(query, { ...operationParseOptions(limits), noLocation: true });
  } catch (error) {
    const tokens = error instanceof Error && TOKEN_LIMIT_MESSAGE.test(error.message);
    return tokens ? new OperationLimitError('TOO_MANY_TOKENS', `The document has more than ${limits.maxTokens} tokens, the most allowed`, limits.maxTokens) : null;
  }
  for (const error of validate(schema, document, rules)) {
    const limitError = limitErrorIn(error);
    if (limitError) return limitError;
  }
  return document;
}

function operationOf(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * The same limits inside Apollo's pipeline, for what the middleware does not see: anonymous
 * introspection (it needs the viewer), the cost again where the operation is resolved (any other
 * way in), the execution budget (`applyExecutionLimits`), and suggestions removed from error messages.
 */
export function operationLimitsPlugin(limits: OperationLimits, costSchema?: GraphQLSchema): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, operationName, request, contextValue, response }) {
          // A federation gateway's schema has no field weights: it costs operations on the whole schema (`costSchema`).
          const refusal = operationRefusal(limits, {
            schema: costSchema ?? schema,
            document,
            operation,
            operationName,
            variables: request.variables,
            authenticated: !!contextValue.viewer,
            query: request.query,
          });
          if (refusal) {
            response.http.status = refusal.status;
            throw refusal.error;
          }
        },
        async executionDidStart({ contextValue, operation }) {
          // Apollo runs this hook even for an unknown operation name (execution then refuses it).
          if (operation) startOperationBudget(contextValue, limits, operation.operation);
        },
        async didEncounterErrors({ errors }) {
          if (limits.fieldSuggestions) return;
          for (const error of errors) error.message = withoutSuggestions(error.message);
        },
        async willSendResponse({ response, contextValue, operationName }) {
          const failure = budgets.get(contextValue)?.failure;
          if (!failure || response.body.kind !== 'single') return;
          // Every field reached after the limit failed with it: one error says it, and the partial
          // answer is dropped rather than sent.
          const shown = response.body.singleResult.errors?.find((error) => error.extensions?.detail === failure.detail);
          response.body.singleResult.data = null;
          response.body.singleResult.errors = [shown ?? { message: failure.message, extensions: { ...failure.extensions } }];
          contextValue.logger.warn({ detail: failure.detail, limit: failure.limit, ...failure.measured, operationName }, 'operation stopped by a limit');
        },
      };
    },
  };
}

export interface OperationToCheck {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode | undefined;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  /** The caller sent a valid token. */
  authenticated: boolean;
  /** The text `document` was parsed from, when known: its cost is then computed once per set of variables. */
  query?: string;
}

/**
 * Why a parsed and validated operation must not run (with the HTTP status to answer), or null:
 * anonymous introspection when only authenticated callers may introspect, or a cost over the
 * limit. Run it where the variables and the caller are known (a graphql-ws server's `onSubscribe` too).
 */
export function operationRefusal(limits: OperationLimits, op: OperationToCheck): { status: number; error: GraphQLError } | null {
  if (limits.introspection === 'authenticated' && !op.authenticated && selectsIntrospection(op.document, op.operation)) {
    const error = new AppError(ErrorCode.UNAUTHENTICATED, 'Introspection is for authenticated callers: log in and send "Authorization: Bearer <token>"', {
      detail: 'INTROSPECTION_REQUIRES_AUTHENTICATION',
    });
    return { status: 401, error };
  }
  const cost = knownCost(op, limits.maxTokens * 10);
  if (cost === null || cost <= limits.maxCost) return null;
  const shown = Number.isFinite(cost) ? cost : null;
  const error = new OperationLimitError(
    'QUERY_TOO_COSTLY',
    `The operation may cost ${shown ?? 'more than can be counted'}; at most ${limits.maxCost} is allowed: ask for fewer items (first, limit) or fewer nested lists`,
    limits.maxCost,
    shown === null ? {} : { cost: shown },
  );
  return { status: 400, error };
}

/**
 * Costs already computed, by schema and by operation text, operation name and the variables the
 * cost depends on (those of `first` and `limit` arguments and of directives: a mutation's input is
 * not one of them, so a sale costs the same whatever its lines). Both the limits middleware and
 * Apollo's pipeline ask (the walk is a few per cent of a small query's CPU, coercing a mutation's
 * input included). A cost that cannot be computed (invalid variables) is not kept: it must not
 * stand for the same operation with valid ones. Forgotten all at once when the keys add up to
 * `KNOWN_COSTS_LENGTH` characters.
 */
const knownCosts = new WeakMap<GraphQLSchema, { costs: Map<string, number>; length: number }>();
const KNOWN_COSTS_LENGTH = 2_000_000;
const KNOWN_VARIABLES_LENGTH = 2_000;

function knownCost(op: OperationToCheck, maxNodes: number): number | null {
  if (op.query === undefined) return computeCost(op, maxNodes);
  const variables = JSON.stringify(costVariablesOf(op.document, op.variables));
  if (variables.length > KNOWN_VARIABLES_LENGTH) return computeCost(op, maxNodes);
  let known = knownCosts.get(op.schema);
  if (!known) knownCosts.set(op.schema, (known = { costs: new Map(), length: 0 }));
  const key = `${maxNodes}\u0000${op.operationName ?? ''}\u0000${variables}\u0000${op.query}`;
  const cost = known.costs.get(key);
  if (cost !== undefined) return cost;
  const computed = computeCost(op, maxNodes);
  if (computed === null) return null;
  if (known.length + key.length > KNOWN_COSTS_LENGTH) {
    known.costs.clear();
    known.length = 0;
  }
  known.costs.set(key, computed);
  known.length += key.length;
  return computed;
}

/** The names of the variables a document's cost depends on, found once per parsed document. */
const costVariableNames = new WeakMap<DocumentNode, readonly string[]>();

/** The values of the variables the cost depends on (see `listAwareEstimator`): `first`, `limit` and directives' arguments. */
function costVariablesOf(document: DocumentNode, variables: Record<string, unknown> | undefined): Record<string, unknown> {
  let names = costVariableNames.get(document);
  if (!names) {
    const found = new Set<string>();
    const collect = (node: Parameters<typeof visit>[0]) => visit(node, { Variable: (variable) => void found.add(variable.name.value) });
    visit(document, {
      Field: (field) => field.arguments?.filter((argument) => argument.name.value === 'first' || argument.name.value === 'limit').forEach(collect),
      Directive: (directive) => void collect(directive),
    });
    costVariableNames.set(document, (names = [...found]));
  }
  const relevant: Record<string, unknown> = {};
  for (const name of names) if (variables && name in variables) relevant[name] = variables[name];
  return relevant;
}

function computeCost(op: OperationToCheck, maxNodes: number): number | null {
  try {
    return operationCost({ schema: op.schema, document: op.document, variables: op.variables, operationName: op.operationName }, maxNodes);
  } catch {
    // More selections to walk than the document can hold without fragments spread over and over.
    return Number.POSITIVE_INFINITY;
  }
}

/** Starts the time limit and the list-item count of the operation run with `context` (see `applyExecutionLimits`). */
export function startOperationBudget(context: object, limits: OperationLimits, kind: 'query' | 'mutation' | 'subscription'): void {
  budgets.set(context, new OperationBudget(limits, kind === 'mutation'));
}

/** graphql-js's "Did you mean …?" endings, in validation and in variable errors alike. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, '');
}

/** `__schema` or `__type` among the operation's root fields (they exist only there), fragments included. */
function selectsIntrospection(document: DocumentNode, operation: OperationDefinitionNode | undefined): boolean {
  if (!operation || operation.operation !== 'query') return false;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seen = new Set<string>();
  const visit = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === '__schema' || selection.name.value === '__type';
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return false;
      seen.add(name);
      return visit(fragment.selectionSet);
    });
  return visit(operation.selectionSet);
}

/** What one operation has used so far; kept per request context while it executes. */
class OperationBudget {
  private readonly deadline: number | null;
  private readonly started = Date.now();
  private listItems = 0;
  failure: OperationLimitError | null = null;

  constructor(
    private readonly limits: OperationLimits,
    isMutation: boolean,
  ) {
    // A mutation's work is its root field (refreshReportingRollups takes minutes by design): it is
    // not cut in the middle; its answer is bounded by the cost and the list-item cap.
    this.deadline = isMutation ? null : this.started + limits.timeoutMs;
  }

  /** Before each object or list field: the error to fail it with once the operation is over its time (or has failed). */
  overrun(): OperationLimitError | null {
    if (!this.failure && this.deadline !== null && Date.now() > this.deadline) {
      this.failure = new OperationLimitError(
        'OPERATION_TIMEOUT',
        `The operation ran for more than ${this.limits.timeoutMs} ms and was stopped: ask for less`,
        this.limits.timeoutMs,
        { elapsedMs: Date.now() - this.started },
      );
    }
    return this.failure;
  }

  /** The list as resolved, or a rejection once the operation has resolved more items than allowed. */
  countItems(result: unknown): unknown {
    if (result instanceof Promise) return result.then((items: unknown) => this.counted(items));
    return this.counted(result);
  }

  private counted(items: unknown): unknown {
    if (!Array.isArray(items)) return items;
    this.listItems += items.length;
    if (!this.failure && this.listItems > this.limits.maxListItems) {
      this.failure = new OperationLimitError(
        'TOO_MANY_LIST_ITEMS',
        `The operation resolved more than ${this.limits.maxListItems} list items and was stopped: ask for fewer items or fewer nested lists`,
        this.limits.maxListItems,
        { listItems: this.listItems },
      );
    }
    return this.failure ? Promise.reject(this.failure) : items;
  }
}

const budgets = new WeakMap<object, OperationBudget>();
const WRAPPED = Symbol('executionLimits');

/**
 * Wraps, once, the resolver of every field that returns an object or a list of them (leaf fields
 * are left alone: they cost little and are bounded by their parent): before resolving, the
 * operation's time is checked; a list's items are counted. graphql-js cannot cancel an execution,
 * but once a field fails, the fields below it are never resolved, so the work stops.
 */
export function applyExecutionLimits(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as (GraphQLField<unknown, object> & { [WRAPPED]?: true })[]) {
      if (field[WRAPPED] || !isCompositeType(getNamedType(field.type))) continue;
      const resolve: GraphQLFieldResolver<unknown, object> = field.resolve ?? defaultFieldResolver;
      const isList = isListType(getNullableType(field.type));
      field.resolve = (source, args, ctx: object, info) => {
        const budget = budgets.get(ctx);
        if (!budget) return resolve(source, args, ctx, info);
        // A rejection, not a throw: graphql-js 16 leaves the other items of a list unobserved when
        // one throws synchronously, and their rejections would then be unhandled.
        const failure = budget.overrun();
        if (failure) return Promise.reject(failure);
        const result = resolve(source, args, ctx, info);
        return isList ? budget.countItems(result) : result;
      };
      field[WRAPPED] = true;
    }
  }
  return schema;
}
