import type { TopicNode } from '../../../shared/topics/topicTree';

/** Topics at or below `node` that hold a retained message, as far as this connection has seen. */
export function retainedTopics(node: TopicNode): string[] {
  const found: string[] = [];
  const stack: TopicNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.retained) found.push(current.path);
    for (const child of current.children.values()) stack.push(child);
  }
  return found.sort();
}
