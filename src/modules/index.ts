import type { AppModule } from '../core/module';
import { auditModule } from './audit';
import { catalogModule } from './catalog';
import { eventsModule } from './events';
import { privacyModule } from './privacy';
import { reportingModule } from './reporting';
import { salesModule } from './sales';
import { servicesModule } from './services';
import { usersModule } from './users';

/** Every domain served by this process, in dependency order. */
export const appModules: AppModule[] = [usersModule, catalogModule, servicesModule, salesModule, reportingModule, eventsModule, privacyModule, auditModule];

export const appEntities = appModules.flatMap((module) => module.entities);
