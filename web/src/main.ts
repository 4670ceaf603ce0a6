/** Starts the app: the router, the session, and a sign-in prompt when a session expires. */
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'
import { setUnauthenticatedHandler } from './api/client'
import { useSession } from './session'
import './styles/base.css'

setUnauthenticatedHandler(() => {
  useSession().forget()
  void router.push({ name: 'signin', query: { next: router.currentRoute.value.fullPath } })
})

createApp(App).use(router).mount('#app')
