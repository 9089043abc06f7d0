import { createHmac } from 'node:crypto';
import {
  expect,
  request as playwrightRequest,
  type APIRequestContext,
  type Browser,
  type Locator,
  type Page,
} from '@playwright/test';
import type {
  JobDescriptionDto,
  JobTaskDto,
  LockDto,
  LockEntityType,
  SessionUser,
  UpdateJobTaskRequest,
} from '@tdgen/contracts';

/** The demo accounts seeded by tools/seed-data.mjs. */
export const USERS = {
  admin: { username: 'admin', password: 'admin-demo-pass', displayName: 'Andrea Admin' },
  alice: { username: 'alice', password: 'alice-demo-pass', displayName: 'Alice Becker' },
  bob: { username: 'bob', password: 'bob-demo-pass', displayName: 'Bob Schmidt' },
} as const;
export type DemoUser = keyof typeof USERS;

/** The session cookie (libs/contracts SESSION_COOKIE) and the tab header (CLIENT_ID_HEADER). */
export const SESSION_COOKIE = 'tdgen_session';
export const CLIENT_ID_HEADER = 'x-client-id';
/** tools/e2e-server.mjs signs sessions with this secret. */
export const E2E_JWT_SECRET = 'e2e-secret-'.padEnd(48, 'x');

let titleCounter = 0;
/** A title no other test (or earlier run on the same database) uses. */
/**
 * Types `text` into the board's backlog search and waits for the server's answer. The backlog
 * renders only the rows in view of a catalogue searched on the server (docs/performance.md § The
 * web app at scale): a test finds its task the way a user does.
 */
export async function searchBacklog(page: Page, text: string): Promise<void> {
  await page.getByTestId('backlog-search').fill(text);
  const list = page.getByTestId('backlog-list');
  await expect(list).toHaveAttribute('data-search', text.trim());
  await expect(list).toHaveAttribute('aria-busy', 'false');
}

export function uniqueTitle(prefix: string): string {
  titleCounter += 1;
  return `${prefix} ${Date.now().toString(36)}${titleCounter}${Math.random().toString(36).slice(2, 5)}`;
}

/** Signs in through the real login form and waits for the authenticated shell. */
export async function signIn(page: Page, user: DemoUser): Promise<void> {
  const { username, password, displayName } = USERS[user];
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('current-user-name')).toHaveText(displayName);
}

/** A separate browser context (own cookies and storage) signed in as the user. */
export async function userPage(browser: Browser, user: DemoUser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

/** Signs the page's context in over REST (same cookie as the form sets) — faster than the form. */
export async function signInByApi(page: Page, user: DemoUser): Promise<void> {
  const { username, password } = USERS[user];
  const response = await page.context().request.post('/api/auth/login', { data: { username, password } });
  expect(response.status(), `login of ${username}`).toBe(200);
}

/** Waits until the header shows the event stream as live (hello received). */
export async function expectLive(page: Page, timeout = 15_000): Promise<void> {
  await expect(page.locator('[data-connection-indicator]')).toHaveAttribute('data-testid', 'connection-live', {
    timeout,
  });
}

/** Goes to a path of the signed-in app and waits for the shell with a live event stream. */
export async function gotoLive(page: Page, path: string, user: DemoUser): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId('current-user-name')).toHaveText(USERS[user].displayName);
  await expectLive(page);
}

const MENU_ITEMS = {
  board: { testId: 'menu-board', url: /\/$/ },
  descriptions: { testId: 'menu-descriptions', url: /\/descriptions$/ },
  tasks: { testId: 'menu-tasks', url: /\/tasks$/ },
  users: { testId: 'menu-users', url: /\/admin\/users$/ },
  locks: { testId: 'menu-locks', url: /\/admin\/locks$/ },
} as const;

/** In-app navigation through the main menu (no page load, the event stream stays open). */
export async function navigate(page: Page, to: keyof typeof MENU_ITEMS): Promise<void> {
  const { testId, url } = MENU_ITEMS[to];
  await page.getByTestId('main-menu-button').click();
  await page.getByTestId(testId).click();
  await expect(page).toHaveURL(url);
}

/**
 * Opens a description in the page's workspace through the descriptions panel, the way a user does.
 * `as: 'editor'` expects the lock; `'viewer'` expects the conflict dialog and chooses "view read-only".
 */
export async function openInWorkspace(
  page: Page,
  description: { id: number; title: string },
  as: 'editor' | 'viewer',
): Promise<void> {
  if (!/\/descriptions$/.test(page.url())) await navigate(page, 'descriptions');
  const panel = page.getByTestId(`description-panel-${description.id}`);
  await panel.getByTestId('description-open-in-workspace').click();
  if (as === 'viewer') {
    await expect(page.getByTestId('lock-conflict-dialog')).toBeVisible();
    await page.getByTestId('lock-conflict-read-only').click();
    await expect(page.getByTestId('workspace-read-only')).toBeVisible();
  }
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('open-description-title')).toHaveText(description.title);
  if (as === 'editor') await expect(page.getByTestId('workspace-read-only')).toBeHidden();
}

