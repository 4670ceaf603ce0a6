/**
 * The names of an organization's members by user id, for screens that show
 * who did something (the API gives ids). Every role may list the members;
 * without them (a failure) the screen still works and says "a former member".
 */
import { ref } from 'vue'
import { api, ApiError } from '@/api/client'

export function useMemberNames() {
  const names = ref<Map<string, string>>(new Map())

  /** Reads every member of `orgId`; a refusal leaves the names empty. */
  async function load(orgId: string): Promise<void> {
    const found = new Map<string, string>()
    let cursor: string | undefined
    try {
      do {
        const page = await api.get('/api/v1/organizations/{org_id}/members', { path: { org_id: orgId }, query: { limit: 1000, cursor } })
        for (const member of page.members) found.set(member.user_id, member.name)
        cursor = page.pagination.next_cursor ?? undefined
      } while (cursor)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      return
    }
    names.value = found
  }

  /** The name of `id`; "a former member" for someone gone (or not known). */
  const nameOf = (id: string | null | undefined): string => (id ? (names.value.get(id) ?? 'a former member') : 'a former member')

  return { names, load, nameOf }
}
