/**
 * The work queue as two people see it at once, and what the screen says when
 * the item on it cannot be finished any more.
 */
import { expect, itemOnScreen, test, tickets } from './support/fixtures'

test('two annotators in two browsers never get the same item beyond the overlap', async ({ world, browse }) => {
  const w = await world({ items: tickets(8), overlap: 1 })
  const pages = await Promise.all([
    w.join('Ann', 'annotator').then((ann) => browse(ann)),
    w.join('Cy', 'annotator').then((cy) => browse(cy)),
  ])
  await Promise.all(pages.map((page) => page.goto(`/projects/${w.projectId}/annotate`)))
  const seen: string[][] = [[], []]
  // Both work at the same time, item after item, until neither has anything left.
  const work = pages.map(async (page, who) => {
    for (;;) {
      const end = page.getByRole('heading', { name: 'Nothing left for you here' })
      const item = itemOnScreen(page)
      await expect(end.or(item)).toBeVisible()
      if (await end.isVisible()) return
      const id = (await item.textContent()) ?? ''
      seen[who]?.push(id)
      await page.keyboard.press('1')
      await page.keyboard.press('Enter')
      await expect(end.or(item.filter({ hasNotText: id }))).toBeVisible()
    }
  })
  await Promise.all(work)
  const [ann = [], cy = []] = seen
  expect(ann.filter((id) => cy.includes(id))).toEqual([])
  expect([...ann, ...cy].sort()).toEqual(tickets(8).map((t) => t.external_id))
})

test('an item that filled up while my reservation had run out is explained and the next one offered', async ({
  world,
  browse,
}) => {
  const w = await world({ items: tickets(3), overlap: 1, leaseSeconds: 10 })
  const ann = await w.join('Ann', 'annotator')
  const cy = await w.join('Cy', 'annotator')
  const page = await browse(ann)
  await page.clock.install()
  await page.goto(`/projects/${w.projectId}/annotate`)
  // The page's clock stops: it does not renew its leases, as a laptop put to sleep would not.
  await page.clock.pauseAt(Date.now() + 1000)
  const mine = (await itemOnScreen(page).textContent()) ?? ''
  await page.keyboard.press('2')
  await page.waitForTimeout(11_000)
  // Meanwhile Cy gets the same item (Ann's lease expired) and annotates it.
  const items = await w.owner.get<{ items: { id: string; external_id: string }[] }>(`/projects/${w.projectId}/items`)
  const taken = new Set<string>()
  for (;;) {
    const lease = await cy.post<{ item: { id: string; external_id: string } } | undefined>(`/projects/${w.projectId}/queue/next`)
    if (!lease || taken.has(lease.item.id)) break
    taken.add(lease.item.id)
    await cy.post(`/items/${lease.item.id}/annotations`, { value: { sentiment: 'positive' } })
    if (lease.item.external_id === mine) break
  }
  expect(items.items.find((i) => i.external_id === mine)).toBeDefined()
  await page.keyboard.press('Enter')
  await expect(page.getByText(/got all the annotations it needs/)).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Nothing left for you here' }).or(itemOnScreen(page).filter({ hasNotText: mine }))).toBeVisible()
})
