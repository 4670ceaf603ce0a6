/** Answers as the widgets hold them, and what is sent and checked before sending. */
import { expect, test } from '@playwright/test'
import { ApiError } from '../../src/api/client'
import {
  answersFrom,
  percent,
  prefillFrom,
  problemsOf,
  sameAnswer,
  serverProblems,
  valueOf,
  type AnnotationUiSchema,
} from '../../src/components/questions/answers'

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

test("a model's prediction fills the questions it answers with what they offer, and nothing else", () => {
  const prediction = {
    sentiment: 'pos',
    tags: ['b', 'a'],
    stars: 9,
    spans: [{ start: 0, end: 1, label: 'X' }],
    gone: 'a question no longer in the form',
  }
  expect(prefillFrom(SCHEMA, prediction)).toEqual({
    answers: { sentiment: 'pos', tags: ['b', 'a'], note: '', stars: null, spans: [{ start: 0, end: 1, label: 'X' }] },
    filled: ['sentiment', 'tags', 'spans'],
  })
  // A label the question no longer lists, an empty text: not filled.
  expect(prefillFrom(SCHEMA, { sentiment: 'meh', note: '', tags: ['a', 'zzz'] })).toEqual({ answers: answersFrom(SCHEMA), filled: [] })
  expect(prefillFrom(SCHEMA, { stars: 4, note: 'ok' }).filled).toEqual(['note', 'stars'])
})

test('answers compare as values, labels and spans in any order', () => {
  expect(sameAnswer('pos', 'pos')).toBe(true)
  expect(sameAnswer('pos', 'neg')).toBe(false)
  expect(sameAnswer(['a', 'b'], ['b', 'a'])).toBe(true)
  expect(sameAnswer(['a'], ['a', 'b'])).toBe(false)
  expect(sameAnswer([{ start: 0, end: 1, label: 'X' }, { start: 2, end: 3, label: 'X' }], [{ label: 'X', end: 3, start: 2 }, { start: 0, end: 1, label: 'X' }])).toBe(true)
  expect(sameAnswer(null, undefined)).toBe(true)
  expect(sameAnswer(3, null)).toBe(false)
})

test('scores read as whole percentages', () => {
  expect(percent(0.916)).toBe('92%')
  expect(percent(1)).toBe('100%')
  expect(percent(0)).toBe('0%')
})
