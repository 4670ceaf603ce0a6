/**
 * A list the API pages with cursors, shown page by page: the rows so far,
 * whether more follow, and the ways to load more or start again (a restart,
 * after a filter changed, drops the answers still on their way). A failure
 * keeps the rows already shown and gives the server's message.
 */
import { computed, ref, shallowRef, type Ref } from 'vue'
import { ApiError } from '@/api/client'

/** One page of `T`: its rows and the cursor of the next page (`null` on the last). */
export interface Page<T> {
  rows: T[]
  next: string | null
}

export function usePages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const rows = shallowRef<T[]>([]) as Ref<T[]>
  const next = ref<string | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const failure = ref<string | null>(null)

  /** Counts the restarts: the answer of a page asked for before the last one is dropped. */
  let generation = 0

  async function load(cursor: string | undefined): Promise<void> {
    const mine = cursor === undefined ? ++generation : generation
    loading.value = true
    failure.value = null
    try {
      const page = await fetchPage(cursor)
      if (mine !== generation) return
      rows.value = cursor === undefined ? page.rows : [...rows.value, ...page.rows]
      next.value = page.next
      loaded.value = true
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      if (mine === generation) failure.value = e.message
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return {
    rows,
    loading,
    loaded,
    failure,
    /** Whether a next page exists. */
    hasMore: computed(() => next.value !== null),
    /** The first page again (after a change). */
    reload: () => load(undefined),
    /** The next page, appended. */
    loadMore: () => load(next.value ?? undefined),
  }
}
