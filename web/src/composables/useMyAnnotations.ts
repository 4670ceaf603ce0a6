/**
 * The caller's own annotations in a project, newest first: what "back" (Ctrl+Z)
 * steps through on the annotate screen and what the history screen lists.
 * Annotations made on this page are added at the front as they are made, so
 * going back to the one just submitted needs no request.
 */
import { ref, shallowRef } from 'vue'
import { api, type Schemas } from '@/api/client'

/** One annotation of mine, with its item and latest review. */
export type HistoryEntry = Schemas['AnnotationHistoryEntry']

export function useMyAnnotations(projectId: string) {
  const entries = shallowRef<HistoryEntry[]>([])
  const complete = ref(false)
  let cursor: string | null = null

  function merge(more: HistoryEntry[], atFront: boolean): void {
    const known = new Set(entries.value.map((entry) => entry.annotation.id))
    const fresh = more.filter((entry) => !known.has(entry.annotation.id))
    entries.value = atFront ? [...fresh, ...entries.value] : [...entries.value, ...fresh]
  }

  /** Loads the next page from the server (newest first); `false` when there was none. */
  async function loadMore(limit = 20): Promise<boolean> {
    if (complete.value) return false
    const answer = await api.get('/api/v1/projects/{project_id}/my-annotations', {
      path: { project_id: projectId },
      query: { limit, cursor: cursor ?? undefined },
    })
    cursor = answer.pagination.next_cursor ?? null
    complete.value = cursor === null
    const before = entries.value.length
    merge(answer.entries, false)
    return entries.value.length > before
  }

  return {
    entries,
    complete,
    loadMore,
    /** Records an annotation just made or changed on this page, as the newest. */
    remember(entry: HistoryEntry): void {
      entries.value = [entry, ...entries.value.filter((e) => e.annotation.id !== entry.annotation.id)]
    },
    /** The `index`-th newest annotation (0: the last one), loading pages as needed; `null` past the oldest. */
    async at(index: number): Promise<HistoryEntry | null> {
      while (entries.value.length <= index && (await loadMore())) {
        // Each page brings the wanted one closer.
      }
      return entries.value[index] ?? null
    },
  }
}
