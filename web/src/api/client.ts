/**
 * The one way the app talks to the server: a typed `fetch` over the paths of
 * the generated `schema.d.ts`.
 *
 * - Same origin, session cookie: the browser sends it; nothing else to do.
 * - Unsafe methods carry `X-CSRF-Token`, the token from the last sign-in,
 *   sign-up or `GET /me` (see `setCsrfToken`).
 * - Every failure becomes an `ApiError`: a problem+json body gives its stable
 *   `code`, `detail` and field errors; a dropped connection gives `network_error`.
 *
 * No component builds a URL or parses an error itself: they call `api.get`,
 * `api.post`, ... with a path template from the spec and typed parameters.
 */
import type { components, paths } from './schema'

/** The transport types of the API, by schema name. */
export type Schemas = components['schemas']
/** One invalid field of a request, as the server names it (`email`, `value.sentiment`). */
export type FieldError = Schemas['FieldError']

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** The paths that have an operation for `M`. */
type PathsFor<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, infer O> ? ([O] extends [never] ? never : O extends undefined ? never : P) : never
}[keyof paths]

type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never
type QueryParams<O> = O extends { parameters: { query?: infer X } } ? X : never
type RequestBody<O> = O extends { requestBody?: infer R }
  ? [NonNullable<R>] extends [never]
    ? never
    : NonNullable<R> extends { content: { 'application/json': infer B } }
      ? B
      : never
  : never

/** The body of a 200 or 201 answer; `undefined` where the operation may answer 204. */
type Success<O> = O extends { responses: infer R }
  ?
      | (R extends { 200: { content: { 'application/json': infer T } } } ? T : never)
      | (R extends { 201: { content: { 'application/json': infer T } } } ? T : never)
      | (R extends { 204: unknown } ? undefined : never)
  : never

/** What a call takes besides its path: the path's parameters, its query and its body, each when it has one. */
export type RequestOptions<O> = ([PathParams<O>] extends [never] ? { path?: never } : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never] ? { query?: never } : { query?: QueryParams<O> }) &
  ([RequestBody<O>] extends [never] ? { body?: never } : { body: RequestBody<O> })

/** A failed call: what the server's problem+json said, or `network_error` when it could not be reached. */
export class ApiError extends Error {
  /** The HTTP status; 0 when no answer came. */
  readonly status: number
  /** The server's stable code (`validation_failed`, `already_annotated`, ...). */
  readonly code: string
  /** One entry per invalid field, for 422 answers. */
  readonly fieldErrors: readonly FieldError[]

  constructor(status: number, code: string, detail: string, fieldErrors: readonly FieldError[] = []) {
    super(detail)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fieldErrors = fieldErrors
  }

  /** The message of the first error on `field` or under it (`value.tags` matches `value.tags[1]`). */
  fieldMessage(field: string): string | undefined {
    const hit = this.fieldErrors.find(
      (e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
    )
    return hit?.message
  }
}

let csrfToken: string | null = null
let onUnauthenticated: (() => void) | null = null

/** Remember the session's CSRF token (from sign-in, sign-up or `GET /me`); `null` after sign-out. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null
}

/** Called when a request answers 401 while a session was thought to exist (it expired). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler
}

function buildUrl(template: string, path?: object, query?: object): string {
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = (path as Record<string, unknown> | undefined)?.[name]
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name}`)
    return encodeURIComponent(String(value))
  })
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  }
  const qs = search.toString()
  return qs ? `${url}?${qs}` : url
}

/**
 * The ApiError of a failed answer, from its status and body: a problem+json
 * body gives its code, detail and field errors, anything else the status line.
 * Exported for the requests made outside `api` (an import's upload).
 */
export function problemFrom(status: number, statusText: string, contentType: string, body: string): ApiError {
  if (contentType.includes('json')) {
    try {
      const problem = JSON.parse(body) as Partial<Schemas['Problem']>
      return new ApiError(status, problem.code ?? 'unknown', problem.detail ?? statusText, problem.errors ?? [])
    } catch {
      // Not JSON after all: fall through to the status line.
    }
  }
  return new ApiError(status, 'unknown', `${status} ${statusText}`)
}

async function problemOf(response: Response): Promise<ApiError> {
  const body = await response.text().catch(() => '')
  return problemFrom(response.status, response.statusText, response.headers.get('content-type') ?? '', body)
}

/** The headers an unsafe request made outside `api` (an import's upload) carries: the CSRF token. */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {}
}

async function request<P extends keyof paths, M extends Method>(
  method: M,
  template: P,
  options: RequestOptions<Operation<P, M>>,
): Promise<Success<Operation<P, M>>> {
  const { path, query, body } = options as { path?: object; query?: object; body?: unknown }
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'get' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(buildUrl(template as string, path, query), {
      method: method.toUpperCase(),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.')
  }
  if (!response.ok) {
    const error = await problemOf(response)
    if (error.status === 401 && csrfToken !== null) onUnauthenticated?.()
    throw error
  }
  if (response.status === 204) return undefined as Success<Operation<P, M>>
  return (await response.json()) as Success<Operation<P, M>>
}

/** Typed calls by method: `api.get('/api/v1/projects/{project_id}', { path: { project_id } })`. */
export const api = {
  get: <P extends PathsFor<'get'>>(path: P, options: RequestOptions<Operation<P, 'get'>>) => request('get', path, options),
  post: <P extends PathsFor<'post'>>(path: P, options: RequestOptions<Operation<P, 'post'>>) =>
    request('post', path, options),
  put: <P extends PathsFor<'put'>>(path: P, options: RequestOptions<Operation<P, 'put'>>) => request('put', path, options),
  patch: <P extends PathsFor<'patch'>>(path: P, options: RequestOptions<Operation<P, 'patch'>>) =>
    request('patch', path, options),
  delete: <P extends PathsFor<'delete'>>(path: P, options: RequestOptions<Operation<P, 'delete'>>) =>
    request('delete', path, options),
}
