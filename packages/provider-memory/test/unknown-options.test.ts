import { describe, expect, it } from "vitest";
import { SessErrorCode, newManager } from "@sess/core";
import { memoryProvider } from "../src/index.js";

describe("the memory provider refuses options it does not know", () => {
  it('maxByte (for maxBytes) is INVALID_CONFIG naming it and suggesting "maxBytes"', () => {
    expect(() => memoryProvider({ maxByte: 1024 } as never)).toThrow(
      expect.objectContaining({
        code: SessErrorCode.INVALID_CONFIG,
        message: expect.stringContaining('unknown option "maxByte": did you mean "maxBytes"? (the options are maxBytes, maxSessions, whenFull, now, sliceMs)') as unknown,
      }),
    );
  });

  it("through newManager's provider config too, and a key far from any is named without a guess", async () => {
    await expect(newManager("memory", "sid", 60, { maxByte: 1024 })).rejects.toMatchObject({
      code: SessErrorCode.INVALID_CONFIG,
      message: expect.stringContaining('unknown option "maxByte": did you mean "maxBytes"?') as unknown,
    });
    await expect(newManager("memory", "sid", 60, { ttl: 5 })).rejects.toMatchObject({
      message: expect.stringMatching(/unknown option "ttl" \(the options are/) as unknown,
    });
  });

  it("the known options still open it", async () => {
    const m = await newManager("memory", "sid", 60, { maxBytes: 1 << 20, maxSessions: 10, whenFull: "reject", sliceMs: 500 });
    await m.close();
  });
});
