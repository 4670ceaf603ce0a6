/**
 * Every keyboard shortcut of the app, in one table, and the one listener that
 * runs them. The `?` help dialog renders this same table, so what it shows is
 * what the keys do. To change what a key does, change the table here and the
 * handler the screen passes for that action (AnnotateView, ReviewView).
 */
import { onBeforeUnmount, onMounted } from 'vue'

/** Where a shortcut works. */
export type HotkeyScreen = 'annotate' | 'review'

/** One shortcut: the keys that trigger it, as shown and as matched. */
export interface Hotkey {
  /** What the help dialog shows, e.g. `Ctrl+Z`. */
  readonly keys: readonly string[]
  /** What it does, for the help dialog. */
  readonly description: string
  /** The screens it works on. */
  readonly screens: readonly HotkeyScreen[]
  /** Whether it also fires while the focus is in a text box (only Enter and Escape do). */
  readonly inTextBoxes?: boolean
}

/** The shortcuts, by action. Digits are one entry: the handler gets which digit. */
export const HOTKEYS = {
  pick: {
    keys: ['1', '…', '9'],
    description:
      'Pick that label or rating of the current question (multi-label: toggle it). With text selected in a passage, mark it with that label.',
    screens: ['annotate'],
  },
  submit: {
    keys: ['Enter'],
    description:
      'Submit and open the next item (review: send the rejection being written). Shift+Enter: a new line in a text box.',
    screens: ['annotate', 'review'],
    inTextBoxes: true,
  },
  skip: { keys: ['S'], description: 'Skip this item (review: this annotation).', screens: ['annotate', 'review'] },
  back: {
    keys: ['Ctrl+Z', 'B'],
    description: 'Go back to my previous item to change my answer; again to go further back.',
    screens: ['annotate'],
  },
  accept: { keys: ['A'], description: 'Accept the annotation and open the next one.', screens: ['review'] },
  reject: {
    keys: ['R'],
    description: 'Reject: write why (required), then Enter to send.',
    screens: ['review'],
  },
  guideline: { keys: ['G'], description: 'Show or hide the guideline.', screens: ['annotate', 'review'] },
  help: { keys: ['?'], description: 'Show these keys.', screens: ['annotate', 'review'] },
  escape: {
    keys: ['Esc'],
    description: 'Close a dialog, leave a text box, or stop changing a previous item.',
    screens: ['annotate', 'review'],
    inTextBoxes: true,
  },
} as const satisfies Record<string, Hotkey>

/** An action of the table. */
export type HotkeyAction = keyof typeof HOTKEYS

/** What a screen does for each action; `pick` gets the digit pressed (1-9). */
export type HotkeyHandlers = Partial<Record<Exclude<HotkeyAction, 'pick'>, () => void>> & {
  pick?: (digit: number) => void
}

/** The action `event` triggers, if any (ignoring where the focus is). */
function actionOf(event: KeyboardEvent): { action: HotkeyAction; digit?: number } | null {
  const ctrl = event.ctrlKey || event.metaKey
  if (event.altKey) return null
  if (ctrl) return event.key.toLowerCase() === 'z' && !event.shiftKey ? { action: 'back' } : null
  if (event.key === 'Enter') return event.shiftKey ? null : { action: 'submit' }
  if (event.key === 'Escape') return { action: 'escape' }
  if (event.key === '?') return { action: 'help' }
  if (/^[1-9]$/.test(event.key)) return { action: 'pick', digit: Number(event.key) }
  const letter = event.key.length === 1 ? event.key.toLowerCase() : ''
  const byLetter: Record<string, HotkeyAction> = { s: 'skip', b: 'back', a: 'accept', r: 'reject', g: 'guideline' }
  const action = byLetter[letter]
  return action ? { action } : null
}

/** Whether the focus is somewhere typing goes: a text box, or an editable element. */
function isTextBox(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  // A passage copy to select spans in takes no typing: its keys are the app's.
  if (target instanceof HTMLTextAreaElement) return !target.readOnly && target.dataset.spanField === undefined
  if (target instanceof HTMLInputElement) {
    return !['radio', 'checkbox', 'button', 'submit', 'range'].includes(target.type)
  }
  return target.isContentEditable || target instanceof HTMLSelectElement
}

/** Whether a native control under the focus already gives Enter a meaning (a link or a button). */
function enterIsTaken(target: EventTarget | null): boolean {
  return target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || target instanceof HTMLSelectElement
}

/**
 * Runs `handlers` for the keys of `screen` while the calling component is
 * mounted. `enabled()` turns them all off (e.g. while a dialog is open).
 */
export function useHotkeys(screen: HotkeyScreen, handlers: HotkeyHandlers, enabled: () => boolean = () => true): void {
  function onKeydown(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.isComposing) return
    const hit = actionOf(event)
    if (!hit) return
    const hotkey: Hotkey = HOTKEYS[hit.action]
    if (!hotkey.screens.includes(screen)) return
    if (isTextBox(event.target) && !hotkey.inTextBoxes) return
    if (hit.action === 'submit' && enterIsTaken(event.target)) return
    // While disabled (a dialog is open) every key is the dialog's own, Escape included.
    if (!enabled()) return
    if (hit.action === 'pick') {
      if (!handlers.pick) return
      event.preventDefault()
      handlers.pick(hit.digit ?? 1)
      return
    }
    const handler = handlers[hit.action]
    if (!handler) return
    event.preventDefault()
    handler()
  }
  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
