/**
 * Model predictions in the browser: a manager turns them on in the project's
 * settings; the annotator's form then opens with the newest prediction's
 * answers, a note naming the model and its score per answer, and the answer
 * sent names the prediction it started from (checked through the API). Off,
 * the form starts empty and no prediction is asked for; Clear empties it and
 * the answer names no prediction; a refusal (`predictions_hidden`, the setting
 * changed meanwhile) leaves the screen working. Keyboard only where it says
 * so; axe on every screen touched, in both colour schemes.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, itemOnScreen, test, tickets, type Person, type Schema, type World } from './support/fixtures'

const SCHEMA: Schema = {
  fields: [{ name: 'text', kind: 'text', label: 'Ticket' }],
  questions: [
    { name: 'sentiment', type: 'single_label', prompt: 'Sentiment', labels: ['positive', 'negative', 'neutral'] },
    { name: 'topics', type: 'multi_label', prompt: 'Topics', labels: ['billing', 'bug'], required: false },
    { name: 'summary', type: 'text', prompt: 'Summary', max_length: 80, required: false },
  ],
}

const MODEL = 'sentiment-bert'
const VERSION = '2026-11-30'

interface Annotation {
  id: string
  item_id: string
  value: Record<string, unknown>
  prediction_id?: string | null
}

interface Prediction {
  id: string
  model: string
  model_version: string
}

async function noViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe on ${screen}`).toEqual([])
}

/** A manager of `w`'s organization (not assigned to the project). */
async function managerOf(w: World, signUp: (who: string) => Promise<Person>): Promise<Person> {
  const grace = await signUp('Grace Manager')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: grace.user.email, role: 'manager' })
  await grace.post(`/me/pending-memberships/${w.orgId}/accept`)
  return grace
}

/** Imports predictions of `MODEL` `VERSION` (or the entry's own) by external id. */
async function importPredictions(
  w: World,
  entries: { external_id: string; value: Record<string, unknown>; scores?: Record<string, number>; model?: string; model_version?: string }[],
): Promise<void> {
  const predictions = entries.map((entry) => ({ model: MODEL, model_version: VERSION, ...entry }))
  const answer = await w.owner.post<{ imported: number }>(`/projects/${w.projectId}/predictions`, { predictions })
  expect(answer.imported).toBe(entries.length)
}

const setShowPredictions = async (w: World, on: boolean) =>
  expect((await w.owner.raw('PATCH', `/projects/${w.projectId}`, { show_predictions: on })).status).toBe(200)

/** My annotations in the project, by the external id of their item (as the server has them). */
async function mine(person: Person, projectId: string): Promise<Map<string, Annotation>> {
  const history = await person.get<{ entries: { annotation: Annotation; item: { external_id: string } }[] }>(
    `/projects/${projectId}/my-annotations?limit=100`,
  )
  return new Map(history.entries.map((entry) => [entry.item.external_id, entry.annotation]))
}

/** The newest prediction of an item, as the owner reads it. */
async function newestPrediction(w: World, itemId: string): Promise<Prediction | undefined> {
  const { predictions } = await w.owner.get<{ predictions: Prediction[] }>(`/items/${itemId}/predictions`)
  return predictions[0]
}

/** Counts the page's requests for predictions. */
function countPredictionRequests(page: Page): { count: () => number } {
  let count = 0
  page.on('request', (request) => {
    if (/\/api\/v1\/items\/[^/]+\/predictions(\?|$)/.test(request.url())) count += 1
  })
  return { count: () => count }
}

const note = (page: Page) => page.getByRole('note', { name: /^Pre-filled by/ })
const clearButton = (page: Page) => page.getByRole('button', { name: 'Clear the pre-filled answers' })
const marks = (page: Page) => page.getByTestId('predicted-mark')

/** Presses Shift+Tab until `target` has the focus. */
async function shiftTabTo(page: Page, target: ReturnType<Page['locator']>, limit = 20): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return
    await page.keyboard.press('Shift+Tab')
  }
  throw new Error(`Shift+Tab never reached ${target.toString()}`)
}

