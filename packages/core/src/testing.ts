export { resetRegistry, unregister } from "./registry.js";
