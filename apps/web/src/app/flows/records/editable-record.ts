import { AbstractControl, FormArray, FormGroup } from '@angular/forms';
import type { AuditFields } from '@tdgen/contracts';

/**
 * Local unsaved input is never overwritten by a remote event (docs/product.md § Web app). Given the version the
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

/**
 * True when the user has typed into the form and not saved, disabled controls included. A form
 * turned read-only because its lock was lost still holds that input, but Angular's `dirty` of a
 * group only looks at enabled controls — it would then report a clean form and let a remote
 * change overwrite the user's text.
 */
export function hasUnsavedInput(control: AbstractControl): boolean {
  if (control.dirty) return true;
  if (control instanceof FormGroup || control instanceof FormArray) {
    return Object.values(control.controls as Record<string, AbstractControl>).some(hasUnsavedInput);
  }
  return false;
}
