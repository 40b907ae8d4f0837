// x/auth as an AppModule (its ante logic lives in app/ante.ts).
import type { AppModule } from "../../app/module";
import type { AuthKeeper } from "./keeper";
import { AUTH_MODULE } from "./keys";
import { authQueryHandlers } from "./query-server";
import { type AuthGenesis, defaultAuthGenesis, exportAuthGenesis, initAuthGenesis, validateAuthGenesis } from "./genesis";

export function authModule(auth: AuthKeeper): AppModule<AuthGenesis> {
  return {
    name: AUTH_MODULE,
    msgHandlers: [],
    queryHandlers: authQueryHandlers(auth),
    defaultGenesis: defaultAuthGenesis,
    validateGenesis: validateAuthGenesis,
    initGenesis: (ctx, g) => initAuthGenesis(ctx, auth, g),
    exportGenesis: (ctx) => exportAuthGenesis(ctx, auth),
    invariants: [],
  };
}
