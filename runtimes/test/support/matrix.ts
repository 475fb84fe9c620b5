import { afterAll, beforeAll, describe } from "vitest";
import type { AppConfig } from "../../app/managers.ts";
import type { RuntimeName } from "../../app/routes.ts";
import { storeOutageScenario } from "./outage.ts";
import type { RunningApp } from "./process.ts";
import { appScenarios, useApp } from "./scenarios.ts";
import { postgresStore, redisStore, testSecret, type TestStore } from "./stores.ts";

/** Starts the app on one runtime with a config. */
export type Starter = (config: AppConfig) => Promise<RunningApp>;

/** One runtime's rows: memory and cookie always; redis and postgres where the runtime can dial them. */
export function runtimeMatrix(runtime: RuntimeName, start: Starter, options: { stores: boolean }): void {
  for (const provider of ["memory", "cookie"]) {
    describe(`${runtime} × ${provider}`, () => {
      const handle = useApp(() => start({ SESS_RT_PROVIDER: provider, SESS_RT_SECRET: testSecret() }));
      appScenarios(runtime, handle);
    });
  }
  if (!options.stores) return;
  for (const [provider, open] of [["redis", redisStore], ["postgres", postgresStore]] as const) {
    describe(`${runtime} × ${provider}`, () => {
      let store: TestStore | undefined;
      beforeAll(async () => {
        store = await open();
      });
      afterAll(async () => {
        await store?.cleanup();
      });
      const handle = useApp(() => start(store!.config));
      appScenarios(runtime, handle);
      storeOutageScenario(runtime, handle, () => store!);
    });
  }
}
