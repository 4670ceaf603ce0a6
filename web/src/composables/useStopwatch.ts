/**
 * Time spent on the item on screen, sent as `time_spent_ms`: it runs while the
 * page is visible and pauses while the tab is hidden, so a coffee break with
 * the tab in the background does not count.
 */
import { onBeforeUnmount, onMounted } from 'vue'

/** A stopwatch for the current item; `restart(from)` resumes from a draft's time. */
export function useStopwatch() {
  let base = 0
  let since: number | null = null

  const running = () => (since === null ? 0 : performance.now() - since)

  function onVisibility(): void {
    if (document.hidden) {
      base += running()
      since = null
    } else if (since === null) {
      since = performance.now()
    }
  }
  onMounted(() => document.addEventListener('visibilitychange', onVisibility))
  onBeforeUnmount(() => document.removeEventListener('visibilitychange', onVisibility))

  return {
    /** Start counting again from `fromMs` (0 for a new item). */
    restart(fromMs = 0): void {
      base = fromMs
      since = document.hidden ? null : performance.now()
    },
    /** Milliseconds counted so far. */
    elapsed: (): number => Math.round(base + running()),
  }
}
