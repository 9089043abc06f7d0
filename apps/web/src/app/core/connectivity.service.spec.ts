import { TestBed } from '@angular/core/testing';
import type { SessionUser } from '@tdgen/contracts';
import { BehaviorSubject } from 'rxjs';
import { EDITOR_USER } from '../../testing/fixtures';
import { setUpStoreTestBed } from '../../testing/store-test-bed';
import { CurrentUserService } from './auth/current-user.service';
import { ConnectivityService, SERVER_UNAVAILABLE_REASON } from './connectivity.service';
import { ServerAvailabilityService } from './http/server-availability.service';

describe('ConnectivityService', () => {
  let user$: BehaviorSubject<SessionUser | null>;
  let unavailable$: BehaviorSubject<boolean>;

  function setUp() {
    user$ = new BehaviorSubject<SessionUser | null>(EDITOR_USER);
    unavailable$ = new BehaviorSubject(false);
    const bed = setUpStoreTestBed([
      { provide: CurrentUserService, useValue: { user$ } },
      { provide: ServerAvailabilityService, useValue: { isUnavailable$: unavailable$ } },
    ]);
    return { bed, connectivity: TestBed.inject(ConnectivityService) };
  }

  it('pauses changes and shows the banner until the stream is live, once signed in', () => {
    const { bed, connectivity } = setUp();
    expect(connectivity.isLive()).toBe(false);
    expect(connectivity.banner()?.text).toContain('Reconnecting — changes are paused');
    bed.hello(1);
    TestBed.tick();
    expect(connectivity.isLive()).toBe(true);
    expect(connectivity.banner()).toBeNull();
    bed.sse.disconnect();
    TestBed.tick();
    expect(connectivity.pausedReason()).toContain('Offline');
  });

  it('says the server is unavailable on any page, and nothing about the stream before sign-in', () => {
    const { connectivity } = setUp();
    user$.next(null);
    TestBed.tick();
    expect(connectivity.banner()).toBeNull();
    unavailable$.next(true);
    TestBed.tick();
    expect(connectivity.banner()).toEqual({ kind: 'server-unavailable', text: SERVER_UNAVAILABLE_REASON });
  });
});
