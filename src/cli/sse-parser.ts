/**
 * The text/event-stream framing as an EventSource reads it (id, event, data and comment
 * lines; blocks separated by a blank line), for `parley watch` and the tests' stream client.
 */
export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

/** Parses what `buffer` holds up to its last complete block; `rest` is the incomplete tail. */
export function parseSse(buffer: string): { messages: SseMessage[]; comments: number; rest: string } {
  const messages: SseMessage[] = [];
  let comments = 0;
  let rest = buffer;
  let cut: number;
  while ((cut = rest.indexOf('\n\n')) >= 0) {
    const block = rest.slice(0, cut);
    rest = rest.slice(cut + 2);
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) { comments++; continue; }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) messages.push({ id, event, data: data.join('\n') });
  }
  return { messages, comments, rest };
}
