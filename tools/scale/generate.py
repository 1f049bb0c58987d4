"""KIM scale data for `make benchmark`, run by tools/scale_db.sh inside `odoo shell`.

Fills a fresh database (KIM addons installed, no demo data) with SCALE cases (environment
variable SCALE, default 100000) and everything that hangs on them, as the application would
have produced it over five years of work. Small reference data (providers, municipalities,
users) goes through the ORM; the mass data is written with set-based SQL
(INSERT ... SELECT over generate_series, deterministic pseudo-randomness from
hashint4extended), so that SCALE=1000000 stays feasible (estimated at 20 to 30 minutes, not
measured). The same SCALE gives the same data, except for dates, which are relative to the
day of generation.

Shape (the rows grow with SCALE; the organisation stays as it is up to 100,000 cases, above
that the case managers grow with the cases, one per 500), with the counts at SCALE=100000:

    entity                              rows at SCALE=100000
    Träger (res.company)                20: 1 Kommunales Integrationszentrum Oberhausen,
                                        2-10 welfare associations in the city, 11 KI Kreis
                                        Gütersloh, 12-20 welfare associations in the district
                                        ("AWO Kreisverband 1", "Caritasverband 2",
                                        "Diakonie 3", "DRK Ortsverein 4", ... 18)
    municipalities (kim.municipality)   4: Stadt Oberhausen (kreisfrei, Oberhausen's seven
                                        process steps) and Kreis Gütersloh with its towns
                                        Stadt Gütersloh and Stadt Rheda-Wiedenbrück (Herne's
                                        five steps); 50% / 18% / 20% / 12% of the cases
    social areas (kim.social.area)      15, with their postal codes
    case managers (res.users)           200, 10 per Träger, 39 / 30 / 19.5 weekly hours
    coordinators (res.users)            8: three for the city, three for the district (its
                                        towns included), one per town
    Träger admins (res.users)           20, one per Träger
    persons (res.partner, KIM clients)  113,688: a client per case and 13,688 minors of
                                        households; invented Arabic, Turkish, Ukrainian and
                                        German (Spätaussiedler) names, with the intake data
    households / members                19,923 / 43,573 (30% of the cases: couples with two
                                        cases, single parents, 0-3 children)
    cases (kim.case)                    100,000 opened over five years: 10% in intake,
                                        45% open in a later stage, 45% closed (with closing
                                        reason, evaluation and retention date); 78% case
                                        management, 15% short and 7% referral counselling
    substitutes                         5,419: a colleague stands in on 12% of open cases
    counselling contacts                987,088 (about 10 per case), 1,381,498 topic links
    goals / measures                    295,817 / 295,817
    assessments                         158,459, of which 17,643 re-assessments
    eligibility checklist links         289,608 (access areas, dimensions of under-supply)
    consents (kim.consent)              95,039 consents to data processing and 49,538
                                        waivers (Schweigepflichtentbindungen), all given
    activities (mail.activity)          12,548 (10,653 goal reviews, 1,895 to-dos) due
                                        around today, on 23% of the open cases
    chatter (mail.message)              364,500: two per case (the creation note, then an
                                        internal note or the closing with its 90,048
                                        tracking values) and the creation notes of
                                        households and consents
    followers (mail.followers)          264,500: the case manager on their cases,
                                        households and consents
    audit log (kim.audit.log)           500,000, five entries per case
    services (kim.service)              5,000 (one per 20 cases) of 500 actors: 85% responsible
                                        for one to three postal codes, 15% without spatial
                                        assignment, 5% archived
    referrals (kim.referral)            about 22,000: one per referral-counselling case and
                                        per fifth case-management case past the intake
    conference requests                 about 1,400 (one per fifty case-management cases
    (kim.conference.request)            past the intake), each with the Jobcenter as
                                        decision maker; about 1,000 of them in about 340
                                        conferences (kim.conference) of three cases
    generative themes                   200 (one per 500 cases), in every status

Generated in about two minutes at SCALE=100000 and ten seconds at SCALE=2000 on two cores
(tools/scale_db.sh adds half a minute for creating the database).

Logins (password for every generated user: kim-scale-2025; no second factor, the system
parameter kim_case.require_2fa is 0 in this database; admin / admin stays the
administrator):

    cm001 ... cm200     case managers: cm001-cm010 work for Träger 1, cm011-cm020 for
                        Träger 2, and so on; each stands in for the next colleague of the
                        same Träger on some open cases (cm002 for cm001, ..., cm001 for
                        cm010)
    koord01 ... koord08 coordinators: 01-03 Stadt Oberhausen, 04-06 Kreis Gütersloh (with
                        its towns), 07 Stadt Gütersloh, 08 Stadt Rheda-Wiedenbrück
    admin01 ... admin20 Träger admins, one per Träger in the order of the case managers

Closed cases are kept five years in these municipalities (retention and audit retention),
so that no case is due for anonymisation when the data is fresh and the retention cron
leaves it alone; a benchmark of the retention run shortens the period in its own
transaction. Consents have no end date, so none lapses.

Referrals (kim.referral, kim_network) and case conferences with their requests, slots and
decision makers and the generative themes (kim_conference) are generated when those addons
are installed: see generate_referrals(), generate_conferences() and generate_themes().

At the end the generator compares a sample of every stored computed field with what the
ORM computes for it (and recomputes a field everywhere through the ORM, with a warning, if
the models have changed under it), reads cases and contacts as a case manager and as a
coordinator, and writes the marker kim.scale.generated = "<SCALE>:<VERSION>".
"""

import os
import time
from datetime import date, datetime

from markupsafe import Markup

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tools import split_every
from odoo.tools.translate import code_translations

from odoo.addons.kim_case.rules import stages as stage_rules

env = env  # noqa: F821 - provided by odoo shell

# Changing VERSION makes tools/scale_db.sh generate every scale database anew.
VERSION = "5"
SCALE = int(os.environ.get("SCALE", "100000"))
PASSWORD = "kim-scale-2025"
MARKER = "kim.scale.generated"
REPORT = os.environ.get("KIM_SCALE_REPORT")
LANG = "de_DE"
TZ = "Europe/Berlin"
TODAY = date.today()
NOW = datetime.utcnow().replace(microsecond=0)
START = time.perf_counter()

cr = env.cr
env = env(context=dict(env.context, lang=LANG, tz=TZ, tracking_disable=True))
# Named parameters of every bulk statement: arrays of ids and texts. Every statement is
# executed with them, so SQL in this file writes mod() and never a bare percent sign.
P = {"today": TODAY, "now": NOW}
SUMMARY = []  # (entity, rows, seconds)

# The organisation --------------------------------------------------------------------------------

WELFARE = ["AWO Kreisverband", "Caritasverband", "Diakonie", "DRK Ortsverein"]
WELFARE_COUNT = 18  # plus the two Kommunale Integrationszentren: 20 Träger
CM_PER_TRAEGER = max(10, -(-SCALE // 10_000))
TRAEGER_PER_AREA = 10
CITY, DISTRICT = "city", "district"

MUNICIPALITIES = [
    # key, name, kind, official key, parent, stage set, area
    ("oberhausen", "Stadt Oberhausen", "city", "05119000", None, "oberhausen", CITY),
    ("guetersloh", "Stadt Gütersloh", "member", "05754008", "kreis", "herne", DISTRICT),
    ("rheda", "Stadt Rheda-Wiedenbrück", "member", "05754028", "kreis", "herne", DISTRICT),
    ("kreis", "Kreis Gütersloh", "district", "05754", None, "herne", DISTRICT),
]
# Per municipality: social area (code, name, postal codes, town for the address).
SOCIAL_AREAS = {
    "oberhausen": [
        ("71", "Oberhausen-Mitte/Styrum", "46045", "Oberhausen"),
        ("72", "Oberhausen-Ost", "46047", "Oberhausen"),
        ("73", "Alstaden-Lirich", "46049", "Oberhausen"),
        ("74", "Sterkrade-Mitte", "46145 46147", "Oberhausen"),
        ("75", "Sterkrade-Nord", "46149", "Oberhausen"),
        ("76", "Osterfeld", "46117 46119", "Oberhausen"),
    ],
    "guetersloh": [
        ("1", "Gütersloh-Mitte", "33330", "Gütersloh"),
        ("2", "Gütersloh-Nord", "33332", "Gütersloh"),
        ("3", "Gütersloh-Süd/Avenwedde", "33334 33335", "Gütersloh"),
    ],
    "rheda": [("1", "Rheda-Wiedenbrück", "33378", "Rheda-Wiedenbrück")],
    "kreis": [
        ("1", "Verl", "33415", "Verl"),
        ("2", "Harsewinkel", "33428", "Harsewinkel"),
        ("3", "Halle (Westf.)", "33790", "Halle (Westf.)"),
        ("4", "Steinhagen", "33803", "Steinhagen"),
        ("5", "Schloß Holte-Stukenbrock", "33758", "Schloß Holte-Stukenbrock"),
    ],
}
# Share of the cases per municipality, in percent (cumulative thresholds below).
MUNICIPALITY_SHARE = {"oberhausen": 50, "guetersloh": 20, "rheda": 12, "kreis": 18}
COORDINATORS = [
    ("oberhausen", 3),
    ("kreis", 3),
    ("guetersloh", 1),
    ("rheda", 1),
]
INSTITUTIONS = {
    CITY: ["Jobcenter Oberhausen", "Jugendamt Oberhausen", "Ausländerbehörde Oberhausen"],
    DISTRICT: [
        "Jobcenter Kreis Gütersloh",
        "Jugendamt Kreis Gütersloh",
        "Ausländerbehörde Kreis Gütersloh",
    ],
}
STAFF_FIRST = [
    "Anna", "Thomas", "Lena", "Michael", "Sarah", "Jan", "Julia", "Lukas", "Miriam",
    "Tobias", "Katharina", "Daniel", "Elif", "Markus", "Aylin", "Stefan", "Olga", "Mehmet",
    "Natalia", "Florian", "Hanna", "Samir", "Petra", "Dmytro", "Sandra", "Jonas", "Leyla",
    "Ali", "Nicole", "Felix", "Jana", "Kemal",
]  # fmt: skip
STAFF_LAST = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange", "Werner", "Krause",
    "Yılmaz", "Kaya", "Nowak", "Kowalski", "Petrović", "Haddad", "Bondarenko", "Özdemir",
    "Lehmann", "Schmitt", "Berger", "Vogel", "Jansen", "Kuhn",
]  # fmt: skip

# The people --------------------------------------------------------------------------------------
# Four origins, every list in the same order: Arabic, Turkish, Ukrainian, German (mostly
# Spätaussiedler). Thresholds in percent, cumulative.
ORIGIN_SHARE = [35, 55, 85, 100]
FIRST_MALE = [
    ["Ahmad", "Mohammed", "Omar", "Khaled", "Samir", "Yusuf", "Hassan", "Ali", "Karim",
     "Tarek", "Bilal", "Rami"],
    ["Mehmet", "Mustafa", "Emre", "Murat", "Can", "Burak", "Hakan", "Serkan", "Kemal",
     "Ömer", "Volkan", "Cem"],
    ["Oleksandr", "Andrii", "Dmytro", "Serhii", "Mykola", "Ivan", "Taras", "Bohdan",
     "Yurii", "Vasyl", "Maksym", "Artem"],
    ["Alexander", "Viktor", "Andreas", "Waldemar", "Eduard", "Johann", "Peter", "Michael",
     "Eugen", "Roman", "Sergej", "David"],
]  # fmt: skip
FIRST_FEMALE = [
    ["Amal", "Fatima", "Layla", "Rania", "Yasmin", "Nour", "Huda", "Mariam", "Salma", "Aya",
     "Dana", "Rasha"],
    ["Ayşe", "Elif", "Zeynep", "Emine", "Fatma", "Merve", "Esra", "Hatice", "Selin", "Derya",
     "Büşra", "Sibel"],
    ["Olena", "Iryna", "Nataliia", "Tetiana", "Oksana", "Kateryna", "Yuliia", "Svitlana",
     "Halyna", "Mariia", "Anastasiia", "Daryna"],
    ["Olga", "Natalia", "Irina", "Elena", "Lydia", "Helena", "Anna", "Maria", "Tatjana",
     "Swetlana", "Valentina", "Larissa"],
]  # fmt: skip
LAST_NAMES = [
    ["Haddad", "Al-Hassan", "Khalil", "Nasser", "Mansour", "Saleh", "Darwish", "Hamdan",
     "Othman", "Yousef", "Kassem", "Barakat", "Al-Jabouri", "Ibrahim", "Suleiman", "Aziz"],
    ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan",
     "Doğan", "Kılıç", "Aslan", "Polat", "Koç", "Kurt", "Özdemir"],
    ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko",
     "Petrenko", "Marchenko", "Savchenko", "Lysenko", "Rudenko", "Moroz", "Pavlenko",
     "Kuzmenko", "Hnatiuk"],
    ["Schmidt", "Wagner", "Becker", "Schneider", "Klein", "Fischer", "Wolf", "Richter",
     "Neumann", "Hoffmann", "Braun", "Krause", "Dyck", "Friesen", "Penner", "Reimer"],
]  # fmt: skip
BIRTHPLACES = [
    ["Aleppo (Syrien)", "Damaskus (Syrien)", "Homs (Syrien)", "Bagdad (Irak)", "Mossul (Irak)",
     "Erbil (Irak)"],
    ["İstanbul (Türkei)", "Ankara (Türkei)", "İzmir (Türkei)", "Gaziantep (Türkei)",
     "Diyarbakır (Türkei)", "Konya (Türkei)"],
    ["Kyjiw (Ukraine)", "Charkiw (Ukraine)", "Odesa (Ukraine)", "Dnipro (Ukraine)",
     "Lwiw (Ukraine)", "Saporischschja (Ukraine)"],
    ["Karaganda (Kasachstan)", "Omsk (Russland)", "Almaty (Kasachstan)",
     "Nowosibirsk (Russland)", "Pawlodar (Kasachstan)", "Barnaul (Russland)"],
]  # fmt: skip
TONGUES = [
    ["Arabisch", "Arabisch", "Kurdisch"],
    ["Türkisch", "Türkisch", "Kurdisch"],
    ["Ukrainisch", "Ukrainisch", "Russisch"],
    ["Russisch", "Deutsch", "Russisch"],
]
DIALECTS = [
    ["Syrisch-Arabisch", "Irakisch-Arabisch", "Kurmandschi"],
    ["Istanbuler Türkisch", "Ostanatolisch", "Kurmandschi"],
    ["Surschyk", "Westukrainisch", "Südrussisch"],
    ["Plautdietsch", "Wolgadeutsch", "Russisch"],
]
NATIONALITIES = [["sy", "sy", "iq"], ["tr", "tr", "tr"], ["ua", "ua", "ua"], ["de", "de", "kz"]]
SCHOOL_COUNTRIES = [
    ["Syrien", "Syrien", "Irak"],
    ["Türkei", "Türkei", "Türkei"],
    ["Ukraine", "Ukraine", "Ukraine"],
    ["Kasachstan", "Russland", "Kasachstan"],
]
# Entry to Germany: first possible day and the width of the window in days.
ENTRY_WINDOWS = [("2014-06-01", 2400), ("1995-01-01", 10500), ("2022-03-01", 900),
                 ("1990-01-01", 6000)]  # fmt: skip
