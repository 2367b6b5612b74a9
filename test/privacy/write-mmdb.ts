/**
 * A MaxMind DB writer just big enough for tests, written from the MaxMind DB File Format
 * Specification 2.0 (https://maxmind.github.io/MaxMind-DB/):
 *
 *   [binary search tree][16 zero bytes][data section]["\xAB\xCD\xEFMaxMind.com"][metadata map]
 *
 * The tree has one level per address bit. Each node holds two 24-bit records (left = bit 0,
 * right = bit 1), big-endian. A record below `node_count` points to that node; equal to it
 * means "no data"; above it points into the data section at `record - node_count - 16`.
 * In an `ip_version` 6 tree, IPv4 addresses live at `::/96`.
 */

/** An unsigned integer of an explicit MaxMind type (the spec types metadata fields exactly). */
export class MmdbUint {
  constructor(
    readonly bits: 16 | 32 | 64,
    readonly value: bigint,
  ) {}
}

export type MmdbValue = string | MmdbUint | readonly MmdbValue[] | { readonly [key: string]: MmdbValue };

export const uint16 = (value: number) => new MmdbUint(16, BigInt(value));
export const uint32 = (value: number) => new MmdbUint(32, BigInt(value));
export const uint64 = (value: number) => new MmdbUint(64, BigInt(value));

export interface MmdbNetwork {
  /** CIDR: `192.0.2.0/24`, `2001:db8::/32`. */
  network: string;
  data: MmdbValue;
}

export interface MmdbOptions {
  ipVersion: 4 | 6;
  databaseType: string;
  /** Networks must not overlap. */
  networks: readonly MmdbNetwork[];
  buildEpoch?: number;
}

