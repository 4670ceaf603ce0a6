/** The console's mirror of the policy: the roles each role may grant, and what it may do. */
import { expect, test } from '@playwright/test'
import { abilitiesOf, grantableRoles, mayManageMember, ROLES } from '../../src/lib/roles'

test('each role grants what policy.csv gives it (role_grant)', () => {
  expect(grantableRoles('owner')).toEqual(['owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer'])
  expect(grantableRoles('admin')).toEqual(['manager', 'reviewer', 'annotator', 'viewer'])
  expect(grantableRoles('manager')).toEqual(['reviewer', 'annotator'])
  for (const role of ['reviewer', 'annotator', 'viewer'] as const) expect(grantableRoles(role)).toEqual([])
})

test('a manager never sees admin or owner among the roles to give', () => {
  expect(grantableRoles('manager')).not.toContain('admin')
  expect(grantableRoles('manager')).not.toContain('owner')
  expect(grantableRoles('admin')).not.toContain('owner')
  expect(grantableRoles('admin')).not.toContain('admin')
})

test('members are managed only within the grant of their current role, and nobody re-roles themselves', () => {
  expect(mayManageMember('admin', 'manager', false, 'role')).toBe(true)
  expect(mayManageMember('admin', 'admin', false, 'role')).toBe(false)
  expect(mayManageMember('admin', 'owner', false, 'remove')).toBe(false)
  expect(mayManageMember('manager', 'annotator', false, 'remove')).toBe(true)
  expect(mayManageMember('manager', 'viewer', false, 'role')).toBe(false)
  expect(mayManageMember('owner', 'owner', true, 'role')).toBe(false)
  expect(mayManageMember('owner', 'owner', true, 'remove')).toBe(true)
  for (const role of ['reviewer', 'annotator', 'viewer'] as const) {
    for (const member of ROLES) expect(mayManageMember(role, member, false, 'remove')).toBe(false)
  }
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
    renameOrganization: true,
    deleteOrganization: true,
  })
  expect(abilitiesOf('admin').deleteOrganization).toBe(false)
  expect(abilitiesOf('manager')).toMatchObject({ invitations: 'own', readAuditLog: false, renameOrganization: false })
  expect(abilitiesOf('viewer')).toMatchObject({ manageMembers: false, seeEmails: true, invitations: null })
  expect(abilitiesOf('annotator')).toMatchObject({ seeEmails: false, invite: false, listProjects: false })
})
