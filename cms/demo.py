"""Demo content of the network site: home page, kit library, six kits and the two referent trainings.

Idempotent: pages are looked up by slug and created only when missing. Other demo seeders
find the kits by their slug (``DEMO_KIT_SLUGS``).
"""

import json

from django.conf import settings
from wagtail.models import Page, Site
from wagtail.search import index as search_index

from cms.enums import Audience, Licence
from cms.models import HomeFeaturedKit, HomePage, KitIndexPage, KitPage, TrainingPage
from cms.services import kit_workflow_assign
from figures.enums import Equipment, Level, Theme


def _step(title, duration, instructions, materials=(), tips=""):
    return {
        "type": "step",
        "value": {
            "title": title,
            "duration": duration,
            "instructions": instructions,
            "materials": list(materials),
            "tips": tips,
        },
    }


KITS = [
    {
        "slug": "arnaques-en-ligne",
        "title": "Déjouer les arnaques en ligne : hameçonnage, faux SMS et faux conseillers",
        "summary": (
            "Un atelier pour reconnaître les arnaques les plus courantes (faux colis, faux remboursement "
            "Ameli, faux conseiller bancaire), savoir quoi faire avant de cliquer et comment réagir "
            "quand on s'est fait avoir."
        ),
        "objectives": (
            "<ul><li>Repérer les signes d'un message frauduleux (expéditeur, urgence, lien, faute).</li>"
            "<li>Savoir vérifier une information sans cliquer sur le lien reçu.</li>"
            "<li>Connaître les bons réflexes après une arnaque : banque, 17 Cybermalveillance, Pharos, 33700.</li></ul>"
        ),
        "themes": [Theme.SECURITY, Theme.EMAIL, Theme.BANKING],
        "level": Level.BEGINNER,
        "duration_minutes": 90,
        "group_size": (4, 10),
        "equipment": [Equipment.PHONE, Equipment.COMPUTER],
        "audiences": [Audience.ALL, Audience.SENIORS],
        "audience_details": "Toute personne qui reçoit des SMS ou des courriels ; aucun prérequis.",
        "steps": [
            _step(
                "Tour de table : « Avez-vous déjà reçu un message bizarre ? »",
                15,
                "<p>Chaque participant raconte, s'il le souhaite, un message suspect reçu. Notez au tableau "
                "les situations : colis, impôts, CAF, banque, compte bloqué.</p>",
                ["Tableau ou paperboard", "Feutres"],
                "<p>Ne jugez personne : beaucoup de participants ont honte d'avoir cliqué. Dites-le : "
                "« les escrocs sont des professionnels ».</p>",
            ),
            _step(
                "Le jeu du vrai ou faux",
                30,
                "<p>Projetez ou distribuez 8 captures de messages (4 vrais, 4 arnaques). En binôme, les "
                "participants classent chaque message et justifient leur choix. Correction collective : "
                "adresse de l'expéditeur, lien raccourci, urgence, demande de code.</p>",
                ["Fiches « vrai ou faux » imprimées", "Vidéoprojecteur (facultatif)"],
                "<p>Rappelez la règle d'or : un organisme sérieux ne demande jamais un mot de passe ou un code "
                "reçu par SMS.</p>",
            ),
            _step(
                "Vérifier sans cliquer",
                25,
                "<p>Sur leur téléphone, les participants ouvrent eux-mêmes le site officiel (ameli.fr, "
                "impots.gouv.fr, l'application de la banque) au lieu de suivre le lien reçu. Montrez comment "
                "signaler un SMS au 33700 et un courriel comme indésirable.</p>",
                ["Téléphones des participants", "Connexion wifi"],
            ),
            _step(
                "Que faire si on s'est fait avoir ?",
                20,
                "<p>Construisez ensemble la fiche réflexe : appeler sa banque pour faire opposition, changer "
                "ses mots de passe, porter plainte, se faire aider sur cybermalveillance.gouv.fr. Chacun repart "
                "avec la fiche.</p>",
                ["Fiche réflexe « victime d'une arnaque »"],
            ),
        ],
    },
    {
        "slug": "acceder-a-ses-droits-en-ligne",
        "title": "Accéder à ses droits en ligne : FranceConnect, Ameli et CAF",
        "summary": (
            "Créer son compte Ameli, se connecter avec FranceConnect et retrouver une attestation de droits "
            "ou un relevé CAF : l'atelier pour gagner en autonomie dans ses démarches sociales."
        ),
        "objectives": (
            "<ul><li>Comprendre ce qu'est FranceConnect et choisir son identifiant.</li>"
            "<li>Télécharger une attestation de droits sur ameli.fr.</li>"
            "<li>Savoir où trouver de l'aide (France services, conseiller numérique).</li></ul>"
        ),
        "themes": [Theme.ADMIN_HELP, Theme.ADMIN_SOCIAL, Theme.BROWSING],
        "level": Level.INTERMEDIATE,
        "duration_minutes": 120,
        "group_size": (3, 8),
        "equipment": [Equipment.COMPUTER, Equipment.PHONE],
        "audiences": [Audience.ALL, Audience.SENIORS, Audience.JOB_SEEKERS],
        "audience_details": (
            "Savoir utiliser la souris et le clavier ; venir avec sa carte Vitale et son numéro de sécurité sociale."
        ),
        "steps": [
            _step(
                "Les démarches que je fais (ou que je n'arrive pas à faire)",
                15,
                "<p>Listez avec le groupe les démarches de chacun : attestation, remboursements, prime "
                "d'activité, aide au logement. Repérez les organismes concernés.</p>",
                ["Paperboard"],
            ),
            _step(
                "FranceConnect : une seule porte d'entrée",
                30,
                "<p>Expliquez le principe : se connecter à un service public avec un compte qu'on a déjà "
                "(impots.gouv.fr, Ameli, La Poste, MSA). Chaque participant identifie le compte qu'il utilisera.</p>",
                ["Schéma FranceConnect imprimé"],
                "<p>Ne saisissez jamais les identifiants à la place de la personne ; guidez-la.</p>",
            ),
            _step(
                "Télécharger son attestation de droits",
                45,
                "<p>Pas à pas sur ameli.fr : se connecter, ouvrir « Mes démarches », télécharger l'attestation, "
                "l'enregistrer et l'envoyer par courriel à soi-même.</p>",
                ["Ordinateurs connectés", "Cartes Vitale des participants"],
            ),
            _step(
                "Où trouver de l'aide",
                30,
                "<p>Présentez les lieux d'aide du territoire (France services, CCAS, conseillers numériques) "
                "et le dispositif Aidants Connect. Chacun note un lieu proche de chez lui.</p>",
                ["Carte des lieux d'aide du territoire"],
            ),
        ],
    },
    {
        "slug": "reseaux-sociaux-cyberharcelement",
        "title": "Réseaux sociaux et cyberharcèlement : se protéger et réagir",
        "summary": (
            "Régler la confidentialité de ses comptes, comprendre ce que l'on partage et savoir réagir face "
            "au cyberharcèlement, pour soi ou pour ses enfants."
        ),
        "objectives": (
            "<ul><li>Paramétrer la confidentialité d'un compte Facebook, Instagram ou TikTok.</li>"
            "<li>Reconnaître une situation de cyberharcèlement.</li>"
            "<li>Connaître les recours : signalement, 3018, Pharos, dépôt de plainte.</li></ul>"
        ),
        "themes": [Theme.SOCIAL_NETWORKS, Theme.SECURITY, Theme.PARENTING],
        "level": Level.INTERMEDIATE,
        "duration_minutes": 120,
        "group_size": (4, 12),
        "equipment": [Equipment.PHONE],
        "audiences": [Audience.PARENTS, Audience.YOUNG],
        "audience_details": "Parents et jeunes à partir de 15 ans ; avoir un compte sur un réseau social.",
        "steps": [
            _step(
                "Ce que je partage, qui le voit ?",
                30,
                "<p>Chaque participant cherche son propre nom dans un moteur de recherche puis regarde son "
                "profil « en tant que public ». Discussion : qu'est-ce qui est visible de tous ?</p>",
                ["Téléphones des participants"],
            ),
            _step(
                "Régler la confidentialité",
                40,
                "<p>Pas à pas : compte privé, qui peut me contacter, identification sur les photos, "
                "localisation. Chacun applique les réglages sur son compte.</p>",
                ["Fiches « réglages » par réseau social"],
                "<p>Les menus changent souvent : vérifiez les fiches avant l'atelier.</p>",
            ),
            _step(
                "Cyberharcèlement : reconnaître et réagir",
                35,
                "<p>À partir de trois situations (moqueries en groupe, photo partagée sans accord, menaces), "
                "le groupe identifie ce qui relève du harcèlement et les réponses : capture d'écran, blocage, "
                "signalement, appel au 3018, plainte.</p>",
                ["Cartes situations"],
                "<p>Le sujet peut réveiller des souvenirs douloureux : prévoyez un temps d'échange individuel.</p>",
            ),
            _step("Bilan", 15, "<p>Chacun note un réglage qu'il a changé et un numéro utile.</p>"),
        ],
    },
    {
        "slug": "premiers-pas-ordinateur",
        "title": "Premiers pas sur l'ordinateur : souris, clavier et fenêtres",
        "summary": (
            "La première séance d'un parcours débutant : allumer l'ordinateur, manier la souris, écrire au "
            "clavier, ouvrir et fermer une fenêtre, sans peur de « casser » quelque chose."
        ),
        "objectives": (
            "<ul><li>Allumer, éteindre et se connecter à une session.</li>"
            "<li>Cliquer, double-cliquer et faire glisser avec la souris.</li>"
            "<li>Écrire une phrase avec majuscules et accents.</li></ul>"
        ),
        "themes": [Theme.DEVICE_HANDLING, Theme.DIAGNOSTIC],
        "level": Level.BEGINNER,
        "duration_minutes": 120,
        "group_size": (2, 6),
        "equipment": [Equipment.COMPUTER],
        "audiences": [Audience.SENIORS, Audience.ALL],
        "audience_details": "Personnes n'ayant jamais ou très peu utilisé un ordinateur.",
        "steps": [
            _step(
                "Faire connaissance et repérer les peurs",
                15,
                "<p>Chacun dit ce qu'il aimerait faire avec un ordinateur. Rassurez : on ne casse pas un "
                "ordinateur en cliquant.</p>",
            ),
            _step(
                "L'ordinateur et ses éléments",
                20,
                "<p>Montrez l'unité centrale ou le portable, l'écran, la souris, le clavier, le bouton "
                "marche. Chaque participant allume sa machine et ouvre sa session.</p>",
                ["Un ordinateur par participant", "Identifiants de session"],
            ),
            _step(
                "Apprivoiser la souris",
                40,
                "<p>Exercices progressifs : pointer, cliquer, double-cliquer, faire glisser (jeu de cartes "
                "Solitaire ou site d'exercices de souris).</p>",
                ["Tapis de souris"],
                "<p>Posez votre main sur celle de la personne seulement si elle est d'accord.</p>",
            ),
            _step(
                "Écrire au clavier",
                35,
                "<p>Dans un traitement de texte, écrire son prénom, une phrase avec une majuscule, un accent "
                "et un point ; effacer une lettre ; passer à la ligne.</p>",
                ["Fiche « les touches utiles » agrandie"],
            ),
            _step("Éteindre proprement", 10, "<p>Fermer les fenêtres, puis éteindre par le menu Démarrer.</p>"),
        ],
    },
    {
        "slug": "premiers-pas-tablette",
        "title": "Premiers pas sur la tablette : gestes, applications et réglages",
        "summary": (
            "Découvrir la tablette tactile : les gestes de base, l'écran d'accueil, installer une application "
            "et régler la taille du texte pour un confort de lecture."
        ),
        "objectives": (
            "<ul><li>Maîtriser les gestes : toucher, glisser, pincer pour zoomer.</li>"
            "<li>Ouvrir, fermer et organiser ses applications.</li>"
            "<li>Installer une application depuis la boutique officielle.</li></ul>"
        ),
        "themes": [Theme.DEVICE_HANDLING, Theme.CONTENT],
        "level": Level.BEGINNER,
        "duration_minutes": 120,
        "group_size": (2, 6),
        "equipment": [Equipment.TABLET],
        "audiences": [Audience.SENIORS, Audience.DISABILITY],
        "audience_details": "Débutants ; convient aux personnes qui ont des difficultés avec la souris.",
        "steps": [
            _step(
                "Allumer et déverrouiller",
                15,
                "<p>Bouton marche, code de déverrouillage, écran d'accueil. Chacun allume sa tablette.</p>",
                ["Une tablette par participant, chargée"],
            ),
            _step(
                "Les gestes de base",
                35,
                "<p>Toucher, appui long, glisser, pincer pour zoomer, revenir à l'accueil. Entraînement avec "
                "l'application Photos et une carte.</p>",
                tips="<p>Les doigts secs ou froids sont mal reconnus : prévoyez un stylet.</p>",
            ),
            _step(
                "Régler pour son confort",
                25,
                "<p>Taille du texte, luminosité, volume, connexion au wifi.</p>",
            ),
            _step(
                "Installer une application",
                35,
                "<p>Depuis le Play Store ou l'App Store, installer une application utile (météo, "
                "transports en commun), l'ouvrir puis la désinstaller.</p>",
                ["Compte Google ou Apple de démonstration"],
                "<p>Méfiez-vous des applications payantes ou pleines de publicités : regardez l'éditeur.</p>",
            ),
            _step("Bilan", 10, "<p>Chacun montre un geste appris à son voisin.</p>"),
        ],
    },
    {
        "slug": "creer-et-utiliser-son-e-mail",
        "title": "Créer et utiliser son adresse e-mail",
        "summary": (
            "Créer une adresse e-mail, choisir un mot de passe solide, lire, écrire et envoyer un message "
            "avec une pièce jointe : indispensable pour toutes les démarches en ligne."
        ),
        "objectives": (
            "<ul><li>Créer une adresse e-mail et un mot de passe solide.</li>"
            "<li>Lire, écrire, répondre et envoyer une pièce jointe.</li>"
            "<li>Reconnaître un courriel indésirable.</li></ul>"
        ),
        "themes": [Theme.EMAIL, Theme.SECURITY],
        "level": Level.BEGINNER,
        "duration_minutes": 90,
        "group_size": (2, 8),
        "equipment": [Equipment.COMPUTER, Equipment.PHONE],
        "audiences": [Audience.ALL, Audience.JOB_SEEKERS],
        "audience_details": "Savoir utiliser la souris et le clavier, ou un téléphone tactile.",
        "steps": [
            _step(
                "À quoi sert une adresse e-mail ?",
                10,
                "<p>Recevoir ses factures, ses convocations, ses identifiants : l'adresse e-mail est la clé "
                "des démarches en ligne.</p>",
            ),
            _step(
                "Créer son adresse",
                30,
                "<p>Choisir un fournisseur, un identifiant simple (prénom.nom) et un mot de passe solide "
                "(une phrase de passe). Noter ses identifiants sur la fiche confidentielle.</p>",
                ["Fiche « mes identifiants » à garder chez soi"],
                "<p>Vérifiez que chacun a accès au téléphone indiqué pour la récupération du compte.</p>",
            ),
            _step(
                "Écrire et envoyer",
                35,
                "<p>Envoyer un message à l'animateur, répondre à son message, joindre une photo ou un document.</p>",
                ["Un document exemple à joindre"],
            ),
            _step(
                "Les indésirables",
                15,
                "<p>Ouvrir le dossier des indésirables, reconnaître une publicité et une tentative d'hameçonnage.</p>",
            ),
        ],
    },
]

