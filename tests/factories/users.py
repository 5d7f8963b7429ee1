"""Accounts: staff users, optionally in Wagtail groups or holding admin permissions."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission


class UserFactory(factory.django.DjangoModelFactory):
    """A staff account whose password is `pw-<username>-xyz`; `groups` and `permissions` take names."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.setdefault("password", f"pw-{kwargs['username']}-xyz")
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        for name in names or ():
            self.groups.add(Group.objects.get(name=name))

    @factory.post_generation
    def permissions(self, create, codenames, **kwargs):
        for codename in codenames or ():
            self.user_permissions.add(Permission.objects.get(codename=codename))
