const USAGE = `Usage: liveview serve [options]

Serves the output of \`vite build\` (dist/client) and the LiveView endpoint (dist/server).

Options:
  --port <n>       port to listen on (env PORT, default 3000)
  --host <name>    interface to bind (env HOST, default 0.0.0.0)
  --dist <dir>     build output folder (default dist)
  --redis <url>    Redis URL for cross-process broadcasts (env LIVEVIEW_REDIS_URL)
  --workers <n>    worker processes (needs Redis when n > 1; env LIVEVIEW_WORKERS, default 1)
  --trust-proxy    take client address, scheme and host from X-Forwarded-* (env LIVEVIEW_TRUST_PROXY=1)
  --metrics        serve Prometheus metrics at /metrics (env LIVEVIEW_METRICS=1)

Environment: LIVEVIEW_SECRET (room signing), LIVEVIEW_ALLOWED_ORIGINS (comma-separated),
LIVEVIEW_LOG_LEVEL, LIVEVIEW_LOG_FORMAT=json (one JSON object per line); .env files of the
working directory are loaded as \`vite preview\` does.
  -h, --help       show this help`;

/** Runs the command line; resolves with an exit code, or undefined while a server keeps running. */
export async function runCli(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  if (
    !command ||
    command === "-h" ||
    command === "--help" ||
    rest.includes("--help")
  ) {
    console.log(USAGE);
    return 0;
  }
  if (command !== "serve") {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  const { serveCommand } = await import("./serve-command.ts");
  return serveCommand(rest);
}
