/**
 * The one way the app turns Markdown (guidelines) into HTML. marked renders
 * the Markdown, with any raw HTML in it shown as text rather than passed
 * through (a guideline is Markdown; its author's `<script>` or `style=` should
 * neither run nor trip the page's CSP). DOMPurify then removes whatever could
 * still run (`javascript:` links, event handlers) and links open in a new tab
 * without handing over the page. Nothing else in the app produces HTML.
 */
import DOMPurify from 'dompurify'
import { Marked } from 'marked'

const purifier = DOMPurify()

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
})

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char)

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
})

/** Sanitized HTML for `source`; safe to assign to `innerHTML`. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false })
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style'],
  })
}
