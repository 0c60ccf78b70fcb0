// The seed page's example, as written, with its placeholder values read from the environment:
//   CODAT_AUTH_HEADER  "Basic <base64 API key>"
//   CODAT_COMPANY_ID   the company to issue the token for
//   CODAT_SERVER_URL   the API's base URL (read by the SDK itself; default https://api.codat.io)
import { CodatPlatform } from "@codat/platform";

const codatPlatform = new CodatPlatform({
  authHeader: process.env.CODAT_AUTH_HEADER ?? "Basic BASE_64_ENCODED(API_KEY)",
});

async function run() {
  const result = await codatPlatform.connectionManagement.getAccessToken({
    companyId: process.env.CODAT_COMPANY_ID ?? "8a210b68-6988-11ed-a1eb-0242ac120002",
  });

  // Handle the result
  console.log(result)
}

run();
