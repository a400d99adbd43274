// Values the global setups hand to the test files (`inject(...)`).
declare module "vitest" {
  export interface ProvidedContext {
    /** The compiled package: package.json, README.md and dist/ (test/setup/package.ts). */
    packageDir: string;
    /** Playwright's endpoint of the run's one Chromium (test/setup/browser.ts). */
    chromiumEndpoint: string;
    /** The run's one Vite dev server on playground/ (test/setup/browser.ts). */
    playgroundUrl: string;
    /** Where that dev server keeps files being uploaded (test/setup/browser.ts). */
    playgroundUploads: string;
  }
}
export {};
