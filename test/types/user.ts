// One declaration of the app's user types `consumer.scope.user` in handlers, middleware and
// `authenticate`. Compiled by `npm run typecheck`, never run.
import * as v from "valibot";
import { expectTypeOf } from "vitest";
import {
  defineServer,
  liveviewHandler,
  liveviewRegistry,
  type AuthResult,
  type Consumer,
} from "vite-plugin-liveview/server";

declare module "vite-plugin-liveview/server" {
  interface LiveViewUser {
    id: number;
  }
  interface LiveViewSession {
    token: string;
  }
}

liveviewHandler("whoami", (consumer) => {
  expectTypeOf(consumer.scope.user).toEqualTypeOf<{ id: number } | undefined>();
  expectTypeOf(consumer.scope.session).toEqualTypeOf<
    { token: string } | undefined
  >();
  // @ts-expect-error the user has no name
  void consumer.scope.user?.name;
});

// Also in a handler with schemas.
liveviewHandler(
  "rename",
  { form: v.object({ name: v.string() }) },
  (consumer, { form }) => {
    expectTypeOf(consumer.scope.user?.id).toEqualTypeOf<number | undefined>();
    expectTypeOf(form.name).toEqualTypeOf<string>();
  },
);

liveviewRegistry.addMiddleware((consumer, _content, functionName) => {
  expectTypeOf(consumer.scope.user).toEqualTypeOf<{ id: number } | undefined>();
  expectTypeOf(functionName).toEqualTypeOf<string>();
  return consumer.scope.user !== undefined;
});

defineServer({
  authenticate() {
    return { user: { id: 1 }, session: { token: "t" }, socketId: "user:1" };
  },
});

defineServer({
  // @ts-expect-error id is a number
  authenticate: () => ({ user: { id: "1" } }),
});

defineServer({
  // @ts-expect-error also from an async authenticate
  authenticate: async () => ({ user: { name: "Ada" } }),
});

expectTypeOf<AuthResult["user"]>().toEqualTypeOf<{ id: number } | undefined>();
expectTypeOf<Consumer["scope"]["user"]>().toEqualTypeOf<
  { id: number } | undefined
>();
