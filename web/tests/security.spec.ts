/**
 * Data is shown as text, never run: an item, an answer and a guideline that
 * carry markup stay inert. The pages come with the headers that keep them so
 * (a CSP without inline scripts, no framing, no sniffing), and the app needs
 * nothing the CSP forbids.
 */
import { dialogsOf, expect, itemOnScreen, test } from './support/fixtures'

const ITEM = '<img src=x onerror=alert(1)>'
const GUIDELINE = [
  '# Rules',
  '',
  '<script>alert(2)</script>',
  '',
  '<img src="x" onerror="alert(3)" alt="broken">',
  '',
  '[click me](javascript:alert(4)) and <a href="#" onclick="alert(5)">this</a>',
  '',
  '<iframe src="javascript:alert(6)"></iframe>',
].join('\n')

test('markup in an item, an answer and the guideline stays inert text', async ({ world, browse }) => {
  const w = await world({
    items: [{ external_id: 'x1', data: { text: ITEM } }],
    guideline: GUIDELINE,
    schema: {
      fields: [{ name: 'text', kind: 'text' }],
      questions: [{ name: 'note', type: 'text', prompt: 'Note' }],
    },
  })
  const ann = await w.join('Ann', 'annotator')
  const page = await browse(ann)
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
  })
  await page.goto(`/projects/${w.projectId}/annotate`)
  await expect(itemOnScreen(page)).toHaveText('x1')
  await expect(page.locator('.item .passage')).toHaveText(ITEM)
  await expect(page.locator('.item img')).toHaveCount(0)

  const guideline = page.getByRole('complementary', { name: /Guideline/ })
  await expect(guideline.getByRole('heading', { name: 'Rules' })).toBeVisible()
  await expect(guideline.locator('script, iframe, [onerror], [onclick]')).toHaveCount(0)
  const hrefs = await guideline.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
  expect(hrefs.filter((href) => /^\s*javascript:/i.test(href))).toEqual([])

  await page.getByLabel('Note').fill('<b onmouseover=alert(7)>bold</b>')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Nothing left for you here' })).toBeVisible()
  await page.goto(`/projects/${w.projectId}/history`)
  await expect(page.getByText('<b onmouseover=alert(7)>bold</b>')).toBeVisible()
  await expect(page.locator('main b')).toHaveCount(0)

  expect(dialogsOf(page)).toEqual([])
  expect(violations).toEqual([])
})

test('the app is served with a strict content security policy and safe headers', async ({ world, browse, baseURL }) => {
  const w = await world({})
  const page = await browse(w.owner)
  const response = await page.goto('/')
  const headers = response?.headers() ?? {}
  const csp = headers['content-security-policy'] ?? ''
  expect(csp).toContain("script-src 'self'")
  expect(csp).not.toContain('unsafe-inline')
  expect(csp).toContain("frame-ancestors 'none'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toMatch(/no-referrer|strict-origin/)
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible()

  // A client route is the app too; an unknown API path stays an API error.
  const deep = await page.request.get(`${baseURL}/projects/nowhere/annotate`)
  expect(deep.status()).toBe(200)
  expect(deep.headers()['content-type']).toContain('text/html')
  const api = await page.request.get(`${baseURL}/api/v1/nowhere`)
  expect(api.status()).toBe(404)
  expect(api.headers()['content-type']).toContain('application/problem+json')

  const cookies = await page.context().cookies()
  expect(cookies.length).toBeGreaterThan(0)
  for (const cookie of cookies) {
    expect(cookie.httpOnly).toBe(true)
    expect(['Lax', 'Strict']).toContain(cookie.sameSite)
  }
})
