import type { Lang } from './i18n';

/**
 * The words of the Goals view (issue 14, docs/goals.md), in both languages: kept apart from
 * en.ts/fr.ts like the Preview lab's, so the view's many sentences sit together.
 */
export interface GoalsWords {
  title: string;
  intro: string;
  attribution: string;
  attributionLabel: string;
  list: string;
  listNote: string;
  goal: string;
  allGoals: string;
  converters: string;
  vsPrevious: string;
  revenue: string;
  noRevenue: string;
  show: string;
  keyNumbers: string;
  ofGoal: string;
  byChannel: string;
  byChannelNote: string;
  byChannelAll: string;
  darkByApp: string;
  darkByAppNote: string;
  darkByMedium: string;
  darkByMediumNote: string;
  revenueByChannel: string;
  revenueByChannelNote: string;
  noConversion: string;
  noDarkConversion: string;
  noRevenueRows: string;
  emptyTitle: string;
  emptyWhat: string;
  emptyEvent: string;
  emptyRevenue: string;
  emptyViewer: string;
  manage: string;
  definitions: string;
  definition: string;
  actions: string;
  kinds: Record<'page' | 'event' | 'share', string>;
  ways: Record<'share' | 'copy' | 'any', string>;
  pageDefinition: string;
  eventDefinition: string;
  eventPropDefinition: string;
  shareDefinition: string;
  add: string;
  name: string;
  nameHint: string;
  kind: string;
  path: string;
  pathHint: string;
  event: string;
  eventHint: string;
  propKey: string;
  propValue: string;
  propHint: string;
  way: string;
  addButton: string;
  added: string;
  rename: string;
  renameOf: string;
  newName: string;
  saveName: string;
  cancel: string;
  delete: string;
  deleteOf: string;
  deleteConfirm: string;
  deleted: string;
}

