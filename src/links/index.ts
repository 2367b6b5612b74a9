export { applyUtm, UTM_MEDIUM_BY_CHANNEL } from './apply-utm.js';
export { LinkInputError } from './link-input-error.js';
export {
  type PreviewPageInput,
  renderPreviewPage,
  renderStatusPage,
  type StatusPageCode,
  type StatusPageInput,
  type StatusPageLang,
} from './preview-page.js';
export {
  QR_DEFAULTS,
  type QrErrorCorrection,
  type QrOptions,
  type ResolvedQrOptions,
  renderQrPng,
  renderQrSvg,
  validateQrOptions,
} from './qr.js';
export {
  isShareChannel,
  SHARE_CHANNELS,
  type ShareChannel,
  type ShareInput,
  shareUrlFor,
} from './share-urls.js';
export { generateSlug, MAX_SLUG_LENGTH, RESERVED_SLUGS, SLUG_ALPHABET, validateSlug } from './slugs.js';
export { MAX_TARGET_LENGTH, type ValidateTargetOptions, validateTarget } from './validate-target.js';
export { MAX_UTM_PARAMS, MAX_UTM_VALUE_LENGTH, UTM_KEY, validateUtm } from './validate-utm.js';
