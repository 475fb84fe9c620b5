import { createServer } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express4";
import { sessionMiddleware } from "@sess/core/express";
import { errorBody, flowFor, flows } from "./flows.js";
import { type AppFactory, listen } from "./harness.js";
import "./express-app.js";

/** The login app on Express 4 (the `express4` alias), which does not catch a handler's rejection: handlers pass it to `next`. */
export const express4App: AppFactory = async ({ main, cart }, errors) => {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(sessionMiddleware(main));
  app.use(sessionMiddleware(cart, { property: "cart" }));
  for (const key of Object.keys(flows)) {
    const [method = "", path = ""] = key.split(" ");
    const handler = (req: Request, res: Response, next: NextFunction) => {
      const query = new URLSearchParams(req.url.split("?")[1] ?? "");
      const form = new URLSearchParams((req.body ?? {}) as Record<string, string>);
      flowFor(method, path)({ main: async () => req.session, cart: async () => req.cart }, { query, form }).then((reply) => {
        if (reply.cookie) res.append("set-cookie", reply.cookie);
        if (reply.location) return res.redirect(reply.status, reply.location);
        res.status(reply.status).type("text/plain").send(reply.body);
      }, next);
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
