import { BadUserInputError } from '../../core/errors';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '../../core/pagination';
import { EventsErrorDetail } from './events.errors';

/** Where an event sits in commit order: its transaction's id, then its own id (decimal strings). */
export interface EventPosition {
  xid: string;
  id: string;
}

/** Before every event. */
export const START: EventPosition = { xid: '0', id: '0' };

const VERSION = 'se1';
const DECIMAL = /^\d{1,20}$/;

/**
 * The opaque cursor of an event: its position, and its time so that a cursor older than the
 * retention is refused rather than silently skipping the events deleted since.
 */
export function encodeCursor(position: EventPosition, occurredAt: Date): string {
  return encodeOpaqueCursor([VERSION, position.xid, position.id, occurredAt.getTime()]);
}

export interface DecodedCursor extends EventPosition {
  occurredAt: Date;
}

export function decodeCursor(cursor: string, field = 'after'): DecodedCursor {
  const decoded = decodeOpaqueCursor(cursor);
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 4 ||
    decoded[0] !== VERSION ||
    typeof decoded[1] !== 'string' ||
    !DECIMAL.test(decoded[1]) ||
    typeof decoded[2] !== 'string' ||
    !DECIMAL.test(decoded[2]) ||
    !Number.isSafeInteger(decoded[3])
  ) {
    throw BadUserInputError.field(field, 'is not a sale event cursor: pass the `id` (or edge `cursor`) of an event this API returned', EventsErrorDetail.INVALID_CURSOR);
  }
  return { xid: decoded[1], id: decoded[2], occurredAt: new Date(decoded[3]) };
}

/** The position to resume from; refuses a cursor whose event is past the retention (its successors may be gone). */
export function resumePosition(cursor: string, retentionDays: number, now = new Date(), field = 'after'): EventPosition {
  const decoded = decodeCursor(cursor, field);
  const oldestKept = now.getTime() - retentionDays * 24 * 3600 * 1000;
  if (decoded.occurredAt.getTime() < oldestKept) {
    throw BadUserInputError.field(
      field,
      `this cursor is older than the ${retentionDays}-day retention of sale events: backfill what happened since from the sales reports, then subscribe without a cursor (or with a recent one)`,
      EventsErrorDetail.CURSOR_EXPIRED,
    );
  }
  return { xid: decoded.xid, id: decoded.id };
}

/** True when `a` comes after `b` in commit order. */
export function isAfter(a: EventPosition, b: EventPosition): boolean {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  return ax > bx || (ax === bx && BigInt(a.id) > BigInt(b.id));
}
