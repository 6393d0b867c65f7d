import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { buildAppSchema } from '../../src/core/graphql/schema';
import { AppWiring } from '../../src/core/module';
import { buildSubgraph, SUBGRAPHS } from '../../src/federation/subgraph-schema';
import { appModules } from '../../src/modules';
import { FeatureType } from '../../src/modules/services/services.types';

/** A module adding a field to a type that is no entity (a plan's feature), as a careless change might. */
@Resolver(() => FeatureType)
class FeatureLabelResolver {
  @FieldResolver(() => String)
  label(@Root() feature: FeatureType, @Ctx() _ctx: unknown): string {
    return `${feature.name}: ${feature.value}`;
  }
}

it('refuses to build a subgraph sharing a type whose fields another module resolves', async () => {
  const app = new AppWiring([...appModules, { name: 'labels', install: (wiring) => wiring.resolvers(FeatureLabelResolver) }]);
  const whole = await buildAppSchema(app);
  const services = SUBGRAPHS.find((spec) => spec.name === 'services')!;
  await expect(buildSubgraph(app, services, whole)).rejects.toThrow(/shares type Feature without its field\(s\) label.*make Feature an entity type/);
});

it('builds it when the type’s fields all resolve there', async () => {
  const app = new AppWiring(appModules);
  const services = SUBGRAPHS.find((spec) => spec.name === 'services')!;
  await expect(buildSubgraph(app, services, await buildAppSchema(app))).resolves.toMatchObject({ spec: services });
});
