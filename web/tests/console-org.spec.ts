/**
 * The organization console through its screens, on the release binary: an
 * admin runs the members (an account added by email accepts on its home
 * screen, or declines, or the admin cancels), a manager is offered only the
 * roles they may grant, the last owner's refusal is explained, invitations go
 * by link, the audit log reads as sentences, tokens are made and revoked, the
 * routes deep-link and go back and forth, and all of it works from the keyboard.
 */
import { expect, tabTo, test } from './support/fixtures'

test('an admin adds an existing account, changes a role and removes a member', async ({ world, signUp, browse }) => {
  const w = await world({})
  const admin = await w.join('Ada Admin', 'admin')
  const bob = await signUp('Bob Jones')

  const page = await browse(admin)
  await page.goto('/')
  await page.getByRole('link', { name: 'Manage organization of Acme Research' }).click()
  await expect(page).toHaveURL(`/orgs/${w.orgId}/members`)
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible()
  await expect(page.getByRole('cell', { name: w.owner.user.email })).toBeVisible()

  const role = page.getByLabel('Role', { exact: true })
  await expect(role.locator('option')).toHaveText(['manager', 'reviewer', 'annotator', 'viewer'])
  await page.getByLabel('Email').fill(bob.user.email)
  await role.selectOption('annotator')
  await page.getByRole('button', { name: 'Add member' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Bob Jones was added as annotator: the membership is pending' })).toBeVisible()
  const bobRow = page.locator(`tr[data-member="${bob.user.email}"]`)
  await expect(bobRow.getByRole('cell', { name: 'annotator' })).toBeVisible()
  await expect(bobRow.getByText('pending', { exact: true })).toBeVisible()
  // Pending: no role to change yet, only the membership to cancel.
  await expect(page.getByRole('button', { name: 'Change role of Bob Jones' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Cancel the pending membership of Bob Jones' })).toBeVisible()

  // Bob accepts on his home screen.
  const bobPage = await browse(bob)
  await bobPage.goto('/')
  const waiting = bobPage.getByRole('region', { name: 'Organizations waiting for you' })
  await expect(waiting).toContainText('Ada Admin added you to Acme Research as annotator.')
  await waiting.getByRole('button', { name: 'Accept joining Acme Research' }).click()
  await expect(bobPage.getByText('You joined Acme Research as annotator.')).toBeVisible()
  await expect(bobPage.getByRole('heading', { name: /Acme Research/, level: 2 })).toBeVisible()
  await page.reload()
  await expect(bobRow.getByText('active', { exact: true })).toBeVisible()

  await page.getByRole('button', { name: 'Change role of Bob Jones' }).click()
  const dialog = page.getByRole('dialog', { name: 'Change the role of Bob Jones' })
  await expect(dialog.getByLabel('New role').locator('option')).toHaveText(['manager', 'reviewer', 'annotator', 'viewer'])
  await dialog.getByLabel('New role').selectOption('reviewer')
  await dialog.getByRole('button', { name: 'Save role' }).click()
  await expect(dialog).toBeHidden()
  await expect(bobRow.getByRole('cell', { name: 'reviewer' })).toBeVisible()
  const members = await w.owner.get<{ members: { user_id: string; role: string }[] }>(`/organizations/${w.orgId}/members`)
  expect(members.members.find((m) => m.user_id === bob.user.id)?.role).toBe('reviewer')

  // The owner is out of an admin's reach: no buttons on that row.
  await expect(page.getByRole('button', { name: 'Change role of Olivia Owner' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Remove Olivia Owner' })).toHaveCount(0)

  await page.getByRole('button', { name: 'Remove Bob Jones' }).click()
  const confirm = page.getByRole('dialog', { name: 'Remove Bob Jones?' })
  await confirm.getByRole('button', { name: 'Remove member' }).click()
  await expect(confirm).toBeHidden()
  await expect(bobRow).toHaveCount(0)

  // An unknown account is told to be invited instead.
  await page.getByLabel('Email').fill('nobody-here@example.com')
  await page.getByRole('button', { name: 'Add member' }).click()
  await expect(page.getByText('no account has this email; invite it instead')).toBeVisible()
})

test('a manager is offered only reviewer and annotator, never admin', async ({ world, signUp, browse }) => {
  const w = await world({})
  const manager = await w.join('Max Manager', 'manager')
  const ann = await w.join('Ann Lee', 'annotator')
  await signUp('Someone')

  const page = await browse(manager)
  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(page.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['reviewer', 'annotator'])
  await page.getByRole('button', { name: 'Change role of Ann Lee' }).click()
  const options = page.getByRole('dialog').getByLabel('New role').locator('option')
  await expect(options).toHaveText(['reviewer', 'annotator'])
  await expect(options.filter({ hasText: 'admin' })).toHaveCount(0)
  await page.keyboard.press('Escape')
  // Nothing to do on the owner's, the own or the admin's row.
  await expect(page.getByRole('button', { name: /^Change role of (Olivia Owner|Max Manager)$/ })).toHaveCount(0)

  // The server is the wall: forcing admin is refused.
  const forced = await manager.raw('PATCH', `/organizations/${w.orgId}/members/${ann.user.id}`, { role: 'admin' })
  expect(forced.status).toBe(403)
})

test('the last owner cannot leave, and the dialog says why', async ({ world, browse }) => {
  const w = await world({})
  const page = await browse(w.owner)
  await page.goto(`/orgs/${w.orgId}/members`)
  await page.getByRole('button', { name: 'Remove Olivia Owner' }).click()
  const confirm = page.getByRole('dialog', { name: 'Remove Olivia Owner?' })
  await confirm.getByRole('button', { name: 'Remove member' }).click()
  await expect(confirm.getByRole('alert')).toContainText('an organization must keep at least one owner')
  await expect(confirm.getByRole('alert')).toContainText('Make another member an owner first')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('cell', { name: w.owner.user.email })).toBeVisible()
})

test('console routes deep-link, go back and forth, answer 404 and send an expired session to sign-in and back', async ({
  world,
  browse,
}) => {
  const w = await world({})
  const page = await browse(w.owner)
  await page.goto('/')
  await page.getByRole('link', { name: 'Manage organization of Acme Research' }).click()
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible()
  await page.goBack()
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible()
  await page.goForward()
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible()

  await page.goto(`/orgs/${w.orgId}/no-such-section`)
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  await page.goto('/orgs/00000000-0000-4000-8000-000000000000/members')
  await expect(page.getByRole('heading', { name: 'Organization not found' })).toBeVisible()

  await page.context().clearCookies()
  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(page).toHaveURL(/\/signin\?next=/)
  await page.getByLabel('Email').fill(w.owner.user.email)
  await page.getByLabel('Password').fill('correct horse battery staple')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(`/orgs/${w.orgId}/members`)
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible()
})

test('members are managed from the keyboard alone', async ({ world, browse }) => {
  const w = await world({})
  const ann = await w.join('Ann Lee', 'annotator')
  const page = await browse(w.owner)
  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible()

  await tabTo(page, page.getByRole('button', { name: 'Change role of Ann Lee' }))
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Change the role of Ann Lee' })
  await expect(dialog.getByLabel('New role')).toBeFocused()
  await page.keyboard.press('v')
  await expect(dialog.getByLabel('New role')).toHaveValue('viewer')
  await tabTo(page, dialog.getByRole('button', { name: 'Save role' }))
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.locator(`tr[data-member="${ann.user.email}"]`).getByRole('cell', { name: 'viewer' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Change role of Ann Lee' })).toBeFocused()
})

test('an admin invites through a link that a new person accepts, and the audit log tells the story', async ({
  world,
  browse,
  baseURL,
}) => {
  const w = await world({})
  const admin = await w.join('Ada Admin', 'admin')
  await w.join('Bob Jones', 'annotator')
  const page = await browse(admin)
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })

  await page.goto(`/orgs/${w.orgId}/members`)
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Invitations' }).click()
  await expect(page).toHaveURL(`/orgs/${w.orgId}/invitations`)
  const invitee = `cy-${Date.now()}@example.com`
  await page.getByLabel('Email').fill(invitee)
  await expect(page.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['manager', 'reviewer', 'annotator', 'viewer'])
  await page.getByLabel('Role', { exact: true }).selectOption('reviewer')
  await page.getByLabel('Expires in').selectOption('3')
  await page.getByRole('button', { name: 'Create invitation' }).click()
  const link = page.getByLabel('Invitation link')
  await expect(link).toHaveValue(/\/invite\?token=/)
  await page.getByRole('button', { name: 'Copy link' }).click()
  await expect(page.getByText('Copied to the clipboard.')).toBeVisible()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toBe(await link.inputValue())
  const row = page.locator(`tr[data-invitation="${invitee}"]`)
  await expect(row.getByText('pending')).toBeVisible()

  // A second invitation, revoked: its status says so.
  const other = `dee-${Date.now()}@example.com`
  await page.getByLabel('Email').fill(other)
  await page.getByRole('button', { name: 'Create invitation' }).click()
  await page.getByRole('button', { name: `Revoke the invitation of ${other}` }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click()
  await expect(page.locator(`tr[data-invitation="${other}"]`).getByText('revoked')).toBeVisible()
  await page.getByLabel('Show').selectOption('pending')
  await expect(page.locator(`tr[data-invitation="${other}"]`)).toHaveCount(0)
  await expect(row).toBeVisible()

  // The invitee opens the link, signs up and is in.
  const visitor = await browse(null)
  await visitor.goto(copied)
  await expect(visitor.getByRole('heading', { name: 'You are invited' })).toBeVisible()
  await visitor.getByLabel('Name').fill('Cy Newcomer')
  await visitor.getByLabel('Email').fill(invitee)
  await visitor.getByLabel('Password', { exact: true }).fill('correct horse battery staple')
  await visitor.getByRole('button', { name: /Create/ }).click()
  await expect(visitor.getByRole('heading', { name: /Welcome, Cy Newcomer/ })).toBeVisible()
  await page.reload()
  await expect(row.getByText('accepted')).toBeVisible()

  // The admin changes Bob's role, then reads the log.
  await page.goto(`/orgs/${w.orgId}/members`)
  await page.getByRole('button', { name: 'Change role of Bob Jones' }).click()
  await page.getByRole('dialog').getByLabel('New role').selectOption('reviewer')
  await page.getByRole('dialog').getByRole('button', { name: 'Save role' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()
  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Audit log' }).click()
  const entries = page.getByRole('list', { name: 'Audit log entries' }).getByRole('listitem')
  await expect(entries.first()).toContainText('Ada Admin changed Bob Jones’s role from annotator to reviewer')
  await expect(entries.filter({ hasText: 'Cy Newcomer accepted an invitation and joined as reviewer' })).toHaveCount(1)
  await expect(entries.filter({ hasText: `Ada Admin invited ${invitee} as reviewer` })).toHaveCount(1)
  await expect(entries.filter({ hasText: `Ada Admin revoked the invitation of ${other} as reviewer` })).toHaveCount(1)
  await expect(entries.filter({ hasText: 'Olivia Owner created the organization Acme Research' })).toHaveCount(1)

  // Filters narrow the log and live in the address, so back undoes them.
  await page.getByLabel('Action').selectOption('member.role_changed')
  await expect(page).toHaveURL(/action=member.role_changed/)
  await expect(entries).toHaveCount(1)
  await page.getByLabel('Action').selectOption('')
  await page.getByLabel('Actor').selectOption({ label: `Olivia Owner (${w.owner.user.email})` })
  await expect(entries.first()).toContainText('Olivia Owner')
  for (const text of await entries.allTextContents()) expect(text).toContain('Olivia Owner')
  await page.goBack()
  await page.goBack()
  await expect(page.getByLabel('Action')).toHaveValue('member.role_changed')
  await expect(entries).toHaveCount(1)
})

test('API tokens: create one bound to an organization, read-only, copy its secret once, revoke it', async ({
  world,
  browse,
  baseURL,
  request,
}) => {
  const w = await world({})
  const page = await browse(w.owner)
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
  await page.goto('/')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click()
  await expect(page).toHaveURL('/me/tokens')
  await expect(page.getByText('You have no tokens.')).toBeVisible()

  await page.getByLabel('Name').fill('training pipeline')
  await page.getByLabel('Works in').selectOption({ label: 'Acme Research' })
  await page.getByLabel('Expires').selectOption('30')
  await page.getByLabel(/Read-only/).check()
  await page.getByRole('button', { name: 'Create token' }).click()
  const secret = page.getByLabel('Token secret')
  await expect(secret).toHaveValue(/^lw_/)
  await page.getByRole('button', { name: 'Copy secret' }).click()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toBe(await secret.inputValue())
  const row = page.locator('tr[data-token="training pipeline"]')
  await expect(row).toContainText('Acme Research')
  await expect(row).toContainText('read-only')

  const asToken = { Authorization: `Bearer ${copied}` }
  expect((await request.get(`/api/v1/organizations/${w.orgId}`, { headers: asToken })).status()).toBe(200)
  // Shown once: a reload lists the token, never its secret.
  await page.reload()
  await expect(row).toBeVisible()
  await expect(page.getByLabel('Token secret')).toHaveCount(0)

  await page.getByRole('button', { name: 'Revoke training pipeline' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click()
  await expect(row).toHaveCount(0)
  expect((await request.get(`/api/v1/organizations/${w.orgId}`, { headers: asToken })).status()).toBe(401)
})

test('settings: an admin renames, only the owner deletes after typing the name', async ({ world, browse }) => {
  const w = await world({})
  const admin = await w.join('Ada Admin', 'admin')
  const page = await browse(admin)
  await page.goto(`/orgs/${w.orgId}/settings`)
  await page.getByLabel('Organization name').fill('Acme Labs')
  await page.getByRole('button', { name: 'Rename' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Renamed to Acme Labs.' })).toBeVisible()
  await expect(page.getByText('Acme Labs you are admin')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Delete this organization' })).toHaveCount(0)

  const owner = await browse(w.owner)
  await owner.goto(`/orgs/${w.orgId}/settings`)
  const remove = owner.getByRole('button', { name: 'Delete organization' })
  await expect(remove).toBeDisabled()
  await owner.getByLabel('Type Acme Labs to confirm').fill('Acme')
  await expect(remove).toBeDisabled()
  await owner.getByLabel('Type Acme Labs to confirm').fill('Acme Labs')
  await remove.click()
  await expect(owner).toHaveURL('/')
  await expect(owner.getByRole('heading', { name: 'No organization yet' })).toBeVisible()
  expect((await w.owner.raw('GET', `/organizations/${w.orgId}`)).status).toBe(404)
})

test('a viewer sees the members read-only and no admin sections; an annotator sees no emails', async ({ world, browse }) => {
  const w = await world({})
  const viewer = await w.join('Vic Viewer', 'viewer')
  const ann = await w.join('Ann Lee', 'annotator')
  const page = await browse(viewer)
  await page.goto('/')
  await page.getByRole('link', { name: 'Members of Acme Research' }).click()
  await expect(page.getByRole('cell', { name: w.owner.user.email })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Organization' }).getByRole('link')).toHaveText(['Members', 'Projects'])
  await expect(page.getByRole('button', { name: /Change role|Remove/ })).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Add an existing account' })).toHaveCount(0)
  // The server refuses what the UI hides.
  expect((await viewer.raw('GET', `/organizations/${w.orgId}/audit-log`)).status).toBe(403)

  const annotator = await browse(ann)
  await annotator.goto(`/orgs/${w.orgId}/members`)
  await expect(annotator.getByRole('columnheader')).toHaveText(['Name', 'Role', 'Status', 'Joined'])
  await expect(annotator.getByText('You see the members who share a project with you.')).toBeVisible()
})

test('an invitation and a token are made and copied from the keyboard alone', async ({ world, browse, baseURL }) => {
  const w = await world({})
  const page = await browse(w.owner)
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible()

  await tabTo(page, page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Invitations' }))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Invitations', level: 1 })).toBeVisible()
  await tabTo(page, page.getByLabel('Email'))
  await page.keyboard.type('kay@example.com')
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('Role', { exact: true })).toBeFocused()
  await page.keyboard.press('m')
  await expect(page.getByLabel('Role', { exact: true })).toHaveValue('manager')
  await tabTo(page, page.getByRole('button', { name: 'Create invitation' }))
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Invitation link')).toBeVisible()
  await tabTo(page, page.getByRole('button', { name: 'Copy link' }))
  await page.keyboard.press('Enter')
  await expect(page.getByText('Copied to the clipboard.')).toBeVisible()
  await tabTo(page, page.getByRole('button', { name: 'Revoke the invitation of kay@example.com' }))
  await page.keyboard.press('Enter')
  await tabTo(page, page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }))
  await page.keyboard.press('Enter')
  await expect(page.locator('tr[data-invitation="kay@example.com"]').getByText('revoked')).toBeVisible()

  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }), 60)
  await page.keyboard.press('Enter')
  await tabTo(page, page.getByLabel('Name'))
  await page.keyboard.type('notebook')
  await tabTo(page, page.getByLabel(/Read-only/))
  await page.keyboard.press('Space')
  await page.keyboard.press('Enter')
  await expect(page.getByLabel('Token secret')).toHaveValue(/^lw_/)
  await expect(page.locator('tr[data-token="notebook"]')).toContainText('read-only')
})

test('a pending membership is declined on the home screen, or cancelled by the admin', async ({ world, signUp, browse }) => {
  const w = await world({})
  const dee = await signUp('Dee Khan')
  const eve = await signUp('Eve Stone')
  for (const person of [dee, eve]) {
    await w.owner.post(`/organizations/${w.orgId}/members`, { email: person.user.email, role: 'viewer' })
  }

  const deePage = await browse(dee)
  await deePage.goto('/')
  await deePage.getByRole('button', { name: 'Decline joining Acme Research' }).click()
  await expect(deePage.getByText('You declined to join Acme Research.')).toBeVisible()
  await expect(deePage.getByRole('heading', { name: 'No organization yet' })).toBeVisible()

  const page = await browse(w.owner)
  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(page.locator(`tr[data-member="${dee.user.email}"]`)).toHaveCount(0)
  await page.getByRole('button', { name: 'Cancel the pending membership of Eve Stone' }).click()
  const dialog = page.getByRole('dialog', { name: 'Cancel the pending membership of Eve Stone?' })
  await dialog.getByRole('button', { name: 'Cancel membership' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.locator(`tr[data-member="${eve.user.email}"]`)).toHaveCount(0)
  expect((await eve.get<{ pending_memberships: unknown[] }>('/me/pending-memberships')).pending_memberships).toEqual([])

  await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Audit log' }).click()
  const entries = page.getByRole('list', { name: 'Audit log entries' }).getByRole('listitem')
  await expect(entries.first()).toContainText(`Olivia Owner cancelled the pending membership of ${eve.user.email} (viewer)`)
  await expect(entries.filter({ hasText: 'Dee Khan declined being added by Olivia Owner as viewer' })).toHaveCount(1)
  await expect(entries.filter({ hasText: `Olivia Owner added ${eve.user.email} as viewer, pending their acceptance` })).toHaveCount(1)
})
