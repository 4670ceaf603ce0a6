/** The CSV reader and its conversion to NDJSON, fed in pieces cut anywhere. */
import { expect, test } from '@playwright/test'
import { CsvReader, csvHeader, csvToNdjson } from '../../src/lib/csv'

const SAMPLE = 'id,text,stars\r\nt1,"Hello, ""world""",4\nt2,"two\nlines",x\nt3,plain,\n'

function readInPieces(text: string, size: number): string[][] {
  const reader = new CsvReader()
  const records: string[][] = []
  for (let i = 0; i < text.length; i += size) records.push(...reader.push(text.slice(i, i + size)))
  return [...records, ...reader.end()]
}

test('records come out the same whatever the pieces', () => {
  const expected = [
    ['id', 'text', 'stars'],
    ['t1', 'Hello, "world"', '4'],
    ['t2', 'two\nlines', 'x'],
    ['t3', 'plain', ''],
  ]
  for (const size of [1, 2, 3, 7, 1000]) expect(readInPieces(SAMPLE, size), `pieces of ${size}`).toEqual(expected)
  expect(readInPieces('a,b\n1,2', 1)).toEqual([['a', 'b'], ['1', '2']])
})

test('the header is the first record', () => {
  expect(csvHeader(' external_id,"text"\nt1,x')).toEqual(['external_id', 'text'])
})

test('records become NDJSON items by the mapping', async () => {
  const header = ['id', 'text', 'stars']
  const stream = new ReadableStream<string>({
    start(controller) {
      for (const char of SAMPLE) controller.enqueue(char)
      controller.close()
    },
  }).pipeThrough(
    csvToNdjson(header, {
      externalId: 'id',
      fields: [
        { name: 'body', column: 'text', kind: 'text' },
        { name: 'stars', column: 'stars', kind: 'number' },
      ],
      restAsMetadata: true,
    }),
  )
  const out = await new Response(stream.pipeThrough(new TextEncoderStream())).text()
  expect(out.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
    { external_id: 't1', data: { body: 'Hello, "world"', stars: 4 } },
    { external_id: 't2', data: { body: 'two\nlines', stars: 'x' } },
    { external_id: 't3', data: { body: 'plain', stars: '' } },
  ])
})

test('a piece of megabytes is converted in slices to the same items, also where a slice ends inside a surrogate pair, an escaped quote or a line end', async () => {
  // Rows of 65,535 characters with their line end: the slice ends (every
  // 65,536) move one character per row through the rows' last characters.
  const tail = (i: number) => `😀"",${i}`
  const row = (i: number) => {
    const head = `r${i},"`
    return `${head}${'x'.repeat(65_535 - head.length - tail(i).length - 3)}${tail(i)}"`
  }
  const rows = Array.from({ length: 12 }, (_, i) => row(i))
  const csv = `id,text\r\n${rows.join('\r\n')}\r\n`
  const stream = new ReadableStream<string>({
    start(controller) {
      controller.enqueue(csv)
      controller.close()
    },
  }).pipeThrough(csvToNdjson(['id', 'text'], { externalId: 'id', fields: [{ name: 'text', column: 'text', kind: 'text' }], restAsMetadata: false }))
  const out = await new Response(stream.pipeThrough(new TextEncoderStream())).text()
  const items = out.trim().split('\n').map((line) => JSON.parse(line) as { external_id: string; data: { text: string } })
  expect(items.map((item) => item.external_id)).toEqual(rows.map((_, i) => `r${i}`))
  items.forEach((item, i) => expect(item.data.text).toBe(row(i).slice(`r${i},"`.length, -1).replace('""', '"')))
})
