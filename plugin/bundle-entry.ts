// The server bundle's entry (`vite build`): every handler file, the app's server entry, and
// the core that serves them.
import { files } from "virtual:liveview-registry";
import serverEntry, {
  file as serverEntryFile,
} from "virtual:liveview-server-entry";

export { files, serverEntry, serverEntryFile };
export * from "vite-plugin-liveview/server";
