import { createServer } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Session } from "@sess/core";
import { sessionMiddleware } from "@sess/core/express";
import { errorBody, flowFor, flows } from "./flows.js";
import { type AppFactory, listen } from "./harness.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point
  namespace Express {
    interface Request {
      /** The second manager's session (`sessionMiddleware(cart, { property: "cart" })`). */
      cart: Session;
    }
  }
}

/** The login app on Express 5 with two `sessionMiddleware`s. */
export const expressApp: AppFactory = async ({ main, cart }, errors) => {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(sessionMiddleware(main));
  app.use(sessionMiddleware(cart, { property: "cart" }));
  for (const key of Object.keys(flows)) {
    const [method = "", path = ""] = key.split(" ");
    const handler = async (req: Request, res: Response) => {
      const query = new URLSearchParams(req.url.split("?")[1] ?? "");
      const form = new URLSearchParams((req.body ?? {}) as Record<string, string>);
      // req.session and req.cart are typed Session<SessionData>: no cast.
      const reply = await flowFor(method, path)({ main: async () => req.session, cart: async () => req.cart }, { query, form });
      if (reply.cookie) res.append("set-cookie", reply.cookie);
      if (reply.location) return res.redirect(reply.status, reply.location);
      res.status(reply.status).type("text/plain").send(reply.body);
    };
    if (method === "GET") app.get(path, handler);
    else app.post(path, handler);
  }
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    errors.push(err);
    if (res.headersSent) return next(err);
    res.status(500).type("text/plain").send(errorBody(err));
  });
  return listen(createServer(app));
};
