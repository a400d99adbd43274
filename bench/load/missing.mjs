// Asks for <count> distinct URLs that name no file: half as pages (Accept: text/html, which a
// server may answer from a history fallback), half as files. 50 keep-alive connections.
// Usage: node bench/load/missing.mjs <port> <first> <count>
import { Agent, request } from "node:http";

const [port, first, count] = process.argv.slice(2).map(Number);
const agent = new Agent({ keepAlive: true, maxSockets: 50 });
let next = first;

function once(i) {
  const page = i % 2 === 0;
  const path = page ? `/missing/${i}/page` : `/missing-${i}.js`;
  return new Promise((resolve) => {
    request(
      {
        host: "127.0.0.1",
        port,
        path,
        agent,
        headers: page ? { accept: "text/html" } : {},
      },
      (response) => {
        response.resume();
        response.on("end", resolve);
      },
    )
      .on("error", resolve)
      .end();
  });
}

async function loop() {
  while (next < first + count) await once(next++);
}
await Promise.all(Array.from({ length: 50 }, loop));
agent.destroy();
console.log("done");
