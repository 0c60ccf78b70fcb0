// The reference SDK's import path `@codat/platform/sdk/models/operations`: the request objects.
export * from "../../models/requests.js";