RESIDENCE = [
    # status, title
    ("temporary", "§ 25 Abs. 2 AufenthG (subsidiärer Schutz)"),
    ("permanent", "§ 9 AufenthG (Niederlassungserlaubnis)"),
    ("temporary", "§ 24 AufenthG (vorübergehender Schutz)"),
    ("german", "Deutsche Staatsangehörigkeit"),
]
STREETS = [
    "Bahnhofstraße", "Hauptstraße", "Schulstraße", "Gartenstraße", "Lindenstraße",
    "Kirchstraße", "Marktstraße", "Bergstraße", "Mühlenweg", "Goethestraße", "Schillerstraße",
    "Am Park", "Feldstraße", "Friedrichstraße", "Wilhelmstraße", "Ringstraße",
    "Kastanienallee", "Parkstraße", "Mozartstraße", "Birkenweg",
]  # fmt: skip
LANDLORDS = ["Vonovia", "LEG Wohnen", "Privatvermieter", "Kommunale Wohnungsgesellschaft",
             "Wohnungsgenossenschaft", "Privatvermieterin"]  # fmt: skip
OCCUPATIONS = [
    "Elektriker", "Schneiderin", "Lehrerin", "Lkw-Fahrer", "Pflegehelferin", "Buchhalter",
    "Friseurin", "Bauhelfer", "Verkäuferin", "Ingenieur", "Reinigungskraft", "Koch",
]  # fmt: skip
SCHOOL_DEGREES = ["Grundschule", "Mittelschulabschluss", "Abitur", "Hochschulabschluss",
                  "kein Abschluss"]  # fmt: skip
TRAININGS = ["Ausbildung im Betrieb ohne Zertifikat", "Fachschule", "Studium (Bachelor)",
             "Studium (Master)", "keine Ausbildung"]  # fmt: skip

# The work ----------------------------------------------------------------------------------------

CONTACT_OPENINGS = [
    "Gespräch zur aktuellen Situation.", "Termin im Büro zur Klärung offener Fragen.",
    "Telefonat zur Terminabstimmung.", "Hausbesuch bei der Familie.",
    "Begleitung zu einem Behördentermin.", "Videotermin mit Unterstützung der Tochter.",
    "Rückmeldung zu eingereichten Unterlagen.", "Nachbesprechung des letzten Termins.",
]  # fmt: skip
CONTACT_CONTENTS = [
    "Antrag auf Bürgergeld gemeinsam ausgefüllt.",
    "Unterlagen für die Ausländerbehörde gesichtet.",
    "Anmeldung zum Integrationskurs besprochen.",
    "Wohnungssuche: Angebote der Wohnungsgesellschaft durchgesehen.",
    "Schulanmeldung der Kinder vorbereitet.",
    "Anerkennung des Berufsabschlusses: Unterlagen zusammengestellt.",
    "Mahnung der Krankenkasse erklärt und Ratenzahlung vereinbart.",
    "Kontakt zum Jobcenter hergestellt.",
    "Termin beim Hausarzt organisiert.",
    "Pflegegrad-Antrag mit den Angehörigen besprochen.",
    "Kita-Platz-Suche: Anmeldung im Kita-Portal erledigt.",
    "Schuldnerberatung empfohlen und Termin vermittelt.",
]
CONTACT_AGREEMENTS = [
    "Nächster Termin in zwei Wochen.", "Klient*in bringt fehlende Nachweise mit.",
    "Case-Manager/in fragt beim Amt nach.", "Dolmetscher*in für den nächsten Termin angefragt.",
    "Rückruf nach Eingang des Bescheids vereinbart.", "Keine weiteren Schritte bis zum Bescheid.",
    "Klient*in meldet sich nach dem Kursbeginn.", "Gemeinsamer Termin mit dem Jobcenter geplant.",
]  # fmt: skip
INTERPRETED = ["Arabisch", "Türkisch", "Ukrainisch", "Russisch"]
# Per life domain code: three goals and three measures.
GOALS = {
    "work": ["Eine sozialversicherungspflichtige Beschäftigung aufnehmen",
             "Den Minijob in eine Teilzeitstelle umwandeln",
             "Ein Praktikum im erlernten Beruf finden"],
    "education": ["Die Kinder sind in Kita und Schule angemeldet",
                  "Einen Schulabschluss nachholen", "Eine Ausbildung beginnen"],
    "health": ["Eine Hausarztpraxis gefunden", "Die Krankenversicherung ist geklärt",
               "Eine psychologische Beratung aufnehmen"],
    "housing": ["Eine eigene Wohnung finden", "Die Mietschulden sind geregelt",
                "Aus der Gemeinschaftsunterkunft ausziehen"],
    "culture": ["Einen Sportverein für die Kinder finden",
                "An einem Nachbarschaftstreff teilnehmen",
                "Ehrenamtlich im Stadtteil aktiv werden"],
    "income": ["Das Einkommen der Familie ist gesichert",
               "Einen Überblick über die Schulden gewinnen",
               "Kindergeld und Kinderzuschlag sind beantragt"],
    "social_security": ["Der Bürgergeld-Antrag ist bewilligt",
                        "Die Rentenansprüche sind geklärt", "Der Pflegegrad ist beantragt"],
    "language": ["Den Integrationskurs abschließen (B1)",
                 "Einen Sprachkurs mit Kinderbetreuung besuchen",
                 "Alltagsgespräche auf Deutsch führen"],
    "residence": ["Der Aufenthaltstitel ist verlängert", "Die Einbürgerung ist beantragt",
                  "Der Termin bei der Ausländerbehörde ist wahrgenommen"],
    "other": ["Den Führerschein umschreiben lassen", "Ein Bankkonto eröffnen",
              "Die Post selbstständig bearbeiten"],
}  # fmt: skip
MEASURES = {
    "work": ["Bewerbungsunterlagen erstellen", "Termin bei der Arbeitsvermittlung begleiten",
             "Praktikumsstellen recherchieren"],
    "education": ["Anmeldung an der Schule begleiten", "Termin bei der Bildungsberatung",
                  "Kita-Portal gemeinsam ausfüllen"],
    "health": ["Hausarztpraxis suchen und Termin vereinbaren",
               "Versicherungsnachweis bei der Krankenkasse anfordern",
               "Kontakt zur psychosozialen Beratungsstelle herstellen"],
    "housing": ["Wohnberechtigungsschein beantragen",
                "Termin bei der Wohnungsgesellschaft vereinbaren",
                "Übernahme der Mietschulden beim Jobcenter beantragen"],
    "culture": ["Probetraining im Sportverein vereinbaren",
                "Nachbarschaftstreff gemeinsam besuchen", "Ehrenamtsbörse vorstellen"],
    "income": ["Kindergeldantrag ausfüllen", "Termin bei der Schuldnerberatung vereinbaren",
               "Haushaltsplan erstellen"],
    "social_security": ["Weiterbewilligungsantrag stellen", "Rentenauskunft anfordern",
                        "Pflegeantrag bei der Pflegekasse stellen"],
    "language": ["Anmeldung beim Kursträger", "Berechtigungsschein beim BAMF beantragen",
                 "Sprachcafé besuchen"],
    "residence": ["Termin bei der Ausländerbehörde buchen",
                  "Unterlagen für die Verlängerung zusammenstellen",
                  "Einbürgerungstest vorbereiten"],
    "other": ["Umschreibung beim Straßenverkehrsamt beantragen",
              "Kontoeröffnung bei der Sparkasse begleiten", "Ordner für die Post anlegen"],
}  # fmt: skip
PROVIDERS = [
    "Jobcenter", "Volkshochschule", "Schuldnerberatung der Diakonie",
    "Migrationsberatung für Erwachsene (MBE)", "Jugendmigrationsdienst (JMD)",
    "Pflegestützpunkt", "Wohnungsgesellschaft", "Sportverein im Stadtteil",
]  # fmt: skip
RESOURCES = [
    "Hohe Motivation, gute Unterstützung durch die Familie.",
    "Gute Kontakte in der Nachbarschaft.", "Berufserfahrung aus dem Herkunftsland.",
    "Spricht mehrere Sprachen.", "Nimmt Termine zuverlässig wahr.",
    "Unterstützung durch Ehrenamtliche vorhanden.",
]  # fmt: skip
MOTTO_GOALS = [
    "Ich will auf eigenen Beinen stehen.", "Meine Kinder sollen hier gut ankommen.",
    "Ich möchte wieder in meinem Beruf arbeiten.",
    "Ich will mich auf Deutsch verständigen können.", "Wir wollen eine eigene Wohnung.",
    "Ich möchte meine Schulden loswerden.", "Ich will meine Mutter gut versorgt wissen.",
    "Ich möchte hier Freunde finden.",
]  # fmt: skip
REFERRED_TO = [
    "Migrationsberatung für Erwachsene (MBE)", "Jugendmigrationsdienst (JMD)",
    "Schuldnerberatung", "Pflegestützpunkt", "Fachberatung Wohnen",
]  # fmt: skip
THEMES = [
    "Wartezeiten auf Integrationskurse", "Fehlende Kita-Plätze für Neuzugewanderte",
    "Anerkennung ausländischer Berufsabschlüsse dauert zu lange",
    "Wohnungsnot großer Familien", "Dolmetschkosten im Gesundheitswesen",
    "Schulplätze für Seiteneinsteiger*innen", "Termine bei der Ausländerbehörde",
    "Digitale Anträge ohne Unterstützung", "Schulden nach Energiekosten",
    "Pflege für ältere Zugewanderte",
]  # fmt: skip
CHATTER_NOTES = [
    "Unterlagen vollständig eingereicht.",
    "Klient*in telefonisch nicht erreicht, neuer Versuch morgen.",
    "Rückmeldung vom Jobcenter liegt vor.", "Termin beim Amt bestätigt.",
    "Dolmetscher*in für den nächsten Termin gebucht.",
    "Bescheid eingegangen, Besprechung im nächsten Termin.",
]  # fmt: skip
TODO_SUMMARIES = ["Unterlagen anfordern", "Rückruf vereinbaren", "Erstgespräch nachbereiten",
                  "Termin beim Jobcenter begleiten"]  # fmt: skip
EVAL_GOALS = [
    "<p>Die vereinbarten Ziele wurden überwiegend erreicht.</p>",
    "<p>Ein Teil der Ziele wurde erreicht; offene Punkte an die Regeldienste übergeben.</p>",
    "<p>Die Ziele wurden nur teilweise erreicht, die Zusammenarbeit endete vorzeitig.</p>",
]
EVAL_METHODS = [
    "<p>Enge Zusammenarbeit mit Jobcenter und Ausländerbehörde, Sprachmittlung bei Bedarf.</p>",
    "<p>Begleitung zu Terminen, Hilfeplangespräche mit der Familie.</p>",
    "<p>Fallkonferenz mit Schule und Jugendamt, regelmäßige Hausbesuche.</p>",
]


# Helpers -----------------------------------------------------------------------------------------


def say(text):
    print(text, flush=True)


def number(count):
    """A count the German way: 100.000."""
    return f"{count:,}".replace(",", ".")


def run(query):
    """Executes a bulk statement with the shared parameters; returns the row count."""
    cr.execute(query, P)
    return cr.rowcount


def value(query):
    cr.execute(query, P)
    return cr.fetchone()[0]


def rnd(expr, seed, mod):
    """SQL for a deterministic pseudo-random integer in [0, mod) from an integer ``expr``."""
    return f"mod(hashint4extended(({expr})::int, {seed}) & 2147483647, {mod})::int"


def param(name, values):
    """Registers an array parameter, referenced in SQL as %(name)s."""
    P[name] = list(values)


def block(lists, size):
    """Flattens lists into blocks of ``size`` (cycling short lists): item i of list b is
    element b * size + i + 1 of the SQL array."""
    flat = []
    for items in lists:
        flat.extend(items[i % len(items)] for i in range(size))
    return flat


def timed(label):
    """Decorator: runs the step, records its row count (the number it returns, or the
    length of the records or dict) and its duration in the summary."""

    def decorate(func):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            result = func(*args, **kwargs)
            took = time.perf_counter() - start
            if result is not None:
                rows = result if isinstance(result, int) else len(result)
                SUMMARY.append((label, rows, took))
                say(f"  {label}: {number(rows)} ({took:.1f} s)")
            return result

        return wrapper

    return decorate


def table_columns(table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
    return {row[0] for row in cr.fetchall()}


def next_id(table):
    """The first id after the rows already in ``table`` and the ids its sequence handed out."""
    cr.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,))
    sequence = cr.fetchone()[0]
    cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    highest = cr.fetchone()[0]
    if sequence:
        cr.execute(f"SELECT last_value, is_called FROM {sequence}")
        last, called = cr.fetchone()
        highest = max(highest, last if called else last - 1)
    return highest + 1


def reserve(table, count):
    """Reserves ``count`` ids of ``table`` for explicit inserts; returns the first - 1."""
    first = next_id(table)
    if count:
        cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", (table, first + count))
    return first - 1


def relation(model, field_name):
    """Table and columns of a many2many field, None when the field does not exist."""
    field = env[model]._fields.get(field_name)
    if field is None or field.type != "many2many" or not field.store:
        return None
    return field.relation, field.column1, field.column2


def german(model, field_name):
    """The German labels of a selection field."""
    field = env[model]._fields[field_name]
    return dict(field._description_selection(env))


def translated(source):
    """kim_case's German translation of a code string."""
    return code_translations.get_python_translations("kim_case", LANG).get(source, source)


TOUCHED_TABLES = set()


def touched(*tables):
    TOUCHED_TABLES.update(tables)


# Reference data through the ORM ------------------------------------------------------------------


@timed("municipalities (kim.municipality)")
def create_municipalities():
    stage_sets = {
        "oberhausen": env.ref("kim_case.stage_set_oberhausen"),
        "herne": env.ref("kim_case.stage_set_herne"),
    }
    municipalities = {}
    for key, name, kind, official_key, parent, stage_set, _area in MUNICIPALITIES:
        if parent:
            continue
        municipalities[key] = env["kim.municipality"].create(
            {
                "name": name,
                "kind": kind,
                "official_key": official_key,
                "stage_set_id": stage_sets[stage_set].id,
                "retention_years": 5,
                "audit_retention_years": 5,
            }
        )
    for key, name, kind, official_key, parent, stage_set, _area in MUNICIPALITIES:
        if not parent:
            continue
        municipalities[key] = env["kim.municipality"].create(
            {
                "name": name,
                "kind": kind,
                "official_key": official_key,
                "parent_id": municipalities[parent].id,
                "stage_set_id": stage_sets[stage_set].id,
                "retention_years": 5,
                "audit_retention_years": 5,
            }
        )
    areas = env["kim.social.area"]
    for key, rows in SOCIAL_AREAS.items():
        areas |= areas.create(
            [
                {
                    "code": code,
                    "name": name,
                    "postal_codes": codes,
                    "municipality_id": municipalities[key].id,
                }
                for code, name, codes, _town in rows
            ]
        )
    SUMMARY.append(("social areas (kim.social.area)", len(areas), 0.0))
    return municipalities


@timed("Träger (res.company)")
def create_providers(municipalities):
    germany = env.ref("base.de")
    city = [municipalities["oberhausen"]]
    district = [municipalities[key] for key in ("kreis", "guetersloh", "rheda")]
    main = env.ref("base.main_company")
    main.write(
        {
            "name": "Stadt Oberhausen – Kommunales Integrationszentrum",
            "street": "Mülheimer Str. 200",
            "zip": "46045",
            "city": "Oberhausen",
            "country_id": germany.id,
            "kim_municipality_ids": [Command.set([m.id for m in city])],
        }
    )
    vals_list = []
    for number in range(1, WELFARE_COUNT + 1):
        area = CITY if number < TRAEGER_PER_AREA else DISTRICT
        town = "Oberhausen" if area == CITY else "Gütersloh"
        vals_list.append(
            {
                "name": f"{WELFARE[(number - 1) % len(WELFARE)]} {number}",
                "street": f"{STREETS[number % len(STREETS)]} {number * 3}",
                "zip": "46045" if area == CITY else "33330",
                "city": town,
                "country_id": germany.id,
                "kim_municipality_ids": [
                    Command.set([m.id for m in (city if area == CITY else district)])
                ],
            }
        )
    vals_list.insert(
        TRAEGER_PER_AREA - 1,
        {
            "name": "Kreis Gütersloh – Kommunales Integrationszentrum",
            "street": "Herzebrocker Str. 140",
            "zip": "33334",
            "city": "Gütersloh",
            "country_id": germany.id,
            "kim_municipality_ids": [Command.set([m.id for m in district])],
        },
    )
    # The first ten serve the city, the next ten the district; each area's first Träger
    # is its Kommunales Integrationszentrum.
    companies = main | env["res.company"].create(vals_list)
    env.ref("base.user_admin").write({"company_ids": [Command.set(companies.ids)]})
    return companies


