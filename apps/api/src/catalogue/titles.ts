import type { LockEntityType } from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';
import { hasSqlState, someInErrorChain } from '../common/database-unavailable';
import { Prisma } from '../generated/prisma/client';

/** The uniqueness key of a title (the `title_key` column): lower(trim(title)), docs/product.md § Titles. */
export function titleKey(title: string): string {
  return title.trim().toLowerCase();
}

export interface TitleHolder {
  id: number;
  title: string;
  deletedAt: Date | null;
}

/** 409 naming the record that already carries the title — also when that record is soft-deleted. */
export function assertTitleFree(
  entityType: LockEntityType,
  kind: string,
  holder: TitleHolder | null,
  selfId?: number,
): void {
  if (!holder || holder.id === selfId) return;
  const isDeleted = holder.deletedAt !== null;
  const where = isDeleted ? ' (deleted; an administrator can restore it)' : '';
  throw new ApiException(
    'TITLE_TAKEN',
    { record: { entityType, id: holder.id }, title: holder.title, isDeleted },
    `A ${kind} titled "${holder.title}" already exists: ${kind} ${holder.id}${where}`,
  );
}

/**
 * A unique-index violation: P2002 from a Prisma model query, SQLSTATE 23505 (or the adapter's
 * `UniqueConstraintViolation`) under a raw query's P2010.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return true;
  return hasSqlState(error, '23505') || someInErrorChain(error, (node) => node.kind === 'UniqueConstraintViolation');
}

/**
 * Runs a transaction that writes a title. When a concurrent request took the title between our
 * check and our write, the unique index on title_key refuses it; `nameConflict` then throws the
 * same 409 the check gives. Any other error passes through.
 */
export async function namingTitleConflicts<T>(work: () => Promise<T>, nameConflict: () => Promise<void>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) await nameConflict();
    throw error;
  }
}
