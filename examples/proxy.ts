// Reading a platform's API through a connection, with the SDK. The server's proxy calls the
// platform with the connection's grant (its access token, renewed when needed, and the headers
// the platform wants, such as Xero's tenant), so your back end never holds a platform token.
// Placeholder values are read from the environment:
//   CODAT_AUTH_HEADER    "Basic <base64 API key>"
//   CODAT_COMPANY_ID     the company
//   CODAT_CONNECTION_ID  one of its connections, Linked (to Xero, say)
//   CODAT_PROXY_PATH     what to read, under the platform's API base (default: Xero's organization)
//   CODAT_SERVER_URL     the API's base URL (read by the SDK itself; default https://api.codat.io)
import { CodatPlatform, ErrorMessage } from "@codat/platform";

const codatPlatform = new CodatPlatform({
  authHeader: process.env.CODAT_AUTH_HEADER ?? "Basic BASE_64_ENCODED(API_KEY)",
});

async function run() {
  try {
    const response = await codatPlatform.connections.proxy({
      companyId: process.env.CODAT_COMPANY_ID ?? "8a210b68-6988-11ed-a1eb-0242ac120002",
      connectionId: process.env.CODAT_CONNECTION_ID ?? "2e9d2c44-f675-40ba-8049-353bfcb5e171",
      path: process.env.CODAT_PROXY_PATH ?? "/api.xro/2.0/Organization",
      headers: { accept: "application/json" },
    });
    // The platform's own answer, whatever its status (a 404 of the platform is not thrown).
    const body = response.headers.get("content-type")?.includes("json") ? await response.json() : await response.text();
    console.log(response.status, body);
    if (!response.ok) process.exitCode = 1;
  } catch (error) {
    // The proxy itself refused: 404 (no such connection for this key), 409 (not linked), 502 / 504 (the platform
    // could not be reached, or did not answer in time), ...
    if (error instanceof ErrorMessage) console.error(error.statusCode, error.error, error.correlationId);
    else console.error(error);
    process.exitCode = 1;
  }
}

run();
