/** Every aggregate of a kind in a dialogue, read page by page (for exports and summaries). */
import type { DialogueId } from '../record/index.js';
import type { AggregateQuery, AggregateReader, AggregateRecord } from './private-ports.js';

const PAGE = 500;

export async function allAggregates<S>(reader: AggregateReader, dialogue: DialogueId, kind: string, query: Omit<AggregateQuery, 'limit' | 'after'> = {}): Promise<AggregateRecord<S>[]> {
  const all: AggregateRecord<S>[] = [];
  for (let after: string | undefined; ;) {
    const page = await reader.aggregates<S>(dialogue, kind, { ...query, limit: PAGE, ...(after ? { after } : {}) });
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page.at(-1)!.id;
  }
}
