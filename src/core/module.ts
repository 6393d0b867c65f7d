import type { EntityClass } from '@mikro-orm/core';
import type { NonEmptyArray } from 'type-graphql';
import type { AppError } from './errors';
import type { CsvReport } from './http/report-csv';
import type { BackgroundJob } from './jobs';
import type { LoaderFactory } from './loaders';
import type { StartServices } from './services';

/**
 * Names a list of things other modules attach to one module's rules (why a customer cannot be
 * deleted, the SQL of customers' purchases), declared by the module whose rule reads them and
 * filled by the modules that know the answer: imports still run one way.
 */
export class HookKey<T> {
  declare private readonly type: T;

  constructor(readonly name: string) {}
}

/** A GraphQL object type a module owns and serves by id: a federation entity (`@key(fields: "id")`). */
export interface EntityType {
  module: string;
  /** The GraphQL type's name (`Customer`). */
  typeName: string;
  /** How its rows are read by id (the module's row loader): federation's reference resolver batches through it. */
  byId: LoaderFactory<string, object | null>;
}

/** What a module's `install` registers; nothing is registered by importing a file. */
export interface AppInstaller {
  /** MikroORM entities of the module's tables. */
  entities(...entities: EntityClass<any>[]): void;
  /** type-graphql resolver classes: the module's root fields and the fields it adds to other modules' types. */
  resolvers(...resolvers: Function[]): void;
  /** How the module's named database constraints read to a client. */
  constraintErrors(entries: Record<string, () => AppError>): void;
  /** Work run on a timer in the process that serves the module. */
  backgroundJob(job: BackgroundJob): void;
  /** Long-lived work (a database listener), started once migrations are applied. */
  startServices(start: StartServices): void;
  /** Adds to a list another module declared (see `HookKey`). */
  hook<T>(key: HookKey<T>, value: T): void;
  /** An object type the module owns, with the loader reading it by id (see `EntityType`). */
  entityType(typeName: string, byId: LoaderFactory<string, object | null>): void;
  /** Query fields also served as CSV files (`GET /reports/<field>.csv`). */
  csvReports(...reports: CsvReport[]): void;
}

/** One domain of the API. */
export interface AppModule {
  name: string;
  install(app: AppInstaller): void;
}

interface Registration<T> {
  module: string;
  value: T;
}

/**
 * What the installed modules registered, kept per server (tests run several in one process). A
 * process serving some modules only (a federation subgraph) still installs every module: the
 * rules other domains attach to a module's data (deletion guards, purchase stats) and the
 * constraint errors stay the same everywhere; it serves only its modules' resolvers and runs only
 * their jobs and services (`resolvers(names)`, `jobs(names)`, `services(names)`).
 */
export class AppWiring {
  readonly moduleNames: string[];
  readonly entities: EntityClass<any>[] = [];
  readonly entityTypes: EntityType[] = [];
  readonly csvReports: CsvReport[] = [];
  private readonly resolverList: Registration<Function>[] = [];
  private readonly jobList: Registration<BackgroundJob>[] = [];
  private readonly serviceList: Registration<StartServices>[] = [];
  private readonly constraintErrorMap = new Map<string, () => AppError>();
  private readonly hookLists = new Map<HookKey<unknown>, unknown[]>();

  constructor(modules: AppModule[]) {
    this.moduleNames = modules.map((module) => module.name);
    for (const module of modules) module.install(this.installerFor(module.name));
  }

  /** The resolver classes of the named modules (all when omitted), to build a schema from: at least one. */
  resolvers(modules?: string[]): NonEmptyArray<Function> {
    const resolvers = this.resolversOf(modules);
    if (resolvers.length === 0) throw new Error(`no resolvers installed for ${modules?.join(', ') ?? 'any module'}`);
    return resolvers as NonEmptyArray<Function>;
  }

  /** The resolver classes of the named modules (all when omitted), possibly none. */
  resolversOf(modules?: string[]): Function[] {
    return this.of(this.resolverList, modules);
  }

  jobs(modules?: string[]): BackgroundJob[] {
    return this.of(this.jobList, modules);
  }

  services(modules?: string[]): StartServices[] {
    return this.of(this.serviceList, modules);
  }

  /** The client error of a known constraint violation; null for anything else. */
  constraintError(error: unknown): AppError | null {
    const constraint = (error as { constraint?: unknown } | null)?.constraint;
    if (typeof constraint !== 'string') return null;
    return this.constraintErrorMap.get(constraint)?.() ?? null;
  }

  hooks<T>(key: HookKey<T>): readonly T[] {
    return (this.hookLists.get(key) as T[] | undefined) ?? [];
  }

  /** Which module installed each resolver class. */
  moduleOfResolver(resolver: Function): string | undefined {
    return this.resolverList.find((r) => r.value === resolver)?.module;
  }

  private of<T>(list: Registration<T>[], modules: string[] | undefined): T[] {
    return list.filter((r) => !modules || modules.includes(r.module)).map((r) => r.value);
  }

  private installerFor(module: string): AppInstaller {
    return {
      entities: (...entities) => this.entities.push(...entities),
      resolvers: (...resolvers) => this.resolverList.push(...resolvers.map((value) => ({ module, value }))),
      constraintErrors: (entries) => {
        for (const [constraint, toError] of Object.entries(entries)) this.constraintErrorMap.set(constraint, toError);
      },
      backgroundJob: (job) => this.jobList.push({ module, value: job }),
      startServices: (start) => this.serviceList.push({ module, value: start }),
      hook: (key, value) => {
        let list = this.hookLists.get(key);
        if (!list) this.hookLists.set(key, (list = []));
        list.push(value);
      },
      entityType: (typeName, byId) => this.entityTypes.push({ module, typeName, byId }),
      csvReports: (...reports) => this.csvReports.push(...reports),
    };
  }
}
