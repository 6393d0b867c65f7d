import { registerEnumType } from 'type-graphql';

/** Published as the GraphQL enum `InteractionType` (`InteractionType` here names the object type). */
export enum InteractionKind {
  INQUIRY = 'INQUIRY',
  COMPLAINT = 'COMPLAINT',
  SUGGESTION = 'SUGGESTION',
}
registerEnumType(InteractionKind, { name: 'InteractionType' });

export enum InteractionChannel {
  PHONE = 'PHONE',
  STORE = 'STORE',
  WEB = 'WEB',
  APP = 'APP',
  EMAIL = 'EMAIL',
}
registerEnumType(InteractionChannel, { name: 'InteractionChannel' });

/** An interaction only moves forward through these, in this order (steps may be skipped). */
export enum InteractionStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
registerEnumType(InteractionStatus, { name: 'InteractionStatus' });

export const INTERACTION_STATUS_ORDER: readonly InteractionStatus[] = [
  InteractionStatus.OPEN,
  InteractionStatus.IN_PROGRESS,
  InteractionStatus.RESOLVED,
  InteractionStatus.CLOSED,
];
