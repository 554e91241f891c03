from django.urls import path

from toolkit.sharing import views

urlpatterns = [
    path("sharing", views.sharing, name="sharing"),
    path("sharing/invite", views.invite, name="sharing_invite"),
    path("sharing/<uuid:grant_id>", views.change_access, name="sharing_change"),
    path("sharing/<uuid:grant_id>/stop", views.revoke, name="sharing_revoke"),
    path("invitation/<str:token>", views.accept, name="sharing_accept"),
    path("caring", views.caring, name="caring"),
    path("caring/mine", views.act_own, name="caring_mine"),
    path("caring/<uuid:grant_id>/work-on", views.act, name="caring_act"),
    path("caring/<uuid:grant_id>/leave", views.leave, name="caring_leave"),
    path("access-log", views.access_log, name="access_log"),
]
