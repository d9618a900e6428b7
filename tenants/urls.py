from django.urls import path

from tenants import views

urlpatterns = [
    path("equipe/", views.TeamView.as_view(), name="team"),
    path("journal/", views.AuditLogView.as_view(), name="audit_log"),
    path("equipe/invitations/<int:pk>/revoquer/", views.InvitationRevokeView.as_view(), name="invitation_revoke"),
    path("equipe/acces/<int:pk>/", views.MembershipUpdateView.as_view(), name="membership_update"),
    path("invitations/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
