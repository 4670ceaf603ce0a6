/**
 * Who is signed in: the one piece of state every screen shares.
 *
 * A reload restores it from `GET /me`, which also gives the CSRF token back;
 * signing in or up sets it from the server's answer; signing out clears it.
 */
import { readonly, ref } from 'vue'
import { api, ApiError, setCsrfToken, type Schemas } from './api/client'

const user = ref<Schemas['User'] | null>(null)
let restored: Promise<void> | null = null

function adopt(session: { user: Schemas['User']; csrf_token?: string | null }): void {
  user.value = session.user
  setCsrfToken(session.csrf_token)
}

/** Ask the server who this browser is, once per page load; `user` stays `null` without a session. */
function restore(): Promise<void> {
  restored ??= api
    .get('/api/v1/me', {})
    .then(adopt)
    .catch((error: unknown) => {
      if (!(error instanceof ApiError && error.status === 401)) throw error
    })
  return restored
}

/** Sign in with email and password. */
async function signIn(email: string, password: string): Promise<void> {
  adopt(await api.post('/api/v1/auth/login', { body: { email, password } }))
}

/** Create an account (joining an organization when an invitation token is given) and sign in. */
async function signUp(body: Schemas['SignupRequest']): Promise<void> {
  adopt(await api.post('/api/v1/auth/signup', { body }))
}

/** Sign out on the server; the local state is cleared even if the server is gone. */
async function signOut(): Promise<void> {
  try {
    await api.post('/api/v1/auth/logout', {})
  } finally {
    forget()
  }
}

/** Drop the local session (after sign-out, or when the server says it expired). */
function forget(): void {
  user.value = null
  setCsrfToken(null)
}

/** The session: the signed-in user (read-only) and the ways to change it. */
export function useSession() {
  return { user: readonly(user), restore, signIn, signUp, signOut, forget }
}
