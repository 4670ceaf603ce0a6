/**
 * The console's screens, one module so that the router loads them as one lazy
 * chunk: annotators never download the console.
 */
export { default as AuditLogView } from './AuditLogView.vue'
export { default as ConsoleLayout } from './ConsoleLayout.vue'
export { default as InvitationsView } from './InvitationsView.vue'
export { default as MembersView } from './MembersView.vue'
export { default as SettingsView } from './SettingsView.vue'
export { default as TokensView } from './TokensView.vue'
export { default as WebhookDeliveriesView } from './WebhookDeliveriesView.vue'
export { default as WebhooksView } from './WebhooksView.vue'