def staff_name(index):
    return (
        f"{STAFF_FIRST[(index * 7) % len(STAFF_FIRST)]} "
        f"{STAFF_LAST[(index * 11 + index // len(STAFF_FIRST)) % len(STAFF_LAST)]}"
    )


@timed("users (res.users)")
def create_users(companies, municipalities):
    """Case managers, coordinators and Träger admins, all with the one password."""
    groups = {
        "cm": env.ref("kim_case.group_kim_case_manager"),
        "coordinator": env.ref("kim_case.group_kim_coordinator"),
        "admin": env.ref("kim_case.group_kim_traeger_admin"),
    }
    actions = {
        "cm": env.ref("kim_case.kim_case_action_my", raise_if_not_found=False),
        "coordinator": env.ref("kim_case.kim_case_action_all", raise_if_not_found=False),
        "admin": env.ref("kim_case.res_users_action_kim_staff", raise_if_not_found=False),
    }
    hours = [39.0, 39.0, 39.0, 39.0, 30.0, 30.0, 39.0, 19.5, 30.0, 19.5]
    vals_list = []
    index = 0

    def user(login, role, company_ids, **extra):
        nonlocal index
        index += 1
        return {
            "name": staff_name(index),
            "login": login,
            "email": f"{login}@kim-scale.example",
            "company_id": company_ids[0],
            "company_ids": [Command.set(company_ids)],
            "group_ids": [Command.set([groups[role].id])],
            "action_id": actions[role].id if actions[role] else False,
            "tz": TZ,
            "lang": LANG,
            **extra,
        }

    for t, company in enumerate(companies):
        for n in range(CM_PER_TRAEGER):
            number = t * CM_PER_TRAEGER + n + 1
            vals_list.append(
                user(
                    f"cm{number:03d}",
                    "cm",
                    [company.id],
                    kim_weekly_hours=hours[n % len(hours)],
                )
            )
    number = 0
    for key, count in COORDINATORS:
        municipality = municipalities[key]
        area = next(m[6] for m in MUNICIPALITIES if m[0] == key)
        area_companies = (
            companies[:TRAEGER_PER_AREA] if area == CITY else companies[TRAEGER_PER_AREA:]
        )
        for _n in range(count):
            number += 1
            vals_list.append(
                user(
                    f"koord{number:02d}",
                    "coordinator",
                    area_companies.ids,
                    kim_municipality_ids=[Command.set([municipality.id])],
                )
            )
    for t, company in enumerate(companies):
        vals_list.append(user(f"admin{t + 1:02d}", "admin", [company.id]))
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nosubscribe=True)
        .create(vals_list)
    )
    # One hash for all: hashing 250 passwords one by one takes longer than the rest.
    hashed = env["res.users"]._crypt_context().hash(PASSWORD)
    cr.execute("UPDATE res_users SET password = %s WHERE id = ANY(%s)", (hashed, users.ids))
    env["res.users"].invalidate_model(["password"])
    return users


def create_institutions():
    germany = env.ref("base.de")
    partners = {}
    for area, names in INSTITUTIONS.items():
        partners[area] = env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "city": "Oberhausen" if area == CITY else "Gütersloh",
                    "zip": "46045" if area == CITY else "33330",
                    "country_id": germany.id,
                }
                for name in names
            ]
        )
    return partners


# The plan: every case's attributes in one temporary table ----------------------------------------


def prepare_parameters(companies, municipalities, users, institutions):
    """Arrays the bulk statements index into."""
    cms = users.filtered(lambda u: u.login.startswith("cm")).sorted("login")
    param("cm_users", cms.ids)
    param("cm_partners", cms.partner_id.ids)
    param("cm_from", [f'"{u.name}" <{u.email}>' for u in cms])
    param("companies", companies.ids)
    keys = [m[0] for m in MUNICIPALITIES]
    param("munis", [municipalities[key].id for key in keys])
    # Stages per municipality in blocks of the longest process, with their German names.
    stage_lists = [municipalities[key].stage_set_id.stage_ids.sorted("sequence") for key in keys]
    width = max(len(stages) for stages in stage_lists)
    P["stage_width"] = width
    param("stages", block([s.ids for s in stage_lists], width))
    param("stage_names", block([s.mapped("name") for s in stage_lists], width))
    closing = []
    for stages in stage_lists:
        last = stages.filtered("is_closing")[:1] or stages[-1:]
        closing.append(list(stages).index(last))
    param("stage_closing", closing)  # 0-based position of the closing stage
    # Postal codes per municipality, in blocks of 8 (cycled), with the town of each.
    zips, towns = [], []
    for key in keys:
        codes = [
            (code, town) for _c, _n, codes, town in SOCIAL_AREAS[key] for code in codes.split()
        ]
        zips.append([c for c, _t in codes])
        towns.append([t for _c, t in codes])
    param("zips", block(zips, 8))
    param("towns", block(towns, 8))
    param("streets", STREETS)
    param("first_m", block(FIRST_MALE, 12))
    param("first_w", block(FIRST_FEMALE, 12))
    param("last_names", block(LAST_NAMES, 16))
    param("birthplaces", block(BIRTHPLACES, 6))
    param("tongues", block(TONGUES, 3))
    param("dialects", block(DIALECTS, 3))
    param("school_countries", block(SCHOOL_COUNTRIES, 3))
    countries = {c: env.ref(f"base.{c}").id for row in NATIONALITIES for c in row}
    param("nationalities", block([[countries[c] for c in row] for row in NATIONALITIES], 3))
    param("entry_from", [date.fromisoformat(start) for start, _w in ENTRY_WINDOWS])
    param("entry_width", [width for _s, width in ENTRY_WINDOWS])
    param("residence_status", [status for status, _t in RESIDENCE])
    param("residence_title", [title for _s, title in RESIDENCE])
    param("landlords", LANDLORDS)
    param("occupations", OCCUPATIONS)
    param("school_degrees", SCHOOL_DEGREES)
    param("trainings", TRAININGS)
    param("institutions", block([institutions[CITY].ids, institutions[DISTRICT].ids], 3))
    param("openings", CONTACT_OPENINGS)
    param("contents", CONTACT_CONTENTS)
    param("agreements", CONTACT_AGREEMENTS)
    param("interpreted", INTERPRETED)
    domains = env["kim.life.domain"].search([], order="sequence, id")
    param("domains", domains.ids)
    param(
        "goal_names",
        block([GOALS.get(d.code) or [f"Ziel: {d.name}"] for d in domains], 3),
    )
    param(
        "measure_names",
        block([MEASURES.get(d.code) or [f"Maßnahme: {d.name}"] for d in domains], 3),
    )
    param("dimensions", domains.filtered("is_dimension").ids)
    param("providers", PROVIDERS)
    param("resources", RESOURCES)
    param("motto_goals", MOTTO_GOALS)
    param("referred_to", REFERRED_TO)
    param("chatter_notes", [f"<p>{note}</p>" for note in CHATTER_NOTES])
    param("todo_summaries", TODO_SUMMARIES)
    param("eval_goals", EVAL_GOALS)
    param("eval_methods", EVAL_METHODS)
    param("topics", env["kim.topic"].search([]).ids)
    param("access_areas", env["kim.eligibility.item"].search([("kind", "=", "access_area")]).ids)
    param("categories", env["kim.recipient.category"].search([]).ids)
    benefits = env["kim.benefit"].search([])
    by_code = {b.code: b.id for b in benefits}
    common = by_code.get("sgb2") or benefits[:1].id
    param("benefits", [common, common, common, *benefits.ids])


@timed("plan of the cases (temporary)")
def plan_cases():
    """One row per case with everything the inserts need: who, where, when, how much.

    Households: 30% of the cases; of every three such cases two are a couple (the second,
    the partner, takes provider, case manager, origin and address of the first, the lead)
    and one lives alone with the children. Statuses: 10% intake, 45% open in a later stage,
    45% closed. Ids and references follow the opening date, as if created day by day."""
    n = SCALE
    K = CM_PER_TRAEGER
    run(f"""
        CREATE TEMP TABLE scale_hh ON COMMIT DROP AS
        WITH b AS (
            SELECT i, {rnd("i", 1, 100)} < 30 AS in_hh FROM generate_series(1, {n}) AS i
        ), h AS (
            SELECT i, in_hh,
                   CASE WHEN in_hh THEN row_number() OVER (PARTITION BY in_hh ORDER BY i) END
                       AS hr,
                   lag(i) OVER (PARTITION BY in_hh ORDER BY i) AS prev_i
              FROM b
        )
        SELECT i,
               CASE WHEN hr IS NOT NULL
                    THEN ((hr - 1) / 3) * 2 + CASE WHEN mod(hr - 1, 3) = 2 THEN 2 ELSE 1 END
               END AS hh_no,
               CASE WHEN hr IS NULL THEN NULL
                    WHEN mod(hr - 1, 3) = 1 THEN 'partner' ELSE 'head' END AS hh_role,
               CASE WHEN hr IS NOT NULL AND mod(hr - 1, 3) = 1 THEN prev_i ELSE i END AS lead
          FROM h
    """)
    shares = []
    total = 0
    for key, _n, _k, _o, _p, _s, _a in MUNICIPALITIES:
        total += MUNICIPALITY_SHARE[key]
        shares.append(total)
    city_share = shares[0]
    # The district's municipalities take the rest, in their own proportions.
    limits = [round((share - city_share) * 100 / (100 - city_share)) for share in shares]
    district_m = (
        "CASE "
        + " ".join(
            f"WHEN {rnd('lead', 3, 100)} < {limits[m]} THEN {m}" for m in range(1, len(shares) - 1)
        )
        + f" ELSE {len(shares) - 1} END"
    )
    origin = (
        "CASE "
        + " ".join(
            f"WHEN {rnd('lead', 6, 100)} < {share} THEN {o}" for o, share in enumerate(ORIGIN_SHARE)
        )
        + " END"
    )
    run(f"""
        CREATE TEMP TABLE scale_p1 ON COMMIT DROP AS
        SELECT x.*,
               x.t * {K} + {rnd("lead", 5, K)} AS u,
               CASE WHEN x.status = 'intake' THEN 0
                    WHEN x.ct = 'cm' THEN 3 + {rnd("i", 18, 3)}
                         + CASE WHEN {rnd("i", 19, 5)} = 0 THEN 1 ELSE 0 END
                    ELSE 0 END AS ng,
               CASE WHEN x.status <> 'intake' AND x.ct = 'cm'
                    THEN 2 + CASE WHEN {rnd("i", 20, 4)} = 0 THEN 1 ELSE 0 END
                    ELSE 0 END AS na,
               CASE WHEN x.status = 'intake' THEN 1 + {rnd("i", 21, 3)}
                    WHEN x.ct = 'short' THEN 1 + {rnd("i", 21, 5)}
                    WHEN x.ct = 'referral' THEN 1 + {rnd("i", 21, 3)}
                    WHEN x.status = 'open' THEN 7 + {rnd("i", 21, 12)}
                    ELSE 8 + {rnd("i", 21, 12)} END AS nc,
               CASE WHEN x.status = 'intake' THEN {rnd("i", 23, 2)} = 0
                    ELSE TRUE END AS consent,
               CASE WHEN x.status <> 'intake' AND x.ct = 'cm'
                    THEN CASE WHEN {rnd("i", 24, 100)} < 40 THEN 1
                              WHEN {rnd("i", 24, 100)} < 55 THEN 2 ELSE 0 END
                    ELSE 0 END AS nw,
               CASE WHEN x.status = 'intake' AND {rnd("i", 25, 2)} = 1 THEN NULL
                    WHEN {rnd("i", 26, 100)} < 55 THEN 'zg1'
                    WHEN {rnd("i", 26, 100)} < 85 THEN 'zg2'
                    ELSE 'zg3' END AS tg,
               x.status = 'open' AND {rnd("i", 27, 100)} < 12 AS has_sub,
               x.status = 'open' AND x.ct = 'cm' AND {rnd("i", 28, 100)} < 4 AS crisis,
               CASE WHEN x.status = 'open' AND x.ct = 'cm' AND {rnd("i", 22, 100)} < 30
                        THEN 'review'
                    WHEN x.status = 'intake' AND {rnd("i", 22, 100)} < 20 THEN 'todo'
               END AS act
          FROM (
            SELECT h.*,
                   a.area, a.m,
                   a.area * {TRAEGER_PER_AREA} + {rnd("lead", 4, TRAEGER_PER_AREA)} AS t,
                   {origin} AS o,
                   {rnd("lead", 7, 16)} AS last_idx,
                   mod({rnd("lead", 8, 1000)}, 8) AS zip_idx,
                   {rnd("lead", 9, len(STREETS))} AS street_idx,
                   1 + {rnd("lead", 10, 120)} AS house_no,
                   CASE WHEN {rnd("i", 11, 100)} < 48 THEN 'm'
                        WHEN {rnd("i", 11, 100)} < 98 THEN 'w' ELSE 'd' END AS gender,
                   {rnd("i", 12, 12)} AS first_idx,
                   CASE WHEN {rnd("i", 13, 100)} < 10 THEN 'intake'
                        WHEN {rnd("i", 13, 100)} < 55 THEN 'open' ELSE 'closed' END AS status,
                   CASE WHEN {rnd("i", 14, 100)} < 78 THEN 'cm'
                        WHEN {rnd("i", 14, 100)} < 93 THEN 'short' ELSE 'referral' END AS ct
              FROM scale_hh h
              CROSS JOIN LATERAL (
                SELECT CASE WHEN {rnd("lead", 2, 100)} < {city_share} THEN 0 ELSE 1 END AS area,
                       CASE WHEN {rnd("lead", 2, 100)} < {city_share} THEN 0
                            ELSE {district_m} END AS m
              ) a
          ) x
    """)
    # A couple: the partner's gender complements the lead's.
    run("""
        UPDATE scale_p1 p
           SET gender = CASE WHEN l.gender = 'm' THEN 'w' ELSE 'm' END
          FROM scale_p1 l
         WHERE p.hh_role = 'partner' AND l.i = p.lead
    """)
    run(f"""
        CREATE TEMP TABLE scale_p2 ON COMMIT DROP AS
        SELECT p.*, d.date_open,
               CASE WHEN p.status = 'closed'
                    THEN LEAST(d.date_open + 20 + {rnd("i", 16, 700)},
                               %(today)s::date - 1 - {rnd("i", 17, 15)})
               END AS date_closed
          FROM scale_p1 p
          CROSS JOIN LATERAL (
            SELECT CASE p.status
                       WHEN 'intake' THEN %(today)s::date - {rnd("i", 15, 45)}
                       WHEN 'open' THEN %(today)s::date - 45 - {rnd("i", 15, 1050)}
                       ELSE %(today)s::date - 40 - {rnd("i", 15, 1780)}
                   END AS date_open
          ) d
    """)
    seq = env.ref("kim_case.seq_kim_case")
    P["seq_start"] = seq.number_next_actual
    P["seq_padding"] = seq.padding
    P["seq_prefix"] = seq.prefix or ""
    P["seq_suffix"] = seq.suffix or ""
    P["case_base"] = reserve("kim_case", n)
    fmt = (
        "replace(replace(replace(replace({text}, '%%(year)s', to_char(date_open, 'YYYY')),"
        " '%%(y)s', to_char(date_open, 'YY')), '%%(month)s', to_char(date_open, 'MM')),"
        " '%%(day)s', to_char(date_open, 'DD'))"
    )
    run(f"""
        CREATE TEMP TABLE scale_plan ON COMMIT DROP AS
        SELECT q.*,
               %(case_base)s + q.k AS case_id,
               {fmt.format(text="%(seq_prefix)s")}
                   || lpad((%(seq_start)s + q.k - 1)::text,
                           GREATEST(%(seq_padding)s, length((%(seq_start)s + q.k - 1)::text)),
                           '0')
                   || {fmt.format(text="%(seq_suffix)s")} AS ref,
               COALESCE(q.date_closed, %(today)s::date) AS end_date,
               LEAST(q.date_open + make_interval(mins => 420 + {rnd("i", 30, 540)}),
                     %(now)s::timestamp) AS create_dt,
               (%(munis)s)[1 + q.m] AS muni_id,
               (%(companies)s)[1 + q.t] AS company_id,
               (%(cm_users)s)[1 + q.u] AS user_id,
               (%(cm_partners)s)[1 + q.u] AS user_partner_id,
               CASE WHEN q.has_sub
                    THEN (%(cm_users)s)[1 + q.t * {K} + mod(q.u - q.t * {K} + 1, {K})]
               END AS sub_user_id,
               CASE WHEN q.status = 'closed' THEN (%(stage_closing)s)[1 + q.m]
                    WHEN q.status = 'intake' OR q.ct <> 'cm' THEN 0
                    ELSE 1 + mod({rnd("i", 31, 1000)}, (%(stage_closing)s)[1 + q.m] - 1)
               END AS pos,
               (%(zips)s)[1 + q.m * 8 + q.zip_idx] AS zip,
               (%(towns)s)[1 + q.m * 8 + q.zip_idx] AS town,
               (%(streets)s)[1 + q.street_idx] || ' ' || q.house_no AS street,
               sum(q.nc) OVER w - q.nc AS c_off,
               sum(q.ng) OVER w - q.ng AS g_off,
               sum(q.na) OVER w - q.na AS a_off,
               sum(q.nw) OVER w - q.nw AS w_off
          FROM (SELECT p.*, row_number() OVER (ORDER BY p.date_open, p.i) AS k FROM scale_p2 p) q
        WINDOW w AS (ORDER BY q.k)
    """)
    run("CREATE INDEX ON scale_plan (i)")
    run("CREATE INDEX ON scale_plan (case_id)")
    run("CREATE INDEX ON scale_plan (hh_no)")
    run("ANALYZE scale_plan")
    return value("SELECT count(*) FROM scale_plan")


