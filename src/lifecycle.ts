import type { ClientLog } from "./client-log.ts";
import type { RunEvent } from "./fan-out.ts";
import type { Member } from "./member.ts";
import { announce, untrack } from "./presence.ts";
import type { ModuleRegistry } from "./registry.ts";
import { getRuntime, type ServerServices } from "./runtime.ts";

export interface Lifecycle {
  runEvent: RunEvent;
  /** A socket was accepted: its onConnect hooks run. */
  opened(member: Member): void;
  /** It closed: its presence entries leave and its onDisconnect hooks run. */
  closed(member: Member, code: number): void;
  stop(): void;
}

export interface LifecycleDeps {
  registry: ModuleRegistry;
  services: ServerServices;
  clientLog: ClientLog;
  onHandlerError: ((error: unknown, name: string) => void) | undefined;
  /** With a shared presence store, how often entries of dead processes are looked for. */
  sweepMs: number | undefined;
}

/**
 * What runs for a page outside its own messages: onConnect and onDisconnect hooks, and the
 * event handlers a `publish()` reaches it with. They run in the page's context (its language,
 * this server's templates and catalogs), and a failure is logged, never thrown at the caller.
 */
export function createLifecycle(deps: LifecycleDeps): Lifecycle {
  const { registry, services, clientLog } = deps;
  const members = new Set<Member>();

  function run(
    member: Member,
    name: string,
    call: () => void | Promise<void>,
  ): void | Promise<void> {
    const failed = (error: unknown) => {
      clientLog.error(`hook:${name}`, `${name} failed`, error, {
        room: member.consumer.room,
      });
      deps.onHandlerError?.(error, name);
    };
    const scope = { lang: member.lang, services, cancelled: false };
    try {
      const result = getRuntime().messages.run(scope, call);
      if (result instanceof Promise) return result.catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  const sweep =
    deps.sweepMs === undefined
      ? undefined
      : setInterval(() => {
          const topics = new Set<string>();
          for (const member of members)
            for (const topic of member.presence ?? []) topics.add(topic);
          for (const topic of topics)
            announce(services, topic, [], []).catch((error: unknown) =>
              services.logger.debug(
                `Presence sweep of ${topic}: ${String(error)}`,
              ),
            );
        }, deps.sweepMs);
  sweep?.unref();

  return {
    runEvent(member, event, payload) {
      const handler = registry.getEvent(event);
      if (!handler) {
        if (event !== "presence")
          clientLog.warn(`event:${event}`, `No handler for event "${event}"`);
        return;
      }
      return run(member, `Event handler "${event}"`, () =>
        handler(member.consumer, payload),
      );
    },
    opened(member) {
      members.add(member);
      for (const hook of registry.getConnectHooks())
        void run(member, "onConnect", () => hook(member.consumer));
    },
    closed(member, code) {
      members.delete(member);
      const { consumer } = member;
      for (const topic of member.presence ?? [])
        untrack(services, topic, consumer.id, consumer.scope.socketId).catch(
          (error: unknown) =>
            services.logger.debug(
              `Presence leave in ${topic}: ${String(error)}`,
            ),
        );
      for (const hook of registry.getDisconnectHooks())
        void run(member, "onDisconnect", () => hook(consumer, { code }));
    },
    stop() {
      if (sweep) clearInterval(sweep);
      members.clear();
    },
  };
}
