import { expect, test } from './fixtures';
import { navigate, openInWorkspace, uniqueTitle } from './support';

test.describe('presence', () => {
  test('avatars appear and disappear as others open and close the description', async ({ api, openAs }) => {
    const adminApi = await api('admin');
    const { description } = await adminApi.createDescriptionWithTasks(uniqueTitle('Presence'), [
      uniqueTitle('Presence task'),
    ]);
    const other = await adminApi.createDescription(uniqueTitle('Presence elsewhere'));
    const ids = { alice: (await api('alice')).user.id, bob: (await api('bob')).user.id, admin: adminApi.user.id };

    const alice = await openAs('alice', '/descriptions');
    await openInWorkspace(alice, description, 'editor');
    await expect(alice.getByTestId('presence-avatars')).toHaveCount(0);

    const bob = await openAs('bob', '/descriptions');
    await openInWorkspace(bob, description, 'viewer');
    await expect(alice.getByTestId(`presence-avatar-${ids.bob}`)).toHaveText('BS');
    await expect(bob.getByTestId(`presence-avatar-${ids.alice}`)).toHaveText('AB');
    // Nobody sees themselves.
    await expect(alice.getByTestId(`presence-avatar-${ids.alice}`)).toHaveCount(0);

    const admin = await openAs('admin', '/descriptions');
    await openInWorkspace(admin, description, 'viewer');
    for (const page of [alice, bob]) await expect(page.getByTestId(`presence-avatar-${ids.admin}`)).toHaveText('AA');
    await expect(admin.getByTestId('presence-avatars')).toHaveAttribute(
      'aria-label',
      'Also viewing: Alice Becker, Bob Schmidt',
    );

    // Bob closes the description: his avatar goes everywhere.
    await bob.getByTestId('main-menu-button').click();
    await bob.getByTestId('menu-close-description').click();
    await expect(bob.getByTestId('open-description')).toHaveCount(0);
    for (const page of [alice, admin]) await expect(page.getByTestId(`presence-avatar-${ids.bob}`)).toHaveCount(0);

    // The admin opens another description: leaves this one.
    await navigate(admin, 'descriptions');
    await openInWorkspace(admin, other, 'editor');
    await expect(alice.getByTestId(`presence-avatar-${ids.admin}`)).toHaveCount(0);
    await expect(alice.getByTestId('presence-avatars')).toHaveCount(0);

    // Bob comes back: his avatar is back for Alice.
    await navigate(bob, 'descriptions');
    await openInWorkspace(bob, description, 'viewer');
    await expect(alice.getByTestId(`presence-avatar-${ids.bob}`)).toBeVisible();
  });
});
