"""Demo accounts and the pilot's five relay structures (Hauts-de-France, 2022–2023)."""

import functools

from django.contrib.auth.hashers import make_password

from tenants.enums import MembershipRole, NetworkRole, StructureKind, StructureStatus
from tenants.models import Structure, User
from tenants.services import membership_set, structure_create

DEMO_PASSWORD = "demo-relais-2023"

PILOT_STRUCTURES = [
    {
        "slug": "houplines", "name": "CCAS d'Houplines", "kind": StructureKind.CCAS,
        "commune": "Houplines", "postcode": "59116", "insee_code": "59317",
        "address": "Place du Général de Gaulle", "siret": "26590214100018",
        "latitude": "50.694600", "longitude": "2.915100",
    },
    {
        "slug": "leers", "name": "CCAS de Leers", "kind": StructureKind.CCAS,
        "commune": "Leers", "postcode": "59115", "insee_code": "59339",
        "address": "Place Jean Jaurès", "siret": "26590233100015",
        "latitude": "50.682200", "longitude": "3.243300",
    },
    {
        "slug": "haubourdin", "name": "CCAS d'Haubourdin", "kind": StructureKind.CCAS,
        "commune": "Haubourdin", "postcode": "59320", "insee_code": "59286",
        "address": "Place Ernest Blondeau", "siret": "26590192900017",
        "latitude": "50.608900", "longitude": "2.987600",
    },
    {
        "slug": "faches-thumesnil", "name": "CCAS de Fâches-Thumesnil", "kind": StructureKind.CCAS,
        "commune": "Faches-Thumesnil", "postcode": "59155", "insee_code": "59220",
        "address": "Rue Kléber", "siret": "26590168900017",
        "latitude": "50.589400", "longitude": "3.070800",
    },
    {
        "slug": "ateliers-de-la-lys", "name": "ESAT Les Ateliers de la Lys (AFEJI)", "kind": StructureKind.ESAT,
        "commune": "Armentières", "postcode": "59280", "insee_code": "59017",
        "address": "Rue de Lille", "siret": "78390418700417",
        "latitude": "50.686800", "longitude": "2.881300",
    },
]  # fmt: skip

# The structures of the three other programmes of the articles (``training.demo_programmes`` creates them
# with their records, ``network.demo_programmes`` their programmes).
BAGNOLET = {
    "slug": "ccas-bagnolet", "name": "CCAS de Bagnolet", "kind": StructureKind.CCAS,
    "commune": "Bagnolet", "postcode": "93170", "insee_code": "93006", "address": "Place Salvador Allende",
    "latitude": "48.869300", "longitude": "2.418200",
    "summary": "Centre communal d'action sociale : ateliers informatiques au service insertion RSA et à la "
    "résidence pour personnes âgées, dons d'ordinateurs et aides à l'abonnement internet.",
}  # fmt: skip
CHARENTE = {
    "slug": "nouveaux-commerciaux", "name": "Les Nouveaux Commerciaux (Charente)", "kind": StructureKind.OTHER,
    "commune": "Angoulême", "postcode": "16000", "insee_code": "16015", "address": "Rue de Périgueux",
    "latitude": "45.648400", "longitude": "0.156200",
    "summary": "Entreprise de formation au numérique : réunions de sensibilisation et accompagnement "
    "individuel des bénéficiaires du RSA pour le Département de la Charente.",
}  # fmt: skip
LANDES = [
    {"slug": "landes-morcenx", "name": "Médiathèque de Morcenx-la-Nouvelle", "kind": StructureKind.LIBRARY,
     "commune": "Morcenx-la-Nouvelle", "postcode": "40110", "insee_code": "40197", "address": "Rue des Écoles",
     "latitude": "44.035900", "longitude": "-0.910500"},
    {"slug": "landes-mont-de-marsan", "name": "CCAS de Mont-de-Marsan", "kind": StructureKind.CCAS,
     "commune": "Mont-de-Marsan", "postcode": "40000", "insee_code": "40192", "address": "Place du Général Leclerc",
     "latitude": "43.890200", "longitude": "-0.499200"},
    {"slug": "landes-dax", "name": "CCAS de Dax", "kind": StructureKind.CCAS,
     "commune": "Dax", "postcode": "40100", "insee_code": "40088", "address": "Rue Saint-Pierre",
     "latitude": "43.710200", "longitude": "-1.053800"},
    {"slug": "landes-mimizan", "name": "France services de Mimizan", "kind": StructureKind.FRANCE_SERVICES,
     "commune": "Mimizan", "postcode": "40200", "insee_code": "40184", "address": "Avenue de la Gare",
     "latitude": "44.201300", "longitude": "-1.229500"},
    {"slug": "landes-tyrosse", "name": "Centre social de Saint-Vincent-de-Tyrosse", "kind": StructureKind.ASSOCIATION,
     "commune": "Saint-Vincent-de-Tyrosse", "postcode": "40230", "insee_code": "40284", "address": "Rue du Stade",
     "latitude": "43.660900", "longitude": "-1.303400"},
]  # fmt: skip


@functools.cache
def _demo_password_hash() -> str:
    """Hashed once: every demo account has the same password, and each hash takes a good part of a second."""
    return make_password(DEMO_PASSWORD)


def demo_user(email: str, *, first_name: str, last_name: str, network_role: str = "") -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, "network_role": network_role}
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed(stdout=None) -> list[Structure]:
    demo_user("coordination@demo.test", first_name="Camille", last_name="Coordination",
              network_role=NetworkRole.COORDINATOR)  # fmt: skip
    demo_user("formation@demo.test", first_name="Sacha", last_name="Formation", network_role=NetworkRole.TRAINER)
    structures = []
    for data in PILOT_STRUCTURES:
        structure = Structure.objects.filter(slug=data["slug"]).first()
        if structure is None:
            structure = structure_create(status=StructureStatus.AUTONOMOUS, **data)
        structures.append(structure)
        slug = data["slug"]
        manager = demo_user(f"direction.{slug}@demo.test", first_name="Direction", last_name=data["name"])
        referent = demo_user(f"referent.{slug}@demo.test", first_name="Référent", last_name=data["name"])
        membership_set(user=manager, structure=structure, role=MembershipRole.MANAGER)
        membership_set(user=referent, structure=structure, role=MembershipRole.REFERENT)
    return structures
