"""The Vimmerby demo as data. The loading logic is in `tillit.demo.loader`.

Public facts only: the municipality (kommunkod 0884, about 15 300 inhabitants, Kalmar län), its
bodies, the 49 seats of kommunfullmäktige, the miljö- och byggnadsnämnd shared with Hultsfred and
the governing majorities (C+M+KD 2019–2022, S+C+V from 15 October 2022). Everything else is
invented: every person below is fictional (the surnames are built from words such as "Exempel",
"Prov", "Test", "Påhitt" so that nobody can mistake them for real people), and the assignments are
realistic inventions in Swedish protocol language that reproduce the situation in the seed text:
many assignments, joint ones across the nämnder, under the earlier majority; after the change in
October 2022 kommunstyrelsen gives one single assignment, on IT costs and invoicing routines.

Dates are ISO strings. Meetings are held on weekdays; the minutes are approved (justering) a week
or so later. § numbers and diarienummer are given by the loader, in date order per body and year.
"""

DEMO_PASSWORD = "tillit-demo"  # noqa: S105 — demo accounts only, printed by `tillit demo`
DEMO_EMAIL_DOMAIN = "vimmerby.demo.invalid"  # marks the demo's user accounts
DEMO_URL = "http://127.0.0.1:8000/vimmerby/"

MUNICIPALITY = {
    "slug": "vimmerby",
    "name": "Vimmerby kommun",
    "code": "0884",
    "population": 15300,
    "county": "Kalmar län",
}

# Terms of office (mandatperioder) by election year; each starts 15 October of that year.
ELECTION_YEARS = [2018, 2022, 2026]

MAJORITIES = [
    {
        "name": "C+M+KD",
        "parties": "Centerpartiet, Moderaterna, Kristdemokraterna",
        "valid_from": "2019-01-01",
    },
    {
        "name": "S+C+V",
        "parties": "Socialdemokraterna, Centerpartiet, Vänsterpartiet",
        "valid_from": "2022-10-15",
    },
]

# The date every body and office below is valid from (the demo covers 2019 onwards).
ORGANISATION_FROM = "2019-01-01"

# Bodies, parents before children. Slugs are a stable contract. `diary` is the prefix of the
# diarienummer (KF's matters are registered by the kommunledningsförvaltningen, hence "KS").
BODIES = [
    {
        "slug": "kf",
        "name": "Kommunfullmäktige",
        "short_name": "KF",
        "kind": "council",
        "parent": None,
        "seats": 49,
        "diary": "KS",
        "area": (
            "Kommunens högsta beslutande organ med 49 ledamöter. Beslutar om mål och riktlinjer, "
            "budget, skatt och andra viktiga ekonomiska frågor, nämndernas organisation och "
            "verksamhetsformer samt ärenden av principiell beskaffenhet eller större vikt."
        ),
    },
    {
        "slug": "ks",
        "name": "Kommunstyrelsen",
        "short_name": "KS",
        "kind": "executive_board",
        "parent": "kf",
        "diary": "KS",
        "area": (
            "Leder och samordnar kommunens förvaltning och har uppsikt över nämndernas "
            "verksamhet. Ansvarar för ekonomi, personal, näringsliv, samhällsplanering, "
            "kommunens fastigheter, gator och parker samt arbetsmarknadsfrågor."
        ),
    },
    {
        "slug": "ks-au",
        "name": "Kommunstyrelsens arbetsutskott",
        "short_name": "KSAU",
        "kind": "subcommittee",
        "parent": "ks",
        "diary": "KS",
        "area": (
            "Bereder ärenden till kommunstyrelsen och beslutar i ärenden som kommunstyrelsen "
            "har delegerat till utskottet."
        ),
    },
    {
        "slug": "bun",
        "name": "Barn- och utbildningsnämnden",
        "short_name": "BUN",
        "kind": "committee",
        "parent": "kf",
        "diary": "BUN",
        "area": (
            "Förskola, pedagogisk omsorg, förskoleklass, grundskola, grundsärskola, fritidshem, "
            "gymnasieskola, vuxenutbildning och kulturskola."
        ),
    },
    {
        "slug": "sn",
        "name": "Socialnämnden",
        "short_name": "SN",
        "kind": "committee",
        "parent": "kf",
        "diary": "SN",
        "area": (
            "Äldreomsorg, hemtjänst, stöd och service till personer med funktionsnedsättning, "
            "individ- och familjeomsorg samt hälso- och sjukvård i kommunens ansvar."
        ),
    },
    {
        "slug": "valn",
        "name": "Valnämnden",
        "short_name": "VN",
        "kind": "committee",
        "parent": "kf",
        "diary": "VN",
        "area": (
            "Genomför de allmänna valen, val till Europaparlamentet och folkomröstningar i "
            "kommunen: vallokaler, röstmottagning och förtidsröstning."
        ),
    },
    {
        "slug": "mbn",
        "name": "Miljö- och byggnadsnämnden",
        "short_name": "MBN",
        "kind": "joint_committee",
        "parent": "kf",
        "shared_with": "Hultsfreds kommun",
        "diary": "MBN",
        "area": (
            "Gemensam nämnd för Vimmerby och Hultsfreds kommuner: bygglov, miljö- och "
            "hälsoskydd, livsmedelskontroll och tillsyn enligt plan- och bygglagen och "
            "miljöbalken."
        ),
    },
]

# The administration, parents before children. Chiefs answer to a body; units never do.
OFFICES = [
    {
        "slug": "kommundirektor",
        "title": "Kommundirektör",
        "organisation_name": "Kommunledningsförvaltningen",
        "kind": "chief_executive",
        "parent": None,
        "answers_to": "ks",
    },
    {
        "slug": "forvaltningschef-bun",
        "title": "Förvaltningschef",
        "organisation_name": "Barn- och utbildningsförvaltningen",
        "kind": "department_head",
        "parent": "kommundirektor",
        "answers_to": "bun",
    },
    {
        "slug": "forvaltningschef-sn",
        "title": "Förvaltningschef",
        "organisation_name": "Socialförvaltningen",
        "kind": "department_head",
        "parent": "kommundirektor",
        "answers_to": "sn",
    },
    {
        "slug": "forvaltningschef-mbn",
        "title": "Förvaltningschef",
        "organisation_name": "Miljö- och byggförvaltningen",
        "kind": "department_head",
        "parent": "kommundirektor",
        "answers_to": "mbn",
    },
    {
        "slug": "enhet-gata-park",
        "title": "Enhetschef",
        "organisation_name": "Gata/park-enheten",
        "kind": "unit",
        "parent": "kommundirektor",
    },
    {
        "slug": "enhet-it",
        "title": "IT-chef",
        "organisation_name": "IT-enheten",
        "kind": "unit",
        "parent": "kommundirektor",
    },
    {
        "slug": "enhet-ekonomi",
        "title": "Ekonomichef",
        "organisation_name": "Ekonomienheten",
        "kind": "unit",
        "parent": "kommundirektor",
    },
    {
        "slug": "enhet-forskola",
        "title": "Verksamhetschef",
        "organisation_name": "Förskoleenheten",
        "kind": "unit",
        "parent": "forvaltningschef-bun",
    },
    {
        "slug": "enhet-skolomrade-norr",
        "title": "Rektor",
        "organisation_name": "Skolområde Norr",
        "kind": "unit",
        "parent": "forvaltningschef-bun",
    },
    {
        "slug": "enhet-hemtjanst",
        "title": "Enhetschef",
        "organisation_name": "Hemtjänsten",
        "kind": "unit",
        "parent": "forvaltningschef-sn",
    },
    {
        "slug": "enhet-ifo",
        "title": "Enhetschef",
        "organisation_name": "Individ- och familjeomsorgen",
        "kind": "unit",
        "parent": "forvaltningschef-sn",
    },
    {
        "slug": "enhet-bygglov",
        "title": "Enhetschef",
        "organisation_name": "Bygglovsenheten",
        "kind": "unit",
        "parent": "forvaltningschef-mbn",
    },
]

