/**
 * Dataset releases in the project console: a manager freezes the accepted
 * labels as `v1` with the keyboard alone, lands on its manifest with the same
 * hash as the API's, downloads the bytes of that hash, makes `v2` after a
 * change and compares the two; a taken name is refused and said so; a viewer
 * reads the releases but finds no form; a reviewer finds no releases at all.
 */
import { createHash } from 'node:crypto'
import type { Page } from '@playwright/test'
import { expect, tabTo, test, tickets, type Person, type World } from './support/fixtures'

interface Release {
  name: string
  content_hash: string
  item_count: number
  annotation_count: number
  byte_count: number
}

/** A manager of `w`'s organization (not assigned to the project). */
async function managerOf(w: World, signUp: (who: string) => Promise<Person>): Promise<Person> {
  const grace = await signUp('Grace Manager')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: grace.user.email, role: 'manager' })
  await grace.post(`/me/pending-memberships/${w.orgId}/accept`)
  return grace
}

/**
 * Five tickets, each labelled by Ann; Rita accepts t001 to t003 and rejects
 * t005. Returns the annotation of each ticket by external id.
 */
async function labelledProject(w: World): Promise<{ ann: Person; rita: Person; annotations: Map<string, string> }> {
  const ann = await w.join('Ann Lee', 'annotator')
  const rita = await w.join('Rita Reviewer', 'reviewer')
  const annotations = new Map<string, string>()
  const labels = ['negative', 'positive', 'neutral', 'negative', 'positive']
  for (const label of labels) {
    const lease = await ann.post<{ item: { id: string; external_id: string } }>(`/projects/${w.projectId}/queue/next`)
    const { annotation } = await ann.post<{ annotation: { id: string } }>(`/items/${lease.item.id}/annotations`, {
      value: { sentiment: label },
      time_spent_ms: 3000,
    })
    annotations.set(lease.item.external_id, annotation.id)
  }
  for (const [externalId, verdict] of [
    ['t001', 'accept'],
    ['t002', 'accept'],
    ['t003', 'accept'],
    ['t005', 'reject'],
  ] as const) {
    await rita.post(`/annotations/${annotations.get(externalId)}/reviews`, { verdict, comment: verdict === 'reject' ? 'Not positive.' : '' })
  }
  return { ann, rita, annotations }
}

/** The full content hash the page shows. */
const hashOnPage = (page: Page) => page.getByTestId('content-hash').getByRole('region', { name: 'Content hash' })

