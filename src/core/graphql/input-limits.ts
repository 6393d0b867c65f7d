import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,

  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { BadUserInputError } from '../errors';

/** An argument or input field that needs longer strings than the default says so: `@Extensions({ maxInputLength: 50_000 })`. */
export const MAX_INPUT_LENGTH = 'maxInputLength';

/** Deeper variable values than this are refused (no input type of the schema nests half as deep). */
const MAX_DEPTH = 32;

export const InputLimitDetail = {
  STRING_TOO_LONG: 'STRING_TOO_LONG',
  NUL_CHARACTER: 'NUL_CHARACTER',
  TOO_DEEP: 'TOO_DEEP',
} as const;

interface Problem {
  field: string;
  message: string;
  detail: string;
}

function limitOf(extensions: Readonly<Record<string, unknown>> | undefined | null, fallback: number): number {
  const own = extensions?.[MAX_INPUT_LENGTH];
  return typeof own === 'number' ? own : fallback;
}

function checkString(text: string, field: string, limit: number): Problem | null {
  // PostgreSQL text cannot hold U+0000: the driver would fail the whole statement.
  if (text.includes('\u0000')) return { field, message: 'must not contain NUL characters (U+0000)', detail: InputLimitDetail.NUL_CHARACTER };
  if (text.length > limit) return { field, message: `must be at most ${limit} characters`, detail: InputLimitDetail.STRING_TOO_LONG };
  return null;
}

/** A variable's value, walked along its declared type where the type is known (to find per-field limits). */
function checkValue(value: unknown, type: GraphQLInputType | undefined, field: string, limit: number, fallback: number, depth: number): Problem | null {
  if (depth > MAX_DEPTH) return { field, message: `nests deeper than ${MAX_DEPTH} levels`, detail: InputLimitDetail.TOO_DEEP };
  if (typeof value === 'string') return checkString(value, field, limit);
  if (value === null || typeof value !== 'object') return null;
  const nullable = type ? getNullableType(type) : undefined;
  if (Array.isArray(value)) {
    const itemType = nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : nullable;
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(value[i], itemType, `${field}[${i}]`, limit, fallback, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : undefined;
  for (const [key, item] of Object.entries(value)) {
    const definition = fields?.[key];
    const problem = checkString(key, `${field}.${key.slice(0, 64)}`, fallback) ??
      checkValue(item, definition?.type, `${field}.${key}`, limitOf(definition?.extensions, fallback), fallback, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** String literals written in the document itself, named by argument and input field. */
function checkLiterals(schema: GraphQLSchema, document: DocumentNode, fallback: number): Problem | null {
  const typeInfo = new TypeInfo(schema);
  const path: { name: string; limit: number }[] = [];
  let problem: Problem | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: {
        enter(node) {
          path.push({ name: node.name.value, limit: limitOf(typeInfo.getArgument()?.extensions, fallback) });
        },
        leave() {
          path.pop();
        },
      },
      ObjectField: {
        enter(node) {
          const parent = typeInfo.getParentInputType();
          const named = parent ? getNamedType(parent) : undefined;
          const definition = named && isInputObjectType(named) ? named.getFields()[node.name.value] : undefined;
          path.push({ name: node.name.value, limit: limitOf(definition?.extensions, path.at(-1)?.limit ?? fallback) });
        },
        leave() {
          path.pop();
        },
      },
      StringValue(node) {
        problem ??= checkString(node.value, path.map((p) => p.name).join('.') || 'query', path.at(-1)?.limit ?? fallback);
      },
    }),
  );
  return problem;
}

/** Every string an operation carries (variables and literals): no NUL characters, at most `maxLength` characters unless its field says more. */
export function findInputProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  maxLength: number,
): Problem | null {
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (!(name in variables)) continue;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const problem = checkValue(variables[name], type, name, maxLength, maxLength, 0);
    if (problem) return problem;
  }
  return literalProblem(schema, document, maxLength);
}

/** The literals' verdict by document: Apollo hands the same parsed document for the same text, and literals do not change. */
const checkedLiterals = new WeakMap<DocumentNode, { schema: GraphQLSchema; maxLength: number; problem: Problem | null }>();

function literalProblem(schema: GraphQLSchema, document: DocumentNode, maxLength: number): Problem | null {
  const checked = checkedLiterals.get(document);
  if (checked && checked.schema === schema && checked.maxLength === maxLength) return checked.problem;
  const problem = checkLiterals(schema, document, maxLength);
  checkedLiterals.set(document, { schema, maxLength, problem });
  return problem;
}

/**
 * Checks every operation's strings before it runs, in one place for the whole schema: a NUL
 * character or a megabyte of text is BAD_USER_INPUT (HTTP 400) here instead of a driver error
 * deep in a resolver. Dates, decimals and cursors are checked where they are parsed (scalars,
 * `decodeCursor`).
 */
export function inputLimitsPlugin(maxLength: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          const problem = findInputProblem(schema, document, operation, variables, maxLength);
          if (!problem) return;
          const error = BadUserInputError.field(problem.field, problem.message, problem.detail);
          error.extensions.http = { status: 400 };
          throw error;
        },
      };
    },
  };
}
