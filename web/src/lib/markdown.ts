/**
 * The one way the app turns Markdown (guidelines) into HTML: marked renders it,
 * DOMPurify removes everything that could run (scripts, event handlers,
 * `javascript:` links, forms, frames, inline styles), and links open in a new tab
 * without handing over the page. Nothing else in the app produces HTML.
 */
import DOMPurify from 'dompurify'
import { marked } from 'marked'

const purifier = DOMPurify()

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
})

/** Sanitized HTML for `source`; safe to assign to `innerHTML`. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true })
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  })
}
