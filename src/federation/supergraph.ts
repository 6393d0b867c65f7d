import { composeServices } from '@apollo/composition';
import type { GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../core/graphql/schema';
import type { AppWiring } from '../core/module';
import { buildSubgraph, SUBGRAPHS, subgraphDefinitions, type Subgraph } from './subgraph-schema';

const HEADER = '# Composed from the subgraphs by `npm run supergraph:compose`: do not edit by hand. Checked by npm test.\n';

/** Every subgraph of the installed modules, from the whole schema (which shared types are checked against). */
export async function buildSubgraphs(app: AppWiring, whole?: GraphQLSchema): Promise<Subgraph[]> {
  const wholeSchema = whole ?? (await buildAppSchema(app));
  const subgraphs: Subgraph[] = [];
  // One at a time: type-graphql builds from one global metadata storage.
  for (const spec of SUBGRAPHS) subgraphs.push(await buildSubgraph(app, spec, wholeSchema));
  return subgraphs;
}

export class CompositionError extends Error {}

/** The supergraph SDL, composed by @apollo/composition; throws with every composition error. */
export function composeSupergraph(subgraphs: Subgraph[]): string {
  const result = composeServices(subgraphDefinitions(subgraphs));
  if (result.errors) throw new CompositionError(`supergraph composition failed:\n${result.errors.map((error) => `- ${error.message}`).join('\n')}`);
  return HEADER + result.supergraphSdl;
}
