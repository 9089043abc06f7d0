/**
 * Prisma turns `contains` and case-insensitive `equals` into LIKE/ILIKE without escaping the
 * pattern characters (prisma/orm#10810, #19506), so a search for "%" would match everything and a
 * tag "a_b" would match "axb". Every user value that reaches such a filter goes through this.
 */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `{ contains: value, mode: 'insensitive' }` matching `value` literally. */
export function containsText(value: string) {
  return { contains: likeLiteral(value), mode: 'insensitive' as const };
}

/** `{ equals: value, mode: 'insensitive' }` matching `value` literally. */
export function equalsIgnoringCase(value: string) {
  return { equals: likeLiteral(value), mode: 'insensitive' as const };
}
