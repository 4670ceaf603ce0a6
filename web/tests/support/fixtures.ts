/**
 * What the browser tests build on: the server of the test's backend, people
 * with accounts (each an API client with its own cookie session, for setting
 * up data and checking what the browser stored), and browser pages signed in
 * as one of them.
 */
import { randomUUID } from 'node:crypto'
import { test as base, expect, request, type APIRequestContext, type Browser, type Page } from '@playwright/test'

export { expect }

export const PASSWORD = 'correct horse battery staple'

/** Someone with an account: their user, and their own HTTP session with the server. */
export class Person {
  constructor(
    readonly http: APIRequestContext,
    readonly user: { id: string; email: string; name: string },
    private readonly csrf: string,
  ) {}

  /** The API's answer to `path` as a status and body, for checks of refusals. */
  async raw(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await this.http.fetch(`/api/v1${path}`, {
      method,
      data: body,
      headers: method === 'GET' ? {} : { 'X-CSRF-Token': this.csrf },
    })
    const text = await response.text()
    return { status: response.status(), body: text ? JSON.parse(text) : undefined }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, body: answer } = await this.raw(method, path, body)
    if (status >= 300) throw new Error(`${method} ${path} answered ${status}: ${JSON.stringify(answer)}`)
    return answer as T
  }

  get<T = Record<string, never>>(path: string): Promise<T> {
    return this.call('GET', path)
  }

  post<T = Record<string, never>>(path: string, body?: unknown): Promise<T> {
    return this.call('POST', path, body)
  }

  put<T = Record<string, never>>(path: string, body: unknown): Promise<T> {
    return this.call('PUT', path, body)
  }
}

const dialogs = new WeakMap<Page, string[]>()

/** The messages of the alert, confirm and prompt dialogs `page` opened. */
export const dialogsOf = (page: Page): string[] => dialogs.get(page) ?? []

/** How a browser page is opened. */
export interface BrowseOptions {
  colorScheme?: 'light' | 'dark'
  width?: number
  height?: number
}

/** A fresh, unique email address for `who`. */
export const emailFor = (who: string) =>
  `${who.toLowerCase().replace(/[^a-z0-9]+/g, '.')}-${randomUUID().slice(0, 8)}@example.com`

/** An annotation UI schema, as `PUT /annotation-ui` takes it. */
export interface Schema {
  fields: { name: string; kind?: string; label?: string }[]
  questions: Record<string, unknown>[]
}

/** A project set up by its owner: the organization, the project, and the owner. */
export interface World {
  owner: Person
  orgId: string
  projectId: string
  baseURL: string
  /** A new person in the organization with `role`, assigned to the project. */
  join(who: string, role: string): Promise<Person>
  /** An invitation link (path and query) for `email` as `role`. */
  invite(email: string, role: string): Promise<string>
}

export const SENTIMENT: Schema = {
  fields: [{ name: 'text', kind: 'text', label: 'Ticket' }],
  questions: [{ name: 'sentiment', type: 'single_label', prompt: 'Sentiment', labels: ['positive', 'negative', 'neutral'] }],
}

