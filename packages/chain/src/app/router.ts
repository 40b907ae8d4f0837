// Msg and query routing tables built from the registered modules; a duplicate is a wiring bug.
import type { AppModule, MsgHandler, QueryHandler } from "./module";

export class Router {
  readonly msgs = new Map<string, MsgHandler>();
  readonly queries = new Map<string, QueryHandler>();

  constructor(modules: AppModule[]) {
    const names = new Set<string>();
    for (const m of modules) {
      if (names.has(m.name)) throw new Error(`module ${m.name} is registered twice (check src/app/modules.ts)`);
      names.add(m.name);
      for (const h of m.msgHandlers) {
        if (this.msgs.has(h.typeUrl)) throw new Error(`msg ${h.typeUrl} has two handlers (module ${m.name})`);
        this.msgs.set(h.typeUrl, h);
      }
      for (const [path, q] of Object.entries(m.queryHandlers)) {
        if (this.queries.has(path)) throw new Error(`query path ${path} has two handlers (module ${m.name})`);
        this.queries.set(path, q);
      }
    }
  }
}