/**
 * Expands a record's management panel (read-only: reading takes no lock) and presses its Edit
 * button, which asks for the lock.
 */
export async function expandAndEdit(panel: Locator, kind: 'task' | 'description'): Promise<void> {
  await panel.getByTestId(`${kind}-panel-title`).click();
  await panel.getByTestId(`${kind}-request-edit`).click();
}

/** The snack bar (Material) message that contains `text`. */
export function snackBar(page: Page, text: string | RegExp) {
  return page.locator('mat-snack-bar-container').filter({ hasText: text });
}

/**
 * A user's REST session for test setup: its own cookie jar and tab id (mutations need the
 * X-Client-Id header; lock ownership is per tab). Like a browser tab it keeps an event stream
 * open: without one, the server releases its locks as orphaned after LOCK_ORPHAN_GRACE_MS.
 * Dispose it at the end of the test.
 */
export class ApiSession {
  private readonly stream = new AbortController();

  private constructor(
    readonly request: APIRequestContext,
    readonly user: SessionUser,
    readonly clientId: string,
    private readonly baseURL: string,
  ) {}

  static async signIn(
    baseURL: string,
    user: DemoUser,
    clientId = `e2e-${user}-${uniqueSuffix()}`,
  ): Promise<ApiSession> {
    const request = await playwrightRequest.newContext({
      baseURL,
      // No keep-alive: a request sent on an idle socket just as the server's keep-alive timeout
      // (5 s) closes it fails with ECONNRESET, and the request context does not retry.
      extraHTTPHeaders: { [CLIENT_ID_HEADER]: clientId, connection: 'close' },
    });
    const response = await request.post('/api/auth/login', {
      data: { username: USERS[user].username, password: USERS[user].password },
    });
    expect(response.status(), `API login of ${user}`).toBe(200);
    const session = new ApiSession(request, (await response.json()) as SessionUser, clientId, baseURL);
    await session.openStream();
    return session;
  }

