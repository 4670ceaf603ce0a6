/**
 * Webhooks in the organization console, on the release binary: an admin adds
 * one and sees its secret once, a loopback URL is refused at its field, an
 * import's `import.finished` event shows in the delivery log with its failed
 * attempt (the sandbox resolves no name) and is redelivered; the webhook is
 * paused, its secret rotated, and deleted. Managers neither see the section
 * nor reach it by deep link. Adding one works from the keyboard alone, and
 * the screens pass axe-core.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, tabTo, test, tickets } from './support/fixtures'

const HOOK = 'https://hooks.example.com/labelwell'

async function noViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found, `axe on ${screen}`).toEqual([])
}

const sectionsOf = (page: Page) => page.getByRole('navigation', { name: 'Organization' }).getByRole('link')

test('an admin adds a webhook, sees its secret once, follows a delivery, redelivers it, pauses and deletes it', async ({
  world,
  browse,
}, testInfo) => {
  test.setTimeout(120_000)
  const w = await world({})
  const admin = await w.join('Ada Admin', 'admin')

  const page = await browse(admin)
  await page.goto(`/orgs/${w.orgId}/members`)
  await sectionsOf(page).filter({ hasText: 'Webhooks' }).click()
  await expect(page).toHaveURL(`/orgs/${w.orgId}/webhooks`)
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible()
  await expect(page.getByText('No webhooks yet.')).toBeVisible()
  await noViolations(page, 'webhooks, none yet')

  // A loopback address is refused at the URL field.
  const url = page.getByLabel('URL', { exact: true })
  await url.fill('http://127.0.0.1:9/hook')
  await page.getByRole('checkbox', { name: /import\.finished/ }).check()
  await page.getByRole('button', { name: 'Add webhook' }).click()
  await expect(url).toHaveAttribute('aria-invalid', 'true')
  await expect(url).toHaveAccessibleDescription(/loopback/)
  await noViolations(page, 'webhooks, a refused URL')
  // No event at all is refused at the events.
  await url.fill(HOOK)
  await page.getByRole('checkbox', { name: /import\.finished/ }).uncheck()
  await page.getByRole('button', { name: 'Add webhook' }).click()
  await expect(page.getByRole('group', { name: 'Events' }).locator('.field-error')).toBeVisible()
  await expect(url).not.toHaveAttribute('aria-invalid', 'true')

  // Added for every project, with two events.
  await page.getByRole('checkbox', { name: /import\.finished/ }).check()
  await page.getByRole('checkbox', { name: /release\.created/ }).check()
  await expect(page.getByLabel('Project').locator('option')).toHaveText(['All projects', 'Support tickets'])
  await page.getByLabel('Description (optional)').fill('Retrain on new data')
  await page.getByRole('button', { name: 'Add webhook' }).click()
  const secret = page.getByTestId('webhook-secret')
  await expect(secret).toContainText('Store it now: it is never shown again.')
  await expect(secret.getByRole('region', { name: `Signing secret of ${HOOK}` })).toHaveText(/^whsec_\S+$/)
  await expect(secret.getByRole('button', { name: 'Copy the signing secret' })).toBeVisible()
  const row = page.locator(`tr[data-webhook="${HOOK}"]`)
  await expect(row).toContainText('import.finished')
  await expect(row).toContainText('release.created')
  await expect(row).toContainText('All projects')
  await expect(row.getByText('active', { exact: true })).toBeVisible()
  await noViolations(page, 'webhooks, a secret shown')
  await page.screenshot({ path: testInfo.outputPath('webhooks-secret.png'), fullPage: true })

  // Shown once: not after a reload.
  await page.reload()
  await expect(row).toBeVisible()
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0)
  await expect(page.getByText(/whsec_/)).toHaveCount(0)

  // An import causes an import.finished event; its delivery fails (no DNS here) and is logged.
  await w.owner.post(`/projects/${w.projectId}/items`, { items: tickets(3) })
  await row.getByRole('link', { name: `Deliveries of ${HOOK}` }).click()
  await expect(page.getByRole('heading', { name: 'Webhook deliveries', level: 1 })).toBeVisible()
  const delivery = page.locator('tr[data-event-type="import.finished"]')
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect(delivery.locator('[data-column="attempts"]')).toHaveText(/^[1-9]\d*$/, { timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(delivery).toHaveCount(1)
  await expect(delivery.locator('[data-column="last-response"]')).toHaveText('no answer')
  await delivery.getByRole('button', { name: /^Details of the import\.finished event/ }).click()
  const detail = page.getByRole('region', { name: 'Delivery of the import.finished event' })
  const attempts = detail.locator('tr.attempt')
  await expect(attempts.first()).toContainText('no answer')
  await expect(attempts.first()).toContainText(/could not resolve hooks\.example\.com/)
  await expect(attempts.first()).toContainText(/\d+ ms/)
  await expect(detail.getByRole('region', { name: 'Payload' })).toContainText('"type": "import.finished"')
  await expect(detail.getByRole('region', { name: 'Payload' })).toContainText('"created": 3')
  await noViolations(page, 'the delivery log with a delivery open')
  await page.screenshot({ path: testInfo.outputPath('webhook-deliveries.png'), fullPage: true })

  // Redelivered: one more attempt.
  const before = Number(await delivery.locator('[data-column="attempts"]').textContent())
  await detail.getByRole('button', { name: 'Redeliver' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'queued to be delivered again' })).toBeVisible()
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect(delivery.locator('[data-column="attempts"]')).toHaveText(new RegExp(`^(?!${before}$)\\d+$`), { timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  expect(await attempts.count()).toBeGreaterThan(before)

  // The filter: no succeeded deliveries; the address keeps it.
  await page.getByLabel('Status', { exact: true }).selectOption('succeeded')
  await expect(page).toHaveURL(/status=succeeded/)
  await expect(page.getByText('No deliveries that are succeeded yet.')).toBeVisible()
  await page.getByLabel('Status', { exact: true }).selectOption('')
  await expect(delivery).toHaveCount(1)

  // Paused, resumed, events changed, secret rotated, then deleted.
  await page.getByRole('link', { name: 'All webhooks' }).click()
  await row.getByRole('button', { name: `Pause ${HOOK}` }).click()
  await expect(row.getByText('paused', { exact: true })).toBeVisible()
  const listed = await admin.get<{ webhooks: { url: string; active: boolean }[] }>(`/organizations/${w.orgId}/webhooks`)
  expect(listed.webhooks.find((h) => h.url === HOOK)?.active).toBe(false)
  await row.getByRole('button', { name: `Resume ${HOOK}` }).click()
  await expect(row.getByText('active', { exact: true })).toBeVisible()

  await row.getByRole('button', { name: `Edit events of ${HOOK}` }).click()
  const edit = page.getByRole('dialog', { name: `Edit the events of ${HOOK}` })
  await edit.getByRole('checkbox', { name: /release\.created/ }).uncheck()
  await edit.getByRole('checkbox', { name: /review\.created/ }).check()
  await edit.getByRole('button', { name: 'Save events' }).click()
  await expect(edit).toBeHidden()
  await expect(row).toContainText('review.created')
  await expect(row).not.toContainText('release.created')

  await row.getByRole('button', { name: `Rotate secret of ${HOOK}` }).click()
  const rotate = page.getByRole('dialog', { name: `Rotate the secret of ${HOOK}` })
  await expect(rotate.getByLabel('The old secret keeps signing for').locator('option')).toHaveText([
    'None: retire the old secret now',
    '1 hour',
    '1 day',
  ])
  await rotate.getByLabel('The old secret keeps signing for').selectOption('86400')
  await rotate.getByRole('button', { name: 'Rotate secret' }).click()
  await expect(rotate).toBeHidden()
  await expect(page.getByTestId('webhook-secret')).toContainText('Secret rotated')
  await expect(page.getByTestId('webhook-secret').getByRole('region', { name: `Signing secret of ${HOOK}` })).toHaveText(/^whsec_\S+$/)
  await expect(row).toContainText('The previous secret signs too until')

  await row.getByRole('button', { name: `Delete ${HOOK}` }).click()
  const confirm = page.getByRole('dialog', { name: `Delete the webhook ${HOOK}?` })
  await confirm.getByRole('button', { name: 'Delete webhook' }).click()
  await expect(confirm).toBeHidden()
  await expect(row).toHaveCount(0)
  await expect(page.getByText('No webhooks yet.')).toBeVisible()
  const after = await admin.get<{ webhooks: unknown[] }>(`/organizations/${w.orgId}/webhooks`)
  expect(after.webhooks).toEqual([])
})

test('a manager has no webhooks section, and a deep link says it is not for them', async ({ world, browse }) => {
  const w = await world({})
  const manager = await w.join('Max Manager', 'manager')
  const { webhook } = await w.owner.post<{ webhook: { id: string } }>(`/organizations/${w.orgId}/webhooks`, {
    url: HOOK,
    events: ['import.finished'],
  })

  const page = await browse(manager)
  await page.goto(`/orgs/${w.orgId}/members`)
  await expect(sectionsOf(page)).toHaveText(['Members', 'Projects', 'Invitations'])
  for (const path of ['webhooks', `webhooks/${webhook.id}`]) {
    await page.goto(`/orgs/${w.orgId}/${path}`)
    await expect(page.getByRole('heading', { name: 'Not for your role' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Add webhook' })).toHaveCount(0)
    await expect(page.getByRole('heading', { name: 'Webhook deliveries' })).toHaveCount(0)
  }
  await noViolations(page, 'webhooks, not for the role')
  expect((await manager.raw('GET', `/organizations/${w.orgId}/webhooks`)).status).toBe(403)
})

test('a webhook is added from the keyboard alone', async ({ world, browse }) => {
  const w = await world({})
  const page = await browse(w.owner)
  await page.goto(`/orgs/${w.orgId}/members`)
  await tabTo(page, sectionsOf(page).filter({ hasText: 'Webhooks' }))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible()

  await tabTo(page, page.getByLabel('URL', { exact: true }))
  await page.keyboard.type(HOOK)
  await tabTo(page, page.getByRole('checkbox', { name: /annotation\.created/ }))
  await page.keyboard.press('Space')
  await tabTo(page, page.getByRole('checkbox', { name: /item\.completed/ }))
  await page.keyboard.press('Space')
  await tabTo(page, page.getByLabel('Project'))
  await page.keyboard.press('s')
  await expect(page.getByLabel('Project')).toHaveValue(w.projectId)
  await tabTo(page, page.getByRole('button', { name: 'Add webhook' }))
  await page.keyboard.press('Enter')

  await expect(page.getByTestId('webhook-secret')).toContainText('Store it now: it is never shown again.')
  const row = page.locator(`tr[data-webhook="${HOOK}"]`)
  await expect(row).toContainText('annotation.created')
  await expect(row).toContainText('item.completed')
  await expect(row).toContainText('Support tickets')
  await tabTo(page, page.getByTestId('webhook-secret').getByRole('button', { name: 'Copy the signing secret' }))
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('webhook-secret').getByRole('status')).toHaveText(/Copied|Selected/)
  const listed = await w.owner.get<{ webhooks: { url: string; events: string[]; project_id: string }[] }>(
    `/organizations/${w.orgId}/webhooks`,
  )
  expect(listed.webhooks).toMatchObject([{ url: HOOK, events: ['annotation.created', 'item.completed'], project_id: w.projectId }])
})
