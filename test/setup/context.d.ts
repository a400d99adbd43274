// Values the global setups hand to the test files (`inject(...)`).
declare module "vitest" {
  export interface ProvidedContext {
    /** The compiled package: package.json, README.md and dist/ (test/setup/package.ts). */
    packageDir: string;
    /** Playwright's endpoint of the run's one Chromium (test/setup/browser.ts). */
    chromiumEndpoint: string;
    /**
     * The Vite dev servers on playground/, one per test worker (test/setup/browser.ts): each
     * one's address and the folder where it keeps files being uploaded.
     */
    playgrounds: { url: string; uploads: string }[];
  }
}
export {};