# Persons and households --------------------------------------------------------------------------


@timed("persons (res.partner, KIM clients)")
def insert_persons():
    """A client per case; the children of households (minors) as persons of their own."""
    n = SCALE
    run(f"""
        CREATE TEMP TABLE scale_kids ON COMMIT DROP AS
        SELECT l.hh_no, l.i AS lead, j,
               row_number() OVER (ORDER BY l.hh_no, j) AS c
          FROM scale_plan l
          CROSS JOIN LATERAL generate_series(1,
                CASE WHEN {rnd("l.hh_no", 40, 100)} < 55 THEN 0
                     WHEN {rnd("l.hh_no", 40, 100)} < 82 THEN 1
                     WHEN {rnd("l.hh_no", 40, 100)} < 95 THEN 2 ELSE 3 END) AS j
         WHERE l.hh_role = 'head'
    """)
    kids = value("SELECT count(*) FROM scale_kids")
    P["partner_base"] = reserve("res_partner", n + kids)
    P["household_base"] = reserve("kim_household", value("SELECT max(hh_no) FROM scale_plan") or 0)
    run(f"""
        CREATE TEMP TABLE scale_person ON COMMIT DROP AS
        SELECT %(partner_base)s + p.i AS pid, p.i AS seed, p.lead, p.o, p.gender, p.first_idx,
               p.last_idx, TRUE AS adult, p.zip, p.town, p.street,
               p.create_dt - interval '5 minutes' AS create_dt, p.user_id
          FROM scale_plan p
        UNION ALL
        SELECT %(partner_base)s + {n} + k.c, {n} + k.c::int, l.lead, l.o,
               CASE WHEN {rnd(f"{n} + k.c", 11, 2)} = 0 THEN 'm' ELSE 'w' END,
               {rnd(f"{n} + k.c", 12, 12)}, l.last_idx, FALSE, l.zip, l.town, l.street,
               l.create_dt - interval '4 minutes', l.user_id
          FROM scale_kids k JOIN scale_plan l ON l.i = k.lead
    """)
    first = (
        "CASE WHEN s.gender = 'm' OR (s.gender = 'd' AND mod(s.first_idx, 2) = 0)"
        " THEN (%(first_m)s)[1 + s.o * 12 + s.first_idx]"
        " ELSE (%(first_w)s)[1 + s.o * 12 + s.first_idx] END"
    )
    seed = "s.seed"
    adult_age = f"(18 + {rnd(seed, 41, 30)} + {rnd(seed, 42, 25)}) * 365 + {rnd(seed, 43, 365)}"
    child_age = f"30 + {rnd(seed, 44, 17 * 365)}"
    rows = run(f"""
        INSERT INTO res_partner (
            id, name, complete_name, commercial_partner_id, type, lang, active, is_company,
            partner_share, color, message_bounce, country_id, street, zip, city, email,
            email_normalized, phone, phone_sanitized, calendar_last_notif_ack, create_uid,
            write_uid, create_date, write_date, kim_is_client, kim_gender, kim_birthdate,
            kim_birth_year, kim_birth_quarter, kim_birthplace, kim_entry_date, kim_housing,
            kim_landlord, kim_mother_tongue, kim_dialect, kim_other_languages,
            kim_german_level, kim_language_course, kim_language_course_state, kim_employment,
            kim_occupation, kim_benefit_number, kim_literate_latin, kim_school_years,
            kim_school_country, kim_school_degree, kim_training, kim_recognition_state)
        SELECT s.pid, n.name, n.name, s.pid, 'contact', %(lang)s, TRUE, FALSE, TRUE, 0, 0,
               %(germany)s, s.street, s.zip, s.town, c.email, c.email, c.phone, c.phone,
               date_trunc('second', s.create_dt), s.user_id, s.user_id, s.create_dt,
               s.create_dt, TRUE, s.gender, b.birth, extract(year FROM b.birth)::int,
               ((extract(month FROM b.birth)::int - 1) / 3 + 1)::text,
               CASE WHEN NOT s.adult AND {rnd(seed, 45, 100)} < 40 THEN s.town
                    ELSE (%(birthplaces)s)[1 + s.o * 6 + {rnd(seed, 46, 6)}] END,
               CASE WHEN NOT s.adult AND {rnd(seed, 45, 100)} < 40 THEN NULL
                    ELSE LEAST(GREATEST((%(entry_from)s)[1 + s.o]
                                        + mod({rnd("s.lead", 47, 100000)},
                                              (%(entry_width)s)[1 + s.o]),
                                        b.birth),
                               %(today)s::date - 30) END,
               h.housing,
               CASE WHEN h.housing = 'private' AND {rnd("s.lead", 49, 100)} < 40
                    THEN (%(landlords)s)[1 + {rnd("s.lead", 50, len(LANDLORDS))}] END,
               (%(tongues)s)[1 + s.o * 3 + {rnd("s.lead", 51, 3)}],
               CASE WHEN {rnd(seed, 52, 100)} < 25
                    THEN (%(dialects)s)[1 + s.o * 3 + {rnd("s.lead", 51, 3)}] END,
               CASE WHEN s.adult AND {rnd(seed, 53, 100)} < 30
                    THEN 'Englisch (Grundkenntnisse)' END,
               (ARRAY['none', 'a1', 'a1', 'a2', 'a2', 'b1', 'b1', 'b2', 'c1'])
                   [1 + {rnd(seed, 54, 9)}],
               CASE WHEN s.adult THEN (ARRAY['integration', 'integration', 'volunteer',
                                             'school', 'other', NULL])[1 + {rnd(seed, 55, 6)}]
               END,
               CASE WHEN s.adult THEN (ARRAY['running', 'done', 'aborted', NULL])
                                          [1 + {rnd(seed, 56, 4)}] END,
               CASE WHEN s.adult THEN (ARRAY['none', 'none', 'none', 'employed', 'side_job',
                                             'self_employed'])[1 + {rnd(seed, 57, 6)}] END,
               CASE WHEN s.adult
                    THEN (%(occupations)s)[1 + {rnd(seed, 58, len(OCCUPATIONS))}] END,
               CASE WHEN s.adult AND {rnd(seed, 59, 100)} < 50
                    THEN '36503BG' || lpad({rnd("s.lead", 60, 10000000)}::text, 7, '0') END,
               CASE WHEN s.o IN (2, 3) OR {rnd(seed, 61, 2)} = 0 THEN TRUE END,
               CASE WHEN s.adult THEN {rnd(seed, 62, 14)} END,
               CASE WHEN s.adult
                    THEN (%(school_countries)s)[1 + s.o * 3 + {rnd(seed, 63, 3)}] END,
               CASE WHEN s.adult
                    THEN (%(school_degrees)s)[1 + {rnd(seed, 64, len(SCHOOL_DEGREES))}] END,
               CASE WHEN s.adult THEN (%(trainings)s)[1 + {rnd(seed, 65, len(TRAININGS))}] END,
               CASE WHEN s.adult THEN (ARRAY['none', 'initiated', 'running', 'recognised',
                                             'aborted', 'suspended'])[1 + {rnd(seed, 66, 6)}]
               END
          FROM scale_person s
          CROSS JOIN LATERAL (
            SELECT CASE WHEN s.adult THEN %(today)s::date - ({adult_age})
                        ELSE %(today)s::date - ({child_age}) END AS birth
          ) b
          CROSS JOIN LATERAL (
            SELECT {first} || ' ' || (%(last_names)s)[1 + s.o * 16 + s.last_idx] AS name
          ) n
          CROSS JOIN LATERAL (
            SELECT CASE WHEN {rnd(seed, 67, 100)} < 35
                        THEN 'klient' || s.pid || '@example.org' END AS email,
                   CASE WHEN {rnd(seed, 68, 100)} < 70
                        THEN '01' || (51 + {rnd(seed, 69, 9)}) || ' '
                             || lpad({rnd(seed, 70, 10000000)}::text, 7, '0') END AS phone
          ) c
          CROSS JOIN LATERAL (
            SELECT (ARRAY['gu', 'sbo', 'private', 'private', 'private', 'private', 'private'])
                       [1 + {rnd("s.lead", 48, 7)}] AS housing
          ) h
    """)
    nationality = relation("res.partner", "kim_nationality_ids")
    if nationality:
        table, left, right = nationality
        run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT s.pid, (%(nationalities)s)[1 + s.o * 3 + {rnd("s.lead", 71, 3)}]
              FROM scale_person s
        """)
        touched(table)
    benefits = relation("res.partner", "kim_benefit_ids")
    if benefits:
        table, left, right = benefits
        count = len(P["benefits"])
        run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT s.pid, (%(benefits)s)[1 + {rnd("s.seed", 72, count)}]
              FROM scale_person s
             WHERE s.adult AND {rnd("s.seed", 59, 100)} < 50
        """)
        touched(table)
    touched("res_partner")
    return rows


@timed("households (kim.household)")
def insert_households():
    rows = run("""
        INSERT INTO kim_household (id, name, street, zip, city, municipality_id, company_id,
                                   create_uid, write_uid, create_date, write_date)
        SELECT %(household_base)s + p.hh_no,
               'Haushalt ' || (%(last_names)s)[1 + p.o * 16 + p.last_idx],
               p.street, p.zip, p.town, p.muni_id, p.company_id, p.user_id, p.user_id,
               p.create_dt - interval '3 minutes', p.create_dt - interval '3 minutes'
          FROM scale_plan p
         WHERE p.hh_role = 'head'
    """)
    touched("kim_household")
    return rows


@timed("household members (kim.household.member)")
def insert_household_members():
    rows = run("""
        INSERT INTO kim_household_member (household_id, partner_id, role, role_sequence,
                                          create_uid, write_uid, create_date, write_date)
        SELECT %(household_base)s + p.hh_no, %(partner_base)s + p.i, p.hh_role,
               CASE p.hh_role WHEN 'head' THEN 1 ELSE 2 END,
               p.user_id, p.user_id, p.create_dt, p.create_dt
          FROM scale_plan p
         WHERE p.hh_no IS NOT NULL
    """)
    rows += run(f"""
        INSERT INTO kim_household_member (household_id, partner_id, role, role_sequence,
                                          create_uid, write_uid, create_date, write_date)
        SELECT %(household_base)s + k.hh_no, %(partner_base)s + {SCALE} + k.c, 'child', 3,
               l.user_id, l.user_id, l.create_dt, l.create_dt
          FROM scale_kids k JOIN scale_plan l ON l.i = k.lead
    """)
    touched("kim_household_member")
    return rows


# Cases -------------------------------------------------------------------------------------------