const RECORD_BITS = 24;
const DATA_SECTION_SEPARATOR = Buffer.alloc(16);
const METADATA_MARKER = Buffer.concat([Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com')]);

/** Data-field types (spec "Output Data Section"); 8 and above are "extended". */
const TYPE = { string: 2, map: 7, uint16: 5, uint32: 6, uint64: 9, array: 11 } as const;

interface TreeNode {
  children: [Child, Child];
}
type Child = TreeNode | { dataOffset: number } | undefined;

export function writeMmdb(options: MmdbOptions): Buffer {
  const data = new DataSection();
  const root: TreeNode = { children: [undefined, undefined] };
  for (const { network, data: value } of options.networks) {
    insert(root, networkBits(network, options.ipVersion), { dataOffset: data.add(value) });
  }
  const nodes = numberNodes(root);
  return Buffer.concat([
    encodeTree(nodes),
    DATA_SECTION_SEPARATOR,
    data.bytes(),
    METADATA_MARKER,
    encode(metadata(options, nodes.size)),
  ]);
}

function metadata(options: MmdbOptions, nodeCount: number): MmdbValue {
  return {
    node_count: uint32(nodeCount),
    record_size: uint16(RECORD_BITS),
    ip_version: uint16(options.ipVersion),
    database_type: options.databaseType,
    languages: ['en'],
    binary_format_major_version: uint16(2),
    binary_format_minor_version: uint16(0),
    build_epoch: uint64(options.buildEpoch ?? 1_700_000_000),
    description: { en: 'Penumbra test database' },
  };
}

// --- search tree -----------------------------------------------------------------------------

function insert(root: TreeNode, bits: readonly number[], leaf: Child): void {
  if (bits.length === 0) throw new Error('a /0 network is not supported');
  let node = root;
  for (const [depth, bit] of bits.entries()) {
    const index = bit as 0 | 1;
    const child = node.children[index];
    if (depth === bits.length - 1) {
      if (child !== undefined) throw new Error('overlapping networks are not supported');
      node.children[index] = leaf;
      return;
    }
    if (child !== undefined && !('children' in child))
      throw new Error('overlapping networks are not supported');
    const next: TreeNode = child ?? { children: [undefined, undefined] };
    node.children[index] = next;
    node = next;
  }
}

/** Breadth-first numbering from the root, which must be node 0. */
function numberNodes(root: TreeNode): Map<TreeNode, number> {
  const numbers = new Map<TreeNode, number>();
  const queue: TreeNode[] = [root];
  for (let node = queue.shift(); node; node = queue.shift()) {
    numbers.set(node, numbers.size);
    for (const child of node.children) if (child && 'children' in child) queue.push(child);
  }
  return numbers;
}

function encodeTree(nodes: Map<TreeNode, number>): Buffer {
  const nodeBytes = (RECORD_BITS * 2) / 8;
  const tree = Buffer.alloc(nodes.size * nodeBytes);
  for (const [node, number] of nodes) {
    node.children.forEach((child, side) => {
      tree.writeUIntBE(recordValue(child, nodes), number * nodeBytes + side * (nodeBytes / 2), nodeBytes / 2);
    });
  }
  return tree;
}

function recordValue(child: Child, nodes: Map<TreeNode, number>): number {
  const nodeCount = nodes.size;
  const value =
    child === undefined
      ? nodeCount
      : 'children' in child
        ? (nodes.get(child) ?? nodeCount)
        : nodeCount + DATA_SECTION_SEPARATOR.length + child.dataOffset;
  if (value >= 2 ** RECORD_BITS) throw new Error('record does not fit in 24 bits');
  return value;
}

function networkBits(cidr: string, ipVersion: 4 | 6): number[] {
  const [address = '', prefixText = ''] = cidr.split('/');
  const prefix = Number(prefixText);
  const v4 = address.includes('.');
  if (!v4 && ipVersion === 4) throw new Error(`${cidr}: IPv6 network in an IPv4 database`);
  const bytes = v4 ? address.split('.').map(Number) : ipv6Bytes(address);
  const bits = bytes.flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
  const offset = v4 && ipVersion === 6 ? 96 : 0;
  return [...Array<number>(offset).fill(0), ...bits.slice(0, prefix)];
}

/** `2001:db8::` → 16 bytes (no embedded IPv4 form: the tests do not need it). */
function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groups = (text: string) => (text ? text.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

// --- data section ----------------------------------------------------------------------------

class DataSection {
  readonly #chunks: Buffer[] = [];
  readonly #offsets = new Map<string, number>();
  #length = 0;

  /** Stores a value once; networks with equal data share it (as real databases do). */
  add(value: MmdbValue): number {
    const bytes = encode(value);
    const key = bytes.toString('hex');
    const known = this.#offsets.get(key);
    if (known !== undefined) return known;
    const offset = this.#length;
    this.#offsets.set(key, offset);
    this.#chunks.push(bytes);
    this.#length += bytes.length;
    return offset;
  }

  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([control(TYPE.string, text.length), text]);
  }
  if (value instanceof MmdbUint) {
    const bytes = unsignedBytes(value.value);
    return Buffer.concat([control(TYPE[`uint${value.bits}`], bytes.length), bytes]);
  }
  if (Array.isArray(value)) {
    const items = value as readonly MmdbValue[];
    return Buffer.concat([control(TYPE.array, items.length), ...items.map(encode)]);
  }
  const entries = Object.entries(value as { readonly [key: string]: MmdbValue });
  return Buffer.concat([
    control(TYPE.map, entries.length),
    ...entries.flatMap(([k, v]) => [encode(k), encode(v)]),
  ]);
}

/**
 * Control byte: 3 type bits then 5 size bits; type 0 means "extended", the real type minus 7
 * follows in the next byte. Sizes of 29+ spill into 1–3 following bytes (spec "Payload Size").
 */
function control(type: number, size: number): Buffer {
  const [sizeBits, sizeBytes] = sizeField(size);
  const head = type <= 7 ? [(type << 5) | sizeBits] : [sizeBits, type - 7];
  return Buffer.concat([Buffer.from(head), sizeBytes]);
}

function sizeField(size: number): [number, Buffer] {
  if (size < 29) return [size, Buffer.alloc(0)];
  if (size < 29 + 256) return [29, Buffer.from([size - 29])];
  if (size < 285 + 65_536) {
    const bytes = Buffer.alloc(2);
    bytes.writeUInt16BE(size - 285);
    return [30, bytes];
  }
  const bytes = Buffer.alloc(3);
  bytes.writeUIntBE(size - 65_821, 0, 3);
  return [31, bytes];
}

/** Big-endian without leading zero bytes (zero is no bytes at all), as the spec allows. */
function unsignedBytes(value: bigint): Buffer {
  const bytes: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  return Buffer.from(bytes);
}
