/**
 * An annotator's work queue in one project, one item ahead.
 *
 * The server leases the caller's items oldest first (`POST .../queue/leases`
 * with count 2 gives [the item to work on, the next one]), so the next item is
 * already here when the annotator presses Enter: `advance()` swaps it in at
 * once and tops the leases up in the background. The same call, repeated on a
 * timer, renews the leases while someone works slowly. Items finished here
 * (annotated or skipped) are never shown again, even if a late answer still
 * lists them; `finished` holds them, and `reopen` gives one back to the screen
 * when its answer was refused after all.
 */
import { computed, onBeforeUnmount, ref, shallowRef } from 'vue'
import { api, type Schemas } from '@/api/client'

type Lease = Schemas['QueueLease']

/** How many leases to hold: the item on screen and the one after it. */
const LOOKAHEAD = 2

export function useQueue(projectId: string) {
  const current = shallowRef<Lease | null>(null)
  const upcoming = shallowRef<Lease | null>(null)
  /** `loading` until the first answer; `empty` when nothing is left for the caller. */
  const status = ref<'loading' | 'ready' | 'empty'>('loading')
  /** The server no longer holds the item on screen for the caller (the lease ran out). */
  const leaseLost = ref(false)
  const progress = ref<Schemas['QueueProgress'] | null>(null)

  const finished = new Set<string>()
  let inFlight: Promise<void> | null = null
  let followUp: Promise<void> | null = null
  let renewTimer: number | undefined

  /** Takes the server's list of the caller's leases (oldest first) as the queue's state. */
  function adopt(leases: Lease[]): void {
    const open = leases.filter((lease) => !finished.has(lease.item.id))
    const shown = current.value
    if (shown) {
      const renewed = open.find((lease) => lease.item.id === shown.item.id)
      leaseLost.value = !renewed
      if (renewed) current.value = renewed
      upcoming.value = open.find((lease) => lease.item.id !== shown.item.id) ?? null
    } else {
      current.value = open[0] ?? null
      upcoming.value = open[1] ?? null
      leaseLost.value = false
    }
  }

  /**
   * Asks the server for the caller's leases (renewed, topped up). One call at a
   * time; a call asked for meanwhile runs once after it, since the answer in
   * flight may predate what just changed.
   */
  function refresh(): Promise<void> {
    if (inFlight) {
      followUp ??= inFlight
        .catch(() => undefined)
        .then(() => {
          followUp = null
          return refresh()
        })
      return followUp
    }
    inFlight = api
      .post('/api/v1/projects/{project_id}/queue/leases', {
        path: { project_id: projectId },
        body: { count: LOOKAHEAD },
      })
      .then((answer) => adopt(answer.leases))
      .finally(() => {
        inFlight = null
      })
    return inFlight
  }

  /** Re-reads the caller's counts (done, skipped, left, to fix). */
  async function refreshProgress(): Promise<void> {
    const answer = await api.get('/api/v1/projects/{project_id}/queue/progress', { path: { project_id: projectId } })
    progress.value = answer.progress
  }

  /** Fetches the first item (and the one after it) and the counts. */
  async function start(): Promise<void> {
    await Promise.all([refresh(), refreshProgress()])
    status.value = current.value ? 'ready' : 'empty'
  }

  /** Renews the leases every half lease time, so slow work does not lose its item. */
  function keepAlive(leaseSeconds: number): void {
    window.clearInterval(renewTimer)
    renewTimer = window.setInterval(() => void refresh().catch(() => undefined), (leaseSeconds * 1000) / 2)
  }

  /**
   * The item on screen is done (annotated, skipped, or gone): show the next one
   * at once if it is here, then top up in the background once `settled` (the
   * request that finished the item) is through, so the server's answer already
   * counts it. Resolves once an item (or the end) is on screen.
   */
  async function advance(outcome: 'annotated' | 'skipped' | 'gone', settled?: Promise<unknown>): Promise<void> {
    const done = current.value
    if (done) finished.add(done.item.id)
    if (progress.value && outcome !== 'gone') {
      const counts = { ...progress.value, left: Math.max(0, progress.value.left - 1) }
      if (outcome === 'annotated') counts.annotated += 1
      else counts.skipped += 1
      progress.value = counts
    }
    current.value = upcoming.value
    upcoming.value = null
    leaseLost.value = false
    const topUp = (settled ?? Promise.resolve()).catch(() => undefined).then(refresh)
    if (!current.value) {
      await topUp
      status.value = current.value ? 'ready' : 'empty'
      void refreshProgress().catch(() => undefined)
    } else {
      topUp.catch(() => undefined)
    }
  }

  /** Gives the prefetched item back when the annotator leaves, so others can have it now. */
  function releaseUpcoming(): void {
    const spare = upcoming.value
    if (!spare) return
    void api
      .delete('/api/v1/projects/{project_id}/queue/leases/{item_id}', {
        path: { project_id: projectId, item_id: spare.item.id },
      })
      .catch(() => undefined)
  }

  onBeforeUnmount(() => {
    window.clearInterval(renewTimer)
    releaseUpcoming()
  })

  return {
    current,
    upcoming,
    status,
    leaseLost,
    progress,
    start,
    keepAlive,
    advance,
    refreshProgress,
    /** The lease of an item taken off the screen whose answer the server then refused. */
    reopen(itemId: string): void {
      finished.delete(itemId)
    },
    /** Whether the next item is already here (Enter will show it without waiting). */
    prefetched: computed(() => upcoming.value !== null),
  }
}