@timed("cases (kim.case)")
def insert_cases(municipalities):
    run("CREATE TEMP TABLE scale_area (muni_id int, zip text, area_id int) ON COMMIT DROP")
    for area in env["kim.social.area"].search([]):
        for code in (area.postal_codes or "").replace(",", " ").split():
            cr.execute(
                "INSERT INTO scale_area VALUES (%s, %s, %s)",
                (area.municipality_id.id, code, area.id),
            )
    keys = [m[0] for m in MUNICIPALITIES]
    param("retention", [municipalities[key].retention_years for key in keys])
    param("access_routes", ["outreach", "forwarded", "referral", "warm_handover", "self", "self"])
    param(
        "contact_sources",
        ["jobcenter", "sgb8", "mbe", "social_work", "mso", "volunteer", "own", None, None],
    )
    param(
        "closing_reasons",
        ["goals_reached", "goals_reached", "goals_reached", "partly_reached",
         "partly_reached", "moved", "no_contact", "ended_by_client", "referred", "other"],
    )  # fmt: skip
    param(
        "religions",
        ["Islam", "Islam", "Christentum", "Christentum (orthodox)", "Jesidentum",
         "keine Religionszugehörigkeit"],
    )  # fmt: skip
    param(
        "health_notes",
        ["Chronische Rückenschmerzen, in hausärztlicher Behandlung.",
         "Diabetes Typ 2, Medikation eingestellt.",
         "Anhaltende Erschöpfung; Verdacht auf depressive Episode (hausärztlich).",
         "Eingeschränkte Mobilität nach einem Unfall."],
    )  # fmt: skip
    param(
        "crisis_reasons",
        ["Drohender Wohnungsverlust: Räumungsklage zugestellt.",
         "Stromsperre angekündigt, Kinder im Haushalt.",
         "Akute familiäre Krise, Jugendamt informiert."],
    )  # fmt: skip
    i = "p.i"
    rows = run(f"""
        INSERT INTO kim_case (
            id, name, partner_id, household_id, company_id, municipality_id, social_area_id,
            user_id, referring_partner_id, stage_id, case_type, access_route, contact_source,
            target_group, is_crisis, crisis_reason, state, date_open, date_closed,
            closing_reason, immigration_alternative, locally_responsible, willing_to_cooperate,
            zg1_further_need, zg1_catch_up_need, zg2_has_minor_child, zg3_care_need_sgb_xi,
            zg3_support_relatives, care_need, care_grade, care_grade_state, eligibility_ok,
            conclusion, referred_to, religion, residence_status, residence_title,
            residence_issued, residence_valid_until, health_limitations, doctors,
            has_medical_record, has_vaccination_card, motto_goal, eval_goals, eval_methods,
            eval_satisfaction, eval_client_view, has_evaluation, consent_given, consent_state,
            retention_due_date, create_uid, write_uid, create_date, write_date)
        SELECT p.case_id, p.ref, %(partner_base)s + p.i,
               CASE WHEN p.hh_no IS NOT NULL THEN %(household_base)s + p.hh_no END,
               p.company_id, p.muni_id, a.area_id, p.user_id,
               CASE WHEN e.route IN ('forwarded', 'referral', 'warm_handover')
                    THEN (%(institutions)s)[1 + p.area * 3 + {rnd(i, 80, 3)}] END,
               (%(stages)s)[1 + p.m * %(stage_width)s + p.pos],
               p.ct, e.route,
               (%(contact_sources)s)[1 + {rnd(i, 81, 9)}],
               p.tg,
               CASE WHEN p.crisis THEN TRUE END,
               CASE WHEN p.crisis THEN (%(crisis_reasons)s)[1 + {rnd(i, 82, 3)}] END,
               CASE WHEN p.status = 'closed' THEN 'closed' ELSE 'open' END,
               p.date_open, p.date_closed,
               CASE WHEN p.status <> 'closed' THEN NULL
                    WHEN p.ct = 'referral' THEN 'referred'
                    ELSE (%(closing_reasons)s)[1 + {rnd(i, 83, 10)}] END,
               e.immigration, e.local, e.cooperating,
               CASE WHEN p.tg = 'zg1' THEN TRUE END,
               CASE WHEN p.tg = 'zg1' AND {rnd(i, 84, 2)} = 0 THEN TRUE END,
               CASE WHEN p.tg = 'zg2' THEN TRUE END,
               CASE WHEN p.tg = 'zg3' THEN TRUE END,
               CASE WHEN p.tg = 'zg3' AND {rnd(i, 85, 2)} = 0 THEN TRUE END,
               CASE WHEN p.tg = 'zg3' THEN TRUE END,
               CASE WHEN p.tg = 'zg3' THEN (1 + {rnd(i, 86, 3)})::text END,
               CASE WHEN p.tg = 'zg3' THEN 'granted' END,
               COALESCE(p.consent AND e.local AND e.cooperating
                        AND e.immigration IS NOT NULL AND p.tg IS NOT NULL, FALSE),
               e.conclusion,
               CASE WHEN e.conclusion = 'referred'
                    THEN (%(referred_to)s)[1 + {rnd(i, 87, len(REFERRED_TO))}] END,
               CASE WHEN {rnd(i, 88, 100)} < 30
                    THEN (%(religions)s)[1 + {rnd(i, 89, 6)}] END,
               CASE WHEN r.has_status THEN (%(residence_status)s)[1 + p.o] END,
               CASE WHEN r.has_status THEN (%(residence_title)s)[1 + p.o] END,
               CASE WHEN r.has_status THEN r.issued END,
               CASE WHEN r.has_status AND (%(residence_status)s)[1 + p.o] = 'temporary'
                    THEN r.issued + 730 + {rnd(i, 90, 365)} END,
               CASE WHEN {rnd(i, 91, 100)} < 10
                    THEN (%(health_notes)s)[1 + {rnd(i, 92, 4)}] END,
               CASE WHEN {rnd(i, 93, 100)} < 20
                    THEN 'Hausarztpraxis im Stadtteil; Kinderärztin für die Kinder.' END,
               CASE WHEN {rnd(i, 94, 100)} < 30 THEN TRUE END,
               CASE WHEN {rnd(i, 95, 100)} < 30 THEN TRUE END,
               CASE WHEN p.ct = 'cm' AND p.status <> 'intake'
                    THEN (%(motto_goals)s)[1 + {rnd(i, 96, len(MOTTO_GOALS))}] END,
               CASE WHEN v.evaluated THEN (%(eval_goals)s)[1 + {rnd(i, 97, 3)}] END,
               CASE WHEN v.evaluated THEN (%(eval_methods)s)[1 + {rnd(i, 98, 3)}] END,
               CASE WHEN v.evaluated THEN (1 + {rnd(i, 99, 4)})::text END,
               CASE WHEN v.evaluated AND {rnd(i, 100, 2)} = 0
                    THEN 'Die Unterstützung hat mir geholfen, vieles selbst zu regeln.' END,
               v.evaluated,
               p.consent,
               CASE WHEN p.consent THEN 'given' ELSE 'missing' END,
               CASE WHEN p.status = 'closed'
                    THEN (p.date_closed + make_interval(years => (%(retention)s)[1 + p.m]))::date
               END,
               p.user_id, p.user_id, p.create_dt,
               CASE WHEN p.status = 'closed'
                    THEN LEAST(p.date_closed + interval '15 hours', %(now)s::timestamp)
                    ELSE p.create_dt END
          FROM scale_plan p
          LEFT JOIN scale_area a ON a.muni_id = p.muni_id AND a.zip = p.zip
          CROSS JOIN LATERAL (
            SELECT CASE WHEN p.ct = 'referral' THEN 'referral'
                        ELSE (%(access_routes)s)[1 + {rnd(i, 101, 6)}] END AS route,
                   CASE WHEN p.status = 'intake' AND {rnd(i, 102, 100)} < 30 THEN NULL
                        WHEN p.o = 3 OR {rnd(i, 103, 100)} < 10 THEN 'immigrated'
                        ELSE 'not_german' END AS immigration,
                   CASE WHEN p.status <> 'intake' OR {rnd(i, 104, 100)} < 70 THEN TRUE END
                       AS local,
                   CASE WHEN p.status <> 'intake' OR {rnd(i, 105, 100)} < 70 THEN TRUE END
                       AS cooperating,
                   CASE WHEN p.status = 'intake' THEN NULL
                        WHEN p.ct = 'referral' THEN 'referred'
                        WHEN p.crisis THEN 'crisis'
                        ELSE 'admitted' END AS conclusion
          ) e
          CROSS JOIN LATERAL (
            SELECT p.status <> 'intake' AND {rnd(i, 106, 100)} < 60 AS has_status,
                   p.date_open - {rnd(i, 107, 700)} AS issued
          ) r
          CROSS JOIN LATERAL (
            SELECT p.status = 'closed' AND p.ct = 'cm' AS evaluated
          ) v
    """)
    touched("kim_case")
    return rows


@timed("substitutes (kim_case_substitute_rel)")
def insert_substitutes():
    table, left, right = relation("kim.case", "substitute_ids")
    rows = run(f"""
        INSERT INTO {table} ({left}, {right})
        SELECT case_id, sub_user_id FROM scale_plan WHERE sub_user_id IS NOT NULL
    """)
    touched(table)
    return rows


@timed("eligibility checklist links")
def insert_eligibility():
    rows = 0
    areas = relation("kim.case", "zg1_area_ids")
    count = len(P["access_areas"])
    if areas and count:
        table, left, right = areas
        rows += run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT p.case_id,
                   (%(access_areas)s)[1 + mod({rnd("p.i", 110, count)} + j - 1, {count})]
              FROM scale_plan p
              CROSS JOIN LATERAL generate_series(1, 1 + {rnd("p.i", 111, 3)}) AS j
             WHERE p.tg = 'zg1'
        """)
        touched(table)
    dims = len(P["dimensions"])
    for field_name, seed, extra in (
        ("zg2_parent_dimension_ids", 112, 2),
        ("zg2_child_dimension_ids", 113, 1),
    ):
        rel = relation("kim.case", field_name)
        if not rel or not dims:
            continue
        table, left, right = rel
        rows += run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT p.case_id,
                   (%(dimensions)s)[1 + mod({rnd("p.i", seed, dims)} + j - 1, {dims})]
              FROM scale_plan p
              CROSS JOIN LATERAL generate_series(1, 3 + {rnd("p.i", seed + 10, extra)}) AS j
             WHERE p.tg = 'zg2'
        """)
        touched(table)
    return rows


# What hangs on a case ----------------------------------------------------------------------------


@timed("counselling contacts (kim.case.contact)")
def insert_contacts():
    total = value("SELECT COALESCE(sum(nc), 0) FROM scale_plan")
    P["contact_base"] = reserve("kim_case_contact", total)
    cid = "%(contact_base)s + p.c_off + j"
    rows = run(f"""
        INSERT INTO kim_case_contact (id, case_id, company_id, date, duration, channel,
                                      interpreter, interpreter_language, note, user_id,
                                      create_uid, write_uid, create_date, write_date)
        SELECT {cid}, p.case_id, p.company_id, d.day,
               CASE WHEN p.ct = 'short' THEN 45
                    ELSE (ARRAY[15, 30, 30, 45, 45, 60, 60, 90])[1 + {rnd(cid, 120, 8)}] END,
               (ARRAY['in_person', 'in_person', 'in_person', 'in_person', 'in_person',
                      'phone', 'phone', 'outreach', 'digital', 'phone'])[1 + {rnd(cid, 121, 10)}],
               CASE WHEN d.interpreter THEN TRUE END,
               CASE WHEN d.interpreter
                    THEN (%(interpreted)s)[1 + LEAST(p.o, 3)] END,
               (%(openings)s)[1 + {rnd(cid, 123, len(CONTACT_OPENINGS))}] || ' '
                   || (%(contents)s)[1 + {rnd(cid, 124, len(CONTACT_CONTENTS))}] || ' '
                   || (%(agreements)s)[1 + {rnd(cid, 125, len(CONTACT_AGREEMENTS))}],
               d.counsellor, d.counsellor, d.counsellor, d.created, d.created
          FROM scale_plan p
          CROSS JOIN LATERAL generate_series(1, p.nc) AS j
          CROSS JOIN LATERAL (
            SELECT p.date_open + ((j - 1) * (p.end_date - p.date_open)) / p.nc AS day,
                   p.o <> 3 AND {rnd(cid, 122, 100)} < 20 AS interpreter,
                   CASE WHEN p.sub_user_id IS NOT NULL AND mod(j, 4) = 0 THEN p.sub_user_id
                        ELSE p.user_id END AS counsellor,
                   LEAST(p.date_open + ((j - 1) * (p.end_date - p.date_open)) / p.nc
                             + make_interval(mins => 480 + {rnd(cid, 126, 540)}),
                         %(now)s::timestamp) AS created
          ) d
    """)
    touched("kim_case_contact")
    return rows


@timed("contact topics (kim_case_contact_topic_rel)")
def insert_contact_topics():
    """One or two topics per contact."""
    topics = relation("kim.case.contact", "topic_ids")
    count = len(P["topics"])
    if not topics or count < 2:
        return None
    table, left, right = topics
    rows = run(f"""
        INSERT INTO {table} ({left}, {right})
        SELECT c.id, (%(topics)s)[1 + {rnd("c.id", 127, count)}]
          FROM kim_case_contact c WHERE c.id > %(contact_base)s
        UNION ALL
        SELECT c.id, (%(topics)s)[1 + mod({rnd("c.id", 127, count)} + 1
                                            + {rnd("c.id", 128, count - 1)}, {count})]
          FROM kim_case_contact c
         WHERE c.id > %(contact_base)s AND {rnd("c.id", 129, 100)} < 40
    """)
    touched(table)
    return rows


@timed("goals (kim.case.goal)")
def insert_goals():
    total = value("SELECT COALESCE(sum(ng), 0) FROM scale_plan")
    P["goal_base"] = reserve("kim_case_goal", total)
    domains = len(P["domains"])
    gid = "%(goal_base)s + p.g_off + j"
    rows = run(f"""
        INSERT INTO kim_case_goal (id, case_id, company_id, sequence, name, life_domain_id,
                                   date_agreed, date_target, review_date, review_note, outcome,
                                   create_uid, write_uid, create_date, write_date)
        SELECT {gid}, p.case_id, p.company_id, j * 10,
               (%(goal_names)s)[1 + d.dom * 3 + {rnd(gid, 130, 3)}],
               (%(domains)s)[1 + d.dom], d.agreed, d.agreed + 90 + {rnd(gid, 131, 270)},
               CASE WHEN o.outcome IS NOT NULL
                    THEN LEAST(d.agreed + 60 + {rnd(gid, 132, 90)}, p.end_date)
                    WHEN p.act = 'review' AND j = 1
                    THEN GREATEST(d.agreed, %(today)s::date - 20 + {rnd(gid, 133, 51)})
               END,
               CASE WHEN o.outcome IS NOT NULL
                    THEN 'Gemeinsam mit der Klientin / dem Klienten überprüft.' END,
               o.outcome,
               p.user_id, p.user_id,
               LEAST(d.agreed + interval '10 hours', %(now)s::timestamp),
               LEAST(d.agreed + interval '10 hours', %(now)s::timestamp)
          FROM scale_plan p
          CROSS JOIN LATERAL generate_series(1, p.ng) AS j
          CROSS JOIN LATERAL (
            SELECT mod({rnd("p.i", 134, domains)} + j - 1, {domains}) AS dom,
                   LEAST(p.date_open + 14 + {rnd(gid, 135, 30)}, p.end_date) AS agreed
          ) d
          CROSS JOIN LATERAL (
            SELECT CASE WHEN p.status = 'closed'
                        THEN (ARRAY['reached', 'reached', 'partly', 'not_reached', 'dropped'])
                                 [1 + {rnd(gid, 136, 5)}]
                        WHEN p.act = 'review' AND j = 1 THEN NULL
                        WHEN {rnd(gid, 137, 100)} < 25
                             AND d.agreed + 60 <= %(today)s::date
                        THEN (ARRAY['reached', 'partly'])[1 + {rnd(gid, 138, 2)}]
                   END AS outcome
          ) o
    """)
    touched("kim_case_goal")
    return rows


@timed("measures (kim.case.measure)")
def insert_measures():
    P["measure_base"] = reserve(
        "kim_case_measure", value("SELECT count(*) FROM kim_case_goal WHERE id > %(goal_base)s")
    )
    rows = run(f"""
        INSERT INTO kim_case_measure (id, goal_id, case_id, company_id, name, responsible,
                                      provider_name, date_due, done, create_uid, write_uid,
                                      create_date, write_date)
        SELECT %(measure_base)s + g.id - %(goal_base)s, g.id, g.case_id, g.company_id,
               (%(measure_names)s)[1 + (array_position(%(domains)s, g.life_domain_id) - 1) * 3
                                   + {rnd("g.id", 140, 3)}],
               r.responsible,
               CASE WHEN r.responsible = 'provider'
                    THEN (%(providers)s)[1 + {rnd("g.id", 141, len(PROVIDERS))}] END,
               g.date_agreed + 30 + {rnd("g.id", 142, 90)},
               CASE WHEN c.state = 'closed' AND {rnd("g.id", 143, 10)} < 9 THEN TRUE
                    WHEN c.state = 'open' AND g.date_agreed + 60 < %(today)s::date
                         AND {rnd("g.id", 143, 10)} < 5 THEN TRUE END,
               g.create_uid, g.create_uid, g.create_date, g.create_date
          FROM kim_case_goal g
          JOIN kim_case c ON c.id = g.case_id
          CROSS JOIN LATERAL (
            SELECT (ARRAY['client', 'client', 'client', 'client', 'case_manager',
                          'case_manager', 'case_manager', 'provider', 'provider', 'other'])
                       [1 + {rnd("g.id", 144, 10)}] AS responsible
          ) r
         WHERE g.id > %(goal_base)s
    """)
    touched("kim_case_measure")
    return rows


