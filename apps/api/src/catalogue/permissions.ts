import type { CatalogueRecordRef, SessionUser } from '@tdgen/contracts';
import { ApiException } from '../common/api-exception';

export function isAdmin(user: SessionUser): boolean {
  return user.role === 'ADMIN';
}

/** docs/product.md § Read-only descriptions: records flagged read-only for editors are changed by administrators only. */
export function assertMayChange(
  user: SessionUser,
  record: { readOnlyForEditors: boolean },
  ref: CatalogueRecordRef,
  what: string,
): void {
  if (record.readOnlyForEditors && !isAdmin(user)) {
    throw new ApiException(
      'RECORD_READ_ONLY',
      { record: ref },
      `${what} is read-only for editors; ask an administrator`,
    );
  }
}

interface AdminFields {
  payGroup?: number | null;
  readOnlyForEditors?: boolean;
}

/**
 * docs/product.md § Roles: only administrators set the pay group and the read-only flag. An editor may send the
 * value the record already has (a form posting all its fields), but not a different one.
 */
export function assertAdminFieldsUnchanged(
  user: SessionUser,
  requested: AdminFields,
  current: { payGroup: number | null; readOnlyForEditors: boolean },
): void {
  if (isAdmin(user)) return;
  if (requested.payGroup !== undefined && requested.payGroup !== current.payGroup) {
    throw new ApiException('ADMIN_FIELD', { field: 'payGroup' }, 'Only administrators may set the pay group');
  }
  if (requested.readOnlyForEditors !== undefined && requested.readOnlyForEditors !== current.readOnlyForEditors) {
    throw new ApiException(
      'ADMIN_FIELD',
      { field: 'readOnlyForEditors' },
      'Only administrators may set the read-only flag',
    );
  }
}
