import { get } from "node:http";

export interface CurlResult {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** One GET on a connection of its own (so `--workers` spreads them), as curl would do it. */
export function curl(url: string, cookie = ""): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers: { cookie } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
        }),
      );
    }).on("error", reject);
  });
}
