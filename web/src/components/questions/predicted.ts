/**
 * Which questions still hold a model's pre-filled answer, and the model's
 * score for it (0 to 1; `null` when the model gave none): QuestionForm
 * provides it, each question's frame marks itself with it.
 */
import { computed, inject, type ComputedRef, type InjectionKey } from 'vue'

/** By question name: the model's score of the answer it pre-filled there. */
export type Predicted = Record<string, number | null>

export const predictedKey: InjectionKey<ComputedRef<Predicted>> = Symbol('predicted answers')

/** Whether question `name` holds the model's answer, and its score: `undefined` when it does not. */
export function usePredicted(name: () => string): ComputedRef<{ score: number | null } | undefined> {
  const predicted = inject(predictedKey, null)
  return computed(() => {
    const all = predicted?.value ?? {}
    const key = name()
    return key in all ? { score: all[key] ?? null } : undefined
  })
}
