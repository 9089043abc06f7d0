// German demo content (`SEED_LOCALE=de`): the same catalogue as seed-data.mjs in the words of a
// German municipal administration — Arbeitsvorgänge with Entgeltgruppe (EG) and Schlagwörter, and two
// Tätigkeitsdarstellungen with their Zeitanteile and Rahmendaten. The users are the same.
const p = (...lines) => lines.map((l) => `<p>${l}</p>`).join('');
const ul = (...items) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;

export const DEMO_TASKS_DE = [
  [
    'Wohngeldanträge bearbeiten',
    p('Prüft Wohngeldanträge auf Vollständigkeit und Anspruch und erlässt die Bescheide.'),
    9,
    ['Sozialleistungen', 'Sachbearbeitung'],
  ],
  [
    'Bürgerinnen und Bürger zu Leistungsansprüchen beraten',
    p('Berät persönlich und telefonisch zu Wohngeld und verwandten Ansprüchen.'),
    8,
    ['Sozialleistungen', 'Bürgerservice'],
  ],
  [
    'Widersprüche gegen Leistungsbescheide bearbeiten',
    p('Prüft Widersprüche, bereitet Abhilfebescheide vor oder legt den Fall dem Widerspruchsausschuss vor.'),
    10,
    ['Sozialleistungen', 'Recht'],
  ],
  [
    'Melderegister führen',
    p('Erfasst Umzüge, Adressänderungen und Änderungen des Familienstands im Melderegister.'),
    6,
    ['Bürgerservice', 'Register'],
  ],
  [
    'Personalausweise und Reisepässe ausstellen',
    p('Nimmt Anträge auf, prüft Ausweisdokumente und händigt <strong>Personalausweise</strong> und Reisepässe aus.'),
    6,
    ['Bürgerservice'],
  ],
  [
    'Jahreshaushalt des Fachbereichs planen',
    p('Erstellt den Haushaltsentwurf, führt die Anmeldungen der Abteilungen zusammen und erläutert Abweichungen.'),
    12,
    ['Finanzen', 'Planung'],
  ],
  [
    'Haushaltsvollzug überwachen',
    p('Verfolgt Verpflichtungen und Zahlungen gegen den Haushalt und berichtet monatlich über Abweichungen.'),
    11,
    ['Finanzen', 'Controlling'],
  ],
  [
    'Eingangsrechnungen bearbeiten',
    p('Prüft Rechnungen sachlich und rechnerisch und gibt sie zur Zahlung frei.'),
    7,
    ['Finanzen', 'Buchhaltung'],
  ],
  [
    'Mahnwesen und Vollstreckung betreuen',
    p('Mahnt überfällige Forderungen an und leitet bei Bedarf die Vollstreckung ein.'),
    8,
    ['Finanzen', 'Buchhaltung'],
  ],
  [
    'Vergabeverfahren vorbereiten',
    p('Erstellt Vergabeunterlagen, veröffentlicht Ausschreibungen und wertet Angebote nach Vergaberecht aus.'),
    10,
    ['Vergabe', 'Recht'],
  ],
  [
    'Lieferantenverträge verwalten',
    p('Hält Rahmenverträge aktuell und überwacht Fristen und Leistungen.'),
    9,
    ['Vergabe'],
  ],
  [
    'Personal gewinnen',
    p('Entwirft Stellenanzeigen, sichtet Bewerbungen vor und organisiert Auswahlgespräche.'),
    10,
    ['Personal'],
  ],
  [
    'Personalakten führen',
    p('Führt Personalakten, erfasst Änderungen und erstellt Arbeitszeugnisse.'),
    7,
    ['Personal', 'Register'],
  ],
  [
    'Entgelte und Zulagen berechnen',
    p('Berechnet Entgelt, Zulagen und Abzüge nach dem TVöD.'),
    9,
    ['Personal', 'Finanzen'],
  ],
  [
    'Fort- und Weiterbildung koordinieren',
    p('Erhebt den Fortbildungsbedarf, plant das Jahresprogramm und wertet Kurse aus.'),
    9,
    ['Personal', 'Planung'],
  ],
  [
    'Ein Team leiten',
    p('Führt das Team fachlich und personell:') +
      ul('setzt Ziele und Prioritäten', 'führt Mitarbeitergespräche', 'plant Abwesenheiten und Vertretungen'),
    12,
    ['Führung'],
  ],
  [
    'Die Abteilung in Ausschüssen vertreten',
    p('Bereitet Berichte für Ratsausschüsse vor, trägt sie vor und beantwortet Fragen der Mitglieder.'),
    13,
    ['Führung', 'Rat'],
  ],
  [
    'Ratsvorlagen entwerfen',
    p('Schreibt Beschlussvorlagen und Begründungen für den Gemeinderat.'),
    11,
    ['Rat', 'Recht'],
  ],
  [
    'Sitzungsprotokolle führen',
    p('Hält Verlauf und Beschlüsse von Sitzungen fest und verteilt die Protokolle.'),
    6,
    ['Rat', 'Sekretariat'],
  ],
  [
    'Schriftverkehr und Ablage erledigen',
    p('Sortiert die Eingangspost, entwirft Standardschreiben und legt Dokumente im Aktensystem ab.'),
    5,
    ['Sekretariat'],
  ],
  [
    'Termine vereinbaren',
    p('Pflegt Kalender, vereinbart Termine und bucht Räume und Technik.'),
    5,
    ['Sekretariat', 'Bürgerservice'],
  ],
  [
    'Bauanträge prüfen',
    p('Prüft Bauanträge auf Vereinbarkeit mit Planungs- und Bauordnungsrecht.'),
    11,
    ['Bauen', 'Recht'],
  ],
  [
    'Baustellen kontrollieren',
    p('Führt Baukontrollen durch, dokumentiert Mängel und ordnet Maßnahmen an.'),
    10,
    ['Bauen'],
  ],
  [
    'Bebauungspläne aufstellen',
    p('Erarbeitet Planentwürfe, koordiniert die Öffentlichkeitsbeteiligung und wägt Einwendungen ab.'),
    13,
    ['Bauen', 'Planung'],
  ],
  [
    'GIS-Datenbestand pflegen',
    p('Hält Geodaten aktuell und erstellt Karten für Planung und Bürgerinformation.'),
    9,
    ['IT', 'Bauen'],
  ],
  [
    'IT-Support der ersten Ebene leisten',
    p('Beantwortet Anfragen, löst Standardprobleme und eskaliert den Rest.'),
    7,
    ['IT'],
  ],
  [
    'Server und Netzwerke betreuen',
    p('Betreibt Server, Netzwerke und Datensicherungen und spielt Sicherheitsupdates ein.'),
    10,
    ['IT'],
  ],
  [
    'Datenschutz koordinieren',
    p('Führt das Verzeichnis der Verarbeitungstätigkeiten und berät die Abteilungen zum Datenschutz.'),
    11,
    ['IT', 'Recht'],
  ],
  [
    'Öffentlichkeitsarbeit betreiben',
    p('Schreibt Pressemitteilungen, pflegt die Website und beantwortet Presseanfragen.'),
    10,
    ['Kommunikation'],
  ],
  [
    'Öffentliche Veranstaltungen organisieren',
    p('Plant und organisiert Bürgerversammlungen und Veranstaltungen einschließlich Logistik und Budget.'),
    8,
    ['Kommunikation', 'Planung'],
  ],
  [
    'Beschwerden bearbeiten',
    p('Erfasst Beschwerden, holt Stellungnahmen der Abteilungen ein und antwortet den Beschwerdeführenden.'),
    7,
    ['Bürgerservice'],
  ],
  [
    'Ordnungswidrigkeiten verfolgen',
    p('Ermittelt Ordnungswidrigkeiten, hört Betroffene an und erlässt Bußgeldbescheide.'),
    8,
    ['Recht', 'Ordnung'],
  ],
  [
    'Gewerbeerlaubnisse erteilen',
    p('Bearbeitet Gewerbeanmeldungen und Erlaubnisanträge und prüft die Zuverlässigkeit.'),
    8,
    ['Ordnung', 'Register'],
  ],
  [
    'Lebensmittelkontrollen durchführen',
    p('Kontrolliert Lebensmittelbetriebe auf Hygiene und Kennzeichnung und entnimmt Proben.'),
    9,
    ['Ordnung'],
  ],
  [
    'Anfragen im Servicecenter beantworten',
    p('Erste Anlaufstelle für Bürgerinnen und Bürger; beantwortet allgemeine Anfragen und leitet Anliegen weiter.'),
    null,
    ['Bürgerservice'],
  ],
  [
    'Akten archivieren',
    p('Bewertet Akten für die dauerhafte Aufbewahrung, übergibt sie an das Archiv und verzeichnet sie.'),
    6,
    ['Sekretariat', 'Register'],
  ],
];

