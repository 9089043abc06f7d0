// Demo content for a fresh installation: three users and a catalogue of realistic job tasks of a
// municipal administration, plus two job descriptions composed from them.
// The passwords are for local demos only (README says so); change or disable these accounts on a server.
export const DEMO_USERS = [
  { username: 'admin', displayName: 'Andrea Admin', role: 'ADMIN', password: 'admin-demo-pass' },
  { username: 'alice', displayName: 'Alice Becker', role: 'EDITOR', password: 'alice-demo-pass' },
  { username: 'bob', displayName: 'Bob Schmidt', role: 'EDITOR', password: 'bob-demo-pass' },
];

const p = (...lines) => lines.map((l) => `<p>${l}</p>`).join('');
const ul = (...items) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;

export const DEMO_TASKS = [
  [
    'Process housing benefit applications',
    p('Checks applications for housing benefit for completeness and entitlement and issues the decisions.'),
    9,
    ['social benefits', 'casework'],
  ],
  [
    'Advise citizens on benefit entitlements',
    p('Advises citizens in person and by phone on housing benefit and related entitlements.'),
    8,
    ['social benefits', 'citizen service'],
  ],
  [
    'Handle objections to benefit decisions',
    p('Reviews objections, prepares remedial decisions or forwards the case to the objection board.'),
    10,
    ['social benefits', 'legal'],
  ],
  [
    'Maintain the residents register',
    p('Registers moves, changes of address and civil status in the residents register.'),
    6,
    ['citizen service', 'registers'],
  ],
  [
    'Issue identity cards and passports',
    p('Takes applications, checks identity documents and hands out <strong>identity cards</strong> and passports.'),
    6,
    ['citizen service'],
  ],
  [
    'Plan the annual budget of the department',
    p('Prepares the draft budget, consolidates requests of the units and explains deviations.'),
    12,
    ['finance', 'planning'],
  ],
  [
    'Monitor budget execution',
    p('Tracks commitments and payments against the budget and reports on variances every month.'),
    11,
    ['finance', 'controlling'],
  ],
  [
    'Process incoming invoices',
    p('Checks invoices for factual and arithmetic correctness and releases them for payment.'),
    7,
    ['finance', 'accounting'],
  ],
  [
    'Manage dunning and enforcement',
    p('Sends reminders for overdue receivables and initiates enforcement where necessary.'),
    8,
    ['finance', 'accounting'],
  ],
  [
    'Prepare procurement procedures',
    p('Drafts tender documents, publishes calls and evaluates bids according to procurement law.'),
    10,
    ['procurement', 'legal'],
  ],
  [
    'Manage supplier contracts',
    p('Keeps framework agreements up to date and monitors deadlines and performance.'),
    9,
    ['procurement'],
  ],
  [
    'Recruit staff',
    p('Drafts job advertisements, pre-selects applications and organises selection interviews.'),
    10,
    ['human resources'],
  ],
  [
    'Administer personnel files',
    p('Keeps personnel files, records changes and prepares certificates of employment.'),
    7,
    ['human resources', 'registers'],
  ],
  [
    'Calculate salaries and allowances',
    p('Calculates pay, allowances and deductions under the collective agreement TVöD.'),
    9,
    ['human resources', 'finance'],
  ],
  [
    'Coordinate training and development',
    p('Collects training needs, plans the annual training programme and evaluates courses.'),
    9,
    ['human resources', 'planning'],
  ],
  [
    'Lead a team',
    p('Leads the team professionally and in staff matters:') +
      ul('sets goals and priorities', 'holds appraisal interviews', 'plans absences and deputies'),
    12,
    ['leadership'],
  ],
  [
    'Represent the unit in committees',
    p('Prepares and presents reports to council committees and answers questions of members.'),
    13,
    ['leadership', 'council'],
  ],
  [
    'Draft council submissions',
    p('Writes draft resolutions and explanatory memoranda for the municipal council.'),
    11,
    ['council', 'legal'],
  ],
  [
    'Keep minutes of meetings',
    p('Records the course and the resolutions of meetings and distributes the minutes.'),
    6,
    ['council', 'office'],
  ],
  [
    'Manage correspondence and filing',
    p('Sorts incoming mail, drafts standard letters and files documents in the records system.'),
    5,
    ['office'],
  ],
  [
    'Schedule appointments',
    p('Maintains calendars, schedules appointments and books rooms and equipment.'),
    5,
    ['office', 'citizen service'],
  ],
  [
    'Review building applications',
    p('Examines building applications for compliance with planning and building law.'),
    11,
    ['building', 'legal'],
  ],
  [
    'Inspect construction sites',
    p('Carries out site inspections, documents deficiencies and orders measures.'),
    10,
    ['building'],
  ],
  [
    'Prepare land-use plans',
    p('Prepares draft land-use plans, coordinates public participation and weighs objections.'),
    13,
    ['building', 'planning'],
  ],
  [
    'Maintain the GIS database',
    p('Keeps spatial data up to date and produces maps for planning and citizen information.'),
    9,
    ['IT', 'building'],
  ],
  [
    'Provide first-level IT support',
    p('Answers user requests, resolves standard problems and escalates the rest.'),
    7,
    ['IT'],
  ],
  [
    'Administer servers and networks',
    p('Operates servers, networks and backups and applies security updates.'),
    10,
    ['IT'],
  ],
  [
    'Coordinate data protection',
    p('Keeps the record of processing activities and advises units on data protection.'),
    11,
    ['IT', 'legal'],
  ],
  [
    'Run public relations',
    p('Writes press releases, maintains the website and answers press enquiries.'),
    10,
    ['communication'],
  ],
  [
    'Organise public events',
    p('Plans and organises citizen meetings and public events, including logistics and budget.'),
    8,
    ['communication', 'planning'],
  ],
  [
    'Handle complaints',
    p('Registers complaints, obtains statements from the units and answers the complainant.'),
    7,
    ['citizen service'],
  ],
  [
    'Enforce regulatory offences',
    p('Investigates regulatory offences, hears those concerned and issues fines.'),
    8,
    ['legal', 'public order'],
  ],
  [
    'Issue trade licences',
    p('Processes trade registrations and licence applications and checks reliability.'),
    8,
    ['public order', 'registers'],
  ],
  [
    'Carry out food inspections',
    p('Inspects food businesses for hygiene and labelling and takes samples.'),
    9,
    ['public order'],
  ],
  [
    'Answer enquiries in the service centre',
    p('First point of contact for citizens; answers general enquiries and routes requests.'),
    null,
    ['citizen service'],
  ],
  [
    'Archive records',
    p('Appraises records for permanent retention, transfers them to the archive and catalogues them.'),
    6,
    ['office', 'registers'],
  ],
];

export const DEMO_DESCRIPTIONS = [
  {
    title: 'Caseworker Housing Benefit',
    tags: ['social benefits'],
    tasks: [
      ['Process housing benefit applications', 50],
      ['Advise citizens on benefit entitlements', 25],
      ['Handle objections to benefit decisions', 15],
      ['Manage correspondence and filing', 10],
    ],
    frameworkData: {
      taskSummary: 'Processes housing benefit cases from application to decision and advises citizens.',
      reportsTo: 'Head of Social Benefits',
      education: 'Administrative qualification (Verwaltungsfachangestellte/r) or comparable',
    },
  },
  {
    title: 'Head of Finance Unit',
    tags: ['finance', 'leadership'],
    tasks: [
      ['Lead a team', 30],
      ['Plan the annual budget of the department', 30],
      ['Monitor budget execution', 25],
      ['Represent the unit in committees', 15],
    ],
    frameworkData: {
      taskSummary: 'Leads the finance unit and is responsible for budget planning and execution.',
      reportsTo: 'Treasurer',
      directReports: '6 accountants',
      authorities: 'Budget authority up to EUR 25,000 per commitment',
    },
  },
];
