import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatExpansionPanelHarness } from '@angular/material/expansion/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import type { JobTaskDto, SessionUser } from '@tdgen/contracts';
import { BehaviorSubject } from 'rxjs';
import { ADMIN_USER, EDITOR_USER, lock, task } from '../../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../../testing/store-test-bed';
import { eventually } from '../../../testing/wait';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { NotificationService } from '../../core/notification.service';
import { JobTaskPanelComponent } from './job-task-panel.component';

@Component({
  imports: [JobTaskPanelComponent],
  template: `<td-job-task-panel [task]="task()" />`,
})
class HostComponent {
  readonly task = signal<JobTaskDto>(task(5, { title: 'Filing', tags: ['office'], payGroup: 4 }));
}

describe('JobTaskPanelComponent', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let fixture: ComponentFixture<HostComponent>;
  let loader: HarnessLoader;
  let rootLoader: HarnessLoader;

  async function render(user: SessionUser): Promise<void> {
    bed = setUpStoreTestBed([
      {
        provide: CurrentUserService,
        useValue: {
          isAdmin$: new BehaviorSubject(user.role === 'ADMIN'),
          isAdmin: user.role === 'ADMIN',
          currentUser: user,
        },
      },
      { provide: NotificationService, useValue: { info: jest.fn(), error: jest.fn(), important: jest.fn() } },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ]);
    bed.hello(1);
    fixture = TestBed.createComponent(HostComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    rootLoader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    await fixture.whenStable();
    await (await loader.getHarness(MatExpansionPanelHarness)).expand();
    (await eventually(() => bed.http.expectOne('/api/locks/acquire'))).flush({
      lock: lock('JobTask', 5, MY_CLIENT_ID),
    });
  }

  afterEach(() => bed.http.verify());

  it('lets an editor change title and tags but not the admin fields', async () => {
    await render(EDITOR_USER);
    const title = await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="task-title-input"]' }));
    await eventually(async () => expect(await title.isDisabled()).toBe(false));
    expect(await (await loader.getHarness(MatSelectHarness)).isDisabled()).toBe(true);
    expect(await (await loader.getHarness(MatCheckboxHarness)).isDisabled()).toBe(true);
    await eventually(() =>
      expect(fixture.nativeElement.querySelector('[data-testid="rich-text-editor"]')).not.toBeNull(),
    );

    await title.setValue('Filing and archiving');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
    const patch = await eventually(() => bed.http.expectOne({ method: 'PATCH', url: '/api/job-tasks/5' }));
    expect(patch.request.body).toEqual({ title: 'Filing and archiving' });
    patch.flush(task(5, { title: 'Filing and archiving', tags: ['office'], payGroup: 4, updatedAt: '2025-02-01' }));
  });

  it('lets an admin set the pay group', async () => {
    await render(ADMIN_USER);
    const payGroup = await loader.getHarness(MatSelectHarness);
    await eventually(async () => expect(await payGroup.isDisabled()).toBe(false));
    await payGroup.open();
    await payGroup.clickOptions({ text: 'EG 11' });
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
    const patch = await eventually(() => bed.http.expectOne({ method: 'PATCH', url: '/api/job-tasks/5' }));
    expect(patch.request.body).toEqual({ payGroup: 11 });
    patch.flush(task(5, { title: 'Filing', tags: ['office'], payGroup: 11, updatedAt: '2025-02-01' }));
  });

  it('says how many descriptions use the task before soft-deleting it', async () => {
    await render(EDITOR_USER);
    await (await loader.getHarness(MatButtonHarness.with({ text: /Delete/ }))).click();
    (await eventually(() => bed.http.expectOne('/api/job-tasks/5/usage'))).flush({ descriptionCount: 3 });
    const dialog = await eventually(() => rootLoader.getHarness(MatDialogHarness));
    expect(await dialog.getText()).toContain('It is used in 3 job descriptions');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    const deletion = await eventually(() => bed.http.expectOne({ method: 'DELETE', url: '/api/job-tasks/5' }));
    deletion.flush(task(5, { title: 'Filing', deletedAt: '2025-03-01' }));
    (await eventually(() => bed.http.expectOne('/api/locks/release'))).flush(null);
  });
});
