"""What the toolkit tells the feature apps, which it may not import (DESIGN.md): each app
answers for its own records in its `AppConfig.ready`."""

from django.dispatch import Signal

# With `person`, inside start_afresh's transaction: their address was confirmed only by a
# password reset, so whatever their account let others reach may be a stranger's doing.
taken_back = Signal()

# With `person` and `now`, when they chose another time zone: times of day they set are read
# on the new clock from then on.
zone_changed = Signal()
