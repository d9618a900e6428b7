import factory
from faker import Faker

from tenants.models import User

fake = Faker("fr_FR")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.LazyFunction(fake.first_name)
    last_name = factory.LazyFunction(fake.last_name)
    password = factory.PostGenerationMethodCall("set_password", "un-mot-de-passe-solide")

    class Params:
        coordinator = factory.Trait(network_role="coordinator")
        trainer = factory.Trait(network_role="trainer")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
