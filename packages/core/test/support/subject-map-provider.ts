import type { ChangeSet, StoredSession, SubjectSession } from "../../src/provider.js";
import { MapProvider } from "./map-provider.js";

/** MapProvider with the subject capability: a subject per key and a scan for listing (small tests only). */
export class SubjectMapProvider extends MapProvider {
  readonly subjects = new Map<string, string>();

  override async read(key: string): Promise<StoredSession | null> {
    const record = await super.read(key);
    const subject = this.subjects.get(key);
    if (record && subject !== undefined) record.subject = subject;
    return record;
  }

  override async write(key: string, change: ChangeSet, expiresAt: number): Promise<boolean> {
    const written = await super.write(key, change, expiresAt);
    if (written && typeof change.subject === "string") this.subjects.set(key, change.subject);
    if (written && change.subject === null) this.subjects.delete(key);
    return written;
  }

  override async regenerate(oldKey: string, newKey: string): Promise<boolean> {
    const moved = await super.regenerate(oldKey, newKey);
    const subject = this.subjects.get(oldKey);
    if (moved && subject !== undefined) this.subjects.set(newKey, subject);
    this.subjects.delete(oldKey);
    return moved;
  }

  override async destroy(key: string): Promise<void> {
    await super.destroy(key);
    this.subjects.delete(key);
  }

  async listSubject(subject: string): Promise<SubjectSession[]> {
    const out: SubjectSession[] = [];
    for (const [key, bound] of this.subjects) {
      if (bound !== subject) continue;
      const record = await this.read(key);
      if (record) out.push({ key, record });
    }
    return out;
  }

  async destroySubject(subject: string, exceptKey?: string): Promise<number> {
    let removed = 0;
    for (const { key } of await this.listSubject(subject)) {
      if (key === exceptKey) continue;
      await this.destroy(key);
      removed++;
    }
    return removed;
  }
}
