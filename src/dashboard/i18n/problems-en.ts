/**
 * The dashboard's own words for every problem `code` the server can answer (src/http/errors.ts
 * and the subcodes of the services' input errors), so that a French reader never gets the
 * server's English `detail`. problems-fr.ts must have the same keys (its type says so), and
 * test/dashboard/problem-messages.test.ts checks that every code the server source can raise is
 * here. A code missing here falls back to the server's own text (states.tsx).
 */
export const problemsEn = {
  // The catalogue of src/http/errors.ts.
  invalid_json: 'The request was not valid JSON. Reload the page and try again.',
  json_too_deep: 'The request nests too deeply to be read.',
  invalid_body: 'Some of what was sent is not valid.',
  invalid_query: 'The address asks for something that is not valid.',
  invalid_input: 'The request is not valid.',
  too_many_items: 'Too many items in one request: send fewer at a time.',
  site_required: 'Choose a site first: your access covers only some sites.',
  unauthorized: 'Your session has ended: sign in again.',
  invalid_credentials: 'The e-mail or the password is not right.',
  forbidden: 'Your role does not allow this.',
  privacy_owner_only:
    'Only an owner can make Penumbra keep more about visitors (a looser mode, a longer retention, Do Not Track ignored, a new kept parameter). You may make these settings stricter.',
  csrf_failed: 'The page is out of date with your session: reload it and try again.',
  setup_token_invalid: 'This setup link is not valid: use the one the server printed when it started.',
  wrong_password: 'The current password is not right.',
  not_found: 'Not found: it may have been deleted.',
  site_not_found: 'This site does not exist (any more).',
  request_timeout: 'The request took too long to arrive: try again.',
  conflict: 'That value is already taken: choose another.',
  setup_done: 'Penumbra is already set up: sign in instead.',
  last_owner: 'The last owner can be neither removed nor demoted: make someone else owner first.',
  body_too_large: 'What was sent is too large.',
  unsupported_media_type: 'The request was sent in a format the server does not read.',
  invalid_link: 'The link cannot be made as asked.',
  invalid_site: 'The site cannot be saved as asked.',
  invalid_stats_query: 'These figures cannot be computed as asked.',
  invalid_account: 'The account cannot be saved as asked.',
  rate_limited: 'Too many attempts: wait a few minutes, then try again.',
  headers_too_large: 'The request carries too much data in its headers (often too many cookies).',
  internal: 'Something went wrong on the server. Try again; if it lasts, tell your administrator.',
  unavailable: 'The server is starting or shutting down: try again in a moment.',
  hashing_busy: 'Too many sign-ins are being checked at once: try again in a moment.',
  store_unavailable: 'The database cannot be reached right now: try again in a few seconds.',

  // Sites (src/sites/site-input-error.ts).
  domain_invalid: 'The domain is not valid: write it as news.example.org, without https:// or a path.',
  timezone_invalid: 'The time zone is not known: choose one from the list (for example Europe/Paris).',
  name_invalid: 'The name is not valid: fill it in, with at most 200 characters.',
  fallback_invalid: 'The fallback address is not valid: write a full address starting with https://.',
  privacy_mode_invalid: 'Choose one of the privacy modes: anonymous, consented or strict.',
  landing_paths_invalid: 'A landing path is not valid: one path per line, starting with /.',
  retention_invalid: 'Keep raw events 1 to 25 months (25 is the CNIL ceiling for audience measurement).',
  origins_invalid:
    'An extra origin is not valid: write a host name such as staging.example.org (at most 20).',
  query_params_invalid: 'A kept query parameter is not valid: use names such as page or q.',

  // Links and share kits (src/links/).
  site_unknown: 'This site does not exist (any more).',
  slug_taken: 'This slug is already used by another link: choose another.',
  slug_invalid: 'A slug may only hold the letters A to Z, digits, “-” and “_”, up to 64 characters.',
  slug_reserved: 'This slug is reserved for Penumbra’s own pages: choose another.',
  target_invalid: 'The target is not a complete web address: write it in full, starting with https://.',
  target_too_long:
    'The target address is over 2,048 characters: shorten it, e.g. by removing tracking parameters.',
  target_scheme: 'Only http:// and https:// addresses can be link targets.',
  target_credentials:
    'The target address holds a user name or password: remove them, everyone could read them.',
  target_private_host: 'The target points at a private or local address, which nobody outside can open.',
  title_too_long: 'The title is too long: at most 300 characters.',
  description_too_long: 'The description is too long: at most 1,000 characters.',
  image_invalid: 'The image address is not valid: write a full public address starting with https://.',
  tags_invalid: 'A tag is not valid: at most 20 tags of letters, digits and spaces, 64 characters each.',
  expires_invalid: 'The expiry date is not valid.',
  expires_in_past: 'The expiry date is already past.',
  max_clicks_invalid: 'The click limit must be a whole number of at least 1.',
  channel_unknown: 'This sharing channel is not known.',
  utm_invalid: 'The UTM parameters are not valid: names such as utm_source, each with a value.',
  qr_text_invalid: 'There is nothing to put in the QR code, or it is too long: encode the short link.',
  qr_options_invalid: 'The QR code options are not valid: try a larger size or a smaller margin.',
  share_url_invalid: 'The share address cannot be built for this link.',
  preview_url_invalid: 'The preview address is not valid.',
  not_a_variant: 'Only a variant of a share kit has a preview of its own: change the kit itself instead.',
  autofill_failed:
    'The page could not be read to fill the kit in: fill the title, description and image yourself, or try again.',
  csv_empty: 'The CSV file holds no row: give one address per line, or a header row with a url column.',
  csv_invalid: 'The CSV file is not valid: a quoted field is never closed.',
  csv_too_many_rows: 'The CSV file has too many rows: at most 1,000 at once.',

  // Accounts and access (src/accounts/).
  email_invalid: 'The e-mail address is not valid.',
  password_too_short: 'Use at least 10 characters; a few words make a good one.',
  password_too_long: 'The password is too long: at most 200 characters.',
  password_common:
    'This password is among the most common ones, the first an attacker tries: choose another.',
  owner_everywhere: 'An owner has every site: choose another role to limit it to some sites.',
  scope_unknown: 'One of the token’s permissions is not known.',
  scopes_empty: 'Give the token at least one permission.',
  domain_taken: 'A site with this domain already exists.',
  name_taken: 'This name is already used: choose another.',
  email_taken: 'An account with this e-mail address already exists.',
  token_taken: 'This token already exists: try again.',

  // Stats queries (src/stats/).
  invalid_date: 'A date of the period is not a day on the calendar.',
  invalid_date_range: 'The period ends before it starts: choose an end date after the start date.',
  date_range_too_long: 'The period is too long: choose less than ten years.',
  too_many_time_dimensions: 'These figures can be split by one time unit only.',
  order_by_unknown: 'The table cannot be sorted by that column.',
  order_by_duplicate: 'The table is sorted twice by the same column.',
  unsupported_combination: 'These figures cannot be split that way.',
  invalid_filter_value: 'A filter’s value is not one these figures know.',
  too_many_buckets: 'The period is too long for hourly figures: choose a shorter one.',

  // Data export and erasure (src/privacy/).
  link_unknown: 'This link does not exist (any more).',
  tag_unknown: 'No link has this tag.',
  target_ambiguous: 'Name one thing to export or erase: a site, a link or a tag.',
  table_unknown: 'This table is not part of the export.',
  table_required: 'Choose the table to download as CSV.',

  // Pages Penumbra fetches itself: link previews, a kit's title and image (src/net/outbound-error.ts).
  bad_url: 'The address is not a complete web address, or it holds a user name or password.',
  scheme_not_allowed: 'Only http:// and https:// pages can be fetched.',
  host_not_public: 'The address points at a private or local host, which Penumbra does not fetch.',
  too_many_redirects: 'The page redirects too many times.',
  bad_redirect: 'The page redirects to an address that is not valid.',
  first_byte_timeout: 'The page took too long to answer.',
  timeout: 'The page took too long to load.',
  dns_failed: 'The page’s host name could not be found: check the address.',
  connect_failed: 'The page’s server could not be reached.',
  invalid_preview_url: 'Give the full address of a public web page, starting with https://.',

  // Webhooks and reports (src/outbox/delivery-input-error.ts).
  webhook_url_invalid: 'Give an http:// or https:// address without a user name or password.',
  webhook_url_not_public:
    'Deliveries go to public addresses only: this one is private, local or does not resolve.',
  webhook_events_invalid: 'Choose at least one event among those listed.',
  recipient_address_invalid: 'This is not an e-mail address.',
  address_taken: 'This site already sends its digests to this address.',
  slack_url_invalid: 'Give the Slack incoming-webhook URL (https://hooks.slack.com/…).',
  alert_recipient_unknown: 'Choose recipients among the site’s report recipients (Settings → Reports).',
  alert_goal_unknown: 'Choose one of the site’s goals for this rule (Goals).',
  delivery_not_replayable: 'This delivery is still being tried: wait for it to finish before replaying it.',

  // Funnels (src/funnels/funnel-input-error.ts).
  funnel_name_invalid: 'Name the funnel in 1 to 80 characters.',
  funnel_steps_count: 'A funnel has 2 to 8 steps.',
  funnel_steps_repeated: 'Each goal may be one step only: choose a different goal for the repeated step.',
  funnel_step_unknown:
    'A step is not one of this site’s goals (it may have just been deleted): choose another.',
  funnel_step_share: 'A share goal cannot be a funnel step: choose a page or event goal.',
  funnel_goal_missing:
    'A goal of this funnel was deleted, so it cannot be counted: choose another goal for that step, or delete the funnel.',

  // The tracker's events (src/http/routes/event.ts): shown if a test event is sent from here.
  origin_forbidden: 'Events for this site must come from its own origins: add this origin to the site.',
  revenue_invalid:
    'The revenue is not valid: give {amount, currency} with a number and a three-letter currency code such as EUR.',

  // Goals (src/goals/goal-input-error.ts) and goal metrics of the stats query (docs/goals.md).
  invalid_goal: 'The goal cannot be saved as asked.',
  goal_kind_invalid: 'Choose what the goal counts: a page, a custom event or a share.',
  goal_name_invalid: 'Give the goal a name of 1 to 80 characters.',
  goal_name_taken: 'This site already has a goal with this name: choose another.',
  goal_path_invalid:
    'The page path starts with / and has no spaces, ? or #; * stands for any characters (/blog/*).',
  goal_event_invalid: 'Give the custom event’s name exactly as the snippet sends it (1 to 100 characters).',
  goal_property_invalid:
    'A property match needs both a property name (up to 40 characters) and a value (up to 200).',
  goal_share_way_invalid: 'Choose which shares count: the share button, copies, or both.',
  goal_limit_reached: 'This site has 50 goals, the most it can have: delete one first.',
  revenue_needs_currency: 'Revenue is summed per currency: split it by currency or choose one currency.',
  converters_need_goal:
    'Converters and the conversion rate are counted per goal: choose one goal or split by goal.',
} as const;

export type ProblemCode = keyof typeof problemsEn;
export type ProblemMessages = Readonly<Record<ProblemCode, string>>;
