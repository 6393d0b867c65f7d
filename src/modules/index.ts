import { AppWiring, type AppModule } from '../core/module';
import { auditModule } from './audit';
import { catalogModule } from './catalog';
import { eventsModule } from './events';
import { privacyModule } from './privacy';
import { reportingModule } from './reporting';
import { salesModule } from './sales';
import { servicesModule } from './services';
import { usersModule } from './users';

/** Every domain, in dependency order. */
export const appModules: AppModule[] = [usersModule, catalogModule, servicesModule, salesModule, reportingModule, eventsModule, privacyModule, auditModule];

/** Installs every module: what the single process serves, and what each subgraph process installs (serving a part). */
export function installAppModules(): AppWiring {
  return new AppWiring(appModules);
}
