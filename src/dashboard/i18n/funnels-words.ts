import type { Lang } from './i18n';

/**
 * The words of the Funnels view (issue 14, docs/funnels.md), in both languages: kept apart from
 * en.ts/fr.ts like the Goals view's, so the view's sentences sit together. `{name}`-style holes
 * are filled by fillWords.
 */
export interface FunnelsWords {
  title: string;
  intro: string;
  funnel: string;
  newFunnel: string;
  saved: string;
  define: string;
  name: string;
  nameHint: string;
  step: string;
  stepOf: string;
  chooseGoal: string;
  addStep: string;
  removeStep: string;
  removeStepOf: string;
  preview: string;
  save: string;
  saveChanges: string;
  rename: string;
  delete: string;
  deleteConfirm: string;
  deleted: string;
  savedStatus: string;
  result: string;
  resultNote: string;
  visitors: string;
  dropOffLine: string;
  conversion: string;
  conversionLine: string;
  byChannel: string;
  byChannelNote: string;
  channel: string;
  overall: string;
  noVisitor: string;
  missingTitle: string;
  missingText: string;
  emptyTitle: string;
  emptyText: string;
  emptyViewer: string;
  toGoals: string;
  noSaved: string;
  viewerNoSaved: string;
  kinds: Record<'page' | 'event' | 'share', string>;
}

export const FUNNELS_WORDS: Readonly<Record<Lang, FunnelsWords>> = {
  en: {
    title: 'Funnels',
    intro:
      'How many visitors go through your goals in order — a page, then a sign-up, then a purchase — and where they drop off, by the channel that brought them. A step counts visitors who reached it after the steps before it, on the same day (the site’s time zone): Penumbra cannot follow a person from one day to the next.',
    funnel: 'Funnel',
    newFunnel: 'A new funnel',
    saved: 'Saved funnels',
    define: 'Steps',
    name: 'Name',
    nameHint: 'Up to 80 characters, one name per funnel on this site.',
    step: 'Step',
    stepOf: 'Step {n}',
    chooseGoal: 'Choose a goal',
    addStep: 'Add a step',
    removeStep: 'Remove',
    removeStepOf: 'Remove step {n}',
    preview: 'Show the result',
    save: 'Save the funnel',
    saveChanges: 'Save the changes',
    rename: 'Rename',
    delete: 'Delete the funnel',
    deleteConfirm: 'Delete the funnel “{name}”? Its goals stay.',
    deleted: 'Funnel “{name}” deleted.',
    savedStatus: 'Funnel “{name}” saved.',
    result: 'Visitors per step',
    resultNote: '{from} to {to}. The bar is the share of the first step’s visitors who got this far.',
    visitors: 'Visitors',
    dropOffLine: 'Drop-off: {count} lost ({rate})',
    conversion: 'From step 1',
    conversionLine: '{rate} of step 1',
    byChannel: 'Steps by channel',
    byChannelNote:
      'Visitors per step by the channel of their first visit of the day; dark social is split by app. The last column is the share of the channel’s first-step visitors who reached the last step.',
    channel: 'Channel',
    overall: 'Conversion',
    noVisitor: 'Nobody reached the first step in this period.',
    missingTitle: 'A goal of this funnel was deleted',
    missingText:
      'Step {steps} has no goal any more, so the funnel cannot be counted. Choose another goal for it and save, or delete the funnel.',
    emptyTitle: 'A funnel needs at least two goals',
    emptyText:
      'Funnels are made of page and event goals (a share goal cannot be a step). Create them in Goals, then come back to put them in order.',
    emptyViewer: 'Funnels are made of page and event goals; an editor of this site can create them in Goals.',
    toGoals: 'Go to Goals',
    noSaved: 'No funnel saved yet: choose the steps below, look at the result, then save it.',
    viewerNoSaved: 'No funnel saved yet. You may still choose steps and look at their result.',
    kinds: { page: 'page', event: 'event', share: 'share' },
  },
  fr: {
    title: 'Entonnoirs',
    intro:
      'Combien de visiteurs franchissent vos objectifs dans l’ordre — une page, puis une inscription, puis un achat — et où ils abandonnent, selon le canal qui les a amenés. Une étape compte les visiteurs qui l’ont atteinte après les précédentes, le même jour (fuseau du site) : Penumbra ne peut pas suivre une personne d’un jour à l’autre.',
    funnel: 'Entonnoir',
    newFunnel: 'Un nouvel entonnoir',
    saved: 'Entonnoirs enregistrés',
    define: 'Étapes',
    name: 'Nom',
    nameHint: 'Jusqu’à 80 caractères, un nom par entonnoir sur ce site.',
    step: 'Étape',
    stepOf: 'Étape {n}',
    chooseGoal: 'Choisissez un objectif',
    addStep: 'Ajouter une étape',
    removeStep: 'Retirer',
    removeStepOf: 'Retirer l’étape {n}',
    preview: 'Voir le résultat',
    save: 'Enregistrer l’entonnoir',
    saveChanges: 'Enregistrer les modifications',
    rename: 'Renommer',
    delete: 'Supprimer l’entonnoir',
    deleteConfirm: 'Supprimer l’entonnoir « {name} » ? Ses objectifs restent.',
    deleted: 'Entonnoir « {name} » supprimé.',
    savedStatus: 'Entonnoir « {name} » enregistré.',
    result: 'Visiteurs par étape',
    resultNote:
      'Du {from} au {to}. La barre est la part des visiteurs de la première étape arrivés jusque-là.',
    visitors: 'Visiteurs',
    dropOffLine: 'Abandons : {count} en moins ({rate})',
    conversion: 'Depuis l’étape 1',
    conversionLine: '{rate} de l’étape 1',
    byChannel: 'Étapes par canal',
    byChannelNote:
      'Visiteurs par étape selon le canal de leur première visite du jour ; le dark social est détaillé par application. La dernière colonne est la part des visiteurs de la première étape du canal arrivés à la dernière.',
    channel: 'Canal',
    overall: 'Conversion',
    noVisitor: 'Personne n’a atteint la première étape sur cette période.',
    missingTitle: 'Un objectif de cet entonnoir a été supprimé',
    missingText:
      'L’étape {steps} n’a plus d’objectif : l’entonnoir ne peut pas être compté. Choisissez-lui un autre objectif et enregistrez, ou supprimez l’entonnoir.',
    emptyTitle: 'Un entonnoir demande au moins deux objectifs',
    emptyText:
      'Les entonnoirs se composent d’objectifs de page et d’événement (un objectif de partage ne peut pas être une étape). Créez-les dans Objectifs, puis revenez les mettre dans l’ordre.',
    emptyViewer:
      'Les entonnoirs se composent d’objectifs de page et d’événement ; un éditeur de ce site peut les créer dans Objectifs.',
    toGoals: 'Aller aux objectifs',
    noSaved:
      'Aucun entonnoir enregistré : choisissez les étapes ci-dessous, regardez le résultat, puis enregistrez-le.',
    viewerNoSaved:
      'Aucun entonnoir enregistré. Vous pouvez tout de même choisir des étapes et voir leur résultat.',
    kinds: { page: 'page', event: 'événement', share: 'partage' },
  },
};
