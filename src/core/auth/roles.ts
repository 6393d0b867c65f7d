import { registerEnumType } from 'type-graphql';

/**
 * Staff roles. ADMIN may do whatever any other role may; every operation names the other
 * roles it allows with `@Authorized(...)`.
 */
export enum Role {
  ADMIN = 'ADMIN',
  SALES_AGENT = 'SALES_AGENT',
  ANALYST = 'ANALYST',
  PARTNER = 'PARTNER',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'What a staff account may do. Every operation names the roles it allows; ADMIN may do everything.',
  valuesConfig: {
    ADMIN: { description: 'Everything any other role may do, and staff management.' },
    SALES_AGENT: { description: 'Manages customers, their interactions and subscriptions; sells.' },
    ANALYST: { description: 'Reads customers, catalog, sales and reports.' },
    PARTNER: { description: 'External partner application.' },
  },
});

/** Roles that read back-office data (customers, catalog, sales); ADMIN is implied. */
export const BACK_OFFICE_READERS = [Role.SALES_AGENT, Role.ANALYST];

/** Roles that may open the WebSocket (the partner sale-event stream); ADMIN included. */
export const STREAM_ROLES: readonly Role[] = [Role.PARTNER, Role.ADMIN];
