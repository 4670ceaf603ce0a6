/**
 * The project console, through its real screens: a manager creates a project,
 * archives and restores it, and watches the dashboard fill while annotators
 * work through the API.
 */
import { expect, test, tickets, type Person, type World } from './support/fixtures'

/** A manager of `w`'s organization (not assigned to any project). */
async function managerOf(w: World, signUp: (who: string) => Promise<Person>): Promise<Person> {
  const grace = await signUp('Grace Manager')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: grace.user.email, role: 'manager' })
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
  await page.getByLabel('External id contains').fill('t11')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByRole('status')).toContainText('Search done: 10 found in 120 items read')
  await expect(rows).toHaveCount(11)

  await page.goto(`/projects/${w.projectId}/items?status=rejected`)
  await page.getByRole('link', { name: 't001' }).click()
  await expect(page.getByRole('heading', { name: 'Item t001' })).toBeVisible()
  await expect(page.getByText('Ticket number 1: the app does something.', { exact: true })).toBeVisible()
  const card = page.getByRole('article', { name: 'Annotation by Ann' })
  await expect(card).toContainText('negative')
  await expect(card.getByRole('list', { name: 'Reviews' })).toContainText('Rejected by Rita')
  await expect(card).toContainText('The customer is thankful.')
})

test('a manager assigns members to the project and unassigns them', async ({ world, signUp, browse }) => {
  const w = await world({ items: tickets(3) })
  const grace = await managerOf(w, signUp)
  const bob = await signUp('Bob Annotator')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: bob.user.email, role: 'annotator' })
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