export const GOALS_WORDS: Readonly<Record<Lang, GoalsWords>> = {
  en: {
    title: 'Goals',
    intro:
      'What your visitors do that matters — a sign-up, a purchase, a share — counted by the channel that brought them, with dark social split by app and by way of sharing: which private channel brings sign-ups and sales.',
    attribution: 'Each conversion counts for the channel of the visit that brought the visitor that day.',
    attributionLabel: 'Attribution',
    list: 'Goals in this period',
    listNote:
      'Conversions, the share of visitors who converted, and the revenue per currency, against the previous period of the same length.',
    goal: 'Goal',
    allGoals: 'All goals',
    converters: 'Converters',
    vsPrevious: 'vs previous period',
    revenue: 'Revenue',
    noRevenue: '—',
    show: 'Show by channel',
    keyNumbers: 'Key numbers of the goal',
    ofGoal: '{goal}: by channel',
    byChannel: 'Conversions by channel',
    byChannelNote: 'Conversion rate: visitors who reached the goal ÷ visitors who came through that channel.',
    byChannelAll:
      'All goals together: conversions only. Choose a goal to see its converters and conversion rate (a person reaching two goals would count twice).',
    darkByApp: 'Dark social conversions by app',
    darkByAppNote:
      'The private channels that brought converting visitors: WhatsApp, Messenger, Telegram, e-mail…',
    darkByMedium: 'Dark social conversions by way of sharing',
    darkByMediumNote:
      'How the link travelled: a messaging app, an e-mail, a copied address, a deep link without referrer…',
    revenueByChannel: 'Revenue by channel',
    revenueByChannelNote: 'Per currency: amounts in different currencies are never added together.',
    noConversion: 'No conversion in this period.',
    noDarkConversion: 'No conversion came from dark social in this period.',
    noRevenueRows: 'No revenue in this period. Send it with the event:',
    emptyTitle: 'No goal yet',
    emptyWhat:
      'A goal is something a visitor does that you want more of: reaching a page (a thank-you page, /checkout/done), a custom event your page sends, or a share or copy of a link. Penumbra then counts its conversions by channel — dark social included, app by app.',
    emptyEvent: 'For an event goal, your page sends the event with the snippet:',
    emptyRevenue: 'A sale can carry its amount and its ISO 4217 currency:',
    emptyViewer: 'An editor or owner of the site can add goals.',
    manage: 'Manage goals',
    definitions: 'What each goal counts',
    definition: 'Definition',
    actions: 'Actions',
    kinds: { page: 'Page visited', event: 'Custom event', share: 'Share or copy' },
    ways: { share: 'Share button', copy: 'Copy of the address', any: 'Share button or copy' },
    pageDefinition: 'Page {path}',
    eventDefinition: 'Event {event}',
    eventPropDefinition: 'Event {event} with {key} = {value}',
    shareDefinition: '{way}',
    add: 'Add a goal',
    name: 'Name',
    nameHint: 'As reports will show it, e.g. “Sign-up”.',
    kind: 'Kind',
    path: 'Page path',
    pathHint: 'Starts with /; * stands for any characters, e.g. /blog/* or /thanks.',
    event: 'Event name',
    eventHint: "As sent by penumbra('event', name), e.g. signup.",
    propKey: 'Property (optional)',
    propValue: 'Value',
    propHint: 'Only events carrying this property with this value count.',
    way: 'What counts',
    addButton: 'Add the goal',
    added: 'Goal “{name}” added.',
    rename: 'Rename',
    renameOf: 'Rename the goal “{name}”',
    newName: 'New name of “{name}”',
    saveName: 'Save the name',
    cancel: 'Cancel',
    delete: 'Delete',
    deleteOf: 'Delete the goal “{name}”',
    deleteConfirm: 'Delete the goal “{name}” and its conversion counts? This cannot be undone.',
    deleted: 'Goal “{name}” deleted.',
  },
  fr: {
    title: 'Objectifs',
    intro:
      'Ce que font vos visiteurs et qui compte — une inscription, un achat, un partage —, compté par le canal qui les a amenés, avec le dark social détaillé par application et par manière de partager : quel canal privé apporte inscriptions et ventes.',
    attribution: 'Chaque conversion compte pour le canal de la visite qui a amené le visiteur ce jour-là.',
    attributionLabel: 'Attribution',
    list: 'Objectifs sur la période',
    listNote:
      'Les conversions, la part des visiteurs qui ont converti et le chiffre d’affaires par devise, comparés à la période précédente de même durée.',
    goal: 'Objectif',
    allGoals: 'Tous les objectifs',
    converters: 'Convertis',
    vsPrevious: 'par rapport à la période précédente',
    revenue: 'Chiffre d’affaires',
    noRevenue: '—',
    show: 'Voir par canal',
    keyNumbers: 'Chiffres clés de l’objectif',
    ofGoal: '{goal} : par canal',
    byChannel: 'Conversions par canal',
    byChannelNote:
      'Taux de conversion : visiteurs qui ont atteint l’objectif ÷ visiteurs venus par ce canal.',
    byChannelAll:
      'Tous les objectifs ensemble : les conversions seules. Choisissez un objectif pour voir ses convertis et son taux de conversion (une personne qui atteint deux objectifs compterait deux fois).',
    darkByApp: 'Conversions dark social par application',
    darkByAppNote:
      'Les canaux privés qui ont amené des visiteurs qui ont converti : WhatsApp, Messenger, Telegram, e-mail…',
    darkByMedium: 'Conversions dark social par manière de partager',
    darkByMediumNote:
      'Comment le lien a circulé : une messagerie, un e-mail, une adresse copiée, un lien profond sans référent…',
    revenueByChannel: 'Chiffre d’affaires par canal',
    revenueByChannelNote: 'Par devise : des montants de devises différentes ne sont jamais additionnés.',
    noConversion: 'Aucune conversion sur cette période.',
    noDarkConversion: 'Aucune conversion n’est venue du dark social sur cette période.',
    noRevenueRows: 'Aucun chiffre d’affaires sur cette période. Envoyez-le avec l’événement :',
    emptyTitle: 'Aucun objectif pour l’instant',
    emptyWhat:
      'Un objectif est une action d’un visiteur que vous voulez voir plus souvent : atteindre une page (une page de remerciement, /commande/terminee), un événement personnalisé envoyé par votre page, ou le partage ou la copie d’un lien. Penumbra compte alors ses conversions par canal — dark social compris, application par application.',
    emptyEvent: 'Pour un objectif d’événement, votre page envoie l’événement avec le script :',
    emptyRevenue: 'Une vente peut porter son montant et sa devise ISO 4217 :',
    emptyViewer: 'Un éditeur ou un propriétaire du site peut ajouter des objectifs.',
    manage: 'Gérer les objectifs',
    definitions: 'Ce que compte chaque objectif',
    definition: 'Définition',
    actions: 'Actions',
    kinds: { page: 'Page visitée', event: 'Événement personnalisé', share: 'Partage ou copie' },
    ways: { share: 'Bouton de partage', copy: 'Copie de l’adresse', any: 'Bouton de partage ou copie' },
    pageDefinition: 'Page {path}',
    eventDefinition: 'Événement {event}',
    eventPropDefinition: 'Événement {event} avec {key} = {value}',
    shareDefinition: '{way}',
    add: 'Ajouter un objectif',
    name: 'Nom',
    nameHint: 'Tel que les rapports le montreront, par exemple « Inscription ».',
    kind: 'Type',
    path: 'Chemin de la page',
    pathHint: 'Commence par / ; * remplace n’importe quels caractères, par exemple /blog/* ou /merci.',
    event: 'Nom de l’événement',
    eventHint: "Tel qu’envoyé par penumbra('event', nom), par exemple signup.",
    propKey: 'Propriété (facultative)',
    propValue: 'Valeur',
    propHint: 'Seuls les événements qui portent cette propriété avec cette valeur comptent.',
    way: 'Ce qui compte',
    addButton: 'Ajouter l’objectif',
    added: 'Objectif « {name} » ajouté.',
    rename: 'Renommer',
    renameOf: 'Renommer l’objectif « {name} »',
    newName: 'Nouveau nom de « {name} »',
    saveName: 'Enregistrer le nom',
    cancel: 'Annuler',
    delete: 'Supprimer',
    deleteOf: 'Supprimer l’objectif « {name} »',
    deleteConfirm: 'Supprimer l’objectif « {name} » et ses conversions ? C’est définitif.',
    deleted: 'Objectif « {name} » supprimé.',
  },
};
