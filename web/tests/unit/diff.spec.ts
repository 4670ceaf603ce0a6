/** The line diff of two versions. */
import { expect, test } from '@playwright/test'
import { diffLines } from '../../src/lib/diff'

test('lines kept, removed and added, in order', () => {
  expect(diffLines('a\nb\nc', 'a\nc\nd')).toEqual([
    { kind: 'same', text: 'a' },
    { kind: 'removed', text: 'b' },
    { kind: 'same', text: 'c' },
    { kind: 'added', text: 'd' },
  ])
  expect(diffLines('same', 'same')).toEqual([{ kind: 'same', text: 'same' }])
})
