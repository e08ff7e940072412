from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation-create"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.OrganisationUpdateView.as_view(), name="organisation-update"),
    path("persons/", views.PersonListView.as_view(), name="person-list"),
    path("persons/new/", views.PersonCreateView.as_view(), name="person-create"),
    path("persons/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("persons/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person-update"),
    path("persons/<int:pk>/positions/new/", views.PositionCreateView.as_view(), name="position-create"),
    path("positions/<int:pk>/edit/", views.PositionUpdateView.as_view(), name="position-update"),
    path("positions/<int:pk>/delete/", views.PositionDeleteView.as_view(), name="position-delete"),
    path("committees/", views.CommitteeListView.as_view(), name="committee-list"),
    path("committees/new/", views.CommitteeCreateView.as_view(), name="committee-create"),
    path("committees/<int:pk>/", views.CommitteeDetailView.as_view(), name="committee-detail"),
    path("committees/<int:pk>/edit/", views.CommitteeUpdateView.as_view(), name="committee-update"),
    path(
        "committees/<int:pk>/memberships/new/",
        views.MembershipCreateView.as_view(),
        name="membership-create",
    ),
    path("memberships/<int:pk>/edit/", views.MembershipUpdateView.as_view(), name="membership-update"),
]
