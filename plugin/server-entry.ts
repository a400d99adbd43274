// The server bundle's entry (`vite build`): every handler file, plus the core that serves them.
import { files } from "virtual:liveview-registry";

export { files };
export * from "vite-plugin-liveview/server";
