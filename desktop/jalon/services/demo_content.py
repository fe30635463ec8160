"""Sample content for ``jalon demo``: one complete, realistic provincial self-assessment.

The texts read like the candid working notes of a provincial team so that a new user sees every
part of an assessment filled in at once: levels, priorities, the Joint Councils' role, capacity,
comments, evidence, both workshop answers and a group of four participants. Every comment is
consistent with the framework descriptor of the chosen current level
(``resources/frameworks/jc-digital-strategy-1.0.json``). The jurisdiction, people, programs,
file references and addresses are fictional; the addresses use the reserved ``example.ca`` and
``example.gc.ca`` domains.

This module is data only; the demo service turns it into an assessment.
"""

from __future__ import annotations

from typing import Any, Final

DEMO_TITLE: Final[dict[str, str]] = {
    "en": "Digital strategy self-assessment 2026",
    "fr": "Autoévaluation de la stratégie numérique 2026",
}

# One entry per theme of the framework, in framework order. Levels are 0–4; priority, role and
# capacity are option ids of the framework. Client orientation keeps its target at its current
# level and procurement deliberately steps back one level, so the demo shows every kind of gap.
DEMO_RESPONSES: Final[dict[str, dict[str, Any]]] = {
    "strategy": {
        "current": 2,
        "target": 3,
        "priority": "high",
        "role": "owns",
        "capacity": "partly",
        "comment": {
            "en": (
                "Cabinet approved the Digital Government Strategy 2025–2028 in June 2025, with a "
                "vision and five priorities, but only two of the five have a funded roadmap. "
                "Departments still bring digital projects to Treasury Board one at a time, and the "
                "strategy sets no targets we can report against yet. A refresh with measurable "
                "targets is planned for the 2026–27 business planning cycle."
            ),
            "fr": (
                "Le Conseil des ministres a approuvé la Stratégie du gouvernement numérique "
                "2025-2028 en juin 2025 : elle énonce une vision et cinq priorités, mais seules "
                "deux d'entre elles sont assorties d'une feuille de route financée. Les ministères "
                "présentent encore leurs projets numériques au Conseil du Trésor un à un, et la "
                "stratégie ne fixe toujours pas de cibles sur lesquelles rendre compte. Une mise à "
                "jour assortie de cibles mesurables est prévue pour le cycle de planification "
                "2026-2027."
            ),
        },
        "evidence": {
            "en": (
                "Digital Government Strategy 2025–2028 "
                "(https://www.example.ca/digital/strategy-2025-2028); "
                "Deck-Council-2026-03.pdf, slides 4–9."
            ),
            "fr": (
                "Stratégie du gouvernement numérique 2025-2028 "
                "(https://www.example.ca/numerique/strategie-2025-2028); "
                "Deck-Council-2026-03.pdf, diapositives 4 à 9."
            ),
        },
    },
    "leadership": {
        "current": 2,
        "target": 3,
        "priority": "medium",
        "role": "co_leads",
        "capacity": "partly",
        "comment": {
            "en": (
                "Our Chief Information Officer was also named Chief Digital Officer in September "
                "2024, with a mandate letter from the Premier's Office, and deputy ministers now "
                "keep a standing digital item on their monthly agenda. The office has 14 positions "
                "but no authority over departmental IT budgets, so priorities are negotiated file "
                "by file. Deputy ministers' performance agreements say nothing about digital "
                "results yet."
            ),
            "fr": (
                "Notre dirigeante principale de l'information s'est vu confier en septembre 2024 "
                "le rôle de dirigeante principale du numérique, avec une lettre de mandat du "
                "Cabinet du premier ministre, et les sous-ministres ont désormais un point "
                "permanent sur le numérique à l'ordre du jour de leur réunion mensuelle. Le bureau "
                "compte 14 postes, mais n'a aucune autorité sur les budgets de TI des ministères; "
                "les priorités se négocient donc dossier par dossier. Les ententes de rendement "
                "des sous-ministres ne disent encore rien des résultats numériques."
            ),
        },
        "evidence": {
            "en": (
                "CDO mandate letter, September 2024 (file OCIO-2024-117); Deputy Ministers' "
                "Digital Committee terms of reference (https://intranet.example.ca/dmdc/terms)."
            ),
            "fr": (
                "Lettre de mandat de la dirigeante principale du numérique, septembre 2024 "
                "(dossier OCIO-2024-117); mandat du Comité des sous-ministres sur le numérique "
                "(https://intranet.example.ca/csmn/mandat)."
            ),
        },
    },
    "governance": {
        "current": 1,
        "target": 3,
        "priority": "high",
        "role": "owns",
        "capacity": "partly",
        "comment": {
            "en": (
                "No standing body makes digital decisions: large projects go to Treasury Board "
                "through the regular capital process and smaller ones are approved by each "
                "department. In 2025 three departments bought separate case-management systems "
                "within eight months without anyone asking whether one would do. A Digital "
                "Investment Board with written terms of reference is proposed for April 2027."
            ),
            "fr": (
                "Aucune instance permanente ne prend les décisions en matière de numérique : les "
                "grands projets sont soumis au Conseil du Trésor selon le processus habituel des "
                "immobilisations, et les plus petits sont approuvés par chaque ministère. En 2025, "
                "trois ministères ont acquis en l'espace de huit mois des systèmes de gestion de "
                "cas distincts, sans que personne se demande si un seul aurait suffi. Nous "
                "proposons de créer, en avril 2027, un conseil des investissements numériques doté "
                "d'un mandat écrit."
            ),
        },
        "evidence": {
            "en": (
                "Internal audit report IA-2025-08, Case management systems; draft Treasury Board "
                "submission TB-2026-041 (not yet approved)."
            ),
            "fr": (
                "Rapport de vérification interne IA-2025-08, Systèmes de gestion de cas; ébauche "
                "de présentation au Conseil du Trésor TB-2026-041 (non encore approuvée)."
            ),
        },
    },
    "policy_legislation": {
        "current": 1,
        "target": 2,
        "priority": "medium",
        "role": "not_council",
        "capacity": "partly",
        "comment": {
            "en": (
                "Legal barriers are dealt with when a project runs into them. Online renewal of "
                "vehicle registrations slipped six months in 2025 because the regulation still "
                "required a handwritten signature, and it took a one-off amendment to fix. We have "
                "no inventory of the 40 or so statutes we suspect still require paper or "
                "in-person steps; Justice has agreed to start one in the fall of 2026."
            ),
            "fr": (
                "Les obstacles juridiques sont réglés au moment où un projet s'y heurte. Le "
                "renouvellement en ligne de l'immatriculation des véhicules a pris six mois de "
                "retard en 2025 parce que le règlement exigeait encore une signature manuscrite, "
                "et il a fallu une modification ponctuelle pour régler le problème. Nous n'avons "
                "aucun inventaire de la quarantaine de lois qui, selon nous, imposent encore des "
                "formalités sur papier ou en personne; la Justice a accepté d'en dresser un à "
                "compter de l'automne 2026."
            ),
        },
        "evidence": {
            "en": (
                "Order in Council 2025-311 amending the vehicle registration regulation; "
                "Justice–OCIO letter of agreement, 12 February 2026."
            ),
            "fr": (
                "Décret 2025-311 modifiant le règlement sur l'immatriculation des véhicules; "
                "lettre d'entente entre la Justice et le BDPI, 12 février 2026."
            ),
        },
    },
    "ecosystem": {
        "current": 1,
        "target": 2,
        "priority": "low",
        "role": "owns",
        "capacity": "no",
        "comment": {
            "en": (
                "Our partnerships run on personal relationships: the university co-op placements, "
                "two municipal data pilots and our main vendors all depend on a handful of "
                "managers who know each other. No one has mapped who our partners are or what "
                "they bring, and when the director who ran the civic tech meetups retired in 2025, "
                "that relationship simply lapsed. We answered “no” on capacity because no unit has "
                "this in its mandate."
            ),
            "fr": (
                "Nos partenariats reposent sur des relations personnelles : les stages "
                "d'enseignement coopératif avec l'université, deux projets pilotes de données avec "
                "des municipalités et nos principaux fournisseurs dépendent tous d'une poignée de "
                "gestionnaires qui se connaissent. Personne n'a répertorié nos partenaires ni ce "
                "qu'ils apportent, et lorsque le directeur qui animait les rencontres de "
                "technologie civique a pris sa retraite en 2025, le lien s'est tout simplement "
                "rompu. Nous avons répondu « non » pour la capacité, car aucune unité n'a ce "
                "dossier dans son mandat."
            ),
        },
        "evidence": {
            "en": "List of active IT and digital contracts, 2025–26 (OCIO-Contracts-2026.xlsx).",
            "fr": (
                "Liste des contrats de TI et de numérique en vigueur, 2025-2026 "
                "(OCIO-Contracts-2026.xlsx)."
            ),
        },
    },
    "client_orientation": {
        "current": 3,
        "target": 3,
        "priority": "low",
        "role": "contributes",
        "capacity": "yes",
        "comment": {
            "en": (
                "Our Service Standard has applied to every public-facing service since 2023, and "
                "27 of our 30 highest-volume transactions can now be completed entirely online. "
                "Satisfaction is surveyed every quarter across online, phone and counter channels "
                "(82% satisfied in Q4 2025). We are keeping the target where it is: the effort now "
                "goes into holding this level while the other themes catch up."
            ),
            "fr": (
                "Notre norme de service s'applique à tous les services offerts au public depuis "
                "2023, et 27 de nos 30 transactions les plus courantes peuvent désormais se faire "
                "entièrement en ligne. La satisfaction est mesurée chaque trimestre dans tous les "
                "modes de prestation, en ligne, au téléphone et au comptoir (82 % de clients "
                "satisfaits au quatrième trimestre de 2025). Nous maintenons la cible au niveau "
                "actuel : l'effort consiste maintenant à conserver nos acquis pendant que les "
                "autres thèmes rattrapent leur retard."
            ),
        },
        "evidence": {
            "en": (
                "Service Standard, version 2.1 (https://www.example.ca/service-standard); client "
                "satisfaction dashboard, Q4 2025 (Client-Sat-2025-Q4.pdf)."
            ),
            "fr": (
                "Norme de service, version 2.1 (https://www.example.ca/norme-de-service); tableau "
                "de bord de la satisfaction de la clientèle, 4e trimestre de 2025 "
                "(Client-Sat-2025-Q4.pdf)."
            ),
        },
    },
    "culture": {
        "current": 1,
        "target": 2,
        "priority": "medium",
        "role": "not_council",
        "capacity": "partly",
        "comment": {
            "en": (
                "Digital ways of working exist in pockets: the 12-person digital service team and "
                "two agile squads in Health use open collaboration tools, while the rest of the "
                "public service still runs on briefing notes and paper approvals. When the "
                "Agriculture pilot ended in 2025, its members went back to their old jobs and the "
                "practices went with them. Our employee survey has no question on digital ways of "
                "working."
            ),
            "fr": (
                "Les méthodes de travail numériques existent en vase clos : l'équipe des services "
                "numériques (12 personnes) et deux équipes agiles à la Santé utilisent des outils "
                "de collaboration ouverts, alors que le reste de la fonction publique fonctionne "
                "encore à coups de notes d'information et d'approbations sur papier. À la fin du "
                "projet pilote de l'Agriculture, en 2025, les membres de l'équipe ont réintégré "
                "leur ancien poste, et les pratiques sont reparties avec eux. Notre sondage auprès "
                "des employés ne contient aucune question sur les méthodes de travail numériques."
            ),
        },
        "evidence": {
            "en": (
                "Employee engagement survey 2025, provincial results (Survey-2025-Results.pdf); "
                "Agriculture agile pilot close-out report, November 2025."
            ),
            "fr": (
                "Sondage sur l'engagement des employés 2025, résultats provinciaux "
                "(Survey-2025-Results.pdf); rapport de clôture du projet pilote agile de "
                "l'Agriculture, novembre 2025."
            ),
        },
    },
    "talent": {
        "current": 1,
        "target": 3,
        "priority": "high",
        "role": "co_leads",
        "capacity": "no",
        "comment": {
            "en": (
                "Managers hire for digital skills on their own, often through term positions or "
                "consultants: we have four UX designers and two data engineers in the whole public "
                "service, and one vendor does half of our cloud architecture work. With no "
                "competency profile and no skills inventory, we know the gaps only anecdotally. "
                "The Public Service Commission will co-fund an inventory in 2026–27, but a "
                "pan-Canadian talent exchange would help us more than anything we could build "
                "alone."
            ),
            "fr": (
                "Les gestionnaires recrutent eux-mêmes pour les compétences numériques, souvent "
                "au moyen de postes temporaires ou de consultants : nous comptons quatre "
                "concepteurs UX et deux ingénieurs de données dans toute la fonction publique, et "
                "un seul fournisseur assure la moitié de nos travaux d'architecture infonuagique. "
                "Faute de profil de compétences et d'inventaire, nous ne connaissons les lacunes "
                "que de façon anecdotique. La Commission de la fonction publique cofinancera un "
                "inventaire en 2026-2027, mais un programme pancanadien d'échange de talents nous "
                "aiderait bien plus que tout ce que nous pourrions bâtir seuls."
            ),
        },
        "evidence": {
            "en": (
                "Workforce extract, digital and IT classifications, March 2026 "
                "(HR-Digital-2026-03.xlsx); Public Service Commission letter of intent, "
                "3 April 2026."
            ),
            "fr": (
                "Extrait des données sur l'effectif, classifications du numérique et de la TI, "
                "mars 2026 (HR-Digital-2026-03.xlsx); lettre d'intention de la Commission de la "
                "fonction publique, 3 avril 2026."
            ),
        },
    },
    "it_capacity": {
        "current": 2,
        "target": 3,
        "priority": "medium",
        "role": "contributes",
        "capacity": "partly",
        "comment": {
            "en": (
                "The 2024 application portfolio review counted 212 business applications, 61 of "
                "them on unsupported platforms, and the IT Modernization Plan approved in 2025 "
                "retires them by 2030. A shared hosting platform and a forms platform are in "
                "production and two product teams work in sprints, but most projects still run as "
                "multi-year waterfall contracts. Funding covers only the first three years of the "
                "plan."
            ),
            "fr": (
                "L'examen du portefeuille d'applications de 2024 a recensé 212 applications "
                "opérationnelles, dont 61 sur des plateformes qui ne sont plus prises en charge, "
                "et le Plan de modernisation de la TI approuvé en 2025 prévoit leur remplacement "
                "d'ici 2030. Une plateforme d'hébergement commune et une plateforme de formulaires "
                "sont en production, et deux équipes de produit travaillent par sprints, mais la "
                "plupart des projets sont encore menés en cascade, sous contrats pluriannuels. Le "
                "financement ne couvre que les trois premières années du plan."
            ),
        },
        "evidence": {
            "en": (
                "IT Modernization Plan 2025–2030 (https://www.example.ca/ocio/it-modernization); "
                "Application Portfolio Review 2024 (APR-2024-Final.pdf)."
            ),
            "fr": (
                "Plan de modernisation de la TI 2025-2030 "
                "(https://www.example.ca/bdpi/modernisation-ti); examen du portefeuille "
                "d'applications 2024 (APR-2024-Final.pdf)."
            ),
        },
    },
    "digital_identity": {
        "current": 2,
        "target": 4,
        "priority": "high",
        "role": "co_leads",
        "capacity": "partly",
        "comment": {
            "en": (
                "Our digital identity approach, with three levels of assurance, was approved in "
                "March 2025, and the provincial sign-in service went live in October 2025. It now "
                "covers 9 services and about 140,000 accounts, but most programs still run their "
                "own log-ins. We aim for “Leading” because mutual recognition with a neighbouring "
                "province is the most useful single thing we could do for people who live on one "
                "side of the border and work on the other."
            ),
            "fr": (
                "Notre approche en matière d'identité numérique, assortie de trois niveaux "
                "d'assurance, a été approuvée en mars 2025, et le service provincial d'ouverture "
                "de session est en service depuis octobre 2025. Il dessert maintenant 9 services "
                "et environ 140 000 comptes, mais la plupart des programmes gèrent encore leur "
                "propre ouverture de session. Nous visons le niveau « Chef de file », car la "
                "reconnaissance mutuelle avec une province voisine est la mesure la plus utile que "
                "nous puissions prendre pour les gens qui habitent d'un côté de la frontière et "
                "travaillent de l'autre."
            ),
        },
        "evidence": {
            "en": (
                "Digital Identity Approach and Levels of Assurance, March 2025 "
                "(https://www.example.ca/digital-identity); sign-in service monthly report, "
                "February 2026 (SignIn-Report-2026-02.pdf)."
            ),
            "fr": (
                "Approche en matière d'identité numérique et niveaux d'assurance, mars 2025 "
                "(https://www.example.ca/identite-numerique); rapport mensuel du service "
                "d'ouverture de session, février 2026 (SignIn-Report-2026-02.pdf)."
            ),
        },
    },
    "security": {
        "current": 3,
        "target": 4,
        "priority": "medium",
        "role": "contributes",
        "capacity": "yes",
        "comment": {
            "en": (
                "Since the 2023 Information Security Directive, every new service needs a security "
                "assessment and authorization before launch, and the security operations centre "
                "monitors all government networks around the clock. The incident response plan "
                "was tested in a ransomware tabletop exercise in November 2025. What keeps us from "
                "“Leading” is measurement: we do not yet track patching times or report security "
                "indicators to deputy ministers."
            ),
            "fr": (
                "Depuis la Directive sur la sécurité de l'information de 2023, tout nouveau "
                "service doit obtenir une évaluation et une autorisation de sécurité avant sa mise "
                "en service, et le centre des opérations de sécurité surveille tous les réseaux "
                "gouvernementaux jour et nuit. Le plan d'intervention en cas d'incident a été mis "
                "à l'essai en novembre 2025 lors d'un exercice sur table simulant une attaque par "
                "rançongiciel. Pour atteindre le niveau « Chef de file », il nous manque la "
                "mesure : nous ne suivons pas encore les délais d'application des correctifs et ne "
                "présentons aucun indicateur de sécurité aux sous-ministres."
            ),
        },
        "evidence": {
            "en": (
                "Information Security Directive, 2023 "
                "(https://www.example.ca/ocio/security-directive); ransomware tabletop exercise "
                "after-action report, November 2025 (SEC-TTX-2025-11.pdf)."
            ),
            "fr": (
                "Directive sur la sécurité de l'information, 2023 "
                "(https://www.example.ca/bdpi/directive-securite); rapport post-exercice sur "
                "table (rançongiciel), novembre 2025 (SEC-TTX-2025-11.pdf)."
            ),
        },
    },
    "data_sharing": {
        "current": 1,
        "target": 3,
        "priority": "high",
        "role": "co_leads",
        "capacity": "partly",
        "comment": {
            "en": (
                "Every exchange is negotiated separately: we count 57 information-sharing "
                "agreements between departments, each drafted from scratch, and most transfers "
                "are still flat files over secure FTP. Seniors who apply for both the drug benefit "
                "and the property tax deferral give us the same income information twice. A "
                "standard agreement template would save months on every new exchange, and we would "
                "rather build it once with the other jurisdictions."
            ),
            "fr": (
                "Chaque échange est négocié à la pièce : nous dénombrons 57 ententes d'échange de "
                "renseignements entre ministères, toutes rédigées à partir de zéro, et la plupart "
                "des transferts se font encore par fichiers plats sur FTP sécurisé. Les aînés qui "
                "demandent à la fois le régime d'assurance-médicaments et le report de l'impôt "
                "foncier nous fournissent deux fois les mêmes renseignements sur leur revenu. Un "
                "modèle d'entente normalisé ferait gagner des mois à chaque nouvel échange, et "
                "nous préférerions le concevoir une fois pour toutes avec les autres "
                "administrations."
            ),
        },
        "evidence": {
            "en": (
                "Inventory of information-sharing agreements, January 2026 "
                "(ISA-Inventory-2026-01.xlsx); Information and Privacy Commissioner, annual "
                "report 2024–25, chapter 3 (https://www.example.ca/ipc/annual-report-2024-25)."
            ),
            "fr": (
                "Inventaire des ententes d'échange de renseignements, janvier 2026 "
                "(ISA-Inventory-2026-01.xlsx); Commissaire à l'information et à la protection de "
                "la vie privée, rapport annuel 2024-2025, chapitre 3 "
                "(https://www.example.ca/cipvp/rapport-annuel-2024-2025)."
            ),
        },
    },
    "open_data": {
        "current": 2,
        "target": 3,
        "priority": "low",
        "role": "contributes",
        "capacity": "yes",
        "comment": {
            "en": (
                "We adopted the Open Government Licence and an open data policy in 2019, and the "
                "portal holds about 1,150 datasets, but 70% of them come from three departments "
                "and many have not been refreshed since 2022. Whether a department publishes "
                "depends on whether its data steward has the time. A data inventory and a release "
                "plan tied to the annual business plans would take us to “Established”."
            ),
            "fr": (
                "Nous avons adopté la Licence du gouvernement ouvert et une politique sur les "
                "données ouvertes en 2019, et le portail compte environ 1 150 jeux de données; "
                "toutefois, 70 % d'entre eux proviennent de trois ministères et bon nombre n'ont "
                "pas été mis à jour depuis 2022. La publication dépend du temps dont dispose "
                "l'intendant des données de chaque ministère. Un inventaire des données et un plan "
                "de publication rattachés aux plans d'activités annuels nous mèneraient au niveau "
                "« Établi »."
            ),
        },
        "evidence": {
            "en": (
                "Open data portal (https://open.example.ca); Open Data Policy, 2019 "
                "(https://www.example.ca/open-data-policy)."
            ),
            "fr": (
                "Portail de données ouvertes (https://ouvert.example.ca); Politique sur les "
                "données ouvertes, 2019 (https://www.example.ca/politique-donnees-ouvertes)."
            ),
        },
    },
    "procurement": {
        "current": 3,
        "target": 2,
        "priority": "low",
        "role": "contributes",
        "capacity": "yes",
        "comment": {
            "en": (
                "Agile and outcome-based contract templates are standard practice, our own digital "
                "marketplace has run since 2021 with 38 active call-ups, and 45 procurement "
                "officers are trained to use it. We set the target one level lower on purpose: in "
                "January 2026 Treasury Board decided to close the marketplace when its platform "
                "contract ends in March 2027 and to buy through federal and multi-jurisdiction "
                "vehicles instead. We will keep a few templates and a small trained team, not a "
                "full set of vehicles of our own."
            ),
            "fr": (
                "Les modèles de contrats agiles et axés sur les résultats sont d'usage courant, "
                "notre propre plateforme d'achat de services numériques est en service depuis 2021 "
                "(38 commandes subséquentes actives) et 45 agents d'approvisionnement ont été "
                "formés pour l'utiliser. Nous avons délibérément fixé la cible un niveau plus "
                "bas : en janvier 2026, le Conseil du Trésor a décidé de fermer la plateforme à "
                "l'échéance de son contrat, en mars 2027, et de passer plutôt par des mécanismes "
                "fédéraux et interadministrations. Nous garderons quelques modèles et une petite "
                "équipe formée, plutôt qu'une gamme complète de mécanismes bien à nous."
            ),
        },
        "evidence": {
            "en": (
                "Treasury Board decision TB-2026-007, Digital marketplace wind-down "
                "(Deck-Council-2026-03.pdf, slide 14); digital marketplace annual report 2025 "
                "(https://www.example.ca/procurement/marketplace-2025)."
            ),
            "fr": (
                "Décision du Conseil du Trésor TB-2026-007, fermeture de la plateforme d'achat "
                "numérique (Deck-Council-2026-03.pdf, diapositive 14); rapport annuel 2025 de la "
                "plateforme d'achat numérique "
                "(https://www.example.ca/approvisionnement/plateforme-2025)."
            ),
        },
    },
}

