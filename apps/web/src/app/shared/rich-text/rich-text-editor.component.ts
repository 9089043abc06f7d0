import {
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  OnDestroy,
  ViewEncapsulation,
  effect,
  inject,
  input,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { Editor, NgxEditorModule, NgxEditorService, Toolbar } from 'ngx-editor';
import { controlSignals } from '../control-signals';
import { RESTRICTED_SCHEMA, restrictedPlugins } from './restricted-schema';

/** Bold, italic, underline, bullet list, ordered list — nothing the server would strip. */
export const RICH_TEXT_TOOLBAR: Toolbar = [
  ['bold', 'italic', 'underline'],
  ['bullet_list', 'ordered_list'],
];

/** The toolbar's tooltips in the app's language (ngx-editor's own words are English). */
const TOOLBAR_LABELS = {
  bold: $localize`:rich-text toolbar:Bold`,
  italic: $localize`:rich-text toolbar:Italic`,
  underline: $localize`:rich-text toolbar:Underline`,
  bullet_list: $localize`:rich-text toolbar:Bulleted list`,
  ordered_list: $localize`:rich-text toolbar:Numbered list`,
};

/** Rich-text editing of a task's text (ngx-editor), bound to an HTML string form control. */
@Component({
  selector: 'td-rich-text-editor',
  imports: [NgxEditorModule, ReactiveFormsModule],
  providers: [{ provide: NgxEditorService, useValue: new NgxEditorService({ locals: TOOLBAR_LABELS, icons: {} }) }],
  template: `
    <div class="rich-text" [class.rich-text--disabled]="state.isDisabled()" data-testid="rich-text-editor">
      @if (!state.isDisabled()) {
        <ngx-editor-menu [editor]="editor" [toolbar]="toolbar" />
      }
      <ngx-editor [editor]="editor" [formControl]="inner" outputFormat="html" [placeholder]="placeholder()" />
    </div>
  `,
  styles: `
    .rich-text {
      border: 1px solid var(--mat-sys-outline);
      border-radius: 4px;
      --ngx-editor-border-radius: 0;
      --ngx-editor-border-color: transparent;
      --ngx-editor-menubar-bg-color: var(--mat-sys-surface-container);
      --ngx-editor-bg-color: var(--mat-sys-surface);
      --ngx-editor-text-color: var(--mat-sys-on-surface);
    }
    .rich-text--disabled {
      border-style: dashed;
    }
    .rich-text .NgxEditor__Content {
      min-height: 120px;
    }
    .rich-text .NgxEditor__Content p {
      margin: 0 0 0.5em;
    }
  `,
  // ngx-editor renders its own elements; the styles above must reach into them.
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RichTextEditorComponent implements OnDestroy {
  readonly control = input.required<FormControl<string>>();
  readonly placeholder = input($localize`Describe the task…`);

  protected readonly editor = new Editor({
    schema: RESTRICTED_SCHEMA,
    history: false,
    keyboardShortcuts: false,
    inputRules: false,
    plugins: restrictedPlugins(),
    features: { linkOnPaste: false, resizeImage: false },
  });
  protected readonly toolbar = RICH_TEXT_TOOLBAR;
  protected readonly state = controlSignals(() => this.control());
  /**
   * ngx-editor reports its own normalisation of written content as a change, which would mark the
   * form dirty on every refill. It is bound to this inner control; only typing reaches the outer one.
   */
  protected readonly inner = new FormControl('', { nonNullable: true });
  private isWriting = false;

  constructor() {
    // ProseMirror handles its DOM events itself, so zoneless Angular would not refresh the toolbar's
    // active/disabled states; every editor update marks this view (and the menu inside) for check.
    const changeDetector = inject(ChangeDetectorRef);
    this.editor.update.pipe(takeUntilDestroyed()).subscribe(() => changeDetector.markForCheck());
    effect((onCleanup) => {
      const outer = this.control();
      const syncIn = () => {
        if (outer.value !== this.inner.value) {
          this.isWriting = true;
          this.inner.setValue(outer.value);
          this.isWriting = false;
        }
        if (outer.disabled !== this.inner.disabled) {
          if (outer.disabled) this.inner.disable({ emitEvent: false });
          else this.inner.enable({ emitEvent: false });
        }
      };
      syncIn();
      const fromOuter = outer.events.subscribe(syncIn);
      const fromEditor = this.inner.valueChanges.subscribe((html) => {
        if (this.isWriting || html === outer.value) return;
        outer.setValue(html);
        outer.markAsDirty();
      });
      onCleanup(() => {
        fromOuter.unsubscribe();
        fromEditor.unsubscribe();
      });
    });
  }

  ngOnDestroy(): void {
    this.editor.destroy();
  }
}
