// Handlers with schemas: what the editor infers for `form` and `data` with valibot, zod and arktype.
// Compiled by `npm run typecheck`, never run.
import { type } from "arktype";
import * as v from "valibot";
import { expectTypeOf } from "vitest";
import { z } from "zod";
import {
  liveviewHandler,
  type Consumer,
  type Content,
  type FormValue,
  type ValidatedHandler,
} from "vite-plugin-liveview/server";

// valibot: the issue's own example; a transform changes the type it gives.
liveviewHandler(
  "save_contact",
  {
    form: v.object({
      email: v.pipe(v.string(), v.email()),
      age: v.pipe(v.string(), v.transform(Number)),
      tags: v.array(v.string()),
      newsletter: v.optional(v.boolean()),
    }),
  },
  (consumer, { form, data, lang, id }) => {
    expectTypeOf(consumer).toEqualTypeOf<Consumer>();
    expectTypeOf(form.email).toEqualTypeOf<string>();
    expectTypeOf(form.age).toEqualTypeOf<number>();
    expectTypeOf(form.tags).toEqualTypeOf<string[]>();
    expectTypeOf(form.newsletter).toEqualTypeOf<boolean | undefined>();
    // No data schema: data is as the page sent it.
    expectTypeOf(data).toEqualTypeOf<Record<string, string>>();
    expectTypeOf(lang).toEqualTypeOf<string>();
    expectTypeOf(id).toEqualTypeOf<string | number | undefined>();
    // @ts-expect-error a field the schema does not have
    void form.emial;
  },
);

// zod
liveviewHandler(
  "save_zod",
  {
    form: z.object({
      email: z.email(),
      quantity: z.string().transform(Number),
    }),
    data: z.object({ item_id: z.coerce.number() }),
  },
  (_consumer, { form, data }) => {
    expectTypeOf(form.email).toEqualTypeOf<string>();
    expectTypeOf(form.quantity).toEqualTypeOf<number>();
    expectTypeOf(data.item_id).toEqualTypeOf<number>();
  },
);

// arktype
liveviewHandler(
  "save_ark",
  {
    form: type({ email: "string.email", quantity: "string.numeric.parse" }),
  },
  (_consumer, { form }) => {
    expectTypeOf(form.email).toEqualTypeOf<string>();
    expectTypeOf(form.quantity).toEqualTypeOf<number>();
  },
);

// A data schema alone leaves the form as sent.
liveviewHandler(
  "delete_item",
  { data: v.object({ item_id: v.pipe(v.string(), v.transform(Number)) }) },
  async (_consumer, { form, data }) => {
    expectTypeOf(form).toEqualTypeOf<Record<string, FormValue>>();
    expectTypeOf(data.item_id).toEqualTypeOf<number>();
  },
);

// Asynchronous validators are schemas too.
liveviewHandler(
  "sign_up",
  {
    form: v.objectAsync({
      username: v.pipeAsync(
        v.string(),
        v.checkAsync(async () => true),
      ),
    }),
  },
  (_consumer, { form }) => {
    expectTypeOf(form.username).toEqualTypeOf<string>();
  },
);

// Without schemas, a handler is what it always was, and liveviewHandler returns it as given.
const plain = liveviewHandler("say_hello", (_consumer, content) => {
  expectTypeOf(content).toEqualTypeOf<Content>();
  expectTypeOf(content.form.name).toEqualTypeOf<FormValue | undefined>();
});
expectTypeOf(plain).parameter(1).toEqualTypeOf<Content>();

// With schemas it returns the typed handler.
const schemas = {
  form: v.object({ n: v.pipe(v.string(), v.transform(Number)) }),
};
const typed = liveviewHandler("typed", schemas, () => {});
expectTypeOf(typed).toEqualTypeOf<ValidatedHandler<typeof schemas>>();
expectTypeOf(typed)
  .parameter(1)
  .toHaveProperty("form")
  .toEqualTypeOf<{ n: number }>();

// A misspelt schema key fails, alone or next to a right one.
// @ts-expect-error "from" is not form
liveviewHandler("typo_1", { from: v.object({}) }, () => {});
// @ts-expect-error "dta" is not data
liveviewHandler("typo_2", { form: v.object({}), dta: v.object({}) }, () => {});
// @ts-expect-error a schema must be a Standard Schema
liveviewHandler("typo_3", { form: { parse: () => ({}) } }, () => {});

// The handler cannot claim a type the schema does not give.
liveviewHandler(
  "wrong_type",
  { form: v.object({ age: v.pipe(v.string(), v.transform(Number)) }) },
  // @ts-expect-error age is a number after the transform
  (_consumer, content: Content<{ age: string }>) => void content,
);
