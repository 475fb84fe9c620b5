import { RedisStore } from "connect-redis";
import { createClient } from "redis";
import { expressSessionServer } from "./express-session-app.mjs";

/** express-session with connect-redis on the node-redis client, under the run's own key prefix. */
export async function start({ redisUrl, prefix }) {
  const client = createClient({ url: redisUrl });
  client.on("error", () => {}); // reported by failed requests; the bench counts them
  await client.connect();
  const store = new RedisStore({ client, prefix });
  return { server: expressSessionServer(store), close: async () => void (await client.quit()) };
}
