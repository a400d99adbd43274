// The floor for uploads: a plain Node HTTP server that streams each request body to a file on
// disk and answers once it is written (what `curl -T` posts to). Usage: node upload-floor.mjs <port> <dir>
import { createWriteStream } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";

const [port, dir] = process.argv.slice(2);
let count = 0;
const server = createServer((request, response) => {
  const file = createWriteStream(join(dir, `upload-${++count}`));
  request.pipe(file);
  file.on("finish", () => response.end(`${file.bytesWritten}\n`));
});
server.listen(Number(port), "127.0.0.1", () => console.log("READY"));
