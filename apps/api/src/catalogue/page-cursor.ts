import { ApiException } from '../common/api-exception';

/**
 * Where a keyset page starts: after the record with this title key and id (lists are sorted by
 * title key, then id). On the wire an opaque base64url string; clients pass back `nextCursor`.
 */
export interface PageCursor {
  titleKey: string;
  id: number;
}

/** The cursor of `[titleKey, id]` as PostgreSQL wrote it (`json_build_array`), or null at the end. */
export function encodeCursor(nextKey: string | null): string | null {
  return nextKey === null ? null : Buffer.from(nextKey, 'utf8').toString('base64url');
}

/** 400 for anything that is not a cursor this API handed out. */
export function decodeCursor(raw: string): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    parsed[0].length > 200 ||
    parsed[0].includes('\u0000') ||
    !Number.isInteger(parsed[1]) ||
    parsed[1] < 1 ||
    parsed[1] > 2_147_483_647
  ) {
    throw new ApiException(
      'VALIDATION_FAILED',
      { fields: [{ field: 'cursor', rules: ['isCursor'] }] },
      'cursor is not a cursor of this list (pass back nextCursor unchanged)',
    );
  }
  return { titleKey: parsed[0], id: parsed[1] };
}
