export { type BadLineExample, BadLines, formatBadLine } from './bad-lines.js';
export { lineKey } from './line-key.js';
export {
  isLogFormat,
  type LineParser,
  LOG_FORMATS,
  type LogFormat,
  lineParser,
  parseLine,
} from './parse-line.js';
export {
  isLineError,
  type LineError,
  type LineErrorCode,
  type ParsedRequest,
  type ParseResult,
} from './parsed-request.js';
export { ProgressBar, type ProgressBarOptions, type ProgressStream } from './progress-bar.js';
export {
  DEFAULT_MAX_LINE_LENGTH,
  type LogLine,
  LogReadError,
  type ReadLogLinesOptions,
  readLogLineBatches,
  readLogLines,
  totalSourceBytes,
} from './read-log-lines.js';
export { requestUrl } from './request-url.js';
export { isStaticAsset, isWellKnownPath, type SkipReason, shouldSkip } from './skip-rules.js';
