/**
 * What a role may do in the console, so that the UI offers only what the
 * server would allow. The roles the caller may grant come from the server
 * with the organization (`grantable_roles` of `GET /organizations/{org_id}`
 * and `GET /me/organizations`: the policy's `role_grant`); which console
 * sections a role sees is mirrored here from the permission table
 * (docs/authorization.md). The server stays the only wall: a control shown
 * here by mistake is still refused there.
 */
import type { Schemas } from '@/api/client'

export type Role = Schemas['Role']

/** Every role, from most to least powerful (the API's order). */
export const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer']

/** The caller in one organization: their role and the roles the server says they may grant. */
export type CallerInOrganization = Pick<Schemas['Organization'], 'role' | 'grantable_roles'>

/** The console's abilities of a role in one organization. */
export interface Abilities {
  /** List members (every role: `member : list`; reviewers and annotators only those sharing a project). */
  listMembers: boolean
  /** The organization's projects in the console (the project console's `MANAGING_ROLES` and viewers). */
  listProjects: boolean
  /** Add members, change roles, remove (`member : add, update_role, remove`), within `role_grant`. */
  manageMembers: boolean
  /** See members' emails (reviewers and annotators see names only). */
  seeEmails: boolean
  /** Create invitations. */
  invite: boolean
  /** List and revoke invitations: every one (`any`) or only one's own (`own`); `null`: none. */
  invitations: 'any' | 'own' | null
  /** Read the audit log. */
  readAuditLog: boolean
  /** List, add, change and delete webhooks, and read their delivery logs (`webhook : *`). */
  manageWebhooks: boolean
  /** Rename the organization. */
  renameOrganization: boolean
  /** Delete the organization. */
  deleteOrganization: boolean
}

/** What `role` may do in the console (docs/authorization.md, "The permission table"). */
export function abilitiesOf(role: Role): Abilities {
  const atLeastAdmin = role === 'owner' || role === 'admin'
  const managesPeople = atLeastAdmin || role === 'manager'
  return {
    listMembers: true,
    listProjects: managesPeople || role === 'viewer',
    manageMembers: managesPeople,
    seeEmails: role !== 'reviewer' && role !== 'annotator',
    invite: managesPeople,
    invitations: atLeastAdmin ? 'any' : role === 'manager' ? 'own' : null,
    readAuditLog: atLeastAdmin,
    manageWebhooks: atLeastAdmin,
    renameOrganization: atLeastAdmin,
    deleteOrganization: role === 'owner',
  }
}

/**
 * Whether `caller` may change the role of, or remove, a member whose role is
 * `memberRole`: the server needs the grant of the member's current role, and
 * nobody changes their own role (`self`). Removing oneself is allowed (the
 * server keeps the last owner).
 */
export function mayManageMember(caller: CallerInOrganization, memberRole: Role, self: boolean, change: 'role' | 'remove'): boolean {
  if (!abilitiesOf(caller.role).manageMembers || !caller.grantable_roles.includes(memberRole)) return false
  return change === 'remove' || !self
}
