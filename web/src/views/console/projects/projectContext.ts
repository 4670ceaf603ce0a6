/**
 * What every screen of one project's console shares, provided by
 * ProjectLayout: the project, the caller's role in its organization, and a
 * way to read the project again after a change (a publish moves its versions,
 * an archive its state).
 */
import { inject, type InjectionKey, type Ref } from 'vue'
import type { Schemas } from '@/api/client'

export interface ProjectContext {
  project: Readonly<Ref<Schemas['Project']>>
  organization: Readonly<Ref<Schemas['Organization']>>
  /** Whether the caller may change the project (manager and up); the server decides anyway. */
  canManage: Readonly<Ref<boolean>>
  reload: () => Promise<void>
}

export const projectContextKey: InjectionKey<ProjectContext> = Symbol('project console')

/** The project of the console screen being shown (only inside ProjectLayout). */
export function useProjectContext(): ProjectContext {
  const context = inject(projectContextKey)
  if (!context) throw new Error('useProjectContext outside ProjectLayout')
  return context
}

/** The roles that run projects (the policy's `project : update`). */
export const MANAGING_ROLES: readonly Schemas['Role'][] = ['owner', 'admin', 'manager']

