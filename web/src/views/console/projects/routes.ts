/**
 * The project console's screens, for managers and up: an organization's
 * projects (in the organization's console), and one project's screens, each
 * at its own address. Every screen
 * is loaded on first use, so the annotator's workspace never downloads them.
 */
import type { RouteRecordRaw } from 'vue-router'

/**
 * A screen of one project, as its tab shows it; `manage`: only for those who
 * may change the project; `detail`: the route of one of its rows (an item, a
 * release), under the same tab.
 */
interface ProjectScreen {
  path: string
  name: string
  label: string
  manage: boolean
  detail?: string
  component: () => Promise<unknown>
}

/** The project's screens, in the order of their tabs. */
export const projectScreens: ProjectScreen[] = [
  { path: 'stats', name: 'project-stats', label: 'Dashboard', manage: false, component: () => import('./StatsView.vue') },
  { path: 'items', name: 'project-items', label: 'Items', manage: false, detail: 'project-item', component: () => import('./ItemsView.vue') },
  { path: 'members', name: 'project-members', label: 'Members', manage: true, component: () => import('./MembersView.vue') },
  { path: 'import', name: 'project-import', label: 'Import', manage: true, component: () => import('./ImportView.vue') },
  { path: 'export', name: 'project-export', label: 'Export', manage: false, component: () => import('./ExportView.vue') },
  {
    path: 'releases',
    name: 'project-releases',
    label: 'Releases',
    manage: false,
    detail: 'project-release',
    component: () => import('./ReleasesView.vue'),
  },
  { path: 'ui', name: 'project-ui', label: 'Annotation UI', manage: true, component: () => import('./AnnotationUiEditorView.vue') },
  { path: 'guideline', name: 'project-guideline', label: 'Guideline', manage: true, component: () => import('./GuidelineEditorView.vue') },
  { path: 'settings', name: 'project-settings', label: 'Settings', manage: true, component: () => import('./SettingsView.vue') },
]

/** An organization's projects, a section of the organization's console (`/orgs/:orgId/projects`). */
export const organizationProjectsRoute: RouteRecordRaw = {
  path: 'projects',
  name: 'console-projects',
  component: () => import('./ProjectsView.vue'),
  props: true,
  meta: { title: 'Projects' },
}

export const projectConsoleRoutes: RouteRecordRaw[] = [
  {
    path: '/projects/:projectId',
    component: () => import('./ProjectLayout.vue'),
    props: true,
    children: [
      { path: '', redirect: { name: 'project-stats' } },
      ...projectScreens.map(({ path, name, label, component }) => ({ path, name, component, meta: { title: label } })),
      { path: 'items/:itemId', name: 'project-item', component: () => import('./ItemView.vue'), props: true, meta: { title: 'Item' } },
      {
        path: 'releases/:name',
        name: 'project-release',
        component: () => import('./ReleaseView.vue'),
        props: true,
        meta: { title: 'Release' },
      },
    ],
  },
]
