import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatExpansionPanelHarness } from '@angular/material/expansion/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import type { JobDescriptionDto } from '@tdgen/contracts';
import { BehaviorSubject } from 'rxjs';
import { BOB, EDITOR_USER, description, lock, lockedError } from '../../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../../testing/store-test-bed';
import { eventually } from '../../../testing/wait';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { NotificationService } from '../../core/notification.service';
import { JobDescriptionPanelComponent } from './job-description-panel.component';

@Component({
  imports: [JobDescriptionPanelComponent],
  template: `<td-job-description-panel [description]="description()" />`,
})
class HostComponent {
  readonly description = signal<JobDescriptionDto>(
    description(7, [], {
      title: 'Clerk',
      frameworkData: { ...description(7).frameworkData, reportsTo: 'Head of office' },
    }),
  );
}

describe('JobDescriptionPanelComponent', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let fixture: ComponentFixture<HostComponent>;
  let loader: HarnessLoader;
  let rootLoader: HarnessLoader;

  beforeEach(async () => {
    bed = setUpStoreTestBed([
      {
        provide: CurrentUserService,
        useValue: {
          isAdmin$: new BehaviorSubject(false),
          isAdmin: false,
          currentUser: EDITOR_USER,
          user$: new BehaviorSubject(EDITOR_USER),
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
  });

  afterEach(() => bed.http.verify());

  /** Expands the panel (read-only, no lock taken) and asks to edit, which requests the lock. */
  async function expand(): Promise<MatExpansionPanelHarness> {
    const panel = await loader.getHarness(MatExpansionPanelHarness);
    await panel.expand();
    await fixture.whenStable();
    bed.http.expectNone('/api/locks/acquire');
    expect(await (await titleInput()).isDisabled()).toBe(true);
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Edit' }))).click();
    return panel;
  }

  async function titleInput(): Promise<MatInputHarness> {
    return loader.getHarness(MatInputHarness.with({ selector: '[data-testid="description-title-input"]' }));
  }

  it('opens read-only, locks on Edit, saves only what changed and then releases the lock', async () => {
    await expand();
    const acquire = await eventually(() => bed.http.expectOne('/api/locks/acquire'));
    expect(acquire.request.body).toEqual({ entityType: 'JobDescription', entityId: 7, clientId: MY_CLIENT_ID });
    acquire.flush({ lock: lock('JobDescription', 7, MY_CLIENT_ID) });

    const title = await titleInput();
    await eventually(async () => expect(await title.isDisabled()).toBe(false));
    expect(await title.getValue()).toBe('Clerk');
    await title.setValue('Senior clerk');
    const reportsTo = await loader.getHarness(
      MatInputHarness.with({ selector: '[data-testid="framework-reportsTo"]' }),
    );
    await reportsTo.setValue('');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
    const patch = await eventually(() => bed.http.expectOne({ method: 'PATCH', url: '/api/job-descriptions/7' }));
    expect(patch.request.body).toEqual({ title: 'Senior clerk' });
    patch.flush(description(7, [], { title: 'Senior clerk', updatedAt: '2025-02-01T00:00:00.000Z' }));

    const framework = await eventually(() =>
      bed.http.expectOne({ method: 'PATCH', url: '/api/job-descriptions/7/framework-data' }),
    );
    expect(framework.request.body).toEqual({ reportsTo: null });
    framework.flush(description(7, [], { title: 'Senior clerk', updatedAt: '2025-02-01T00:00:01.000Z' }));
    const release = await eventually(() => bed.http.expectOne('/api/locks/release'));
    expect(release.request.body).toEqual({ entityType: 'JobDescription', entityId: 7, clientId: MY_CLIENT_ID });
    release.flush(null);
  });

  it('stays read-only and names the holder when someone else holds the lock', async () => {
    await expand();
    (await eventually(() => bed.http.expectOne('/api/locks/acquire'))).flush(
      lockedError(lock('JobDescription', 7, 'bobs-tab', BOB)),
      { status: 423, statusText: 'Locked' },
    );
    const dialog = await eventually(() => rootLoader.getHarness(MatDialogHarness));
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'View read-only' }))).click();

    expect(await (await titleInput()).isDisabled()).toBe(true);
    const notice = fixture.nativeElement.querySelector('[data-testid="description-read-only"]') as HTMLElement;
    expect(notice.textContent).toContain('Bob Example is editing');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Save' }))).toHaveLength(0);
  });

  it('keeps unsaved input when the description changes remotely, and says so', async () => {
    await expand();
    (await eventually(() => bed.http.expectOne('/api/locks/acquire'))).flush({
      lock: lock('JobDescription', 7, MY_CLIENT_ID),
    });
    const title = await titleInput();
    await eventually(async () => expect(await title.isDisabled()).toBe(false));
    await title.setValue('My unsaved title');

    fixture.componentInstance.description.set(
      description(7, [], { title: 'Their title', updatedAt: '2025-03-01T00:00:00.000Z', updatedBy: BOB }),
    );
    await fixture.whenStable();
    expect(await title.getValue()).toBe('My unsaved title');
    const notice = fixture.nativeElement.querySelector('[data-testid="changed-remotely"]') as HTMLElement;
    expect(notice.textContent).toContain('Changed remotely by Bob Example');

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Load their version' }))).click();
    expect(await title.getValue()).toBe('Their title');
  });

  it('refills a pristine form from a remote change', async () => {
    await expand();
    (await eventually(() => bed.http.expectOne('/api/locks/acquire'))).flush(
      lockedError(lock('JobDescription', 7, 'bobs-tab', BOB)),
      { status: 423, statusText: 'Locked' },
    );
    const dialog = await eventually(() => rootLoader.getHarness(MatDialogHarness));
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'View read-only' }))).click();

    fixture.componentInstance.description.set(description(7, [], { title: 'Renamed by Bob', updatedAt: '2025-03-01' }));
    await fixture.whenStable();
    expect(await (await titleInput()).getValue()).toBe('Renamed by Bob');
    expect(fixture.nativeElement.querySelector('[data-testid="changed-remotely"]')).toBeNull();
  });
});
