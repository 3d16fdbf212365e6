/**
 * The parts of RFC 8941 Structured Field Values that HTTP Message Signatures (RFC 9421) and
 * Content-Digest (RFC 9530) use: dictionaries whose members are items or inner lists, with
 * parameters; bare items of type string, token, integer, boolean and byte sequence.
 * Parsing is strict (a field that does not parse is refused whole, RFC 8941 §4.2);
 * serialisation is the canonical form of §4.1, which the signature base depends on.
 */

export type BareItem =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'token'; readonly value: string }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'bytes'; readonly value: Buffer };

export type Parameters = ReadonlyMap<string, BareItem>;

export interface Item {
  readonly item: BareItem;
  readonly params: Parameters;
}

export interface InnerList {
  readonly list: readonly Item[];
  readonly params: Parameters;
}

export type Member = Item | InnerList;
export type Dictionary = ReadonlyMap<string, Member>;

export class StructuredFieldError extends Error {
  override name = 'StructuredFieldError';
}

const KEY_START = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;
const TOKEN_START = /[A-Za-z*]/;
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new StructuredFieldError(`${what} at character ${this.at}`);
  }
  private peek(): string | undefined {
    return this.text[this.at];
  }
  private skipSp(): void {
    while (this.peek() === ' ') this.at++;
  }
  private skipOws(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.at++;
  }

  dictionary(): Map<string, Member> {
    const members = new Map<string, Member>();
    this.skipSp();
    while (this.at < this.text.length) {
      const key = this.key();
      let member: Member;
      if (this.peek() === '=') {
        this.at++;
        member = this.peek() === '(' ? this.innerList() : this.item();
      } else {
        member = { item: { type: 'boolean', value: true }, params: this.parameters() };
      }
      members.set(key, member);
      this.skipOws();
      if (this.at >= this.text.length) return members;
      if (this.peek() !== ',') this.fail('expected "," between dictionary members');
      this.at++;
      this.skipOws();
      if (this.at >= this.text.length) this.fail('trailing comma');
    }
    return members;
  }

  private innerList(): InnerList {
    this.at++; // (
    const list: Item[] = [];
    for (;;) {
      this.skipSp();
      if (this.peek() === ')') {
        this.at++;
        return { list, params: this.parameters() };
      }
      list.push(this.item());
      const next = this.peek();
      if (next !== ' ' && next !== ')') this.fail('expected a space or ")" in an inner list');
    }
  }

  private item(): Item {
    const item = this.bareItem();
    return { item, params: this.parameters() };
  }

  private parameters(): Map<string, BareItem> {
    const params = new Map<string, BareItem>();
    while (this.peek() === ';') {
      this.at++;
      this.skipSp();
      const key = this.key();
      let value: BareItem = { type: 'boolean', value: true };
      if (this.peek() === '=') {
        this.at++;
        value = this.bareItem();
      }
      params.set(key, value);
    }
    return params;
  }

  private key(): string {
    const first = this.peek();
    if (first === undefined || !KEY_START.test(first)) this.fail('expected a key (lowercase letter or "*")');
    const start = this.at;
    while (this.peek() !== undefined && KEY_CHAR.test(this.peek()!)) this.at++;
    return this.text.slice(start, this.at);
  }

  private bareItem(): BareItem {
    const c = this.peek();
    if (c === undefined) this.fail('expected an item');
    if (c === '"') return this.string();
    if (c === ':') return this.bytes();
    if (c === '?') return this.boolean();
    if (c === '-' || (c >= '0' && c <= '9')) return this.integer();
    if (TOKEN_START.test(c)) return this.token();
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private string(): BareItem {
    this.at++;
    let value = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('unterminated string');
      this.at++;
      if (c === '"') return { type: 'string', value };
      if (c === '\\') {
        const escaped = this.peek();
        if (escaped !== '"' && escaped !== '\\') this.fail('only \\" and \\\\ may be escaped in a string');
        value += escaped;
        this.at++;
        continue;
      }
      const code = c.charCodeAt(0);
      if (code < 0x20 || code > 0x7e) this.fail('strings hold printable ASCII only');
      value += c;
    }
  }

  private bytes(): BareItem {
    this.at++;
    const end = this.text.indexOf(':', this.at);
    if (end < 0) this.fail('unterminated byte sequence');
    const encoded = this.text.slice(this.at, end);
    if (!BASE64.test(encoded) || encoded.length % 4 !== 0) this.fail('byte sequence is not base64');
    this.at = end + 1;
    return { type: 'bytes', value: Buffer.from(encoded, 'base64') };
  }

  private boolean(): BareItem {
    this.at++;
    const c = this.peek();
    if (c !== '0' && c !== '1') this.fail('a boolean is ?0 or ?1');
    this.at++;
    return { type: 'boolean', value: c === '1' };
  }

  private integer(): BareItem {
    const match = /^-?[0-9]{1,15}/.exec(this.text.slice(this.at));
    if (!match) this.fail('expected an integer of at most 15 digits');
    this.at += match[0].length;
    if (this.peek() === '.') this.fail('decimals are not accepted here');
    if (this.peek() !== undefined && /[0-9]/.test(this.peek()!)) this.fail('integer longer than 15 digits');
    return { type: 'integer', value: Number(match[0]) };
  }

  private token(): BareItem {
    const start = this.at;
    this.at++;
    while (this.peek() !== undefined && TOKEN_CHAR.test(this.peek()!)) this.at++;
    return { type: 'token', value: this.text.slice(start, this.at) };
  }
}

/** Parses a Dictionary field value (RFC 8941 §4.2.2); throws StructuredFieldError. */
export function parseDictionary(text: string): Dictionary {
  return new Parser(text).dictionary();
}

export function serializeBareItem(item: BareItem): string {
  switch (item.type) {
    case 'string':
      if (!/^[\x20-\x7e]*$/.test(item.value)) throw new StructuredFieldError('strings hold printable ASCII only');
      return `"${item.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    case 'token':
      return item.value;
    case 'integer':
      if (!Number.isSafeInteger(item.value) || Math.abs(item.value) > 999_999_999_999_999) throw new StructuredFieldError('integer out of range');
      return String(item.value);
    case 'boolean':
      return item.value ? '?1' : '?0';
    case 'bytes':
      return `:${item.value.toString('base64')}:`;
  }
}

export function serializeParameters(params: Parameters): string {
  let out = '';
  for (const [key, value] of params) {
    out += `;${key}`;
    if (!(value.type === 'boolean' && value.value)) out += `=${serializeBareItem(value)}`;
  }
  return out;
}

export function serializeItem(item: Item): string {
  return serializeBareItem(item.item) + serializeParameters(item.params);
}

export function serializeInnerList(list: InnerList): string {
  return `(${list.list.map(serializeItem).join(' ')})${serializeParameters(list.params)}`;
}

export function isInnerList(member: Member): member is InnerList {
  return 'list' in member;
}
