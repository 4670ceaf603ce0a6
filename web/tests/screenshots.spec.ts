/**
 * The README's screenshots of the annotate and review screens, the project
 * dashboard, the releases and the organization console (light and dark),
 * written to docs/screenshots/ (or LABELWELL_SCREENSHOTS_DIR). Runs only when asked:
 * LABELWELL_SCREENSHOTS=1 npx playwright test screenshots --project sqlite
 */
import type { Page } from '@playwright/test'
import { expect, itemOnScreen, tabTo, test, tickets } from './support/fixtures'

test.skip(!process.env.LABELWELL_SCREENSHOTS, 'set LABELWELL_SCREENSHOTS=1 to write docs/screenshots/')

const OUT = process.env.LABELWELL_SCREENSHOTS_DIR ?? '../docs/screenshots'

test('screenshots of the annotate and review screens', async ({ world, browse }) => {
  const w = await world({
    overlap: 2,
    guideline: [
      '# Support tickets',
      '',
      'Read the whole ticket before you answer.',
      '',
      '- **Sentiment** is the tone of the customer, not of the problem.',
      '- **Topics**: tick every one that the ticket is about.',
      '- Mark every **product** and **person** named in the text.',
      '',
      'When in doubt, skip the ticket (`S`) and say why in the team channel.',
    ].join('\n'),
    schema: {
      fields: [
        { name: 'subject', kind: 'text', label: 'Subject' },
        { name: 'body', kind: 'text', label: 'Ticket' },
        { name: 'account', kind: 'json', label: 'Account' },
      ],
      questions: [
        { name: 'sentiment', type: 'single_label', prompt: 'Sentiment', labels: ['positive', 'negative', 'neutral'] },
        { name: 'topics', type: 'multi_label', prompt: 'Topics', labels: ['billing', 'bug', 'feature request'], required: false },
        { name: 'urgency', type: 'rating', prompt: 'Urgency', min: 1, max: 5 },
        { name: 'entities', type: 'spans', prompt: 'Products and people', field: 'body', labels: ['PRODUCT', 'PERSON'], required: false },
        { name: 'note', type: 'text', prompt: 'Note for the team', max_length: 280, required: false },
      ],
    },
    items: [
      {
        external_id: 'ticket-1042',
        data: {
          subject: 'Export stops at 10,000 rows 😕',
          body: 'Hi! Since Monday the CSV export in Labelwell Cloud stops after 10,000 rows. Grace from our data team says it worked last week. Can you have a look? Thanks, Ada',
          account: { plan: 'team', seats: 12, region: 'eu-west' },
        },
      },
      {
        external_id: 'ticket-1043',
        data: { subject: 'Love the new shortcuts', body: 'The keyboard shortcuts made our team twice as fast. Great work!', account: { plan: 'pro', seats: 3 } },
      },
    ],
  })
  const ann = await w.join('Ann Lee', 'annotator')
  const cy = await w.join('Cy Park', 'annotator')
  const rev = await w.join('Rita Reviewer', 'reviewer')
  // Cy has already answered the first ticket, so the reviewer sees two annotations side by side.
  const lease = await cy.post<{ item: { id: string } }>(`/projects/${w.projectId}/queue/next`)
  await cy.post(`/items/${lease.item.id}/annotations`, {
    value: { sentiment: 'negative', topics: ['bug'], urgency: 4, entities: [{ start: 35, end: 50, label: 'PRODUCT' }] },
  })

  // Ann answers the ticket with the keyboard: negative, billing and bug, urgency 4, "Labelwell Cloud" a product.
  const answer = async (page: Page) => {
    await page.keyboard.press('2')
    await page.keyboard.press('1')
    await page.keyboard.press('2')
    await tabTo(page, page.getByRole('radio', { name: '1', exact: true }))
    await page.keyboard.press('4')
    await page.keyboard.press('Control+Home')
    for (let i = 0; i < 35; i += 1) await page.keyboard.press('ArrowRight')
    for (let i = 0; i < 15; i += 1) await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('1')
    await expect(page.locator('.passage mark')).toHaveText(['Labelwell Cloud'])
  }
  let last: Page | null = null
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browse(ann, { colorScheme, width: 1440, height: 900 })
    await page.goto(`/projects/${w.projectId}/annotate`)
    await expect(itemOnScreen(page)).toBeVisible()
    await answer(page)
    await page.screenshot({ path: `${OUT}/annotate-${colorScheme}.png` })
    last = page
  }
  await last?.keyboard.press('Enter')
  await expect(itemOnScreen(last as Page)).not.toHaveText('ticket-1042')

  for (const colorScheme of ['light', 'dark'] as const) {
    const reviewer = await browse(rev, { colorScheme, width: 1440, height: 900 })
    await reviewer.goto(`/projects/${w.projectId}/review`)
    await expect(reviewer.getByRole('heading', { name: 'The annotation to review' })).toBeVisible()
    await reviewer.screenshot({ path: `${OUT}/review-${colorScheme}.png` })
  }
})

