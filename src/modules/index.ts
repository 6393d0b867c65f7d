import type { AppModule } from '../core/module';
import { usersModule } from './users';

/** Every domain served by this process, in dependency order. */
export const appModules: AppModule[] = [usersModule];

export const appEntities = appModules.flatMap((module) => module.entities);