# Fictional people: key -> (name, party). Officials have no party.
PEOPLE = {
    # Politicians
    "anna": ("Anna Exempelsson", "C"),
    "lars": ("Lars Provström", "M"),
    "karin": ("Karin Provsson", "S"),
    "johan": ("Johan Testberg", "M"),
    "maria": ("Maria Fiktivsson", "S"),
    "erik": ("Erik Demostedt", "KD"),
    "per": ("Per Påhittsson", "S"),
    "nils": ("Nils Låtsasberg", "SD"),
    "sara": ("Sara Mallström", "C"),
    "ahmed": ("Ahmed Modellin", "V"),
    "eva": ("Eva Skisslund", "KD"),
    "henrik": ("Henrik Utkastsson", "S"),
    "elin": ("Elin Provberg", "M"),
    "oskar": ("Oskar Exempelgren", "C"),
    "fatima": ("Fatima Testlund", "V"),
    "ingrid": ("Ingrid Fiktivberg", "M"),
    "mikael": ("Mikael Demosson", "S"),
    "sofia": ("Sofia Påhittsdotter", "C"),
    "anders": ("Anders Låtsasson", "KD"),
    "lena": ("Lena Mallgren", "S"),
    "ebba": ("Ebba Låtsasdotter", "V"),
    "gustav": ("Gustav Skissberg", "M"),
    "birgitta": ("Birgitta Utkaststrand", "S"),
    "ali": ("Ali Modellsson", "C"),
    "kristina": ("Kristina Provlund", "C"),
    "peter": ("Peter Exempelberg", "S"),
    "jonas": ("Jonas Testsson", "KD"),
    "gunnel": ("Gunnel Granskarsson", ""),  # förtroendevald revisor
    # Officials
    "kerstin": ("Kerstin Exempeldahl", ""),
    "magnus": ("Magnus Provdahl", ""),
    "helena": ("Helena Testdahl", ""),
    "robert": ("Robert Fiktivdahl", ""),
    "camilla": ("Camilla Demodahl", ""),
    "stefan": ("Stefan Mallqvist", ""),
    "tobias": ("Tobias Skissqvist", ""),
    "linnea": ("Linnea Utkastqvist", ""),
    "marie": ("Marie Modellqvist", ""),
    "hanna": ("Hanna Påhittqvist", ""),
    "daniel": ("Daniel Låtsasqvist", ""),
    "emma": ("Emma Protokollsson", ""),
    "viktor": ("Viktor Protokollberg", ""),
    "amanda": ("Amanda Protokollund", ""),
    "jesper": ("Jesper Protokollqvist", ""),
}

# The parts every demo surname is built from — the tests hold the names to this.
FICTIONAL_SURNAME_STEMS = (
    "Exempel",
    "Prov",
    "Test",
    "Fiktiv",
    "Demo",
    "Påhitt",
    "Låtsas",
    "Mall",
    "Modell",
    "Skiss",
    "Utkast",
    "Granskar",
    "Protokoll",
)

# When each term's memberships run. The 2018 term is shown from 2019, when the demo starts.
MEMBERSHIP_PERIODS = {
    "2018": ("2019-01-01", "2022-10-14"),
    "2022": ("2022-10-15", "2026-10-14"),
    "2026": ("2026-10-15", None),
}

# (person, body, role, terms). Roles: chair, vice_chair, member, substitute, councillor.
# Kommunfullmäktige has 49 seats; the demo names its presidium and a few group leaders only.
MEMBERSHIPS = [
    # Kommunfullmäktige
    ("lars", "kf", "chair", ("2018",)),
    ("karin", "kf", "vice_chair", ("2018",)),
    ("karin", "kf", "chair", ("2022", "2026")),
    ("lars", "kf", "vice_chair", ("2022", "2026")),
    ("anna", "kf", "member", ("2018", "2022", "2026")),
    ("johan", "kf", "member", ("2018", "2022", "2026")),
    ("maria", "kf", "member", ("2018", "2022", "2026")),
    ("erik", "kf", "member", ("2018", "2022", "2026")),
    ("per", "kf", "member", ("2018", "2022", "2026")),
    ("nils", "kf", "member", ("2018", "2022", "2026")),
    ("ahmed", "kf", "member", ("2018", "2022", "2026")),
    ("eva", "kf", "member", ("2018", "2022", "2026")),
    ("henrik", "kf", "member", ("2018", "2022", "2026")),
    ("ingrid", "kf", "member", ("2018", "2022", "2026")),
    ("lena", "kf", "member", ("2018", "2022", "2026")),
    ("sara", "kf", "substitute", ("2018", "2022", "2026")),
    ("fatima", "kf", "substitute", ("2018", "2022", "2026")),
    # Kommunstyrelsen: C+M+KD 2019–2022, S+C+V from 15 October 2022
    ("anna", "ks", "chair", ("2018",)),
    ("anna", "ks", "councillor", ("2018", "2022", "2026")),
    ("johan", "ks", "vice_chair", ("2018",)),
    ("johan", "ks", "councillor", ("2018", "2022", "2026")),
    ("maria", "ks", "councillor", ("2018", "2022", "2026")),
    ("maria", "ks", "member", ("2018",)),
    ("maria", "ks", "chair", ("2022", "2026")),
    ("anna", "ks", "vice_chair", ("2022", "2026")),
    ("johan", "ks", "member", ("2022", "2026")),
    ("erik", "ks", "member", ("2018", "2022", "2026")),
    ("per", "ks", "member", ("2018", "2022", "2026")),
    ("nils", "ks", "member", ("2018", "2022", "2026")),
    ("ahmed", "ks", "member", ("2022", "2026")),
    ("ahmed", "ks", "substitute", ("2018",)),
    ("sara", "ks", "substitute", ("2018", "2022", "2026")),
    # Kommunstyrelsens arbetsutskott
    ("anna", "ks-au", "chair", ("2018",)),
    ("johan", "ks-au", "vice_chair", ("2018",)),
    ("maria", "ks-au", "member", ("2018",)),
    ("maria", "ks-au", "chair", ("2022", "2026")),
    ("anna", "ks-au", "vice_chair", ("2022", "2026")),
    ("johan", "ks-au", "member", ("2022", "2026")),
    # Barn- och utbildningsnämnden
    ("eva", "bun", "chair", ("2018",)),
    ("henrik", "bun", "vice_chair", ("2018",)),
    ("elin", "bun", "member", ("2018",)),
    ("oskar", "bun", "member", ("2018",)),
    ("fatima", "bun", "substitute", ("2018",)),
    ("henrik", "bun", "chair", ("2022", "2026")),
    ("oskar", "bun", "vice_chair", ("2022", "2026")),
    ("eva", "bun", "member", ("2022", "2026")),
    ("fatima", "bun", "member", ("2022", "2026")),
    ("elin", "bun", "substitute", ("2022", "2026")),
    # Socialnämnden
    ("ingrid", "sn", "chair", ("2018",)),
    ("mikael", "sn", "vice_chair", ("2018",)),
    ("sofia", "sn", "member", ("2018", "2022", "2026")),
    ("anders", "sn", "member", ("2018",)),
    ("lena", "sn", "substitute", ("2018",)),
    ("lena", "sn", "chair", ("2022", "2026")),
    ("sofia", "sn", "vice_chair", ("2022", "2026")),
    ("ingrid", "sn", "member", ("2022", "2026")),
    ("mikael", "sn", "member", ("2022", "2026")),
    ("ebba", "sn", "substitute", ("2022", "2026")),
    # Valnämnden
    ("gustav", "valn", "chair", ("2018",)),
    ("birgitta", "valn", "vice_chair", ("2018",)),
    ("ali", "valn", "member", ("2018", "2022", "2026")),
    ("birgitta", "valn", "chair", ("2022", "2026")),
    ("gustav", "valn", "vice_chair", ("2022", "2026")),
    # Miljö- och byggnadsnämnden (Vimmerby's members of the joint committee)
    ("kristina", "mbn", "chair", ("2018",)),
    ("peter", "mbn", "vice_chair", ("2018",)),
    ("jonas", "mbn", "member", ("2018", "2022", "2026")),
    ("peter", "mbn", "chair", ("2022", "2026")),
    ("kristina", "mbn", "vice_chair", ("2022", "2026")),
]

