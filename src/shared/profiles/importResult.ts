import { profileSchema, type ConnectionProfile } from '../domain/profile';

export type ImportSkip = { name: string; reason: string };
/** Something in an imported connection that QoScope could not carry over, said in words. */
export type ImportNote = { name: string; note: string };

export type ImportResult = {
  /** Every one has passed profileSchema. */
  profiles: ConnectionProfile[];
  skipped: ImportSkip[];
  notes: ImportNote[];
};

/**
 * Gathers what an importer produced. A connection is only ever added after profileSchema
 * accepts it, so importers can build candidates loosely and still never hand back an invalid
 * profile; a rejected one becomes a skip with the schema's own message.
 */
export class ImportCollector {
  readonly result: ImportResult = { profiles: [], skipped: [], notes: [] };

  skip(name: string, reason: string): void {
    this.result.skipped.push({ name, reason });
  }

  /** Notes describe what was dropped from a connection, so they only matter if it was imported. */
  accept(name: string, candidate: unknown, notes: readonly string[] = []): void {
    const parsed = profileSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.filter((part) => typeof part === 'string' || typeof part === 'number').join('.');
      this.skip(name, issue ? `${issue.message}${path ? ` (${path})` : ''}` : 'Not a valid connection');
      return;
    }
    this.result.profiles.push(parsed.data);
    for (const note of notes) this.result.notes.push({ name, note });
  }
}

/** Other tools allow longer names than we do; shortening is kinder than refusing the connection. */
export function profileName(raw: string | undefined, fallback: string): string {
  const name = raw?.trim() || fallback;
  return name.length > 100 ? `${name.slice(0, 99)}…` : name;
}
