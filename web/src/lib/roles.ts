/**
 * What a role may do in the console, mirrored from the server's policy
 * (`policies/policy.csv`, the table in docs/authorization.md) so that the UI
 * offers only what the server would allow. The API does not expose the
 * policy; the caller's role in an organization comes with it (`GET
 * /organizations/{org_id}`, `GET /me/organizations`). The server stays the
 * only wall: a control shown here by mistake is still refused there.
 */
import type { Schemas } from '@/api/client'

export type Role = Schemas['Role']

/** Every role, from most to least powerful (the API's order). */
export const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer']

/** `role_grant : R` by role: which roles a member may give (add, invite, re-role to) and manage. */
const GRANTS: Readonly<Record<Role, readonly Role[]>> = {
  owner: ROLES,
  admin: ['manager', 'reviewer', 'annotator', 'viewer'],
  manager: ['reviewer', 'annotator'],
  reviewer: [],
  annotator: [],
  viewer: [],
}

/** The roles `caller` may grant, most powerful first. */
export const grantableRoles = (caller: Role): Role[] => ROLES.filter((role) => GRANTS[caller].includes(role))

/** Whether `caller` may grant `role`. */
export const mayGrant = (caller: Role, role: Role): boolean => GRANTS[caller].includes(role)

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
export function mayManageMember(caller: Role, memberRole: Role, self: boolean, change: 'role' | 'remove'): boolean {
  if (!abilitiesOf(caller).manageMembers || !mayGrant(caller, memberRole)) return false
  return change === 'remove' || !self
}
