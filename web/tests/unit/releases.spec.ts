/** What the release screens make of a release: sentences, short hashes, sizes, long lists, pull commands. */
import { expect, test } from '@playwright/test'
import { curlLines, fieldSentence, firstOf, formatBytes, pythonSnippet, releaseItemsPath, shortHash } from '../../src/lib/releases'

test('a refusal of the server about a field reads as a sentence', () => {
  expect(fieldSentence('The name', 'must start with a letter or a digit')).toBe('The name must start with a letter or a digit.')
  expect(fieldSentence('The name', 'may hold only letters, digits, `.`, `_` and `-`')).toBe(
    'The name may hold only letters, digits, “.”, “_” and “-”.',
  )
  expect(fieldSentence('The name', 'Already a sentence.')).toBe('Already a sentence.')
})

test('a short hash is the start of the hex digest', () => {
  const hash = `sha256:${'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'}`
  expect(shortHash(hash)).toBe('9f86d081884c')
  expect(shortHash('abcdef', 4)).toBe('abcd')
})

test('sizes in words', () => {
  expect(formatBytes(0)).toBe('0 bytes')
  expect(formatBytes(1)).toBe('1 byte')
  expect(formatBytes(1023)).toBe('1,023 bytes')
  expect(formatBytes(1536)).toBe('1.5 KB')
  expect(formatBytes(26 * 1024 + 300)).toBe('26 KB')
  expect(formatBytes(3.45 * 1024 * 1024)).toBe('3.5 MB')
  expect(formatBytes(5 * 1024 ** 4)).toBe('5 TB')
  expect(formatBytes(4096 * 1024 ** 4)).toBe('4,096 TB')
})

test('a long list shows its first entries and counts the rest', () => {
  const ids = Array.from({ length: 250 }, (_, i) => `t${i}`)
  const { shown, more } = firstOf(ids, 100)
  expect(shown).toHaveLength(100)
  expect(shown.at(-1)).toBe('t99')
  expect(more).toBe(150)
  expect(firstOf(['a', 'b'], 100)).toEqual({ shown: ['a', 'b'], more: 0 })
})

test('the pull commands name the project, the release and the origin', () => {
  const project = '01a23258-3c69-72e5-8fd2-79b44ffc48aa'
  expect(releaseItemsPath(project, 'v1')).toBe(`/api/v1/projects/${project}/releases/v1/items`)
  expect(pythonSnippet(project, 'v1').split('\n')).toEqual([
    'import labelwell',
    '',
    'client = labelwell.Client()  # reads LABELWELL_URL and LABELWELL_TOKEN',
    `release = client.releases.pull("${project}", "v1")`,
    'df = release.to_pandas()',
    'ds = release.to_dataset()',
  ])
  expect(curlLines('https://labels.example.com', project, '2026-12.gold').split('\n')).toEqual([
    `curl -H "Authorization: Bearer $LABELWELL_TOKEN" https://labels.example.com/api/v1/projects/${project}/releases/2026-12.gold/items -o 2026-12.gold.jsonl`,
    'sha256sum 2026-12.gold.jsonl',
  ])
})