# (person, office, valid_from, valid_to)
APPOINTMENTS = [
    ("kerstin", "kommundirektor", "2019-01-01", "2023-05-31"),
    ("magnus", "kommundirektor", "2023-06-01", None),
    ("helena", "forvaltningschef-bun", "2019-01-01", None),
    ("robert", "forvaltningschef-sn", "2019-01-01", "2021-08-31"),
    ("camilla", "forvaltningschef-sn", "2021-09-01", None),
    ("stefan", "forvaltningschef-mbn", "2019-01-01", None),
    ("tobias", "enhet-gata-park", "2019-01-01", None),
    ("linnea", "enhet-it", "2019-01-01", None),
    ("marie", "enhet-ekonomi", "2019-01-01", None),
    ("hanna", "enhet-hemtjanst", "2019-01-01", None),
    ("daniel", "enhet-skolomrade-norr", "2019-01-01", None),
]

# Demo logins, all with DEMO_PASSWORD. `role` is accounts.RoleKind; `body`/`office` its scope.
USERS = [
    {
        "username": "sekreterare-kf",
        "role": "secretary",
        "body": "kf",
        "person": "emma",
        "label": "Sekreterare, kommunfullmäktige (registrerar KF:s beslut)",
    },
    {
        "username": "sekreterare-ks",
        "role": "secretary",
        "body": "ks",
        "person": "viktor",
        "label": "Sekreterare, kommunstyrelsen (registrerar KS:s beslut)",
    },
    {
        "username": "sekreterare-bun",
        "role": "secretary",
        "body": "bun",
        "person": "amanda",
        "label": "Sekreterare, barn- och utbildningsnämnden",
    },
    {
        "username": "sekreterare-sn",
        "role": "secretary",
        "body": "sn",
        "person": "jesper",
        "label": "Sekreterare, socialnämnden",
    },
    {
        "username": "kommundirektor",
        "role": "chief",
        "office": "kommundirektor",
        "person": "magnus",
        "label": "Kommundirektör",
    },
    {
        "username": "forvaltningschef-bun",
        "role": "chief",
        "office": "forvaltningschef-bun",
        "person": "helena",
        "label": "Förvaltningschef, barn- och utbildningsförvaltningen",
    },
    {
        "username": "forvaltningschef-sn",
        "role": "chief",
        "office": "forvaltningschef-sn",
        "person": "camilla",
        "label": "Förvaltningschef, socialförvaltningen",
    },
    {
        "username": "forvaltningschef-mbn",
        "role": "chief",
        "office": "forvaltningschef-mbn",
        "person": "stefan",
        "label": "Förvaltningschef, miljö- och byggförvaltningen",
    },
    {
        "username": "politiker-ks",
        "role": "politician",
        "body": "ks",
        "person": "maria",
        "label": "Ordförande i kommunstyrelsen (ställer frågor)",
    },
    {
        "username": "politiker-bun",
        "role": "politician",
        "body": "bun",
        "person": "henrik",
        "label": "Ordförande i barn- och utbildningsnämnden (ställer frågor)",
    },
    {
        "username": "revisor",
        "role": "auditor",
        "person": "gunnel",
        "label": "Förtroendevald revisor (läser)",
    },
    {
        "username": "admin",
        "role": "admin",
        "superuser": True,
        "label": "Administratör (alla organ, Django-admin)",
    },
]

