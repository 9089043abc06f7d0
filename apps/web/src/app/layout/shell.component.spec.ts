import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatMenuHarness } from '@angular/material/menu/testing';
import type { SessionUser } from '@tdgen/contracts';
import { BehaviorSubject, of } from 'rxjs';
import { ADMIN_USER, EDITOR_USER } from '../../testing/fixtures';
import { setUpStoreTestBed } from '../../testing/store-test-bed';
import { CurrentUserService } from '../core/auth/current-user.service';
import { SessionService } from '../flows/session/session.service';
import { WorkspaceActionsService } from '../flows/workspace/workspace-actions.service';
import { ShellComponent } from './shell.component';

describe('ShellComponent', () => {
  let bed: ReturnType<typeof setUpStoreTestBed>;
  let session: { start: jest.Mock; stop: jest.Mock };
  let auth: { user$: BehaviorSubject<SessionUser | null>; isAdmin$: BehaviorSubject<boolean>; logout: jest.Mock };

  async function render(user: SessionUser) {
    session = { start: jest.fn(), stop: jest.fn() };
    auth = {
      user$: new BehaviorSubject<SessionUser | null>(user),
      isAdmin$: new BehaviorSubject(user.role === 'ADMIN'),
      logout: jest.fn().mockReturnValue(of(undefined)),
    };
    bed = setUpStoreTestBed([
      { provide: SessionService, useValue: session },
      { provide: CurrentUserService, useValue: auth },
      {
        provide: WorkspaceActionsService,
        useValue: { reopenAfterReload: jest.fn(), createDescription: jest.fn(), close: jest.fn() },
      },
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    ]);
    const fixture = TestBed.createComponent(ShellComponent);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      element,
      loader: TestbedHarnessEnvironment.loader(fixture),
      query: (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`),
    };
  }

  it('starts the session and shows the app name, the user and their role', async () => {
    const { query } = await render(EDITOR_USER);
    expect(session.start).toHaveBeenCalledTimes(1);
    expect(query('app-name')?.textContent).toBe('TDGen');
    expect(query('current-user-name')?.textContent).toBe('Alice Example');
    expect(query('current-user-role')?.textContent).toBe('Editor');
  });

  it('shows the connection state live', async () => {
    const { query, fixture } = await render(EDITOR_USER);
    expect(query('connection-reconnecting')?.textContent).toContain('Reconnecting…');
    bed.hello(1);
    await fixture.whenStable();
    expect(query('connection-live')?.textContent).toContain('Live');
    bed.sse.disconnect();
    await fixture.whenStable();
    expect(query('connection-offline')?.textContent).toContain('Offline');
  });

  it('offers the admin screens to admins only', async () => {
    const editor = await render(EDITOR_USER);
    const editorMenu = await editor.loader.getHarness(
      MatMenuHarness.with({ selector: '[data-testid="main-menu-button"]' }),
    );
    await editorMenu.open();
    const editorItems = await Promise.all((await editorMenu.getItems()).map((item) => item.getText()));
    expect(editorItems.join('|')).toContain('Job descriptions');
    expect(editorItems.join('|')).not.toContain('Users');
    TestBed.resetTestingModule();

    const admin = await render(ADMIN_USER);
    const adminMenu = await admin.loader.getHarness(
      MatMenuHarness.with({ selector: '[data-testid="main-menu-button"]' }),
    );
    await adminMenu.open();
    const adminItems = await Promise.all((await adminMenu.getItems()).map((item) => item.getText()));
    expect(adminItems.some((text) => text.includes('Users'))).toBe(true);
    expect(adminItems.some((text) => text.includes('Active locks'))).toBe(true);
  });

  it('stops the session and logs out from the user menu', async () => {
    const { loader } = await render(EDITOR_USER);
    const userMenu = await loader.getHarness(MatMenuHarness.with({ selector: '[data-testid="user-menu"]' }));
    await userMenu.clickItem({ text: /Sign out/ });
    expect(session.stop).toHaveBeenCalled();
    expect(auth.logout).toHaveBeenCalled();
  });
});
