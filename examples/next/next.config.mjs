/** @type {import("next").NextConfig} */
const nextConfig = {
  // sess is loaded by Node from node_modules, not bundled: one copy of its registry per process.
  serverExternalPackages: ["@sess/core", "@sess/provider-memory"],
};
export default nextConfig;
