import { describe, expect, it } from '@jest/globals';
import { mappedRole } from './sso-accounts';

describe('mappedRole', () => {
  const settings = { groupsClaim: 'groups', adminGroups: ['tdgen-admins', '/it/admins'] };

  it.each([
    [{ groups: ['staff', 'tdgen-admins'] }, 'ADMIN'],
    [{ groups: ['/it/admins'] }, 'ADMIN'],
    [{ groups: 'tdgen-admins' }, 'ADMIN'],
    [{ groups: ['staff'] }, 'EDITOR'],
    [{ groups: ['TDGEN-ADMINS'] }, 'EDITOR'],
    [{ groups: [{ name: 'tdgen-admins' }] }, 'EDITOR'],
    [{ roles: ['tdgen-admins'] }, 'EDITOR'],
    [{}, 'EDITOR'],
  ])('maps %j to %s', (claims, role) => {
    expect(mappedRole(claims, settings)).toBe(role);
  });

  it('makes nobody an admin without OIDC_ADMIN_GROUPS', () => {
    expect(mappedRole({ groups: ['tdgen-admins', ''] }, { groupsClaim: 'groups', adminGroups: [] })).toBe('EDITOR');
  });

  it('reads the configured claim', () => {
    expect(mappedRole({ roles: ['tdgen-admins'] }, { groupsClaim: 'roles', adminGroups: ['tdgen-admins'] })).toBe(
      'ADMIN',
    );
  });
});
