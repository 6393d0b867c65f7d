import { registerEnumType } from 'type-graphql';

/** Published as the GraphQL enum `InteractionType` (`InteractionType` here names the object type). */
export enum InteractionKind {
  INQUIRY = 'INQUIRY',
  COMPLAINT = 'COMPLAINT',
  SUGGESTION = 'SUGGESTION',
}
registerEnumType(InteractionKind, {
  name: 'InteractionType',
  description: 'What kind of contact a customer interaction is; counted in `customerInsights.interactionsByType`.',
  valuesConfig: {
    COMPLAINT: { description: 'A complaint (queja or reclamo): a service, invoice or device problem.' },
    INQUIRY: { description: 'A question: an invoice, a plan, coverage, a device.' },
    SUGGESTION: { description: 'A suggestion or compliment.' },
  },
});

export enum InteractionChannel {
  PHONE = 'PHONE',
  STORE = 'STORE',
  WEB = 'WEB',
  APP = 'APP',
  EMAIL = 'EMAIL',
}
registerEnumType(InteractionChannel, {
  name: 'InteractionChannel',
  description: 'How a customer contacted Claro.',
  valuesConfig: {
    APP: { description: 'Through the Mi Claro mobile app.' },
    EMAIL: { description: 'By email to customer service.' },
    PHONE: { description: 'A call to or from the contact centre.' },
    STORE: { description: 'In person at a Claro store.' },
    WEB: { description: 'Through the website (chat or contact form).' },
  },
});

/** An interaction only moves forward through these, in this order (steps may be skipped). */
export enum InteractionStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
registerEnumType(InteractionStatus, {
  name: 'InteractionStatus',
  description: 'Where the handling of an interaction stands; it only moves forward.',
  valuesConfig: {
    CLOSED: { description: 'Done and filed: no further change. Final.' },
    IN_PROGRESS: { description: 'Someone is working on it.' },
    OPEN: { description: 'Recorded, nobody has taken it yet.' },
    RESOLVED: { description: 'Answered or fixed; waiting to be closed (the customer may still react).' },
  },
});

export const INTERACTION_STATUS_ORDER: readonly InteractionStatus[] = [
  InteractionStatus.OPEN,
  InteractionStatus.IN_PROGRESS,
  InteractionStatus.RESOLVED,
  InteractionStatus.CLOSED,
];