DEMO_KIT_SLUGS = [kit["slug"] for kit in KITS]

TRAININGS = [
    {
        "slug": "decouvrir-inclusion-numerique",
        "title": "Découvrir l'inclusion numérique : enjeux, diagnostic et acteurs",
        "summary": (
            "Première journée de formation des référents : comprendre l'exclusion numérique, repérer les "
            "besoins d'une personne et connaître les acteurs vers qui l'orienter."
        ),
        "objectives": (
            "<ul><li>Connaître les chiffres et les causes de l'exclusion numérique.</li>"
            "<li>Réaliser un diagnostic des compétences numériques d'une personne.</li>"
            "<li>Identifier les acteurs du territoire et savoir orienter.</li></ul>"
        ),
        "programme": [
            ("Matin : l'exclusion numérique, de quoi parle-t-on ?", 180,
             "<p>Chiffres clés, publics concernés, freins matériels, de compétences et de confiance.</p>"),
            ("Après-midi : diagnostiquer et orienter", 210,
             "<p>Prise en main de l'outil de diagnostic, mises en situation, cartographie des acteurs locaux.</p>"),
        ],
    },
    {
        "slug": "former-competences-numeriques-de-base",
        "title": "Former aux compétences numériques de base",
        "summary": (
            "Deuxième journée : animer un atelier collectif et un parcours d'initiation, avec les kits du "
            "réseau, et tracer ses accompagnements sur la plateforme."
        ),
        "objectives": (
            "<ul><li>Préparer et animer un atelier à partir d'un kit.</li>"
            "<li>Adapter sa posture aux personnes débutantes.</li>"
            "<li>Enregistrer ses ateliers et ses parcours sur la plateforme.</li></ul>"
        ),
        "programme": [
            ("Matin : la posture d'animateur", 180,
             "<p>Faire avec et non à la place, reformuler, gérer un groupe hétérogène.</p>"),
            ("Après-midi : animer avec un kit", 210,
             "<p>Les participants animent une séquence d'un kit en sous-groupes, puis la tracent sur la "
             "plateforme.</p>"),
        ],
    },
]  # fmt: skip


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def home_ensure() -> HomePage:
    """The network site's home page, root of the default Wagtail site."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Relais numérique",
                slug="accueil",
                intro=(
                    "<p>Le réseau accompagne des structures sociales (CCAS, ESAT, associations) pour qu'elles "
                    "deviennent des relais de l'inclusion numérique : formation des référents, kits "
                    "d'animation clés en main et suivi des résultats.</p>"
                ),
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    welcome = site.root_page if site.pk else None
    site.hostname, site.port, site.root_page, site.site_name = (
        settings.BASE_DOMAIN,
        80,
        home,
        settings.WAGTAIL_SITE_NAME,
    )
    site.save()
    # Wagtail's placeholder "Welcome" page is useless once the home page is the site's root.
    if welcome is not None and welcome.pk != home.pk and welcome.specific_class is Page and not welcome.get_children():
        welcome.delete()
    return home


def kit_index_ensure(home: HomePage) -> KitIndexPage:
    index = KitIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=KitIndexPage(
                title="Kits d'animation",
                slug="kits",
                intro=(
                    "<p>Des ateliers clés en main écrits par les formateurs du réseau : objectifs, déroulé "
                    "pas à pas, matériel et conseils d'animation. Imprimez-les, animez, puis donnez votre avis.</p>"
                ),
            )
        )
        index.save_revision().publish()
    kit_workflow_assign(index=index)
    return index


def seed(stdout=None) -> None:
    home = home_ensure()
    index = kit_index_ensure(home)
    for data in KITS:
        kit = KitPage.objects.child_of(index).filter(slug=data["slug"]).first()
        if kit is None:
            low, high = data["group_size"]
            kit = KitPage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                objectives=data["objectives"],
                themes=[str(code) for code in data["themes"]],
                level=data["level"],
                duration_minutes=data["duration_minutes"],
                group_size_min=low,
                group_size_max=high,
                equipment=[str(code) for code in data["equipment"]],
                audiences=[str(code) for code in data["audiences"]],
                audience_details=data["audience_details"],
                licence=Licence.ETALAB,
                steps=json.dumps(data["steps"]),
                live=False,
            )
            index.add_child(instance=kit)
            kit.save_revision().publish()
            _say(stdout, f"Kit published: {kit.title}")
        # Index now: in development, Wagtail's background tasks may have no worker running.
        search_index.insert_or_update_object(kit)
    for position, slug in enumerate(DEMO_KIT_SLUGS[:3]):
        kit = KitPage.objects.get(slug=slug)
        HomeFeaturedKit.objects.get_or_create(page=home, kit=kit, defaults={"sort_order": position})
    for data in TRAININGS:
        if TrainingPage.objects.child_of(home).filter(slug=data["slug"]).exists():
            continue
        training = TrainingPage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            objectives=data["objectives"],
            audience="Référents des structures relais (travailleurs sociaux, agents d'accueil)",
            duration_hours=7,
            programme=json.dumps(
                [
                    {"type": "sequence", "value": {"title": title, "duration": minutes, "content": content}}
                    for title, minutes, content in data["programme"]
                ]
            ),
            live=False,
        )
        home.add_child(instance=training)
        training.save_revision().publish()
