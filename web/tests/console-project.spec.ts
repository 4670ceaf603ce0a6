/**
 * The project console, through its real screens: a manager creates a project,
 * archives and restores it, and watches the dashboard fill while annotators
 * work through the API.
 */
import { dialogsOf, expect, test, tickets, type Person, type World } from './support/fixtures'

/** The longest the page's main thread may be busy at once during an import: a
 * tab that read, parsed or converted the whole file in one go would exceed it. */
const LONGEST_TASK_MS = 150

/** A manager of `w`'s organization (not assigned to any project). */
async function managerOf(w: World, signUp: (who: string) => Promise<Person>): Promise<Person> {
  const grace = await signUp('Grace Manager')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: grace.user.email, role: 'manager' })
  await grace.post(`/me/pending-memberships/${w.orgId}/accept`)
  return grace
}

test('a manager creates a project, archives and restores it', async ({ world, signUp, browse }) => {
  const w = await world({})
  const grace = await managerOf(w, signUp)
  const page = await browse(grace)

  await page.goto('/')
  await page.getByRole('link', { name: 'All projects of Acme Research' }).click()
  await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /Support tickets/ })).toBeVisible()

  await page.getByRole('button', { name: 'Create project' }).click()
  await expect(page.getByText('Give the project a name.')).toBeVisible()
  await page.getByLabel('Name').fill('Product reviews')
  await page.getByLabel('Description').fill('Stars and topics of app store reviews.')
  await page.getByLabel('Overlap').fill('2')
  await page.getByLabel('Lease time (minutes)').fill('5')
  await page.getByRole('button', { name: 'Create project' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Product reviews' })).toBeVisible()
  const projectId = /\/projects\/([^/]+)\//.exec(page.url())?.[1]
  expect(projectId).toBeTruthy()
  const { project } = await grace.get<{ project: { overlap: number; lease_seconds: number; description: string } }>(`/projects/${projectId}`)
  expect(project).toMatchObject({ overlap: 2, lease_seconds: 300, description: 'Stars and topics of app store reviews.' })

  // Settings, reached by its tab; archiving shows the project read-only, restoring undoes it.
  await page.getByRole('link', { name: 'Settings' }).click()
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/settings$`))
  await page.getByLabel('Lease time (seconds)').fill('900')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByRole('status')).toHaveText('Saved.')
  await page.getByRole('button', { name: 'Archive project' }).click()
  await expect(page.getByText('This project is archived')).toBeVisible()
  expect((await grace.get<{ project: { archived: boolean; lease_seconds: number } }>(`/projects/${projectId}`)).project).toMatchObject({
    archived: true,
    lease_seconds: 900,
  })
  await page.getByRole('button', { name: 'Restore project' }).click()
  await expect(page.getByText('This project is archived')).toBeHidden()

  // From the list: archive hides it, "Show archived" brings it back, restore.
  await page.getByRole('link', { name: 'Projects', exact: true }).click()
  await page.getByRole('button', { name: 'Archive Product reviews' }).click()
  await expect(page.getByRole('status')).toHaveText('Product reviews is archived.')
  await expect(page.getByRole('row', { name: /Product reviews/ })).toBeHidden()
  await page.getByLabel('Show archived projects').check()
  await page.getByRole('button', { name: 'Restore Product reviews' }).click()
  await expect(page.getByRole('row', { name: /Product reviews/ })).toContainText('active')

  // A manager archives only the projects they created: the owner's is refused, and said so.
  await page.getByRole('button', { name: 'Archive Support tickets' }).click()
  await expect(page.getByRole('alert')).toContainText('Only an admin or whoever created Support tickets')
})

test('the dashboard fills while annotators work', async ({ world, signUp, browse }) => {
  const w = await world({ items: tickets(6), overlap: 2 })
  const grace = await managerOf(w, signUp)
  const ann = await w.join('Ann', 'annotator')
  const cy = await w.join('Cy', 'annotator')
  const page = await browse(grace)
  await page.goto(`/projects/${w.projectId}/stats`)
  await expect(page.locator('[data-stat="total"]')).toHaveText('6')
  const chart = page.getByRole('img', { name: /Items by status/ })
  await expect(chart).toHaveAccessibleName(/Items by status/)
  await expect(page.locator('[data-stat="annotators"]')).toHaveText('0')

  const work = async (who: Person, labels: string[]) => {
    for (const label of labels) {
      const lease = await who.post<{ item: { id: string } }>(`/projects/${w.projectId}/queue/next`)
      await who.post(`/items/${lease.item.id}/annotations`, { value: { sentiment: label }, time_spent_ms: 3000 })
    }
  }
  await work(ann, ['negative', 'positive', 'neutral'])
  await work(cy, ['negative', 'positive', 'positive'])
  // No reload: the page polls.
  await expect(page.locator('[data-stat="annotators"]')).toHaveText('2')
  await expect(page.getByRole('row', { name: /^Ann / })).toContainText('3')
  await expect(page.getByRole('img', { name: /Average time per item/ })).toHaveAccessibleDescription(/Ann: 3 s/)
  await expect(page.getByRole('img', { name: /Agreement per question/ })).toHaveAccessibleDescription(/sentiment: κ/)
  await page.getByText('Show as a table: Items by status').click()
  await expect(page.getByRole('table', { name: 'Items by status' })).toContainText('Annotated')
})

test('a manager pages, filters and searches the items and opens one with its annotations and reviews', async ({ world, signUp, browse }) => {
  const w = await world({ items: tickets(120), overlap: 1 })
  const grace = await managerOf(w, signUp)
  const ann = await w.join('Ann', 'annotator')
  const rita = await w.join('Rita', 'reviewer')
  const lease = await ann.post<{ item: { id: string } }>(`/projects/${w.projectId}/queue/next`)
  const { annotation } = await ann.post<{ annotation: { id: string } }>(`/items/${lease.item.id}/annotations`, {
    value: { sentiment: 'negative' },
    time_spent_ms: 5000,
  })
  await rita.post(`/annotations/${annotation.id}/reviews`, { verdict: 'reject', comment: 'The customer is thankful.' })

  const page = await browse(grace)
  await page.goto(`/projects/${w.projectId}/items`)
  const rows = page.getByRole('region', { name: 'Items table' }).getByRole('row')
  await expect(rows).toHaveCount(51)
  await expect(rows.nth(1)).toContainText('t001')
  await page.getByRole('button', { name: 'Next page' }).click()
  await expect(rows.nth(1)).toContainText('t051')
  await page.getByRole('button', { name: 'Next page' }).click()
  await expect(rows).toHaveCount(21)
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled()
  await page.getByRole('button', { name: 'Previous page' }).click()
  await expect(rows.nth(1)).toContainText('t051')
  // Back and forward work: the page is in the address.
  await page.goBack()
  await expect(rows).toHaveCount(21)

  await page.getByLabel('Status').selectOption('rejected')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(1)).toContainText('Rejected')
  await page.getByLabel('Status').selectOption('')
  // The server finds an item by its exact external id, whatever page it is on.
  await page.getByLabel('External id').fill('t117')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(1)).toContainText('t117')
  await expect(page).toHaveURL(/q=t117/)
  await page.getByLabel('External id').fill('t11')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByRole('status')).toHaveText('No item has the external id “t11”.')
  await page.getByLabel('Status').selectOption('rejected')
  await page.getByLabel('External id').fill('t001')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(1)).toContainText('Rejected')

  await page.goto(`/projects/${w.projectId}/items?status=rejected`)
  await page.getByRole('link', { name: 't001' }).click()
  await expect(page.getByRole('heading', { name: 'Item t001' })).toBeVisible()
  await expect(page.getByText('Ticket number 1: the app does something.', { exact: true })).toBeVisible()
  const card = page.getByRole('article', { name: 'Annotation by Ann' })
  await expect(card).toContainText('negative')
  await expect(card.getByRole('list', { name: 'Reviews' })).toContainText('Rejected by Rita')
  await expect(card).toContainText('The customer is thankful.')

  // The manager moves the item up the work queue; a word is not a priority.
  await expect(page.getByText(/priority 0 ·/)).toBeVisible()
  const priority = page.getByLabel('Priority in the work queue')
  await priority.fill('high')
  await page.getByRole('button', { name: 'Set priority' }).click()
  await expect(page.getByRole('alert')).toHaveText('Enter a number: the queue hands out the highest first.')
  await priority.fill('2.5')
  await page.getByRole('button', { name: 'Set priority' }).click()
  await expect(page.getByRole('status')).toHaveText('The priority is 2.5.')
  await expect(page.getByText(/priority 2\.5 ·/)).toBeVisible()
  const itemId = new URL(page.url()).pathname.split('/').pop()
  const { item } = await grace.get<{ item: { priority: number } }>(`/items/${itemId}`)
  expect(item.priority).toBe(2.5)
  await page.getByRole('link', { name: '← All items' }).click()
  await expect(rows.nth(1)).toContainText('2.5')
})

test('a manager assigns members to the project and unassigns them', async ({ world, signUp, browse }) => {
  const w = await world({ items: tickets(3) })
  const grace = await managerOf(w, signUp)
  const bob = await signUp('Bob Annotator')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: bob.user.email, role: 'annotator' })
  await bob.post(`/me/pending-memberships/${w.orgId}/accept`)
  const page = await browse(grace)
  await page.goto(`/projects/${w.projectId}/members`)
  await expect(page.getByText('Nobody is assigned yet.')).toBeVisible()
  await page.getByLabel(/Assign a member/).selectOption({ label: 'Bob Annotator (annotator)' })
  await page.getByRole('button', { name: 'Assign', exact: true }).click()
  await expect(page.getByRole('status')).toHaveText('Bob Annotator is assigned.')
  await expect(page.getByRole('row', { name: /Bob Annotator/ })).toBeVisible()
  // Bob now gets the project's items.
  expect((await bob.raw('POST', `/projects/${w.projectId}/queue/next`)).status).toBe(200)

  await page.getByRole('button', { name: 'Unassign Bob Annotator' }).click()
  await page.getByRole('button', { name: 'Yes, unassign' }).click()
  await expect(page.getByRole('status')).toHaveText('Bob Annotator is no longer assigned.')
  await expect(page.getByText('Nobody is assigned yet.')).toBeVisible()
  expect((await bob.raw('POST', `/projects/${w.projectId}/queue/next`)).status).toBe(404)
})

test('a manager imports a 100,000-line NDJSON file with a progress bar and the tab kept responsive, and a CSV by its columns', async ({ world, signUp, browse }) => {
  test.setTimeout(300_000)
  const w = await world({})
  const grace = await managerOf(w, signUp)
  const page = await browse(grace)
  // The longest task the page's main thread ran (Chromium's Long Tasks API):
  // a tab that parsed or held the whole file at once would block it for long.
  await page.addInitScript(() => {
    const tab = window as unknown as { longestTask: number }
    tab.longestTask = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tab.longestTask = Math.max(tab.longestTask, entry.duration)
    }).observe({ type: 'longtask' })
  })
  const longestTaskSince = async (start: () => Promise<void>) => {
    await page.evaluate(() => { (window as unknown as { longestTask: number }).longestTask = 0 })
    await start()
    return page.evaluate(() => (window as unknown as { longestTask: number }).longestTask)
  }
  await page.goto(`/projects/${w.projectId}/import`)

  const lines = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ external_id: `n${i + 1}`, data: { text: `Item ${i + 1}` } }))
  // Line 50,001 lacks the field the annotation UI shows: nothing is imported, and the line is named.
  const broken = [...lines]
  broken[50_000] = JSON.stringify({ external_id: 'n50001', data: { body: 'no text' } })
  await page.getByLabel('Choose a file').setInputFiles({ name: 'items.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(broken.join('\n')) })
  await expect(page.getByTestId('chosen-file')).toContainText('items.jsonl')
  await page.getByRole('button', { name: 'Import items.jsonl' }).click()
  await expect(page.getByRole('alert')).toContainText('Nothing was imported.', { timeout: 60_000 })
  await expect(page.getByRole('alert')).toContainText('line 50,001')
  await expect(page.getByRole('alert')).toContainText('data.text')
  expect((await grace.get<{ items: unknown[] }>(`/projects/${w.projectId}/items?limit=1`)).items).toHaveLength(0)

  await page.getByLabel('Choose a file').setInputFiles({ name: 'items.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) })
  const ndjsonLongestTask = await longestTaskSince(async () => {
    await page.getByRole('button', { name: 'Import items.jsonl' }).click()
    await expect(page.getByLabel('Import progress')).toBeVisible()
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(/Imported: 100,000 created, 0 updated./, { timeout: 120_000 })
  })
  const stats = await grace.get<{ stats: { items: { total: number } } }>(`/projects/${w.projectId}/stats`)
  expect(stats.stats.items.total).toBe(100_000)

  // 100,000 CSV rows are converted to NDJSON in the tab, piece by piece.
  const rows = Array.from({ length: 100_000 }, (_, i) => `r${i + 1},"Row ${i + 1}, quoted",chat`)
  const bigCsv = `key,message,channel\r\n${rows.join('\r\n')}\r\n`
  await page.getByLabel('Choose a file').setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(bigCsv) })
  await expect(page.getByLabel('External id')).toHaveValue('key')
  await page.getByLabel('Field “Ticket”').selectOption('message')
  const csvLongestTask = await longestTaskSince(async () => {
    await page.getByRole('button', { name: 'Import rows.csv' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(/Imported: 100,000 created, 0 updated./, { timeout: 120_000 })
  })
  console.log(`longest task of the page: ${ndjsonLongestTask} ms (NDJSON), ${csvLongestTask} ms (CSV)`)
  expect(ndjsonLongestTask).toBeLessThan(LONGEST_TASK_MS)
  expect(csvLongestTask).toBeLessThan(LONGEST_TASK_MS)

  // A CSV whose columns are named otherwise: mapped by hand; the other columns become metadata.
  const csv = 'key,message,channel\r\nc1,"Hello, ""world""",email\r\nc2,"two\nlines",chat\r\nn1,updated,email\r\n'
  const before = new Date().toISOString()
  await page.getByLabel('Choose a file').setInputFiles({ name: 'tickets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await expect(page.getByLabel('External id')).toHaveValue('key')
  await page.getByLabel('Field “Ticket”').selectOption('message')
  await page.getByRole('button', { name: 'Import tickets.csv' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(/Imported: 2 created, 1 updated./)
  const { items } = await grace.get<{ items: { external_id: string; data: unknown; metadata: unknown }[] }>(
    `/projects/${w.projectId}/items?limit=1000&updated_after=${encodeURIComponent(before)}`,
  )
  const c1 = items.find((item) => item.external_id === 'c1')
  expect(c1).toMatchObject({ data: { text: 'Hello, "world"' }, metadata: { channel: 'email' } })
})

test('a manager downloads the export in each format, filtered', async ({ world, signUp, browse }) => {
  const w = await world({ items: tickets(5) })
  const grace = await managerOf(w, signUp)
  const ann = await w.join('Ann', 'annotator')
  const lease = await ann.post<{ item: { id: string } }>(`/projects/${w.projectId}/queue/next`)
  await ann.post(`/items/${lease.item.id}/annotations`, { value: { sentiment: 'positive' } })
  const page = await browse(grace)
  await page.goto(`/projects/${w.projectId}/export`)

  const download = async () => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()])
    const path = await file.path()
    const { readFileSync } = await import('node:fs')
    return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') }
  }
  const jsonl = await download()
  expect(jsonl.name).toMatch(/\.jsonl$/)
  expect(jsonl.text.trim().split('\n')).toHaveLength(5)

  await page.getByLabel('Status').selectOption('annotated')
  await page.getByLabel(/^CSV/).check()
  const csv = await download()
  expect(csv.name).toMatch(/\.csv$/)
  expect(csv.text).toContain('positive')
  expect(csv.text.trim().split('\n')).toHaveLength(2)

  await page.getByLabel('Status').selectOption('')
  await page.getByLabel(/^JSON —/).check()
  await page.getByLabel('Changed after').fill('2999-01-01T00:00')
  const json = await download()
  expect(JSON.parse(json.text)).toEqual({ items: [] })
})

test('a manager builds an annotation UI in the editor with a live preview, publishes it, sees refusals at their control and diffs versions', async ({ world, signUp, browse }) => {
  const w = await world({})
  const grace = await managerOf(w, signUp)
  const page = await browse(grace)
  await page.goto(`/orgs/${w.orgId}/projects`)
  await page.getByLabel('Name').fill('App reviews')
  await page.getByRole('button', { name: 'Create project' }).click()
  await expect(page.getByRole('heading', { name: 'Annotation UI' })).toBeVisible()
  await expect(page.getByText('Nothing published yet')).toBeVisible()
  const projectId = /\/projects\/([^/]+)\/ui/.exec(page.url())?.[1] ?? ''

  // The starter: one text field and one question; rename, relabel, add a rating.
  await page.locator('#field-0-label').fill('Review')
  await page.locator('#question-0-name').fill('sentiment')
  await page.locator('#question-0-prompt').fill('Sentiment')
  await page.locator('#question-0-labels').fill('positive\nnegative\nmixed')
  await page.locator('#question-0-labels').blur()
  await page.getByRole('button', { name: 'Add a question' }).click()
  await page.locator('#question-1-name').fill('stars')
  await page.locator('#question-1-type').selectOption('rating')
  await page.locator('#question-1-prompt').fill('Stars')
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.getByText('Review', { exact: true })).toBeVisible()
  await expect(preview.getByRole('radio', { name: 'mixed' })).toBeVisible()
  await expect(preview.getByRole('group', { name: /Stars/ })).toBeVisible()
  await preview.getByRole('radio', { name: 'negative' }).check()

  // A rating whose highest is below its lowest: the server's problem shows at "Highest".
  await page.locator('#question-1-max').fill('0')
  await page.getByRole('button', { name: 'Publish as a new version' }).click()
  await expect(page.locator('#question-1-max')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#question-1-max-error')).toBeVisible()
  await page.locator('#question-1-max').fill('5')
  await page.getByRole('button', { name: 'Publish as a new version' }).click()
  await expect(page.getByRole('status')).toContainText('Published version 1')
  const { annotation_ui: v1 } = await grace.get<{ annotation_ui: { schema: { questions: { name: string; labels?: string[] }[] } } }>(
    `/projects/${projectId}/annotation-ui`,
  )
  expect(v1.schema.questions.map((q) => q.name)).toEqual(['sentiment', 'stars'])
  expect(v1.schema.questions[0]?.labels).toEqual(['positive', 'negative', 'mixed'])

  // With items imported, a new field they lack is refused at that field.
  await grace.post(`/projects/${projectId}/items`, { items: [{ external_id: 'r1', data: { text: 'Great app' } }] })
  await page.getByRole('button', { name: 'Add a field' }).click()
  await page.locator('#field-1-name').fill('title')
  await page.getByRole('button', { name: 'Publish as a new version' }).click()
  await expect(page.locator('[data-field-index="1"]')).toContainText('items lack `title`')
  await expect(page.locator('#field-1-name')).toHaveAttribute('aria-invalid', 'true')
  await page.getByRole('button', { name: 'Remove field title' }).click()

  // The JSON view edits the same schema.
  await page.getByRole('button', { name: 'JSON' }).click()
  const json = page.getByLabel('Schema as JSON')
  const schema = JSON.parse(await json.inputValue()) as { questions: { name: string; required?: boolean }[] }
  schema.questions[1]!.required = false
  await json.fill('{ not json')
  await expect(page.getByText(/^Not JSON/)).toBeVisible()
  await json.fill(JSON.stringify(schema, null, 2))
  await page.getByRole('button', { name: 'Publish as a new version' }).click()
  await expect(page.getByRole('status')).toContainText('Published version 2')
  await expect(page.getByText('Version 2 in force')).toBeVisible()

  // The versions, and what changed from 1 to 2.
  await expect(page.getByRole('region', { name: 'Annotation UI versions' }).getByRole('row')).toHaveCount(3)
  const diff = page.getByRole('region', { name: 'Changes from version 1 to 2' })
  await expect(diff.locator('del')).toContainText('"required": true')
  await expect(diff.locator('ins')).toContainText('"required": false')
})

test('a manager writes and publishes a guideline with a sanitized preview, and diffs its versions', async ({ world, signUp, browse }) => {
  const w = await world({ guideline: '# Sentiment\n\nLabel the tone.' })
  const grace = await managerOf(w, signUp)
  const page = await browse(grace)
  await page.goto(`/projects/${w.projectId}/guideline`)
  await expect(page.getByText('Version 1 published')).toBeVisible()
  const source = page.getByLabel('Markdown')
  await expect(source).toHaveValue('# Sentiment\n\nLabel the tone.')

  await source.fill('# Sentiment\n\nLabel the **overall** tone.\n\n<img src=x onerror="alert(1)">\n\n- positive: thanks')
  const preview = page.getByRole('region', { name: 'Preview' })
  await expect(preview.locator('strong')).toHaveText('overall')
  await expect(preview.getByRole('listitem')).toHaveText('positive: thanks')
  // Raw HTML is shown as text, never run.
  await expect(preview).toContainText('<img src=x onerror="alert(1)">')
  await expect(preview.locator('img')).toHaveCount(0)

  await page.getByRole('button', { name: 'Publish the guideline' }).click()
  await expect(page.getByRole('status')).toContainText('Published version 2')
  const { guideline } = await grace.get<{ guideline: { version: number; text: string } }>(`/projects/${w.projectId}/guideline`)
  expect(guideline.version).toBe(2)
  expect(guideline.text).toContain('**overall**')

  const diff = page.getByRole('region', { name: 'Guideline changes from version 1 to 2' })
  await expect(diff.locator('del')).toHaveText(/Label the tone\./)
  await expect(diff.locator('ins').first()).toContainText('Label the **overall** tone.')

  // A blank guideline is refused at the text box.
  await source.fill('   ')
  await page.getByRole('button', { name: 'Publish the guideline' }).click()
  await expect(page.locator('#guideline-text-error')).toBeVisible()
  await expect(source).toHaveAttribute('aria-invalid', 'true')
  expect(dialogsOf(page)).toEqual([])
})
