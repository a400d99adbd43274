import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "./logger.ts";

export interface Translator {
  translate(lang: string, key: string, vars?: Record<string, unknown>): string;
  /** Catalogs remembered now (found or missing): bounded, whatever languages clients send. */
  readonly cached: number;
}

type Catalog = Record<string, unknown>;

interface CachedCatalog {
  mtimeMs: number;
  entries: Catalog | undefined;
}

const PLACEHOLDER = /\{(\w+)\}/g;
/** Catalogs (found or missing) remembered at once. */
const MAX_CACHED = 64;

function lookup(catalog: Catalog | undefined, key: string): string | undefined {
  if (!catalog) return undefined;
  if (typeof catalog[key] === "string") return catalog[key];
  // Nested catalogs: "nav.home" reads { "nav": { "home": ... } }.
  let node: unknown = catalog;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Catalog)[part];
  }
  return typeof node === "string" ? node : undefined;
}

function interpolate(
  text: string,
  vars: Record<string, unknown> | undefined,
): string {
  if (!vars) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

function parseCatalog(text: string, file: string): Catalog {
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${file} must hold a JSON object of keys to texts, e.g. {"hello": "Hola"}`,
    );
  }
  return value as Catalog;
}

/** "es-ES" is looked up as "es-ES", then "es", then the default language. */
function candidates(lang: string, defaultLanguage: string): string[] {
  const out: string[] = [];
  if (lang) {
    out.push(lang);
    const base = lang.split(/[-_]/)[0];
    if (base && base !== lang) out.push(base);
  }
  if (!out.includes(defaultLanguage)) out.push(defaultLanguage);
  return out;
}

/**
 * Catalogs are `<dir>/<lang>.json`. With `watch` on (dev), a catalog is re-read when its file
 * changes, so an edited translation shows on the next message without a restart.
 */
export function createTranslator(options: {
  dir: string;
  defaultLanguage: string;
  watch: boolean;
  logger: Logger;
}): Translator {
  const cache = new Map<string, CachedCatalog>();

  function load(lang: string): Catalog | undefined {
    if (!/^[\w-]+$/.test(lang)) return undefined;
    const file = join(options.dir, `${lang}.json`);
    const cached = cache.get(lang);
    if (cached && !options.watch) return cached.entries;
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      // No catalog for this language: remembered as missing.
    }
    if (cached && cached.mtimeMs === mtimeMs) return cached.entries;
    let entries: Catalog | undefined;
    if (mtimeMs !== -1) {
      try {
        entries = parseCatalog(readFileSync(file, "utf8"), file);
      } catch (error) {
        options.logger.error(`Could not read the catalog ${file}`, error);
      }
    }
    // Languages come from clients: the cache keeps the most recent few, never all of them.
    if (!cache.has(lang) && cache.size >= MAX_CACHED)
      cache.delete(cache.keys().next().value!);
    cache.set(lang, { mtimeMs, entries });
    return entries;
  }

  return {
    get cached() {
      return cache.size;
    },
    translate(lang, key, vars) {
      for (const candidate of candidates(lang, options.defaultLanguage)) {
        const text = lookup(load(candidate), key);
        if (text !== undefined) return interpolate(text, vars);
      }
      return interpolate(key, vars);
    },
  };
}
