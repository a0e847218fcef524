/**
 * The credential types' names, as the credentials declare them and the nodes ask n8n for
 * them: here, so neither room imports the other's files.
 */
export const OVICE_API_CREDENTIAL = 'oviceApi';
export const WEBHOOK_TOKEN_CREDENTIAL = 'oviceWebhookTokenApi';
