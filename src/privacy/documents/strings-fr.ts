import type { DocumentFacts } from './document-facts.js';
import type { DocumentStrings } from './document-strings.js';

/*
 * Vocabulary of the RGPD's French text and of the CNIL: « responsable du traitement »,
 * « sous-traitant », « délégué à la protection des données (DPO) », « registre des activités de
 * traitement », « analyse d'impact relative à la protection des données (AIPD) », « traceurs »,
 * « mesure d'audience ». Written with plain spaces: french-typography.ts makes the ones before
 * « : ; ! ? » and inside guillemets non-breaking.
 */

const A_COMPLETER = '[à compléter]';

function months(count: number): string {
  return `${count} mois`;
}

const MODE_NAMES = { anonymous: 'anonyme', consented: 'avec consentement', strict: 'strict' } as const;
const DATABASE_NAMES = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const;

function siteLabel({ site }: DocumentFacts): string {
  return site.name && site.name !== site.domain ? `${site.name} (${site.domain})` : site.domain;
}

function hosts(facts: DocumentFacts): string {
  return facts.measuredHosts.join(', ');
}

/**
 * Ce que ni Do Not Track / GPC ni l'indicateur d'opposition n'atteignent : tous deux n'agissent que
 * sur le script des pages (src/events/ingest-service.ts, src/tracker/p.ts) ; les redirections des
 * liens courts (src/links/redirect-service.ts) et les journaux importés
 * (src/import-log/import-access-log.ts) sont comptés malgré eux.
 */
/** Ce que conservent les journaux importés (import-access-log.ts) ; ils ne portent aucun signal DNT ni GPC. */
const JOURNAUX_IMPORTES =
  'les journaux de serveur importés (dont les événements conservent une empreinte de visiteur, calculée ' +
  'avec des sels propres à chaque import, et le type d’appareil)';

/** Ce que l'indicateur d'opposition, gardé par les pages du site, ne peut pas atteindre. */
const OUTSIDE_SCRIPT =
  'les clics sur les liens courts du site (qui ne conservent ni empreinte de visiteur, ni pays, ni type ' +
  `d’appareil) et ${JOURNAUX_IMPORTES}`;

/** Le mode strict n'arrondit que l'API de statistiques et le rapport dark social (src/stats/strict-rounding.ts). */
const EXACT_ELSEWHERE =
  'la vue en temps réel, les statistiques par lien et les exports de données donnent des effectifs exacts';

