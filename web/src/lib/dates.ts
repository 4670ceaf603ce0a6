/** Dates and times as the console shows them: in the browser's language and time zone. */

/** "30 Nov 2026". */
export const formatDate = (iso: string): string =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })

/** "30 Nov 2026, 14:05". */
export const formatDateTime = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
