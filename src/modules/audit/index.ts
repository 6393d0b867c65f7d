import { AuditEntry } from '../../core/audit/audit-entry.entity';
import type { AppModule } from '../../core/module';
import { AuditResolver } from './audit.resolver';

/**
 * The audit trail's table and the admins' `auditLog` query. The trail itself is written by the
 * root-field policy (`core/graphql/root-fields.ts` → `core/audit/audit-trail.ts`) for every
 * mutation, login and audited read: no domain writes it by hand.
 */
export const auditModule: AppModule = {
  name: 'audit',
  install(app) {
    app.entities(AuditEntry);
    app.resolvers(AuditResolver);
  },
};