export const DEMO_DESCRIPTIONS_DE = [
  {
    title: 'Sachbearbeitung Wohngeld',
    tags: ['Sozialleistungen'],
    tasks: [
      ['Wohngeldanträge bearbeiten', 50],
      ['Bürgerinnen und Bürger zu Leistungsansprüchen beraten', 25],
      ['Widersprüche gegen Leistungsbescheide bearbeiten', 15],
      ['Schriftverkehr und Ablage erledigen', 10],
    ],
    frameworkData: {
      taskSummary: 'Bearbeitet Wohngeldfälle vom Antrag bis zum Bescheid und berät Bürgerinnen und Bürger.',
      reportsTo: 'Leitung Sozialleistungen',
      education: 'Verwaltungsfachangestellte/r oder vergleichbare Qualifikation',
    },
  },
  {
    title: 'Leitung Finanzabteilung',
    tags: ['Finanzen', 'Führung'],
    tasks: [
      ['Ein Team leiten', 30],
      ['Jahreshaushalt des Fachbereichs planen', 30],
      ['Haushaltsvollzug überwachen', 25],
      ['Die Abteilung in Ausschüssen vertreten', 15],
    ],
    frameworkData: {
      taskSummary: 'Leitet die Finanzabteilung und verantwortet Haushaltsplanung und -vollzug.',
      reportsTo: 'Kämmerei',
      directReports: '6 Buchhalterinnen und Buchhalter',
      authorities: 'Haushaltsbefugnis bis 25.000 EUR je Verpflichtung',
    },
  },
];
