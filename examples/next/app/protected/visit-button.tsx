"use client";
import { useState } from "react";

/** Calls the Route Handler, which changes the session and sets its cookie on its own response. */
export function VisitButton() {
  const [visits, setVisits] = useState<number | undefined>(undefined);
  const count = async () => {
    const response = await fetch("/api/me", { method: "POST" });
    setVisits(((await response.json()) as { visits: number }).visits);
  };
  return (
    <p>
      <button type="button" onClick={() => void count()}>
        Count a visit
      </button>
      {visits !== undefined && <span id="counted">{visits}</span>}
    </p>
  );
}
