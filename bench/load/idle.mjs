// Opens N sockets and holds them until killed. Usage: node load/idle.mjs <url> <count>
import { openSockets } from "./connect.mjs";

const [url, countText] = process.argv.slice(2);
await openSockets([url], Number(countText));
console.log("CONNECTED");
setInterval(() => {}, 1 << 30);
