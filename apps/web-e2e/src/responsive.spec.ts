import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { navigate, openInWorkspace, signIn, uniqueTitle } from './support';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/** The page does not scroll sideways: everything fits the viewport's width. */
async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** On narrow screens the board shows one column at a time; this picks one (a no-op on desktop). */
async function showPane(page: Page, pane: 'backlog' | 'workspace' | 'shares'): Promise<void> {
  const tab = page.getByTestId(`board-tab-${pane}`);
  if (await tab.isVisible()) await tab.click();
}

for (const viewport of VIEWPORTS) {
  test.describe(`main flow on a ${viewport.name} (${viewport.width}×${viewport.height})`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('sign in, open a description, add a task, type a share — without horizontal scrolling', async ({
      api,
      page,
    }) => {
      const admin = await api('admin');
      const { description, tasks } = await admin.createDescriptionWithTasks(
        uniqueTitle(`Responsive ${viewport.name}`),
        [uniqueTitle('Responsive one')],
      );
      const extra = await admin.createTask(uniqueTitle('Responsive added'));

      await signIn(page, 'alice');
      await expectNoHorizontalScroll(page);
      await openInWorkspace(page, description, 'editor');
      await expect(page.getByTestId('board-tabs')).toBeVisible({ visible: viewport.width < 900 });
      await showPane(page, 'workspace');
      await expect(page.getByTestId(`workspace-item-${tasks[0].id}`)).toBeVisible();
      await expectNoHorizontalScroll(page);

      await showPane(page, 'backlog');
      await page.getByTestId('backlog-search').fill(extra.title);
      await page.getByTestId(`backlog-add-${extra.id}`).click();
      await showPane(page, 'workspace');
      await expect(page.getByTestId(`workspace-item-${extra.id}`)).toBeVisible();
      await expectNoHorizontalScroll(page);

      await showPane(page, 'shares');
      await page.getByTestId(`share-input-${extra.id}`).fill('30');
      await expect
        .poll(async () => (await admin.getDescription(description.id)).tasks.map((t) => t.percentage))
        .toEqual([70, 30]);
      await expectNoHorizontalScroll(page);

      for (const to of ['tasks', 'descriptions'] as const) {
        await navigate(page, to);
        await expect(page.locator('mat-expansion-panel').first()).toBeVisible();
        await expectNoHorizontalScroll(page);
      }
    });
  });
}
