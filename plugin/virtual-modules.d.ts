declare module "virtual:liveview-registry" {
  export const modules: Record<string, unknown>;
  export const files: string[];
}
