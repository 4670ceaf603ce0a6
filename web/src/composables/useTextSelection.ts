/**
 * The text the annotator has selected in a passage that spans can be marked on,
 * in code points: either with the mouse in the item's text (an element with
 * `data-span-field`) or with Shift+arrows in a spans question's uneditable copy
 * of it (a textarea with `data-span-field`). Empty selections count as none.
 */
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { toCodePoint } from '@/lib/codepoints'

/** A selection in field `field`, from code point `start` to `end` (exclusive). */
export interface TextSelection {
  field: string
  start: number
  end: number
}

function fromTextarea(element: HTMLTextAreaElement): TextSelection | null {
  const field = element.dataset.spanField
  if (!field || element.selectionStart === element.selectionEnd) return null
  const text = element.value
  return { field, start: toCodePoint(text, element.selectionStart), end: toCodePoint(text, element.selectionEnd) }
}

function fromDocument(): TextSelection | null {
  const selection = document.getSelection()
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null
  const range = selection.getRangeAt(0)
  const container = (node: Node) => (node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>('[data-span-field]')
  const passage = container(range.startContainer)
  if (!passage || passage instanceof HTMLTextAreaElement || passage !== container(range.endContainer)) return null
  const field = passage.dataset.spanField
  if (!field) return null
  const offsetOf = (node: Node, offset: number) => {
    const before = document.createRange()
    before.setStart(passage, 0)
    before.setEnd(node, offset)
    return before.toString().length
  }
  const text = passage.textContent ?? ''
  const start = toCodePoint(text, offsetOf(range.startContainer, range.startOffset))
  const end = toCodePoint(text, offsetOf(range.endContainer, range.endOffset))
  return start < end ? { field, start, end } : null
}

/** The current selection, kept up to date while the calling component is mounted. */
export function useTextSelection() {
  const selection = ref<TextSelection | null>(null)
  function update(): TextSelection | null {
    const active = document.activeElement
    selection.value =
      active instanceof HTMLTextAreaElement && active.dataset.spanField ? fromTextarea(active) : fromDocument()
    return selection.value
  }
  onMounted(() => document.addEventListener('selectionchange', update))
  onBeforeUnmount(() => document.removeEventListener('selectionchange', update))
  return {
    selection,
    /** Read the selection now (a key press may come before the browser's selectionchange). */
    read: update,
    /** Forget the selection (after marking it), in the page too. */
    clear(): void {
      const active = document.activeElement
      if (active instanceof HTMLTextAreaElement && active.dataset.spanField) {
        active.setSelectionRange(active.selectionEnd, active.selectionEnd)
      } else {
        document.getSelection()?.removeAllRanges()
      }
      selection.value = null
    },
  }
}
