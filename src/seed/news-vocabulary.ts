import { siteLanguage } from '../sites/site-language.js';
import type { Site } from '../store/store.js';

/**
 * The words of the demo's made-up news, in English and in French (issue 16: "Fishermen rejects…"
 * read like no newspaper). A headline is `subject verb object`, the verb agreeing with the
 * subject's number; each section has subjects and objects that belong together, so a story reads
 * like one ("Nurses warn about hospital waiting lists", « Les infirmières alertent sur les listes
 * d'attente à l'hôpital »). French objects carry their article (le, la, l', les), and every French
 * verb takes a direct object or `sur`, so no contraction (au, aux, du) is ever needed.
 */
export type NewsLanguage = 'en' | 'fr';

export interface Subject {
  text: string;
  plural: boolean;
}

export interface NewsSection {
  /** The section front's path segment (ASCII). */
  path: string;
  title: string;
  subjects: readonly Subject[];
  objects: readonly string[];
}

export interface NewsVocabulary {
  home: string;
  /** A share kit's preview description. */
  fullStory: string;
  /** The subscription offer page, where paid subscriptions happen (issue 14's demo goals). */
  offer: { path: string; title: string };
  /** `[singular, plural]` forms of each verb (with its preposition). */
  verbs: readonly (readonly [string, string])[];
  sections: readonly NewsSection[];
}

const one = (text: string): Subject => ({ text, plural: false });
const many = (text: string): Subject => ({ text, plural: true });

const ENGLISH: NewsVocabulary = {
  home: 'Home',
  fullStory: 'Read the full story.',
  offer: { path: '/subscribe', title: 'Subscribe' },
  verbs: [
    ['backs', 'back'],
    ['rejects', 'reject'],
    ['warns about', 'warn about'],
    ['bets on', 'bet on'],
    ['rethinks', 'rethink'],
    ['questions', 'question'],
    ['pushes back on', 'push back on'],
    ['welcomes', 'welcome'],
    ['defends', 'defend'],
    ['doubles down on', 'double down on'],
    ['quietly drops', 'quietly drop'],
    ['calls for changes to', 'call for changes to'],
  ],
  sections: [
    {
      path: 'politics',
      title: 'Politics',
      subjects: [one('City council'), one('The Senate'), many('Ministers'), many('Voters'), one('The mayor')],
      objects: ['new housing plan', 'pension reform', 'four-day week', 'school phone ban', 'budget cuts'],
    },
    {
      path: 'world',
      title: 'World',
      subjects: [
        many('European leaders'),
        one('The UN'),
        many('Diplomats'),
        one('The G20'),
        many('Aid groups'),
      ],
      objects: ['ceasefire talks', 'refugee quotas', 'trade deal', 'climate pledge', 'border checks'],
    },
    {
      path: 'business',
      title: 'Business',
      subjects: [
        one('The central bank'),
        many('Investors'),
        many('Regulators'),
        many('Startups'),
        many('Unions'),
      ],
      objects: ['interest rates', 'chip factory', 'minimum wage rise', 'bank merger', 'energy prices'],
    },
    {
      path: 'technology',
      title: 'Technology',
      subjects: [
        many('Teachers'),
        many('Regulators'),
        many('Tech giants'),
        many('Engineers'),
        one('Parliament'),
      ],
      objects: [
        'AI tutors',
        'data centre plans',
        'online safety law',
        'self-driving buses',
        'app store rules',
      ],
    },
    {
      path: 'science',
      title: 'Science',
      subjects: [many('Astronomers'), many('Scientists'), one('The space agency'), many('Researchers')],
      objects: [
        'lunar mission',
        'coral reef survey',
        'new telescope',
        'gene therapy trial',
        'Mars sample return',
      ],
    },
    {
      path: 'health',
      title: 'Health',
      subjects: [many('Nurses'), many('Doctors'), one('The health agency'), many('Patient groups')],
      objects: [
        'hospital waiting lists',
        'flu vaccine campaign',
        'night shifts',
        'drug shortages',
        'rural clinics',
      ],
    },
    {
      path: 'climate',
      title: 'Climate',
      subjects: [
        many('Farmers'),
        many('Fishermen'),
        one('The environment minister'),
        many('Climate scientists'),
      ],
      objects: ['heatwave response', 'water shortage', 'river cleanup', 'wildfire season', 'flood defences'],
    },
    {
      path: 'sport',
      title: 'Sport',
      subjects: [
        one('The coach'),
        many('Fans'),
        one('The league'),
        many('Players'),
        one('The Olympic committee'),
      ],
      objects: ['video referees', 'ticket prices', 'new stadium', 'transfer window', 'summer schedule'],
    },
    {
      path: 'culture',
      title: 'Culture',
      subjects: [many('Museums'), one('The festival'), many('Artists'), one('The culture minister')],
      objects: [
        'free entry on Sundays',
        'festival line-up',
        'theatre reopening',
        'streaming quotas',
        'art school fees',
      ],
    },
    {
      path: 'travel',
      title: 'Travel',
      subjects: [many('Rail workers'), many('Airlines'), one('The tourist board'), many('Travellers')],
      objects: ['night trains', 'tourist tax', 'short-haul flight ban', 'rail fares', 'cruise ship limits'],
    },
    {
      path: 'food',
      title: 'Food',
      subjects: [many('Chefs'), many('Bakers'), one('The food agency'), many('School canteens')],
      objects: ['street food rules', 'organic lunches', 'bread prices', 'food labels', 'sugar tax'],
    },
  ],
};

