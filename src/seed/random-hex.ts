const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * 32 hex characters (128 bits) from the seeded generator: the shape of a real visitor hash
 * without a keyed hash per visit (crypto per event would dominate the generator's cost, and the
 * demo must come out the same for the same seed).
 */
export function randomHex32(random: () => number): string {
  let hex = '';
  for (let word = 0; word < 4; word++) {
    const bits = (random() * 4294967296) >>> 0;
    hex += `${HEX_BYTES[bits >>> 24]}${HEX_BYTES[(bits >>> 16) & 255]}${HEX_BYTES[(bits >>> 8) & 255]}${HEX_BYTES[bits & 255]}`;
  }
  return hex;
}
