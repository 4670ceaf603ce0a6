/** Offsets as the API counts them (code points) against the browser's (UTF-16 units). */
import { expect, test } from '@playwright/test'
import { codePointLength, sliceCodePoints, toCodePoint, utf16Indexes } from '../../src/lib/codepoints'

const TEXT = 'I 👍🏽 Zürich'

test('an emoji is one code point but two UTF-16 units', () => {
  expect(codePointLength('👍')).toBe(1)
  expect('👍'.length).toBe(2)
  expect(codePointLength(TEXT)).toBe(11)
})

test('UTF-16 indexes of each code point run past surrogate pairs', () => {
  expect(utf16Indexes('a👍b')).toEqual([0, 1, 3, 4])
})

test('a UTF-16 index converts to the code point it starts, and inside a pair to the pair', () => {
  expect(toCodePoint(TEXT, 7)).toBe(5)
  expect(toCodePoint('a👍b', 2)).toBe(1)
  expect(toCodePoint('a👍b', 3)).toBe(2)
})

test('slicing by code points keeps emoji whole', () => {
  expect(sliceCodePoints(TEXT, 2, 4)).toBe('👍🏽')
  expect(sliceCodePoints(TEXT, 5, 11)).toBe('Zürich')
})
