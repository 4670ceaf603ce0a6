/**
 * Every screen passes axe-core with no violation, in the light and in the dark
 * colour scheme, and the annotate, review, project and organization console
 * screens work at 320 px wide without sideways scrolling (wide tables scroll
 * in their own box).
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, itemOnScreen, labelAndNext, test, type Person, type World } from './support/fixtures'

const SCHEMA = {
  fields: [
    { name: 'text', kind: 'text', label: 'Message' },
    { name: 'meta', kind: 'json', label: 'Details' },
  ],
  questions: [
    { name: 'sentiment', type: 'single_label', prompt: 'Sentiment', labels: ['positive', 'negative', 'neutral'] },
    { name: 'topics', type: 'multi_label', prompt: 'Topics', labels: ['billing', 'bug'], required: false },
    { name: 'stars', type: 'rating', prompt: 'Stars', min: 1, max: 5, required: false },
    { name: 'entities', type: 'spans', prompt: 'Entities', field: 'text', labels: ['PERSON', 'PLACE'], required: false },
    { name: 'summary', type: 'text', prompt: 'Summary', max_length: 80, required: false },
  ],
}
const ITEMS = Array.from({ length: 4 }, (_, i) => ({
  external_id: `a${i + 1}`,
  data: { text: `Ada from Zürich writes 👋: the export ${i + 1} fails.`, meta: { channel: 'email' } },
}))
const GUIDELINE = '# Sentiment\n\nLabel the **overall** tone.\n\n- positive: thanks, praise\n- negative: complaints'

async function noViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe on ${screen}`).toEqual([])
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every screen has no axe violation in the ${colorScheme} scheme`, async ({ world, browse }) => {
    const w: World = await world({ schema: SCHEMA, items: ITEMS, overlap: 2, guideline: GUIDELINE })
    const ann = await w.join('Ann', 'annotator')
    const rev = await w.join('Rita', 'reviewer')

    const visitor = await browse(null, { colorScheme })
    await visitor.goto('/signin')
    await expect(visitor.getByRole('heading', { name: 'Sign in' })).toBeVisible()
    await noViolations(visitor, 'sign in')
    await visitor.getByRole('button', { name: 'Sign in' }).click()
    await expect(visitor.getByRole('alert').or(visitor.locator('.field-error')).first()).toBeVisible()
    await noViolations(visitor, 'sign in with errors')
    await visitor.goto(await w.invite(`invitee-${Date.now()}@example.com`, 'annotator'))
    await expect(visitor.getByRole('heading', { name: 'You are invited' })).toBeVisible()
    await noViolations(visitor, 'invitation')
    await visitor.goto('/no/such/page')
    await expect(visitor.getByRole('heading', { name: 'Page not found' })).toBeVisible()
    await noViolations(visitor, 'not found')

    const page = await browse(ann, { colorScheme })
    await page.goto('/')
    await expect(page.getByRole('link', { name: /Start labelling/ })).toBeVisible()
    await noViolations(page, 'home')

    await page.getByRole('link', { name: /Start labelling/ }).click()
    await expect(itemOnScreen(page)).toBeVisible()
    await expect(page.getByRole('complementary', { name: /Guideline/ })).toBeVisible()
    await noViolations(page, 'annotate')
    await page.keyboard.press('Enter')
    await expect(page.getByText('This question must be answered.')).toBeVisible()
    await noViolations(page, 'annotate with a problem')
    await page.keyboard.press('?')
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
    await noViolations(page, 'keys dialog')
    await page.keyboard.press('Escape')
    // The next keys are the annotate screen's only once the dialog is gone.
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden()
    for (let i = 0; i < ITEMS.length; i += 1) await labelAndNext(page, 1)
    await expect(page.getByRole('heading', { name: 'Nothing left for you here' })).toBeVisible()
    await noViolations(page, 'nothing left')
    await page.keyboard.press('b')
    await expect(page.getByText('Changing a previous item', { exact: true })).toBeVisible()
    await noViolations(page, 'changing a previous item')

    const reviewer = await browse(rev, { colorScheme })
    await reviewer.goto('/')
    await reviewer.getByRole('link', { name: /^Review/ }).click()
    await expect(reviewer.getByRole('heading', { name: 'The annotation to review' })).toBeVisible()
    await noViolations(reviewer, 'review')
    await reviewer.keyboard.press('r')
    await reviewer.keyboard.press('Enter')
    await expect(reviewer.getByText('Say why you reject it')).toBeVisible()
    await noViolations(reviewer, 'review, rejecting')
    await reviewer.keyboard.type('Two of the entities are missing.')
    await reviewer.keyboard.press('Enter')
    await expect(reviewer.getByText('Rejected; the annotator will see your comment.')).toBeVisible()

    await page.goto(`/projects/${w.projectId}/history`)
    await expect(page.getByText('Two of the entities are missing.')).toBeVisible()
    await noViolations(page, 'history')
  })
}

test('the annotate and review screens work at 320 px wide', async ({ world, browse }) => {
  const w = await world({ schema: SCHEMA, items: ITEMS, overlap: 2, guideline: GUIDELINE })
  const ann = await w.join('Ann', 'annotator')
  const rev = await w.join('Rita', 'reviewer')
  const page = await browse(ann, { width: 320, height: 640 })
  const fitsWidth = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  await page.goto('/')
  await expect(page.getByRole('link', { name: /Start labelling/ })).toBeVisible()
  expect(await fitsWidth(page)).toBe(true)
  await page.getByRole('link', { name: /Start labelling/ }).click()
  await expect(itemOnScreen(page)).toBeVisible()
  expect(await fitsWidth(page)).toBe(true)
  await page.getByRole('radio', { name: 'negative' }).check()
  await page.getByRole('button', { name: /Submit/ }).click()
  await expect(itemOnScreen(page)).not.toHaveText('a1')
  expect(await fitsWidth(page)).toBe(true)

  const reviewer = await browse(rev, { width: 320, height: 640 })
  await reviewer.goto(`/projects/${w.projectId}/review`)
  await expect(reviewer.getByRole('button', { name: /Accept/ })).toBeVisible()
  expect(await fitsWidth(reviewer)).toBe(true)
  await reviewer.getByRole('button', { name: /Accept/ }).click()
  await expect(reviewer.getByText('Accepted.')).toBeVisible()
})

/** The project console's screens, for a manager of a project with some work done in it. */
async function consoleScreens(
  w: World,
  signUp: (who: string) => Promise<Person>,
): Promise<{ manager: Person; screens: { name: string; path: string; ready: RegExp }[] }> {
  const manager = await signUp('Grace Manager')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: manager.user.email, role: 'manager' })
  await manager.post(`/me/pending-memberships/${w.orgId}/accept`)
  const annotated: string[] = []
  for (const [i, who] of ['Ann', 'Cy'].entries()) {
    const annotator = await w.join(who, 'annotator')
    const lease = await annotator.post<{ item: { id: string } }>(`/projects/${w.projectId}/queue/next`)
    await annotator.post(`/items/${lease.item.id}/annotations`, { value: { sentiment: 'negative' }, time_spent_ms: 2500 })
    annotated.push(lease.item.id)
    // A release after each annotation (of the pending ones: nobody reviewed yet), to list and compare.
    await manager.post(`/projects/${w.projectId}/releases`, { name: `v${i + 1}`, review_statuses: ['pending'] })
  }
  const project = `/projects/${w.projectId}`
  return {
    manager,
    screens: [
      { name: 'projects', path: `/orgs/${w.orgId}/projects`, ready: /^New project$/ },
      { name: 'dashboard', path: `${project}/stats`, ready: /^Items by status$/ },
      { name: 'items', path: `${project}/items`, ready: /^Items$/ },
      { name: 'item', path: `${project}/items/${annotated[0]}`, ready: /^Annotations \(\d\)$/ },
      { name: 'project members', path: `${project}/members`, ready: /^Members$/ },
      { name: 'import', path: `${project}/import`, ready: /^Import items$/ },
      { name: 'export', path: `${project}/export`, ready: /^For scripts$/ },
      { name: 'releases', path: `${project}/releases`, ready: /^New release$/ },
      { name: 'release', path: `${project}/releases/v2`, ready: /^Compare with another release$/ },
      { name: 'annotation UI editor', path: `${project}/ui`, ready: /^Versions$/ },
      { name: 'guideline editor', path: `${project}/guideline`, ready: /^Versions$/ },
      { name: 'project settings', path: `${project}/settings`, ready: /^Archive$/ },
    ],
  }
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the project console has no axe violation in the ${colorScheme} scheme`, async ({ world, signUp, browse }) => {
    const w = await world({ schema: SCHEMA, items: ITEMS, overlap: 2, guideline: GUIDELINE })
    const { manager, screens } = await consoleScreens(w, signUp)
    const page = await browse(manager, { colorScheme })
    for (const screen of screens) {
      await page.goto(screen.path)
      await expect(page.getByRole('heading', { name: screen.ready })).toBeVisible()
      await noViolations(page, screen.name)
    }
    // The dashboard's tables, opened.
    await page.goto(`/projects/${w.projectId}/stats`)
    await expect(page.getByRole('heading', { name: 'Items by status' })).toBeVisible()
    for (const summary of await page.locator('details summary').all()) await summary.click()
    await noViolations(page, 'dashboard with its tables')
    // A release compared with the one before it, and the form of a new one refused.
    await page.goto(`/projects/${w.projectId}/releases/v2`)
    await expect(page.getByRole('status').filter({ hasText: 'From v1 to v2:' })).toBeVisible()
    await noViolations(page, 'release compared')
    await page.goto(`/projects/${w.projectId}/releases`)
    await page.getByLabel('Name').fill('v1')
    await page.getByRole('button', { name: 'Create release' }).click()
    await expect(page.getByTestId('release-name-error')).toBeVisible()
    await noViolations(page, 'releases, a taken name')
    // The editor with the server's problem at its control, and in its JSON view.
    await page.goto(`/projects/${w.projectId}/ui`)
    await expect(page.getByRole('heading', { name: 'Versions' })).toBeVisible()
    await page.locator('#question-0-labels').fill('')
    await page.locator('#question-0-labels').blur()
    await page.getByRole('button', { name: 'Publish as a new version' }).click()
    await expect(page.locator('#question-0-labels-error')).toBeVisible()
    await noViolations(page, 'annotation UI editor with a problem')
    await page.getByRole('button', { name: 'JSON' }).click()
    await noViolations(page, 'annotation UI editor as JSON')
    // The import of a CSV, its columns to map, and a refused import's problems.
    await page.goto(`/projects/${w.projectId}/import`)
    await page.getByLabel('Choose a file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('id,text\nx1,hello\n') })
    await expect(page.getByLabel('External id')).toHaveValue('id')
    await noViolations(page, 'import, mapping a CSV')
    await page.getByLabel('Field “Details”').selectOption('')
    await page.getByRole('button', { name: 'Import bad.csv' }).click()
    await expect(page.getByRole('alert')).toContainText('Nothing was imported.')
    await noViolations(page, 'import refused')
  })
}

test('the project console works at 320 px wide', async ({ world, signUp, browse }) => {
  const w = await world({ schema: SCHEMA, items: ITEMS, overlap: 2, guideline: GUIDELINE })
  const { manager, screens } = await consoleScreens(w, signUp)
  const page = await browse(manager, { width: 320, height: 640 })
  for (const screen of screens) {
    await page.goto(screen.path)
    await expect(page.getByRole('heading', { name: screen.ready })).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), screen.name).toBe(true)
  }
})

/** An organization with people, invitations and history, and its owner's page on the members screen. */
async function consoleWorld(world: (options: object) => Promise<World>): Promise<World> {
  const w = await world({})
  await w.join('Ada Admin', 'admin')
  const bob = await w.join('Bob Jones', 'annotator')
  await w.owner.post(`/organizations/${w.orgId}/invitations`, { email: `cy-${Date.now()}@example.com`, role: 'reviewer' })
  await w.owner.raw('PATCH', `/organizations/${w.orgId}/members/${bob.user.id}`, { role: 'reviewer' })
  return w
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every organization console screen has no axe violation in the ${colorScheme} scheme`, async ({ world, signUp, browse }) => {
    const w = await consoleWorld(world)
    const page = await browse(w.owner, { colorScheme })

    const pat = await signUp('Pat Pending')
    await w.owner.post(`/organizations/${w.orgId}/members`, { email: pat.user.email, role: 'viewer' })
    const patPage = await browse(pat, { colorScheme })
    await patPage.goto('/')
    await expect(patPage.getByRole('button', { name: 'Accept joining Acme Research' })).toBeVisible()
    await noViolations(patPage, 'home with a pending membership')

    await page.goto(`/orgs/${w.orgId}/members`)
    await expect(page.getByRole('cell', { name: 'Bob Jones', exact: true })).toBeVisible()
    await expect(page.getByText('pending', { exact: true })).toBeVisible()
    await noViolations(page, 'members')
    await page.getByRole('button', { name: 'Change role of Bob Jones' }).click()
    await expect(page.getByRole('dialog')).toBeVisible()
    await noViolations(page, 'members, changing a role')
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toBeHidden()
    await page.getByRole('button', { name: 'Remove Olivia Owner' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click()
    await expect(page.getByRole('dialog').getByRole('alert')).toBeVisible()
    await noViolations(page, 'members, the last owner refused')
    await page.keyboard.press('Escape')

    await page.goto(`/orgs/${w.orgId}/invitations`)
    await page.getByLabel('Email').fill(`dee-${Date.now()}@example.com`)
    await page.getByRole('button', { name: 'Create invitation' }).click()
    await expect(page.getByLabel('Invitation link')).toBeVisible()
    await noViolations(page, 'invitations')

    await page.goto(`/orgs/${w.orgId}/audit`)
    await expect(page.getByRole('list', { name: 'Audit log entries' })).toBeVisible()
    await noViolations(page, 'audit log')

    await page.goto(`/orgs/${w.orgId}/settings`)
    await expect(page.getByRole('heading', { name: 'Delete this organization' })).toBeVisible()
    await noViolations(page, 'settings')

    await page.goto(`/orgs/${w.orgId}/nothing-here`)
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
    await noViolations(page, 'console not found')

    await page.goto('/me/tokens')
    await page.getByLabel('Name').fill('pipeline')
    await page.getByRole('button', { name: 'Create token' }).click()
    await expect(page.getByLabel('Token secret')).toBeVisible()
    await noViolations(page, 'API tokens')
  })
}

test('the organization console works at 320 px wide', async ({ world, browse }) => {
  const w = await consoleWorld(world)
  const page = await browse(w.owner, { width: 320, height: 640 })
  const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(page.getByRole('cell', { name: 'Bob Jones', exact: true })).toBeVisible()
  expect(await fitsWidth()).toBe(true)
  // The table scrolls inside its own box, which the keyboard reaches.
  const box = page.getByRole('region', { name: 'Members table' })
  expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true)
  await page.getByRole('button', { name: 'Change role of Bob Jones' }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  expect(await fitsWidth()).toBe(true)
  await page.keyboard.press('Escape')

  for (const [path, ready] of [
    [`/orgs/${w.orgId}/invitations`, 'Create invitation'],
    [`/orgs/${w.orgId}/audit`, null],
    [`/orgs/${w.orgId}/settings`, 'Rename'],
    ['/me/tokens', 'Create token'],
  ] as const) {
    await page.goto(path)
    if (ready) await expect(page.getByRole('button', { name: ready })).toBeVisible()
    else await expect(page.getByRole('list', { name: 'Audit log entries' })).toBeVisible()
    expect(await fitsWidth(), path).toBe(true)
  }
})
