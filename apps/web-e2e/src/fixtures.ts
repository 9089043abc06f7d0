import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { ApiSession, gotoLive, signInByApi, type DemoUser } from './support';

export { expect } from '@playwright/test';

export interface CollaborationFixtures {
  /** The user's REST session for setup and for changes "from elsewhere"; one per user and test. */
  api: (user: DemoUser) => Promise<ApiSession>;
  /**
   * A new, separate browser context (own cookies, storage, tab id) signed in as `user`, with one
   * page on `path` whose event stream is live. Closed after the test.
   */
  openAs: (user: DemoUser, path?: string) => Promise<Page>;
}

export const test = base.extend<CollaborationFixtures>({
  api: async ({ baseURL }, use) => {
    const sessions = new Map<DemoUser, Promise<ApiSession>>();
    await use((user) => {
      let session = sessions.get(user);
      if (!session) {
        session = ApiSession.signIn(baseURL!, user);
        sessions.set(user, session);
      }
      return session;
    });
    for (const session of sessions.values()) await (await session.catch(() => null))?.dispose();
  },

  openAs: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user, path = '/') => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await signInByApi(page, user);
      await gotoLive(page, path, user);
      return page;
    });
    for (const context of contexts) await context.close().catch(() => undefined);
  },
});
