// createTestApp's results are typed. Compiled by `npm run typecheck`, never run.
import { expectTypeOf } from "vitest";
import type { ErrorFrame, SendData } from "vite-plugin-liveview/server";
import { createTestApp } from "vite-plugin-liveview/testing";

const app = createTestApp({ scope: { user: { id: 1 } } });
const result = await app.call("save_contact", { form: { email: "a@b.co" } });
expectTypeOf(result.frames).toEqualTypeOf<SendData[]>();
expectTypeOf(result.ack).toEqualTypeOf<string | number | undefined>();
expectTypeOf(result.error).toEqualTypeOf<ErrorFrame | undefined>();
expectTypeOf(result.error?.issues).toEqualTypeOf<
  { path: string; message: string }[] | undefined
>();
// @ts-expect-error form values are strings, booleans or lists of strings
void app.call("save_contact", { form: { age: 36 } });
