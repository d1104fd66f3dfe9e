import { aclRuleSchema, type AclRule } from '../../../shared/domain/brokerAccess';

/** Rules as the user types them, one per line like mosquitto's ACL file: `readwrite devices/%u/#`. */
export function formatRules(rules: readonly AclRule[]): string {
  return rules.map((rule) => `${rule.access} ${rule.pattern}`).join('\n');
}

/** The rules, or the first line that is not one, named by its number. */
export function parseRules(text: string): { rules: AclRule[] } | { error: string } {
  const rules: AclRule[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const space = trimmed.indexOf(' ');
    const access = space < 0 ? trimmed : trimmed.slice(0, space);
    const pattern = space < 0 ? '' : trimmed.slice(space + 1).trim();
    const parsed = aclRuleSchema.safeParse({ access, pattern });
    if (!parsed.success) {
      const problem = parsed.error.issues[0];
      const what = problem?.path[0] === 'access' ? `"${access}" is not read, write or readwrite` : (problem?.message ?? 'not a rule');
      return { error: `Line ${index + 1}: ${what}` };
    }
    rules.push(parsed.data);
  }
  return { rules };
}
