import { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createManager, type Manager } from "@sess/core";
import { deleteKeysWithPrefix, redisUrl, uniquePrefix } from "@sess/conformance/services";
import { MemoryProvider } from "@sess/provider-memory";
import { redisProvider } from "@sess/provider-redis";
import { type Counted, counted } from "../../support/counting-provider.js";
import { CookieJar } from "../../support/cookie-jar.js";

/** The two managers every adapter app serves: "sid" on a counted memory store, "cart" on Redis. */
export interface Managers {
  main: Manager;
  cart: Manager;
}

/** An app listening on a free port. */
export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Builds one framework's login app over `managers`; errors its error handler sees go to `errors`. */
export type AppFactory = (managers: Managers, errors: unknown[]) => Promise<RunningApp>;

/** A running app with its managers, the counted store under "sid", and the errors its framework handled. */
export interface AdapterHarness extends Managers {
  url: string;
  store: Counted<MemoryProvider>;
  errors: unknown[];
  /** What the managers reported to their `onError`. */
  reported: unknown[];
  /** Redis keys of this run start with it. */
  prefix: string;
  browser(): CookieJar;
  close(): Promise<void>;
}

/** Starts `factory`'s app over fresh managers: a new memory store and a unique Redis prefix per call. */
export async function startHarness(factory: AppFactory): Promise<AdapterHarness> {
  const store = counted(new MemoryProvider());
  const prefix = uniquePrefix();
  // onError collects what the managers report beside the failure itself (a failed read is also reported there).
  const reported: unknown[] = [];
  const onError = (err: unknown) => reported.push(err);
  const main = await createManager({ provider: store.provider, cookieName: "sid", maxLifetime: 3600, onError });
  const cart = await createManager({ provider: await redisProvider({ url: redisUrl(), prefix }), cookieName: "cart", maxLifetime: 3600, onError });
  const errors: unknown[] = [];
  const app = await factory({ main, cart }, errors);
  return {
    main,
    cart,
    store,
    errors,
    reported,
    prefix,
    url: app.url,
    browser: () => new CookieJar(app.url),
    close: async () => {
      await app.close();
      await main.close();
      await cart.close();
      await deleteKeysWithPrefix(prefix, redisUrl());
    },
  };
}

/** Listens on a free loopback port; the app closes by dropping its connections. */
export async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