# Answers to the two workshop questions, keyed by the framework's question ids.
DEMO_ANSWERS: Final[dict[str, dict[str, str]]] = {
    "council_role": {
        "en": (
            "The Joint Councils should own the parts of a national digital strategy that no "
            "jurisdiction can deliver alone: the shared vision and roadmap, the pan-Canadian "
            "governance that keeps us aligned, and the map of the ecosystem. They should co-lead "
            "the common enablers (digital identity, data sharing and digital talent) with the "
            "jurisdictions and with pan-Canadian standards bodies. Security, open data, IT "
            "capacity and procurement are led elsewhere; there the Councils add coordination and "
            "shared tools. Legislation and public-service culture stay with each jurisdiction.\n\n"
            "Today the Councils are not organized to keep these commitments. Working groups are "
            "staffed off the side of people's desks, the secretariat has no one dedicated to "
            "digital strategy, and decisions taken at the twice-yearly meetings are not tracked in "
            "between. Our own jurisdiction can commit a lead for identity and two analysts for "
            "data sharing, and no more.\n\n"
            "To take on this role, the Councils need a standing digital strategy working group "
            "with terms of reference, a small funded team at the secretariat (cost-shared by "
            "population), and a yearly report back comparing the jurisdictions' self-assessments, "
            "starting with this one."
        ),
        "fr": (
            "Les conseils mixtes devraient être responsables des éléments d'une stratégie "
            "numérique nationale qu'aucune administration ne peut réaliser seule : la vision et la "
            "feuille de route communes, la gouvernance pancanadienne qui assure notre cohérence et "
            "la carte de l'écosystème. Ils devraient partager la direction des facilitateurs "
            "communs (identité numérique, partage des données et talents numériques) avec les "
            "administrations et les organismes de normalisation pancanadiens. La sécurité, les "
            "données ouvertes, la capacité des TI et l'approvisionnement relèvent d'autres "
            "instances; les conseils y apportent coordination et outils communs. La législation et "
            "la culture de la fonction publique relèvent de chaque administration.\n\n"
            "Aujourd'hui, les conseils ne sont pas organisés pour tenir ces engagements. "
            "Les groupes de travail reposent sur des gens qui s'y consacrent en marge de leurs "
            "tâches, le secrétariat n'a personne d'affecté à la stratégie numérique et les "
            "décisions prises aux deux réunions annuelles ne sont pas suivies dans "
            "l'intervalle. Notre administration peut affecter une personne responsable de "
            "l'identité et deux analystes au partage des données, sans plus.\n\n"
            "Pour jouer ce rôle, les conseils ont besoin d'un groupe de travail permanent sur la "
            "stratégie numérique doté d'un mandat, d'une petite équipe financée au secrétariat "
            "(coûts partagés au prorata de la population) et d'un compte rendu annuel comparant "
            "les autoévaluations des administrations, à commencer par celle-ci."
        ),
    },
    "crunchy_measures": {
        "en": (
            "Five measures we can deliver within 18 months, each with an owner and a date:\n\n"
            "1. Digital identity pilot across two provinces: by March 2027, each of two "
            "neighbouring provinces accepts the other's digital identity for at least one "
            "service, under the Pan-Canadian Trust Framework.\n"
            "2. Common data-sharing agreement template: by December 2026, a model agreement with "
            "privacy clauses reviewed by three commissioners' offices, which any two "
            "jurisdictions can sign as is.\n"
            "3. Pan-Canadian digital talent exchange: from September 2026, ten assignments of 6 "
            "to 12 months between jurisdictions for UX, data and security specialists, under one "
            "agreement on pay and security clearances.\n"
            "4. Shared catalogue of reusable components: by June 2027, a public list of the open "
            "source code, contract templates and service patterns that jurisdictions already "
            "share, kept by the secretariat.\n"
            "5. A yearly, comparable self-assessment: repeat this assessment every fall, collated "
            "by the secretariat, so that the Councils report progress by theme each February.\n\n"
            "A lead jurisdiction should be named for each measure at the next Joint Councils "
            "meeting."
        ),
        "fr": (
            "Cinq mesures réalisables en 18 mois, chacune avec un responsable et une "
            "échéance :\n\n"
            "1. Projet pilote d'identité numérique entre deux provinces : d'ici mars 2027, deux "
            "provinces voisines acceptent chacune l'identité numérique de l'autre pour au moins "
            "un service, conformément au Cadre de confiance pancanadien.\n"
            "2. Modèle commun d'entente d'échange de données : d'ici décembre 2026, un modèle "
            "d'entente dont les clauses sur la protection des renseignements personnels ont été "
            "examinées par trois commissariats, que deux administrations peuvent signer tel "
            "quel.\n"
            "3. Échange pancanadien de talents numériques : dès septembre 2026, dix affectations "
            "de 6 à 12 mois entre administrations pour des spécialistes de l'expérience "
            "utilisateur, des données et de la sécurité, régies par une seule entente sur la "
            "rémunération et les cotes de sécurité.\n"
            "4. Catalogue commun de composantes réutilisables : d'ici juin 2027, une liste "
            "publique du code source ouvert, des modèles de contrats et des modèles de services "
            "que les administrations mettent déjà en commun, tenue par le secrétariat.\n"
            "5. Une autoévaluation annuelle comparable : reprendre la présente autoévaluation "
            "chaque automne, regroupée par le secrétariat, pour que les conseils rendent compte "
            "des progrès par thème chaque février.\n\n"
            "Une administration responsable devrait être désignée pour chaque mesure à la "
            "prochaine réunion des conseils mixtes."
        ),
    },
}