  /** Opens this "tab's" event stream, waits for its hello and keeps reading it in the background. */
  private async openStream(): Promise<void> {
    const { cookies } = await this.request.storageState();
    const session = cookies.find((c) => c.name === SESSION_COOKIE);
    if (!session) throw new Error(`No session cookie for ${this.user.username}`);
    const response = await fetch(`${this.baseURL}/api/events/stream?clientId=${encodeURIComponent(this.clientId)}`, {
      headers: { cookie: `${SESSION_COOKIE}=${session.value}`, accept: 'text/event-stream' },
      signal: this.stream.signal,
    });
    if (response.status !== 200 || !response.body)
      throw new Error(`Event stream of ${this.user.username}: ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('"type":"hello"')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`Event stream of ${this.user.username} ended before hello`);
      received += decoder.decode(value, { stream: true });
    }
    this.collect(received);
    void (async () => {
      try {
        for (;;) {
          // Drained so the server never sees this consumer fall behind; envelopes are kept.
          const { value, done } = await reader.read();
          if (done) break;
          this.collect(decoder.decode(value, { stream: true }));
        }
      } catch {
        // Aborted by dispose().
      }
    })();
  }

  private pending = '';
  /** Every envelope this session's stream received, in order (hello and heartbeats included). */
  readonly events: { id: number; type: string; data: unknown; clientId: string | null }[] = [];

  private collect(chunk: string): void {
    this.pending += chunk;
    let end: number;
    while ((end = this.pending.indexOf('\n\n')) >= 0) {
      const frame = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data) this.events.push(JSON.parse(data));
    }
  }

  /** Waits until this session's stream has received an envelope matching `predicate`. */
  async waitForEvent<T = unknown>(
    predicate: (event: { id: number; type: string; data: T; clientId: string | null }) => boolean,
    timeout = 15_000,
  ) {
    let found: (typeof this.events)[number] | undefined;
    await expect
      .poll(() => (found = this.events.find((e) => predicate(e as Parameters<typeof predicate>[0]))), { timeout })
      .toBeTruthy();
    return found as { id: number; type: string; data: T; clientId: string | null };
  }

  async dispose(): Promise<void> {
    this.stream.abort();
    await this.request.dispose();
  }

  /** Any REST call of this session; throws with the answer unless it is 2xx. */
  async call<T>(method: 'get' | 'post' | 'patch' | 'delete', url: string, data?: unknown): Promise<T> {
    const response = await this.request[method](url, data === undefined ? {} : { data });
    if (!response.ok()) {
      throw new Error(
        `${method.toUpperCase()} ${url} as ${this.user.username}: ${response.status()} ${await response.text()}`,
      );
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  createTask(title: string, extra: { text?: string; tags?: string[]; payGroup?: number } = {}): Promise<JobTaskDto> {
    return this.call('post', '/api/job-tasks', { title, text: '<p>Created by an end-to-end test.</p>', ...extra });
  }

  getTask(id: number): Promise<JobTaskDto> {
    return this.call('get', `/api/job-tasks/${id}`);
  }

  getDescription(id: number): Promise<JobDescriptionDto> {
    return this.call('get', `/api/job-descriptions/${id}`);
  }

  createDescription(title: string): Promise<JobDescriptionDto> {
    return this.call('post', '/api/job-descriptions', { title });
  }

  acquire(entityType: LockEntityType, entityId: number): Promise<{ lock: LockDto }> {
    return this.call('post', '/api/locks/acquire', { entityType, entityId, clientId: this.clientId });
  }

  release(entityType: LockEntityType, entityId: number): Promise<void> {
    return this.call('post', '/api/locks/release', { entityType, entityId, clientId: this.clientId });
  }

  breakLock(entityType: LockEntityType, entityId: number, reason?: string): Promise<{ lock: LockDto }> {
    return this.call('post', '/api/locks/break', { entityType, entityId, ...(reason ? { reason } : {}) });
  }

  async lockStatus(entityType: LockEntityType, entityId: number): Promise<LockDto | null> {
    const { lock } = await this.call<{ lock: LockDto | null }>(
      'get',
      `/api/locks/status?entityType=${entityType}&entityId=${entityId}`,
    );
    return lock;
  }

  /** Locks the task, changes it, releases it. */
  async updateTask(id: number, change: UpdateJobTaskRequest): Promise<JobTaskDto> {
    await this.acquire('JobTask', id);
    try {
      return await this.call('patch', `/api/job-tasks/${id}`, change);
    } finally {
      await this.release('JobTask', id);
    }
  }

  async softDeleteTask(id: number): Promise<JobTaskDto> {
    await this.acquire('JobTask', id);
    try {
      return await this.call('delete', `/api/job-tasks/${id}`);
    } finally {
      await this.release('JobTask', id);
    }
  }

  /** Admin only. */
  restoreTask(id: number): Promise<JobTaskDto> {
    return this.call('post', `/api/job-tasks/${id}/restore`, {});
  }

  /** Admin only; the task leaves every description, whose shares are rebalanced. */
  permanentlyDeleteTask(id: number): Promise<void> {
    return this.call('delete', `/api/job-tasks/${id}/permanent`);
  }

  /** Needs the description's lock held by this session. */
  addTask(descriptionId: number, taskId: number, index?: number): Promise<JobDescriptionDto> {
    return this.call('post', '/api/job-description-tasks', {
      jobDescriptionId: descriptionId,
      jobTaskId: taskId,
      ...(index === undefined ? {} : { index }),
    });
  }

  /** Needs the description's lock held by this session. */
  setPercentages(descriptionId: number, shares: [taskId: number, percentage: number][]): Promise<JobDescriptionDto> {
    return this.call('patch', `/api/job-descriptions/${descriptionId}/percentages`, {
      percentages: shares.map(([jobTaskId, percentage]) => ({ jobTaskId, percentage })),
    });
  }

  /** Needs the description's lock held by this session. */
  renameDescription(descriptionId: number, title: string): Promise<JobDescriptionDto> {
    return this.call('patch', `/api/job-descriptions/${descriptionId}`, { title });
  }

  /** A description with freshly created tasks (equal shares), unlocked again. */
  async createDescriptionWithTasks(
    title: string,
    taskTitles: string[],
  ): Promise<{ description: JobDescriptionDto; tasks: JobTaskDto[] }> {
    const description = await this.createDescription(title);
    const tasks: JobTaskDto[] = [];
    for (const taskTitle of taskTitles) tasks.push(await this.createTask(taskTitle, { tags: ['e2e'] }));
    await this.acquire('JobDescription', description.id);
    let current = description;
    try {
      for (const task of tasks) current = await this.addTask(description.id, task.id);
    } finally {
      await this.release('JobDescription', description.id);
    }
    return { description: current, tasks };
  }
}

function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A session token as the e2e server would issue it (HS256 over `{sub, iat, exp}`), expiring in
 * `lifetimeSeconds`: lets a test watch a session end while its event stream is open.
 */
export function shortSessionToken(userId: number, lifetimeSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: userId, iat: now, exp: now + lifetimeSeconds })}`;
  const signature = createHmac('sha256', E2E_JWT_SECRET).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/**
 * Moves the first share divider down by `steps` × 5 % with the keyboard, as a user would (the
 * upper segment grows), and waits until the bar shows the result; the board saves it after a pause.
 * Returns the first segment's new share.
 */
export async function nudgeFirstDivider(page: Page, firstTaskId: number, before: number, steps = 1): Promise<number> {
  const divider = page.getByTestId('share-divider-0');
  await divider.focus();
  for (let i = 0; i < steps; i++) await divider.press('ArrowDown');
  const after = before + 5 * steps;
  await expect(page.getByTestId(`share-segment-${firstTaskId}`)).toContainText(`${after} %`);
  await expect(divider).toHaveAttribute('aria-valuenow', String(after));
  return after;
}
