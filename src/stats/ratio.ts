/** `a ÷ b`, or null when b is 0 (no visits: no share to speak of). */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