const FRENCH: NewsVocabulary = {
  home: 'Accueil',
  fullStory: "Lire l'article complet.",
  offer: { path: '/abonnement', title: 'Abonnez-vous' },
  verbs: [
    ['approuve', 'approuvent'],
    ['rejette', 'rejettent'],
    ['alerte sur', 'alertent sur'],
    ['mise sur', 'misent sur'],
    ['repense', 'repensent'],
    ["s'interroge sur", "s'interrogent sur"],
    ['conteste', 'contestent'],
    ['salue', 'saluent'],
    ['défend', 'défendent'],
    ['relance', 'relancent'],
    ['abandonne discrètement', 'abandonnent discrètement'],
    ['demande à revoir', 'demandent à revoir'],
  ],
  sections: [
    {
      path: 'politique',
      title: 'Politique',
      subjects: [
        one('Le conseil municipal'),
        one('Le Sénat'),
        many('Les ministres'),
        many('Les électeurs'),
        one('La maire'),
      ],
      objects: [
        'le plan logement',
        'la réforme des retraites',
        'la semaine de quatre jours',
        "l'interdiction du portable à l'école",
        'les coupes budgétaires',
      ],
    },
    {
      path: 'monde',
      title: 'Monde',
      subjects: [
        many('Les dirigeants européens'),
        one("L'ONU"),
        many('Les diplomates'),
        one('Le G20'),
        many('Les ONG'),
      ],
      objects: [
        'les pourparlers de cessez-le-feu',
        "les quotas d'accueil",
        "l'accord commercial",
        "l'engagement pour le climat",
        'les contrôles aux frontières',
      ],
    },
    {
      path: 'economie',
      title: 'Économie',
      subjects: [
        one('La banque centrale'),
        many('Les investisseurs'),
        one('Le régulateur'),
        many('Les start-up'),
        many('Les syndicats'),
      ],
      objects: [
        "les taux d'intérêt",
        "l'usine de semi-conducteurs",
        'la hausse du smic',
        'la fusion bancaire',
        "les prix de l'énergie",
      ],
    },
    {
      path: 'technologie',
      title: 'Technologie',
      subjects: [
        many('Les enseignants'),
        one('La Cnil'),
        many('Les géants du numérique'),
        many('Les ingénieurs'),
        one("L'Assemblée nationale"),
      ],
      objects: [
        "les tuteurs d'IA",
        'les nouveaux centres de données',
        'la loi sur la sécurité en ligne',
        'les bus autonomes',
        "les règles des magasins d'applications",
      ],
    },
    {
      path: 'sciences',
      title: 'Sciences',
      subjects: [
        many('Les astronomes'),
        many('Les scientifiques'),
        one("L'agence spatiale"),
        many('Les chercheurs'),
      ],
      objects: [
        'la mission lunaire',
        "l'étude des récifs coralliens",
        'le nouveau télescope',
        "l'essai de thérapie génique",
        'le retour des échantillons martiens',
      ],
    },
    {
      path: 'sante',
      title: 'Santé',
      subjects: [
        many('Les infirmières'),
        many('Les médecins'),
        one("L'agence de santé"),
        many('Les associations de patients'),
      ],
      objects: [
        "les listes d'attente à l'hôpital",
        'la campagne de vaccination contre la grippe',
        'les gardes de nuit',
        'les pénuries de médicaments',
        'les déserts médicaux',
      ],
    },
    {
      path: 'climat',
      title: 'Climat',
      subjects: [
        many('Les agriculteurs'),
        many('Les pêcheurs'),
        one('Le ministre de la Transition écologique'),
        many('Les climatologues'),
      ],
      objects: [
        'le plan canicule',
        "la pénurie d'eau",
        'la dépollution du fleuve',
        'la saison des incendies',
        'les digues contre les crues',
      ],
    },
    {
      path: 'sport',
      title: 'Sport',
      subjects: [
        one("L'entraîneur"),
        many('Les supporters'),
        one('La ligue'),
        many('Les joueurs'),
        one('Le comité olympique'),
      ],
      objects: [
        "l'arbitrage vidéo",
        'le prix des billets',
        'le nouveau stade',
        'le mercato',
        "le calendrier de l'été",
      ],
    },
    {
      path: 'culture',
      title: 'Culture',
      subjects: [
        many('Les musées'),
        one('Le festival'),
        many('Les artistes'),
        one('La ministre de la Culture'),
      ],
      objects: [
        'la gratuité le dimanche',
        'la programmation du festival',
        'la réouverture du théâtre',
        'les quotas du streaming',
        "les frais des écoles d'art",
      ],
    },
    {
      path: 'voyage',
      title: 'Voyage',
      subjects: [
        many('Les cheminots'),
        many('Les compagnies aériennes'),
        one("L'office de tourisme"),
        many('Les voyageurs'),
      ],
      objects: [
        'les trains de nuit',
        'la taxe de séjour',
        "l'interdiction des vols courts",
        'le prix des billets de train',
        'les escales des paquebots',
      ],
    },
    {
      path: 'cuisine',
      title: 'Cuisine',
      subjects: [
        many('Les chefs'),
        many('Les boulangers'),
        one("L'agence de l'alimentation"),
        many('Les cantines scolaires'),
      ],
      objects: [
        'les règles de la cuisine de rue',
        'les repas bio',
        'le prix du pain',
        "l'étiquetage des aliments",
        'la taxe sur le sucre',
      ],
    },
  ],
};

export const NEWS_VOCABULARY: Readonly<Record<NewsLanguage, NewsVocabulary>> = { en: ENGLISH, fr: FRENCH };

/** `subject verb object`, the verb agreeing with the subject: a headline in sentence case. */
export function headline(verbs: NewsVocabulary['verbs'], subject: Subject, verb: number, object: string) {
  const forms = verbs[verb] ?? verbs[0] ?? ['', ''];
  return `${subject.text} ${forms[subject.plural ? 1 : 0]} ${object}`;
}

/**
 * The language of a site's made-up news: the language of the site's own pages
 * (src/sites/site-language.ts — a `.fr` domain or a French time zone is French), so a demo's
 * headlines and its preview pages always agree.
 */
export function newsLanguageOf(site: Pick<Site, 'domain' | 'timezone'>): NewsLanguage {
  return siteLanguage(site);
}