# The workshop works in groups of four; these are the demo group's members.
DEMO_PARTICIPANTS: Final[list[dict[str, Any]]] = [
    {
        "name": "Nathalie Bergeron",
        "title": {
            "en": "Chief Information Officer and Chief Digital Officer",
            "fr": "Dirigeante principale de l'information et du numérique",
        },
        "organization": {
            "en": "Office of the Chief Information Officer",
            "fr": "Bureau du dirigeant principal de l'information",
        },
    },
    {
        "name": "Harpreet Sandhu",
        "title": {
            "en": "Executive Director, Service Delivery",
            "fr": "Directeur général, Prestation des services",
        },
        "organization": {
            "en": "Service Delivery Branch",
            "fr": "Direction générale de la prestation des services",
        },
    },
    {
        "name": "Mei Lin Wong",
        "title": {
            "en": "Senior Policy Analyst, Digital Strategy",
            "fr": "Analyste principale des politiques, Stratégie numérique",
        },
        "organization": {
            "en": "Digital Policy Secretariat",
            "fr": "Secrétariat des politiques numériques",
        },
    },
    {
        "name": "Daniel Okafor",
        "title": {
            "en": "Chief Information Security Officer",
            "fr": "Dirigeant principal de la sécurité de l'information",
        },
        "organization": {
            "en": "Office of the Chief Information Officer",
            "fr": "Bureau du dirigeant principal de l'information",
        },
    },
]
