import { Injectable } from '@angular/core';
import type { LockKey } from '@tdgen/contracts';

/** What an open editor offers the handover prompt: its unsaved changes, saved or dropped. */
export interface OpenEditor {
  hasUnsavedChanges(): boolean;
  /** Stores the unsaved changes, keeping the lock; resolves false when that failed. */
  saveKeepingLock(): Promise<boolean>;
  discardChanges(): void;
}

/** The editors open in this tab, by the record they hold the lock of (docs/product.md § Locks, Handover). */
@Injectable({ providedIn: 'root' })
export class EditingRegistry {
  private readonly editors = new Map<LockKey, OpenEditor>();

  /** Registers the editor of a record; returns the function that unregisters it. */
  register(key: LockKey, editor: OpenEditor): () => void {
    this.editors.set(key, editor);
    return () => {
      if (this.editors.get(key) === editor) this.editors.delete(key);
    };
  }

  get(key: LockKey): OpenEditor | null {
    return this.editors.get(key) ?? null;
  }
}
