"""makemessages without msgmerge's fuzzy matching.

A new msgid used to get the translation of a similar old one, marked fuzzy (for example "Yearly
outreach plan" became 学会科普工作平台); such guesses were wrong more often than right, so new
entries stay empty until somebody translates them, and check-messages reports them.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
