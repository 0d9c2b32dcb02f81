"""Count the pages nginx answered from its own cache (visits.proxy_log), from its log of them:
run one on each nginx host, beside nginx, for as long as it runs."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from visits.proxy_log import count_new_reads


class Command(BaseCommand):
    help = "Count the pages nginx answered from its cache, read from its log of them."

    def add_arguments(self, parser):
        parser.add_argument("log", help="the log nginx writes (access_log … vnportal_reads)")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between two readings of the log")
        parser.add_argument("--once", action="store_true", help="read once, then stop")
        parser.add_argument("--name", default=None,
                            help="this log's machine (default: the host name; give a stable "
                                 "one in a container)")

    def handle(self, log, interval, once, name, **options):
        while True:
            counted = count_new_reads(log, host=name)
            if once:
                self.stdout.write(f"{counted}")
                return
            close_old_connections()
            time.sleep(interval)
