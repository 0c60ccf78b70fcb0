export { verifyWebhook, WebhookVerificationError } from "./verify.js";
export type { VerifyWebhookOptions, WebhookEvent, WebhookHeaders } from "./verify.js";
