/** Audit entries read as sentences, naming people and projects from what the screen knows. */
import { expect, test } from '@playwright/test'
import { describeAuditEntry, type AuditEntry, type AuditNames } from '../../src/lib/audit'

const ADA = '00000000-0000-0000-0000-00000000000a'
const BOB = '00000000-0000-0000-0000-00000000000b'
const PROJECT = '00000000-0000-0000-0000-0000000000p1'
const names: AuditNames = { people: new Map([[BOB, 'Bob']]), projects: new Map([[PROJECT, 'Tickets']]) }

const entry = (action: string, details: Record<string, unknown>, target: string | null = BOB): AuditEntry => ({
  id: '1',
  actor_id: ADA,
  actor_name: 'Ada',
  action,
  target_type: 'member',
  target_id: target,
  details,
  created_at: '2026-01-01T00:00:00Z',
})

test('role changes, additions and removals name both people', () => {
  expect(describeAuditEntry(entry('member.role_changed', { from: 'annotator', to: 'reviewer' }), names)).toBe(
    'Ada changed Bob’s role from annotator to reviewer',
  )
  expect(describeAuditEntry(entry('member.added', { email: 'bob@example.com', role: 'viewer' }), names)).toBe('Ada added Bob as viewer')
  const gone = '00000000-0000-0000-0000-0000000000ff'
  expect(describeAuditEntry(entry('member.removed', { role: 'viewer' }, gone), names)).toBe(
    'Ada removed a former member (viewer) from the organization',
  )
})

test('pending memberships: added, accepted, declined, cancelled', () => {
  expect(describeAuditEntry(entry('member.added', { email: 'bob@example.com', role: 'viewer', status: 'pending' }), names)).toBe(
    'Ada added Bob as viewer, pending their acceptance',
  )
  const byBob = { ...entry('member.accepted', { role: 'viewer', added_by: BOB }, ADA) }
  expect(describeAuditEntry(byBob, names)).toBe('Ada accepted being added by Bob and joined as viewer')
  expect(describeAuditEntry(entry('member.declined', { role: 'viewer', added_by: null }, ADA), names)).toBe(
    'Ada declined being added by a former member as viewer',
  )
  expect(describeAuditEntry(entry('member.removed', { role: 'viewer', status: 'pending' }), names)).toBe(
    'Ada cancelled the pending membership of Bob (viewer)',
  )
})

test('invitations, the organization and projects read as sentences', () => {
  expect(describeAuditEntry(entry('invitation.created', { email: 'cy@example.com', role: 'annotator' }, null), names)).toBe(
    'Ada invited cy@example.com as annotator',
  )
  expect(
    describeAuditEntry(entry('invitation.revoked', { email: 'cy@example.com', role: 'manager', reason: 'inviter_removed' }, null), names),
  ).toBe('Ada’s change revoked the invitation of cy@example.com as manager, because whoever sent it was removed')
  expect(describeAuditEntry(entry('organization.renamed', { from: 'Acme', to: 'Acme Labs' }), names)).toBe(
    'Ada renamed the organization from Acme to Acme Labs',
  )
  expect(
    describeAuditEntry(
      entry('project.updated', { before: { name: 'Tickets', overlap: 1 }, after: { name: 'Tickets', overlap: 2 } }, PROJECT),
      names,
    ),
  ).toBe('Ada changed the settings of Tickets: overlap from 1 to 2')
  expect(describeAuditEntry(entry('project.member_assigned', { user_id: BOB, role: 'annotator' }, PROJECT), names)).toBe(
    'Ada assigned Bob to Tickets',
  )
})

test('an unknown action and a deleted actor still read', () => {
  const unknown = { ...entry('thing.frobbed', {}), actor_name: null, target_type: 'thing' }
  expect(describeAuditEntry(unknown, names)).toBe('A deleted account: thing.frobbed (thing)')
})