# The assignments (uppdrag), each given by a decision of `body` at the meeting on `date`.
#   att        the task in protocol language: "... beslutar att uppdra åt X att <att>."
#   what/why   the intended result and the reason; `how_level` marks texts that prescribe
#              method rather than result (for the "what, not how" analyser).
#   to/lead    recipients by slug (the chain service checks them); lead for joint assignments.
#   sek/fte    resources; deadline; followups (planned follow-up dates).
#   history    status steps: (status, date[, reason]). "completed" and "cancelled" are decided by
#              the issuing body at a meeting on that date, so they add a decision of their own.
ASSIGNMENTS = [
    # ---- Kommunfullmäktige, C+M+KD 2019–2022: joint assignments across the nämnder -----------
    {
        "body": "kf",
        "date": "2019-04-29",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Samverkan mellan skola och socialtjänst för barn i behov av stöd",
        "to": ["bun", "sn"],
        "lead": "bun",
        "att": (
            "utveckla och införa en modell för tidiga och samordnade insatser för barn "
            "och unga i behov av särskilt stöd"
        ),
        "what": (
            "Barn och unga i behov av stöd får tidiga, samordnade insatser från skola, elevhälsa "
            "och socialtjänst. Andelen elever med hög frånvaro minskar och fler elever blir "
            "behöriga till gymnasieskolan. Nämnderna redovisar gemensamt modellen, hur den har "
            "införts och vilka resultat den ger."
        ),
        "why": (
            "Barnens behov följer inte nämndsgränserna. Ärenden bollas i dag mellan skola och "
            "socialtjänst, och insatserna kommer för sent och blir dyrare."
        ),
        "sek": 1500000,
        "fte": 2,
        "deadline": "2020-12-31",
        "followups": ["2019-10-31", "2020-04-30", "2020-10-31"],
        "history": [
            ("in_progress", "2019-05-15"),
            ("reported", "2020-11-30"),
            ("completed", "2021-02-22"),
        ],
    },
    {
        "body": "kf",
        "date": "2019-06-17",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Kommunövergripande lokalförsörjningsplan 2020–2030",
        "to": ["ks"],
        "att": (
            "ta fram en kommunövergripande lokalförsörjningsplan för kommunens "
            "verksamhetslokaler för perioden 2020–2030"
        ),
        "what": (
            "En samlad plan för kommunens lokalbehov 2020–2030 som visar hur lokalerna kan "
            "användas över nämndsgränserna, vilka lokaler som kan avvecklas och vilka "
            "investeringar som behövs."
        ),
        "why": (
            "Nämnderna planerar i dag sina lokaler var för sig, vilket ger tomma ytor på ett håll "
            "och trångboddhet på ett annat."
        ),
        "sek": 400000,
        "deadline": "2020-06-30",
        "followups": ["2019-12-31"],
        "history": [
            ("in_progress", "2019-08-19"),
            ("reported", "2020-06-08"),
            ("completed", "2020-09-28"),
        ],
    },
    {
        "body": "kf",
        "date": "2019-09-30",
        "initiative": "citizen_proposal",
        "initiative_by": "Medborgarförslag",
        "title": "Publika laddplatser för elfordon i kommunens tätorter",
        "to": ["ks"],
        "att": "ta fram och genomföra en plan för publika laddplatser för elfordon",
        "what": "Publika laddplatser för elfordon finns i alla kommunens tätorter senast 2021.",
        "why": (
            "Medborgarförslaget pekar på att bristen på laddplatser gör det svårt att välja "
            "elbil på landsbygden."
        ),
        "sek": 500000,
        "deadline": "2021-06-30",
        "history": [
            ("in_progress", "2019-11-04"),
            ("reported", "2021-05-17"),
            ("completed", "2021-06-21"),
        ],
    },
    {
        "body": "kf",
        "date": "2019-11-25",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Heltid som norm i kommunens verksamheter",
        "to": ["ks", "bun", "sn"],
        "lead": "ks",
        "att": "införa heltid som norm för kommunens anställda",
        "what": (
            "Alla tillsvidareanställda erbjuds heltid senast 2021, och andelen som arbetar heltid "
            "inom vård, omsorg och förskola ökar till minst 80 procent."
        ),
        "why": (
            "Kompetensförsörjningen kräver att fler arbetar heltid. Ofrivillig deltid drabbar "
            "framför allt kvinnodominerade yrken."
        ),
        "sek": 2000000,
        "deadline": "2021-12-31",
        "followups": ["2020-08-31", "2021-08-31"],
        "history": [
            ("in_progress", "2020-01-15"),
            ("reported", "2021-11-15"),
            ("completed", "2022-02-21"),
        ],
    },
    {
        "body": "kf",
        "date": "2020-02-24",
        "initiative": "motion",
        "initiative_by": "Motion från en ledamot (M)",
        "title": "Kortare handläggningstider för bygglov",
        "to": ["mbn"],
        "att": "korta handläggningstiderna för bygglov",
        "what": (
            "Den genomsnittliga handläggningstiden för kompletta bygglovsärenden är högst fyra "
            "veckor, och den sökande kan följa sitt ärende digitalt."
        ),
        "why": "Långa handläggningstider hindrar bostadsbyggande och företagande.",
        "sek": 600000,
        "deadline": "2021-06-30",
        "followups": ["2020-10-31"],
        "history": [
            ("in_progress", "2020-03-16"),
            ("reported", "2021-05-31"),
            ("completed", "2021-09-27"),
        ],
    },
    {
        "body": "kf",
        "date": "2020-09-28",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Digitalisering som frigör tid för skola och äldreomsorg",
        "to": ["ks", "bun", "sn"],
        "lead": "ks",
        "att": (
            "ta fram och genomföra en plan för hur digitala arbetssätt kan effektivisera "
            "kommunens verksamheter"
        ),
        "what": (
            "Digitala arbetssätt och automatisering frigör motsvarande minst tio årsarbetare "
            "till undervisning och äldreomsorg till och med 2023. Planen visar vilka processer "
            "som ska digitaliseras, vad det kostar och vilka resurser som frigörs."
        ),
        "why": (
            "Skolan och äldreomsorgen behöver mer tid för kärnuppdraget, och konkurrensen om "
            "personal ökar."
        ),
        "sek": 3000000,
        "fte": 3,
        "deadline": "2022-12-31",
        "followups": ["2021-04-30", "2021-10-31", "2022-04-30", "2022-10-31"],
        # Reported before the majority change; the new KF closed it at its first meetings.
        "history": [
            ("in_progress", "2020-10-19"),
            ("reported", "2022-09-30"),
            ("completed", "2023-02-27"),
        ],
    },
    {
        "body": "kf",
        "date": "2021-03-29",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Tillgängliga vallokaler inför de allmänna valen 2022",
        "to": ["valn"],
        "att": (
            "säkerställa att alla vallokaler och lokaler för förtidsröstning är tillgängliga inför "
            "de allmänna valen 2022"
        ),
        "what": (
            "Alla vallokaler uppfyller kraven på tillgänglighet, och förtidsröstning erbjuds på "
            "minst fyra orter i kommunen."
        ),
        "why": "Alla väljare ska kunna rösta på lika villkor.",
        "sek": 250000,
        "deadline": "2022-08-31",
        "followups": ["2021-12-31"],
        # A body with no chief of its own answers by its own decision, not by a follow-up
        # report: no "redovisat" step (every one is a filed report), closed by KF directly.
        "history": [
            ("in_progress", "2021-04-20"),
            ("completed", "2023-02-27"),
        ],
    },
    {
        "body": "kf",
        "date": "2021-06-21",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Gemensamma insatser mot psykisk ohälsa bland unga",
        "to": ["sn", "bun"],
        "lead": "sn",
        "att": "ta fram och genomföra en handlingsplan mot psykisk ohälsa bland barn och unga",
        "what": (
            "Fler unga med psykisk ohälsa fångas upp tidigt och får stöd inom en månad. "
            "Handlingsplanen anger mål, ansvarsfördelning mellan nämnderna och hur resultatet "
            "mäts."
        ),
        "why": "Ohälsan bland unga ökar och kräver samordnade insatser över nämndsgränserna.",
        "sek": 800000,
        "deadline": "2022-06-30",
        "followups": ["2021-12-31"],
        "history": [
            ("in_progress", "2021-09-01"),
            ("reported", "2022-06-13"),
            ("completed", "2022-09-26"),
        ],
    },
    {
        "body": "kf",
        "date": "2022-04-25",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Utredning om samlad fastighetsförvaltning i bolagsform",
        "to": ["ks"],
        "att": (
            "utreda förutsättningarna för att samla kommunens fastighetsförvaltning i ett helägt "
            "kommunalt bolag"
        ),
        "what": (
            "Ett beslutsunderlag som visar för- och nackdelar, ekonomiska konsekvenser och en "
            "tidplan för en samlad fastighetsförvaltning."
        ),
        "why": (
            "Lokalförsörjningsplanen visade att fastigheterna förvaltas på flera håll med olika "
            "standard."
        ),
        "sek": 300000,
        "deadline": "2023-03-31",
        "followups": ["2022-12-31"],
        "history": [
            ("in_progress", "2022-05-16"),
            (
                "cancelled",
                "2023-01-30",
                "Fullmäktige avser inte att ombilda fastighetsförvaltningen under mandatperioden.",
            ),
        ],
    },
    # ---- Kommunstyrelsen, C+M+KD 2019–2022 ---------------------------------------------------
    {
        "body": "ks",
        "date": "2019-02-05",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Handlingsplan för ett bättre företagsklimat",
        "to": ["kommundirektor"],
        "att": "ta fram en handlingsplan för ett bättre företagsklimat i kommunen",
        "what": (
            "Företagare upplever snabbare och mer samordnad service från kommunen, och kommunens "
            "resultat i företagsklimatsmätningar förbättras. Planen anger mätbara mål till 2022."
        ),
        "why": "Ett gott företagsklimat är en förutsättning för fler jobb och fler invånare.",
        "sek": 200000,
        "deadline": "2019-10-31",
        "followups": ["2019-06-30"],
        "history": [
            ("in_progress", "2019-02-20"),
            ("reported", "2019-10-21"),
            ("completed", "2019-11-05"),
        ],
    },
    {
        "body": "ks",
        "date": "2019-05-07",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "En väg in till kommunen för medborgare och företag",
        "to": ["kommundirektor"],
        "att": "inrätta en gemensam kontaktväg för alla kommunens verksamheter",
        "what": (
            "Medborgare och företag når kommunen på ett ställe och får svar på de vanligaste "
            "frågorna direkt; minst 70 procent av ärendena löses vid första kontakten."
        ),
        "why": (
            "I dag måste medborgarna själva veta vilken förvaltning som ansvarar, vilket "
            "förstärker stuprören."
        ),
        "sek": 1200000,
        "fte": 2,
        "deadline": "2020-12-31",
        "followups": ["2019-12-31", "2020-06-30"],
        "history": [
            ("in_progress", "2019-06-03"),
            ("reported", "2020-12-01"),
            ("completed", "2021-01-12"),
        ],
    },
    {
        "body": "ks",
        "date": "2019-09-10",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Energieffektivisering i kommunens fastigheter",
        "to": ["kommundirektor"],
        "att": "genomföra energieffektiviseringar i kommunens verksamhetsfastigheter",
        "what": (
            "Energianvändningen i kommunens verksamhetsfastigheter minskar med 15 procent till "
            "2022 jämfört med 2018."
        ),
        "why": (
            "Lägre energikostnader frigör resurser till verksamheten och minskar klimatpåverkan."
        ),
        "sek": 2500000,
        "deadline": "2022-06-30",
        "followups": ["2020-06-30", "2021-06-30"],
        "history": [
            ("in_progress", "2019-10-01"),
            ("reported", "2022-06-07"),
            ("completed", "2022-09-06"),
        ],
    },
    {
        "body": "ks",
        "date": "2020-02-04",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Beredning av ny näringslivsstrategi",
        "to": ["ks-au"],
        "att": (
            "bereda ett förslag till ny näringslivsstrategi i dialog med det lokala näringslivet"
        ),
        "what": (
            "Ett förslag till näringslivsstrategi 2021–2025 som kommunstyrelsen kan föreslå "
            "fullmäktige att anta."
        ),
        "why": "Den nuvarande strategin löper ut 2020.",
        "deadline": "2020-11-30",
        # KS:s arbetsutskott has no chief of its own (see "Tillgängliga vallokaler").
        "history": [
            ("in_progress", "2020-02-18"),
            ("completed", "2020-12-08"),
        ],
    },
    {
        "body": "ks",
        "date": "2020-04-07",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Stöd till det lokala näringslivet under pandemin",
        "to": ["kommundirektor"],
        "att": "samordna kommunens stödåtgärder till lokala företag under covid-19-pandemin",
        "what": (
            "Lokala företag får snabb och samordnad information och stöd från kommunen, och "
            "kommunens leverantörsfakturor till lokala företag betalas inom tio dagar."
        ),
        "why": "Pandemin slår hårt mot handel, besöksnäring och restauranger i kommunen.",
        "sek": 1000000,
        "deadline": "2020-12-31",
        "followups": ["2020-06-30", "2020-09-30"],
        "history": [
            ("in_progress", "2020-04-08"),
            ("reported", "2021-01-19"),
            ("completed", "2021-02-09"),
        ],
    },
    {
        "body": "ks-au",
        "date": "2020-08-25",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Investeringsbehov i gatubelysningen",
        "to": ["kommundirektor"],
        "att": "redovisa investeringsbehovet i kommunens gatubelysning",
        "what": (
            "En prioriterad redovisning av investeringsbehovet i gatubelysningen 2021–2025 med "
            "kostnader, som underlag till budgetarbetet."
        ),
        "why": "Stora delar av belysningsnätet är uttjänt.",
        "deadline": "2020-12-31",
        "history": [
            ("in_progress", "2020-09-01"),
            ("reported", "2020-12-15"),
            ("completed", "2021-01-19"),
        ],
    },
    {
        "body": "ks",
        "date": "2020-10-06",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Kommunövergripande kompetensförsörjningsplan",
        "to": ["kommundirektor"],
        "att": "ta fram en kommunövergripande kompetensförsörjningsplan",
        "what": (
            "En plan som visar kommunens rekryteringsbehov till 2030 per yrkesgrupp och de "
            "åtgärder som säkrar personalförsörjningen i skola, vård och omsorg."
        ),
        "why": "Pensionsavgångar och hård konkurrens om personal hotar verksamheternas kvalitet.",
        "sek": 300000,
        "deadline": "2021-09-30",
        "followups": ["2021-03-31"],
        "history": [
            ("in_progress", "2020-11-02"),
            ("reported", "2021-09-20"),
            ("completed", "2021-10-05"),
        ],
    },
    {
        "body": "ks",
        "date": "2021-02-02",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Planberedskap för bostäder och verksamhetsmark",
        "to": ["kommundirektor"],
        "att": "säkerställa planberedskap för bostäder och verksamhetsmark",
        "what": (
            "Vid utgången av 2022 finns detaljplanelagd mark för minst 150 bostäder och 10 hektar "
            "verksamhetsmark som är klar att bebygga."
        ),
        "why": "Brist på planlagd mark hindrar inflyttning och företagsetableringar.",
        "sek": 1500000,
        "deadline": "2022-12-31",
        "followups": ["2021-08-31", "2022-08-31"],
        # Still in progress: nobody has asked for the report since the majority changed.
        "history": [("in_progress", "2021-02-15")],
    },
    {
        "body": "ks",
        "date": "2021-06-08",
        "initiative": "citizen_proposal",
        "initiative_by": "Medborgarförslag",
        "title": "Medborgardialog om centrummiljön i Vimmerby",
        "to": ["kommundirektor"],
        "att": "genomföra en medborgardialog om utvecklingen av centrummiljön i Vimmerby tätort",
        "what": (
            "Ett underlag för centrumutvecklingen som bygger på synpunkter från invånare, "
            "handlare och föreningar."
        ),
        "why": "Centrum ska utvecklas tillsammans med dem som använder det.",
        "sek": 150000,
        "deadline": "2022-03-31",
        "history": [
            ("in_progress", "2021-08-16"),
            ("reported", "2022-03-22"),
            ("completed", "2022-05-03"),
        ],
    },
    {
        "body": "ks",
        "date": "2021-11-02",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Samlokalisering av förskola, skola och äldreomsorg på landsbygden",
        "to": ["kommundirektor"],
        "att": (
            "ta fram förslag på hur kommunens lokaler på landsbygden kan användas gemensamt av "
            "förskola, skola och äldreomsorg"
        ),
        "what": (
            "Förslag för minst tre orter där samlokalisering ger lägre lokalkostnader och behåller "
            "den kommunala servicen på landsbygden."
        ),
        "why": "Lokalerna används i dag nämnd för nämnd, och servicen på landsbygden är hotad.",
        "sek": 250000,
        "deadline": "2022-10-31",
        "followups": ["2022-04-30"],
        "history": [
            ("in_progress", "2021-12-01"),
            ("reported", "2022-10-25"),
            (
                "cancelled",
                "2023-02-07",
                "Frågan hanteras i stället inom det löpande lokalförsörjningsarbetet.",
            ),
        ],
    },
    {
        "body": "ks",
        "date": "2022-03-01",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Minskat försörjningsstöd genom arbetsmarknadsinsatser",
        "to": ["kommundirektor"],
        "att": (
            "utveckla arbetsmarknadsinsatserna för personer med försörjningsstöd över "
            "förvaltningsgränserna"
        ),
        "what": "Antalet hushåll med långvarigt försörjningsstöd minskar med 20 procent till 2024.",
        "why": (
            "Arbetsmarknadsenheten och socialtjänsten arbetar med samma personer utan gemensam "
            "planering."
        ),
        "sek": 1000000,
        "fte": 1,
        "deadline": "2024-06-30",
        "followups": ["2022-09-30", "2023-03-31", "2023-09-30"],
        # The planned follow-ups passed without any report or decision.
        "history": [("in_progress", "2022-04-01")],
    },
    {
        "body": "ks",
        "date": "2022-06-07",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Ökad trygghet i centrala Vimmerby",
        "to": ["kommundirektor"],
        "att": "genomföra trygghetsskapande åtgärder i centrala Vimmerby",
        "what": (
            "Andelen invånare som känner sig trygga i centrum kvällstid ökar enligt kommunens "
            "medborgarundersökning."
        ),
        "why": "Medborgarundersökningen visar att otryggheten i centrum har ökat.",
        "sek": 400000,
        "deadline": "2023-06-30",
        "followups": ["2022-12-31"],
        "history": [("in_progress", "2022-08-15")],
    },
    # ---- Barn- och utbildningsnämnden 2019–2022 ----------------------------------------------
    {
        "body": "bun",
        "date": "2019-03-20",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Ökad måluppfyllelse i grundskolan",
        "to": ["forvaltningschef-bun"],
        "att": "ta fram och genomföra en plan för ökad måluppfyllelse i grundskolan",
        "what": (
            "Andelen elever i årskurs 9 som är behöriga till gymnasieskolans yrkesprogram ökar "
            "till minst 88 procent läsåret 2021/22."
        ),
        "why": "Behörigheten har legat under rikssnittet flera år i följd.",
        "sek": 1000000,
        "deadline": "2022-06-30",
        "followups": ["2019-11-30", "2020-11-30", "2021-11-30"],
        "history": [
            ("in_progress", "2019-04-01"),
            ("reported", "2022-08-24"),
            ("completed", "2022-09-21"),
        ],
    },
    {
        "body": "bun",
        "date": "2019-08-21",
        "initiative": "political",
        "initiative_by": "En ledamot",
        "title": "Fritidshemmens öppettider och bemanning",
        "to": ["forvaltningschef-bun"],
        "att": "ändra fritidshemmens öppettider och bemanning",
        "what": (
            "Samtliga fritidshem ska ha öppet 06.00–18.30. Varje avdelning ska bemannas med minst "
            "två fritidspedagoger under hela öppettiden, och personalen ska schemaläggas i fasta "
            "veckoscheman som rektor fastställer varje fredag."
        ),
        "why": "Vårdnadshavare har framfört önskemål om längre öppettider.",
        "how_level": True,
        "deadline": "2019-12-31",
        "history": [
            ("in_progress", "2019-09-02"),
            ("reported", "2020-01-22"),
            ("completed", "2020-02-19"),
        ],
    },
    {
        "body": "bun",
        "date": "2020-04-22",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Undervisning och stöd vid distansundervisning under pandemin",
        "to": ["forvaltningschef-bun"],
        "att": "säkerställa undervisning och stöd av god kvalitet vid distansundervisning",
        "what": (
            "Alla elever har tillgång till undervisning och stöd under perioder med "
            "distansundervisning, och ingen elev går miste om beslutat särskilt stöd."
        ),
        "why": "Gymnasieskolan och delar av vuxenutbildningen undervisar på distans.",
        "sek": 500000,
        "deadline": "2020-12-31",
        "followups": ["2020-09-30"],
        "history": [
            ("in_progress", "2020-04-23"),
            ("reported", "2021-01-20"),
            ("completed", "2021-02-17"),
        ],
    },
    {
        "body": "bun",
        "date": "2020-10-21",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Minskad problematisk skolfrånvaro",
        "to": ["forvaltningschef-bun"],
        "att": "utveckla arbetet mot problematisk skolfrånvaro",
        "what": (
            "Antalet elever med mer än 20 procents frånvaro halveras till läsåret 2022/23, och "
            "varje elev med hög frånvaro har en uppföljd plan."
        ),
        "why": "Hög frånvaro är den starkaste varningssignalen för att en elev inte når målen.",
        "sek": 600000,
        "fte": 1,
        "deadline": "2023-06-30",
        "followups": ["2021-06-30", "2022-06-30"],
        "history": [
            ("in_progress", "2020-11-02"),
            ("reported", "2023-06-21"),
            ("completed", "2023-09-20"),
        ],
    },
    {
        "body": "bun",
        "date": "2021-05-19",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Förskoleplatser i takt med befolkningsutvecklingen",
        "to": ["forvaltningschef-bun"],
        "att": "ta fram en plan för förskoleplatser i kommunens tätorter 2022–2026",
        "what": "Alla barn erbjuds förskoleplats inom fyra månader och så nära hemmet som möjligt.",
        "why": "Inflyttningen av barnfamiljer ökar i tätorterna.",
        "deadline": "2021-12-31",
        "history": [
            ("in_progress", "2021-06-01"),
            ("reported", "2021-12-15"),
            ("completed", "2022-01-19"),
        ],
    },
    {
        "body": "bun",
        "date": "2022-05-18",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Läsfrämjande insatser i de tidiga skolåren",
        "to": ["forvaltningschef-bun"],
        "att": "genomföra läsfrämjande insatser i förskoleklass och årskurs 1–3",
        "what": "Alla elever når kunskapskraven i läsförståelse i årskurs 1 och 3.",
        "why": "Läsförmågan avgör elevernas möjligheter i alla ämnen.",
        "sek": 400000,
        "deadline": "2023-06-30",
        "followups": ["2022-12-31"],
        "history": [("in_progress", "2022-06-01")],
    },
    # ---- Socialnämnden 2019–2022 ------------------------------------------------------------
    {
        "body": "sn",
        "date": "2019-03-27",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Ökad kontinuitet i hemtjänsten",
        "to": ["forvaltningschef-sn"],
        "att": "öka kontinuiteten i hemtjänsten",
        "what": (
            "En brukare med hemtjänst möter i genomsnitt högst tio olika medarbetare under en "
            "fjortondagarsperiod."
        ),
        "why": "Brukarna upplever otrygghet när många olika medarbetare kommer hem till dem.",
        "sek": 500000,
        "deadline": "2020-12-31",
        "followups": ["2019-12-31", "2020-06-30"],
        "history": [
            ("in_progress", "2019-04-10"),
            ("reported", "2020-12-16"),
            ("completed", "2021-01-27"),
        ],
    },
    {
        "body": "sn",
        "date": "2019-10-23",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Välfärdsteknik i äldreomsorgen",
        "to": ["forvaltningschef-sn"],
        "att": "införa välfärdsteknik i äldreomsorgen",
        "what": (
            "Digital tillsyn och digitala trygghetslarm erbjuds alla som har behov, och mer av "
            "personalens tid används till omsorg."
        ),
        "why": "Fler äldre och färre i arbetsför ålder kräver nya arbetssätt.",
        "sek": 1200000,
        "deadline": "2021-12-31",
        "followups": ["2020-10-31", "2021-06-30"],
        "history": [
            ("in_progress", "2019-11-04"),
            ("reported", "2021-12-15"),
            ("completed", "2022-01-26"),
        ],
    },
    {
        "body": "sn",
        "date": "2020-03-25",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Hemmaplanslösningar i stället för externa placeringar",
        "to": ["forvaltningschef-sn"],
        "att": "utveckla hemmaplanslösningar för barn, unga och vuxna",
        "what": (
            "Färre externa placeringar och lägre placeringskostnader, med minst lika goda "
            "resultat för dem som får insatser."
        ),
        "why": "Kostnaderna för externa placeringar är nämndens största budgetrisk.",
        "sek": 800000,
        "fte": 2,
        "deadline": "2022-06-30",
        "followups": ["2020-12-31", "2021-06-30", "2021-12-31"],
        "history": [
            ("in_progress", "2020-04-01"),
            ("reported", "2022-06-22"),
            ("completed", "2022-08-24"),
        ],
    },
    {
        "body": "sn",
        "date": "2021-04-28",
        "initiative": "political",
        "initiative_by": "En ledamot",
        "title": "Planering och schemaläggning i hemtjänsten",
        "to": ["forvaltningschef-sn"],
        "att": "ändra planeringen och schemaläggningen i hemtjänsten",
        "what": (
            "Hemtjänstens planering ska göras av samordnaren varje fredag kl. 13.00 i "
            "planeringssystemet, varje hemtjänstgrupp ska ha exakt 14 medarbetare och bilarna ska "
            "bokas i enhetens gemensamma kalender."
        ),
        "why": "Ledamöter har fått synpunkter på att planeringen ändras med kort varsel.",
        "how_level": True,
        "deadline": "2021-08-31",
        "history": [
            ("in_progress", "2021-05-03"),
            (
                "cancelled",
                "2021-09-22",
                "Hur planeringen görs är förvaltningens ansvar. Nämnden följer i stället upp "
                "kontinuiteten i hemtjänsten.",
            ),
        ],
    },
    {
        "body": "sn",
        "date": "2022-02-23",
        "initiative": "political",
        "initiative_by": "Majoriteten (C, M, KD)",
        "title": "Förebyggande arbete mot ofrivillig ensamhet bland äldre",
        "to": ["forvaltningschef-sn"],
        "att": "utveckla det förebyggande arbetet mot ofrivillig ensamhet bland äldre",
        "what": (
            "Äldre som upplever ofrivillig ensamhet erbjuds mötesplatser och uppsökande insatser "
            "i alla kommundelar."
        ),
        "why": "Ensamhet ökar risken för ohälsa och tidigare behov av omsorg.",
        "sek": 300000,
        "deadline": "2023-06-30",
        "followups": ["2022-10-31"],
        "history": [("in_progress", "2022-03-15")],
    },
    # ---- Miljö- och byggnadsnämnden 2019–2022 -----------------------------------------------
    {
        "body": "mbn",
        "date": "2020-06-10",
        "initiative": "political",
        "initiative_by": "Presidiet",
        "title": "Digital ansökan och ärendehantering för bygglov",
        "to": ["forvaltningschef-mbn"],
        "att": "införa digital ansökan och digital ärendehantering för bygglov",
        "what": "Alla bygglovsansökningar kan lämnas och följas digitalt i båda kommunerna.",
        "why": "Ett led i nämndens uppdrag från fullmäktige om kortare handläggningstider.",
        "sek": 400000,
        "deadline": "2021-12-31",
        "followups": ["2021-03-31"],
        "history": [
            ("in_progress", "2020-08-17"),
            ("reported", "2021-12-08"),
            ("completed", "2022-02-09"),
        ],
    },
    {
        "body": "mbn",
        "date": "2021-09-15",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Riskbaserad plan för livsmedelskontrollen",
        "to": ["forvaltningschef-mbn"],
        "att": "ta fram en riskbaserad plan för livsmedelskontrollen",
        "what": (
            "Livsmedelskontrollen följer en riskbaserad plan som uppfyller lagstiftningens krav."
        ),
        "why": "Kontrollmyndigheten har påtalat brister i planeringen av kontrollen.",
        "deadline": "2022-03-31",
        "history": [
            ("in_progress", "2021-10-01"),
            ("reported", "2022-03-16"),
            ("completed", "2022-04-13"),
        ],
    },
    # ---- After the majority change on 15 October 2022 ---------------------------------------
    # Kommunstyrelsen's one single assignment since the change.
    {
        "body": "ks",
        "date": "2023-03-07",
        "initiative": "political",
        "initiative_by": "Majoriteten (S, C, V)",
        "title": "Översyn av IT-kostnader och faktureringsrutiner",
        "to": ["kommundirektor"],
        "att": "göra en översyn av kommunens IT-kostnader och faktureringsrutiner",
        "what": (
            "En redovisning av kommunens IT-kostnader per förvaltning och av hur "
            "faktureringsrutinerna kan förenklas."
        ),
        "why": (
            "Kostnaderna för IT har ökat och faktureringen mellan förvaltningarna upplevs som "
            "otydlig."
        ),
        "deadline": "2023-12-31",
        # Reported by its final report of 2024-01-16 (tillit.followup.demo).
        "history": [("in_progress", "2023-03-20")],
    },
    {
        "body": "bun",
        "date": "2023-04-19",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Anpassning av skollokalerna till ett minskat elevunderlag",
        "to": ["forvaltningschef-bun"],
        "att": "ta fram förslag på hur skollokalerna kan anpassas till ett minskat elevunderlag",
        "what": "Förslag som sänker lokalkostnaden per elev utan att försämra elevernas resultat.",
        "why": "Nämnden redovisar ett underskott, och elevkullarna minskar.",
        "deadline": "2024-03-31",
        "history": [("in_progress", "2023-05-02")],
    },
    {
        "body": "sn",
        "date": "2023-09-27",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Åtgärder för en ekonomi i balans inom individ- och familjeomsorgen",
        "to": ["forvaltningschef-sn"],
        "att": "föreslå åtgärder som minskar underskottet inom individ- och familjeomsorgen",
        "what": (
            "En åtgärdsplan som minskar nämndens prognostiserade underskott inom individ- och "
            "familjeomsorgen."
        ),
        "why": "Nämnden prognostiserar ett stort underskott för året.",
        "deadline": "2024-02-29",
        "followups": ["2023-12-31"],
        "history": [
            ("in_progress", "2023-10-02"),
            ("reported", "2024-02-28"),
            ("completed", "2024-03-20"),
        ],
    },
    {
        "body": "bun",
        "date": "2024-02-21",
        "initiative": "political",
        "initiative_by": "Ordföranden",
        "title": "Förskolornas öppettider",
        "to": ["forvaltningschef-bun"],
        "att": "ändra förskolornas öppettider",
        "what": (
            "Alla förskolor ska öppna kl. 06.30 och stänga kl. 17.30, med minst tre pedagoger på "
            "plats vid öppning och stängning, och lunchen ska serveras kl. 11.00."
        ),
        "why": "",
        "how_level": True,
        "deadline": "2024-08-31",
        "history": [("in_progress", "2024-03-04")],
    },
    {
        "body": "mbn",
        "date": "2024-05-15",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Digitalt arkiv för bygglovsärenden",
        "to": ["forvaltningschef-mbn"],
        "att": "digitalisera arkivet för bygglovsärenden",
        "what": "Alla bygglovsärenden från 1980 och framåt är sökbara digitalt.",
        "why": "Arkivet efterfrågas dagligen av fastighetsägare och mäklare.",
        "sek": 350000,
        "deadline": "2025-12-31",
        "followups": ["2025-05-31"],
        "history": [("in_progress", "2024-06-03")],
    },
    {
        "body": "sn",
        "date": "2025-03-26",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Översyn av hemtjänstens ruttplanering",
        "to": ["forvaltningschef-sn"],
        "att": "se över hemtjänstens ruttplanering",
        "what": "Restiden i hemtjänsten minskar så att mer av arbetstiden används hos brukarna.",
        "why": "Hemtjänsten redovisar ett underskott.",
        "deadline": "2025-12-31",
        "history": [("in_progress", "2025-04-07")],
    },
    {
        "body": "bun",
        "date": "2025-10-15",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Minskad frånvaro i grundskolan",
        "to": ["forvaltningschef-bun"],
        "att": "minska den höga frånvaron i grundskolan",
        "what": (
            "Andelen elever i grundskolan med mer än 15 procent frånvaro är under 8 procent "
            "läsåret 2026/27."
        ),
        "why": "Var tionde elev har hög frånvaro, och få av dem når behörighet till gymnasiet.",
        "deadline": "2027-06-30",
        "followups": ["2026-08-31"],
        # Reports 2025-AR and 2026-DR: tillit.demo.story.
        "history": [("in_progress", "2025-10-27")],
    },
    {
        "body": "sn",
        "date": "2025-11-19",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Mindre inhyrd personal i äldreomsorgen",
        "to": ["forvaltningschef-sn"],
        "att": "minska kostnaden för inhyrd personal i äldreomsorgen",
        "what": (
            "Kostnaden för inhyrda sjuksköterskor och undersköterskor i äldreomsorgen är 2026 "
            "högst hälften av 2025 års kostnad, utan att bemanningen i verksamheten minskar."
        ),
        "why": "Inhyrd personal är den största orsaken till nämndens underskott.",
        "sek": 600000,
        "deadline": "2026-12-31",
        "followups": ["2026-08-31"],
        "history": [("in_progress", "2025-12-01")],
    },
    {
        "body": "bun",
        "date": "2026-09-16",
        "initiative": "administration",
        "initiative_by": "Förvaltningens förslag",
        "title": "Elevhälsans organisation",
        "to": ["forvaltningschef-bun"],
        "att": "ta fram ett förslag till ny organisation för elevhälsan",
        "what": (
            "Elevhälsan är organiserad så att alla elever får kontakt med skolsköterska, kurator "
            "eller psykolog inom en vecka."
        ),
        "why": "Väntetiderna till elevhälsan har ökat.",
        "deadline": "2027-03-31",
        "followups": ["2027-01-31"],
        "history": [],
    },
]

# Numbering: roughly how many § a body reaches per day of the year, and diarienummer per day.
PARAGRAPHS_PER_DAY = {
    "kf": 0.35,
    "ks": 0.6,
    "ks-au": 0.4,
    "bun": 0.3,
    "sn": 0.4,
    "valn": 0.1,
    "mbn": 0.45,
}
CASES_PER_DAY = {"KS": 1.5, "BUN": 0.6, "SN": 0.8, "VN": 0.1, "MBN": 1.0}
# Days from the meeting to the approval of the minutes (justering), by body.
APPROVAL_AFTER_DAYS = {"kf": 9, "ks": 8, "ks-au": 7, "bun": 7, "sn": 7, "valn": 7, "mbn": 7}
