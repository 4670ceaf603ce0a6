/**
 * The audit log as sentences: "Ada changed Bob's role from annotator to
 * reviewer". An entry names its actor; the people and projects it acted on
 * are ids, named here from what the screen knows (the members, the projects,
 * the actors of other entries), else from the entry's own details.
 */
import type { Schemas } from '@/api/client'

export type AuditEntry = Schemas['AuditEntry']

/** Names the screen knows, by id. */
export interface AuditNames {
  people: ReadonlyMap<string, string>
  projects: ReadonlyMap<string, string>
}

/** The actions the server records, with how the filter names them. */
export const AUDIT_ACTIONS: readonly { action: string; label: string }[] = [
  { action: 'member.added', label: 'Member added' },
  { action: 'member.role_changed', label: 'Role changed' },
  { action: 'member.removed', label: 'Member removed or pending membership cancelled' },
  { action: 'member.accepted', label: 'Membership accepted' },
  { action: 'member.declined', label: 'Membership declined' },
  { action: 'invitation.created', label: 'Invitation created' },
  { action: 'invitation.accepted', label: 'Invitation accepted' },
  { action: 'invitation.revoked', label: 'Invitation revoked' },
  { action: 'organization.created', label: 'Organization created' },
  { action: 'organization.renamed', label: 'Organization renamed' },
  { action: 'project.created', label: 'Project created' },
  { action: 'project.updated', label: 'Project settings changed' },
  { action: 'project.archived', label: 'Project archived' },
  { action: 'project.restored', label: 'Project restored' },
  { action: 'project.deleted', label: 'Project deleted' },
  { action: 'project.member_assigned', label: 'Member assigned to a project' },
  { action: 'project.member_unassigned', label: 'Member unassigned from a project' },
  { action: 'annotation_ui.published', label: 'Annotation UI published' },
  { action: 'guideline.published', label: 'Guideline published' },
  { action: 'items.imported', label: 'Items imported' },
  { action: 'item.deleted', label: 'Item deleted' },
]

const text = (value: unknown): string | null => (typeof value === 'string' || typeof value === 'number' ? String(value) : null)

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

const possessive = (name: string): string => `${name}’s`

const REVOKE_REASONS: Record<string, string> = {
  inviter_removed: 'because whoever sent it was removed',
  inviter_role_changed: 'because the new role of whoever sent it cannot invite with it',
}

/** What changed between two project settings, as "overlap from 1 to 2, name from A to B". */
function settingChanges(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const labels: Record<string, string> = { name: 'name', overlap: 'overlap', lease_seconds: 'lease time (seconds)' }
  return Object.entries(labels)
    .filter(([key]) => text(before[key]) !== text(after[key]))
    .map(([key, label]) => `${label} from ${text(before[key]) ?? '—'} to ${text(after[key]) ?? '—'}`)
    .join(', ')
}

/** The entry as one sentence. */
export function describeAuditEntry(entry: AuditEntry, names: AuditNames): string {
  const details = record(entry.details)
  const actor = entry.actor_name ?? 'A deleted account'
  const target = entry.target_id ?? ''
  const person = (id: unknown, fallback: string): string => {
    const key = text(id)
    return (key && names.people.get(key)) ?? fallback
  }
  const member = person(target, text(details.email) ?? 'a former member')
  const project = (fallback = 'a project'): string =>
    names.projects.get(target) ?? text(details.name) ?? text(record(details.after).name) ?? fallback
  const role = text(details.role) ?? 'a role'

  switch (entry.action) {
    case 'member.added':
      return `${actor} added ${member} as ${role}${details.status === 'pending' ? ', pending their acceptance' : ''}`
    case 'member.role_changed':
      return `${actor} changed ${possessive(member)} role from ${text(details.from) ?? '?'} to ${text(details.to) ?? '?'}`
    case 'member.removed':
      return details.status === 'pending'
        ? `${actor} cancelled the pending membership of ${member} (${role})`
        : `${actor} removed ${member} (${role}) from the organization`
    case 'member.accepted':
      return `${actor} accepted being added by ${person(details.added_by, 'a former member')} and joined as ${role}`
    case 'member.declined':
      return `${actor} declined being added by ${person(details.added_by, 'a former member')} as ${role}`
    case 'invitation.created':
      return `${actor} invited ${text(details.email) ?? 'someone'} as ${role}`
    case 'invitation.accepted':
      return `${actor} accepted an invitation and joined as ${role}`
    case 'invitation.revoked': {
      const reason = REVOKE_REASONS[text(details.reason) ?? '']
      const invitation = `the invitation of ${text(details.email) ?? 'someone'} as ${role}`
      return reason ? `${actor}’s change revoked ${invitation}, ${reason}` : `${actor} revoked ${invitation}`
    }
    case 'organization.created':
      return `${actor} created the organization ${text(details.name) ?? ''}`.trimEnd()
    case 'organization.renamed':
      return `${actor} renamed the organization from ${text(details.from) ?? '?'} to ${text(details.to) ?? '?'}`
    case 'project.created':
      return `${actor} created the project ${project()}`
    case 'project.updated': {
      const changes = settingChanges(record(details.before), record(details.after))
      return `${actor} changed the settings of ${project()}${changes ? `: ${changes}` : ''}`
    }
    case 'project.archived':
      return `${actor} archived the project ${project()}`
    case 'project.restored':
      return `${actor} restored the project ${project()}`
    case 'project.deleted':
      return `${actor} deleted the project ${project()} with ${text(details.items) ?? 0} items and ${text(details.annotations) ?? 0} annotations`
    case 'project.member_assigned':
      return `${actor} assigned ${person(details.user_id, 'a member')} to ${project()}`
    case 'project.member_unassigned':
      return `${actor} unassigned ${person(details.user_id, 'a member')} from ${project()}`
    case 'annotation_ui.published':
      return `${actor} published version ${text(details.version) ?? '?'} of the annotation UI of ${project()}`
    case 'guideline.published':
      return `${actor} published version ${text(details.version) ?? '?'} of the guideline of ${project()}`
    case 'items.imported':
      return `${actor} imported items into ${project()}: ${text(details.created) ?? 0} new, ${text(details.updated) ?? 0} updated`
    case 'item.deleted':
      return `${actor} deleted the item ${text(details.external_id) ?? ''}`.trimEnd()
    default:
      return `${actor}: ${entry.action.replaceAll('_', ' ')} (${entry.target_type})`
  }
}
