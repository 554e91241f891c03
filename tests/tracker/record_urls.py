from tests.access_matrix import register
from tests.tracker import make


@register("medication_edit", methods=("GET", "POST"))
def _medication(patient):
    return {"medication_id": make.medication(patient).pk}


@register("medication_stop", methods=("GET", "POST"))
def _medication_stop(patient):
    return {"medication_id": make.medication(patient).pk}


@register("medication_delete", methods=("GET", "POST"))
def _medication_delete(patient):
    return {"medication_id": make.medication(patient).pk}


@register("dose_edit", methods=("GET", "POST"))
def _dose(patient):
    return {"dose_id": make.dose(patient, make.medication(patient), make.utc(2026, 5, 1, 6)).pk}


@register("dose_delete", methods=("GET", "POST"))
def _dose_delete(patient):
    return {"dose_id": make.dose(patient, make.medication(patient), make.utc(2026, 5, 1, 6)).pk}


@register("episode_edit", methods=("GET", "POST"))
def _episode(patient):
    return {"episode_id": make.episode(patient, make.utc(2026, 5, 1, 5)).pk}


@register("episode_stopped", methods=("POST",))
def _episode_stopped(patient):
    return {"episode_id": make.episode(patient, make.utc(2026, 5, 1, 5)).pk}


@register("episode_delete", methods=("GET", "POST"))
def _episode_delete(patient):
    return {"episode_id": make.episode(patient, make.utc(2026, 5, 1, 5)).pk}


@register("meal_edit", methods=("GET", "POST"))
def _meal(patient):
    return {"meal_id": make.meal(patient, make.utc(2026, 5, 1, 12)).pk}


@register("meal_delete", methods=("GET", "POST"))
def _meal_delete(patient):
    return {"meal_id": make.meal(patient, make.utc(2026, 5, 1, 12)).pk}
