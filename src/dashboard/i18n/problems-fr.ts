import type { ProblemMessages } from './problems-en.js';

/** Les mots du tableau de bord pour chaque `code` d’erreur du serveur : mêmes clés que problems-en.ts. */
export const problemsFr: ProblemMessages = {
  invalid_json: 'La requête n’était pas du JSON valide. Rechargez la page et réessayez.',
  json_too_deep: 'La requête est trop imbriquée pour être lue.',
  invalid_body: 'Une partie de ce qui a été envoyé n’est pas valide.',
  invalid_query: 'L’adresse demande quelque chose qui n’est pas valide.',
  invalid_input: 'La requête n’est pas valide.',
  too_many_items: 'Trop d’éléments dans une seule requête : envoyez-en moins à la fois.',
  site_required: 'Choisissez d’abord un site : votre accès ne couvre que certains sites.',
  unauthorized: 'Votre session a pris fin : reconnectez-vous.',
  invalid_credentials: 'L’e-mail ou le mot de passe est incorrect.',
  forbidden: 'Votre rôle ne le permet pas.',
  privacy_owner_only:
    'Seul un propriétaire peut faire conserver davantage sur les visiteurs (mode moins protecteur, conservation plus longue, Do Not Track ignoré, nouveau paramètre conservé). Vous pouvez rendre ces réglages plus stricts.',
  csrf_failed: 'La page n’est plus à jour avec votre session : rechargez-la et réessayez.',
  setup_token_invalid:
    'Ce lien d’installation n’est pas valide : utilisez celui que le serveur a affiché au démarrage.',
  wrong_password: 'Le mot de passe actuel est incorrect.',
  not_found: 'Introuvable : l’élément a peut-être été supprimé.',
  site_not_found: 'Ce site n’existe pas (ou plus).',
  request_timeout: 'La requête a mis trop de temps à arriver : réessayez.',
  conflict: 'Cette valeur est déjà prise : choisissez-en une autre.',
  setup_done: 'Penumbra est déjà installé : connectez-vous.',
  last_owner:
    'Le dernier propriétaire ne peut être ni retiré ni rétrogradé : nommez d’abord un autre propriétaire.',
  body_too_large: 'Ce qui a été envoyé est trop volumineux.',
  unsupported_media_type: 'La requête a été envoyée dans un format que le serveur ne lit pas.',
  invalid_link: 'Le lien ne peut pas être créé ainsi.',
  invalid_site: 'Le site ne peut pas être enregistré ainsi.',
  invalid_stats_query: 'Ces chiffres ne peuvent pas être calculés ainsi.',
  invalid_account: 'Le compte ne peut pas être enregistré ainsi.',
  rate_limited: 'Trop de tentatives : attendez quelques minutes, puis réessayez.',
  headers_too_large: 'La requête porte trop de données dans ses en-têtes (souvent trop de cookies).',
  internal:
    'Une erreur est survenue sur le serveur. Réessayez ; si elle persiste, prévenez votre administrateur.',
  unavailable: 'Le serveur démarre ou s’arrête : réessayez dans un instant.',
  hashing_busy: 'Trop de connexions sont vérifiées en même temps : réessayez dans un instant.',
  store_unavailable: 'La base de données est injoignable pour le moment : réessayez dans quelques secondes.',

  domain_invalid:
    'Le domaine n’est pas valide : écrivez-le sous la forme news.example.org, sans https:// ni chemin.',
  timezone_invalid:
    'Ce fuseau horaire est inconnu : choisissez-en un dans la liste (par exemple Europe/Paris).',
  name_invalid: 'Le nom n’est pas valide : renseignez-le, en 200 caractères au plus.',
  fallback_invalid:
    'L’adresse de repli n’est pas valide : écrivez une adresse complète commençant par https://.',
  privacy_mode_invalid:
    'Choisissez l’un des modes de confidentialité : anonyme, avec consentement ou strict.',
  landing_paths_invalid: 'Un chemin d’accueil n’est pas valide : un chemin par ligne, commençant par /.',
  retention_invalid:
    'Conservez les événements bruts de 1 à 25 mois (25 est le plafond de la CNIL pour la mesure d’audience).',
  origins_invalid:
    'Une origine supplémentaire n’est pas valide : écrivez un nom d’hôte comme staging.example.org (20 au plus).',
  query_params_invalid: 'Un paramètre d’URL conservé n’est pas valide : utilisez des noms comme page ou q.',

  site_unknown: 'Ce site n’existe pas (ou plus).',
  slug_taken: 'Ce slug est déjà utilisé par un autre lien : choisissez-en un autre.',
  slug_invalid:
    'Un slug ne peut contenir que les lettres A à Z, des chiffres, « - » et « _ », en 64 caractères au plus.',
  slug_reserved: 'Ce slug est réservé aux pages de Penumbra : choisissez-en un autre.',
  target_invalid:
    'La cible n’est pas une adresse web complète : écrivez-la en entier, en commençant par https://.',
  target_too_long:
    'L’adresse cible dépasse 2 048 caractères : raccourcissez-la, par exemple en retirant les paramètres de suivi.',
  target_scheme: 'Seules les adresses http:// et https:// peuvent être la cible d’un lien.',
  target_credentials:
    'L’adresse cible contient un nom d’utilisateur ou un mot de passe : retirez-les, tout le monde pourrait les lire.',
  target_private_host:
    'La cible pointe vers une adresse privée ou locale, que personne ne peut ouvrir de l’extérieur.',
  title_too_long: 'Le titre est trop long : 300 caractères au plus.',
  description_too_long: 'La description est trop longue : 1 000 caractères au plus.',
  image_invalid:
    'L’adresse de l’image n’est pas valide : écrivez une adresse publique complète commençant par https://.',
  tags_invalid:
    'Une étiquette n’est pas valide : 20 étiquettes au plus, faites de lettres, de chiffres et d’espaces, 64 caractères chacune.',
  expires_invalid: 'La date d’expiration n’est pas valide.',
  expires_in_past: 'La date d’expiration est déjà passée.',
  max_clicks_invalid: 'La limite de clics doit être un nombre entier d’au moins 1.',
  channel_unknown: 'Ce canal de partage est inconnu.',
  utm_invalid: 'Les paramètres UTM ne sont pas valides : des noms comme utm_source, chacun avec une valeur.',
  qr_text_invalid: 'Il n’y a rien à mettre dans le QR code, ou c’est trop long : encodez le lien court.',
  qr_options_invalid:
    'Les options du QR code ne sont pas valides : essayez une taille plus grande ou une marge plus petite.',
  share_url_invalid: 'L’adresse de partage ne peut pas être construite pour ce lien.',
  preview_url_invalid: 'L’adresse de l’aperçu n’est pas valide.',
  not_a_variant:
    'Seule une variante d’un kit de partage a son propre aperçu : modifiez plutôt le kit lui-même.',
  autofill_failed:
    'La page n’a pas pu être lue pour remplir le kit : saisissez vous-même le titre, la description et l’image, ou réessayez.',
  csv_empty:
    'Le fichier CSV ne contient aucune ligne : une adresse par ligne, ou une ligne d’en-tête avec une colonne url.',
  csv_invalid: 'Le fichier CSV n’est pas valide : un champ entre guillemets n’est jamais fermé.',
  csv_too_many_rows: 'Le fichier CSV a trop de lignes : 1 000 au plus à la fois.',

  email_invalid: 'L’adresse e-mail n’est pas valide.',
  password_too_short: 'Au moins 10 caractères ; quelques mots font un bon mot de passe.',
  password_too_long: 'Le mot de passe est trop long : 200 caractères au plus.',
  password_common:
    'Ce mot de passe fait partie des plus courants, les premiers qu’un attaquant essaie : choisissez-en un autre.',
  owner_everywhere:
    'Un propriétaire a accès à tous les sites : choisissez un autre rôle pour le limiter à certains.',
  scope_unknown: 'L’une des permissions du jeton est inconnue.',
  scopes_empty: 'Donnez au moins une permission au jeton.',
  domain_taken: 'Un site avec ce domaine existe déjà.',
  name_taken: 'Ce nom est déjà utilisé : choisissez-en un autre.',
  email_taken: 'Un compte avec cette adresse e-mail existe déjà.',
  token_taken: 'Ce jeton existe déjà : réessayez.',

  invalid_date: 'Une date de la période n’existe pas dans le calendrier.',
  invalid_date_range: 'La période finit avant de commencer : choisissez une fin après le début.',
  date_range_too_long: 'La période est trop longue : choisissez moins de dix ans.',
  too_many_time_dimensions: 'Ces chiffres ne se découpent que selon une seule unité de temps.',
  order_by_unknown: 'Le tableau ne peut pas être trié selon cette colonne.',
  order_by_duplicate: 'Le tableau est trié deux fois selon la même colonne.',
  unsupported_combination: 'Ces chiffres ne peuvent pas être découpés de cette façon.',
  invalid_filter_value: 'La valeur d’un filtre n’est pas connue de ces chiffres.',
  too_many_buckets: 'La période est trop longue pour des chiffres par heure : choisissez-en une plus courte.',

  link_unknown: 'Ce lien n’existe pas (ou plus).',
  tag_unknown: 'Aucun lien ne porte cette étiquette.',
  target_ambiguous: 'Indiquez une seule chose à exporter ou effacer : un site, un lien ou une étiquette.',
  table_unknown: 'Cette table ne fait pas partie de l’export.',
  table_required: 'Choisissez la table à télécharger en CSV.',

  bad_url:
    'L’adresse n’est pas une adresse web complète, ou elle contient un nom d’utilisateur ou un mot de passe.',
  scheme_not_allowed: 'Seules les pages http:// et https:// peuvent être lues.',
  host_not_public: 'L’adresse pointe vers un hôte privé ou local, que Penumbra ne lit pas.',
  too_many_redirects: 'La page redirige trop de fois.',
  bad_redirect: 'La page redirige vers une adresse qui n’est pas valide.',
  first_byte_timeout: 'La page a mis trop de temps à répondre.',
  timeout: 'La page a mis trop de temps à se charger.',
  dns_failed: 'Le nom d’hôte de la page est introuvable : vérifiez l’adresse.',
  connect_failed: 'Le serveur de la page est injoignable.',
  invalid_preview_url: 'Indiquez l’adresse complète d’une page web publique, commençant par https://.',

  webhook_url_invalid: 'Indiquez une adresse http:// ou https:// sans nom d’utilisateur ni mot de passe.',
  webhook_url_not_public:
    'Les envois ne partent que vers des adresses publiques : celle-ci est privée, locale ou introuvable.',
  webhook_events_invalid: 'Choisissez au moins un des événements proposés.',
  recipient_address_invalid: 'Ce n’est pas une adresse e-mail.',
  address_taken: 'Ce site envoie déjà ses bilans à cette adresse.',
  slack_url_invalid: 'Indiquez l’URL de webhook entrant Slack (https://hooks.slack.com/…).',
  alert_recipient_unknown:
    'Choisissez les destinataires parmi ceux des rapports du site (Réglages → Rapports).',
  alert_goal_unknown: 'Choisissez l’un des objectifs du site pour cette règle (Objectifs).',
  delivery_not_replayable: 'Cet envoi est encore en cours : attendez qu’il se termine pour le renvoyer.',

  funnel_name_invalid: 'Nommez l’entonnoir en 1 à 80 caractères.',
  funnel_steps_count: 'Un entonnoir a de 2 à 8 étapes.',
  funnel_steps_repeated:
    'Chaque objectif ne peut être qu’une étape : choisissez un autre objectif pour l’étape répétée.',
  funnel_step_unknown:
    'Une étape n’est pas un objectif de ce site (il vient peut-être d’être supprimé) : choisissez-en un autre.',
  funnel_step_share:
    'Un objectif de partage ne peut pas être une étape : choisissez un objectif de page ou d’événement.',
  funnel_goal_missing:
    'Un objectif de cet entonnoir a été supprimé : il ne peut pas être compté. Choisissez un autre objectif pour cette étape, ou supprimez l’entonnoir.',

  origin_forbidden:
    'Les événements de ce site doivent venir de ses propres origines : ajoutez cette origine au site.',
  revenue_invalid:
    'Le revenu n’est pas valide : indiquez {amount, currency} avec un nombre et un code de devise à trois lettres comme EUR.',
  invalid_goal: 'L’objectif ne peut pas être enregistré ainsi.',
  goal_kind_invalid:
    'Choisissez ce que l’objectif compte : une page, un événement personnalisé ou un partage.',
  goal_name_invalid: 'Donnez à l’objectif un nom de 1 à 80 caractères.',
  goal_name_taken: 'Ce site a déjà un objectif de ce nom : choisissez-en un autre.',
  goal_path_invalid:
    'Le chemin de la page commence par / et n’a ni espace, ni ? ni # ; * remplace n’importe quels caractères (/blog/*).',
  goal_event_invalid:
    'Donnez le nom de l’événement personnalisé tel que le script l’envoie (1 à 100 caractères).',
  goal_property_invalid:
    'Une condition sur une propriété demande un nom de propriété (jusqu’à 40 caractères) et une valeur (jusqu’à 200).',
  goal_share_way_invalid: 'Choisissez les partages comptés : le bouton de partage, les copies, ou les deux.',
  goal_limit_reached: 'Ce site a 50 objectifs, le maximum : supprimez-en un d’abord.',
  revenue_needs_currency:
    'Le revenu se totalise par devise : ventilez-le par devise ou choisissez une devise.',
  converters_need_goal:
    'Les convertis et le taux de conversion se comptent par objectif : choisissez un objectif ou ventilez par objectif.',
};
