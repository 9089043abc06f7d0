import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import type { UserRef } from '@tdgen/contracts';
import { ALICE, BOB, EDITOR_USER, description, envelope, lock } from '../../testing/fixtures';
import { MY_CLIENT_ID, setUpStoreTestBed } from '../../testing/store-test-bed';
import { CurrentWorkspaceStore, viewersOf } from './current-workspace.store';

describe('CurrentWorkspaceStore', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let workspace: CurrentWorkspaceStore;
  let viewers: UserRef[];

  async function openDescription(id: number): Promise<void> {
    const opening = firstValueFrom(workspace.open(id));
    bed.http.expectOne(`/api/job-descriptions/${id}`).flush(description(id));
    await opening;
    const presence = bed.http.expectOne('/api/events/presence');
    expect(presence.request.body).toEqual({ clientId: MY_CLIENT_ID, jobDescriptionId: id });
    presence.flush(null);
  }

  beforeEach(() => {
    sessionStorage.clear();
    bed = setUpStoreTestBed();
    workspace = TestBed.inject(CurrentWorkspaceStore);
    viewers = [];
    workspace.viewers$.subscribe((v) => (viewers = v));
    bed.hello(1);
  });

  afterEach(() => bed.http.verify());

  it('opens a description, joins its presence and remembers it for a reload', async () => {
    await openDescription(4);
    expect(workspace.openDescriptionId).toBe(4);
    expect(workspace.storedOpenId()).toBe(4);
    expect((await firstValueFrom(workspace.description$))?.title).toBe('Description 4');
  });

  it('lists everyone else who has the open description open, once per user', async () => {
    await openDescription(4);
    bed.emit(envelope(2, 'user:joined-workspace', { jobDescriptionId: 4, user: BOB, clientId: 'b1' }));
    bed.emit(envelope(3, 'user:joined-workspace', { jobDescriptionId: 4, user: BOB, clientId: 'b2' }));
    bed.emit(envelope(4, 'user:joined-workspace', { jobDescriptionId: 5, user: ALICE, clientId: 'a1' }));
    expect(viewers).toEqual([BOB]);
    bed.emit(envelope(5, 'user:left-workspace', { jobDescriptionId: 4, user: BOB, clientId: 'b1' }));
    expect(viewers).toEqual([BOB]);
    bed.emit(envelope(6, 'user:left-workspace', { jobDescriptionId: 4, user: BOB, clientId: 'b2' }));
    expect(viewers).toEqual([]);
  });

  it('rejoins presence after a reconnect', async () => {
    await openDescription(4);
    jest.useFakeTimers();
    bed.stream().fail();
    jest.advanceTimersByTime(60_000);
    jest.useRealTimers();
    bed.hello(9, [], [{ jobDescriptionId: 4, user: BOB, clientId: 'b1' }]);
    bed.http.expectOne('/api/events/presence').flush(null);
    expect(viewers).toEqual([BOB]);
  });

  it('closes the workspace when the open description is deleted by someone else', async () => {
    await openDescription(4);
    const closed: unknown[] = [];
    workspace.closedRemotely$.subscribe((d) => closed.push(d));
    bed.emit(envelope(2, 'job-description:deleted', description(4, [], { deletedAt: '2025-01-02' })));
    expect(workspace.openDescriptionId).toBeNull();
    expect(closed).toHaveLength(1);
    bed.http.expectOne('/api/events/presence').flush(null);
  });

  it('releases the lock and leaves presence on close', async () => {
    await openDescription(4);
    bed.emit(envelope(2, 'lock:acquired', { lock: lock('JobDescription', 4, MY_CLIENT_ID) }, MY_CLIENT_ID));
    expect(await firstValueFrom(workspace.canEdit$)).toBe(true);
    workspace.close();
    expect(bed.http.expectOne('/api/locks/release').request.body).toEqual(
      expect.objectContaining({ entityType: 'JobDescription', entityId: 4 }),
    );
    expect(bed.http.expectOne('/api/events/presence').request.body).toEqual({
      clientId: MY_CLIENT_ID,
      jobDescriptionId: null,
    });
    expect(workspace.openDescriptionId).toBeNull();
  });

  it('refuses to open a deleted description', async () => {
    const opening = firstValueFrom(workspace.open(4));
    bed.http.expectOne('/api/job-descriptions/4').flush(description(4, [], { deletedAt: '2025-01-01' }));
    await expect(opening).rejects.toThrow(/deleted/);
    expect(workspace.openDescriptionId).toBeNull();
  });

  it('excludes the signed-in user from the viewers', () => {
    const presence = [
      { jobDescriptionId: 1, user: ALICE, clientId: 'a' },
      { jobDescriptionId: 1, user: BOB, clientId: 'b' },
    ];
    expect(viewersOf(presence, 1, EDITOR_USER.id)).toEqual([BOB]);
  });
});
