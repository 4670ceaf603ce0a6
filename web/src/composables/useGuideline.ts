/**
 * The guideline beside the work: which version to show, whether the panel is
 * open (remembered per browser), and whether it changed since this user last
 * had it on screen (remembered per user and project). A changed guideline
 * opens the panel by itself, once.
 */
import { ref, shallowRef } from 'vue'
import type { Schemas } from '@/api/client'
import { useProjectVersions } from './useProjectVersions'

const OPEN_KEY = 'labelwell.guideline-open'

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Without storage the panel simply forgets; nothing is lost.
  }
}

export function useGuideline(projectId: string, userId: string) {
  const seenKey = `labelwell.guideline-seen.${userId}.${projectId}`
  const versions = useProjectVersions(projectId)
  const guideline = shallowRef<Schemas['Guideline'] | null>(null)
  const open = ref(stored(OPEN_KEY) !== 'false')
  const loading = ref(false)
  /** The older version the user last read, when the one shown is newer. */
  const changedSince = ref<number | null>(null)

  function markSeen(): void {
    if (guideline.value && open.value) store(seenKey, String(guideline.value.version))
  }

  /** Shows version `version` (`null`: the project has none). */
  async function show(version: number | null | undefined): Promise<void> {
    if (version === null || version === undefined) {
      guideline.value = null
      return
    }
    if (guideline.value?.version === version) return
    loading.value = true
    try {
      guideline.value = await versions.guideline(version)
    } finally {
      loading.value = false
    }
    const seen = Number(stored(seenKey) ?? 0)
    changedSince.value = seen > 0 && seen < version ? seen : null
    if (changedSince.value !== null || seen === 0) open.value = true
    markSeen()
  }

  return {
    guideline,
    open,
    loading,
    changedSince,
    show,
    /** Opens or closes the panel (the `g` key). */
    toggle(): void {
      open.value = !open.value
      store(OPEN_KEY, String(open.value))
      markSeen()
    },
  }
}
