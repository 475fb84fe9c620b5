export { resetRegistry, unregister } from "./spi/registry.js";
