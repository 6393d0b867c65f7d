import type { ValidationRule } from 'graphql';

/**
 * Validation rules every operation goes through besides graphql-js's own, on HTTP and on the
 * WebSocket alike (graphql-armor's limits do not reach `graphql-ws` by themselves): the one list
 * both paths use.
 */
export function operationValidationRules(): ValidationRule[] {
  return [];
}