test('a manager shows predictions; the annotator starts from the model, keyboard only, and the answers name the prediction', async ({
  world,
  signUp,
  browse,
}, testInfo) => {
  const w = await world({ schema: SCHEMA, items: tickets(3) })
  const grace = await managerOf(w, signUp)
  const ann = await w.join('Ann Lee', 'annotator')
  // An older import of another model, then the newest: the form starts from the newest.
  await importPredictions(w, [
    { external_id: 't001', value: { sentiment: 'positive' }, model: 'keyword-baseline', model_version: '0.3' },
    { external_id: 't002', value: { sentiment: 'positive' }, model: 'keyword-baseline', model_version: '0.3' },
  ])
  await importPredictions(w, [
    { external_id: 't001', value: { sentiment: 'negative', topics: ['billing'] }, scores: { sentiment: 0.916, topics: 0.61 } },
    { external_id: 't002', value: { sentiment: 'neutral' } },
  ])

  // The manager turns the setting on, with the keyboard.
  const settings = await browse(grace)
  await settings.goto(`/projects/${w.projectId}/settings`)
  const toggle = settings.getByRole('checkbox', { name: 'Show model predictions to annotators' })
  await expect(toggle).not.toBeChecked()
  await expect(toggle).toHaveAccessibleDescription(/^Pre-filled answers speed labelling up, but can anchor annotators to the model's answers\.$/)
  await toggle.focus()
  await settings.keyboard.press('Space')
  await expect(toggle).toBeChecked()
  await settings.screenshot({ path: testInfo.outputPath('settings-toggle.png'), fullPage: true })
  await settings.getByRole('button', { name: 'Save settings' }).focus()
  await settings.keyboard.press('Enter')
  await expect(settings.getByRole('status')).toHaveText('Saved.')
  expect((await grace.get<{ project: { show_predictions: boolean } }>(`/projects/${w.projectId}`)).project.show_predictions).toBe(true)
  await settings.reload()
  await expect(settings.getByRole('checkbox', { name: 'Show model predictions to annotators' })).toBeChecked()

  // t001: pre-filled by the newest prediction, its scores beside the answers; Enter sends it as it is.
  const page = await browse(ann)
  await page.goto(`/projects/${w.projectId}/annotate`)
  await expect(itemOnScreen(page)).toHaveText('t001')
  await expect(note(page)).toContainText(`Pre-filled by ${MODEL} ${VERSION}`)
  await expect(page.getByRole('radio', { name: 'negative' })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'billing' })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'bug' })).not.toBeChecked()
  await expect(page.getByLabel('Summary')).toHaveValue('')
  await expect(page.getByRole('group', { name: /^Sentiment/ })).toHaveAccessibleDescription(/The model's answer · 92% confident/)
  await expect(page.getByRole('group', { name: /^Topics/ })).toHaveAccessibleDescription(/The model's answer · 61% confident/)
  await expect(marks(page)).toHaveCount(2)
  await expect(page.getByRole('radio', { name: 'negative' })).toBeFocused()
  await page.screenshot({ path: testInfo.outputPath('prefilled-form.png'), fullPage: true })
  await page.keyboard.press('Enter')
  await expect(itemOnScreen(page)).toHaveText('t002')

  // t002: pre-filled with no score; changed (the mark goes), kept over a reload, sent: it still started from the model.
  await expect(note(page)).toContainText(`Pre-filled by ${MODEL} ${VERSION}`)
  await expect(page.getByRole('radio', { name: 'neutral' })).toBeChecked()
  await expect(page.getByRole('group', { name: /^Sentiment/ })).toHaveAccessibleDescription(/^The model's answer$/)
  await page.keyboard.press('1')
  await expect(page.getByRole('radio', { name: 'positive' })).toBeChecked()
  await expect(marks(page)).toHaveCount(0)
  // t001's answer is sent in the background: the reload waits until the server has it.
  await expect.poll(async () => (await mine(ann, w.projectId)).has('t001')).toBe(true)
  await page.reload()
  await expect(itemOnScreen(page)).toHaveText('t002')
  await expect(page.getByText('Restored what you had typed before.')).toBeVisible()
  await expect(note(page)).toBeVisible()
  await expect(page.getByRole('radio', { name: 'positive' })).toBeChecked()
  await page.keyboard.press('Enter')

  // t003: no prediction, an empty form and no note.
  await expect(itemOnScreen(page)).toHaveText('t003')
  await expect(note(page)).toHaveCount(0)
  await expect(page.getByRole('radio', { name: 'positive' })).not.toBeChecked()
  await page.keyboard.press('3')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Nothing left for you here' })).toBeVisible()

  await expect.poll(async () => (await mine(ann, w.projectId)).size).toBe(3)
  const done = await mine(ann, w.projectId)
  const [t1, t2, t3] = ['t001', 't002', 't003'].map((id) => done.get(id))
  expect(t1?.value).toEqual({ sentiment: 'negative', topics: ['billing'] })
  const p1 = await newestPrediction(w, t1?.item_id ?? '')
  expect(p1).toMatchObject({ model: MODEL, model_version: VERSION })
  expect(t1?.prediction_id).toBe(p1?.id)
  expect(t2?.value).toEqual({ sentiment: 'positive', topics: [] })
  expect(t2?.prediction_id).toBe((await newestPrediction(w, t2?.item_id ?? ''))?.id)
  expect(t3?.value).toEqual({ sentiment: 'neutral', topics: [] })
  expect(t3?.prediction_id ?? null).toBeNull()
  // The annotation itself says so too.
  const { annotation } = await ann.get<{ annotation: Annotation }>(`/annotations/${t1?.id}`)
  expect(annotation.prediction_id).toBe(p1?.id)
})

test('with predictions hidden the form starts empty and no prediction is asked for', async ({ world, browse }) => {
  const w = await world({ schema: SCHEMA, items: tickets(2) })
  const ann = await w.join('Ann Lee', 'annotator')
  await importPredictions(w, [
    { external_id: 't001', value: { sentiment: 'negative' }, scores: { sentiment: 0.9 } },
    { external_id: 't002', value: { sentiment: 'negative' } },
  ])
  // Hidden by default; an annotator asking anyway is refused.
  const { project } = await w.owner.get<{ project: { show_predictions: boolean } }>(`/projects/${w.projectId}`)
  expect(project.show_predictions).toBe(false)

  const page = await browse(ann)
  const requests = countPredictionRequests(page)
  await page.goto(`/projects/${w.projectId}/annotate`)
  await expect(itemOnScreen(page)).toHaveText('t001')
  await expect(page.getByRole('radio', { name: 'negative' })).not.toBeChecked()
  await expect(note(page)).toHaveCount(0)
  await expect(marks(page)).toHaveCount(0)
  await page.keyboard.press('1')
  await page.keyboard.press('Enter')
  await expect(itemOnScreen(page)).toHaveText('t002')
  await expect(page.getByRole('radio', { name: 'negative' })).not.toBeChecked()
  await expect(note(page)).toHaveCount(0)
  await expect.poll(async () => (await mine(ann, w.projectId)).size).toBe(1)
  const t1 = (await mine(ann, w.projectId)).get('t001')
  expect(t1?.value).toEqual({ sentiment: 'positive', topics: [] })
  expect(t1?.prediction_id ?? null).toBeNull()
  expect(requests.count()).toBe(0)
  const refused = await ann.raw('GET', `/items/${t1?.item_id}/predictions`)
  expect(refused.status).toBe(403)
  expect(refused.body).toMatchObject({ code: 'predictions_hidden' })
})

test('Clear empties the pre-filled form, with the keyboard, and the answer names no prediction', async ({ world, browse }) => {
  const w = await world({ schema: SCHEMA, items: tickets(2) })
  const ann = await w.join('Ann Lee', 'annotator')
  await importPredictions(w, [{ external_id: 't001', value: { sentiment: 'negative', topics: ['bug'], summary: 'Broken export.' } }])
  await setShowPredictions(w, true)

  const page = await browse(ann)
  await page.goto(`/projects/${w.projectId}/annotate`)
  await expect(note(page)).toBeVisible()
  await expect(page.getByLabel('Summary')).toHaveValue('Broken export.')
  await expect(marks(page)).toHaveCount(3)
  // From the first answer, back to the note's button.
  await shiftTabTo(page, clearButton(page))
  await expect(clearButton(page)).toHaveAccessibleDescription(new RegExp(`Pre-filled by ${MODEL} ${VERSION}`))
  await page.keyboard.press('Enter')
  await expect(note(page)).toHaveCount(0)
  await expect(page.getByText("Cleared the model's answers: you start from an empty form.")).toBeVisible()
  await expect(page.getByRole('radio', { name: 'negative' })).not.toBeChecked()
  await expect(page.getByRole('checkbox', { name: 'bug' })).not.toBeChecked()
  await expect(page.getByLabel('Summary')).toHaveValue('')
  await expect(marks(page)).toHaveCount(0)
  await expect(page.getByRole('radio', { name: 'positive' })).toBeFocused()
  // Picking the model's own answer again is still not starting from it.
  await page.keyboard.press('2')
  const sent = page.waitForRequest((request) => request.method() === 'POST' && /\/api\/v1\/items\/[^/]+\/annotations$/.test(request.url()))
  await page.keyboard.press('Enter')
  expect((await sent).postDataJSON()).not.toHaveProperty('prediction_id')
  await expect(itemOnScreen(page)).toHaveText('t002')
  await expect.poll(async () => (await mine(ann, w.projectId)).size).toBe(1)
  const t1 = (await mine(ann, w.projectId)).get('t001')
  expect(t1?.value).toEqual({ sentiment: 'negative', topics: [] })
  expect(t1?.prediction_id ?? null).toBeNull()
})

test('predictions turned off meanwhile (403 predictions_hidden) leave the screen working', async ({ world, browse }) => {
  const w = await world({ schema: SCHEMA, items: tickets(3) })
  const ann = await w.join('Ann Lee', 'annotator')
  await importPredictions(w, [
    { external_id: 't001', value: { sentiment: 'negative' } },
    { external_id: 't002', value: { sentiment: 'negative' } },
    { external_id: 't003', value: { sentiment: 'negative' } },
  ])
  await setShowPredictions(w, true)

  const page = await browse(ann)
  const requests = countPredictionRequests(page)
  const refusals: number[] = []
  page.on('response', (response) => {
    if (/\/predictions$/.test(response.url())) refusals.push(response.status())
  })
  // The project still shows predictions when the screen opens; by the first request it no longer does.
  let turnedOff = false
  await page.route('**/api/v1/items/*/predictions', async (route) => {
    if (!turnedOff) {
      turnedOff = true
      await setShowPredictions(w, false)
    }
    await route.continue()
  })
  await page.goto(`/projects/${w.projectId}/annotate`)
  await expect(itemOnScreen(page)).toHaveText('t001')
  await expect(page.getByRole('radio', { name: 'negative' })).not.toBeChecked()
  await expect(note(page)).toHaveCount(0)
  await expect(page.getByRole('alert')).toHaveCount(0)
  await expect.poll(() => refusals).toContain(403)
  await page.keyboard.press('1')
  await page.keyboard.press('Enter')
  await expect(itemOnScreen(page)).toHaveText('t002')
  await expect(note(page)).toHaveCount(0)
  await page.keyboard.press('1')
  await page.keyboard.press('Enter')
  await expect(itemOnScreen(page)).toHaveText('t003')
  await expect(note(page)).toHaveCount(0)
  await expect.poll(async () => (await mine(ann, w.projectId)).size).toBe(2)
  for (const annotation of (await mine(ann, w.projectId)).values()) expect(annotation.prediction_id ?? null).toBeNull()
  // Once refused, no more are asked for: not for the item read ahead, nor for the next ones.
  expect(requests.count()).toBe(1)
  expect(refusals.every((status) => status === 403)).toBe(true)
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the settings toggle and the pre-filled form have no axe violation in the ${colorScheme} scheme, and fit 320 px`, async ({
    world,
    signUp,
    browse,
  }, testInfo) => {
    const w = await world({ schema: SCHEMA, items: tickets(2) })
    const grace = await managerOf(w, signUp)
    const ann = await w.join('Ann Lee', 'annotator')
    await importPredictions(w, [
      { external_id: 't001', value: { sentiment: 'negative', topics: ['billing', 'bug'] }, scores: { sentiment: 0.42, topics: 0.88 } },
    ])
    const fitsWidth = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

    const settings = await browse(grace, { colorScheme })
    await settings.goto(`/projects/${w.projectId}/settings`)
    await settings.getByRole('checkbox', { name: 'Show model predictions to annotators' }).check()
    await noViolations(settings, 'settings, predictions on')
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await expect(settings.getByRole('status')).toHaveText('Saved.')
    await noViolations(settings, 'settings, saved')
    await settings.setViewportSize({ width: 320, height: 640 })
    expect(await fitsWidth(settings)).toBe(true)

    const page = await browse(ann, { colorScheme })
    await page.goto(`/projects/${w.projectId}/annotate`)
    await expect(note(page)).toBeVisible()
    await expect(marks(page)).toHaveText([/42% confident/, /88% confident/])
    await noViolations(page, 'annotate, pre-filled')
    await page.keyboard.press('?')
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden()
    await page.setViewportSize({ width: 320, height: 640 })
    expect(await fitsWidth(page)).toBe(true)
    await page.screenshot({ path: testInfo.outputPath(`prefilled-form-320-${colorScheme}.png`), fullPage: true })
    await clearButton(page).click()
    await expect(page.getByText("Cleared the model's answers: you start from an empty form.")).toBeVisible()
    await noViolations(page, 'annotate, cleared')
    await page.keyboard.press('Enter')
    await expect(page.getByText('This question must be answered.')).toBeVisible()
    await noViolations(page, 'annotate, cleared, with a problem')
  })
}
