from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"

    def ready(self):
        from notes import portability as notes_part
        from notes.calendar import forget_feed
        from toolkit import portability
        from toolkit.address_confirmation import taken_back

        portability.register(notes_part.KEYS, notes_part.export, notes_part.load)
        taken_back.connect(forget_feed, dispatch_uid="notes.forget_feed")
