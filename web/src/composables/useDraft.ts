/**
 * Answers being typed, kept in localStorage so that a reload, a crash or a
 * closed tab loses nothing: one entry per user and item (or annotation being
 * changed), written on every change, removed once the server has the answer.
 */

const PREFIX = 'labelwell.draft.'
/** Drafts older than this are dropped: the item has long been given to someone else. */
const MAX_AGE_MS = 14 * 24 * 3600 * 1000

/** What a draft holds. */
export interface Draft {
  /** The answers so far, by question name. */
  value: Record<string, unknown>
  /** Time spent on the item so far, in milliseconds. */
  elapsedMs: number
  /** When it was last written (ms since the epoch). */
  savedAt: number
  /** The model prediction the answers started from (pre-filled, not cleared), if any. */
  predictionId?: string | null
}

function read(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(key)
    if (!raw) return null
    const draft = JSON.parse(raw) as Draft
    return typeof draft === 'object' && draft !== null && typeof draft.value === 'object' ? draft : null
  } catch {
    return null
  }
}

/** Drops drafts nobody came back to. */
function sweep(): void {
  const now = Date.now()
  for (let i = localStorage.length - 1; i >= 0; i -= 1) {
    const key = localStorage.key(i)
    if (!key?.startsWith(PREFIX)) continue
    const draft = read(key)
    if (!draft || now - draft.savedAt > MAX_AGE_MS) localStorage.removeItem(key)
  }
}

let swept = false

/** The drafts of `userId`: load, save and discard by subject (`item:<id>` or `annotation:<id>`). */
export function useDraft(userId: string) {
  if (!swept) {
    swept = true
    sweep()
  }
  const keyOf = (subject: string) => `${PREFIX}${userId}.${subject}`
  return {
    load: (subject: string): Draft | null => read(keyOf(subject)),
    save(subject: string, value: Record<string, unknown>, elapsedMs: number, predictionId: string | null = null): void {
      try {
        localStorage.setItem(keyOf(subject), JSON.stringify({ value, elapsedMs, savedAt: Date.now(), predictionId } satisfies Draft))
      } catch {
        // Storage full or disabled (private mode): the draft is a convenience, the work goes on.
      }
    },
    discard: (subject: string): void => localStorage.removeItem(keyOf(subject)),
  }
}
