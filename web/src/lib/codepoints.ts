/**
 * Offsets in text as the API counts them (Unicode code points) and as the DOM
 * counts them (UTF-16 code units). "I 👍 it": the API says the emoji is at
 * 2..3, the DOM says 2..4. Every conversion between the two goes through here.
 */

/** The UTF-16 index of each code-point offset of `text`, plus one past the end. */
export function utf16Indexes(text: string): number[] {
  const indexes = [0]
  let at = 0
  for (const char of text) {
    at += char.length
    indexes.push(at)
  }
  return indexes
}

/** How many code points `text` has (its length as the API counts it). */
export function codePointLength(text: string): number {
  return Array.from(text).length
}

/** The code-point offset of UTF-16 index `index` in `text` (inside a surrogate pair: the pair's start). */
export function toCodePoint(text: string, index: number): number {
  return codePointLength(text.slice(0, index).replace(/[\uD800-\uDBFF]$/, ''))
}

/** `text` from code point `start` to code point `end`. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('')
}
