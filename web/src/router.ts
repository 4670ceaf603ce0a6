/**
 * The app's screens, by user: `views/workspace/` for annotators, `views/review/`
 * for reviewers (and, later, `views/console/` for admins and managers).
 * Every screen but sign-in and sign-up needs a session; the guard sends
 * anyone without one to sign-in and back afterwards.
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useSession } from './session'
import SignInView from './views/workspace/SignInView.vue'
import HomeView from './views/workspace/HomeView.vue'
import NotFoundView from './views/NotFoundView.vue'

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: 'Home' } },
  { path: '/signin', name: 'signin', component: SignInView, meta: { public: true, title: 'Sign in' } },
  { path: '/:rest(.*)*', name: 'not-found', component: NotFoundView, meta: { public: true, title: 'Not found' } },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const { user, restore } = useSession()
  await restore()
  if (!to.meta.public && !user.value) {
    return { name: 'signin', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  }
  return true
})

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : ''
  document.title = title ? `${title} · Labelwell` : 'Labelwell'
})
