import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { JobDescriptionDto } from '@tdgen/contracts';
import { description, task } from '../../../testing/fixtures';
import { withFreshTasks } from './job-description-document.page';
import { JobDescriptionDocumentComponent } from './job-description-document.component';

@Component({
  imports: [JobDescriptionDocumentComponent],
  template: `<td-job-description-document [description]="description()" [documentDate]="date" />`,
})
class HostComponent {
  readonly date = new Date('2026-04-01T10:00:00Z');
  readonly description = signal<JobDescriptionDto>(
    description(
      5,
      [
        { task: task(2, { title: 'Second', text: '<p>two <strong>bold</strong></p>', payGroup: 8 }), percentage: 25 },
        { task: task(1, { title: 'First', text: '<ul><li><p>one</p></li></ul>', payGroup: null }), percentage: 75 },
      ],
      {
        title: 'Payroll clerk',
        tags: ['HR', 'Full time'],
        deletedAt: '2026-03-01T00:00:00Z',
        readOnlyForEditors: true,
        weightedPayGroup: 8,
        frameworkData: { ...description(5).frameworkData, reportsTo: 'Jürgen Weiß\nŁukasz Dvořák' },
      },
    ),
  );
}

const texts = (root: HTMLElement, testId: string) =>
  [...root.querySelectorAll(`[data-testid="${testId}"]`)].map((e) => e.textContent?.trim());

describe('JobDescriptionDocumentComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let root: HTMLElement;

  beforeEach(() => {
    fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    root = fixture.nativeElement as HTMLElement;
  });

  it('lays out header, framework data, tasks in order with pay group and share, and totals', () => {
    expect(texts(root, 'document-title')).toEqual(['Payroll clerk']);
    expect(texts(root, 'document-status')).toEqual(['Deleted · Read-only for editors']);
    expect(root.querySelector('[data-testid="document-header"]')?.textContent).toContain('1 April 2026');
    const reportsTo = root.querySelector('[data-testid="document-framework-reportsTo"]');
    expect([...(reportsTo?.querySelectorAll('p') ?? [])].map((p) => p.textContent)).toEqual([
      'Jürgen Weiß',
      'Łukasz Dvořák',
    ]);
    expect(texts(root, 'document-task-title')).toEqual(['Second', 'First']);
    expect(texts(root, 'document-task-pay-group')).toEqual(['8', '—']);
    expect(texts(root, 'document-task-share')).toEqual(['25%', '75%']);
    expect(texts(root, 'document-weighted-pay-group')).toEqual(['8.00']);
    expect(root.querySelector('[data-testid="document-totals"]')?.textContent).toContain('100%');
  });

  it('keeps the rich text formatting and shows changes as they come', () => {
    expect(root.querySelector('[data-testid="document-tasks"] strong')?.textContent).toBe('bold');
    expect(root.querySelector('[data-testid="document-tasks"] ul li')?.textContent).toBe('one');
    fixture.componentInstance.description.update((d) => ({ ...d, title: 'Renamed', tasks: [] }));
    fixture.detectChanges();
    expect(texts(root, 'document-title')).toEqual(['Renamed']);
    expect(texts(root, 'document-no-tasks')).toEqual(['This description has no tasks yet.']);
  });

  it('takes each task as the catalogue knows it now', () => {
    const d = fixture.componentInstance.description();
    const fresh = task(2, { title: 'Second, renamed' });
    expect(withFreshTasks(d, new Map([[2, fresh]])).tasks.map((t) => t.task.title)).toEqual([
      'Second, renamed',
      'First',
    ]);
  });
});
