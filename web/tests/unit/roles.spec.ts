/** The console's abilities of a role, and who may manage whom within the roles the server says the caller may grant. */
import { expect, test } from '@playwright/test'
import { abilitiesOf, mayManageMember, ROLES, type CallerInOrganization } from '../../src/lib/roles'

const owner: CallerInOrganization = { role: 'owner', grantable_roles: [...ROLES] }
const admin: CallerInOrganization = { role: 'admin', grantable_roles: ['manager', 'reviewer', 'annotator', 'viewer'] }
const manager: CallerInOrganization = { role: 'manager', grantable_roles: ['reviewer', 'annotator'] }

test('members are managed only within the grant of their current role, and nobody re-roles themselves', () => {
  expect(mayManageMember(admin, 'manager', false, 'role')).toBe(true)
  expect(mayManageMember(admin, 'admin', false, 'role')).toBe(false)
  expect(mayManageMember(admin, 'owner', false, 'remove')).toBe(false)
  expect(mayManageMember(manager, 'annotator', false, 'remove')).toBe(true)
  expect(mayManageMember(manager, 'viewer', false, 'role')).toBe(false)
  expect(mayManageMember(owner, 'owner', true, 'role')).toBe(false)
  expect(mayManageMember(owner, 'owner', true, 'remove')).toBe(true)
  for (const role of ['reviewer', 'annotator', 'viewer'] as const) {
    for (const member of ROLES) expect(mayManageMember({ role, grantable_roles: [] }, member, false, 'remove')).toBe(false)
  }
})

test('the grant comes from the server: a role it gives no grants manages nobody', () => {
  expect(mayManageMember({ role: 'admin', grantable_roles: [] }, 'annotator', false, 'remove')).toBe(false)
  expect(mayManageMember({ role: 'manager', grantable_roles: ['viewer'] }, 'viewer', false, 'role')).toBe(true)
})

test('the console abilities follow the permission table', () => {
  expect(abilitiesOf('owner')).toEqual({
    listMembers: true,
    listProjects: true,
    manageMembers: true,
    seeEmails: true,
    invite: true,
    invitations: 'any',
    readAuditLog: true,
    manageWebhooks: true,
    renameOrganization: true,
    deleteOrganization: true,
  })
  expect(abilitiesOf('admin').deleteOrganization).toBe(false)
  expect(abilitiesOf('admin').manageWebhooks).toBe(true)
  expect(abilitiesOf('manager')).toMatchObject({ invitations: 'own', readAuditLog: false, manageWebhooks: false, renameOrganization: false })
  expect(abilitiesOf('viewer')).toMatchObject({ manageMembers: false, seeEmails: true, invitations: null })
  expect(abilitiesOf('annotator')).toMatchObject({ seeEmails: false, invite: false, listProjects: false })
})
