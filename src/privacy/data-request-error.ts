/** Why a data export or erasure cannot be done as asked; `code` is stable (HTTP and CLI show it). */
export type DataRequestErrorCode =
  | 'site_unknown'
  | 'link_unknown'
  | 'tag_unknown'
  | 'target_ambiguous'
  | 'table_unknown';

export class DataRequestError extends Error {
  constructor(
    readonly code: DataRequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DataRequestError';
  }

  /** Unknown things are a 404; a request that names two targets or no table is a 400. */
  get isNotFound(): boolean {
    return this.code === 'site_unknown' || this.code === 'link_unknown' || this.code === 'tag_unknown';
  }
}
