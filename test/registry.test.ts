import { describe, expect, it } from "vitest";
import { liveviewHandler, liveviewRegistry } from "../src/index.ts";
import { createRegistry } from "../src/registry.ts";

const noop = () => {};

describe("registry", () => {
  it("offers every method of Django LiveView's liveview_registry", () => {
    const registry = createRegistry();
    const handler = registry.register("say_hello")(noop);
    expect(handler).toBe(noop);
    expect(registry.listFunctions()).toEqual(["say_hello"]);
    expect(registry.getHandler("say_hello")).toBe(noop);
    expect(registry.getHandler("missing")).toBeUndefined();
    expect(registry.getAllHandlers()).toEqual({ say_hello: noop });
    expect(registry.unregister("say_hello")).toBe(noop);
    expect(registry.unregister("say_hello")).toBeUndefined();
    registry.register("a")(noop);
    registry.addMiddleware(() => true);
    registry.clear();
    expect(registry.listFunctions()).toEqual([]);
    expect(registry.getMiddleware()).toEqual([]);
  });

  it("rejects empty names and non-functions with a clear message", () => {
    const registry = createRegistry();
    expect(() => registry.register("")(noop)).toThrow(/non-empty string/);
    expect(() => registry.register("x")("nope" as never)).toThrow(
      /Handler "x" must be a function/,
    );
    expect(() => registry.addMiddleware(5 as never)).toThrow(
      /Middleware must be a function/,
    );
  });

  it("refuses a name registered from two files, naming both", () => {
    const registry = createRegistry();
    registry.beginModule("liveview_components/a.ts");
    registry.register("say_hello")(noop);
    registry.endModule("liveview_components/a.ts");
    registry.beginModule("liveview_components/b.ts");
    expect(() => registry.register("say_hello")(noop)).toThrow(
      'Handler "say_hello" is already registered in liveview_components/a.ts; liveview_components/b.ts registers it again',
    );
  });

  it("lets a re-evaluated file replace its handlers and drops the ones it no longer defines", () => {
    const registry = createRegistry();
    const v1 = () => {};
    const v2 = () => {};
    registry.beginModule("f.ts");
    registry.register("keep")(v1);
    registry.register("gone")(v1);
    registry.addMiddleware(v1);
    registry.endModule("f.ts");
    registry.beginModule("f.ts");
    registry.register("keep")(v2);
    registry.register("new")(v2);
    registry.addMiddleware(v2);
    registry.endModule("f.ts");
    expect(registry.getAllHandlers()).toEqual({ keep: v2, new: v2 });
    expect(registry.getMiddleware()).toEqual([v2]);
  });

  it("keeps the previous handlers when a file throws halfway through", () => {
    const registry = createRegistry();
    const v1 = () => {};
    registry.beginModule("f.ts");
    registry.register("keep")(v1);
    registry.endModule("f.ts");
    registry.beginModule("f.ts");
    registry.register("keep")(() => {});
    // ...the file throws here, so endModule never runs.
    expect(registry.getHandler("keep")).toBe(v1);
    registry.beginModule("f.ts");
    registry.endModule("f.ts");
    expect(registry.getHandler("keep")).toBeUndefined();
  });

  it("forgets handler files that no longer exist", () => {
    const registry = createRegistry();
    for (const file of ["a.ts", "b.ts"]) {
      registry.beginModule(file);
      registry.register(file)(noop);
      registry.endModule(file);
    }
    registry.register("manual")(noop);
    registry.retainModules(["a.ts"]);
    expect(registry.listFunctions().sort()).toEqual(["a.ts", "manual"]);
  });

  it("liveviewHandler registers in the process-wide liveviewRegistry and names the calling file on a clash", () => {
    const handler = liveviewHandler("registry_test_handler", noop);
    expect(liveviewRegistry.getHandler("registry_test_handler")).toBe(handler);
    expect(liveviewRegistry.unregister("registry_test_handler")).toBe(noop);
    expect(() => {
      const clash = createRegistry(() => "/app/one.ts");
      clash.register("x")(noop);
      clash.beginModule("two.ts");
      clash.register("x")(noop);
    }).toThrow(
      /already registered in \/app\/one\.ts; two\.ts registers it again/,
    );
  });
});
