"""Demo accounts and the pilot's five relay structures (Hauts-de-France, 2022–2023)."""

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


def demo_user(email: str, *, first_name: str, last_name: str, network_role: str = "") -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, "network_role": network_role}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
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
