import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HarnessLoader } from '@angular/cdk/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { BehaviorSubject } from 'rxjs';
import type { SessionUser } from '@tdgen/contracts';
import { ADMIN_USER, BOB, EDITOR_USER, apiError, lock, lockedError } from '../../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../../testing/store-test-bed';
import { eventually } from '../../../testing/wait';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { NotificationService } from '../../core/notification.service';
import { LockFlowService } from './lock-flow.service';

@Component({ template: '' })
class HostComponent {}

describe('LockFlowService with the lock conflict dialog', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let flow: LockFlowService;
  let loader: HarnessLoader;
  let user: BehaviorSubject<SessionUser | null>;

  function setUp(signedIn: SessionUser): void {
    user = new BehaviorSubject<SessionUser | null>(signedIn);
    bed = setUpStoreTestBed([
      {
        provide: CurrentUserService,
        useValue: {
          user$: user,
          get isAdmin() {
            return user.value?.role === 'ADMIN';
          },
          get currentUser() {
            return user.value;
          },
        },
      },
      { provide: NotificationService, useValue: { info: jest.fn(), error: jest.fn(), important: jest.fn() } },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ]);
    flow = TestBed.inject(LockFlowService);
    const fixture = TestBed.createComponent(HostComponent);
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
  }

  function answerAcquire(body: object, status = 200): void {
    bed.http
      .expectOne('/api/locks/acquire')
      .flush(body, status === 200 ? {} : { status, statusText: status === 423 ? 'Locked' : 'Error' });
  }

  /** Lets the dialog open after the HTTP answer resolved the awaited promise. */
  async function dialog(): Promise<MatDialogHarness> {
    await new Promise((resolve) => setTimeout(resolve));
    return loader.getHarness(MatDialogHarness);
  }

  afterEach(() => bed.http.verify());

  it('edits at once when the lock is free', async () => {
    setUp(EDITOR_USER);
    const result = flow.acquireForEditing('JobTask', 1, 'the job task "Filing"');
    answerAcquire({ lock: lock('JobTask', 1, MY_CLIENT_ID) });
    await expect(result).resolves.toBe(true);
    expect(await loader.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
  });

  it('names the holder and stays read-only when the user chooses to view', async () => {
    setUp(EDITOR_USER);
    const result = flow.acquireForEditing('JobTask', 1, 'the job task "Filing"');
    answerAcquire(lockedError(lock('JobTask', 1, 'bobs-tab', BOB)), 423);

    const conflict = await dialog();
    expect(await conflict.getText()).toContain('Bob Example is editing the job task "Filing" since');
    const buttons = await conflict.getAllHarnesses(MatButtonHarness);
    expect(await Promise.all(buttons.map((b) => b.getText()))).toEqual([
      'View read-only',
      'Notify me when free',
      'Ask Bob Example to hand over',
    ]);
    await buttons[0].click();
    await expect(result).resolves.toBe(false);
  });

  it('offers "take over" for the own other tab and takes the lock over', async () => {
    setUp(EDITOR_USER);
    const result = flow.acquireForEditing('JobDescription', 3, 'the job description "Clerk"');
    answerAcquire(lockedError(lock('JobDescription', 3, 'my-other-tab'), true), 423);
    const conflict = await dialog();
    expect(await conflict.getText()).toContain('You are already editing the job description "Clerk" in another tab');
    await (await conflict.getHarness(MatButtonHarness.with({ text: 'Take over' }))).click();
    const takeover = await eventually(() => bed.http.expectOne('/api/locks/acquire'));
    expect(takeover.request.body).toEqual({
      entityType: 'JobDescription',
      entityId: 3,
      clientId: MY_CLIENT_ID,
      takeover: true,
    });
    takeover.flush({ lock: lock('JobDescription', 3, MY_CLIENT_ID) });
    await expect(result).resolves.toBe(true);
  });

  it('asks the holder to hand over with a message and stays read-only until they answer', async () => {
    setUp(EDITOR_USER);
    const result = flow.acquireForEditing('JobTask', 1, 'the job task "Filing"');
    answerAcquire(lockedError(lock('JobTask', 1, 'bobs-tab', BOB)), 423);
    const conflict = await dialog();
    await (await conflict.getHarness(MatButtonHarness.with({ text: 'Ask Bob Example to hand over' }))).click();
    const prompt = await eventually(async () => (await loader.getAllHarnesses(MatDialogHarness)).at(-1));
    await (await prompt!.getHarness(MatInputHarness)).setValue('Need to fix a typo');
    await (await prompt!.getHarness(MatButtonHarness.with({ text: 'Ask' }))).click();
    const asking = await eventually(() => bed.http.expectOne('/api/locks/handover/request'));
    expect(asking.request.body).toEqual({
      entityType: 'JobTask',
      entityId: 1,
      clientId: MY_CLIENT_ID,
      message: 'Need to fix a typo',
    });
    asking.flush({ request: null, lock: null });
    await expect(result).resolves.toBe(false);
  });

  it('edits at once when the holder was idle and the lock passed', async () => {
    setUp(EDITOR_USER);
    const result = flow.acquireForEditing('JobTask', 1, 'the job task "Filing"');
    answerAcquire(lockedError(lock('JobTask', 1, 'bobs-tab', BOB)), 423);
    await (await (await dialog()).getHarness(MatButtonHarness.with({ text: 'Ask Bob Example to hand over' }))).click();
    const prompt = await eventually(async () => (await loader.getAllHarnesses(MatDialogHarness)).at(-1));
    await (await prompt!.getHarness(MatButtonHarness.with({ text: 'Ask' }))).click();
    const asking = await eventually(() => bed.http.expectOne('/api/locks/handover/request'));
    expect(asking.request.body).toEqual({ entityType: 'JobTask', entityId: 1, clientId: MY_CLIENT_ID });
    asking.flush({ request: null, lock: lock('JobTask', 1, MY_CLIENT_ID, EDITOR_USER, { fence: 7 }) });
    await expect(result).resolves.toBe(true);
  });

  it('"Notify me when free" joins the line; a record reserved for someone in line offers only that', async () => {
    setUp(EDITOR_USER);
    const result = flow.acquireForEditing('JobTask', 1, 'the job task "Filing"');
    const offer = {
      entityType: 'JobTask',
      entityId: 1,
      user: { id: BOB.id, displayName: BOB.displayName },
      clientId: 'bobs-tab',
      offeredAt: '2025-01-01T10:00:00.000Z',
      expiresAt: '2025-01-01T10:00:30.000Z',
    };
    answerAcquire(
      {
        statusCode: 423,
        error: 'Locked',
        code: 'LOCK_OFFERED',
        message: 'x',
        offer,
        record: { entityType: 'JobTask', id: 1 },
      },
      423,
    );
    const conflict = await dialog();
    expect(await conflict.getText()).toContain('reserved for Bob Example, who was waiting');
    const buttons = await conflict.getAllHarnesses(MatButtonHarness);
    expect(await Promise.all(buttons.map((b) => b.getText()))).toEqual(['View read-only', 'Notify me when free']);
    await buttons[1].click();
    const joining = await eventually(() => bed.http.expectOne('/api/locks/queue/join'));
    joining.flush({
      line: {
        entityType: 'JobTask',
        entityId: 1,
        offer,
        waiting: [{ user: EDITOR_USER, clientId: MY_CLIENT_ID, since: '' }],
      },
    });
    await expect(result).resolves.toBe(false);
  });

  it('lets an admin break the lock with a reason and then edit', async () => {
    setUp(ADMIN_USER);
    const result = flow.acquireForEditing('JobTask', 1, 'the job task "Filing"');
    answerAcquire(lockedError(lock('JobTask', 1, 'bobs-tab', BOB)), 423);
    const conflict = await dialog();
    await (await conflict.getHarness(MatButtonHarness.with({ text: 'Break lock' }))).click();

    const prompt = await eventually(async () => (await loader.getAllHarnesses(MatDialogHarness)).at(-1));
    await (await prompt!.getHarness(MatInputHarness)).setValue('Bob is on holiday');
    await (await prompt!.getHarness(MatButtonHarness.with({ text: 'Break lock' }))).click();
    const breaking = await eventually(() => bed.http.expectOne('/api/locks/break'));
    expect(breaking.request.body).toEqual({ entityType: 'JobTask', entityId: 1, reason: 'Bob is on holiday' });
    breaking.flush(null);
    await eventually(() => answerAcquire({ lock: lock('JobTask', 1, MY_CLIENT_ID) }));
    await expect(result).resolves.toBe(true);
  });

  it('does not offer "break lock" to editors', async () => {
    setUp(EDITOR_USER);
    void flow.acquireForEditing('JobTask', 1, 'x');
    answerAcquire(lockedError(lock('JobTask', 1, 'bobs-tab', BOB)), 423);
    const conflict = await dialog();
    expect(await conflict.getAllHarnesses(MatButtonHarness.with({ text: 'Break lock' }))).toHaveLength(0);
    await conflict.close();
  });

  it('explains a record that is read-only for editors', async () => {
    setUp(EDITOR_USER);
    const result = flow.acquireForEditing('JobTask', 1, 'x');
    answerAcquire(apiError('RECORD_READ_ONLY', { record: { entityType: 'JobTask', id: 1 } }), 403);
    await expect(result).resolves.toBe(false);
    expect(TestBed.inject(NotificationService).info).toHaveBeenCalledWith(
      expect.stringMatching(/read-only for editors/),
    );
  });
});