test('screenshots of the project console', async ({ world, signUp, browse }) => {
  const w = await world({ overlap: 2, items: tickets(40) })
  const manager = await signUp('Grace Hopper')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: manager.user.email, role: 'manager' })
  await manager.post(`/me/pending-memberships/${w.orgId}/accept`)
  const labels = ['negative', 'positive', 'neutral']
  const people = await Promise.all(['Ann Lee', 'Cy Park', 'Dee Khan'].map((who) => w.join(who, 'annotator')))
  for (const [n, person] of people.entries()) {
    for (let i = 0; i < 14 - n * 4; i += 1) {
      const lease = await person.post<{ item: { id: string } }>(`/projects/${w.projectId}/queue/next`)
      const label = labels[(i * (n + 1)) % 5 === 0 ? (i + n) % 3 : i % 3]
      await person.post(`/items/${lease.item.id}/annotations`, { value: { sentiment: label }, time_spent_ms: 2000 + 1500 * n + 300 * i })
    }
  }
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browse(manager, { colorScheme, width: 1440, height: 1000 })
    await page.goto(`/projects/${w.projectId}/stats`)
    await expect(page.locator('[data-stat="annotators"]')).toHaveText('3')
    await page.screenshot({ path: `${OUT}/dashboard-${colorScheme}.png`, fullPage: true })
  }
  const page = await browse(manager, { width: 1280, height: 860 })
  await page.goto(`/projects/${w.projectId}/items?status=annotated`)
  await page.getByRole('link', { name: 't001' }).click()
  await expect(page.getByRole('heading', { name: /^Annotations/ })).toBeVisible()
  await page.screenshot({ path: `${OUT}/console-item-light.png`, fullPage: true })
  await page.goto(`/projects/${w.projectId}/items`)
  await expect(page.getByRole('link', { name: 't001' })).toBeVisible()
  await page.screenshot({ path: `${OUT}/console-items-light.png` })
  await page.goto(`/projects/${w.projectId}/members`)
  await expect(page.getByRole('row', { name: /Ann Lee/ })).toBeVisible()
  await page.screenshot({ path: `${OUT}/console-members-light.png` })
  await page.goto(`/projects/${w.projectId}/import`)
  const csv = 'key,ticket,channel\nt900,"Refund, please",email\n'
  await page.getByLabel('Choose a file').setInputFiles({ name: 'tickets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.getByLabel('Field “Ticket”').selectOption('channel')
  await page.getByRole('button', { name: 'Import tickets.csv' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible()
  await page.screenshot({ path: `${OUT}/console-import-light.png`, fullPage: true })
  for (const colorScheme of ['light', 'dark'] as const) {
    const editor = await browse(manager, { colorScheme, width: 1440, height: 1000 })
    await editor.goto(`/projects/${w.projectId}/ui`)
    await expect(editor.getByRole('heading', { name: 'Versions' })).toBeVisible()
    await editor.getByRole('button', { name: 'Add a question' }).click()
    await editor.locator('#question-1-name').fill('urgency')
    await editor.locator('#question-1-type').selectOption('rating')
    await editor.locator('#question-1-prompt').fill('Urgency')
    await editor.screenshot({ path: `${OUT}/ui-editor-${colorScheme}.png` })
  }
  await page.goto(`/projects/${w.projectId}/guideline`)
  await page.getByLabel('Markdown').fill('# Support tickets\n\nRead the whole ticket first.\n\n- **positive**: thanks, praise\n- **negative**: complaints, bugs\n')
  await page.getByRole('button', { name: 'Publish the guideline' }).click()
  await expect(page.getByRole('heading', { name: 'Versions' })).toBeVisible()
  await page.screenshot({ path: `${OUT}/guideline-editor-light.png`, fullPage: true })
  await page.goto(`/projects/${w.projectId}/export`)
  await expect(page.getByRole('heading', { name: 'For scripts' })).toBeVisible()
  await page.screenshot({ path: `${OUT}/console-export-light.png` })
})

test('screenshots of the releases', async ({ world, signUp, browse }) => {
  const w = await world({ overlap: 2, items: tickets(24), guideline: '# Support tickets\n\nRead the whole ticket first.' })
  const manager = await signUp('Grace Hopper')
  await w.owner.post(`/organizations/${w.orgId}/members`, { email: manager.user.email, role: 'manager' })
  await manager.post(`/me/pending-memberships/${w.orgId}/accept`)
  const people = await Promise.all(['Ann Lee', 'Cy Park'].map((who) => w.join(who, 'annotator')))
  const labels = ['negative', 'positive', 'neutral']
  const annotations: string[] = []
  for (const [n, person] of people.entries()) {
    for (let i = 0; i < 20; i += 1) {
      const lease = await person.post<{ item: { id: string } }>(`/projects/${w.projectId}/queue/next`)
      const label = labels[(i + (i % 4 === 0 ? n : 0)) % 3]
      const { annotation } = await person.post<{ annotation: { id: string } }>(`/items/${lease.item.id}/annotations`, {
        value: { sentiment: label },
        time_spent_ms: 2500,
      })
      annotations.push(annotation.id)
    }
  }
  const accept = async (ids: string[]) => {
    for (const id of ids) await manager.post(`/annotations/${id}/reviews`, { verdict: 'accept', comment: '' })
  }
  await accept(annotations.slice(0, 12))
  await manager.post(`/projects/${w.projectId}/releases`, { name: 'v1' })
  await accept(annotations.slice(20, 36))
  await manager.post(`/projects/${w.projectId}/releases`, { name: 'v2' })
  await manager.raw('PATCH', `/annotations/${annotations[2]}`, { value: { sentiment: 'negative' } })
  await accept([annotations[2]!, ...annotations.slice(12, 20)])
  await manager.post(`/projects/${w.projectId}/releases`, { name: '2026-12-gold', review_statuses: ['accepted', 'pending'] })
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browse(manager, { colorScheme, width: 1440, height: 1000 })
    await page.goto(`/projects/${w.projectId}/releases`)
    await page.getByLabel('Name').fill('v3')
    await expect(page.getByRole('link', { name: 'v1', exact: true })).toBeVisible()
    await page.screenshot({ path: `${OUT}/releases-${colorScheme}.png`, fullPage: true })
    await page.goto(`/projects/${w.projectId}/releases/2026-12-gold`)
    await expect(page.getByRole('heading', { name: /^Relabelled/ })).toBeVisible()
    await page.screenshot({ path: `${OUT}/release-${colorScheme}.png`, fullPage: true })
  }
  const narrow = await browse(manager, { colorScheme: 'dark', width: 320, height: 720 })
  await narrow.goto(`/projects/${w.projectId}/releases/v2`)
  await expect(narrow.getByRole('heading', { name: /^Added/ })).toBeVisible()
  await narrow.screenshot({ path: `${OUT}/release-narrow-dark.png`, fullPage: true })
})

test('screenshots of the organization console', async ({ world, signUp, browse }) => {
  const w = await world({})
  const admin = await w.join('Ada Lovelace', 'admin')
  await w.join('Grace Hopper', 'manager')
  const bob = await w.join('Bob Jones', 'annotator')
  await w.join('Rita Reviewer', 'reviewer')
  await w.join('Vic Viewer', 'viewer')
  await admin.raw('PATCH', `/organizations/${w.orgId}/members/${bob.user.id}`, { role: 'reviewer' })
  const cy = await signUp('Cy Newcomer')
  const { token } = await admin.post<{ token: string }>(`/organizations/${w.orgId}/invitations`, { email: cy.user.email, role: 'annotator' })
  await cy.post('/invitations/accept', { token })
  await admin.post(`/organizations/${w.orgId}/invitations`, { email: 'dee@example.com', role: 'annotator', expires_in_days: 14 })
  await admin.post(`/organizations/${w.orgId}/invitations`, { email: 'eve@example.com', role: 'viewer' })
  await admin.post('/me/tokens', { name: 'training pipeline', organization_id: w.orgId, read_only: true, expires_in_days: 90 })
  const pat = await signUp('Pat Pending')
  await admin.post(`/organizations/${w.orgId}/members`, { email: pat.user.email, role: 'annotator' })

  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await browse(admin, { colorScheme, width: 1440, height: 900 })
    await page.goto(`/orgs/${w.orgId}/members`)
    await expect(page.getByRole('cell', { name: 'Vic Viewer', exact: true })).toBeVisible()
    await page.screenshot({ path: `${OUT}/members-${colorScheme}.png` })
  }
  const page = await browse(admin, { width: 1440, height: 900 })
  await page.goto(`/orgs/${w.orgId}/invitations`)
  await page.getByLabel('Email').fill('fay@example.com')
  await page.getByRole('button', { name: 'Create invitation' }).click()
  await expect(page.getByLabel('Invitation link')).toBeVisible()
  await page.screenshot({ path: `${OUT}/invitations-light.png` })
  await page.goto(`/orgs/${w.orgId}/audit`)
  await expect(page.getByRole('list', { name: 'Audit log entries' })).toBeVisible()
  await page.screenshot({ path: `${OUT}/audit-light.png` })
  await page.goto('/me/tokens')
  await page.getByLabel('Name').fill('nightly export')
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(page.getByLabel('Token secret')).toBeVisible()
  await page.screenshot({ path: `${OUT}/tokens-light.png` })
  const narrow = await browse(admin, { colorScheme: 'dark', width: 320, height: 720 })
  await narrow.goto(`/orgs/${w.orgId}/members`)
  await expect(narrow.getByRole('cell', { name: 'Vic Viewer', exact: true })).toBeVisible()
  await narrow.screenshot({ path: `${OUT}/members-narrow-dark.png` })
})