@timed("assessments (kim.case.assessment)")
def insert_assessments():
    total = value("SELECT COALESCE(sum(na), 0) FROM scale_plan")
    P["assessment_base"] = reserve("kim_case_assessment", total)
    domains = len(P["domains"])
    aid = "%(assessment_base)s + p.a_off + j"

    def need(j):
        return f"(1 + {rnd(f'p.case_id * 8 + {j}', 150, 3)})"

    rows = run(f"""
        INSERT INTO kim_case_assessment (id, case_id, company_id, date, life_domain_id,
                                         need_level, resources, self_rating, manager_rating,
                                         is_reassessment, trend, create_uid, write_uid,
                                         create_date, write_date)
        SELECT {aid}, p.case_id, p.company_id, d.day, (%(domains)s)[1 + d.dom],
               d.need::text,
               (%(resources)s)[1 + {rnd(aid, 151, len(RESOURCES))}],
               (1 + {rnd(aid, 152, 5)})::text, (1 + {rnd(aid, 153, 5)})::text,
               j = 3,
               CASE WHEN j = 3 THEN CASE WHEN d.need < {need(1)} THEN 'better'
                                         WHEN d.need = {need(1)} THEN 'same'
                                         ELSE 'worse' END END,
               p.user_id, p.user_id,
               LEAST(d.day + interval '11 hours', %(now)s::timestamp),
               LEAST(d.day + interval '11 hours', %(now)s::timestamp)
          FROM scale_plan p
          CROSS JOIN LATERAL generate_series(1, p.na) AS j
          CROSS JOIN LATERAL (
            SELECT mod({rnd("p.i", 134, domains)} + CASE WHEN j = 2 THEN 1 ELSE 0 END,
                       {domains}) AS dom,
                   CASE WHEN j = 3
                        THEN LEAST(p.date_open + 120 + {rnd(aid, 154, 240)}, p.end_date)
                        ELSE LEAST(p.date_open + 7 + {rnd(aid, 155, 14)}, p.end_date)
                   END AS day,
                   CASE WHEN j = 3
                        THEN LEAST(3, GREATEST(0, {need(1)}
                                   + (ARRAY[-1, -1, 0, 1])[1 + {rnd(aid, 156, 4)}]))
                        ELSE {need("j")} END AS need
          ) d
    """)
    touched("kim_case_assessment")
    return rows


@timed("consents and waivers (kim.consent)")
def insert_consents():
    waivers = value("SELECT COALESCE(sum(nw), 0) FROM scale_plan")
    P["consent_base"] = reserve("kim_consent", SCALE + waivers)
    rows = run("""
        INSERT INTO kim_consent (id, case_id, company_id, municipality_id, kind, state,
                                 date_signed, taken_by_id, info_sheet_handed, info_sheet_date,
                                 create_uid, write_uid, create_date, write_date)
        SELECT %(consent_base)s + p.k, p.case_id, p.company_id, p.muni_id, 'processing',
               'given', p.date_open, p.user_id, TRUE, p.date_open, p.user_id, p.user_id,
               p.create_dt + interval '10 minutes', p.create_dt + interval '10 minutes'
          FROM scale_plan p
         WHERE p.consent
    """)
    count = len(P["categories"])
    rows += run(f"""
        INSERT INTO kim_consent (id, case_id, company_id, municipality_id, kind, state,
                                 category_id, date_signed, taken_by_id, create_uid, write_uid,
                                 create_date, write_date)
        SELECT %(consent_base)s + {SCALE} + p.w_off + j, p.case_id, p.company_id, p.muni_id,
               'waiver', 'given',
               (%(categories)s)[1 + mod({rnd("p.i", 160, count)} + j - 1, {count})],
               d.day, p.user_id, p.user_id, p.user_id,
               LEAST(d.day + interval '10 hours', %(now)s::timestamp),
               LEAST(d.day + interval '10 hours', %(now)s::timestamp)
          FROM scale_plan p
          CROSS JOIN LATERAL generate_series(1, p.nw) AS j
          CROSS JOIN LATERAL (
            SELECT LEAST(p.date_open + {rnd("p.i * 4 + j", 161, 30)}, p.end_date) AS day
          ) d
    """)
    children = relation("kim.consent", "child_ids")
    if children:
        table, left, right = children
        run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT %(consent_base)s + p.k, %(partner_base)s + {SCALE} + k.c
              FROM scale_kids k JOIN scale_plan p ON p.i = k.lead
             WHERE p.consent
        """)
        touched(table)
    touched("kim_consent")
    return rows


# Mail: activities, chatter, followers ------------------------------------------------------------


@timed("activities (mail.activity)")
def insert_activities():
    """A goal review for the case manager of every goal that awaits its review (what
    kim.case.goal schedules), a to-do on some intake cases."""
    P["case_model_id"] = env["ir.model"]._get_id("kim.case")
    P["review_type"] = env.ref("kim_case.mail_activity_type_goal_review").id
    P["todo_type"] = env.ref("mail.mail_activity_data_todo").id
    P["review_summary"] = translated("Review goal: %s").replace("%s", "")
    P["tz"] = TZ
    rows = run("""
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                   summary, user_id, user_tz, date_deadline, automated, active,
                                   create_uid, write_uid, create_date, write_date)
        SELECT %(case_model_id)s, 'kim.case', g.case_id, c.name, %(review_type)s,
               %(review_summary)s || g.name, c.user_id, %(tz)s, g.review_date, TRUE, TRUE,
               g.create_uid, g.create_uid, g.create_date, g.create_date
          FROM kim_case_goal g
          JOIN kim_case c ON c.id = g.case_id
         WHERE g.id > %(goal_base)s AND g.outcome IS NULL AND g.review_date IS NOT NULL
    """)
    count = len(TODO_SUMMARIES)
    rows += run(f"""
        INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                                   summary, user_id, user_tz, date_deadline, automated, active,
                                   create_uid, write_uid, create_date, write_date)
        SELECT %(case_model_id)s, 'kim.case', p.case_id, p.ref, %(todo_type)s,
               (%(todo_summaries)s)[1 + {rnd("p.i", 170, count)}], p.user_id, %(tz)s,
               %(today)s::date - 10 + {rnd("p.i", 171, 31)}, FALSE, TRUE,
               p.user_id, p.user_id, p.create_dt, p.create_dt
          FROM scale_plan p
         WHERE p.act = 'todo'
    """)
    touched("mail_activity")
    return rows


def _message_defaults():
    note = env.ref("mail.mt_note").id
    P["note_subtype"] = note
    for model in ("kim.case", "kim.household", "kim.consent"):
        record = env[model].browse(1)
        P["created_" + model.replace(".", "_")] = str(
            Markup("<p>%s</p>") % record._creation_message()
        )
    P["state_field"] = env["ir.model.fields"]._get("kim.case", "state").id
    P["stage_field"] = env["ir.model.fields"]._get("kim.case", "stage_id").id
    states = german("kim.case", "state")
    P["state_open"], P["state_closed"] = states["open"], states["closed"]


@timed("chatter messages (mail.message)")
def insert_messages():
    """Per case the creation note and either an internal note of the case manager or, for
    a closed case, the tracked closing; the creation notes of households and consents."""
    _message_defaults()
    P["message_base"] = reserve("mail_message", 2 * SCALE)
    first = "%(message_base)s + 2 * p.k - 1"
    rows = run(f"""
        INSERT INTO mail_message (id, model, res_id, message_type, subtype_id, is_internal,
                                  author_id, email_from, reply_to, body, message_id,
                                  email_add_signature, date, create_uid, write_uid,
                                  create_date, write_date)
        SELECT {first}, 'kim.case', p.case_id, 'notification', %(note_subtype)s, TRUE,
               p.user_partner_id, f.sender, f.sender, %(created_kim_case)s,
               '<' || ({first}) || '.0-openerp-message-notify@kim-scale>', FALSE,
               date_trunc('second', p.create_dt), p.user_id, p.user_id, p.create_dt,
               p.create_dt
          FROM scale_plan p
          CROSS JOIN LATERAL (SELECT (%(cm_from)s)[1 + p.u] AS sender) f
    """)
    second = "%(message_base)s + 2 * p.k"
    count = len(CHATTER_NOTES)
    rows += run(f"""
        INSERT INTO mail_message (id, parent_id, model, res_id, record_company_id, message_type,
                                  subtype_id, is_internal, author_id, email_from, reply_to,
                                  body, message_id, email_add_signature, date, create_uid,
                                  write_uid, create_date, write_date)
        SELECT {second}, {first}, 'kim.case', p.case_id, p.company_id, 'comment',
               %(note_subtype)s, NULL, p.user_partner_id, f.sender, f.sender,
               (%(chatter_notes)s)[1 + {rnd("p.i", 172, count)}],
               '<' || ({second}) || '.0-openerp-' || p.case_id || '-kim.case@kim-scale>', TRUE,
               date_trunc('second', d.at), p.user_id, p.user_id, d.at, d.at
          FROM scale_plan p
          CROSS JOIN LATERAL (SELECT (%(cm_from)s)[1 + p.u] AS sender) f
          CROSS JOIN LATERAL (
            SELECT LEAST(p.create_dt + make_interval(days => {rnd("p.i", 173, 30)}),
                         %(now)s::timestamp) AS at
          ) d
         WHERE p.status <> 'closed'
    """)
    rows += run("""
        INSERT INTO mail_message (id, model, res_id, message_type, subtype_id, is_internal,
                                  author_id, email_from, reply_to, body, message_id,
                                  email_add_signature, date, create_uid, write_uid,
                                  create_date, write_date)
        SELECT %(message_base)s + 2 * p.k, 'kim.case', p.case_id, 'notification',
               %(note_subtype)s, TRUE, p.user_partner_id, f.sender, f.sender, '',
               '<' || (%(message_base)s + 2 * p.k) || '.0-openerp-message-notify@kim-scale>',
               FALSE, date_trunc('second', d.at), p.user_id, p.user_id, d.at, d.at
          FROM scale_plan p
          CROSS JOIN LATERAL (SELECT (%(cm_from)s)[1 + p.u] AS sender) f
          CROSS JOIN LATERAL (
            SELECT LEAST(p.date_closed + interval '15 hours', %(now)s::timestamp) AS at
          ) d
         WHERE p.status = 'closed'
    """)
    tracked = run("""
        INSERT INTO mail_tracking_value (mail_message_id, field_id, old_value_char,
                                         new_value_char, create_uid, write_uid, create_date,
                                         write_date)
        SELECT %(message_base)s + 2 * p.k, %(state_field)s, %(state_open)s, %(state_closed)s,
               p.user_id, p.user_id, p.date_closed + interval '15 hours',
               p.date_closed + interval '15 hours'
          FROM scale_plan p
         WHERE p.status = 'closed'
    """)
    tracked += run("""
        INSERT INTO mail_tracking_value (mail_message_id, field_id, old_value_integer,
                                         old_value_char, new_value_integer, new_value_char,
                                         create_uid, write_uid, create_date, write_date)
        SELECT %(message_base)s + 2 * p.k, %(stage_field)s,
               (%(stages)s)[p.m * %(stage_width)s + p.pos],
               (%(stage_names)s)[p.m * %(stage_width)s + p.pos],
               (%(stages)s)[1 + p.m * %(stage_width)s + p.pos],
               (%(stage_names)s)[1 + p.m * %(stage_width)s + p.pos],
               p.user_id, p.user_id, p.date_closed + interval '15 hours',
               p.date_closed + interval '15 hours'
          FROM scale_plan p
         WHERE p.status = 'closed' AND p.pos > 0
    """)
    SUMMARY.append(("tracking values (mail.tracking.value)", tracked, 0.0))
    for model, table, join in (
        (
            "kim.household",
            "kim_household",
            "JOIN scale_plan p ON p.hh_no = r.id - %(household_base)s AND p.hh_role = 'head'",
        ),
        ("kim.consent", "kim_consent", "JOIN scale_plan p ON p.case_id = r.case_id"),
    ):
        rows += run(f"""
            INSERT INTO mail_message (model, res_id, message_type, subtype_id, is_internal,
                                      author_id, email_from, reply_to, body, message_id,
                                      email_add_signature, date, create_uid, write_uid,
                                      create_date, write_date)
            SELECT '{model}', r.id, 'notification', %(note_subtype)s, TRUE,
                   p.user_partner_id, f.sender, f.sender,
                   %(created_{table})s,
                   '<' || r.id || '.0-openerp-{table}-notify@kim-scale>', FALSE,
                   date_trunc('second', r.create_date), r.create_uid, r.create_uid,
                   r.create_date, r.create_date
              FROM {table} r
              {join}
              CROSS JOIN LATERAL (SELECT (%(cm_from)s)[1 + p.u] AS sender) f
        """)
    touched("mail_message", "mail_tracking_value")
    return rows


@timed("followers (mail.followers)")
def insert_followers():
    """The creator follows what they created, with the model's default subtypes."""
    base = next_id("mail_followers") - 1
    rows = run("""
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT 'kim.case', p.case_id, p.user_partner_id FROM scale_plan p
        UNION ALL
        SELECT 'kim.household', %(household_base)s + p.hh_no, p.user_partner_id
          FROM scale_plan p WHERE p.hh_role = 'head'
        UNION ALL
        SELECT 'kim.consent', r.id, p.user_partner_id
          FROM kim_consent r JOIN scale_plan p ON p.case_id = r.case_id
    """)
    subtypes = env["mail.message.subtype"]
    for model in ("kim.case", "kim.household", "kim.consent"):
        defaults = subtypes._default_subtypes(model)[0]
        cr.execute(
            """
            INSERT INTO mail_followers_mail_message_subtype_rel
                        (mail_followers_id, mail_message_subtype_id)
            SELECT f.id, s FROM mail_followers f CROSS JOIN unnest(%s::int[]) AS s
             WHERE f.id > %s AND f.res_model = %s
            """,
            (defaults, base, model),
        )
    touched("mail_followers", "mail_followers_mail_message_subtype_rel")
    return rows


# Audit log ---------------------------------------------------------------------------------------


@timed("audit log (kim.audit.log)")
def insert_audit_log():
    """Five entries per case: created, consent (or a read), read, changed, and closed (or
    read again). Only the columns the table has today are written (the model is being
    redesigned); a new required column skips the audit log with a warning."""
    columns = table_columns("kim_audit_log")
    known = {
        "date": "e.at",
        "user_id": "e.user_id",
        "case_id": "p.case_id",
        "case_ref": "p.ref",
        "company_id": "p.company_id",
        "municipality_id": "p.muni_id",
        "action": "e.action",
        "detail": "e.detail",
    }
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'kim_audit_log' AND is_nullable = 'NO' AND column_default IS NULL
        """
    )
    unknown = {row[0] for row in cr.fetchall()} - set(known) - {"id"}
    if unknown:
        say(f"  warning: kim_audit_log has new required columns {sorted(unknown)}: skipped")
        return None
    names = [name for name in known if name in columns]
    P["detail_consent"] = german("kim.consent", "kind")["processing"]
    base = next_id("kim_audit_log") - 1
    rows = run(f"""
        INSERT INTO kim_audit_log ({", ".join(names)})
        SELECT {", ".join(known[name] for name in names)}
          FROM scale_plan p
          CROSS JOIN LATERAL generate_series(1, 5) AS j
          CROSS JOIN LATERAL (
            SELECT CASE WHEN j = 1 THEN 'create'
                        WHEN j = 2 AND p.consent THEN 'consent'
                        WHEN j = 4 THEN 'write'
                        WHEN j = 5 AND p.status = 'closed' THEN 'write'
                        ELSE 'read' END AS action,
                   CASE WHEN j = 2 AND p.consent THEN %(detail_consent)s
                        WHEN j = 3 AND {rnd("p.i", 180, 100)} < 30 THEN 'residence_status'
                        WHEN j = 4 THEN (ARRAY['stage_id', 'motto_goal, target_group',
                                               'note_internal', 'stage_id'])
                                            [1 + {rnd("p.i", 181, 4)}]
                        WHEN j = 5 AND p.status = 'closed'
                        THEN 'closing_reason, date_closed, stage_id, state'
                   END AS detail,
                   CASE WHEN j IN (3, 5) AND p.sub_user_id IS NOT NULL
                             AND {rnd("p.i", 182, 2)} = 0
                        THEN p.sub_user_id ELSE p.user_id END AS user_id,
                   LEAST(CASE j
                             WHEN 1 THEN p.create_dt
                             WHEN 2 THEN p.create_dt + interval '10 minutes'
                             WHEN 3 THEN p.date_open + (p.end_date - p.date_open) / 2
                                         + interval '10 hours 30 minutes'
                             WHEN 4 THEN p.date_open + (p.end_date - p.date_open) * 3 / 4
                                         + interval '14 hours'
                             ELSE p.end_date + interval '15 hours'
                         END, %(now)s::timestamp) AS at
          ) e
    """)
    cases = relation("kim.audit.log", "case_ids")
    if cases:
        table, left, right = cases
        run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT id, case_id FROM kim_audit_log WHERE id > {base} AND case_id IS NOT NULL
        """)
        touched(table)
    touched("kim_audit_log")
    return rows


