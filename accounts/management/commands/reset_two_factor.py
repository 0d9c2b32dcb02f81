from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import two_factor


class Command(BaseCommand):
    help = ("Remove a user's authenticator devices (a lost phone); the user sets one up again "
            "at the next admin sign-in if the security settings require it.")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        two_factor.disable(user)
        self.stdout.write(f"Two-step verification removed for {username}.")
