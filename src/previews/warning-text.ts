/** What each warning says and how to fix it, in English and French; `{name}` takes a parameter. */
export const WARNING_TEXT = {
  page_unreachable: {
    en: [
      '{app} could not fetch the page: {reason}.',
      'Make the page reachable from the internet over http(s), without a login.',
    ],
    fr: [
      '{app} n’a pas pu récupérer la page : {reason}.',
      'Rendez la page accessible depuis Internet en http(s), sans connexion.',
    ],
  },
  page_status: {
    en: [
      '{app}’s fetcher got HTTP {status}, so it draws no card.',
      'Answer 200 to {agent}: check access rules, geo-blocking and error pages.',
    ],
    fr: [
      'Le robot de {app} a reçu HTTP {status} : il n’affiche pas d’aperçu.',
      'Répondez 200 à {agent} : vérifiez les règles d’accès, le blocage géographique et les pages d’erreur.',
    ],
  },
  fetcher_blocked: {
    en: [
      'The server answers HTTP {status} to {app}’s fetcher but 200 to a browser: a WAF or CDN rule blocks it.',
      'Allow the user agent “{agent}” in your CDN/WAF bot rules.',
    ],
    fr: [
      'Le serveur répond HTTP {status} au robot de {app} mais 200 à un navigateur : une règle de WAF ou de CDN le bloque.',
      'Autorisez l’agent « {agent} » dans les règles anti-robots de votre CDN/WAF.',
    ],
  },
  robots_blocked: {
    en: [
      'robots.txt forbids {token} this page, so {app} draws no card.',
      'Add “User-agent: {token}” with “Allow: /” to robots.txt.',
    ],
    fr: [
      'robots.txt interdit cette page à {token} : {app} n’affiche pas d’aperçu.',
      'Ajoutez « User-agent: {token} » et « Allow: / » à robots.txt.',
    ],
  },
  not_html: {
    en: [
      'The page is served as {type}, not HTML, so {app} reads no tags.',
      'Serve the page with Content-Type: text/html.',
    ],
    fr: [
      'La page est servie en {type}, pas en HTML : {app} ne lit aucune balise.',
      'Servez la page avec Content-Type: text/html.',
    ],
  },
  https_required: {
    en: [
      '{app} previews https: pages only, and this one ends on http:.',
      'Serve the page (and every redirect) over https.',
    ],
    fr: [
      '{app} n’affiche l’aperçu que des pages https:, et celle-ci finit en http:.',
      'Servez la page (et chaque redirection) en https.',
    ],
  },
  too_many_redirects: {
    en: ['{app} gives up after {limit} redirects.', 'Link to the final URL, or shorten the redirect chain.'],
    fr: [
      '{app} abandonne après {limit} redirections.',
      'Liez l’URL finale, ou raccourcissez la chaîne de redirections.',
    ],
  },
  redirect_drops_tags: {
    en: [
      'After {count} redirect(s) the page {app} reads ({url}) has no preview tags.',
      'Make the redirect land on the article itself, or add og: tags to its target.',
    ],
    fr: [
      'Après {count} redirection(s), la page que lit {app} ({url}) n’a pas de balises d’aperçu.',
      'Faites aboutir la redirection sur l’article lui-même, ou ajoutez des balises og: à sa cible.',
    ],
  },
  meta_refresh: {
    en: [
      'The page redirects with <meta http-equiv="refresh">, which {app} does not follow.',
      'Use an HTTP 301/302 redirect, or put the preview tags on this page.',
    ],
    fr: [
      'La page redirige par <meta http-equiv="refresh">, que {app} ne suit pas.',
      'Utilisez une redirection HTTP 301/302, ou placez les balises d’aperçu sur cette page.',
    ],
  },
  tags_beyond_limit: {
    en: [
      '{app} reads only the first {limit} of HTML; the page’s {tag} comes later.',
      'Move the og: and twitter: tags to the top of <head>, before styles and scripts.',
    ],
    fr: [
      '{app} ne lit que les {limit} premiers octets du HTML ; la balise {tag} vient après.',
      'Placez les balises og: et twitter: en haut du <head>, avant styles et scripts.',
    ],
  },
  no_title: {
    en: ['{app} finds no title (og:title or <title>).', 'Add <meta property="og:title" content="…">.'],
    fr: [
      '{app} ne trouve aucun titre (og:title ou <title>).',
      'Ajoutez <meta property="og:title" content="…">.',
    ],
  },
  no_image: {
    en: [
      'No og:image: {app} draws a card without a picture.',
      'Add <meta property="og:image" content="https://…/card.jpg"> (1200×630, JPEG, under 300 KB).',
    ],
    fr: [
      'Pas d’og:image : {app} affiche un aperçu sans image.',
      'Ajoutez <meta property="og:image" content="https://…/card.jpg"> (1200×630, JPEG, moins de 300 Ko).',
    ],
  },
  image_unreachable: {
    en: [
      '{app} cannot load the image {url}: {reason}.',
      'Serve the image publicly over https with status 200, without redirects to other hosts.',
    ],
    fr: [
      '{app} ne peut pas charger l’image {url} : {reason}.',
      'Servez l’image publiquement en https avec le statut 200, sans redirection vers un autre hôte.',
    ],
  },
  image_wrong_type: {
    en: [
      'The image is served as {type}, which {app} does not draw.',
      'Serve a JPEG or PNG with the matching Content-Type.',
    ],
    fr: [
      'L’image est servie en {type}, que {app} n’affiche pas.',
      'Servez un JPEG ou un PNG avec le Content-Type correspondant.',
    ],
  },
  image_too_heavy: {
    en: [
      'The image weighs {size}, over {app}’s {limit}: the card shows no picture.',
      'Compress it (JPEG quality 80, 1200×630) to under {limit}.',
    ],
    fr: [
      'L’image pèse {size}, au-delà des {limit} de {app} : l’aperçu n’a pas d’image.',
      'Compressez-la (JPEG qualité 80, 1200×630) sous {limit}.',
    ],
  },
  image_below_minimum: {
    en: [
      'The image is {width}×{height}; {app} needs at least {minWidth}×{minHeight} to show it.',
      'Use an image of at least {minWidth}×{minHeight} (1200×630 is safe everywhere).',
    ],
    fr: [
      'L’image fait {width}×{height} ; {app} exige au moins {minWidth}×{minHeight} pour l’afficher.',
      'Utilisez une image d’au moins {minWidth}×{minHeight} (1200×630 convient partout).',
    ],
  },
  image_too_small: {
    en: [
      'The image is {width}×{height}: too small for {app}’s large card ({minWidth}×{minHeight}), it gets a thumbnail.',
      'Use an image of at least {minWidth}×{minHeight}.',
    ],
    fr: [
      'L’image fait {width}×{height} : trop petite pour la grande carte de {app} ({minWidth}×{minHeight}), elle devient une vignette.',
      'Utilisez une image d’au moins {minWidth}×{minHeight}.',
    ],
  },
  image_aspect: {
    en: [
      'The image’s ratio is {ratio}:1; {app} crops large images to {expected}:1.',
      'Crop the image to {expected}:1 (e.g. 1200×630) so nothing important is cut.',
    ],
    fr: [
      'Le rapport de l’image est {ratio}:1 ; {app} recadre les grandes images en {expected}:1.',
      'Recadrez l’image en {expected}:1 (par ex. 1200×630) pour ne rien perdre d’important.',
    ],
  },
  image_insecure: {
    en: [
      'The image is http: on an https: page; {app} may refuse it.',
      'Serve the image over https and use an https: URL in og:image.',
    ],
    fr: [
      'L’image est en http: sur une page https: ; {app} peut la refuser.',
      'Servez l’image en https et utilisez une URL https: dans og:image.',
    ],
  },
  title_cut: {
    en: [
      '{app} cuts the title at {limit} characters ({length} given).',
      'Shorten the title (og:title) to {limit} characters or fewer.',
    ],
    fr: [
      '{app} coupe le titre à {limit} caractères ({length} fournis).',
      'Raccourcissez le titre (og:title) à {limit} caractères au plus.',
    ],
  },
  description_cut: {
    en: [
      '{app} cuts the description at {limit} characters ({length} given).',
      'Put the essential in the first {limit} characters of og:description.',
    ],
    fr: [
      '{app} coupe la description à {limit} caractères ({length} fournis).',
      'Mettez l’essentiel dans les {limit} premiers caractères d’og:description.',
    ],
  },
  url_mismatch: {
    en: [
      '{tag} points to {target}, not to this page: {app} may show that page’s card and count shares there.',
      'Make {tag} the URL of this page (or remove it).',
    ],
    fr: [
      '{tag} pointe vers {target}, pas vers cette page : {app} peut afficher l’aperçu de cette autre page et y compter les partages.',
      'Faites de {tag} l’URL de cette page (ou retirez-la).',
    ],
  },
  slow_first_byte: {
    en: [
      'The first byte took {ms} ms for {app}; slow pages get no card when the fetcher gives up.',
      'Cache the page (CDN) or answer bots from a static copy: aim under 1 s.',
    ],
    fr: [
      'Le premier octet a mis {ms} ms pour {app} ; un robot qui abandonne n’affiche pas d’aperçu.',
      'Mettez la page en cache (CDN) ou servez les robots depuis une copie statique : visez moins d’1 s.',
    ],
  },
  no_site_name: {
    en: [
      'No og:site_name: {app} shows the domain instead of your brand.',
      'Add <meta property="og:site_name" content="Your brand">.',
    ],
    fr: [
      'Pas d’og:site_name : {app} affiche le domaine au lieu de votre marque.',
      'Ajoutez <meta property="og:site_name" content="Votre marque">.',
    ],
  },
  no_twitter_card: {
    en: [
      'No twitter:card: {app} draws the small card, not the large image.',
      'Add <meta name="twitter:card" content="summary_large_image">.',
    ],
    fr: [
      'Pas de twitter:card : {app} affiche la petite carte, pas la grande image.',
      'Ajoutez <meta name="twitter:card" content="summary_large_image">.',
    ],
  },
  kit_mismatch: {
    en: [
      'The page’s {field} (“{page}”) differs from the share kit’s (“{kit}”): {app} shows the page’s.',
      'Update the kit’s preview or the page’s tags so they match.',
    ],
    fr: [
      'Le champ {field} de la page (« {page} ») diffère de celui du kit (« {kit} ») : {app} affiche celui de la page.',
      'Mettez à jour l’aperçu du kit ou les balises de la page pour qu’ils concordent.',
    ],
  },
} as const satisfies Record<string, { en: readonly [string, string]; fr: readonly [string, string] }>;

export type WarningCode = keyof typeof WARNING_TEXT;

export type WarningParams = Readonly<Record<string, string | number>>;

function fill(template: string, params: WarningParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function warningText(code: WarningCode, params: WarningParams) {
  const text = WARNING_TEXT[code];
  return {
    message: { en: fill(text.en[0], params), fr: fill(text.fr[0], params) },
    fix: { en: fill(text.en[1], params), fr: fill(text.fr[1], params) },
  };
}
