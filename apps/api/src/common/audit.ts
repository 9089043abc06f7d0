import type { AuditFields, UserRef } from '@tdgen/contracts';

const USER_REF = { select: { id: true, displayName: true } } as const;

/** Prisma `include` for the three audit users of a task or description, as `{id, displayName}` only. */
export const AUDIT_INCLUDE = { createdBy: USER_REF, updatedBy: USER_REF, deletedBy: USER_REF } as const;

export interface AuditRow {
  createdAt: Date;
  createdBy: UserRef;
  updatedAt: Date;
  updatedBy: UserRef;
  deletedAt: Date | null;
  deletedBy: UserRef | null;
}

function userRef(user: UserRef): UserRef {
  return { id: user.id, displayName: user.displayName };
}

export function toAuditFields(row: AuditRow): AuditFields {
  return {
    createdAt: row.createdAt.toISOString(),
    createdBy: userRef(row.createdBy),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: userRef(row.updatedBy),
    deletedAt: row.deletedAt?.toISOString() ?? null,
    deletedBy: row.deletedBy ? userRef(row.deletedBy) : null,
  };
}
