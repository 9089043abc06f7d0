import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import type { UserDto } from '@tdgen/contracts';
import { setUpStoreTestBed } from '../../testing/store-test-bed';
import { UsersStore } from './users.store';

describe('UsersStore', () => {
  const bob: UserDto = {
    id: 3,
    username: 'bob',
    displayName: 'Bob',
    role: 'EDITOR',
    createdAt: '2025-01-01',
    disabledAt: null,
  };

  it('loads users sorted by username and keeps its own changes', async () => {
    const bed = setUpStoreTestBed();
    const users = TestBed.inject(UsersStore);
    users.load();
    bed.http.expectOne('/api/users').flush([bob, { ...bob, id: 2, username: 'alice' }]);
    expect((await firstValueFrom(users.users$)).map((u) => u.username)).toEqual(['alice', 'bob']);

    const disabling = firstValueFrom(users.update(3, { disabled: true }));
    const request = bed.http.expectOne('/api/users/3');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ disabled: true });
    request.flush({ ...bob, disabledAt: '2025-02-01' });
    await disabling;
    expect((await firstValueFrom(users.users$)).find((u) => u.id === 3)?.disabledAt).toBe('2025-02-01');
    bed.http.verify();
  });
});
