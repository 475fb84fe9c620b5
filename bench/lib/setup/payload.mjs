/** The ~200-byte session every system stores: a user, a role, preferences and the counter. */
export function seedData(i) {
  return {
    user: `user-${String(i).padStart(7, "0")}@example.com`,
    role: "member",
    locale: "en-GB",
    theme: "dark",
    cart: "sku-1042:2,sku-2093:1,sku-3310:4,sku-4471:1,sku-5528:3",
    csrf: "c3f1e2d4b5a6978812345678abcdef90",
  };
}

/** Bytes of the payload as JSON, for the report. */
export const PAYLOAD_BYTES = Buffer.byteLength(JSON.stringify({ n: 0, ...seedData(0) }));
