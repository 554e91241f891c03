from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"

    def ready(self):
        from notes import portability as notes_part
        from notes.calendar import forget_feed
        from notes.schedule import count_from_zone_change
        from toolkit import portability
        from toolkit.signals import taken_back, zone_changed

        portability.register(notes_part.KEYS, notes_part.export, notes_part.load)
        portability.register(
            notes_part.SENT_KEYS, notes_part.export_deliveries, portability.not_imported
        )
        taken_back.connect(forget_feed, dispatch_uid="notes.forget_feed")
        zone_changed.connect(count_from_zone_change, dispatch_uid="notes.count_from_zone")