/** Les documents générés, en français. */
export const FR: DocumentStrings = {
  common: {
    disclaimerHeading: 'À propos de ce document',
    disclaimer: (facts) =>
      `Document généré par Penumbra le ${facts.generatedAt.slice(0, 10)} à partir des réglages de cette ` +
      `installation et du site ${facts.site.domain} (mode de confidentialité « ${MODE_NAMES[facts.site.privacyMode]} »). ` +
      'C’est une aide technique, pas un conseil juridique : le responsable du traitement et son délégué à ' +
      'la protection des données (DPO) doivent le confronter à leur propre traitement, compléter les ' +
      `passages marqués « ${A_COMPLETER} » et l’adapter avant tout usage. Il décrit ce que fait le ` +
      'logiciel ; sa configuration et son usage incombent au responsable du traitement. Générez-le à ' +
      'nouveau dès que les réglages du site changent.',
    toComplete: A_COMPLETER,
    months,
    modeName: MODE_NAMES,
    databaseName: DATABASE_NAMES,
    siteLabel,
    data: {
      time:
        'La date et l’heure de l’événement, et son type : page vue, événement personnalisé, copie de texte, ' +
        'partage, clic sur un lien vers un autre site ; pour les liens courts, clic, aperçu de lien par une ' +
        'messagerie, ou robot.',
      page: {
        withCampaign:
          'L’adresse de la page (son chemin). De la chaîne de requête, seuls les paramètres de campagne ' +
          '(utm_*) sont conservés, et les identifiants de clic publicitaire (gclid, fbclid…) réduits à « 1 » ; ' +
          'les valeurs qui ressemblent à une adresse électronique, un numéro de téléphone, un IBAN ou un jeton ' +
          'sont supprimées, et les segments de chemin qui semblent personnels sont remplacés par « :redacted ».',
        withoutCampaign:
          'L’adresse de la page (son chemin), sans aucune chaîne de requête : ni les paramètres de campagne ' +
          '(utm_*) ni les identifiants de clic publicitaire ne sont conservés ou utilisés ; les segments de ' +
          'chemin qui semblent personnels sont remplacés par « :redacted ».',
      },
      origin: {
        hostAndPath:
          'La provenance de la visite, sous forme de classement : canal (dark social, moteur de recherche, ' +
          'réseau social…), support, source (une application comme WhatsApp, un moteur de recherche ou le nom ' +
          'd’hôte du site référent), l’indice utilisé et son degré de certitude. L’adresse référente est lue ' +
          'en mémoire — son hôte et son chemin, jamais sa chaîne de requête — et n’est pas enregistrée.',
        hostOnly:
          'La provenance de la visite, sous forme de classement : canal, support, source (une application, un ' +
          'moteur de recherche ou le nom d’hôte du site référent), l’indice utilisé et son degré de ' +
          'certitude. Seul l’hôte de l’adresse référente est lu, en mémoire ; il n’est pas enregistré.',
      },
      visitorHash:
        'Une empreinte quotidienne du visiteur : HMAC-SHA256 du site, de l’adresse IP et de l’agent ' +
        'utilisateur, avec pour clé un sel aléatoire qui change chaque jour (UTC) et est supprimé au bout de ' +
        '48 heures. Elle sert uniquement à compter les visiteurs uniques du jour sur ce site.',
      device:
        'Le type d’appareil (mobile, tablette ou ordinateur) et la famille de navigateur (Chrome, Safari, ' +
        'Firefox, navigateur intégré d’une app…, jamais de version), déduits en mémoire de l’agent utilisateur.',
      country: {
        'cdn-and-maxmind':
          'Le pays (code ISO à deux lettres), tiré de l’en-tête posé par le CDN placé devant Penumbra (par ' +
          'exemple CF-IPCountry chez Cloudflare) ou, à défaut, déterminé en mémoire à partir de l’adresse IP ' +
          'dans une base MaxMind installée sur le serveur ; jamais la région ni la ville.',
        cdn:
          'Le pays (code ISO à deux lettres), seulement lorsque le CDN placé devant Penumbra l’indique dans un ' +
          'en-tête (par exemple CF-IPCountry chez Cloudflare) ; cette installation ne géolocalise pas ' +
          'elle-même les adresses IP. Jamais la région ni la ville.',
        maxmind:
          'Le pays (code ISO à deux lettres), déterminé en mémoire à partir de l’adresse IP dans une base ' +
          'MaxMind installée sur le serveur ; jamais la région ni la ville.',
        none: 'Aucun pays : cette installation ne collecte aucune géolocalisation.',
      },
      share: {
        aggregate:
          'Pour les pages vues : la génération de partage (0 pour une visite arrivée sans jeton de partage, 1 ' +
          'pour une visite venue d’un lien partagé par un tel visiteur, etc.) et le canal de la première ' +
          'visite de la chaîne. Le jeton de partage inscrit dans l’adresse de la page (#pn=…) désigne une ' +
          'page × un jour × une génération × un canal, jamais une personne ni une page vue.',
        'per-view':
          'Pour les pages vues : la génération de partage et le canal de la première visite de la chaîne ; ' +
          'pour les visiteurs qui ont donné leur consentement (penumbra.consent(true)), également un ' +
          'identifiant aléatoire de la page vue et celui de la page vue d’où provient leur lien, afin de ' +
          'représenter les cascades de partage sous forme d’arbres anonymes. Sans consentement, le jeton de ' +
          'partage désigne une page × un jour × une génération × un canal, jamais une page vue.',
        none:
          'Aucun jeton de partage n’est lu ni écrit : aucune génération ni chaîne de partage n’est ' +
          'enregistrée au-delà du canal d’arrivée de la visite (les boutons de partage enregistrent toujours ' +
          'l’application vers laquelle la page a été partagée).',
      },
      actions:
        'Pour les actions : le nom de l’événement (nom d’un événement personnalisé, application vers ' +
        'laquelle la page a été partagée, ou hôte d’un lien vers un autre site), les propriétés que le site ' +
        'joint à ses événements personnalisés (20 au plus, 1 Ko en tout) et, pour une copie, la tranche de ' +
        'longueur du texte copié, jamais le texte.',
      shortLinks: (facts) =>
        `Pour les liens courts servis sur ${facts.installation.baseUrl} : le lien, l’heure et le classement ` +
        'de chaque clic (personne, aperçu de lien par une messagerie ou robot) — ni empreinte de visiteur, ' +
        'ni pays, ni type d’appareil.',
      importedLogs:
        'Si les journaux du serveur web du site sont importés (penumbra import-log) : pour chaque requête ' +
        'retenue, l’heure, la page et la provenance de la visite, comme ci-dessus, une empreinte de visiteur ' +
        'calculée avec des sels propres à l’import, oubliés à sa fin, et le type d’appareil (pas de pays) ; ' +
        'et, pour qu’aucune ligne ne soit importée deux fois, une empreinte de dédoublonnage par ligne du ' +
        'journal : un SHA-256 tronqué, calculé avec un secret conservé dans la base de données de cette ' +
        'installation (jamais exporté). Une ligne devinée ne peut donc pas être vérifiée à partir de données ' +
        'exportées ou d’une copie de la table des événements ; qui détient la base entière détient aussi le ' +
        'secret.',
    },
    neverStored: [
      'Les adresses IP : utilisées en mémoire pour l’empreinte quotidienne, le pays et la limitation de ' +
        'débit, puis oubliées ; jamais écrites dans la base de données ni dans les journaux.',
      'Les agents utilisateurs : utilisés en mémoire pour distinguer les personnes des robots et des ' +
        'aperçus de liens et pour déduire le type d’appareil et la famille de navigateur, puis oubliés.',
      'Les cookies, le stockage local ou tout autre identifiant conservé dans le navigateur, hormis ' +
        'l’indicateur d’opposition qu’un visiteur pose volontairement.',
      'L’adresse référente, les paramètres de requête hors liste autorisée, le reste du fragment d’URL et ' +
        'le texte qu’un visiteur copie.',
      'Tout ce qui relierait un visiteur d’un site à l’autre ou d’un jour à l’autre : chaque site et chaque ' +
        'jour donnent une empreinte différente.',
    ],
    purposes: {
      audience: (facts) =>
        `Mesurer l’audience de ${siteLabel(facts)} — pages vues, visiteurs uniques par jour, pages, ` +
        `sources, types d’appareil${facts.installation.country === 'none' ? '' : ', pays'} — pour le ` +
        'compte exclusif de son éditeur.',
      darkSocial:
        'Mesurer comment ses pages sont partagées dans des canaux privés (« dark social » : messageries, ' +
        'courriel, SMS, copier-coller, codes QR) et la performance de ses liens courts.',
      cascades:
        'Pour les seuls visiteurs qui y ont consenti : représenter les cascades de partage (quelle page vue ' +
        'partagée a conduit à quelle autre) sous forme d’arbres anonymes.',
      rounding:
        'Les rapports de l’API de statistiques, le rapport dark social et les graphiques du tableau de bord ' +
        'qui en sont tirés ' +
        'arrondissent les effectifs à la dizaine la plus proche, pour qu’aucun chiffre ne désigne une ou ' +
        `deux personnes ; ${EXACT_ELSEWHERE}.`,
      not:
        'Ni publicité, ni profilage, ni suivi individuel, ni croisement avec d’autres traitements, ni ' +
        'communication des données à des tiers.',
    },
    retention: {
      rawEvents: (facts) =>
        `Événements bruts : ${months(facts.site.retentionMonths)}, comptés à rebours jusqu’au même jour du mois ` +
        `dans le fuseau horaire du site (${facts.site.timezone}) ; les plus anciens sont supprimés par une ` +
        'tâche exécutée au démarrage du serveur puis toutes les heures, avec les lignes de décompte des ' +
        'visiteurs uniques de ces journées.',
      rollups:
        'Statistiques agrégées (sommes par heure ou par jour, page, source, pays, type d’appareil…) : ' +
        'conservées après la suppression des événements bruts, jusqu’à la suppression du site ou leur ' +
        'effacement (penumbra privacy erase) ; aucune de leurs lignes ne décrit une personne.',
      salts:
        'Sels quotidiens de l’empreinte : supprimés dès qu’ils ont 48 heures (vérification toutes les ' +
        'heures) ; ensuite, personne, pas même le responsable du traitement, ne peut relier une empreinte ' +
        'enregistrée à une adresse.',
      sessions:
        'Sessions du tableau de bord : 30 jours après leur dernière utilisation ; les sessions expirées sont ' +
        'supprimées toutes les heures.',
      auditLog: (facts) =>
        'Journal d’audit des actions d’administration (qui a modifié un réglage de confidentialité, exporté ' +
        `ou effacé des données, créé un jeton ou un utilisateur) : ${months(facts.installation.auditRetentionMonths)}, ` +
        'puis suppression.',
      optOutFlag:
        'Indicateur d’opposition : posé par le choix du visiteur dans le stockage local de son navigateur, ' +
        'pour une origine du site ; ce n’est pas un traceur de mesure et il n’a pas de date d’expiration : il ' +
        'demeure jusqu’à ce que le visiteur efface les données du site ou qu’une commande du site lui-même ' +
        'appelle penumbra.optIn().',
      rateLimiter: (facts) =>
        `Limitation du débit des requêtes du script (${facts.installation.eventRate} par seconde et par ` +
        `client, rafales de ${facts.installation.eventBurst}) : en mémoire uniquement, indexée par une ` +
        'empreinte de l’adresse calculée avec un secret qui ne quitte jamais le processus ; jamais écrite.',
      backups: `Sauvegardes : ${A_COMPLETER} (elles ne devraient pas conserver les données au-delà des durées ci-dessus).`,
    },
    dnt: {
      honoured:
        'Les navigateurs qui envoient Do Not Track (DNT: 1) ou Global Privacy Control (Sec-GPC: 1) ne sont ' +
        'pas mesurés par le script des pages de ce site : le serveur écarte les événements qu’il envoie ' +
        'depuis ces navigateurs avant tout enregistrement ; leurs clics sur les liens courts du site ne sont ' +
        'pas enregistrés non plus. Les journaux de serveur importés ne portent pas ce signal : ' +
        `${JOURNAUX_IMPORTES} sont comptés quoi qu’ait envoyé le navigateur.`,
      notHonoured:
        'Ce site ne tient pas compte des signaux Do Not Track ou Global Privacy Control ; les personnes qui ' +
        'ne souhaitent pas être mesurées par ses pages utilisent la page d’opposition.',
    },
    optOut: (facts) =>
      'Les visiteurs peuvent s’opposer à tout moment (article 21 du RGPD) à la mesure par le script des ' +
      `pages du site, sur la page ${facts.optOutUrl} : son bouton les ramène sur le site, qui conserve ` +
      'alors un indicateur d’opposition (penumbra_ignore) dans le stockage local du navigateur ; dès lors, ' +
      'le script n’envoie plus rien depuis ce navigateur. L’indicateur relève du seul choix du visiteur et ' +
      'n’a pas de date d’expiration ; il vaut pour ce navigateur et cette origine du site, jusqu’à ce que ' +
      'le visiteur efface les données du site. Il n’existe volontairement aucun lien de réactivation : ' +
      'seule une commande du site lui-même, qui appelle penumbra.optIn(), le lève. L’indicateur ne vaut ' +
      `que pour le script : ${OUTSIDE_SCRIPT} sont comptés malgré lui.`,
    accessRequests: [
      'Penumbra ne conserve aucune donnée qui identifie un visiteur : ni nom, ni compte, ni adresse ' +
        'électronique, ni adresse IP, ni agent utilisateur, ni identifiant de cookie. La seule valeur propre ' +
        'à une visite, l’empreinte quotidienne, change d’un jour à l’autre et d’un site à l’autre. Le sel qui ' +
        'l’a produite ne quitte jamais l’installation (sa base de données et son serveur), ne figure dans ' +
        'aucun export et ' +
        'est supprimé au bout de 48 heures au plus.',
      'Tant que le sel d’un jour existe, quiconque détiendrait la base de données ainsi que l’adresse IP et ' +
        'l’agent utilisateur d’une personne pourrait recalculer l’empreinte de cette personne pour ce jour ; ' +
        'une fois le sel supprimé, aucune valeur conservée ne peut plus être rattachée à une personne, par ' +
        'qui que ce soit, responsable du traitement compris. Le responsable du traitement n’est donc pas en ' +
        'mesure de retrouver une personne donnée à partir des seules données de mesure, et n’est pas tenu de ' +
        'conserver ou de collecter des informations supplémentaires à la seule fin de pouvoir le faire ' +
        '(article 11, paragraphe 1, du RGPD). La personne qui demande l’accès, la rectification, ' +
        'l’effacement ou la portabilité en est informée (articles 11, paragraphe 2, et 12, paragraphe 2) ; ' +
        'les articles 15 à 20 ne s’appliquent à nouveau que si elle fournit des informations permettant de ' +
        'l’identifier dans les données : c’est possible pendant 48 heures, et seulement avec le sel ; c’est ' +
        'impossible une fois celui-ci supprimé.',
      'L’opposition (article 21) ne suppose aucune identification : le lien de la page d’opposition qui ' +
        'ramène sur le site empêche le script de ses pages de mesurer ce navigateur, pour cette origine du ' +
        `site. Restent hors de son champ ${OUTSIDE_SCRIPT}.`,
    ],
    cnil: {
      intro:
        'La CNIL dispense du recueil du consentement les traceurs de mesure d’audience (article 82 de la loi ' +
        'Informatique et Libertés, qui transpose l’article 5(3) de la directive ePrivacy ; lignes ' +
        'directrices de la CNIL, délibération n° 2020-091 du 17 septembre 2020, et ses recommandations de ' +
        '2025) lorsqu’ils respectent les conditions ci-dessous. Comment ce site respecte chacune :',
      purpose:
        'Finalité strictement limitée à la mesure de l’audience du site, pour le compte exclusif de ' +
        'l’éditeur : Penumbra fonctionne sur le propre serveur de l’éditeur et ne rend compte qu’à ses ' +
        'utilisateurs ; tout autre usage des données ferait perdre l’exemption (engagement du responsable ' +
        'du traitement).',
      anonymousStatistics:
        'Production de statistiques anonymes uniquement, sans recoupement avec d’autres traitements ni ' +
        'transmission à des tiers : les rapports sont des agrégats, et le logiciel n’envoie de données à ' +
        'personne.',
      noCrossSite:
        'Aucun suivi de la navigation sur d’autres sites ou applications, aucun identifiant commun à ' +
        'plusieurs sites : le site entre dans chaque empreinte, et chaque jour a son propre sel.',
      terminalStorage: {
        aggregate:
          'Durée de vie des traceurs limitée (13 mois au plus) : le script ne dépose aucun traceur — aucun ' +
          'cookie, rien qui soit conservé dans le navigateur pour reconnaître un visiteur ; le jeton de ' +
          'partage inscrit dans la barre d’adresse désigne une page, un jour et un canal, pas une personne. ' +
          'L’indicateur d’opposition relève du seul choix du visiteur et est conservé à sa demande : ce n’est ' +
          'pas un traceur de mesure, et cette limite ne s’y applique pas.',
        'per-view':
          'Durée de vie des traceurs limitée (13 mois au plus) : le script ne dépose aucun cookie et ne ' +
          'conserve rien dans le navigateur pour reconnaître un visiteur ; avant consentement, le jeton de ' +
          'partage désigne une page, un jour et un canal. Les jetons propres à chaque page vue ne sont écrits ' +
          'qu’après consentement : ils sortent du champ de l’exemption et reposent sur ce consentement. ' +
          'L’indicateur d’opposition relève du seul choix du visiteur et est conservé à sa demande : ce n’est ' +
          'pas un traceur de mesure, et cette limite ne s’y applique pas.',
        none:
          'Durée de vie des traceurs limitée (13 mois au plus) : le script ne dépose aucun traceur — aucun ' +
          'cookie, aucun jeton de partage, rien qui soit conservé dans le navigateur pour reconnaître un ' +
          'visiteur. L’indicateur d’opposition relève du seul choix du visiteur et est conservé à sa demande : ' +
          'ce n’est pas un traceur de mesure, et cette limite ne s’y applique pas.',
      },
      retention: (facts) =>
        'Données collectées conservées 25 mois au plus : les événements bruts de ce site sont supprimés au ' +
        `bout de ${months(facts.site.retentionMonths)}.`,
      information: (facts) =>
        'Information des visiteurs et possibilité de s’opposer : la section de politique de ' +
        `confidentialité, et la page d’opposition ${facts.optOutUrl}.`,
      geolocation: {
        'cdn-and-maxmind':
          'Géolocalisation pas plus précise que la ville : seul le pays est conservé, et l’adresse IP est oubliée.',
        cdn: 'Géolocalisation pas plus précise que la ville : le pays seulement, quand le CDN l’indique.',
        maxmind:
          'Géolocalisation pas plus précise que la ville : seul le pays est conservé, et l’adresse IP est oubliée.',
        none: 'Géolocalisation pas plus précise que la ville : aucune géolocalisation.',
      },
      selfAssessment: {
        met:
          'La lecture plus stricte de l’outil d’auto-évaluation de la CNIL (2025) est suivie (mode strict) : ' +
          'référent limité au nom d’hôte, ni paramètres de campagne (utm_*) ni identifiants de clic, ' +
          'rapports de l’API de statistiques arrondis.',
        notMet:
          'Non suivie dans ce mode : l’outil d’auto-évaluation de la CNIL (2025, d’après des synthèses de ' +
          'tiers ; à vérifier dans l’outil lui-même) exclut les paramètres de campagne (utm_*) et les ' +
          'identifiants de clic, limite le référent à son nom d’hôte et demande des rapports arrondis ; ce ' +
          'mode conserve les paramètres de campagne, lit le chemin du référent et affiche des effectifs ' +
          'exacts. Le mode strict suit cette lecture.',
      },
      franceOnly:
        'Cette exemption est celle de la CNIL, pour la France ; d’autres autorités de contrôle peuvent lire ' +
        'l’article 5(3) de la directive ePrivacy autrement (voir aussi les lignes directrices 2/2023 du CEPD ' +
        'sur son champ technique).',
    },
  },

  record: {
    title: (facts) => `Registre des activités de traitement — mesure d’audience de ${siteLabel(facts)}`,
    processingHeading: 'Traitement',
    processing: (facts) => [
      `Mesure de l’audience et des partages de ${siteLabel(facts)} avec Penumbra, logiciel auto-hébergé, ` +
        `dans son mode de confidentialité « ${MODE_NAMES[facts.site.privacyMode]} ».`,
      `Pages mesurées : ${hosts(facts)}. Les rapports quotidiens suivent le fuseau horaire ${facts.site.timezone}.`,
      'Fiche du registre des activités de traitement prévu à l’article 30, paragraphe 1, du RGPD ; les ' +
        'rubriques suivent ses points a) à g).',
    ],
    controllerHeading: 'Responsable du traitement (art. 30.1 a)',
    controller: [
      `Nom et coordonnées du responsable du traitement : ${A_COMPLETER}`,
      `Responsable conjoint ou représentant, le cas échéant : ${A_COMPLETER}`,
      `Délégué à la protection des données (DPO) : ${A_COMPLETER}`,
      'Penumbra est un logiciel que le responsable du traitement exploite lui-même : ses auteurs ne ' +
        'reçoivent aucune donnée et ne sont ni sous-traitants ni destinataires. Une société qui héberge le ' +
        `serveur ou la base de données est un sous-traitant (article 28) : ${A_COMPLETER}`,
    ],
    purposesHeading: 'Finalités (art. 30.1 b)',
    legalBasisHeading: 'Base légale',
    legalBasis: {
      anonymous: [
        'Intérêt légitime du responsable du traitement à connaître l’audience de son site et la manière dont ' +
          'ses pages sont partagées (article 6, paragraphe 1, point f, du RGPD) ; la mise en balance des ' +
          'intérêts repose sur les mesures ci-dessous : aucune identification, aucun suivi d’un site ou d’un ' +
          'jour à l’autre, des rapports agrégés.',
        'Lecture et écriture dans le navigateur du visiteur (jeton de partage dans la barre d’adresse) : ' +
          'dispensées du recueil du consentement au titre de la mesure d’audience, dans les conditions fixées ' +
          'par la CNIL (article 82 de la loi Informatique et Libertés ; délibération n° 2020-091), rappelées ' +
          'dans la synthèse pour l’AIPD. L’indicateur d’opposition n’est pas un traceur de mesure : le ' +
          'visiteur le pose par son propre choix, et il est conservé à sa demande.',
      ],
      consented: [
        'Mesure de tous les visiteurs : intérêt légitime (article 6, paragraphe 1, point f, du RGPD), comme ' +
          'en mode anonyme, avec l’exemption de consentement de la CNIL pour la mesure d’audience quant à la ' +
          'lecture et à l’écriture dans le navigateur (délibération n° 2020-091).',
        'Jetons de partage propres à chaque page vue, qui relient la visite de la personne qui partage à ' +
          'celles de ses destinataires : consentement (article 6, paragraphe 1, point a, du RGPD et article ' +
          '82 de la loi Informatique et Libertés), recueilli par l’outil de gestion du consentement du site, ' +
          'qui appelle penumbra.consent(true) ; son retrait (penumbra.consent(false)) arrête aussitôt ces jetons.',
      ],
      strict: [
        'Intérêt légitime du responsable du traitement à connaître l’audience de son site (article 6, ' +
          'paragraphe 1, point f, du RGPD) ; la mise en balance des intérêts repose sur les mesures ' +
          'ci-dessous : aucune identification, aucun suivi d’un site ou d’un jour à l’autre, des rapports ' +
          'agrégés, arrondis dans l’API de statistiques.',
        'Lecture, dans le navigateur du visiteur, de ce qu’envoie le script : dispensée du recueil du ' +
          'consentement au titre de la mesure d’audience (délibération n° 2020-091) ; le script n’y écrit ' +
          'rien, et l’indicateur d’opposition relève du seul choix du visiteur, conservé à sa demande. Le site ' +
          'suit la lecture plus stricte de l’outil d’auto-évaluation de la CNIL (2025) : référent limité au ' +
          'nom d’hôte, aucun paramètre de campagne, rapports arrondis.',
      ],
    },
    subjectsHeading: 'Catégories de personnes concernées (art. 30.1 c)',
    subjects: (facts) => [
      `Visiteurs des pages de ${hosts(facts)}.`,
      `Personnes qui ouvrent les liens courts du site sur ${facts.installation.baseUrl}.`,
      'Utilisateurs du tableau de bord de Penumbra (personnel du responsable du traitement) : adresse ' +
        'électronique, nom, rôle, empreinte du mot de passe, sessions et journal d’audit de leurs actions ' +
        'd’administration — un traitement distinct (gestion des accès à l’outil).',
    ],
    dataHeading: 'Catégories de données à caractère personnel (art. 30.1 c)',
    dataIntro: (facts) =>
      `Pour chaque événement de ${facts.site.domain}, en mode « ${MODE_NAMES[facts.site.privacyMode]} », ` +
      'cette installation enregistre :',
    neverStoredHeading: 'Données non collectées',
    neverStoredIntro: 'Jamais enregistrés ni écrits dans les journaux, quel que soit le mode :',
    recipientsHeading: 'Destinataires (art. 30.1 d)',
    recipients: [
      'Les utilisateurs habilités du tableau de bord de Penumbra, selon leur rôle (lecteur, éditeur, ' +
        'propriétaire), et les détenteurs des jetons d’API du responsable du traitement.',
      'Les détenteurs d’un lien de consultation du tableau de bord, si le responsable du traitement en crée ' +
        'un : les rapports de ce seul site.',
      `L’hébergeur du serveur et de la base de données, en tant que sous-traitant : ${A_COMPLETER}`,
      'Personne d’autre : le logiciel n’envoie aucune donnée à ses auteurs ni à des tiers.',
    ],
    transfersHeading: 'Transferts hors de l’Union européenne (art. 30.1 e)',
    transfers: (facts) => [
      'Aucun du fait du logiciel : il fonctionne sur le serveur du responsable du traitement et n’émet ' +
        'aucune requête sortante contenant des données de mesure.',
      `Lieu d’hébergement du serveur et de sa base ${DATABASE_NAMES[facts.installation.database]}, et ` +
        `transferts éventuels qu’implique cet hébergement : ${A_COMPLETER}`,
    ],
    retentionHeading: 'Délais d’effacement (art. 30.1 f)',
    securityHeading: 'Mesures de sécurité (art. 30.1 g et 32)',
    security: [
      'Empreinte du visiteur calculée avec un sel aléatoire de 16 octets renouvelé chaque jour, tronquée à ' +
        '128 bits, le site faisant partie du message : aucun identifiant d’un jour ou d’un site à l’autre ; ' +
        'sels supprimés au bout de 48 heures.',
      'Aucune adresse IP ni aucun agent utilisateur enregistré en clair ; les lignes de journal ne ' +
        'contiennent que la méthode, le chemin sans sa chaîne de requête et le code de réponse.',
      'Aucun cookie ni autre identifiant dans le navigateur des visiteurs ; adresses de pages nettoyées ' +
        '(liste autorisée de paramètres, valeurs et segments de chemin d’allure personnelle supprimés).',
      'Limitation du débit des requêtes du script par client, en mémoire, indexée par une empreinte de ' +
        'l’adresse calculée avec un secret.',
      'Tableau de bord : rôles (lecteur, éditeur, propriétaire), mots de passe hachés avec scrypt, cookie de ' +
        'session HttpOnly, Secure et SameSite avec jeton anti-CSRF, jetons d’API et liens publics conservés ' +
        'sous forme d’empreintes, journal d’audit des actions d’administration.',
      'Export et effacement des données d’un site (penumbra privacy export, penumbra privacy erase), et ' +
        'tâche horaire de conservation.',
      `HTTPS devant le serveur (proxy inverse ou CDN) : ${A_COMPLETER}`,
    ],
    storage: {
      sqlite:
        'Stockage : un fichier de base de données SQLite dans le répertoire de données du serveur ; la ' +
        'protection de ce répertoire, de ses sauvegardes et du disque (chiffrement au repos) incombe à ' +
        'l’exploitant.',
      postgresql:
        'Stockage : une base de données PostgreSQL ; le chiffrement TLS de ses connexions, ses comptes, ses ' +
        'sauvegardes et le chiffrement au repos incombent à l’exploitant.',
    },
    rounding: `Rapports de l’API de statistiques et rapport dark social arrondis à la dizaine la plus proche (mode strict) ; ${EXACT_ELSEWHERE}.`,
  },

  notice: {
    title: (facts) => `Mesure d’audience sur ${siteLabel(facts)}`,
    useNote:
      'Collez les sections ci-dessous dans la politique de confidentialité du site, complétez les passages ' +
      `marqués « ${A_COMPLETER} » et supprimez cette note.`,
    introHeading: 'Mesure d’audience',
    intro: (facts) =>
      `Pour savoir combien de personnes lisent ${facts.site.domain}, comment elles trouvent ses pages et ` +
      'comment ces pages sont partagées — y compris dans les messageries, par courriel ou par ' +
      'copier-coller —, nous utilisons Penumbra, un outil de mesure d’audience installé sur notre propre ' +
      `serveur (${new URL(facts.installation.baseUrl).host}). Il ne vous identifie pas et ne vous suit ni ` +
      'd’un site à l’autre, ni d’un jour à l’autre.',
    collectedHeading: 'Ce qui est collecté',
    collectedIntro: 'Pour chaque page vue ou action, nous enregistrons :',
    notCollectedHeading: 'Ce qui n’est pas collecté',
    neverCollected:
      'Votre adresse IP et l’identification de votre navigateur (agent utilisateur) ne servent qu’un ' +
      'instant, en mémoire, à établir les éléments ci-dessus ; elles ne sont jamais enregistrées.',
    browserStorage: {
      aggregate:
        'Aucun cookie n’est déposé. Après une page vue, un court code de partage (#pn=…) est ajouté à ' +
        'l’adresse de la page, pour qu’un partage puisse être compté lorsque vous transmettez cette ' +
        'adresse ; il désigne la page, le jour et le canal, jamais vous. Rien d’autre n’est conservé dans ' +
        'votre navigateur, sauf si vous vous opposez à la mesure.',
      'per-view':
        'Aucun cookie n’est déposé. Après une page vue, un court code de partage (#pn=…) est ajouté à ' +
        'l’adresse de la page pour que les partages puissent être comptés ; sans votre consentement, il ' +
        'désigne la page, le jour et le canal ; avec votre consentement, il désigne cette page vue, afin de ' +
        'voir, de façon anonyme, comment un lien partagé circule de personne en personne. Rien d’autre ' +
        'n’est conservé dans votre navigateur, sauf si vous vous opposez à la mesure.',
      none:
        'Aucun cookie n’est déposé, et rien n’est conservé dans votre navigateur, sauf si vous vous opposez ' +
        'à la mesure.',
    },
    purposesHeading: 'Pourquoi',
    legalBasisHeading: 'Base légale',
    legalBasis: {
      anonymous: [
        'Cette mesure repose sur notre intérêt légitime à connaître l’audience de notre site et la manière ' +
          'dont ses pages sont partagées (article 6, paragraphe 1, point f, du RGPD). Elle produit des ' +
          'statistiques anonymes pour notre seul usage et respecte les conditions dans lesquelles la CNIL ' +
          'dispense la mesure d’audience du recueil du consentement (délibération n° 2020-091).',
      ],
      consented: [
        'La mesure de tous les visiteurs repose sur notre intérêt légitime à connaître l’audience de notre ' +
          'site (article 6, paragraphe 1, point f, du RGPD), dans les conditions dans lesquelles la CNIL ' +
          'dispense la mesure d’audience du recueil du consentement (délibération n° 2020-091).',
        'Le suivi de la circulation d’un lien partagé de personne en personne (codes de partage propres à ' +
          'chaque page vue) repose sur votre consentement (article 6, paragraphe 1, point a, du RGPD), ' +
          'recueilli par notre outil de gestion du consentement. Vous pouvez le retirer à tout moment, aussi ' +
          'simplement que vous l’avez donné : dès lors, plus aucun code propre à une page vue n’est créé pour ' +
          'vous. Le retrait du consentement ne compromet pas la licéité du traitement fondé sur le ' +
          'consentement effectué avant ce retrait.',
      ],
      strict: [
        'Cette mesure repose sur notre intérêt légitime à connaître l’audience de notre site (article 6, ' +
          'paragraphe 1, point f, du RGPD). Elle produit des statistiques anonymes pour notre seul usage, ' +
          'dans les conditions dans lesquelles la CNIL dispense la mesure d’audience du recueil du ' +
          'consentement (délibération n° 2020-091), selon leur lecture la plus stricte : seul le nom d’hôte ' +
          'du site d’où vous venez est lu, les paramètres de campagne sont ignorés et les effectifs de nos ' +
          'rapports d’audience sont arrondis à la dizaine (la vue en temps réel, les statistiques des liens ' +
          'courts et les exports de données restent exacts).',
      ],
    },
    retentionHeading: 'Durée de conservation',
    retention: (facts) =>
      `Le détail des visites est conservé ${months(facts.site.retentionMonths)}, puis supprimé ` +
      'automatiquement ; seuls des totaux (visites par page, par source, par jour…), qui ne disent rien de ' +
      'personne en particulier, sont conservés plus longtemps. La clé servant au code quotidien est ' +
      'détruite au bout de 48 heures.',
    choicesHeading: 'Vos choix',
    optOut: (facts) =>
      `Vous pouvez vous opposer à cette mesure à tout moment (article 21 du RGPD) sur la page ${facts.optOutUrl} : ` +
      'son bouton vous ramène sur ce site, qui conserve alors un indicateur d’opposition (penumbra_ignore) ' +
      'dans le stockage local de votre navigateur ; dès lors, le script de nos pages n’envoie plus rien. ' +
      'Cet indicateur relève de votre seul choix et est conservé à votre demande, sans date d’expiration ; ' +
      'il ne vaut que pour ce navigateur et cette adresse du site. Aucun lien ne peut l’annuler : seuls ' +
      'l’effacement des données du site dans votre navigateur, ou une commande prévue à cet effet par ce ' +
      'site lui-même, le suppriment (après un effacement, revenez sur la page pour le renouveler). Il ne ' +
      'vaut que pour le script de nos pages : les clics sur nos liens courts restent comptés, sans code, ni ' +
      'pays, ni type d’appareil vous concernant, de même que les journaux de notre serveur si nous les ' +
      'importons, avec un code calculé à l’aide d’une clé oubliée après l’import, et votre type d’appareil.',
    consent:
      'Les codes de partage propres à chaque page vue ne sont créés qu’avec votre consentement, que vous ' +
      `pouvez donner ou retirer à tout moment dans notre outil de gestion du consentement : ${A_COMPLETER}`,
    rightsHeading: 'Vos droits',
    rights: [
      'Les statistiques que nous conservons ne vous identifient pas : ni nom, ni adresse IP, ni cookie. La ' +
        'seule valeur propre à une visite, un code calculé à partir de votre connexion, change chaque jour ' +
        'et d’un site à l’autre. La clé qui sert à le calculer ne quitte jamais nos serveurs, ne ' +
        'figure dans aucun export et est détruite au bout de 48 heures : d’ici là, seul quelqu’un qui ' +
        'détiendrait notre base de données ainsi que votre adresse IP et l’identification de votre ' +
        'navigateur pourrait recalculer le code de ce jour ; ensuite, plus personne ne le peut, pas même ' +
        'nous. Nous ne pouvons donc pas retrouver vos visites dans nos données et, en vertu de l’article 11 ' +
        'du RGPD, nous ne sommes pas tenus de collecter davantage d’informations pour y parvenir. Si vous ' +
        'demandez l’accès à vos données, leur rectification ou leur effacement, nous vous en informerons ; ' +
        'ces droits s’appliquent à nouveau si vous nous fournissez des informations permettant de vous ' +
        'identifier dans les données, ce que ces statistiques ne permettent plus une fois la clé détruite.',
      'Vous pouvez vous opposer à tout moment grâce à la page d’opposition ci-dessus ; elle fonctionne sans ' +
        'que nous sachions qui vous êtes.',
    ],
    contact:
      `Pour toute question, contactez notre délégué à la protection des données : ${A_COMPLETER}. Vous ` +
      'pouvez aussi introduire une réclamation auprès de la CNIL (www.cnil.fr) ou de l’autorité de ' +
      'contrôle de votre pays.',
  },

  dpia: {
    title: (facts) => `Synthèse pour l’AIPD — mesure d’audience de ${siteLabel(facts)}`,
    natureHeading: 'Nature du traitement',
    nature: (facts) =>
      'Penumbra, installé sur le propre serveur du responsable du traitement ' +
      `(${new URL(facts.installation.baseUrl).host}), reçoit un événement du script présent sur chaque ` +
      `page de ${facts.site.domain} (pages vues, partages, copies, clics vers d’autres sites, événements ` +
      'personnalisés) et de chaque clic sur les liens courts du site. Il classe la provenance de la ' +
      'visite, calcule une empreinte quotidienne du visiteur, conserve les champs énumérés sous « Portée » ' +
      'et oublie l’adresse IP et l’agent utilisateur. Les rapports sont des agrégats. Stockage : ' +
      `${DATABASE_NAMES[facts.installation.database]}.`,
    modeSummary: {
      anonymous:
        'Mode anonyme : les jetons de partage désignent un partage (page × jour × génération × canal), ' +
        'jamais une personne ; les paramètres de campagne sont conservés ; le référent est classé à partir ' +
        'de son nom d’hôte et de son chemin.',
      consented:
        'Mode avec consentement : comme le mode anonyme, avec en plus, pour les visiteurs dont l’outil de ' +
        'gestion du consentement du site signale l’accord, un identifiant aléatoire par page vue afin de ' +
        'représenter les cascades de partage sous forme d’arbres anonymes.',
      strict:
        'Mode strict : référent réduit à son nom d’hôte, ni paramètres de campagne ni identifiants de clic, ' +
        'aucun jeton de partage, rapports de l’API de statistiques et rapport dark social arrondis à la dizaine ' +
        `(${EXACT_ELSEWHERE}).`,
    },
    scopeHeading: 'Portée',
    scope: (facts) =>
      `Personnes concernées : visiteurs de ${hosts(facts)}, et personnes qui ouvrent les liens courts du ` +
      `site sur ${facts.installation.baseUrl}. Volume (visites par mois) : ${A_COMPLETER}. Données ` +
      'conservées pour chaque événement :',
    contextHeading: 'Contexte',
    context: [
      'Les visiteurs s’attendent à ce qu’un site compte son audience, non à ce qu’il les suive ; et les ' +
        'messageries, le courriel et les SMS sont des canaux privés : Penumbra mesure qu’une page y a été ' +
        'partagée, jamais la conversation ni ses participants.',
      'Le logiciel est auto-hébergé : aucun éditeur de logiciel ne reçoit les données. Le responsable du ' +
        'traitement choisit le mode, la durée de conservation et la prise en compte de Do Not Track et de ' +
        'Global Privacy Control ; cette synthèse suit les réglages actuels du site et change avec eux.',
      `Présence de mineurs ou de personnes vulnérables dans l’audience : ${A_COMPLETER}`,
    ],
    purposesHeading: 'Finalités',
    necessityHeading: 'Nécessité et proportionnalité',
    necessity: {
      anonymous: [
        'Base légale : intérêt légitime (article 6, paragraphe 1, point f, du RGPD). La mesure ne peut pas ' +
          'se faire avec moins : une empreinte quotidienne est le minimum pour compter des visiteurs ' +
          'uniques, et les jetons de partage désignent des partages, pas des personnes.',
      ],
      consented: [
        'Base légale : intérêt légitime (article 6, paragraphe 1, point f, du RGPD) pour la mesure de tous ' +
          'les visiteurs, comme en mode anonyme.',
        'Les identifiants propres à chaque page vue vont au-delà de ce qu’exige le comptage de l’audience : ' +
          'ils ne sont donc créés qu’avec le consentement (article 6, paragraphe 1, point a, du RGPD), ne ' +
          'servent qu’aux cascades de partage et cessent dès le retrait du consentement ; ceux déjà ' +
          'enregistrés demeurent jusqu’à leur suppression par la tâche de conservation ou par un effacement.',
      ],
      strict: [
        'Base légale : intérêt légitime (article 6, paragraphe 1, point f, du RGPD). Le site renonce à ' +
          'l’attribution des campagnes, aux chemins des référents, aux chaînes de partage et aux effectifs ' +
          'exacts dans ses rapports d’audience, pour s’en tenir à ce qu’exige la mesure d’audience.',
      ],
    },
    measures: (facts) => [
      'Minimisation : pour chaque événement, seuls les champs énumérés sous « Portée » ; ni adresse IP, ni ' +
        'agent utilisateur, ni cookie, ni adresse référente ne sont enregistrés.',
      `Conservation : événements bruts ${months(facts.site.retentionMonths)} (plafond de la CNIL : 25 ` +
        'mois), supprimés toutes les heures au-delà ; ensuite, des agrégats seulement ; sels quotidiens 48 heures.',
      'Information : la section de politique de confidentialité générée avec cette synthèse, à publier ' +
        'dans la politique de confidentialité du site.',
      `Opposition : la page d’opposition ${facts.optOutUrl}, pour le script des pages du site.`,
      'Sous-traitants : l’hébergeur du serveur et de la base de données seulement ; le logiciel ne ' +
        'transfère rien.',
    ],
    cnilHeading: 'Exemption de consentement de la CNIL pour la mesure d’audience',
    risksHeading: 'Risques pour les personnes et mesures',
    risksIntro: 'Chaque risque, avec les mesures qui le réduisent :',
    risks: {
      reidentification:
        'Réidentifier un visiteur à partir des données conservées — l’empreinte est un HMAC dont la clé est ' +
        'un sel aléatoire quotidien qui ne quitte jamais l’installation, ne figure dans aucun export et ' +
        'est supprimé au bout de 48 heures : d’ici là, seul quelqu’un qui détiendrait la base de données ' +
        'ainsi que l’adresse IP et l’agent utilisateur d’une personne pourrait recalculer l’empreinte de ce ' +
        'jour ; ensuite, elle ne peut être ni recalculée ni inversée. Aucune adresse IP, aucun agent ' +
        'utilisateur, aucun cookie n’est enregistré.',
      tracking: {
        aggregate:
          'Suivre une personne d’un jour ou d’un site à l’autre — l’empreinte change chaque jour et d’un site ' +
          'à l’autre (au sein d’une journée, elle relie les pages vues d’un même navigateur sur ce site, que ' +
          'les rapports se bornent à compter) ; les jetons de partage désignent une page, un jour et un ' +
          'canal, pas une personne.',
        'per-view':
          'Suivre une personne à travers les cascades de partage — les identifiants propres à chaque page ' +
          'vue sont aléatoires et créés seulement avec consentement ; une cascade relie des pages vues, pas ' +
          'des personnes, et l’empreinte associée à chacune change chaque jour et d’un site à l’autre. ' +
          'Risque résiduel : une cascade montre qu’une page vue a mené à une autre ; avec de petits effectifs ' +
          'et des informations extérieures, on pourrait deviner qui a partagé avec qui. Seuls les ' +
          'utilisateurs du tableau de bord et les détenteurs d’un lien de consultation créé par le ' +
          'responsable du traitement voient les cascades.',
        none:
          'Suivre une personne d’un jour ou d’un site à l’autre — aucun jeton de partage ; l’empreinte change ' +
          'chaque jour et d’un site à l’autre (au sein d’une journée, elle relie les pages vues d’un même ' +
          'navigateur sur ce site, que les rapports se bornent à compter).',
      },
      urls: {
        withCampaign:
          'Données personnelles dans les adresses de pages (une adresse électronique dans une chaîne de ' +
          'requête, un jeton dans un chemin) — seule la liste autorisée des paramètres de campagne est ' +
          'conservée, et les valeurs ou segments de chemin qui ressemblent à des adresses électroniques, des ' +
          'numéros de téléphone, des IBAN ou des jetons sont supprimés. Risque résiduel : un nom écrit dans un ' +
          'chemin est conservé ; le site doit garder les données personnelles hors de ses URL.',
        withoutCampaign:
          'Données personnelles dans les adresses de pages — la chaîne de requête n’est pas conservée du ' +
          'tout, et les segments de chemin qui ressemblent à des adresses électroniques ou à des jetons sont ' +
          'supprimés. Risque résiduel : un nom écrit dans un chemin est conservé ; le site doit garder les ' +
          'données personnelles hors de ses URL.',
      },
      customProperties:
        'Données personnelles envoyées par le site dans les propriétés des événements personnalisés — 20 ' +
        'propriétés et 1 Ko au plus ; leur contenu relève de la responsabilité du site : jamais ' +
        'd’identifiant.',
      smallCounts: {
        exact:
          'Petits effectifs qui désignent une visite (un visiteur d’un pays sur une page rare) — les ' +
          'rapports sont des agrégats réservés aux utilisateurs habilités ; les effectifs sont exacts dans ce ' +
          'mode (le mode strict les arrondit).',
        rounded:
          'Petits effectifs qui désignent une visite — les rapports sont réservés aux utilisateurs habilités ; ' +
          'ceux de l’API de statistiques et le rapport dark social, et les graphiques du tableau de bord qui en ' +
          'sont tirés, arrondissent ' +
          `les effectifs à la dizaine ; ${EXACT_ELSEWHERE}.`,
      },
      access: (facts) =>
        'Accès non autorisé au tableau de bord ou à la base de données — rôles, mots de passe hachés avec ' +
        'scrypt, cookies de session sécurisés avec protection anti-CSRF, jetons d’API conservés sous forme ' +
        `d’empreintes, journal d’audit conservé ${months(facts.installation.auditRetentionMonths)} ; ` +
        `l’exploitant protège la base ${DATABASE_NAMES[facts.installation.database]} et ses sauvegardes, et assure HTTPS.`,
      logs:
        'Fuite d’adresses par les journaux — les lignes de journal contiennent la méthode, le chemin sans sa ' +
        'chaîne de requête et le code de réponse, jamais l’adresse, l’agent utilisateur ni d’autres en-têtes.',
      retention: (facts) =>
        `Conservation excessive — événements bruts supprimés au bout de ${months(facts.site.retentionMonths)} ` +
        '(plafond de la CNIL : 25 mois) par une tâche horaire ; sels au bout de 48 heures ; seuls des ' +
        'agrégats demeurent.',
      objection: {
        honoured: (facts) =>
          'Mesurer des personnes qui ne le souhaitent pas — Do Not Track et Global Privacy Control sont ' +
          `respectés par le script des pages du site, et la page d’opposition ${facts.optOutUrl} arrête ce ` +
          'script dans un navigateur (pour une origine du site). Risque résiduel : restent hors du champ de ' +
          `l’opposition ${OUTSIDE_SCRIPT} ; restent hors du champ de ces signaux, que les liens courts ` +
          `respectent aussi, ${JOURNAUX_IMPORTES}.`,
        notHonoured: (facts) =>
          `Mesurer des personnes qui ne le souhaitent pas — la page d’opposition ${facts.optOutUrl} arrête le ` +
          'script des pages du site dans un navigateur (pour une origine du site). Do Not Track et Global ' +
          'Privacy Control ne sont pas respectés sur ce site : activer « respecter DNT » dans ses réglages ' +
          'les ferait respecter par ce script et pour les clics sur les liens courts. Risque résiduel : ni l’opposition ni ces signaux ne couvrent ' +
          `${OUTSIDE_SCRIPT}.`,
      },
      country: {
        'cdn-and-maxmind':
          'Localiser les personnes — le pays seulement (jamais la région ni la ville), tiré de l’en-tête du ' +
          'CDN ou d’une base MaxMind lue en mémoire ; l’adresse est ensuite oubliée.',
        cdn:
          'Localiser les personnes — le pays seulement, et uniquement quand le CDN placé devant le serveur ' +
          'l’indique ; l’installation ne géolocalise pas les adresses.',
        maxmind:
          'Localiser les personnes — le pays seulement, tiré d’une base MaxMind lue en mémoire ; l’adresse ' +
          'est ensuite oubliée.',
        none: 'Localiser les personnes — aucune géolocalisation.',
      },
      importedLogs:
        'Journaux de serveur importés — seuls les champs ci-dessus sont conservés ; leurs empreintes de ' +
        'visiteur utilisent des sels propres à l’import, oubliés ensuite, si bien qu’elles ne peuvent jamais ' +
        'être recalculées ; l’empreinte de dédoublonnage d’une ligne est un SHA-256 tronqué calculé avec un ' +
        'secret conservé dans la base de données et absent de tout export : une ligne devinée ne peut donc ' +
        'pas être vérifiée à partir de données exportées ou d’une copie de la table des événements — mais qui ' +
        'détient la base entière détient aussi le secret. Les journaux bruts eux-mêmes contiennent des ' +
        'adresses et des agents utilisateurs : supprimez-les une fois importés, comme l’exige leur propre ' +
        'durée de conservation.',
    },
    residualHeading: 'Risque résiduel',
    residual: {
      anonymous:
        'Faible : aucune donnée conservée n’identifie un visiteur ni ne le relie d’un jour ou d’un site à ' +
        'l’autre. Points à apprécier par le responsable du traitement : les paramètres de campagne et les ' +
        'chemins des référents sont conservés (hors de la lecture de l’outil d’auto-évaluation de la CNIL ' +
        'de 2025), et les effectifs sont exacts.',
      consented:
        'Faible pour les visiteurs sans consentement (comme en mode anonyme) ; limité pour ceux qui ' +
        'consentent : les identifiants propres à chaque page vue rendent visibles les cascades de partage, ' +
        'sous forme d’arbres anonymes. Le consentement, son retrait et l’outil de gestion du consentement ' +
        'du site portent cette partie.',
      strict:
        'Faible : le site suit la lecture la plus stricte des conditions de la CNIL pour la mesure ' +
        'd’audience ; il reste l’empreinte quotidienne du visiteur, sous les mesures ci-dessus.',
    },
    conclusion:
      'Conclusion du responsable du traitement (nécessité d’une AIPD complète au titre de l’article 35 du ' +
      `RGPD et de la liste de la CNIL, mesures retenues, avis et visa du DPO) : ${A_COMPLETER}`,
  },
};