interface Fixtures {
  baseURL: string
  /** A page in a new browser context: signed in as `person` (their session cookie), or signed out. */
  browse: (person: Person | null, options?: BrowseOptions) => Promise<Page>
  /** Signs up a new person (fresh email) and gives their API session. */
  signUp: (who: string, invitationToken?: string) => Promise<Person>
  /** An organization and a project with `schema`, `items` and a guideline, owned by a new person. */
  world: (options: {
    schema?: Schema
    items?: { external_id: string; data: Record<string, unknown> }[]
    overlap?: number
    leaseSeconds?: number
    guideline?: string
  }) => Promise<World>
}

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use, testInfo) => {
    const backend = testInfo.project.name
    const url = process.env[`LABELWELL_WEB_URL_${backend.toUpperCase()}`]
    if (!url) throw new Error(`no server for backend ${backend}`)
    await use(url)
  },

  browse: async ({ browser, baseURL }, use) => {
    const opened: Awaited<ReturnType<Browser['newContext']>>[] = []
    await use(async (person, options = {}) => {
      const context = await browser.newContext({
        baseURL,
        storageState: person ? await person.http.storageState() : undefined,
        colorScheme: options.colorScheme ?? 'light',
        viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
      })
      opened.push(context)
      const page = await context.newPage()
      // The app never opens alert()s: one would be a script smuggled in through data. Record it.
      const seen: string[] = []
      dialogs.set(page, seen)
      page.on('dialog', (dialog) => {
        seen.push(dialog.message())
        void dialog.dismiss()
      })
      return page
    })
    await Promise.all(opened.map((context) => context.close()))
  },

  signUp: async ({ baseURL }, use) => {
    const contexts: APIRequestContext[] = []
    await use(async (who, invitationToken) => {
      const http = await request.newContext({ baseURL })
      contexts.push(http)
      const email = emailFor(who)
      const response = await http.post('/api/v1/auth/signup', {
        data: { email, password: PASSWORD, name: who, invitation_token: invitationToken },
      })
      expect(response.status(), await response.text()).toBe(201)
      const session = (await response.json()) as { user: Person['user']; csrf_token: string }
      return new Person(http, session.user, session.csrf_token)
    })
    await Promise.all(contexts.map((context) => context.dispose()))
  },

  world: async ({ signUp, baseURL }, use) => {
    await use(async ({ schema = SENTIMENT, items = [], overlap = 1, leaseSeconds = 600, guideline }) => {
      const owner = await signUp('Olivia Owner')
      const { organization } = await owner.post<{ organization: { id: string } }>('/organizations', { name: 'Acme Research' })
      const { project } = await owner.post<{ project: { id: string } }>(`/organizations/${organization.id}/projects`, {
        name: 'Support tickets',
        description: 'Label the sentiment of customer tickets.',
        overlap,
        lease_seconds: leaseSeconds,
      })
      await owner.put(`/projects/${project.id}/annotation-ui`, { schema })
      if (guideline !== undefined) {
        await owner.put(`/projects/${project.id}/guideline`, { text: guideline, annotation_ui_version: 1 })
      }
      for (let i = 0; i < items.length; i += 500) {
        await owner.post(`/projects/${project.id}/items`, { items: items.slice(i, i + 500) })
      }
      const world: World = {
        owner,
        orgId: organization.id,
        projectId: project.id,
        baseURL,
        async join(who, role) {
          const person = await signUp(who)
          await owner.post(`/organizations/${organization.id}/members`, { email: person.user.email, role })
          // Added by email, the membership is pending until the person accepts it.
          await person.post(`/me/pending-memberships/${organization.id}/accept`)
          await owner.post(`/projects/${project.id}/members`, { user_id: person.user.id })
          return person
        },
        async invite(email, role) {
          const { token } = await owner.post<{ token: string }>(`/organizations/${organization.id}/invitations`, { email, role })
          return `/invite?token=${encodeURIComponent(token)}`
        },
      }
      return world
    })
  },
})

/** `count` items whose text says their number: `t01: ...`. */
export function tickets(count: number, text = (i: number) => `Ticket number ${i}: the app does something.`) {
  return Array.from({ length: count }, (_, i) => ({
    external_id: `t${String(i + 1).padStart(3, '0')}`,
    data: { text: text(i + 1) },
  }))
}

/** The external id of the item on screen. */
export const itemOnScreen = (page: Page) => page.locator('.item .external-id')

/** Presses Tab until `target` has the focus (keyboard-only navigation); fails after `limit` presses. */
export async function tabTo(page: Page, target: ReturnType<Page['locator']>, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`Tab never reached ${target.toString()}`)
}

/** Presses `digit` then Enter, and waits until the next item (or the end) is on screen. */
export async function labelAndNext(page: Page, digit: number): Promise<void> {
  const before = (await itemOnScreen(page).textContent()) ?? ''
  await page.keyboard.press(String(digit))
  await page.keyboard.press('Enter')
  await expect(
    page.getByRole('heading', { name: 'Nothing left for you here' }).or(itemOnScreen(page).filter({ hasNotText: before })),
  ).toBeVisible()
}
