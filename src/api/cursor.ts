// Keyset pagination cursors: opaque to clients (base64url of the last id seen), checked strictly so a
// tampered or truncated cursor is a 400 naming it, never a silently wrong page.
import { FlywheelError } from '../errors.ts';

export function encodeCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = Number(text);
  // Only the exact form encodeCursor makes: base64url decoding is lenient and would accept junk around it.
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(id) || encodeCursor(id) !== cursor) {
    throw new FlywheelError('FLY_BAD_CURSOR', `cursor "${cursor.slice(0, 64)}" is not one this API handed out: pass nextCursor from the previous page as it is`);
  }
  return id;
}

/** The next page's cursor: after the last item when the page is full, else null (that was the last page). */
export function nextCursor(items: { id: number }[], limit: number): string | null {
  const last = items[items.length - 1];
  return items.length === limit && last ? encodeCursor(last.id) : null;
}