# Not yet generated -------------------------------------------------------------------------------


SERVICE_NAMES = [
    "Migrationsberatung für Erwachsene",
    "Jugendmigrationsdienst",
    "Flüchtlingsberatung",
    "Schuldnerberatung",
    "Suchtberatung",
    "Erziehungsberatung",
    "Frühe Hilfen",
    "Pflegeberatung",
    "Wohnberatung für ältere Menschen",
    "Quartiersbüro",
    "Bildungsberatung",
    "Anerkennungsberatung",
    "Sprachcafé",
    "Allgemeine Sozialberatung",
    "Familienbildung",
    "Hausaufgabenhilfe",
    "Frauenberatung",
    "Antidiskriminierungsberatung",
    "Mieterberatung",
    "Ehrenamtliche Begleitung",
]
ACTOR_KINDS = ["welfare", "authority", "education", "association", "project", "self_organisation"]
SERVICES_PER_CASE = 20  # one service per 20 cases: 5,000 at SCALE=100000


@timed("network services (kim.service, kim_network)")
def generate_services(municipalities):
    """Actors (one per ten services), the postal codes of each municipality and its
    services: 85% responsible for one to three of its postal codes, 15% without spatial
    assignment (Buchstabenregelung); 5% archived."""
    if "kim.service" not in env:
        return None
    n = max(100, SCALE // SERVICES_PER_CASE)
    keys = [key for key, *_rest in MUNICIPALITIES]
    actors = env["res.partner"].create(
        [
            {
                "name": f"{SERVICE_NAMES[i % len(SERVICE_NAMES)]} Träger {i + 1}",
                "is_company": True,
                "kim_actor": True,
                "kim_actor_kind": ACTOR_KINDS[i % len(ACTOR_KINDS)],
                "kim_abbreviation": f"T{i + 1}",
            }
            for i in range(max(10, n // 10))
        ]
    )
    codes = []
    for key in keys:
        found = [code for _c, _n, zips, _t in SOCIAL_AREAS[key] for code in zips.split()]
        records = env["kim.postal.code"]._kim_codes(found, municipalities[key])
        by_code = {record.code: record.id for record in records}
        codes.append([by_code[code] for code in found])
    env.flush_all()
    param("svc_actors", actors.ids)
    param("svc_codes", block(codes, 8))
    param("svc_names", SERVICE_NAMES)
    P["svc_base"] = reserve("kim_service", n)
    P["svc_count"] = n
    sid = "%(svc_base)s + i"
    rows = run(f"""
        INSERT INTO kim_service (id, name, actor_id, municipality_id, active, date_archived,
                                 offer_form, serves_zg1, serves_zg2, serves_zg3, spatial,
                                 spatial_rule, age_from, age_to, target_group, focus,
                                 create_uid, write_uid, create_date, write_date)
        SELECT {sid}, (%(svc_names)s)[1 + mod(i, {len(SERVICE_NAMES)})],
               (%(svc_actors)s)[1 + mod(i, {len(actors)})],
               (%(munis)s)[1 + mod(i, {len(keys)})],
               {rnd(sid, 301, 100)} >= 5,
               CASE WHEN {rnd(sid, 301, 100)} < 5 THEN %(today)s::date - 30 END,
               (ARRAY['beratung', 'beratung_cm', 'case_management', 'erst_verweis',
                      'auskunft'])[1 + {rnd(sid, 302, 5)}],
               {rnd(sid, 303, 3)} = 0, {rnd(sid, 303, 3)} = 1, {rnd(sid, 303, 3)} = 2,
               CASE WHEN {rnd(sid, 304, 100)} < 85 THEN 'zip' ELSE 'none' END,
               CASE WHEN {rnd(sid, 304, 100)} >= 85 THEN 'Buchstabenregelung' END,
               CASE WHEN {rnd(sid, 305, 10)} = 0 THEN 27 END,
               CASE WHEN {rnd(sid, 305, 10)} = 1 THEN 27 END,
               'Menschen mit Einwanderungsgeschichte', 'Beratung und Begleitung',
               1, 1, %(now)s::timestamp, %(now)s::timestamp
          FROM generate_series(1, %(svc_count)s) AS i
    """)
    run(f"""
        INSERT INTO kim_service_postal_code_rel (service_id, postal_code_id)
        SELECT {sid}, (%(svc_codes)s)[1 + mod(i, {len(keys)}) * 8 + mod({rnd(sid, 306, 8)} + k, 8)]
          FROM generate_series(1, %(svc_count)s) AS i
          CROSS JOIN LATERAL generate_series(0, {rnd(sid, 307, 3)}) AS k
         WHERE {rnd(sid, 304, 100)} < 85
        ON CONFLICT DO NOTHING
    """)
    touched("kim_service", "kim_service_postal_code_rel", "kim_postal_code", "res_partner")
    return rows


@timed("referrals (kim.referral, kim_network)")
def generate_referrals():
    """One referral per referral-counselling case and one per five case-management cases
    past the intake, to a service of the case's municipality, without client data (the
    client goes on their own, so no waiver is needed); a tenth came into KIM from an
    institution. Open cases' referrals are requested or accepted, closed cases' completed,
    rejected (with reason) or withdrawn."""
    if "kim.referral" not in env or "svc_base" not in P:
        return None
    n_munis = len(MUNICIPALITIES)
    per_muni = P["svc_count"] // n_munis
    total = value(f"""
        SELECT count(*) FROM scale_plan p
         WHERE p.status <> 'intake'
           AND (p.ct = 'referral' OR (p.ct = 'cm' AND {rnd("p.case_id", 310, 5)} = 0))
    """)
    P["ref_base"] = reserve("kim_referral", total)
    rows = run(f"""
        INSERT INTO kim_referral (id, direction, kind, case_id, company_id, municipality_id,
                                  user_id, service_id, institution_id, reason, with_data,
                                  date_requested, date_answered, date_closed, state,
                                  reject_reason, create_uid, write_uid, create_date, write_date)
        SELECT %(ref_base)s + row_number() OVER (ORDER BY p.case_id),
               CASE WHEN {rnd("p.case_id", 311, 10)} = 0 THEN 'incoming' ELSE 'outgoing' END,
               (ARRAY['warm_handover', 'tandem', 'verweisberatung', 'weiterleitung'])
                   [1 + {rnd("p.case_id", 312, 4)}],
               p.case_id, p.company_id, p.muni_id, p.user_id, s.id, s.actor_id,
               'Vermittlung im Rahmen der Hilfeplanung', FALSE,
               d.requested,
               CASE WHEN d.state <> 'requested' THEN d.requested + 3 END,
               CASE WHEN d.state IN ('done', 'rejected', 'withdrawn') THEN d.requested + 20 END,
               d.state,
               CASE WHEN d.state = 'rejected' THEN 'Keine freien Plätze' END,
               p.user_id, p.user_id, d.requested::timestamp, d.requested::timestamp
          FROM scale_plan p
          CROSS JOIN LATERAL (
            SELECT LEAST(p.date_open + 10, %(today)s::date) AS requested,
                   CASE WHEN p.status = 'open'
                        THEN (ARRAY['requested', 'accepted'])[1 + {rnd("p.case_id", 313, 2)}]
                        ELSE (ARRAY['done', 'done', 'done', 'rejected', 'withdrawn'])
                             [1 + {rnd("p.case_id", 313, 5)}] END AS state
          ) d
          JOIN kim_service s
            ON s.id = %(svc_base)s + p.m + {n_munis} * (1 + {rnd("p.case_id", 314, per_muni - 1)})
         WHERE p.status <> 'intake'
           AND (p.ct = 'referral' OR (p.ct = 'cm' AND {rnd("p.case_id", 310, 5)} = 0))
    """)
    touched("kim_referral")
    return rows


@timed("case conferences (kim.conference.request, kim.conference, kim_conference)")
def generate_conferences():
    """A Fallkonferenz requested for one case-management case in fifty past the intake,
    by its case manager, with the Jobcenter as decision maker. Requests of closed cases
    were followed up (a tenth rejected); those of open cases are spread over the states
    from submitted to followed up. The scheduled and later ones meet in conferences of
    the municipality, three cases each, an hour apart, moderated by a coordinator of the
    municipality; those before today are held. Without calendar events (the generated
    users get no invitations). Generative themes are filled by generate_themes()."""
    if "kim.conference.request" not in env:
        return None
    moderators = []
    coordinator = env.ref("kim_case.group_kim_coordinator")
    for municipality_id in P["munis"]:
        users = env["res.users"].search(
            [
                ("group_ids", "in", coordinator.ids),
                ("kim_municipality_ids", "parent_of", municipality_id),
            ],
            order="login",
            limit=1,
        )
        moderators.append(users.id)
    param("moderators", moderators)
    picked = f"""p.ct = 'cm' AND p.status <> 'intake' AND {rnd("p.case_id", 320, 50)} = 0"""
    total = value(f"SELECT count(*) FROM scale_plan p WHERE {picked}")
    if not total:
        return 0
    P["creq_base"] = reserve("kim_conference_request", total)
    run(f"""
        CREATE TEMP TABLE scale_creq ON COMMIT DROP AS
        SELECT %(creq_base)s + row_number() OVER (ORDER BY p.case_id) AS id, p.case_id,
               p.company_id, p.muni_id, p.m, p.user_id, p.ref, x.requested, x.state,
               (ARRAY['crisis', 'complexity', 'double_counselling'])
                   [1 + {rnd("p.case_id", 321, 3)}] AS reason,
               (ARRAY['very_urgent', 'urgent', 'not_urgent'])
                   [1 + {rnd("p.case_id", 322, 3)}] AS urgency
          FROM scale_plan p
          CROSS JOIN LATERAL (
            SELECT LEAST(p.date_open + 60 + {rnd("p.case_id", 323, 300)}, p.end_date,
                         %(today)s::date) AS requested,
                   CASE WHEN p.status = 'closed'
                        THEN CASE WHEN {rnd("p.case_id", 324, 10)} = 0 THEN 'rejected'
                                  ELSE 'followed_up' END
                        ELSE (ARRAY['submitted', 'checked', 'scheduled', 'held', 'followed_up',
                                    'followed_up'])[1 + {rnd("p.case_id", 325, 6)}] END AS state
          ) x
         WHERE {picked}
    """)
    run("ANALYZE scale_creq")
    rows = run("""
        INSERT INTO kim_conference_request (
            id, case_id, company_id, municipality_id, user_id, requester_id, checked_by_id,
            requester_kind, client_name, reason, urgency, state, date_requested,
            window_start, window_end, date_checked, facts, problem_areas, question,
            reject_reason, interpreter_needed, trusted_person_wanted, prepared, followed_up,
            create_uid, write_uid, create_date, write_date)
        SELECT r.id, r.case_id, r.company_id, r.muni_id, r.user_id, r.user_id,
               CASE WHEN r.state NOT IN ('submitted') THEN (%(moderators)s)[1 + r.m] END,
               'kim_cm', pa.name, r.reason, r.urgency, r.state, r.requested,
               r.requested + CASE r.urgency WHEN 'very_urgent' THEN 0
                                            WHEN 'urgent' THEN 21 ELSE 35 END,
               r.requested + CASE r.urgency WHEN 'very_urgent' THEN 14
                                            WHEN 'urgent' THEN 28 ELSE 49 END,
               CASE WHEN r.state <> 'submitted' THEN r.requested + 3 END,
               'Die Hilfeplanung stockt; mehrere Rechtskreise sind beteiligt.',
               'Existenzsicherung, Arbeit, Aufenthalt',
               'Welche Stelle übernimmt welchen Schritt?',
               CASE WHEN r.state = 'rejected' THEN 'Im Fallmanagement zu klären' END,
               FALSE, FALSE, r.state IN ('held', 'followed_up'), r.state = 'followed_up',
               r.user_id, r.user_id, r.requested::timestamp, r.requested::timestamp
          FROM scale_creq r
          JOIN kim_case c ON c.id = r.case_id
          JOIN res_partner pa ON pa.id = c.partner_id
    """)
    P["cpart_base"] = reserve("kim_conference_request_participant", total)
    jobcenter = env.ref("kim_case.recipient_jobcenter", raise_if_not_found=False)
    P["jobcenter_category"] = jobcenter.id if jobcenter else None
    rows += run("""
        INSERT INTO kim_conference_request_participant (
            id, request_id, sequence, institution_id, category_id, kind, department, person,
            create_uid, write_uid, create_date, write_date)
        SELECT %(cpart_base)s + row_number() OVER (ORDER BY r.id), r.id, 10,
               (%(institutions)s)[1 + CASE WHEN r.m = 0 THEN 0 ELSE 3 END],
               %(jobcenter_category)s, 'jobcenter', 'Markt und Integration',
               'Fallmanagement U25', r.user_id, r.user_id, r.requested::timestamp,
               r.requested::timestamp
          FROM scale_creq r
    """)
    # Conferences: the scheduled and later requests of a municipality, three by three in
    # the order of their requests, on the second Tuesday after the last of them at 9.
    run("""
        CREATE TEMP TABLE scale_cslot ON COMMIT DROP AS
        SELECT r.*, (row_number() OVER w - 1) / 3 AS conf_no, mod(row_number() OVER w - 1, 3) AS pos
          FROM scale_creq r
         WHERE r.state IN ('scheduled', 'held', 'followed_up')
        WINDOW w AS (PARTITION BY r.m ORDER BY r.requested, r.id)
    """)
    conferences = value("SELECT count(DISTINCT (m, conf_no)) FROM scale_cslot")
    P["conf_base"] = reserve("kim_conference", conferences)
    run("""
        CREATE TEMP TABLE scale_conf ON COMMIT DROP AS
        SELECT %(conf_base)s + row_number() OVER (ORDER BY min(requested), m, conf_no) AS id,
               m, conf_no, count(*) AS cases,
               (max(requested) + 14 + mod(9 - extract(isodow FROM max(requested))::int, 7))
                   + time '09:00' AS start
          FROM scale_cslot GROUP BY m, conf_no
    """)
    rows += run("""
        INSERT INTO kim_conference (id, municipality_id, moderator_id, case_count,
                                    location, state, date_start, date_stop,
                                    create_uid, write_uid, create_date, write_date)
        SELECT f.id, (%(munis)s)[1 + f.m], (%(moderators)s)[1 + f.m], f.cases,
               'Kommunales Integrationszentrum',
               CASE WHEN f.start < %(now)s::timestamp THEN 'held' ELSE 'planned' END,
               f.start, f.start + make_interval(hours => f.cases::int),
               (%(moderators)s)[1 + f.m], (%(moderators)s)[1 + f.m], f.start - interval '14 days',
               f.start - interval '14 days'
          FROM scale_conf f
    """)
    P["slot_base"] = reserve("kim_conference_slot", value("SELECT count(*) FROM scale_cslot"))
    rows += run("""
        INSERT INTO kim_conference_slot (id, conference_id, request_id, case_id, municipality_id,
                                         date_start, date_stop, create_uid, write_uid,
                                         create_date, write_date)
        SELECT %(slot_base)s + row_number() OVER (ORDER BY f.id, s.pos), f.id, s.id, s.case_id,
               s.muni_id, f.start + make_interval(hours => s.pos::int),
               f.start + make_interval(hours => s.pos::int + 1), (%(moderators)s)[1 + f.m],
               (%(moderators)s)[1 + f.m], f.start - interval '14 days',
               f.start - interval '14 days'
          FROM scale_cslot s JOIN scale_conf f ON f.m = s.m AND f.conf_no = s.conf_no
    """)
    # A conference still ahead cannot have been held.
    run("""
        UPDATE kim_conference_request r SET state = 'scheduled', prepared = FALSE,
               followed_up = FALSE
          FROM kim_conference_slot s JOIN kim_conference f ON f.id = s.conference_id
         WHERE s.request_id = r.id AND f.state = 'planned' AND r.state <> 'scheduled'
    """)
    run("""
        UPDATE kim_case c SET conference_request_count = n.count
          FROM (SELECT case_id, count(*) AS count FROM kim_conference_request
                 WHERE id > %(creq_base)s GROUP BY case_id) n
         WHERE c.id = n.case_id
    """)
    touched(
        "kim_conference_request",
        "kim_conference_request_participant",
        "kim_conference",
        "kim_conference_slot",
    )
    return rows


@timed("generative themes (kim.generative.theme, kim_conference)")
def generate_themes():
    """One generative theme per 500 cases, in the municipalities in proportion to their
    cases, recognised over the five years in case conferences, team meetings and by case
    managers, in every status from recognised to implemented or discarded."""
    if "kim.generative.theme" not in env:
        return None
    total = max(4, SCALE // 500)
    P["theme_base"] = reserve("kim_generative_theme", total)
    param("theme_names", THEMES)
    rows = run(f"""
        INSERT INTO kim_generative_theme (id, life_domain_id, municipality_id, case_count, name,
                                          source, state, date_recognised, description,
                                          create_uid, write_uid, create_date, write_date)
        SELECT %(theme_base)s + g.i,
               (%(domains)s)[1 + mod({rnd("g.i", 330, 1000)}, cardinality(%(domains)s))],
               (%(munis)s)[1 + mod(g.i, cardinality(%(munis)s))], 2 + {rnd("g.i", 331, 12)},
               (%(theme_names)s)[1 + mod(g.i, cardinality(%(theme_names)s))],
               (ARRAY['case_conference', 'team_meeting', 'case_manager', 'planning_conference',
                      'peer_counselling'])[1 + {rnd("g.i", 332, 5)}],
               (ARRAY['recognised', 'recognised', 'bundled', 'steering', 'project_group',
                      'implemented', 'discarded'])[1 + {rnd("g.i", 333, 7)}],
               %(today)s::date - {rnd("g.i", 334, 1800)},
               'Aus mehreren Fällen erkannt; struktureller Handlungsbedarf.',
               (%(moderators)s)[1 + mod(g.i, cardinality(%(munis)s))],
               (%(moderators)s)[1 + mod(g.i, cardinality(%(munis)s))], %(now)s::timestamp,
               %(now)s::timestamp
          FROM generate_series(1, {total}) AS g(i)
    """)
    touched("kim_generative_theme")
    return rows


# Stored computed fields --------------------------------------------------------------------------


@timed("stored computed fields (next review, contacts, cases showing a person)")
def fill_computed():
    """What the ORM would have stored: the case's next review date, its number and
    minutes of contacts and the course of its topics, and the persons' tables of the
    cases that show them (their own and their households'), of these cases'
    municipalities and of the users who work them."""
    run("""
        UPDATE kim_case c SET contact_count = k.count, contact_minutes = k.minutes
          FROM (SELECT case_id, count(*) AS count, coalesce(sum(duration), 0) AS minutes
                  FROM kim_case_contact WHERE id > %(contact_base)s GROUP BY case_id) k
         WHERE c.id = k.case_id
    """)
    rows = run("""
        UPDATE kim_case c SET next_review_date = g.review
          FROM (SELECT case_id, min(review_date) AS review FROM kim_case_goal
                 WHERE id > %(goal_base)s AND outcome IS NULL AND review_date IS NOT NULL
                 GROUP BY case_id) g
         WHERE c.id = g.case_id
    """)
    access = relation("res.partner", "kim_access_case_ids")
    if access:
        table, left, right = access
        rows += run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT c.partner_id, c.id FROM kim_case c WHERE c.id > %(case_base)s
            UNION
            SELECT m.partner_id, c.id
              FROM kim_household_member m
              JOIN kim_case c ON c.household_id = m.household_id
             WHERE m.household_id > %(household_base)s
        """)
        touched(table)
    municipalities = relation("res.partner", "kim_access_municipality_ids")
    if access and municipalities:
        table, left, right = municipalities
        rows += run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT DISTINCT a.{access[1]}, c.municipality_id
              FROM {access[0]} a JOIN kim_case c ON c.id = a.{access[2]}
             WHERE c.id > %(case_base)s
        """)
        touched(table)
    workers = relation("res.partner", "kim_access_user_ids")
    substitutes = relation("kim.case", "substitute_ids")
    if access and workers and substitutes:
        table, left, right = workers
        rows += run(f"""
            INSERT INTO {table} ({left}, {right})
            SELECT DISTINCT a.{access[1]}, w.user_id
              FROM {access[0]} a
              JOIN kim_case c ON c.id = a.{access[2]}
              CROSS JOIN LATERAL (
                    SELECT c.user_id
                    UNION SELECT s.{substitutes[2]} FROM {substitutes[0]} s
                     WHERE s.{substitutes[1]} = c.id
                   ) w(user_id)
              JOIN res_company_users_rel cu ON cu.user_id = w.user_id AND cu.cid = c.company_id
             WHERE c.id > %(case_base)s
        """)
        touched(table)
    if "kim_topic_firsts" in env["kim.case"]._fields:
        # The course of each case's counselling topics (kim_steering), as the ORM keeps it.
        env["kim.case"]._kim_fill_topic_firsts(P["case_base"])
        rows += cr.rowcount
    return rows


# Finishing ---------------------------------------------------------------------------------------


@timed("id sequences and case references")
def fix_sequences():
    for table in sorted(TOUCHED_TABLES):
        if "id" not in table_columns(table):
            continue
        cr.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,))
        sequence = cr.fetchone()[0]
        if sequence:
            cr.execute(
                f"SELECT setval(%s, GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}),"
                " (SELECT last_value FROM " + sequence + "), 1))",
                (sequence,),
            )
    seq = env.ref("kim_case.seq_kim_case")
    seq.sudo().write({"number_next": P["seq_start"] + SCALE})
    return len(TOUCHED_TABLES)


@timed("ANALYZE")
def analyze():
    for table in sorted(TOUCHED_TABLES):
        cr.execute(f"ANALYZE {table}")
    return len(TOUCHED_TABLES)


def sample_ids(model, limit=150):
    """Up to ``limit`` ids spread evenly over the table, found through its primary key."""
    table = env[model]._table
    cr.execute(
        f"""
        SELECT DISTINCT s.id
          FROM (SELECT min(id) AS lo, max(id) AS hi FROM {table}) b
         CROSS JOIN generate_series(0, %(n)s - 1) AS n
         CROSS JOIN LATERAL (
            SELECT id FROM {table}
             WHERE id >= b.lo + ((b.hi - b.lo + 1)::bigint * n) / %(n)s
             ORDER BY id LIMIT 1
         ) s
        """,
        {"n": limit},
    )
    return sorted(row[0] for row in cr.fetchall())


def snapshot(model, field, ids):
    records = env[model].browse(ids)
    if field.type == "many2many":
        table, left, right = field.relation, field.column1, field.column2
        cr.execute(
            f"SELECT {left}, array_agg({right} ORDER BY {right}) FROM {table}"
            f" WHERE {left} = ANY(%s) GROUP BY {left}",
            (ids,),
        )
        found = dict(cr.fetchall())
        return {id_: found.get(id_, []) for id_ in ids}
    cr.execute(
        f'SELECT id, "{field.name}" FROM {records._table} WHERE id = ANY(%s)',
        (ids,),
    )
    return {id_: (val if val not in (None, False, "") else None) for id_, val in cr.fetchall()}


CHECKED_MODELS = [
    "kim.case",
    "kim.case.contact",
    "kim.case.goal",
    "kim.case.measure",
    "kim.case.assessment",
    "kim.household",
    "kim.household.member",
    "kim.consent",
    "res.partner",
    "mail.activity",
]


@timed("stored computed fields checked against the ORM (sample)")
def check_computed():
    """Recomputes every stored computed field of a sample through the ORM and compares.
    A field that differs (the models changed since this generator was written) is
    recomputed everywhere through the ORM, which is slow but right; the warning says
    which, so that the generator can learn it."""
    checked = 0
    for model in CHECKED_MODELS:
        ids = sample_ids(model)
        if not ids:
            continue
        fields_ = [
            f
            for f in env[model]._fields.values()
            if f.store
            and f.compute
            and f.name != "id"
            and (f.type == "many2many" or (f.column_type and not getattr(f, "attachment", False)))
        ]
        for field in fields_:
            before = snapshot(model, field, ids)
            with cr.savepoint() as savepoint:
                records = env[model].with_context(active_test=False).browse(ids)
                env.add_to_compute(field, records)
                env.flush_all()
                after = snapshot(model, field, ids)
                savepoint.rollback()
            env.invalidate_all(flush=False)
            checked += 1
            differing = [id_ for id_ in ids if before.get(id_) != after.get(id_)]
            if differing:
                say(
                    f"  warning: {model}.{field.name} differs from the ORM on "
                    f"{len(differing)} of {len(ids)} sampled records "
                    f"(e.g. id {differing[0]}: {before.get(differing[0])!r} instead of "
                    f"{after.get(differing[0])!r}); recomputing it for all records"
                )
                recompute_everywhere(model, field)
    return checked


@timed("constraints and stage gates checked (sample)")
def check_rules():
    """The sampled records pass their models' constraints, and every sampled case
    management case holds the results of the stages it has left (what the stage gates
    demand when a case moves on or is closed) and its consent beyond intake."""
    problems = 0
    for model in CHECKED_MODELS:
        records = env[model].browse(sample_ids(model))
        try:
            records._validate_fields([n for n, f in records._fields.items() if f.store])
        except ValidationError as error:
            problems += 1
            say(f"  warning: {model} breaks a constraint: {error}")
    for case in env["kim.case"].browse(sample_ids("kim.case", 300)):
        if case.case_type != "cm" or not case.stage_id:
            continue
        current = case.stage_id
        left = current.stage_set_id.stage_ids.filtered(lambda s, c=current: s.sequence < c.sequence)
        requirements = left.mapped("exit_requirement")
        if case.state == "closed":
            requirements.append(stage_rules.EVALUATION)
        missing = stage_rules.missing_results(requirements, case._progress())
        if left and not case.consent_given:
            missing.append("consent")
        if missing:
            problems += 1
            say(f"  warning: {case.name} in {current.name} lacks {', '.join(missing)}")
    env.invalidate_all()
    return problems


def recompute_everywhere(model, field):
    cr.execute(f"SELECT id FROM {env[model]._table} ORDER BY id")
    ids = [row[0] for row in cr.fetchall()]
    for chunk in split_every(5000, ids):
        records = env[model].with_context(active_test=False).browse(chunk)
        env.add_to_compute(field, records)
        env.flush_all()
        env.invalidate_all()


# Verification as the users -----------------------------------------------------------------------


def verify_as(login):
    """Reads as ``login`` what the case list and the case form read: the ORM and the
    record rules must work on the generated data."""
    user = env["res.users"].search([("login", "=", login)])
    assert user, f"no user {login}"
    user_env = env(user=user.id, context={"lang": LANG, "tz": TZ})
    user_env = user_env(context=dict(user_env.context, allowed_company_ids=user.company_ids.ids))
    cases = user_env["kim.case"]
    count = cases.search_count([])
    assert count > 0, f"{login} sees no case"
    case = cases.search([("state", "=", "open")], limit=1) or cases.search([], limit=1)
    case.read()
    contacts = user_env["kim.case.contact"].search([], limit=5)
    assert contacts, f"{login} sees no counselling contact"
    contacts.read()
    credentials = {"login": login, "password": PASSWORD, "type": "password"}
    user.with_user(user)._check_credentials(credentials, {"interactive": True})
    second_factor = user._mfa_type()
    return count, second_factor


@timed("read as case manager and coordinator")
def verify():
    env.invalidate_all()
    logins = ["cm001", "cm002", "koord01", "koord04"]
    lines = []
    for login in logins:
        count, second_factor = verify_as(login)
        lines.append(f"{login} sees {number(count)} cases")
        assert not second_factor, f"{login} would need a second factor ({second_factor})"
    admin = env["res.users"].search([("login", "=", "admin01")])
    credentials = {"login": "admin01", "password": PASSWORD, "type": "password"}
    admin.with_user(admin)._check_credentials(credentials, {"interactive": True})
    say("  " + "; ".join(lines))
    # Reading logs audit entries and a check may write: nothing of it is kept.
    cr.rollback()
    env.invalidate_all()
    return len(logins)


# Main --------------------------------------------------------------------------------------------


def report(lines):
    for line in lines:
        say(line)
    if REPORT:
        with open(REPORT, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


def main():
    say(f"KIM scale data: {number(SCALE)} cases (generator {VERSION})")
    assert not env["kim.case"].search_count([]), "the database already holds cases"
    params = env["ir.config_parameter"].sudo()
    # Logins without a second factor, so that load tests can log in over HTTP.
    params.set_param("kim_case.require_2fa", "0")
    municipalities = create_municipalities()
    companies = create_providers(municipalities)
    users = create_users(companies, municipalities)
    institutions = create_institutions()
    SUMMARY.append(("institutions (res.partner)", sum(map(len, institutions.values())), 0.0))
    env.flush_all()
    prepare_parameters(companies, municipalities, users, institutions)
    P["lang"] = LANG
    P["germany"] = env.ref("base.de").id
    plan_cases()
    insert_persons()
    insert_households()
    insert_household_members()
    insert_cases(municipalities)
    insert_substitutes()
    insert_eligibility()
    insert_contacts()
    insert_contact_topics()
    insert_goals()
    insert_measures()
    insert_assessments()
    insert_consents()
    insert_activities()
    insert_messages()
    insert_followers()
    insert_audit_log()
    generate_services(municipalities)
    generate_referrals()
    generate_conferences()
    generate_themes()
    fill_computed()
    touched("res_company", "res_users", "kim_municipality", "kim_social_area")
    fix_sequences()
    env.invalidate_all()
    check_computed()
    check_rules()
    analyze()
    cr.commit()
    verify()
    params.set_param(MARKER, f"{SCALE}:{VERSION}")
    cr.commit()

    took = time.perf_counter() - START
    width = max(len(label) for label, _rows, _took in SUMMARY)
    lines = [f"{'entity':<{width}}  {'rows':>10}  seconds"]
    for label, rows, seconds in SUMMARY:
        lines.append(f"{label:<{width}}  {number(rows):>10}  {seconds:7.1f}")
    lines += [
        f"generated {number(SCALE)} cases in {took:.0f} s",
        f"logins (password {PASSWORD}):",
        f"  case manager    cm001 ({companies[0].name})",
        "  substitute pair cm002 stands in for some cases of cm001",
        "  coordinator     koord01 (Stadt Oberhausen), koord04 (Kreis Gütersloh)",
        f"  Träger admin    admin01 ({companies[0].name})",
    ]
    report(lines)


main()
