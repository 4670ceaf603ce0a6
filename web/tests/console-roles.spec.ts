/**
 * Each role in the console sees only what it may, and the server refuses the
 * rest whatever the browser sends: the owner invites an admin, the admin adds
 * a manager, the manager creates a project; viewers and annotators find no
 * edit control on any screen, even by deep link; and a session ended on the
 * server sends a deep link to sign-in and back.
 */
import AxeBuilder from '@axe-core/playwright'
import { request, type APIRequestContext, type Page } from '@playwright/test'
import { expect, PASSWORD, Person, test } from './support/fixtures'

async function noViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe on ${screen}`).toEqual([])
}

/** The sections of the organization's console, as its navigation lists them. */
const sectionsOf = (page: Page) => page.getByRole('navigation', { name: 'Organization' }).getByRole('link')

/** Whoever has the account `email`, signed in over the API (for the requests a browser would not send). */
async function signIn(baseURL: string, email: string, contexts: APIRequestContext[]): Promise<Person> {
  const http = await request.newContext({ baseURL })
  contexts.push(http)
  const response = await http.post('/api/v1/auth/login', { data: { email, password: PASSWORD } })
  expect(response.status(), await response.text()).toBe(200)
  const session = (await response.json()) as { user: Person['user']; csrf_token: string }
  return new Person(http, session.user, session.csrf_token)
}

test('the owner invites an admin, the admin adds a manager, the manager creates a project; each sees only what they may', async ({
  world,
  signUp,
  browse,
  baseURL,
}) => {
  const contexts: APIRequestContext[] = []
  const w = await world({})

  // The owner may grant every role, and invites an admin by link.
  const owner = await browse(w.owner)
  await owner.goto(`/orgs/${w.orgId}/invitations`)
  await expect(sectionsOf(owner)).toHaveText(['Members', 'Projects', 'Invitations', 'Audit log', 'Webhooks', 'Settings'])
  const roles = owner.getByLabel('Role', { exact: true }).locator('option')
  await expect(roles).toHaveText(['owner', 'admin', 'manager', 'reviewer', 'annotator', 'viewer'])
  const adminEmail = `ada-${Date.now()}@example.com`
  await owner.getByLabel('Email').fill(adminEmail)
  await owner.getByLabel('Role', { exact: true }).selectOption('admin')
  await owner.getByRole('button', { name: 'Create invitation' }).click()
  const link = await owner.getByLabel('Invitation link').inputValue()

  // The admin signs up through it, and is offered only the roles below admin.
  const admin = await browse(null)
  await admin.goto(link)
  await admin.getByLabel('Name').fill('Ada Admin')
  await admin.getByLabel('Email').fill(adminEmail)
  await admin.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await admin.getByRole('button', { name: /Create/ }).click()
  await expect(admin.getByRole('heading', { name: /Welcome, Ada Admin/ })).toBeVisible()
  await admin.getByRole('link', { name: 'Manage organization of Acme Research' }).click()
  await expect(admin.getByText('Acme Research you are admin')).toBeVisible()
  await expect(sectionsOf(admin)).toHaveText(['Members', 'Projects', 'Invitations', 'Audit log', 'Webhooks', 'Settings'])
  await expect(admin.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['manager', 'reviewer', 'annotator', 'viewer'])
  await expect(admin.getByRole('button', { name: 'Change role of Olivia Owner' })).toHaveCount(0)
  await expect(admin.getByRole('button', { name: 'Remove Olivia Owner' })).toHaveCount(0)
  await noViolations(admin, 'members as admin')

  // The admin adds an existing account as manager; it accepts on its home screen.
  const grace = await signUp('Grace Manager')
  await admin.getByLabel('Email').fill(grace.user.email)
  await admin.getByLabel('Role', { exact: true }).selectOption('manager')
  await admin.getByRole('button', { name: 'Add member' }).click()
  await expect(admin.getByRole('status').filter({ hasText: 'Grace Manager was added as manager' })).toBeVisible()
  const manager = await browse(grace)
  await manager.goto('/')
  await manager.getByRole('button', { name: 'Accept joining Acme Research' }).click()
  await expect(manager.getByText('You joined Acme Research as manager.')).toBeVisible()

  // The manager: no audit log, no settings, only reviewers and annotators to give.
  await manager.getByRole('link', { name: 'Manage organization of Acme Research' }).click()
  await expect(sectionsOf(manager)).toHaveText(['Members', 'Projects', 'Invitations'])
  await expect(manager.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['reviewer', 'annotator'])
  await expect(manager.getByRole('button', { name: /^(Change role of|Remove) (Olivia Owner|Ada Admin)$/ })).toHaveCount(0)
  await manager.goto(`/orgs/${w.orgId}/audit`)
  await expect(manager.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
  await expect(manager.getByRole('list', { name: 'Audit log entries' })).toHaveCount(0)
  await noViolations(manager, 'a section not for the role')

  // The manager creates a project, and runs it.
  await sectionsOf(manager).filter({ hasText: 'Projects' }).click()
  await manager.getByLabel('Name').fill('Product reviews')
  await manager.getByRole('button', { name: 'Create project' }).click()
  await expect(manager.getByRole('heading', { level: 1, name: 'Product reviews' })).toBeVisible()
  await expect(manager.getByRole('navigation', { name: 'Project' }).getByRole('link')).toHaveText([
    'Dashboard',
    'Items',
    'Members',
    'Import',
    'Export',
    'Releases',
    'Annotation UI',
    'Guideline',
    'Settings',
  ])

  // The server holds the same lines whatever a browser sends.
  const adminApi = await signIn(baseURL, adminEmail, contexts)
  const managerApi = grace
  const { members } = await w.owner.get<{ members: { user_id: string; name: string }[] }>(`/organizations/${w.orgId}/members`)
  const ownerId = w.owner.user.id
  expect((await adminApi.raw('PATCH', `/organizations/${w.orgId}/members/${grace.user.id}`, { role: 'owner' })).status).toBe(403)
  expect((await adminApi.raw('PATCH', `/organizations/${w.orgId}/members/${ownerId}`, { role: 'viewer' })).status).toBe(403)
  expect((await managerApi.raw('GET', `/organizations/${w.orgId}/audit-log`)).status).toBe(403)
  expect((await managerApi.raw('POST', `/organizations/${w.orgId}/invitations`, { email: 'x@example.com', role: 'admin' })).status).toBe(403)
  expect((await managerApi.raw('PATCH', `/organizations/${w.orgId}`, { name: 'Taken over' })).status).toBe(403)
  expect(members.map((m) => m.name).sort()).toEqual(['Ada Admin', 'Grace Manager', 'Olivia Owner'])

  // The owner reads the story, and the admin's part of it by the actor filter.
  await owner.goto(`/orgs/${w.orgId}/audit`)
  const entries = owner.getByRole('list', { name: 'Audit log entries' }).getByRole('listitem')
  await expect(entries.first()).toContainText('Grace Manager created the project Product reviews')
  await owner.getByLabel('Actor').selectOption({ label: `Ada Admin (${adminEmail})` })
  await expect(owner).toHaveURL(new RegExp(`actor=${adminApi.user.id}`))
  await expect(entries).toHaveText([/Ada Admin added Grace Manager as manager/, /Ada Admin accepted an invitation and joined as admin/])
  await owner.getByLabel('Action').selectOption('member.added')
  await expect(entries).toHaveText([/Ada Admin added Grace Manager as manager/])
  await owner.getByLabel('Action').selectOption('organization.renamed')
  await expect(owner.getByText('No entries match these filters.')).toBeVisible()
  await noViolations(owner, 'audit log, filtered to nothing')
  await Promise.all(contexts.map((context) => context.dispose()))
})

test('a viewer and an annotator find no edit control on any console screen, even by deep link, and the API refuses them', async ({
  world,
  browse,
}) => {
  const w = await world({ items: [{ external_id: 't1', data: { text: 'The app crashes.' } }], guideline: '# Tone' })
  const viewer = await w.join('Vic Viewer', 'viewer')
  const ann = await w.join('Ann Lee', 'annotator')
  const { items } = await w.owner.get<{ items: { id: string }[] }>(`/projects/${w.projectId}/items`)
  const itemId = items[0]!.id
  const edits = /^(Add member|Create|Change role|Remove|Revoke|Cancel the|Archive|Restore|Publish|Save|Rename|Delete|Import|Assign|Unassign|Edit from here)/

  const page = await browse(viewer)
  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(sectionsOf(page)).toHaveText(['Members', 'Projects'])
  await expect(page.getByRole('cell', { name: w.owner.user.email })).toBeVisible()
  await expect(page.getByRole('button', { name: edits })).toHaveCount(0)
  for (const section of ['invitations', 'audit', 'settings']) {
    await page.goto(`/orgs/${w.orgId}/${section}`)
    await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
    await expect(page.getByRole('button', { name: edits })).toHaveCount(0)
  }
  await page.goto(`/orgs/${w.orgId}/projects`)
  await expect(page.getByRole('row', { name: /Support tickets/ })).toBeVisible()
  await expect(page.getByRole('button', { name: edits })).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'New project' })).toHaveCount(0)

  await page.goto(`/projects/${w.projectId}/items`)
  await expect(page.getByRole('navigation', { name: 'Project' }).getByRole('link')).toHaveText(['Dashboard', 'Items', 'Export', 'Releases'])
  await expect(page.getByRole('link', { name: 't1' })).toBeVisible()
  await expect(page.getByRole('button', { name: edits })).toHaveCount(0)
  await page.goto(`/projects/${w.projectId}/items/${itemId}`)
  await expect(page.getByRole('heading', { name: 'Item t1' })).toBeVisible()
  await expect(page.getByRole('button', { name: edits })).toHaveCount(0)
  for (const screen of ['members', 'import', 'ui', 'guideline', 'settings']) {
    await page.goto(`/projects/${w.projectId}/${screen}`)
    await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
    await expect(page.getByRole('button', { name: edits })).toHaveCount(0)
    await expect(page.getByRole('textbox')).toHaveCount(0)
  }
  await noViolations(page, 'a project screen not for the role')

  // Forced requests are refused, and change nothing.
  const forced: [string, string, unknown][] = [
    ['POST', `/organizations/${w.orgId}/members`, { email: 'someone@example.com', role: 'viewer' }],
    ['POST', `/organizations/${w.orgId}/invitations`, { email: 'someone@example.com', role: 'viewer' }],
    ['PATCH', `/organizations/${w.orgId}`, { name: 'Viewed' }],
    ['POST', `/organizations/${w.orgId}/projects`, { name: 'Mine' }],
    ['PATCH', `/projects/${w.projectId}`, { name: 'Renamed' }],
    ['PUT', `/projects/${w.projectId}/guideline`, { text: '# Changed', annotation_ui_version: 1 }],
    ['POST', `/projects/${w.projectId}/items`, { items: [{ external_id: 't2', data: { text: 'x' } }] }],
    ['DELETE', `/items/${itemId}`, undefined],
  ]
  for (const [method, path, body] of forced) {
    const answer = await viewer.raw(method, path, body)
    expect(answer.status, `${method} ${path}`).toBe(403)
    expect((answer.body as { code: string }).code, `${method} ${path}`).toBe('permission_denied')
  }
  const { project } = await w.owner.get<{ project: { name: string; guideline_version: number } }>(`/projects/${w.projectId}`)
  expect(project).toMatchObject({ name: 'Support tickets', guideline_version: 1 })
  expect((await w.owner.get<{ items: unknown[] }>(`/projects/${w.projectId}/items`)).items).toHaveLength(1)

  // An annotator: the members read-only, names only; the project console is not theirs.
  const annotator = await browse(ann)
  await annotator.goto(`/orgs/${w.orgId}/members`)
  await expect(sectionsOf(annotator)).toHaveText(['Members'])
  await expect(annotator.getByRole('columnheader')).toHaveText(['Name', 'Role', 'Status', 'Joined'])
  await expect(annotator.getByRole('button', { name: edits })).toHaveCount(0)
  await annotator.goto(`/orgs/${w.orgId}/projects`)
  await expect(annotator.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
  await annotator.goto(`/projects/${w.projectId}/settings`)
  await expect(annotator.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
  await expect(annotator.getByRole('button', { name: edits })).toHaveCount(0)
  for (const [method, path, body] of forced.slice(0, 3)) {
    expect((await ann.raw(method, path, body)).status, `${method} ${path}`).toBe(403)
  }
})

test('a session ended on the server sends a deep link to sign-in and back to it, also from an open page', async ({ world, signUp, browse }) => {
  const w = await world({ items: [{ external_id: 't1', data: { text: 'The app crashes.' } }] })
  const grace = await signUp('Grace Manager')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: grace.user.email, role: 'manager' })
  await grace.post(`/me/pending-memberships/${w.orgId}/accept`)
  const deepLink = `/projects/${w.projectId}/items?status=new&q=t1`

  // The cookie is still in the browser, but the session behind it is gone.
  const page = await browse(grace)
  await grace.post('/auth/logout')
  await page.goto(deepLink)
  await expect(page).toHaveURL(/\/signin\?next=/)
  await page.getByLabel('Email').fill(grace.user.email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(deepLink)
  await expect(page.getByRole('link', { name: 't1' })).toBeVisible()

  // Signed out elsewhere while the page is open: the next request sends it to sign-in, then back.
  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible()
  const session = await page.context().cookies()
  expect(session.length).toBeGreaterThan(0)
  await page.evaluate(async () => {
    const me = (await (await fetch('/api/v1/me')).json()) as { csrf_token?: string }
    await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': me.csrf_token ?? '' } })
  })
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Invitations' }).click()
  await expect(page).toHaveURL(/\/signin\?next=/)
  await page.getByLabel('Email').fill(grace.user.email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(`/orgs/${w.orgId}/invitations`)
  await expect(page.getByRole('heading', { name: 'Invitations', level: 1 })).toBeVisible()
})
