/**
 * Orders a kit's links so that a link comes after the link of the same batch it references:
 * foreign keys are checked per statement, so a variant inserted before its main link fails.
 * Kits are one level deep (a main link and its variants), so one stable pass suffices.
 */
export function parentsFirst<T extends { id: string; parentId: string | null }>(links: readonly T[]): T[] {
  const ids = new Set(links.map((link) => link.id));
  const isVariantInBatch = (link: T): boolean => link.parentId !== null && ids.has(link.parentId);
  return [...links.filter((link) => !isVariantInBatch(link)), ...links.filter(isVariantInBatch)];
}
