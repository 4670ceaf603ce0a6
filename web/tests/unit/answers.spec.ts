/** Answers as the widgets hold them, and what is sent and checked before sending. */
import { expect, test } from '@playwright/test'
import { ApiError } from '../../src/api/client'
import { answersFrom, problemsOf, serverProblems, valueOf, type AnnotationUiSchema } from '../../src/components/questions/answers'

const SCHEMA: AnnotationUiSchema = {
  fields: [{ name: 'text' }],
  questions: [
    { name: 'sentiment', type: 'single_label', labels: ['pos', 'neg'] },
    { name: 'tags', type: 'multi_label', labels: ['a', 'b'], required: false },
    { name: 'note', type: 'text', max_length: 3, required: false },
    { name: 'stars', type: 'rating', min: 1, max: 5, required: false },
    { name: 'spans', type: 'spans', field: 'text', labels: ['X'], required: false },
  ],
}

test('answers start empty and take what fits from a stored value', () => {
  expect(answersFrom(SCHEMA)).toEqual({ sentiment: null, tags: [], note: '', stars: null, spans: [] })
  expect(answersFrom(SCHEMA, { sentiment: 'neg', tags: ['a', 3], stars: 'four', spans: [{ start: 0, end: 1, label: 'X' }, 'bad'] })).toEqual({
    sentiment: 'neg',
    tags: ['a'],
    note: '',
    stars: null,
    spans: [{ start: 0, end: 1, label: 'X' }],
  })
})

test('the value sent leaves out optional questions left open', () => {
  const answers = { ...answersFrom(SCHEMA), sentiment: 'pos' }
  expect(valueOf(SCHEMA, answers)).toEqual({ sentiment: 'pos', tags: [], spans: [] })
})

test('a required question left open and a text over its length are problems', () => {
  expect(problemsOf(SCHEMA, answersFrom(SCHEMA))).toEqual({ sentiment: 'This question must be answered.' })
  // Three code points: an emoji counts as one character, as the server counts it.
  expect(problemsOf(SCHEMA, { ...answersFrom(SCHEMA), sentiment: 'pos', note: 'ab👍' })).toEqual({})
  expect(problemsOf(SCHEMA, { ...answersFrom(SCHEMA), sentiment: 'pos', note: 'abcd' })).toEqual({ note: 'At most 3 characters.' })
})

test("the server's field errors land on their question, the rest is said as a whole", () => {
  const error = new ApiError(422, 'validation_failed', 'the request has 2 invalid field(s)', [
    { field: 'value.spans[0].end', code: 'out_of_range', message: 'is past the end of `text`' },
    { field: 'guideline_version', code: 'unknown_version', message: 'no such version' },
  ])
  expect(serverProblems(error)).toEqual({
    byQuestion: { spans: 'Is past the end of `text`.' },
    other: ['guideline_version: no such version'],
  })
})
