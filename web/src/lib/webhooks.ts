/** What the console says about webhooks: their events, and the overlaps a rotation offers. */
import type { Schemas } from '@/api/client'

export type WebhookEventType = Schemas['WebhookEventType']

/** Every event a webhook may subscribe to, with what it means. */
export const WEBHOOK_EVENTS: readonly { type: WebhookEventType; label: string }[] = [
  { type: 'annotation.created', label: 'an annotation is submitted' },
  { type: 'annotation.updated', label: 'an annotation is changed' },
  { type: 'review.created', label: 'an annotation is reviewed' },
  { type: 'item.completed', label: 'an item has all its annotations' },
  { type: 'import.finished', label: 'items were imported' },
  { type: 'release.created', label: 'a release was made' },
]

/** How long the old secret still signs after a rotation, in seconds (as a select's values). */
export const OVERLAP_OPTIONS = [
  { value: '0', label: 'None: retire the old secret now' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
] as const
