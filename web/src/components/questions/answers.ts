/**
 * Answers as the question widgets hold them, and their conversions: from a
 * stored annotation value, to the value the API takes, and the checks the
 * server would make anyway (a required question left open), so the annotator
 * hears about it at once, next to the question.
 */
import type { ApiError, Schemas } from '@/api/client'
import { codePointLength } from '@/lib/codepoints'

export type Question = Schemas['Question']
export type AnnotationUiSchema = Schemas['AnnotationUiSchema']

/** A marked stretch of a text field, in code points, as the API stores it. */
export interface Span {
  start: number
  end: number
  label: string
}

/** The answers being edited, by question name: a label, labels, text, a rating, or spans. */
export type Answers = Record<string, string | string[] | number | Span[] | null>

/** Questions are required unless they say otherwise. */
export const isRequired = (question: Question): boolean => question.required ?? true

/** The longest text answer, in code points, when the question sets none. */
export const DEFAULT_TEXT_MAX_LENGTH = 10_000

/** The ratings to offer as buttons, or `null` when the range is too wide (then: a number box). */
export function ratingChoices(question: Question): number[] | null {
  const min = question.min ?? 1
  const max = question.max ?? 5
  if (max < min || max - min >= 10) return null
  return Array.from({ length: max - min + 1 }, (_, i) => min + i)
}

function emptyAnswer(question: Question): Answers[string] {
  switch (question.type) {
    case 'multi_label':
    case 'spans':
      return []
    case 'text':
      return ''
    default:
      return null
  }
}

function isSpan(value: unknown): value is Span {
  if (typeof value !== 'object' || value === null) return false
  const span = value as Record<string, unknown>
  return typeof span.start === 'number' && typeof span.end === 'number' && typeof span.label === 'string'
}

/** Answers for `schema`, taken from `value` (a draft or a stored annotation) where they fit. */
export function answersFrom(schema: AnnotationUiSchema, value: Record<string, unknown> = {}): Answers {
  const answers: Answers = {}
  for (const question of schema.questions) {
    const given = value[question.name]
    let answer = emptyAnswer(question)
    switch (question.type) {
      case 'single_label':
        if (typeof given === 'string') answer = given
        break
      case 'multi_label':
        if (Array.isArray(given)) answer = given.filter((label): label is string => typeof label === 'string')
        break
      case 'text':
        if (typeof given === 'string') answer = given
        break
      case 'rating':
        if (typeof given === 'number') answer = given
        break
      case 'spans':
        if (Array.isArray(given)) answer = given.filter(isSpan)
        break
    }
    answers[question.name] = answer
  }
  return answers
}

/** Whether `answer` counts as an answer (an untouched single label, rating or text does not). */
function isAnswered(question: Question, answer: Answers[string]): boolean {
  if (answer === null || answer === undefined) return false
  return question.type === 'text' ? answer !== '' : true
}

/** The value to send: every answered question; optional questions left open are left out. */
export function valueOf(schema: AnnotationUiSchema, answers: Answers): Record<string, unknown> {
  const value: Record<string, unknown> = {}
  for (const question of schema.questions) {
    const answer = answers[question.name] ?? null
    if (isAnswered(question, answer)) value[question.name] = answer
  }
  return value
}

/** Problems to fix before sending, by question name: required ones left open, text over its length. */
export function problemsOf(schema: AnnotationUiSchema, answers: Answers): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const question of schema.questions) {
    const answer = answers[question.name] ?? null
    if (isRequired(question) && !isAnswered(question, answer)) {
      problems[question.name] = 'This question must be answered.'
    } else if (question.type === 'text' && typeof answer === 'string') {
      const max = question.max_length ?? DEFAULT_TEXT_MAX_LENGTH
      if (codePointLength(answer) > max) problems[question.name] = `At most ${max} characters.`
    }
  }
  return problems
}

/**
 * The server's field errors on an annotation, by question (`value.tags[2]` is
 * question `tags`), and the rest (errors about no question) as sentences.
 */
export function serverProblems(error: ApiError): { byQuestion: Record<string, string>; other: string[] } {
  const byQuestion: Record<string, string> = {}
  const other: string[] = []
  for (const fieldError of error.fieldErrors) {
    const match = /^value\.([^.[]+)/.exec(fieldError.field)
    const name = match?.[1]
    if (name) {
      byQuestion[name] ??= fieldError.message.charAt(0).toUpperCase() + fieldError.message.slice(1) + '.'
    } else {
      other.push(`${fieldError.field}: ${fieldError.message}`)
    }
  }
  if (error.fieldErrors.length === 0) other.push(error.message)
  return { byQuestion, other }
}

/** The spans questions of `schema`, by the text field they mark. */
export function spansQuestionsByField(schema: AnnotationUiSchema): Map<string, Question[]> {
  const byField = new Map<string, Question[]>()
  for (const question of schema.questions) {
    if (question.type !== 'spans' || !question.field) continue
    byField.set(question.field, [...(byField.get(question.field) ?? []), question])
  }
  return byField
}

/** Whether `answer` is one `question` offers (a label it lists, a rating in its range, spans of its labels). */
function fitsQuestion(question: Question, answer: Answers[string]): boolean {
  const labels = question.labels ?? []
  switch (question.type) {
    case 'single_label':
      return typeof answer === 'string' && labels.includes(answer)
    case 'multi_label':
      return Array.isArray(answer) && answer.length > 0 && answer.every((label) => typeof label === 'string' && labels.includes(label))
    case 'rating':
      return typeof answer === 'number' && Number.isInteger(answer) && answer >= (question.min ?? 1) && answer <= (question.max ?? 5)
    case 'text':
      return typeof answer === 'string' && answer !== ''
    case 'spans':
      return Array.isArray(answer) && answer.length > 0 && answer.every((span) => isSpan(span) && labels.includes(span.label))
    default:
      return false
  }
}

/**
 * A form pre-filled from a model's prediction: its answers to the questions
 * of `schema` that it answers with something the question offers (the others
 * start empty), and the names of the questions it filled.
 */
export function prefillFrom(schema: AnnotationUiSchema, value: Record<string, unknown>): { answers: Answers; filled: string[] } {
  const offered = answersFrom(schema, value)
  const answers = answersFrom(schema)
  const filled: string[] = []
  for (const question of schema.questions) {
    const answer = offered[question.name] ?? null
    if (question.name in value && fitsQuestion(question, answer)) {
      answers[question.name] = answer
      filled.push(question.name)
    }
  }
  return { answers, filled }
}

/** Whether two answers are the same (labels and spans in any order). */
export function sameAnswer(a: Answers[string] | undefined, b: Answers[string] | undefined): boolean {
  const key = (answer: Answers[string] | undefined) =>
    Array.isArray(answer)
      ? JSON.stringify(answer.map((part) => (typeof part === 'string' ? part : `${part.start}:${part.end}:${part.label}`)).sort())
      : JSON.stringify(answer ?? null)
  return key(a) === key(b)
}

/** A model's score (0 to 1) as a whole percentage: `0.916` is `92%`. */
export const percent = (score: number): string => `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`
