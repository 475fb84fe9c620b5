import type { ReactNode } from "react";

export const metadata = { title: "sess on Next.js" };

// System fonts only: next/font/google would fetch from the internet at build time.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: "2rem" }}>{children}</body>
    </html>
  );
}