test('a manager creates v1 with the keyboard, checks its hash, creates v2 after a change and compares them', async ({
  world,
  signUp,
  browse,
  baseURL,
}) => {
  const w = await world({ items: tickets(5) })
  const grace = await managerOf(w, signUp)
  const { rita, annotations } = await labelledProject(w)
  const page = await browse(grace)

  // Keyboard only: the Releases tab, the form, a refused name, then v1.
  await page.goto(`/projects/${w.projectId}/stats`)
  await expect(page.getByRole('heading', { name: 'Items by status' })).toBeVisible()
  const tab = page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Releases' })
  await expect(page.getByRole('navigation', { name: 'Project' }).getByRole('link')).toHaveText([
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
  await tabTo(page, tab)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/projects/${w.projectId}/releases$`))
  await expect(page.getByRole('heading', { level: 2, name: 'Releases' })).toBeVisible()
  await expect(page.getByTestId('no-releases')).toContainText('No releases yet.')
  const name = page.getByLabel('Name')
  await expect(name).toHaveAccessibleDescription(/Letters, digits/)
  await expect(page.getByRole('checkbox', { name: /^Accepted/ })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: /^Pending/ })).not.toBeChecked()
  await expect(page.getByRole('checkbox', { name: /^Rejected/ })).not.toBeChecked()
  await tabTo(page, name)
  await page.keyboard.type('-v1')
  await page.keyboard.press('Enter')
  // The server's refusal, at the field, which has the focus again.
  await expect(page.getByTestId('release-name-error')).toHaveText('The name must start with a letter or a digit.')
  await expect(name).toBeFocused()
  await expect(name).toHaveAttribute('aria-invalid', 'true')
  await expect(name).toHaveAccessibleDescription(/must start with a letter or a digit/)
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('v1')
  await page.keyboard.press('Enter')

  // The manifest, its heading focused.
  await expect(page).toHaveURL(new RegExp(`/projects/${w.projectId}/releases/v1$`))
  const heading = page.getByRole('heading', { level: 2, name: 'Release v1' })
  await expect(heading).toBeFocused()
  await expect(page.getByRole('status').filter({ hasText: 'The release v1 is made' })).toBeVisible()
  const v1 = (await grace.get<{ release: Release }>(`/projects/${w.projectId}/releases/v1`)).release
  expect(v1).toMatchObject({ item_count: 3, annotation_count: 3 })
  await expect(hashOnPage(page)).toHaveText(v1.content_hash)
  expect(v1.content_hash).toMatch(/^sha256:[0-9a-f]{64}$/)
  await expect(page.locator('[data-fact="items"]')).toHaveText('3')
  await expect(page.locator('[data-fact="annotations"]')).toHaveText('3')
  await expect(page.locator('[data-fact="statuses"]')).toHaveText('accepted')
  await expect(page.locator('[data-fact="annotation-ui"]')).toHaveText('version 1')
  await expect(page.locator('[data-fact="guideline"]')).toHaveText('none published')
  await expect(page.getByText(/Made .* by Grace Manager, from the accepted annotations\./)).toBeVisible()
  await expect(page.getByRole('region', { name: 'Agreement table' })).toContainText('sentiment')
  await expect(page.getByText('This is the project\'s only release')).toBeVisible()

  // How to pull it: the SDK, curl with a token, and a download that is the bytes of the hash.
  await expect(page.getByTestId('python-snippet')).toContainText(`release = client.releases.pull("${w.projectId}", "v1")`)
  await expect(page.getByTestId('python-snippet')).toContainText('df = release.to_pandas()')
  await expect(page.getByTestId('python-snippet')).toContainText('ds = release.to_dataset()')
  await expect(page.getByTestId('curl-snippet')).toContainText(
    `curl -H "Authorization: Bearer $LABELWELL_TOKEN" ${baseURL}/api/v1/projects/${w.projectId}/releases/v1/items -o v1.jsonl`,
  )
  await expect(page.getByTestId('curl-snippet')).toContainText('sha256sum v1.jsonl')
  const download = page.getByRole('link', { name: 'Download v1.jsonl' })
  await expect(download).toHaveAttribute('href', `/api/v1/projects/${w.projectId}/releases/v1/items`)
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()])
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    void file.createReadStream().then((stream) => {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => resolve(Buffer.concat(chunks)))
      stream.on('error', reject)
    }, reject)
  })
  expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(v1.content_hash)
  expect(bytes.length).toBe(v1.byte_count)

  // The copy button copies the hash.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL })
  await page.getByRole('button', { name: 'Copy the hash' }).click()
  await expect(page.getByTestId('content-hash').getByRole('status')).toHaveText('Copied to the clipboard.')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(v1.content_hash)

  // The project moves on: t001 relabelled and accepted again, t004 accepted.
  expect((await grace.raw('PATCH', `/annotations/${annotations.get('t001')}`, { value: { sentiment: 'positive' } })).status).toBe(200)
  await grace.post(`/annotations/${annotations.get('t001')}/reviews`, { verdict: 'accept', comment: 'Fixed.' })
  await rita.post(`/annotations/${annotations.get('t004')}/reviews`, { verdict: 'accept', comment: '' })

  // v2, with the mouse; the answer is held back a moment to see the button at work.
  await page.getByRole('link', { name: '← All releases' }).click()
  await expect(page.getByRole('row', { name: /v1/ })).toContainText(v1.content_hash.slice('sha256:'.length, 'sha256:'.length + 12))
  await expect(page.getByRole('row', { name: /v1/ })).toContainText('accepted')
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(`**/api/v1/projects/${w.projectId}/releases`, async (route) => {
    if (route.request().method() === 'POST') await held
    await route.continue()
  })
  await page.getByLabel('Name').fill('v2')
  await page.getByRole('button', { name: 'Create release' }).click()
  const busy = page.getByRole('button', { name: 'Creating the release…' })
  await expect(busy).toBeDisabled()
  await expect(page.getByRole('status').filter({ hasText: 'this takes a few seconds' })).toBeVisible()
  release()
  await expect(page.getByRole('heading', { level: 2, name: 'Release v2' })).toBeFocused()
  await page.unroute(`**/api/v1/projects/${w.projectId}/releases`)
  const v2 = (await grace.get<{ release: Release }>(`/projects/${w.projectId}/releases/v2`)).release
  expect(v2.content_hash).not.toBe(v1.content_hash)
  await expect(hashOnPage(page)).toHaveText(v2.content_hash)
  await expect(page.locator('[data-fact="items"]')).toHaveText('4')

  // Compared with v1 (the release before it, chosen at first): t004 added, t001 relabelled.
  const compare = page.getByLabel('Compare with', { exact: true })
  await expect(compare).toHaveValue('v1')
  await compare.selectOption('v1')
  await expect(page.locator('[data-diff-count="added"]')).toHaveText('1')
  await expect(page.locator('[data-diff-count="removed"]')).toHaveText('0')
  await expect(page.locator('[data-diff-count="relabelled"]')).toHaveText('1')
  await expect(page.locator('[data-diff-count="changed"]')).toHaveText('0')
  await expect(page.locator('[data-diff-count="unchanged"]')).toHaveText('2')
  await expect(page.getByRole('list', { name: /^Added/ }).getByRole('listitem')).toHaveText(['t004'])
  await expect(page.getByRole('list', { name: /^Relabelled/ }).getByRole('listitem')).toHaveText(['t001'])
  await expect(page.getByRole('list', { name: /^Removed/ })).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: 'From v1 to v2' })).toHaveText(
    'From v1 to v2: 1 added, 0 removed, 1 relabelled, 0 changed, 2 unchanged.',
  )

  // From v1's page the other way round: t004 removed.
  await page.goto(`/projects/${w.projectId}/releases/v1`)
  await expect(compare).toHaveValue('')
  await compare.selectOption('v2')
  await expect(page.getByRole('list', { name: /^Removed/ }).getByRole('listitem')).toHaveText(['t004'])
  await expect(page.getByRole('list', { name: /^Relabelled/ }).getByRole('listitem')).toHaveText(['t001'])

  // A long difference lists its first 100 ids and counts the rest.
  const many = Array.from({ length: 250 }, (_, i) => `n${String(i + 1).padStart(3, '0')}`)
  await page.route(new RegExp(`/api/v1/projects/${w.projectId}/releases/v1/diff\\?`), (route) =>
    route.fulfill({ json: { base: 'v2', release: 'v1', added: many, removed: [], relabelled: [], changed: [], unchanged: 0 } }),
  )
  await compare.selectOption('')
  await compare.selectOption('v2')
  const added = page.getByRole('list', { name: /^Added/ }).getByRole('listitem')
  await expect(added).toHaveCount(100)
  await expect(added.last()).toHaveText('n100')
  await expect(page.getByText('and 150 more')).toBeVisible()

  // A taken name is refused, and said so at the field.
  await page.goto(`/projects/${w.projectId}/releases`)
  await expect(page.getByRole('row')).toHaveCount(3)
  await expect(page.getByRole('row').nth(1)).toContainText('v2')
  await page.getByLabel('Name').fill('v1')
  await page.getByRole('button', { name: 'Create release' }).click()
  await expect(page.getByTestId('release-name-error')).toHaveText(
    'This project already has a release named “v1”. A release never changes and its name is never reused: choose another name.',
  )
  await expect(page.getByLabel('Name')).toBeFocused()
  // And a release of no review status is not asked for.
  await page.getByLabel('Name').fill('v3')
  await page.getByRole('checkbox', { name: /^Accepted/ }).uncheck()
  await page.getByRole('button', { name: 'Create release' }).click()
  await expect(page.getByText('Choose at least one review status.')).toBeVisible()
  await expect(page.getByRole('checkbox', { name: /^Accepted/ })).toBeFocused()
  const { releases } = await grace.get<{ releases: Release[] }>(`/projects/${w.projectId}/releases`)
  expect(releases.map((r) => r.name)).toEqual(['v2', 'v1'])

  // Rejected and pending annotations, when asked for.
  await page.getByRole('checkbox', { name: /^Rejected/ }).check()
  await page.getByRole('checkbox', { name: /^Pending/ }).check()
  await page.getByRole('button', { name: 'Create release' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Release v3' })).toBeVisible()
  await expect(page.locator('[data-fact="statuses"]')).toHaveText('pending, rejected')
  await expect(page.locator('[data-fact="items"]')).toHaveText('1')
})

test('a viewer reads the releases and their manifests but finds no form; a reviewer finds no releases', async ({ world, signUp, browse }) => {
  const w = await world({ items: tickets(5) })
  const grace = await managerOf(w, signUp)
  const { rita } = await labelledProject(w)
  const vic = await w.join('Vic Viewer', 'viewer')

  const empty = await browse(vic)
  await empty.goto(`/projects/${w.projectId}/releases`)
  await expect(empty.getByTestId('no-releases')).toHaveText('No releases yet. A manager of the project makes them.')

  const { release } = await grace.post<{ release: Release }>(`/projects/${w.projectId}/releases`, { name: 'gold-2026.12' })
  const page = await browse(vic)
  await page.goto(`/projects/${w.projectId}/stats`)
  await expect(page.getByRole('navigation', { name: 'Project' }).getByRole('link')).toHaveText(['Dashboard', 'Items', 'Export', 'Releases'])
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Releases' }).click()
  await expect(page.getByRole('row', { name: /gold-2026\.12/ })).toContainText('3')
  await expect(page.getByRole('heading', { name: 'New release' })).toHaveCount(0)
  await expect(page.getByRole('textbox')).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Create/ })).toHaveCount(0)
  await page.getByRole('link', { name: 'gold-2026.12' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Release gold-2026.12' })).toBeFocused()
  await expect(hashOnPage(page)).toHaveText(release.content_hash)
  await expect(page.getByRole('link', { name: 'Download gold-2026.12.jsonl' })).toBeVisible()
  // The server refuses a viewer's release anyway.
  expect((await vic.raw('POST', `/projects/${w.projectId}/releases`, { name: 'mine' })).status).toBe(403)

  // A release that does not exist says so.
  await page.goto(`/projects/${w.projectId}/releases/nope`)
  await expect(page.getByRole('alert')).toHaveText('This project has no release named “nope”.')

  // Reviewers do not read releases: the console is not theirs.
  const reviewer = await browse(rita)
  await reviewer.goto(`/projects/${w.projectId}/releases/gold-2026.12`)
  await expect(reviewer.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
  await expect(reviewer.getByText(release.content_hash)).toHaveCount(0)
})
