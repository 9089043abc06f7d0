import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl } from '@angular/forms';
import { toHTML } from 'ngx-editor';
import { RESTRICTED_SCHEMA } from './restricted-schema';
import { RichTextEditorComponent } from './rich-text-editor.component';

@Component({
  imports: [RichTextEditorComponent],
  template: `<td-rich-text-editor [control]="control" />`,
})
class HostComponent {
  readonly control = new FormControl('<p>Sort <strong>mail</strong></p>', { nonNullable: true });
}

describe('RichTextEditorComponent', () => {
  it('shows the HTML and does not mark the form dirty by merely displaying it', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const content = (fixture.nativeElement as HTMLElement).querySelector('.ProseMirror');
    expect(content?.innerHTML).toContain('<strong>mail</strong>');
    fixture.componentInstance.control.setValue('<p>Replaced remotely</p>');
    await fixture.whenStable();
    expect(content?.textContent).toBe('Replaced remotely');
    expect(fixture.componentInstance.control.dirty).toBe(false);
  });

  it('offers exactly bold, italic, underline, bullet list and ordered list', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const items = (fixture.nativeElement as HTMLElement).querySelectorAll('.NgxEditor__MenuItem');
    expect(items).toHaveLength(5);
  });

  it('drops everything the server does not allow', () => {
    const doc = RESTRICTED_SCHEMA.nodeFromJSON({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'u' }] }] }],
    });
    expect(toHTML(doc.toJSON(), RESTRICTED_SCHEMA)).toBe('<p><u>x</u></p>');
    expect(Object.keys(RESTRICTED_SCHEMA.nodes).sort()).toEqual(
      ['bullet_list', 'doc', 'hard_break', 'list_item', 'ordered_list', 'paragraph', 'text'].sort(),
    );
    expect(Object.keys(RESTRICTED_SCHEMA.marks).sort()).toEqual(['em', 'strong', 'u']);
  });
});
