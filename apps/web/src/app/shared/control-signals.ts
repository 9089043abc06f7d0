import { Signal, effect, signal } from '@angular/core';
import { AbstractControl } from '@angular/forms';

/**
 * Value and disabled state of a (possibly changing) form control as signals, so OnPush children
 * re-render when the parent patches or disables the control. Call in an injection context.
 */
export function controlSignals<T>(control: () => AbstractControl<T>): {
  value: Signal<T | undefined>;
  isDisabled: Signal<boolean>;
} {
  // Undefined only until the first effect run (the control is an input, unknown at construction).
  const value = signal<T | undefined>(undefined);
  const isDisabled = signal(false);
  effect((onCleanup) => {
    const current = control();
    const sync = () => {
      value.set(current.value);
      isDisabled.set(current.disabled);
    };
    sync();
    const subscription = current.events.subscribe(sync);
    onCleanup(() => subscription.unsubscribe());
  });
  return { value: value.asReadonly(), isDisabled: isDisabled.asReadonly() };
}
