from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"

    def ready(self):
        from toolkit import portability
        from tracker import portability as tracker_part

        portability.register(tracker_part.KEYS, tracker_part.export, tracker_part.load)
