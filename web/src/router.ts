/**
 * The app's screens, by user: `views/workspace/` for annotators, `views/review/`
 * for reviewers, `views/console/` for admins and managers (lazily loaded: an
 * annotator's page never downloads it). Every screen but sign-in and sign-up needs a
 * session; the guard sends anyone without one to sign-in and back afterwards.
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useSession } from './session'
import { organizationProjectsRoute, projectConsoleRoutes } from './views/console/projects/routes'
import NotFoundView from './views/NotFoundView.vue'
import ReviewView from './views/review/ReviewView.vue'
import AnnotateView from './views/workspace/AnnotateView.vue'
import HistoryView from './views/workspace/HistoryView.vue'
import HomeView from './views/workspace/HomeView.vue'
import SignInView from './views/workspace/SignInView.vue'
import SignUpView from './views/workspace/SignUpView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean
    /** The page title (before "· Labelwell"). */
    title?: string
  }
}

/** The console chunk, loaded on the first visit to a console screen. */
const consoleScreens = () => import('./views/console')

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: 'My projects' } },
  { path: '/signin', name: 'signin', component: SignInView, meta: { public: true, title: 'Sign in' } },
  { path: '/signup', name: 'signup', component: SignUpView, meta: { public: true, title: 'Create an account' } },
  { path: '/invite', name: 'invite', component: SignUpView, meta: { public: true, title: 'Invitation' } },
  {
    path: '/projects/:projectId/annotate',
    name: 'annotate',
    component: AnnotateView,
    props: true,
    meta: { title: 'Annotate' },
  },
  {
    path: '/projects/:projectId/history',
    name: 'history',
    component: HistoryView,
    props: true,
    meta: { title: 'My history' },
  },
  { path: '/projects/:projectId/review', name: 'review', component: ReviewView, props: true, meta: { title: 'Review' } },
  ...projectConsoleRoutes,
  {
    path: '/orgs/:orgId',
    component: () => consoleScreens().then((screens) => screens.ConsoleLayout),
    props: true,
    children: [
      { path: '', name: 'org', redirect: (to) => ({ name: 'org-members', params: to.params }) },
      {
        path: 'members',
        name: 'org-members',
        component: () => consoleScreens().then((screens) => screens.MembersView),
        meta: { title: 'Members' },
      },
      organizationProjectsRoute,
      {
        path: 'invitations',
        name: 'org-invitations',
        component: () => consoleScreens().then((screens) => screens.InvitationsView),
        meta: { title: 'Invitations' },
      },
      {
        path: 'audit',
        name: 'org-audit',
        component: () => consoleScreens().then((screens) => screens.AuditLogView),
        meta: { title: 'Audit log' },
      },
      {
        path: 'webhooks',
        name: 'org-webhooks',
        component: () => consoleScreens().then((screens) => screens.WebhooksView),
        meta: { title: 'Webhooks' },
      },
      {
        path: 'webhooks/:webhookId',
        name: 'org-webhook',
        component: () => consoleScreens().then((screens) => screens.WebhookDeliveriesView),
        props: true,
        meta: { title: 'Webhook deliveries' },
      },
      {
        path: 'settings',
        name: 'org-settings',
        component: () => consoleScreens().then((screens) => screens.SettingsView),
        meta: { title: 'Organization settings' },
      },
      { path: ':rest(.*)*', name: 'org-not-found', component: NotFoundView, meta: { title: 'Not found' } },
    ],
  },
  {
    path: '/me/tokens',
    name: 'me-tokens',
    component: () => consoleScreens().then((screens) => screens.TokensView),
    meta: { title: 'API tokens' },
  },
  { path: '/:rest(.*)*', name: 'not-found', component: NotFoundView, meta: { public: true, title: 'Not found' } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const { user, restore } = useSession()
  await restore()
  if (!to.meta.public && !user.value) {
    return { name: 'signin', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  }
  if ((to.name === 'signin' || to.name === 'signup') && user.value) return { name: 'home' }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Labelwell` : 'Labelwell'
})
