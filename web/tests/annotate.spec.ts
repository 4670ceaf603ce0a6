/**
 * The annotator's day, in the browser, keyboard only: joining from an
 * invitation link, labelling, skipping, going back to change an answer, and a
 * reload that loses nothing typed. What the browser stored is checked through
 * the API.
 */
import { expect, itemOnScreen, labelAndNext, tabTo, test, tickets, type Person } from './support/fixtures'

interface Annotation {
  id: string
  item_id: string
  value: Record<string, unknown>
  time_spent_ms: number | null
  guideline_version: number | null
}

async function annotationsOf(person: Person, projectId: string): Promise<Annotation[]> {
  const history = await person.get<{ entries: { annotation: Annotation; item: { external_id: string } }[] }>(
    `/projects/${projectId}/my-annotations?limit=100`,
  )
  return history.entries.map((entry) => ({ ...entry.annotation, external_id: entry.item.external_id }))
}

test('an invited annotator signs up from the link and labels ten items with the keyboard alone', async ({ world, browse }) => {
  const w = await world({ items: tickets(12), guideline: '# Sentiment\n\nLabel the *overall* tone.' })
  const email = `ann-${Date.now()}@example.com`
  const link = await w.invite(email, 'annotator')

  const page = await browse(null)
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'You are invited' })).toBeVisible()
  await tabTo(page, page.getByLabel('Your name'))
  await page.keyboard.type('Ann Annotator')
  await page.keyboard.press('Tab')
  await page.keyboard.type(email)
  await page.keyboard.press('Tab')
  await page.keyboard.type('correct horse battery staple')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Welcome, Ann Annotator' })).toBeVisible()

  // The manager assigns the newcomer to the project; the home screen then offers it.
  const { members } = await w.owner.get<{ members: { user_id: string; email: string }[] }>(`/organizations/${w.orgId}/members`)
  const ann = members.find((m) => m.email === email)
  expect(ann).toBeDefined()
  await w.owner.post(`/projects/${w.projectId}/members`, { user_id: ann?.user_id })
  await page.reload()
  const start = page.getByRole('link', { name: /Start labelling/ })
  await expect(start).toBeVisible()
  await tabTo(page, start)
  await page.keyboard.press('Enter')

  const labels = ['positive', 'negative', 'neutral']
  const chosen = new Map<string, string>()
  for (let i = 0; i < 10; i += 1) {
    const id = (await itemOnScreen(page).textContent()) ?? ''
    const digit = (i % 3) + 1
    await page.keyboard.press(String(digit))
    await expect(page.getByRole('radio', { name: labels[digit - 1] })).toBeChecked()
    chosen.set(id, labels[digit - 1] ?? '')
    await page.keyboard.press('Enter')
    await expect(itemOnScreen(page)).not.toHaveText(id)
  }

  // Checked through the API with the browser's own session (the last answer may still be on its way).
  type History = { entries: { annotation: Annotation; item: { external_id: string } }[] }
  const read = async () =>
    (await (await page.request.get(`${w.baseURL}/api/v1/projects/${w.projectId}/my-annotations?limit=100`)).json()) as History
  await expect.poll(async () => (await read()).entries.length).toBe(10)
  for (const { annotation, item } of (await read()).entries) {
    expect(annotation.value).toEqual({ sentiment: chosen.get(item.external_id) })
    expect(annotation.time_spent_ms).toBeGreaterThan(0)
    expect(annotation.guideline_version).toBe(1)
  }
})

test('skipping an item moves on and the item is not offered again', async ({ world, browse }) => {
  const w = await world({ items: tickets(3) })
  const ann = await w.join('Ann', 'annotator')
  const page = await browse(ann)
  await page.goto(`/projects/${w.projectId}/annotate`)
  const first = (await itemOnScreen(page).textContent()) ?? ''
  await page.keyboard.press('s')
  await expect(itemOnScreen(page)).not.toHaveText(first)
  await labelAndNext(page, 1)
  await labelAndNext(page, 1)
  await expect(page.getByRole('heading', { name: 'Nothing left for you here' })).toBeVisible()
  const progress = await ann.get<{ progress: { annotated: number; skipped: number; left: number } }>(
    `/projects/${w.projectId}/queue/progress`,
  )
  expect(progress.progress).toMatchObject({ annotated: 2, skipped: 1, left: 0 })
  const done = await annotationsOf(ann, w.projectId)
  expect(done.map((a) => (a as Annotation & { external_id: string }).external_id)).not.toContain(first)
})

test('going back with Ctrl+Z changes my previous answer and returns to the item I was on', async ({ world, browse }) => {
  const w = await world({ items: tickets(4) })
  const ann = await w.join('Ann', 'annotator')
  const page = await browse(ann)
  await page.goto(`/projects/${w.projectId}/annotate`)
  const first = (await itemOnScreen(page).textContent()) ?? ''
  await page.keyboard.press('1')
  await page.keyboard.press('Enter')
  await expect(itemOnScreen(page)).not.toHaveText(first)
  const second = (await itemOnScreen(page).textContent()) ?? ''
  await page.keyboard.press('3')

  await page.keyboard.press('Control+z')
  await expect(page.getByText('Changing a previous item', { exact: true })).toBeVisible()
  await expect(itemOnScreen(page)).toHaveText(first)
  await expect(page.getByRole('radio', { name: 'positive' })).toBeChecked()
  await page.keyboard.press('2')
  await page.keyboard.press('Enter')

  await expect(page.getByText('Your change is saved')).toBeVisible()
  await expect(itemOnScreen(page)).toHaveText(second)
  // What I had picked on the item I left is still there.
  await expect(page.getByRole('radio', { name: 'neutral' })).toBeChecked()
  const [only] = await annotationsOf(ann, w.projectId)
  expect(only?.value).toEqual({ sentiment: 'negative' })
})

test('a reload in the middle of an item keeps what was typed', async ({ world, browse }) => {
  const w = await world({
    items: tickets(2),
    schema: {
      fields: [{ name: 'text', kind: 'text' }],
      questions: [
        { name: 'sentiment', type: 'single_label', labels: ['positive', 'negative'] },
        { name: 'note', type: 'text', prompt: 'Note', max_length: 200 },
      ],
    },
  })
  const ann = await w.join('Ann', 'annotator')
  const page = await browse(ann)
  await page.goto(`/projects/${w.projectId}/annotate`)
  const item = (await itemOnScreen(page).textContent()) ?? ''
  await page.keyboard.press('2')
  await page.getByLabel('Note').focus()
  await page.keyboard.type('Half-written 🙂 thought')
  await page.reload()
  await expect(itemOnScreen(page)).toHaveText(item)
  await expect(page.getByText('Restored what you had typed before.')).toBeVisible()
  await expect(page.getByRole('radio', { name: 'negative' })).toBeChecked()
  await expect(page.getByLabel('Note')).toHaveValue('Half-written 🙂 thought')
  await page.getByLabel('Note').focus()
  await page.keyboard.press('Enter')
  await expect(itemOnScreen(page)).not.toHaveText(item)
  await expect
    .poll(async () => (await annotationsOf(ann, w.projectId))[0]?.value)
    .toEqual({ sentiment: 'negative', note: 'Half-written 🙂 thought' })
})
