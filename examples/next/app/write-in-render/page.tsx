import { cookies } from "next/headers";
import { isSessError, type Session } from "@sess/core";
import { readSession } from "@sess/core/next";
import { sessions } from "../../lib/sessions";

export const dynamic = "force-dynamic";

// What happens when a Server Component tries to change the session: a typed error, not a
// change stored without the cookie that would carry it.
export default async function WriteInRender() {
  const session = await readSession(await sessions(), await cookies());
  try {
    (session as unknown as Session).set("visits", 99);
    return <p id="outcome">stored</p>;
  } catch (error) {
    return <p id="outcome">{isSessError(error, "HEADERS_SENT") ? `${error.code}: ${error.message}` : String(error)}</p>;
  }
}
