import type { EntityClass } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import type { AppError } from './errors';
import type { CsvReport } from './http/report-csv';
import type { BackgroundJob } from './jobs';
import type { StartServices } from './services';

/** One domain of the API: what it adds to the database and to the schema. */
export interface AppModule {
  name: string;
  entities: EntityClass<any>[];
  resolvers: NonEmptyArray<Function>;
  /** How the domain's named database constraints read to a client. */
  constraintErrors?: Record<string, () => AppError>;
  backgroundJobs?: BackgroundJob[];
  /** Long-lived work in each server process (a database listener), started once migrations are applied. */
  startServices?: StartServices;
  /** Query fields also served as CSV files (`GET /reports/<field>.csv`). */
  csvReports?: CsvReport[];
}
