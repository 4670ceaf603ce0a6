/**
 * Every question type answered in the browser, checked as the API stores it:
 * single and multi label, text with a maximum length, a rating, spans over a
 * text with emoji (offsets in code points, as the API counts), and item fields
 * of every kind. Then a refusal from the server (422) shown at its question.
 */
import { expect, itemOnScreen, tabTo, test } from './support/fixtures'

const TEXT = 'Hi 👋🏽 Ada from Zürich — thanks 🙏 for the fix!'

test('every question type is answered with the keyboard and stored as the API counts it', async ({ world, browse }) => {
  const w = await world({
    schema: {
      fields: [
        { name: 'text', kind: 'text', label: 'Message' },
        { name: 'photo', kind: 'image', label: 'Photo' },
        { name: 'clip', kind: 'audio', label: 'Recording' },
        { name: 'score', kind: 'number', label: 'Score' },
        { name: 'meta', kind: 'json', label: 'Details' },
      ],
      questions: [
        { name: 'sentiment', type: 'single_label', prompt: 'Sentiment', labels: ['positive', 'negative'] },
        { name: 'topics', type: 'multi_label', prompt: 'Topics', labels: ['billing', 'bug', 'praise'] },
        { name: 'stars', type: 'rating', prompt: 'Stars', min: 1, max: 5 },
        { name: 'entities', type: 'spans', prompt: 'Entities', field: 'text', labels: ['PERSON', 'PLACE'] },
        { name: 'summary', type: 'text', prompt: 'Summary', max_length: 12 },
      ],
    },
    items: [
      {
        external_id: 'm1',
        data: {
          text: TEXT,
          photo: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%2210%22 height=%2210%22/%3E',
          clip: 'https://example.invalid/clip.ogg',
          score: 1234.5,
          meta: { channel: 'email', tags: ['vip'] },
        },
      },
    ],
  })
  const ann = await w.join('Ann', 'annotator')
  const page = await browse(ann)
  await page.goto(`/projects/${w.projectId}/annotate`)
  await expect(itemOnScreen(page)).toHaveText('m1')
  await expect(page.locator('.kind-json pre')).toHaveText(JSON.stringify({ channel: 'email', tags: ['vip'] }, null, 2))
  await expect(page.locator('.kind-number')).toContainText('1,234.5')
  await expect(page.getByRole('img', { name: 'Photo of the item' })).toBeVisible()

  // Single label: 2 picks "negative" and moves on to Topics.
  await page.keyboard.press('2')
  await expect(page.getByRole('radio', { name: 'negative' })).toBeChecked()
  // Multi label: 1 and 2 toggle billing and bug; 1 again unticks billing.
  await page.keyboard.press('1')
  await page.keyboard.press('2')
  await page.keyboard.press('1')
  await expect(page.getByRole('checkbox', { name: 'bug' })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'billing' })).not.toBeChecked()
  // On to the rating (each checkbox is a stop of its own: Tab past the last one).
  await tabTo(page, page.getByRole('radio', { name: '1', exact: true }), 4)
  await page.keyboard.press('4')
  await expect(page.getByRole('radio', { name: '4', exact: true })).toBeChecked()

  // Spans, keyboard only: in the read-only copy of the text, select "Ada" and "Zürich" with Shift+arrows.
  const copy = page.getByLabel('Text of text to select from')
  await expect(copy).toBeFocused()
  const select = async (from: number, length: number) => {
    await page.keyboard.press('Control+Home')
    for (let i = 0; i < from; i += 1) await page.keyboard.press('ArrowRight')
    for (let i = 0; i < length; i += 1) await page.keyboard.press('Shift+ArrowRight')
  }
  // In the browser "Hi 👋🏽 " is 3 + 4 UTF-16 units; arrow keys move over whole graphemes (👋🏽 is one).
  await select(5, 3)
  await page.keyboard.press('1')
  await select(14, 6)
  await page.keyboard.press('2')
  const marked = page.getByRole('list', { name: 'Marked spans' })
  await expect(marked.getByRole('listitem')).toHaveCount(2)
  await expect(marked).toContainText('Ada')
  await expect(marked).toContainText('Zürich')
  await expect(page.locator('.passage mark')).toHaveText(['Ada', 'Zürich'])

  // Text with a maximum length counted in code points: 12 allowed, the emoji counts as one.
  const summary = page.getByLabel('Summary')
  await summary.focus()
  await page.keyboard.type('Too long by one!')
  await page.keyboard.press('Enter')
  await expect(page.getByText('At most 12 characters.')).toBeVisible()
  await summary.fill('Thanks 🙏 Ada')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Nothing left for you here' })).toBeVisible()

  const { entries } = await ann.get<{ entries: { annotation: { value: Record<string, unknown> } }[] }>(
    `/projects/${w.projectId}/my-annotations`,
  )
  const chars = Array.from(TEXT)
  const at = (word: string) => {
    const index = chars.findIndex((_, i) => chars.slice(i, i + Array.from(word).length).join('') === word)
    return { start: index, end: index + Array.from(word).length }
  }
  expect(entries[0]?.annotation.value).toEqual({
    sentiment: 'negative',
    topics: ['bug'],
    stars: 4,
    entities: [
      { ...at('Ada'), label: 'PERSON' },
      { ...at('Zürich'), label: 'PLACE' },
    ],
    summary: 'Thanks 🙏 Ada',
  })
})

test('a refusal of the server is shown at the question it is about', async ({ world, browse }) => {
  const w = await world({
    items: [{ external_id: 'q1', data: { text: 'Is it fixed?' } }],
    schema: {
      fields: [{ name: 'text' }],
      questions: [{ name: 'sentiment', type: 'single_label', prompt: 'Sentiment', labels: ['positive', 'negative', 'neutral'] }],
    },
  })
  const ann = await w.join('Ann', 'annotator')
  const page = await browse(ann)
  await page.goto(`/projects/${w.projectId}/annotate`)
  await expect(itemOnScreen(page)).toHaveText('q1')
  // While Ann works, the manager publishes a version without "neutral".
  await w.owner.put(`/projects/${w.projectId}/annotation-ui`, {
    schema: { fields: [{ name: 'text' }], questions: [{ name: 'sentiment', type: 'single_label', labels: ['positive', 'negative'] }] },
  })
  await page.keyboard.press('3')
  await page.keyboard.press('Enter')
  const question = page.getByRole('group', { name: /Sentiment/ })
  await expect(question.getByText('`neutral` is not one of the labels.')).toBeVisible()
  await expect(question).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByRole('radio', { name: 'neutral' })).toBeFocused()
})

test('a sign-up refused by the server shows each problem next to its field', async ({ browse }) => {
  const page = await browse(null)
  await page.goto('/signup')
  await page.getByLabel('Your name').fill('Short Password')
  await page.getByLabel('Email').fill('not-an-email')
  await page.getByLabel('Password').fill('short')
  await page.getByRole('button', { name: 'Create account' }).click()
  const password = page.getByLabel('Password')
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  const describedBy = (await password.getAttribute('aria-describedby')) ?? ''
  await expect(page.locator(`[id="${describedBy.split(' ').at(-1)}"]`)).toContainText(/10/)
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
})
