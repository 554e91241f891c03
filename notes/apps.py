from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"

    def ready(self):
        from notes import portability as notes_part
        from toolkit import portability

        portability.register(notes_part.KEYS, notes_part.export, notes_part.load)
