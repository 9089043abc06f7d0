import type { AuditFields } from '@tdgen/contracts';

/**
 * Local unsaved input is never overwritten by a remote event (SPEC §8.8). Given the version the
 * form was filled from and the store's current version, decides what the form should do.
 */
export type RemoteChangeAction = 'none' | 'refill' | 'warn';

export function remoteChangeAction(
  baseline: Pick<AuditFields, 'updatedAt' | 'deletedAt'> | null,
  current: Pick<AuditFields, 'updatedAt' | 'deletedAt'>,
  isDirty: boolean,
): RemoteChangeAction {
  if (!baseline) return 'refill';
  const isChanged = baseline.updatedAt !== current.updatedAt || baseline.deletedAt !== current.deletedAt;
  if (!isChanged) return 'none';
  return isDirty ? 'warn' : 'refill';
}
