import type { HelpLink } from './menuTemplate';

/**
 * The Help menu's links, from package.json's `homepage` and `bugs` (read at run time from the
 * app's own package.json, so a fork's links are its own). No field, no link.
 */
export function helpLinks(packageJson: unknown): HelpLink[] {
  if (typeof packageJson !== 'object' || packageJson === null) return [];
  const fields = packageJson as { homepage?: unknown; bugs?: unknown };
  const links: HelpLink[] = [];
  if (typeof fields.homepage === 'string') links.push({ label: 'QoScope Documentation', url: fields.homepage });
  const bugs = typeof fields.bugs === 'string' ? fields.bugs : typeof fields.bugs === 'object' && fields.bugs !== null ? (fields.bugs as { url?: unknown }).url : undefined;
  if (typeof bugs === 'string') links.push({ label: 'Report an Issue', url: bugs });
  return links;
}
