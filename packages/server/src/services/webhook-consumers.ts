// A client's webhook consumers: created (URL checked against SSRF, company checked, at most
// MAX_CONSUMERS_PER_CLIENT under the client's lock, the signing secret sealed at rest and
// returned once) and deleted (with their pending deliveries).
import type { ServerContext } from "../context.js";
import { ApiError, badRequest } from "../errors.js";
import { ConsumerLimitError, createConsumer, deleteConsumer, type ConsumerInput, type ConsumerRecord } from "../webhooks/consumers.js";
import { checkConsumerUrl } from "../webhooks/url-guard.js";

const invalid = (itemId: string, message: string) => badRequest(message, [{ itemId, message, validatorName: "webhookConsumer" }]);

export async function createWebhookConsumer(
  context: ServerContext,
  clientId: string,
  input: ConsumerInput,
): Promise<{ consumer: ConsumerRecord; secret: string }> {
  const { config, secretBox } = context;
  const urlProblem = await checkConsumerUrl(input.url, config.webhookAllowPrivateUrls);
  if (urlProblem) throw invalid("body.url", urlProblem);
  if (input.companyId !== null && !(await context.caches.companyExists(clientId, input.companyId))) {
    throw invalid("body.companyId", `No company was found with ID ${input.companyId}`);
  }
  try {
    return await createConsumer(context.db, clientId, input, context.clock(), (plain) => secretBox.seal(Buffer.from(plain, "utf8")));
  } catch (error) {
    if (error instanceof ConsumerLimitError) throw new ApiError(400, error.message);
    throw error;
  }
}

/** Deletes the consumer and its pending deliveries; false when the client has no such consumer. */
export function deleteWebhookConsumer(context: ServerContext, clientId: string, consumerId: string): Promise<boolean> {
  return deleteConsumer(context.db, clientId, consumerId);
}
