import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { contentTypeOf, isCompressible, listFiles } from "../src/internal.ts";

const MIN_BYTES = 1024;
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Writes `file.br` and `file.gz` beside every compressible asset of the client build, at the
 * best (slow) settings, once: `liveview serve` then sends them as they are and never compresses
 * an asset on its event loop. Pages are left out: they are sent per request (signed rooms).
 */
export async function precompress(dir: string): Promise<number> {
  const files = listFiles(dir).filter(
    (file) => !file.endsWith(".html") && isCompressible(contentTypeOf(file)),
  );
  let written = 0;
  await Promise.all(
    files.map(async (file) => {
      const path = join(dir, file);
      const body = await readFile(path);
      if (body.length < MIN_BYTES) return;
      const [br, gzipped] = await Promise.all([
        brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
        gz(body, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([
        writeFile(`${path}.br`, br),
        writeFile(`${path}.gz`, gzipped),
      ]);
      written += 1;
    }),
  );
  return written;
}
