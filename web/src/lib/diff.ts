/**
 * A line diff of two texts (two versions of an annotation UI or a guideline):
 * the longest common subsequence of their lines, then what was removed and
 * added around it. Versions are small (a schema, a page of Markdown), so the
 * quadratic table is fine; past `MAX_CELLS` the texts are shown as replaced
 * whole rather than freeze the tab.
 */

export interface DiffLine {
  kind: 'same' | 'removed' | 'added'
  text: string
}

const MAX_CELLS = 4_000_000

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n')
  const b = after.split('\n')
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text) => ({ kind: 'removed' as const, text })), ...b.map((text) => ({ kind: 'added' as const, text }))]
  }
  // common[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1))
  for (let i = a.length - 1; i >= 0; i -= 1) {
    const row = common[i]!
    const below = common[i + 1]!
    for (let j = b.length - 1; j >= 0; j -= 1) {
      row[j] = a[i] === b[j] ? below[j + 1]! + 1 : Math.max(below[j]!, row[j + 1]!)
    }
  }
  const lines: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i]! })
      i += 1
      j += 1
    } else if (common[i + 1]![j]! >= common[i]![j + 1]!) {
      lines.push({ kind: 'removed', text: a[i]! })
      i += 1
    } else {
      lines.push({ kind: 'added', text: b[j]! })
      j += 1
    }
  }
  for (; i < a.length; i += 1) lines.push({ kind: 'removed', text: a[i]! })
  for (; j < b.length; j += 1) lines.push({ kind: 'added', text: b[j]! })
  return lines
}
