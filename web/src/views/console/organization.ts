/**
 * The organization a console screen works in, loaded once by ConsoleLayout
 * from the route's `:orgId` and given to its screens: the organization (with
 * the caller's role in it) and what that role may do there.
 */
import { computed, inject, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import type { Schemas } from '@/api/client'
import { abilitiesOf, type Abilities } from '@/lib/roles'

export interface ConsoleOrganization {
  organization: ComputedRef<Schemas['Organization']>
  abilities: ComputedRef<Abilities>
  /** Take a changed organization (after a rename). */
  replace: (organization: Schemas['Organization']) => void
}

export const CONSOLE_ORGANIZATION: InjectionKey<ConsoleOrganization> = Symbol('console organization')

/** The console's organization; only inside ConsoleLayout. */
export function useConsoleOrganization(): ConsoleOrganization {
  const context = inject(CONSOLE_ORGANIZATION)
  if (!context) throw new Error('useConsoleOrganization outside ConsoleLayout')
  return context
}

/**
 * The context for `loaded`, as ConsoleLayout provides it; the layout shows its
 * screens only once the organization is loaded, so they always see one.
 */
export function consoleOrganization(loaded: Ref<Schemas['Organization'] | null>): ConsoleOrganization {
  const organization = computed(() => {
    if (!loaded.value) throw new Error('a console screen shown before its organization was loaded')
    return loaded.value
  })
  return {
    organization,
    abilities: computed(() => abilitiesOf(organization.value.role)),
    replace: (changed) => {
      loaded.value = changed
    },
  }
}
