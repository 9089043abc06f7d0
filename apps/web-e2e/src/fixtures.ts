import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { ApiSession, gotoLive, signInByApi, type DemoUser } from './support';

export { expect } from '@playwright/test';

/** Marks the console line the page logs for each Content-Security-Policy violation. */
const CSP_MARK = 'CSP violation:';

/** Makes every page of the context report CSP violations (the event plus Chromium's own console error). */
async function watchCsp(context: BrowserContext, violations: string[]): Promise<void> {
  await context.addInitScript((mark) => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(
        `${mark} ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`,
      ),
    );
  }, CSP_MARK);
  context.on('console', (message) => {
    const text = message.text();
    if (text.startsWith(CSP_MARK) || /Content Security Policy/i.test(text)) violations.push(text);
  });
}

export interface CollaborationFixtures {
  /** The user's REST session for setup and for changes "from elsewhere"; one per user and test. */
  api: (user: DemoUser) => Promise<ApiSession>;
  /**
   * A new, separate browser context (own cookies, storage, tab id) signed in as `user`, with one
   * page on `path` whose event stream is live. Closed after the test.
   */
  openAs: (user: DemoUser, path?: string) => Promise<Page>;
}

export const test = base.extend<CollaborationFixtures & { cspViolations: string[] }>({
  /**
   * Every test, in every browser context it opens, must run without a Content-Security-Policy
   * violation: the strict policy the server sends has to fit the built app.
   */
  cspViolations: [
    async ({ browser, context }, use) => {
      const violations: string[] = [];
      await watchCsp(context, violations);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const created = await newContext(options);
        await watchCsp(created, violations);
        return created;
      };
      await use(violations);
      browser.newContext = newContext;
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],

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
